from odoo import _, api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    tz_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        help="Rejected incoming goods are moved here until they are returned.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._tz_get_quarantine_location()
        return warehouses

    def _tz_get_quarantine_location(self):
        """Return the quarantine locations of the warehouses, creating them."""
        locations = self.env["stock.location"]
        for warehouse in self:
            if not warehouse.tz_quarantine_location_id:
                warehouse.tz_quarantine_location_id = (
                    self.env["stock.location"]
                    .sudo()
                    .create(
                        {
                            "name": _("Quarantine"),
                            "usage": "internal",
                            "location_id": warehouse.view_location_id.id,
                            "company_id": warehouse.company_id.id,
                        }
                    )
                )
            locations |= warehouse.tz_quarantine_location_id
        return locations

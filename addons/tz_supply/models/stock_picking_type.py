from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    tz_inspection_required = fields.Boolean(
        string="Require Passed Inspection",
        help="Receipts of this type can only be validated once every product "
        "that must be inspected has a completed incoming inspection.",
    )
    tz_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        help="Where rejected goods go. Defaults to the warehouse quarantine.",
    )

    def _tz_quarantine_location(self):
        self.ensure_one()
        if self.tz_quarantine_location_id:
            return self.tz_quarantine_location_id
        warehouse = self.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        return warehouse._tz_get_quarantine_location()

from odoo import api, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    @api.constrains("product_min_qty", "product_id", "warehouse_id", "active")
    def _check_tz_max_level(self):
        """A reordering minimum cannot exceed the monitored max level."""
        levels = (
            self.env["tz.stock.level"]
            .sudo()
            .search(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("warehouse_id", "in", self.warehouse_id.ids),
                    ("max_qty", ">", 0),
                ]
            )
        )
        levels._check_limits()

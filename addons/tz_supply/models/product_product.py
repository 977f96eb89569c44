from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    tz_last_price = fields.Float(
        string="Last Purchase Price",
        compute="_compute_tz_price_stats",
        digits="Product Price",
    )
    tz_avg_price = fields.Float(
        string="Average Purchase Price",
        compute="_compute_tz_price_stats",
        digits="Product Price",
    )
    tz_min_price = fields.Float(
        string="Minimum Purchase Price",
        compute="_compute_tz_price_stats",
        digits="Product Price",
    )
    tz_price_history_count = fields.Integer(
        string="Price History Count", compute="_compute_tz_price_stats"
    )

    def _compute_tz_price_stats(self):
        """Price figures from confirmed purchase orders, in company currency."""
        history = self.env["tz.price.history"].sudo()
        products = self.filtered("id")
        (self - products).update(
            {
                "tz_last_price": 0.0,
                "tz_avg_price": 0.0,
                "tz_min_price": 0.0,
                "tz_price_history_count": 0,
            }
        )
        if not products:
            return
        domain = [
            ("product_id", "in", products.ids),
            ("source", "=", "purchase"),
            ("company_id", "in", self.env.companies.ids),
        ]
        stats = {
            product.id: (avg, low, count)
            for product, avg, low, count in history._read_group(
                domain, ["product_id"], ["price_unit:avg", "price_unit:min", "__count"]
            )
        }
        last = history._tz_last_prices(products.ids)
        for product in products:
            avg, low, count = stats.get(product.id, (0.0, 0.0, 0))
            product.tz_avg_price = avg or 0.0
            product.tz_min_price = low or 0.0
            product.tz_price_history_count = count
            product.tz_last_price = last.get(product.id, 0.0)

    def action_tz_price_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_supply.action_tz_price_history"
        )
        action["domain"] = [("product_id", "=", self.id)]
        action["context"] = {"search_default_group_partner": 1}
        return action

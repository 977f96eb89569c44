from odoo import api, models

AMOUNT_FIELDS = {
    "product_uom_qty",
    "price_unit",
    "discount",
    "tax_id",
    "product_id",
    "product_uom",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._tz_credit_expire_changed_approvals()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if AMOUNT_FIELDS & set(vals):
            self.order_id._tz_credit_expire_changed_approvals()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._tz_credit_expire_changed_approvals()
        return res

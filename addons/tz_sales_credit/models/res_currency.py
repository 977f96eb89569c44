from odoo import models, tools
from odoo.addons.tz_base.lib import rmb


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def amount_to_text(self, amount):
        """人民币大写 for CNY amounts printed in Chinese (num2words has no
        Chinese): 壹万贰仟叁佰肆拾伍元陆角柒分, as on Chinese invoices.

        Other currencies and languages keep Odoo's own amount in words."""
        self.ensure_one()
        if self.name == "CNY" and tools.get_lang(self.env).code == "zh_CN":
            return rmb.rmb_upper(amount)
        return super().amount_to_text(amount)

from odoo import models, tools

from ..lib import rmb


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def amount_to_text(self, amount):
        """Chinese financial uppercase for zh_CN (num2words has no Chinese).

        CNY gives the RMB form used on Chinese invoices (壹万贰仟叁佰肆拾伍元陆角柒分);
        other currencies use uppercase numerals with their unit labels.
        """
        self.ensure_one()
        lang = tools.get_lang(self.env)
        if lang.code != "zh_CN":
            return super().amount_to_text(amount)
        if self.name == "CNY":
            return rmb.rmb_upper(amount)
        return rmb.amount_upper(
            amount,
            self.currency_unit_label or self.name,
            self.currency_subunit_label or "",
            places=self.decimal_places,
        )

from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """Orders confirmed by a payment: the paid part is not at risk; a fully
        prepaid order passes, others are held (never raised) if they fail the
        credit policy."""
        confirmed = super(
            PaymentTransaction,
            self.with_context(tz_credit_soft=True, tz_credit_payment=True),
        )._check_amount_and_confirm_order()
        return confirmed.filtered(lambda order: order.state == "sale")

from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _tz_customer_moves(self):
        moves = (self.debit_move_id | self.credit_move_id).move_id
        return moves.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        for partial in partials:
            moves = partial._tz_customer_moves()
            if moves:
                moves._tz_commission_sync(partial.max_date)
        return partials

    def unlink(self):
        moves = self._tz_customer_moves()
        res = super().unlink()
        if moves:
            moves.exists()._tz_commission_sync()
        return res

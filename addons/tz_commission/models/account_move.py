from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    tz_commission_line_ids = fields.One2many(
        "tz.commission.line", "move_id", string="Commission Lines", readonly=True
    )

    def _tz_commission_sync(self, event_date=None):
        customer = self.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        if customer:
            return self.env["tz.commission.line"]._sync_moves(customer, event_date)
        return self.env["tz.commission.line"]

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        customer = posted.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
        )
        # the cost of the sale is taken now, whether commissions are in use yet
        customer.invoice_line_ids._tz_freeze_cost()
        for move in customer:
            move._tz_commission_sync(move.invoice_date or move.date)
        return posted

    def write(self, vals):
        res = super().write(vals)
        if {"invoice_user_id", "team_id"} & set(vals):
            self.filtered(lambda m: m.state == "posted")._tz_commission_sync()
        return res

    def button_draft(self):
        res = super().button_draft()
        self._tz_commission_sync()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._tz_commission_sync()
        return res

    @api.model
    def _tz_commission_sync_all(self):
        """Book commissions for every posted customer invoice (demo, setup)."""
        moves = self.search(
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
        )
        for move in moves:
            move._tz_commission_sync(move.invoice_date or move.date)
        return True

from odoo import fields, models


class TzMarketInfoVerifyWizard(models.TransientModel):
    _name = "tz.market.info.verify.wizard"
    _description = "Verify Market Information"

    info_ids = fields.Many2many("tz.market.info", string="Market Information")
    note = fields.Text(string="Verification Note")

    def action_verify(self):
        self.info_ids.action_verify(note=self.note)
        return {"type": "ir.actions.act_window_close"}

    def action_reject(self):
        self.info_ids.action_reject(note=self.note)
        return {"type": "ir.actions.act_window_close"}

from odoo import fields, models


class TzCollectionCancelWizard(models.TransientModel):
    _name = "tz.collection.cancel.wizard"
    _description = "Cancel Collection Plans"

    plan_ids = fields.Many2many("tz.collection.plan", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.plan_ids._tz_cancel(self.reason)
        for plan in self.plan_ids:
            plan.message_post(body=self.reason)
        return {"type": "ir.actions.act_window_close"}

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class TzCollectionCallWizard(models.TransientModel):
    _name = "tz.collection.call.wizard"
    _description = "Log Collection Call Result"

    plan_id = fields.Many2one("tz.collection.plan", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="plan_id.currency_id")
    amount_residual = fields.Monetary(related="plan_id.amount_residual")
    result = fields.Selection(
        [
            ("reached", "Reached"),
            ("promised", "Promised to Pay"),
            ("dispute", "Dispute"),
            ("wrong_contact", "Wrong Contact"),
        ],
        required=True,
        default="reached",
    )
    promised_date = fields.Date()
    promised_amount = fields.Monetary()
    note = fields.Text()

    @api.onchange("result")
    def _onchange_result(self):
        if self.result == "promised" and not self.promised_amount:
            self.promised_amount = self.amount_residual

    def action_confirm(self):
        self.ensure_one()
        plan = self.plan_id
        if plan.state not in ("open", "promised"):
            raise UserError(_("This collection plan is closed."))
        today = fields.Date.context_today(self)
        if self.result == "promised":
            if not self.promised_date:
                raise ValidationError(_("Enter the date the customer promised."))
            if self.promised_date < today:
                raise ValidationError(
                    _(
                        "The promised date %(date)s is in the past.",
                        date=format_date(self.env, self.promised_date),
                    )
                )
            if self.promised_amount <= 0:
                raise ValidationError(_("The promised amount must be positive."))
            plan._tz_promise(self.promised_date, self.promised_amount, self.note)
        else:
            labels = dict(self._fields["result"]._description_selection(self.env))
            text = labels[self.result] + (f": {self.note}" if self.note else "")
            action = "call" if self.result == "reached" else self.result
            plan._tz_log(action, text)
            if self.result == "dispute":
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=_("Dispute: %(invoice)s", invoice=plan.name),
                    note=self.note or "",
                    user_id=plan._tz_escalation_user().id,
                )
        plan.message_post(
            body=_(
                "Call result: %(result)s %(note)s",
                result=dict(self._fields["result"]._description_selection(self.env))[
                    self.result
                ],
                note=self.note or "",
            )
        )
        plan.activity_feedback(
            ["mail.mail_activity_data_call"], feedback=self.note or False
        )
        return {"type": "ir.actions.act_window_close"}

from odoo import _, api, fields, models
from odoo.exceptions import UserError

CREDIT_MANAGER = "tz_sales_credit.group_tz_credit_manager"


class TzCollectionLog(models.Model):
    _name = "tz.collection.log"
    _description = "Collection Action Log (催收记录)"
    _inherit = ["tz.guarded.mixin"]
    _order = "date desc, id desc"
    # the log is written by the plans' actions and the collection run only:
    # a forged entry would make the run skip a level's action
    _tz_workflow_fields = ("plan_id", "level_id", "action", "date", "user_id", "result")
    _tz_evidence_manager_group = CREDIT_MANAGER

    plan_id = fields.Many2one(
        "tz.collection.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    partner_id = fields.Many2one(related="plan_id.partner_id", string="Customer")
    level_id = fields.Many2one("tz.collection.level", ondelete="restrict", index=True)
    action = fields.Selection(
        [
            ("email", "Email"),
            ("sms", "SMS"),
            ("activity", "Collector Activity"),
            ("letter", "Collection Letter"),
            ("hold", "Credit Hold"),
            ("escalate", "Escalation"),
            ("call", "Call"),
            ("promise", "Payment Promise"),
            ("promise_broken", "Broken Promise"),
            ("dispute", "Dispute"),
            ("wrong_contact", "Wrong Contact"),
            ("close", "Closed"),
            ("reopen", "Reopened"),
            ("cancel", "Cancelled"),
        ],
        required=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Done by", default=lambda self: self.env.user, readonly=True
    )
    result = fields.Text()

    _sql_constraints = [
        (
            "plan_level_action_uniq",
            "unique(plan_id, level_id, action)",
            "A level action is performed only once per collection plan.",
        )
    ]

    def write(self, vals):
        # the access rights allow "write" only so that files can be attached to
        # a log entry (ir.attachment checks write access on its record); the
        # entry itself never changes
        if not self.env.su:
            raise UserError(_("The collection log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(_("The collection log cannot be deleted."))

    def _tz_evidence_locked(self):
        """Every log entry is history: its attachments are evidence at once."""
        return self

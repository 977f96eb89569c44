from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import collection


class TzCollectionPolicy(models.Model):
    _name = "tz.collection.policy"
    _description = "Collection Policy (催收策略)"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    level_ids = fields.One2many(
        "tz.collection.level", "policy_id", string="Levels", copy=True
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalate to",
        check_company=True,
        help="Sales manager who receives escalations. Empty: the leader of the "
        "invoice's sales team.",
    )
    level_count = fields.Integer(compute="_compute_level_count")

    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.constrains("level_ids")
    def _check_level_offsets(self):
        for policy in self:
            dupes = collection.check_offsets(policy.level_ids.mapped("day_offset"))
            if dupes:
                raise ValidationError(
                    _(
                        "The policy %(policy)s has several levels at day %(days)s; "
                        "each day offset may be used once.",
                        policy=policy.name,
                        days=", ".join(str(d) for d in dupes),
                    )
                )

    @api.model
    def _tz_default_policy(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)


class TzCollectionLevel(models.Model):
    _name = "tz.collection.level"
    _description = "Collection Level (催收级别)"
    _order = "policy_id, day_offset, id"

    name = fields.Char(required=True, translate=True)
    policy_id = fields.Many2one(
        "tz.collection.policy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    day_offset = fields.Integer(
        string="Days after Due",
        required=True,
        help="Days relative to the due date when this level applies "
        "(negative = before the due date, e.g. -3 for a friendly reminder).",
    )
    action_email = fields.Boolean(string="Send Email")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "tz.collection.plan")],
    )
    action_sms = fields.Boolean(
        string="Send SMS", help="Sent through Odoo SMS when the SMS app is installed."
    )
    sms_body = fields.Text(string="SMS Text", translate=True)
    action_activity = fields.Boolean(string="Collector Activity")
    activity_type_id = fields.Many2one("mail.activity.type")
    activity_note = fields.Char(string="Activity Summary", translate=True)
    action_letter = fields.Boolean(string="Collection Letter")
    action_hold = fields.Boolean(
        string="Credit Hold",
        help="New orders of the customer are held by credit control until the "
        "invoice is paid.",
    )
    action_escalate = fields.Boolean(string="Escalate to Sales Manager")

    _sql_constraints = [
        (
            "offset_policy_uniq",
            "unique(policy_id, day_offset)",
            "Each day offset may be used only once in a collection policy.",
        )
    ]

    @api.constrains("day_offset", "policy_id")
    def _check_day_offset(self):
        self.policy_id._check_level_offsets()

    @api.model_create_multi
    def create(self, vals_list):
        self._tz_precheck_offsets(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "day_offset" in vals or "policy_id" in vals:
            self._tz_precheck_offsets(
                [
                    {
                        "policy_id": vals.get("policy_id", level.policy_id.id),
                        "day_offset": vals.get("day_offset", level.day_offset),
                    }
                    for level in self
                ],
                exclude=self,
            )
        return super().write(vals)

    def _tz_precheck_offsets(self, vals_list, exclude=None):
        """Refuse duplicate day offsets with a clear message before the
        database constraint is hit."""
        by_policy = {}
        for vals in vals_list:
            if vals.get("policy_id"):
                by_policy.setdefault(vals["policy_id"], []).append(
                    vals.get("day_offset", 0)
                )
        for policy_id, offsets in by_policy.items():
            existing = self.sudo().search(
                [("policy_id", "=", policy_id), ("id", "not in", (exclude or self).ids)]
            )
            dupes = collection.check_offsets(offsets + existing.mapped("day_offset"))
            if dupes:
                raise ValidationError(
                    _(
                        "A collection policy has several levels at day %(days)s; "
                        "each day offset may be used once.",
                        days=", ".join(str(d) for d in dupes),
                    )
                )

    @api.constrains(
        "name",
        "day_offset",
        "action_email",
        "action_sms",
        "action_activity",
        "action_letter",
        "action_hold",
        "action_escalate",
        "mail_template_id",
        "sms_body",
    )
    def _check_actions(self):
        for level in self:
            if not level._tz_actions():
                raise ValidationError(
                    _(
                        "The collection level %(level)s has no action: choose at "
                        "least one (email, SMS, activity, letter, hold, escalate).",
                        level=level.name,
                    )
                )
            if level.action_email and not level.mail_template_id:
                raise ValidationError(
                    _(
                        "The level %(level)s sends an email: choose its template.",
                        level=level.name,
                    )
                )
            if level.action_sms and not level.sms_body:
                raise ValidationError(
                    _(
                        "The level %(level)s sends an SMS: write its text.",
                        level=level.name,
                    )
                )

    def _tz_actions(self):
        """Codes of the actions of this level, in execution order."""
        self.ensure_one()
        return [
            code
            for code in ("email", "sms", "activity", "letter", "hold", "escalate")
            if self[f"action_{code}"]
        ]

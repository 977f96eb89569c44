from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import periods


class TzCommissionAssignment(models.Model):
    _name = "tz.commission.assignment"
    _description = "Commission Plan Assignment"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "tz.commission.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, domain=[("share", "=", False)]
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    date_from = fields.Date(required=True, default=fields.Date.context_today)
    date_to = fields.Date()
    active = fields.Boolean(default=True)

    @api.depends("plan_id", "user_id", "team_id")
    def _compute_display_name(self):
        for rec in self:
            who = rec.user_id.name or rec.team_id.name or ""
            rec.display_name = f"{rec.plan_id.name} / {who}"

    @api.constrains("user_id", "team_id", "date_from", "date_to", "active")
    def _check_assignment(self):
        for rec in self:
            if bool(rec.user_id) == bool(rec.team_id):
                raise ValidationError(
                    _("Assign a plan either to a salesperson or to a sales team.")
                )
            if rec.date_to and rec.date_to < rec.date_from:
                raise ValidationError(_("The assignment ends before it starts."))
            if not rec.active:
                continue
            domain = [
                ("id", "!=", rec.id),
                ("company_id", "=", rec.company_id.id),
                ("user_id", "=", rec.user_id.id),
                ("team_id", "=", rec.team_id.id),
            ]
            for other in self.search(domain):
                if periods.overlaps(
                    rec.date_from,
                    rec.date_to or None,
                    other.date_from,
                    other.date_to or None,
                ):
                    raise ValidationError(
                        _(
                            "%(who)s already has the commission plan %(plan)s in "
                            "an overlapping period.",
                            who=rec.user_id.name or rec.team_id.name,
                            plan=other.plan_id.name,
                        )
                    )

    @api.model
    def _find_plan(self, user, team, date, company):
        """Plan of a salesperson at a date (own assignment before team's)."""
        base = [
            ("company_id", "=", company.id),
            ("plan_id.active", "=", True),
            ("date_from", "<=", date),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", date),
        ]
        if user:
            found = self.search([*base, ("user_id", "=", user.id)], limit=1)
            if found:
                return found.plan_id
        if team:
            found = self.search([*base, ("team_id", "=", team.id)], limit=1)
            if found:
                return found.plan_id
        return self.env["tz.commission.plan"]

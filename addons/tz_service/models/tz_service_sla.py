from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class TzServiceSla(models.Model):
    _name = "tz.service.sla"
    _description = "Service Level Agreement"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "tz.service.team", check_company=True, help="Empty: applies to every team."
    )
    category_id = fields.Many2one(
        "tz.service.category",
        check_company=True,
        help="Empty: applies to every category.",
    )
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    resolve_hours = fields.Float(
        string="Time to Resolve (hours)", required=True, default=24.0
    )
    description = fields.Text(translate=True)

    @api.constrains("resolve_hours")
    def _check_resolve_hours(self):
        for sla in self:
            if sla.resolve_hours <= 0:
                raise ValidationError(
                    _(
                        "The time to resolve of SLA %(name)s must be positive.",
                        name=sla.name,
                    )
                )

    @api.model
    def _find_for(self, company, team, category, priority):
        """Most specific active SLA: category and team match first."""
        slas = self.search(
            [
                ("company_id", "=", company.id),
                ("priority", "=", priority),
                ("team_id", "in", [team.id, False]),
                ("category_id", "in", [category.id, False]),
            ]
        )
        if not slas:
            return slas
        return slas.sorted(
            lambda s: (not s.category_id, not s.team_id, s.sequence, s.id)
        )[:1]

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TzCustomerGrade(models.Model):
    _name = "tz.customer.grade"
    _description = "Customer Grade"
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, e.g. A, B, C, D.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    visit_interval_days = fields.Integer(
        string="Visit Interval (days)",
        default=30,
        required=True,
        help="A customer of this grade must be visited at least every this many "
        "days (0 = no visit cycle).",
    )
    min_score = fields.Integer(
        string="Minimum Value Score",
        help="Customers whose model value score reaches this threshold get this "
        "grade suggested (0-100).",
    )
    color = fields.Integer()
    description = fields.Text(translate=True)
    partner_count = fields.Integer(compute="_compute_partner_count")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The grade code must be unique."),
    ]

    def _compute_partner_count(self):
        data = dict(
            self.env["res.partner"]._read_group(
                [("tz_grade", "in", self.ids)], ["tz_grade"], ["__count"]
            )
        )
        for grade in self:
            grade.partner_count = data.get(grade, 0)

    @api.constrains("visit_interval_days", "min_score")
    def _check_values(self):
        for grade in self:
            if grade.visit_interval_days < 0:
                raise ValidationError(
                    _(
                        "The visit interval of grade %(grade)s cannot be negative.",
                        grade=grade.name,
                    )
                )
            if not 0 <= grade.min_score <= 100:
                raise ValidationError(
                    _(
                        "The minimum value score of grade %(grade)s must be "
                        "between 0 and 100.",
                        grade=grade.name,
                    )
                )

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_crm_ext.action_tz_customer_visit"
        )
        action["domain"] = [("tz_grade", "=", self.id)]
        action["context"] = {}
        return action

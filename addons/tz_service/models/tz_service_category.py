from odoo import fields, models


class TzServiceCategory(models.Model):
    _name = "tz.service.category"
    _description = "Service Request Category"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")
    team_id = fields.Many2one(
        "tz.service.team",
        string="Default Team",
        help="Team assigned to new requests of this category.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "Category names must be unique.",
        ),
    ]

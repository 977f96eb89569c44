from random import randint

from odoo import fields, models


class TzServiceTag(models.Model):
    _name = "tz.service.tag"
    _description = "Service Tag"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=_default_color)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "Tag names must be unique."),
    ]

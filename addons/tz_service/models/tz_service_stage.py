from odoo import fields, models


class TzServiceStage(models.Model):
    _name = "tz.service.stage"
    _description = "Service Request Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Kanban", help="Folded columns in the kanban view."
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Requests in this stage are solved/closed: the SLA clock stops.",
    )
    team_ids = fields.Many2many(
        "tz.service.team",
        string="Teams",
        help="Teams using this stage; empty means every team.",
    )
    description = fields.Text(translate=True)

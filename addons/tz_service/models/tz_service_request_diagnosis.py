from odoo import fields, models


class TzServiceRequestDiagnosis(models.Model):
    _name = "tz.service.request.diagnosis"
    _description = "Service Request Diagnosis Step"
    _order = "request_id, walk, step"

    request_id = fields.Many2one(
        "tz.service.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    walk = fields.Integer(default=1, help="Walk number on the request.")
    step = fields.Integer(required=True)
    tree_id = fields.Many2one("tz.diagnosis.tree", required=True, ondelete="restrict")
    node_id = fields.Many2one("tz.diagnosis.node", ondelete="set null")
    question = fields.Char()
    answer = fields.Char()
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)

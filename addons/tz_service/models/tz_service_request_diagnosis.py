from odoo import fields, models


class TzServiceRequestDiagnosis(models.Model):
    """One step of a diagnosis saved on a request: history. Steps are written
    only by the diagnosis wizard (``tz.diagnosis.walk.action_apply``) and are
    never changed or deleted (no write/unlink right for anyone)."""

    _name = "tz.service.request.diagnosis"
    _description = "Service Request Diagnosis Step"
    _inherit = ["tz.guarded.mixin"]
    _order = "request_id, walk, step"
    _tz_workflow_fields = (
        "request_id",
        "walk",
        "step",
        "tree_id",
        "node_id",
        "question",
        "answer",
        "user_id",
    )

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

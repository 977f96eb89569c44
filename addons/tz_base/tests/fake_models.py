from odoo import fields, models


class TzGuardTestDoc(models.Model):
    """A document with a two-step workflow, only loaded by the tests."""

    _name = "tz.guard.test.doc"
    _description = "Guarded test document"
    _inherit = ["mail.thread", "tz.guarded.mixin"]
    _tz_workflow_fields = ("state", "approver_id")
    _tz_evidence_fields = ("attachment_ids",)
    _tz_evidence_manager_group = "base.group_system"

    name = fields.Char(required=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    approver_id = fields.Many2one("res.users")
    attachment_ids = fields.Many2many("ir.attachment")
    line_ids = fields.One2many("tz.guard.test.line", "doc_id")

    def action_done(self):
        self._tz_workflow().write({"state": "done", "approver_id": self.env.uid})

    def _tz_evidence_locked(self):
        return self.filtered(lambda doc: doc.state == "done")


class TzGuardTestLine(models.Model):
    _name = "tz.guard.test.line"
    _description = "Guarded test line"
    _inherit = ["tz.guarded.mixin"]
    _tz_workflow_fields = ("qty_done",)

    doc_id = fields.Many2one("tz.guard.test.doc")
    qty_done = fields.Float()

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TzDiagnosisNode(models.Model):
    _name = "tz.diagnosis.node"
    _description = "Decision Tree Node"
    _order = "tree_id, sequence, id"
    _check_company_auto = True

    tree_id = fields.Many2one(
        "tz.diagnosis.tree", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="tree_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one(
        "tz.diagnosis.node",
        string="Parent Question",
        ondelete="cascade",
        index=True,
        domain="[('tree_id', '=', tree_id), ('node_type', '=', 'question')]",
    )
    answer = fields.Char(
        translate=True, help="Answer to the parent question that leads to this node."
    )
    node_type = fields.Selection(
        [("question", "Question"), ("solution", "Solution")],
        string="Type",
        required=True,
        default="question",
    )
    name = fields.Char(string="Question / Conclusion", required=True, translate=True)
    article_id = fields.Many2one(
        "tz.kb.article", string="Solution Article", check_company=True
    )
    recommended_action = fields.Text(translate=True)
    child_ids = fields.One2many("tz.diagnosis.node", "parent_id", string="Answers")

    @api.depends("answer", "name")
    def _compute_display_name(self):
        for node in self:
            if node.answer:
                node.display_name = f"[{node.answer}] {node.name}"
            else:
                node.display_name = node.name

    @api.constrains("parent_id", "tree_id", "node_type")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                _(
                    "A decision tree cannot contain cycles: a node cannot lead back to "
                    "one of its own parent questions."
                )
            )
        for node in self:
            if node.parent_id and node.parent_id.tree_id != node.tree_id:
                raise ValidationError(
                    _("The parent of %(node)s belongs to another tree.", node=node.name)
                )
            if node.parent_id and node.parent_id.node_type != "question":
                raise ValidationError(
                    _(
                        "Only a question can have answers: %(parent)s is a solution.",
                        parent=node.parent_id.name,
                    )
                )
            if node.node_type == "solution" and node.child_ids:
                raise ValidationError(
                    _(
                        "The solution %(node)s cannot have answers under it.",
                        node=node.name,
                    )
                )

    @api.constrains(
        "parent_id", "answer", "node_type", "article_id", "recommended_action"
    )
    def _check_target(self):
        for node in self:
            if node.parent_id and not (node.answer or "").strip():
                raise ValidationError(
                    _(
                        "Give the answer to %(parent)s that leads to %(node)s.",
                        parent=node.parent_id.name,
                        node=node.name,
                    )
                )
            if node.node_type == "solution" and not (
                node.article_id or (node.recommended_action or "").strip()
            ):
                raise ValidationError(
                    _(
                        "The answer %(answer)s has no target: the solution %(node)s "
                        "needs "
                        "a solution article or a recommended action.",
                        answer=node.answer or "-",
                        node=node.name,
                    )
                )

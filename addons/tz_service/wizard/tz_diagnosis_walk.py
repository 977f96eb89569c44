from itertools import pairwise

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class TzDiagnosisWalk(models.TransientModel):
    _name = "tz.diagnosis.walk"
    _description = "Walk a Diagnostic Tree"

    request_id = fields.Many2one(
        "tz.service.request", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="request_id.company_id")
    tree_id = fields.Many2one(
        "tz.diagnosis.tree",
        string="Decision Tree",
        domain="[('state', '=', 'active'), ('company_id', 'in', [company_id, False])]",
    )
    current_node_id = fields.Many2one("tz.diagnosis.node")
    current_type = fields.Selection(related="current_node_id.node_type")
    current_question = fields.Char(related="current_node_id.name", string="Question")
    answer_node_id = fields.Many2one(
        "tz.diagnosis.node",
        string="Answer",
        domain="[('parent_id', '=', current_node_id)]",
    )
    result_article_id = fields.Many2one(related="current_node_id.article_id")
    result_action = fields.Text(related="current_node_id.recommended_action")
    step_ids = fields.One2many("tz.diagnosis.walk.step", "walk_id", string="Path")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["tz.service.request"].browse(values.get("request_id"))
        if request and "tree_id" in fields_list and not values.get("tree_id"):
            domain = [
                ("state", "=", "active"),
                ("company_id", "in", [request.company_id.id, False]),
            ]
            tree = self.env["tz.diagnosis.tree"]
            if request.category_id:
                tree = tree.search(
                    [*domain, ("category_id", "=", request.category_id.id)], limit=1
                )
            if not tree and request.product_id:
                tree = tree.search(
                    [
                        *domain,
                        ("product_ids", "in", request.product_id.product_tmpl_id.ids),
                    ],
                    limit=1,
                )
            if tree:
                values["tree_id"] = tree.id
                values["current_node_id"] = tree.root_node_id.id
        return values

    @api.onchange("tree_id")
    def _onchange_tree_id(self):
        self.current_node_id = self.tree_id.root_node_id
        self.answer_node_id = False
        self.step_ids = [fields.Command.clear()]

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Diagnose"),
        }

    def action_next(self):
        self.ensure_one()
        if not self.tree_id:
            raise UserError(_("Choose a decision tree."))
        if self.tree_id.state != "active":
            raise UserError(_("Validate the decision tree before using it."))
        if not self.current_node_id:
            self.current_node_id = self.tree_id.root_node_id
            return self._reopen()
        if not self.answer_node_id:
            raise UserError(_("Choose an answer to the question."))
        if self.answer_node_id.parent_id != self.current_node_id:
            raise UserError(_("This answer does not belong to the current question."))
        self.env["tz.diagnosis.walk.step"].create(
            {
                "walk_id": self.id,
                "sequence": len(self.step_ids) + 1,
                "node_id": self.current_node_id.id,
                "question": self.current_node_id.name,
                "answer": self.answer_node_id.answer,
            }
        )
        self.write({"current_node_id": self.answer_node_id.id, "answer_node_id": False})
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        last = self.step_ids.sorted("sequence")[-1:]
        if last:
            self.current_node_id = last.node_id
            last.unlink()
        self.answer_node_id = False
        return self._reopen()

    def _checked_path(self):
        """The nodes walked, first question to solution, checked against the
        tree: a step of the wizard cannot claim a question or an answer the
        tree does not have."""
        self.ensure_one()
        node = self.current_node_id
        if not node or node.node_type != "solution":
            raise UserError(_("Answer the questions until a solution is reached."))
        if self.tree_id.state != "active":
            raise UserError(_("Validate the decision tree before using it."))
        path = [*self.step_ids.sorted("sequence").mapped("node_id"), node]
        broken = path[0] != self.tree_id.root_node_id or any(
            step.tree_id != self.tree_id for step in path
        )
        broken = broken or any(
            following.parent_id != previous for previous, following in pairwise(path)
        )
        if broken:
            raise UserError(
                _("This path does not follow the decision tree: start again.")
            )
        return path

    def action_apply(self):
        """Save the path on the request and link the solution."""
        self.ensure_one()
        path = self._checked_path()
        node = path[-1]
        request = self.request_id
        request.check_access("write")
        walk = max(request.diagnosis_ids.mapped("walk") or [0]) + 1
        base = {"request_id": request.id, "walk": walk, "tree_id": self.tree_id.id}
        values = [
            dict(
                base,
                step=index,
                node_id=question.id,
                question=question.name,
                answer=answer.answer,
            )
            for index, (question, answer) in enumerate(pairwise(path), start=1)
        ]
        values.append(
            dict(
                base,
                step=len(path),
                node_id=node.id,
                question=_("Conclusion"),
                answer=node.name,
            )
        )
        # the wizard is the only writer of the path (see the model)
        self.env["tz.service.request.diagnosis"]._tz_workflow().create(values)
        request_vals = {}
        if node.article_id:
            request_vals["article_ids"] = [fields.Command.link(node.article_id.id)]
            request_vals["solution_article_id"] = node.article_id.id
        if node.recommended_action:
            request_vals["solution"] = (request.solution or Markup()) + Markup(
                "<p>%s</p>"
            ) % node.recommended_action
        if request_vals:
            request.write(request_vals)
        steps = Markup("").join(
            Markup("<li>%s → %s</li>") % (values[i]["question"], values[i]["answer"])
            for i in range(len(path) - 1)
        )
        request.message_post(
            body=Markup("<p>%s</p><ol>%s</ol><p>%s</p>")
            % (
                _("Diagnosis with %(tree)s:", tree=self.tree_id.name),
                steps,
                _("Conclusion: %(node)s", node=node.name),
            )
        )
        return {"type": "ir.actions.act_window_close"}


class TzDiagnosisWalkStep(models.TransientModel):
    _name = "tz.diagnosis.walk.step"
    _description = "Diagnostic Walk Step"
    _order = "sequence"

    walk_id = fields.Many2one("tz.diagnosis.walk", required=True, ondelete="cascade")
    sequence = fields.Integer()
    node_id = fields.Many2one("tz.diagnosis.node")
    question = fields.Char()
    answer = fields.Char()

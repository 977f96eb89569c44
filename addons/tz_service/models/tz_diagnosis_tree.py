from odoo import _, api, fields, models
from odoo.exceptions import UserError


class TzDiagnosisTree(models.Model):
    _name = "tz.diagnosis.tree"
    _description = "Diagnostic Decision Tree"
    _inherit = ["mail.thread", "tz.guarded.mixin"]
    _order = "name"
    _check_company_auto = True
    # validated only by action_validate, which checks the structure
    _tz_workflow_fields = ("state",)

    name = fields.Char(required=True, translate=True, tracking=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Validated")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    category_id = fields.Many2one("tz.service.category", check_company=True)
    product_ids = fields.Many2many("product.template", string="Products")
    node_ids = fields.One2many(
        "tz.diagnosis.node", "tree_id", string="Nodes", copy=True
    )
    root_node_id = fields.Many2one(
        "tz.diagnosis.node", compute="_compute_root_node", string="First Question"
    )
    node_count = fields.Integer(compute="_compute_root_node")
    usage_count = fields.Integer(compute="_compute_usage_count", string="Walks")

    @api.depends("node_ids.parent_id")
    def _compute_root_node(self):
        for tree in self:
            roots = tree.node_ids.filtered(lambda n: not n.parent_id)
            tree.root_node_id = roots.sorted("sequence")[:1]
            tree.node_count = len(tree.node_ids)

    def _compute_usage_count(self):
        counts = dict(
            self.env["tz.service.request.diagnosis"]._read_group(
                [("tree_id", "in", self.ids), ("step", "=", 1)],
                ["tree_id"],
                ["__count"],
            )
        )
        for tree in self:
            tree.usage_count = counts.get(tree, 0)

    def _check_structure(self):
        """Errors preventing a walk: one root, every question answered."""
        for tree in self:
            roots = tree.node_ids.filtered(lambda n: not n.parent_id)
            if len(roots) != 1:
                raise UserError(
                    _(
                        "The decision tree %(name)s must have exactly one first "
                        "question "
                        "(node without parent); it has %(count)s.",
                        name=tree.name,
                        count=len(roots),
                    )
                )
            if roots.node_type != "question":
                raise UserError(
                    _("The first node of %(name)s must be a question.", name=tree.name)
                )
            for node in tree.node_ids:
                if node.node_type == "question" and not node.child_ids:
                    raise UserError(
                        _(
                            "The question %(question)s of %(name)s has no answer: add "
                            "at least one node under it.",
                            question=node.name,
                            name=tree.name,
                        )
                    )
            tree.node_ids._check_target()

    def action_validate(self):
        self._check_structure()
        self.check_access("write")
        self._tz_workflow().write({"state": "active"})
        return True

    def action_reset_draft(self):
        self.check_access("write")
        self._tz_workflow().write({"state": "draft"})
        return True

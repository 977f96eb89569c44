from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TzKbCategory(models.Model):
    _name = "tz.kb.category"
    _description = "Knowledge Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "tz.kb.category", string="Parent Category", ondelete="restrict", index=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("tz.kb.category", "parent_id", string="Subcategories")
    company_id = fields.Many2one("res.company")
    active = fields.Boolean(default=True)
    article_count = fields.Integer(compute="_compute_article_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = (
                    f"{category.parent_id.complete_name} / {category.name}"
                )
            else:
                category.complete_name = category.name

    def _compute_article_count(self):
        counts = dict(
            self.env["tz.kb.article"]._read_group(
                [("category_id", "child_of", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.article_count = sum(
                count
                for cat, count in counts.items()
                if cat.parent_path
                and cat.parent_path.startswith(category.parent_path or "-")
            )

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                _("You cannot create recursive knowledge categories.")
            )

from odoo import fields, models


class TzKbArticleSubmit(models.TransientModel):
    _name = "tz.kb.article.submit"
    _description = "Submit Knowledge Articles for Review"

    article_ids = fields.Many2many("tz.kb.article", string="Articles", required=True)
    reviewer_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: [
            ("share", "=", False),
            (
                "groups_id",
                "in",
                self.env.ref("tz_service.group_tz_kb_reviewer").ids,
            ),
            ("id", "!=", self.env.uid),
        ],
    )

    def action_submit(self):
        self.ensure_one()
        self.article_ids._submit_review(self.reviewer_id)
        return {"type": "ir.actions.act_window_close"}

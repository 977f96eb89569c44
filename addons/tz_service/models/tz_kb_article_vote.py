from odoo import fields, models


class TzKbArticleVote(models.Model):
    _name = "tz.kb.article.vote"
    _description = "Knowledge Article Vote"

    article_id = fields.Many2one(
        "tz.kb.article", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    helpful = fields.Boolean(string="Was Helpful")

    _sql_constraints = [
        (
            "article_partner_uniq",
            "unique(article_id, partner_id)",
            "One vote per person.",
        ),
    ]

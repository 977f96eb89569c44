from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import text_diff, zh_search


class TzKbArticleVersion(models.Model):
    _name = "tz.kb.article.version"
    _description = "Knowledge Article Version"
    _order = "article_id, number desc"

    article_id = fields.Many2one(
        "tz.kb.article", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="article_id.company_id", store=True)
    number = fields.Integer(string="Version", required=True)
    name = fields.Char(string="Title")
    body = fields.Html(sanitize_attributes=False)
    note = fields.Char(string="Change Note")
    user_id = fields.Many2one(
        "res.users",
        string="Changed By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    date = fields.Datetime(
        string="Changed On", default=fields.Datetime.now, readonly=True
    )
    previous_id = fields.Many2one(
        "tz.kb.article.version", compute="_compute_diff", string="Previous Version"
    )
    diff_html = fields.Html(string="Changes", compute="_compute_diff", sanitize=False)
    added_count = fields.Integer(string="Added", compute="_compute_diff")
    removed_count = fields.Integer(string="Removed", compute="_compute_diff")

    _sql_constraints = [
        (
            "article_number_uniq",
            "unique(article_id, number)",
            "Version numbers are unique.",
        ),
    ]

    @api.depends("article_id", "number", "name", "body")
    def _compute_diff(self):
        for version in self:
            previous = self.search(
                [
                    ("article_id", "=", version.article_id.id),
                    ("number", "<", version.number),
                ],
                order="number desc",
                limit=1,
            )
            old = "\n".join(
                [previous.name or "", zh_search.html_to_text(previous.body)]
            )
            new = "\n".join([version.name or "", zh_search.html_to_text(version.body)])
            diff, added, removed = text_diff.html_diff(old if previous else "", new)
            version.previous_id = previous
            version.diff_html = Markup(
                '<div class="o_tz_kb_diff" style="white-space: pre-wrap">%s</div>'
            ) % Markup(diff)
            version.added_count = added
            version.removed_count = removed

    # ------------------------------------------------------------------
    # CRUD: versions are history, written by the article only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
            raise UserError(
                _(
                    "Article versions are recorded by the article itself when its "
                    "title or content changes."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            raise UserError(_("Article versions are history: they cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # deleting the article (managers, drafts) takes its versions along
        # through the database cascade; a version alone is never deleted
        if not self.env.su:
            raise UserError(_("Article versions are history: they cannot be deleted."))

    def action_restore(self):
        """Write this version's content back on the article (a new version).
        Service managers only."""
        self.ensure_one()
        if not self.env.user.has_group("tz_service.group_tz_service_manager"):
            raise AccessError(_("Only service managers can restore a version."))
        self.article_id.write({"name": self.name, "body": self.body})
        return True

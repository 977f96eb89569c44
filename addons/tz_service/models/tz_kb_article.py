from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, is_html_empty

from ..lib import zh_search

ARTICLE_TYPES = [
    ("faq", "FAQ"),
    ("solution", "Solution Case"),
    ("procedure", "Procedure"),
    ("product_note", "Product Note"),
    ("known_issue", "Known Issue"),
]
ARTICLE_STATES = [
    ("draft", "Draft"),
    ("review", "In Review"),
    ("published", "Published"),
    ("obsolete", "Obsolete"),
]


class TzKbArticle(models.Model):
    _name = "tz.kb.article"
    _description = "Knowledge Article"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "tz.fts.mixin",
        "tz.guarded.mixin",
    ]
    _order = "state_sequence, helpful_count desc, id desc"
    _check_company_auto = True
    _fts_state_field = "state"
    # written only by the review workflow, the version log and the vote/view
    # counters (see action_* and _vote)
    _tz_workflow_fields = (
        "state",
        "state_sequence",
        "author_id",
        "reviewer_id",
        "published_date",
        "version",
        "view_count",
        "helpful_count",
        "unhelpful_count",
        "fts_title",
        "fts_keywords",
        "fts_body",
    )
    _tz_evidence_manager_group = "tz_service.group_tz_service_manager"

    name = fields.Char(string="Title", required=True, tracking=True)
    article_type = fields.Selection(
        ARTICLE_TYPES, string="Type", required=True, default="faq", tracking=True
    )
    category_id = fields.Many2one("tz.kb.category", tracking=True, check_company=True)
    tag_ids = fields.Many2many("tz.service.tag", string="Tags")
    product_ids = fields.Many2many("product.template", string="Products")
    body = fields.Html(sanitize_attributes=False)
    state = fields.Selection(
        ARTICLE_STATES, default="draft", required=True, tracking=True, copy=False
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    author_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, tracking=True, copy=False
    )
    reviewer_id = fields.Many2one(
        "res.users",
        tracking=True,
        readonly=True,
        copy=False,
        help="Chosen when the article is submitted for review.",
    )
    published_date = fields.Datetime(readonly=True, copy=False)
    visibility = fields.Selection(
        [("internal", "Internal"), ("portal", "Portal (customers)")],
        default="internal",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, help="Empty: shared."
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    view_count = fields.Integer(string="Views", readonly=True, copy=False, default=0)
    helpful_count = fields.Integer(string="Helpful", readonly=True, copy=False)
    unhelpful_count = fields.Integer(string="Not Helpful", readonly=True, copy=False)
    helpful_rate = fields.Float(
        string="Helpful (%)", compute="_compute_helpful_rate", aggregator="avg"
    )
    vote_ids = fields.One2many("tz.kb.article.vote", "article_id", string="Votes")
    request_ids = fields.Many2many(
        "tz.service.request",
        "tz_service_request_kb_article_rel",
        "article_id",
        "request_id",
        string="Linked Requests",
        copy=False,
    )
    request_count = fields.Integer(compute="_compute_request_count")
    version_ids = fields.One2many(
        "tz.kb.article.version", "article_id", string="Versions", copy=False
    )
    version = fields.Integer(readonly=True, default=0, copy=False)
    body_text = fields.Text(compute="_compute_body_text")

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"published": 0, "review": 1, "draft": 2, "obsolete": 3}
        for article in self:
            article.state_sequence = order.get(article.state, 9)

    @api.depends("helpful_count", "unhelpful_count")
    def _compute_helpful_rate(self):
        for article in self:
            total = article.helpful_count + article.unhelpful_count
            article.helpful_rate = (
                100.0 * article.helpful_count / total if total else 0.0
            )

    def _compute_request_count(self):
        for article in self:
            article.request_count = len(article.request_ids)

    @api.depends("body")
    def _compute_body_text(self):
        for article in self:
            article.body_text = zh_search.html_to_text(article.body)

    def _compute_access_url(self):
        super()._compute_access_url()
        for article in self:
            article.access_url = f"/my/kb/{article.id}"
        return None

    @api.depends("name", "body", "tag_ids.name", "product_ids.name", "category_id.name")
    def _compute_fts_tokens(self):
        return super()._compute_fts_tokens()

    def _fts_texts(self):
        self.ensure_one()
        keywords = " ".join(
            self.tag_ids.mapped("name")
            + self.product_ids.mapped("name")
            + self.product_ids.filtered("default_code").mapped("default_code")
            + [self.category_id.name or ""]
        )
        return self.name or "", keywords, zh_search.html_to_text(self.body)

    @api.constrains("name")
    def _check_name(self):
        for article in self:
            if not (article.name or "").strip():
                raise ValidationError(_("An article needs a title."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        articles = super().create(vals_list)
        articles._create_version(_("Initial version"))
        return articles

    def write(self, vals):
        if "active" in vals:
            self._check_archive_rights(vals["active"])
        res = super().write(vals)
        if "name" in vals or "body" in vals:
            self._create_version(_("Content changed"))
        return res

    def _check_archive_rights(self, active):
        """Archiving a published article takes it away from everyone, like
        marking it obsolete: knowledge reviewers and managers only."""
        if self.env.su or self._is_kb_manager() or self._is_kb_reviewer():
            return
        changed = self.filtered(lambda a: a.active != bool(active))
        if any(a.state in ("published", "obsolete") for a in changed):
            raise AccessError(
                _(
                    "Only knowledge reviewers and service managers can archive or "
                    "restore published articles."
                )
            )

    def _create_version(self, note=False):
        values = []
        for article in self:
            article.sudo().version = article.version + 1
            values.append(
                {
                    "article_id": article.id,
                    "number": article.version,
                    "name": article.name,
                    "body": article.body,
                    "note": note,
                }
            )
        return self.env["tz.kb.article.version"].sudo().create(values)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if any(a.state == "published" for a in self) and not self._is_kb_manager():
            raise UserError(
                _("Published articles cannot be deleted: mark them obsolete.")
            )

    def _tz_evidence_locked(self):
        return self.filtered(lambda a: a.state in ("published", "obsolete"))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_not_empty(self):
        for article in self:
            if is_html_empty(article.body) or not zh_search.html_to_text(article.body):
                raise UserError(
                    _(
                        "The article %(name)s is empty: write its content first.",
                        name=article.name,
                    )
                )

    def _is_kb_manager(self):
        return self.env.user.has_group("tz_service.group_tz_service_manager")

    def _is_kb_reviewer(self):
        return self.env.user.has_group("tz_service.group_tz_kb_reviewer")

    def _check_state(self, states, message):
        if any(article.state not in states for article in self):
            raise UserError(message)

    def action_submit_review(self):
        """Open the wizard choosing the reviewer (see ``_submit_review``)."""
        self._check_state(
            ("draft",), _("Only draft articles can be submitted for review.")
        )
        self._check_not_empty()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Submit for Review"),
            "res_model": "tz.kb.article.submit",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_article_ids": self.ids,
                "default_reviewer_id": self[:1].reviewer_id.id,
            },
        }

    def _submit_review(self, reviewer):
        """draft → in review, reviewed by ``reviewer`` (a knowledge reviewer
        who is not the author: four eyes)."""
        self._check_state(
            ("draft",), _("Only draft articles can be submitted for review.")
        )
        self._check_not_empty()
        self.check_access("write")
        if not reviewer:
            raise UserError(_("Choose a reviewer for the article."))
        if reviewer.share or not reviewer.has_group("tz_service.group_tz_kb_reviewer"):
            raise UserError(
                _(
                    "%(user)s is not a knowledge reviewer: choose a member of "
                    "Service / Knowledge Reviewer.",
                    user=reviewer.name,
                )
            )
        for article in self:
            if reviewer == article.author_id:
                raise UserError(
                    _(
                        "The author of %(name)s cannot review it: choose another "
                        "reviewer.",
                        name=article.name,
                    )
                )
        self._tz_workflow().write({"state": "review", "reviewer_id": reviewer.id})
        for article in self:
            article.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=reviewer.id,
                summary=_("Review the knowledge article"),
            )
        return True

    def action_publish(self):
        """in review → published by its reviewer (a knowledge reviewer) or a
        service manager; draft → published by a service manager only."""
        self._check_not_empty()
        self._check_state(
            ("review", "draft"), _("Only draft or reviewed articles can be published.")
        )
        is_manager = self._is_kb_manager()
        is_reviewer = self._is_kb_reviewer()
        for article in self:
            allowed = is_manager or (
                is_reviewer
                and article.state == "review"
                and article.reviewer_id == self.env.user
            )
            if not allowed:
                raise AccessError(
                    _(
                        "Only the reviewer or a service manager can publish %(name)s.",
                        name=article.name,
                    )
                )
        self.check_access("write")
        self._tz_workflow().write(
            {"state": "published", "published_date": fields.Datetime.now()}
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_reject(self):
        """in review → draft, by its reviewer or a service manager."""
        self._check_state(("review",), _("Only articles in review can be sent back."))
        self._check_reviewer_or_manager(_("send back"))
        self._tz_workflow().write({"state": "draft"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_obsolete(self):
        """published → obsolete, by a knowledge reviewer or a service manager."""
        self._check_state(
            ("published",), _("Only published articles can be marked obsolete.")
        )
        self._check_any_reviewer(_("mark obsolete"))
        self._tz_workflow().write({"state": "obsolete"})
        return True

    def action_reset_draft(self):
        """Back to draft: the author withdraws an article in review (or its
        reviewer/a manager does); published or obsolete articles only by a
        knowledge reviewer or a service manager."""
        self._check_state(
            ("review", "published", "obsolete"),
            _("This article is already a draft."),
        )
        for article in self:
            if article.state == "review" and article.author_id == self.env.user:
                continue
            if article.state == "review":
                article._check_reviewer_or_manager(_("reset to draft"))
            else:
                article._check_any_reviewer(_("reset to draft"))
        self.check_access("write")
        self._tz_workflow().write({"state": "draft"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _check_reviewer_or_manager(self, what):
        if self._is_kb_manager():
            return
        for article in self:
            if not (self._is_kb_reviewer() and article.reviewer_id == self.env.user):
                raise AccessError(
                    _(
                        "Only the reviewer or a service manager can %(what)s %(name)s.",
                        what=what,
                        name=article.name,
                    )
                )

    def _check_any_reviewer(self, what):
        if not (self._is_kb_manager() or self._is_kb_reviewer()):
            raise AccessError(
                _(
                    "Only knowledge reviewers and service managers can %(what)s "
                    "published articles.",
                    what=what,
                )
            )
        self.check_access("write")

    # ------------------------------------------------------------------
    # Views, votes, links
    # ------------------------------------------------------------------
    def _increment_views(self):
        if not self.ids:
            return
        self.flush_recordset(["view_count"])
        self.env.cr.execute(
            SQL(
                "UPDATE tz_kb_article SET view_count = COALESCE(view_count, 0) + 1"
                " WHERE id IN %s",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["view_count"])

    def _vote(self, helpful):
        """Record the vote of the current user: one per person, on published
        articles the user can read. The voter is always the current user's
        partner, so a vote cannot be cast in someone else's name."""
        self.check_access("read")
        if any(article.state != "published" for article in self):
            raise UserError(_("Only published articles can be rated."))
        partner = self.env.user.partner_id
        # sudo: votes are read-only for every user; this method is the only
        # writer and it writes the current user's own vote only
        Vote = self.env["tz.kb.article.vote"].sudo()
        for article in self:
            vote = Vote.search(
                [("article_id", "=", article.id), ("partner_id", "=", partner.id)]
            )
            if vote:
                vote.helpful = helpful
            else:
                Vote.create(
                    {
                        "article_id": article.id,
                        "partner_id": partner.id,
                        "helpful": helpful,
                    }
                )
        self.sudo()._recount_votes()
        return True

    def action_vote_helpful(self):
        return self._vote(True)

    def action_vote_unhelpful(self):
        return self._vote(False)

    def _recount_votes(self):
        groups = self.env["tz.kb.article.vote"]._read_group(
            [("article_id", "in", self.ids)], ["article_id", "helpful"], ["__count"]
        )
        counts = {(article.id, helpful): count for article, helpful, count in groups}
        for article in self:
            article.write(
                {
                    "helpful_count": counts.get((article.id, True), 0),
                    "unhelpful_count": counts.get((article.id, False), 0),
                }
            )

    def action_open_article(self):
        """Open the article form (counts a view)."""
        self.ensure_one()
        self._increment_views()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.kb.article",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_link_request(self):
        """Link the article to the request given in the context."""
        request_id = self.env.context.get("tz_request_id")
        if not request_id:
            raise UserError(_("Save the request first, then link the article."))
        request = self.env["tz.service.request"].browse(request_id)
        request.write({"article_ids": [fields.Command.link(a.id) for a in self]})
        self._increment_views()
        return True

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_service.action_tz_service_request"
        )
        action["domain"] = [("article_ids", "in", self.ids)]
        action["context"] = {}
        return action

    def action_view_versions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_service.action_tz_kb_article_version"
        )
        action["domain"] = [("article_id", "=", self.id)]
        action["context"] = {"default_article_id": self.id}
        return action

    @api.model
    @api.readonly
    @api.returns("self", lambda self, value, *args, **kwargs: value.ids)
    def search_articles(self, query, limit=20, domain=None):
        """Ranked articles for ``query`` (title > tags > body, published first)."""
        results = self._fts_search(query, domain=domain, limit=limit)
        return self.browse([rid for _score, rid in results])

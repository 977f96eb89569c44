from datetime import timedelta

from markupsafe import Markup, escape

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from ..lib import zh_search
from .tz_service_sla import PRIORITIES

CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("walk_in", "Walk-in"),
    ("other", "Other"),
]
HISTORY_LIMIT = 10
SUGGESTION_LIMIT = 5
INTERACTION_MODEL = "tz.customer.interaction"
SEQUENCE_CODE = "tz.service.request"


class TzServiceRequest(models.Model):
    _name = "tz.service.request"
    _description = "Service Request"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "tz.fts.mixin",
        "tz.guarded.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["name", "number", "partner_id.name"]
    _check_company_auto = True
    _primary_email = "partner_email"
    _mail_post_access = "read"
    # the number comes from the company's sequence, the close date follows the
    # stage, the SLA figures are computed: nobody types them
    _tz_workflow_fields = (
        "number",
        "commercial_partner_id",
        "is_closed",
        "close_date",
        "sla_id",
        "deadline",
        "is_overdue",
        "sla_status",
        "sla_compliance",
        "resolution_hours",
        "fts_title",
        "fts_keywords",
        "fts_body",
    )
    _tz_evidence_manager_group = "tz_service.group_tz_service_manager"

    def _default_stage_id(self):
        return self.env["tz.service.stage"].search([("is_closed", "=", False)], limit=1)

    # --- identification
    number = fields.Char(readonly=True, copy=False, default="/", index="trigram")
    name = fields.Char(string="Subject", required=True, tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # --- customer
    partner_id = fields.Many2one(
        "res.partner", string="Contact", tracking=True, index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    partner_email = fields.Char(related="partner_id.email", string="Email")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    # --- classification
    product_id = fields.Many2one("product.product", check_company=True)
    serial_number = fields.Char(string="Serial / Lot Number")
    lot_name = fields.Char(
        compute="_compute_lot_name",
        string="Known Lot/Serial",
        help="Lot/serial found in the inventory (when Inventory is installed).",
    )
    category_id = fields.Many2one(
        "tz.service.category", tracking=True, check_company=True
    )
    tag_ids = fields.Many2many("tz.service.tag", string="Tags")
    priority = fields.Selection(PRIORITIES, default="1", required=True, tracking=True)
    channel = fields.Selection(CHANNELS, default="phone", required=True)
    # --- assignment
    team_id = fields.Many2one(
        "tz.service.team", tracking=True, check_company=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    stage_id = fields.Many2one(
        "tz.service.stage",
        tracking=True,
        index=True,
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        ondelete="restrict",
        copy=False,
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    request_date = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        help="When the customer raised the request: the SLA clock starts here.",
    )
    close_date = fields.Datetime(readonly=True, copy=False)
    # --- SLA
    sla_id = fields.Many2one(
        "tz.service.sla", compute="_compute_sla", store=True, string="SLA"
    )
    deadline = fields.Datetime(compute="_compute_sla", store=True, tracking=True)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_sla_status", store=True, index=True
    )
    sla_status = fields.Selection(
        [("ongoing", "In Progress"), ("reached", "Met"), ("failed", "Failed")],
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        compute="_compute_sla_status",
        store=True,
        aggregator="avg",
        help="100 when solved before the deadline, 0 when late; empty while running.",
    )
    resolution_hours = fields.Float(
        compute="_compute_resolution_hours", store=True, aggregator="avg"
    )
    # --- content
    description = fields.Html()
    solution = fields.Html(tracking=True)
    article_ids = fields.Many2many(
        "tz.kb.article",
        "tz_service_request_kb_article_rel",
        "request_id",
        "article_id",
        string="Knowledge Articles",
        check_company=True,
    )
    solution_article_id = fields.Many2one(
        "tz.kb.article", check_company=True, copy=False
    )
    diagnosis_ids = fields.One2many(
        "tz.service.request.diagnosis",
        "request_id",
        string="Diagnosis Path",
        copy=False,
    )
    suggested_article_ids = fields.Many2many(
        "tz.kb.article",
        compute="_compute_suggested_article_ids",
        string="Suggested Articles",
    )
    # --- customer history
    previous_request_ids = fields.Many2many(
        "tz.service.request", compute="_compute_history", string="Previous Requests"
    )
    previous_request_count = fields.Integer(compute="_compute_history")
    sale_order_ids = fields.Many2many(
        "sale.order", compute="_compute_history", string="Recent Orders"
    )
    invoice_ids = fields.Many2many(
        "account.move", compute="_compute_history", string="Recent Invoices"
    )
    interaction_html = fields.Html(
        compute="_compute_history", string="Interactions", sanitize=False
    )
    has_interaction_model = fields.Boolean(compute="_compute_history")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_lot_name(self):
        has_lots = "stock.lot" in self.env
        for request in self:
            lot = False
            if has_lots and request.serial_number and request.product_id:
                lot = (
                    self.env["stock.lot"]
                    .sudo()
                    .search(
                        [
                            ("name", "=", request.serial_number.strip()),
                            ("product_id", "=", request.product_id.id),
                        ],
                        limit=1,
                    )
                )
            request.lot_name = lot.display_name if lot else False

    @api.depends("priority", "category_id", "team_id", "company_id", "request_date")
    def _compute_sla(self):
        Sla = self.env["tz.service.sla"].sudo()
        for request in self:
            sla = Sla._find_for(
                request.company_id,
                request.team_id,
                request.category_id,
                request.priority,
            )
            request.sla_id = sla
            if sla:
                start = request.request_date or fields.Datetime.now()
                request.deadline = start + timedelta(hours=sla.resolve_hours)
            else:
                request.deadline = False

    @api.depends("deadline", "close_date", "is_closed")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for request in self:
            if not request.deadline:
                request.is_overdue = False
                request.sla_status = False
                request.sla_compliance = False
                continue
            if request.is_closed:
                late = (request.close_date or now) > request.deadline
                request.is_overdue = late
                request.sla_status = "failed" if late else "reached"
                request.sla_compliance = 0.0 if late else 100.0
            else:
                late = now > request.deadline
                request.is_overdue = late
                request.sla_status = "failed" if late else "ongoing"
                request.sla_compliance = 0.0 if late else False

    @api.depends("close_date", "request_date")
    def _compute_resolution_hours(self):
        for request in self:
            if request.close_date and request.request_date:
                delta = request.close_date - request.request_date
                request.resolution_hours = delta.total_seconds() / 3600.0
            else:
                request.resolution_hours = 0.0

    @api.depends("name", "description")
    def _compute_suggested_article_ids(self):
        Article = self.env["tz.kb.article"]
        for request in self:
            text = " ".join(
                filter(
                    None, [request.name, zh_search.html_to_text(request.description)]
                )
            )
            terms = zh_search.query_terms(text)[:6]
            articles = Article
            if terms:
                articles = Article.search_articles(
                    " ".join(terms[:3]),
                    limit=SUGGESTION_LIMIT,
                    domain=[("state", "=", "published")],
                )
                if len(articles) < SUGGESTION_LIMIT:
                    # then articles matching any term, best first
                    seen = set(articles.ids)
                    for term in terms:
                        for article in Article.search_articles(
                            term,
                            limit=SUGGESTION_LIMIT,
                            domain=[("state", "=", "published")],
                        ):
                            if article.id not in seen and len(seen) < SUGGESTION_LIMIT:
                                seen.add(article.id)
                                articles |= article
            request.suggested_article_ids = articles

    @api.depends("commercial_partner_id")
    def _compute_history(self):
        has_interactions = INTERACTION_MODEL in self.env
        for request in self:
            partner = request.commercial_partner_id
            request.has_interaction_model = has_interactions
            if not partner:
                request.previous_request_ids = False
                request.previous_request_count = 0
                request.sale_order_ids = False
                request.invoice_ids = False
                request.interaction_html = False
                continue
            domain = [("commercial_partner_id", "=", partner.id)]
            if request.id:
                domain.append(("id", "!=", request.id))
            Request = self.env["tz.service.request"]
            request.previous_request_count = Request.search_count(domain)
            request.previous_request_ids = Request.search(
                domain, order="id desc", limit=HISTORY_LIMIT
            )
            request.sale_order_ids = self._history_records(
                "sale.order",
                [("partner_id", "child_of", partner.id), ("state", "!=", "cancel")],
                "date_order desc, id desc",
            )
            request.invoice_ids = self._history_records(
                "account.move",
                [
                    ("partner_id", "child_of", partner.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                "invoice_date desc, id desc",
            )
            request.interaction_html = (
                request._interaction_html(partner) if has_interactions else False
            )

    def _history_records(self, model, domain, order):
        Model = self.env[model]
        if not Model.has_access("read"):
            return Model
        return Model.search(domain, order=order, limit=HISTORY_LIMIT)

    def _interaction_html(self, partner):
        """Recent ``tz.customer.interaction`` records (soft link to tz_crm_ext)."""
        Interaction = self.env[INTERACTION_MODEL]
        if not Interaction.has_access("read"):
            return False
        fields_map = Interaction._fields
        domain = []
        if "partner_id" in fields_map:
            domain = [("partner_id", "child_of", partner.id)]
        elif "commercial_partner_id" in fields_map:
            domain = [("commercial_partner_id", "=", partner.id)]
        else:
            return False
        order = "date desc, id desc" if "date" in fields_map else "id desc"
        rows = Interaction.search(domain, order=order, limit=HISTORY_LIMIT)
        if not rows:
            return Markup("<p class='text-muted'>%s</p>") % _("No interaction yet.")
        items = Markup()
        for row in rows:
            date = row["date"] if "date" in fields_map else row.create_date
            items += Markup("<li><span class='text-muted'>%s</span> %s</li>") % (
                tools.format_datetime(self.env, date) if date else "",
                row.display_name,
            )
        return Markup("<ul class='list-unstyled mb-0'>%s</ul>") % items

    # ------------------------------------------------------------------
    # Full-text index
    # ------------------------------------------------------------------
    @api.depends(
        "name",
        "number",
        "description",
        "solution",
        "tag_ids.name",
        "product_id.name",
        "category_id.name",
        "serial_number",
    )
    def _compute_fts_tokens(self):
        return super()._compute_fts_tokens()

    def _fts_texts(self):
        self.ensure_one()
        keywords = " ".join(
            filter(
                None,
                [
                    *self.tag_ids.mapped("name"),
                    self.product_id.name,
                    self.product_id.default_code,
                    self.category_id.name,
                    self.serial_number,
                ],
            )
        )
        body = " ".join(
            [
                zh_search.html_to_text(self.description),
                zh_search.html_to_text(self.solution),
            ]
        )
        return f"{self.number or ''} {self.name or ''}", keywords, body

    def _compute_access_url(self):
        super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/service/{request.id}"
        return None

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.constrains("name")
    def _check_name(self):
        for request in self:
            if not (request.name or "").strip():
                raise ValidationError(_("A service request needs a subject."))

    @api.onchange("category_id")
    def _onchange_category_id(self):
        if self.category_id.team_id and not self.team_id:
            self.team_id = self.category_id.team_id

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id and not self.user_id and self.team_id.default_user_id:
            self.user_id = self.team_id.default_user_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not (vals.get("name") or "").strip():
                raise ValidationError(_("A service request needs a subject."))
            if vals.get("category_id") and not vals.get("team_id"):
                category = self.env["tz.service.category"].browse(vals["category_id"])
                vals["team_id"] = category.team_id.id
            if vals.get("team_id") and not vals.get("user_id"):
                team = self.env["tz.service.team"].browse(vals["team_id"])
                if team.default_user_id:
                    vals["user_id"] = team.default_user_id.id
        requests = super().create(vals_list)
        for request in requests:
            if request.number == "/":
                request._tz_workflow().write(
                    {"number": request.company_id._tz_next_number(SEQUENCE_CODE)}
                )
        requests.filtered("is_closed")._tz_workflow().write(
            {"close_date": fields.Datetime.now()}
        )
        for request in requests:
            if request.partner_id:
                request.message_subscribe(request.partner_id.ids)
        return requests

    def write(self, vals):
        if "name" in vals and not (vals["name"] or "").strip():
            raise ValidationError(_("A service request needs a subject."))
        if "request_date" in vals:
            self._check_request_date_change(vals["request_date"])
        res = super().write(vals)
        if "stage_id" in vals:
            closed = self.filtered("is_closed")
            closed._tz_workflow().write({"close_date": fields.Datetime.now()})
            (self - closed)._tz_workflow().write({"close_date": False})
        if vals.get("partner_id"):
            self.message_subscribe([vals["partner_id"]])
        return res

    def _check_request_date_change(self, value):
        """The reception date starts the SLA clock: once recorded, only a
        service manager moves it."""
        if self.env.su or self.env.user.has_group(
            "tz_service.group_tz_service_manager"
        ):
            return
        new = fields.Datetime.to_datetime(value)
        if any(request.request_date != new for request in self):
            raise UserError(
                _(
                    "The reception date starts the SLA clock: only a service "
                    "manager can change it once the request is recorded."
                )
            )

    def _tz_evidence_locked(self):
        return self.filtered("is_closed")

    @api.depends("number", "name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = (
                f"{request.number} {request.name}"
                if request.number and request.number != "/"
                else request.name
            )

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        custom_values = dict(custom_values or {})
        if not msg_dict.get("author_id") and msg_dict.get("email_from"):
            name, email = tools.mail.parse_contact_from_email(msg_dict["email_from"])
            if email:
                partner = self.env["res.partner"].create(
                    {"name": name or email, "email": email}
                )
                msg_dict["author_id"] = partner.id
        defaults = {
            "name": (msg_dict.get("subject") or "").strip() or _("No Subject"),
            "description": msg_dict.get("body"),
            "partner_id": msg_dict.get("author_id"),
            "channel": "email",
            "user_id": False,
        }
        defaults.update(custom_values)
        if defaults.get("team_id") and not defaults.get("company_id"):
            team = self.env["tz.service.team"].browse(defaults["team_id"])
            defaults["company_id"] = team.company_id.id
        return super().message_new(msg_dict, custom_values=defaults)

    def message_update(self, msg_dict, update_vals=None):
        email_list = tools.email_split(
            (msg_dict.get("to") or "") + "," + (msg_dict.get("cc") or "")
        )
        partners = self.env["mail.thread"]._mail_find_partner_from_emails(
            email_list, records=self, force_create=False
        )
        self.message_subscribe([p.id for p in partners if p])
        reopen = self.filtered("is_closed")
        if reopen:
            stage = self.env["tz.service.stage"].search(
                [("is_closed", "=", False)], limit=1
            )
            if stage:
                reopen.write({"stage_id": stage.id})
        return super().message_update(msg_dict, update_vals=update_vals)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for request in self:
            if request.partner_id:
                request._message_add_suggested_recipient(
                    recipients, partner=request.partner_id, reason=_("Customer")
                )
        return recipients

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_close(self):
        stage = self.env["tz.service.stage"].search([("is_closed", "=", True)], limit=1)
        if not stage:
            raise UserError(_("Configure a closing stage first."))
        self.write({"stage_id": stage.id})
        return True

    def action_reopen(self):
        stage = self.env["tz.service.stage"].search(
            [("is_closed", "=", False)], limit=1
        )
        self.write({"stage_id": stage.id})
        return True

    def action_create_article(self):
        """Create a draft solution-case article from this solved request."""
        self.ensure_one()
        if is_html_empty(self.solution):
            raise UserError(_("Write the solution before creating an article from it."))
        body = (
            Markup("<h3>%s</h3>") % _("Problem")
            + (self.description or Markup())
            + Markup("<h3>%s</h3>") % _("Solution")
            + self.solution
        )
        article = self.env["tz.kb.article"].create(
            {
                "name": self.name,
                "article_type": "solution",
                "body": body,
                "tag_ids": [fields.Command.set(self.tag_ids.ids)],
                "product_ids": [
                    fields.Command.set(self.product_id.product_tmpl_id.ids)
                ],
                "request_ids": [fields.Command.link(self.id)],
                "company_id": self.company_id.id,
            }
        )
        self.solution_article_id = article
        self.message_post(
            body=Markup(_("Knowledge article %s created from the solution."))
            % Markup("<a href='#' data-oe-model='tz.kb.article' data-oe-id='%s'>%s</a>")
            % (article.id, escape(article.name))
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.kb.article",
            "res_id": article.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_walk_tree(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Diagnose"),
            "res_model": "tz.diagnosis.walk",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_view_previous_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_service.action_tz_service_request"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("id", "!=", self.id),
        ]
        action["context"] = {}
        return action

    @api.model
    def _cron_update_sla(self):
        """Flag the open requests whose deadline has just passed."""
        late = self.search(
            [
                ("is_closed", "=", False),
                ("sla_status", "=", "ongoing"),
                ("deadline", "<", fields.Datetime.now()),
            ]
        )
        for fname in ("is_overdue", "sla_status", "sla_compliance"):
            self.env.add_to_compute(self._fields[fname], late)
        late.flush_recordset()
        return len(late)

    @api.model
    def _cron_rebuild_search_index(self):
        return self.env["tz.kb.article"]._fts_rebuild() + self._fts_rebuild()

    @api.model
    def action_rebuild_search_index(self):
        if not self.env.user.has_group("tz_service.group_tz_service_manager"):
            raise UserError(_("Only service managers can rebuild the search index."))
        count = self._cron_rebuild_search_index()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Search index rebuilt"),
                "message": _("%(count)s records indexed.", count=count),
                "type": "success",
                "sticky": False,
            },
        }

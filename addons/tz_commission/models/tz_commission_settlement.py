import cn2an

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import periods


class TzCommissionSettlement(models.Model):
    _name = "tz.commission.settlement"
    _description = "Commission Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "date_from desc, user_id, id desc"
    _check_company_auto = True
    # written only by action_confirm / action_mark_paid (and the computation
    # of the amounts from the lines, which the lock freezes)
    _tz_workflow_fields = (
        "state",
        "confirm_user_id",
        "confirm_date",
        "paid_date",
        "line_count",
        "base_total",
        "amount_total",
        "late_amount",
    )
    _tz_evidence_manager_group = "sales_team.group_sale_manager"

    name = fields.Char(
        required=True, copy=False, readonly=True, default=lambda self: _("New")
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
    )
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("paid", "Paid")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("tz.commission.line", "settlement_id", readonly=True)
    line_count = fields.Integer(compute="_compute_amounts", store=True)
    base_total = fields.Monetary(
        string="Total Basis", compute="_compute_amounts", store=True
    )
    amount_total = fields.Monetary(
        string="Total Commission", compute="_compute_amounts", store=True, tracking=True
    )
    late_amount = fields.Monetary(
        string="Late Corrections", compute="_compute_amounts", store=True
    )
    confirm_user_id = fields.Many2one(
        "res.users", string="Confirmed By", readonly=True, copy=False
    )
    confirm_date = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    paid_date = fields.Date(string="Paid On", readonly=True, copy=False)
    note = fields.Text()

    @api.depends(
        "line_ids.commission_amount", "line_ids.base_amount", "line_ids.is_late"
    )
    def _compute_amounts(self):
        for settlement in self:
            lines = settlement.line_ids
            settlement.line_count = len(lines)
            settlement.base_total = sum(lines.mapped("base_amount"))
            settlement.amount_total = sum(lines.mapped("commission_amount"))
            settlement.late_amount = sum(
                lines.filtered("is_late").mapped("commission_amount")
            )

    @api.constrains("date_from", "date_to", "user_id", "company_id")
    def _check_period(self):
        for settlement in self:
            if settlement.date_to < settlement.date_from:
                raise ValidationError(_("The settlement period ends before it starts."))
            other = self.sudo().search(
                [
                    ("id", "!=", settlement.id),
                    ("user_id", "=", settlement.user_id.id),
                    ("company_id", "=", settlement.company_id.id),
                    ("date_from", "<=", settlement.date_to),
                    ("date_to", ">=", settlement.date_from),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _(
                        "%(user)s already has the settlement %(other)s in an "
                        "overlapping period.",
                        user=settlement.user_id.name,
                        other=other.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = company._tz_next_number("tz.commission.settlement")
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        protected = {"date_from", "date_to", "user_id", "company_id"}
        if protected & set(vals) and self.filtered(lambda s: s.state != "draft"):
            raise UserError(_("A confirmed settlement is locked."))
        return super().write(vals)

    @api.model
    def _tz_evidence_locked(self):
        return self.filtered(lambda s: s.state in ("confirmed", "paid"))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(_("Only draft settlements can be deleted."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def _check_manager(self):
        if self.env.su:
            return
        user = self.env.user
        if not (
            user.has_group("sales_team.group_sale_manager")
            or user.has_group("account.group_account_manager")
        ):
            raise AccessError(
                _(
                    "Only sales managers and accountants can update, confirm or "
                    "pay settlements."
                )
            )

    def action_refresh_lines(self):
        """Collect every unsettled line of the salesperson up to the end."""
        self._check_manager()
        # sudo: lines are linked by the system once the rights and the draft
        # state are checked; no user writes a line (see _tz_workflow_fields)
        Line = self.env["tz.commission.line"].sudo()
        for settlement in self:
            if settlement.state != "draft":
                raise UserError(_("A confirmed settlement is locked."))
            Line.search([("settlement_id", "=", settlement.id)]).write(
                {"settlement_id": False}
            )
            Line.search(
                [
                    ("settlement_id", "=", False),
                    ("user_id", "=", settlement.user_id.id),
                    ("company_id", "=", settlement.company_id.id),
                    ("date", "<=", settlement.date_to),
                ]
            ).write({"settlement_id": settlement.id})
        return True

    def action_confirm(self):
        self._check_manager()
        for settlement in self:
            if settlement.state != "draft":
                raise UserError(
                    _("Settlement %(name)s is not a draft.", name=settlement.name)
                )
            if not settlement.line_ids:
                raise UserError(
                    _(
                        "Settlement %(name)s has no commission line: nothing to "
                        "confirm.",
                        name=settlement.name,
                    )
                )
        self._tz_workflow().write(
            {
                "state": "confirmed",
                "confirm_user_id": self.env.uid,
                "confirm_date": fields.Datetime.now(),
            }
        )
        return True

    def action_mark_paid(self):
        self._check_manager()
        if self.filtered(lambda s: s.state != "confirmed"):
            raise UserError(_("Only confirmed settlements can be marked as paid."))
        self._tz_workflow().write(
            {"state": "paid", "paid_date": fields.Date.context_today(self)}
        )
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_commission.action_tz_commission_line"
        )
        action["domain"] = [("settlement_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _generate(self, date_from, date_to, period_type, users=None, company=None):
        """Create or refresh the draft settlements of a period."""
        company = company or self.env.company
        Line = self.env["tz.commission.line"].sudo()
        domain = [
            ("settlement_id", "=", False),
            ("company_id", "=", company.id),
            ("date", "<=", date_to),
        ]
        if users:
            domain.append(("user_id", "in", users.ids))
        user_ids = {user.id for [user] in Line._read_group(domain, ["user_id"])}
        settlements = self.browse()
        for user_id in sorted(user_ids):
            settlement = self.search(
                [
                    ("user_id", "=", user_id),
                    ("company_id", "=", company.id),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                ],
                limit=1,
            )
            if settlement and settlement.state != "draft":
                continue
            if not settlement:
                settlement = self.create(
                    {
                        "user_id": user_id,
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "period_type": period_type,
                    }
                )
            settlement.action_refresh_lines()
            settlements |= settlement
        return settlements

    # ------------------------------------------------------------------
    # report helpers
    # ------------------------------------------------------------------
    def _period_label(self):
        self.ensure_one()
        if periods.period_start(self.date_from, self.period_type) == self.date_from:
            return periods.period_label(self.date_from, self.period_type)
        return f"{self.date_from} ~ {self.date_to}"

    def _report_lang(self):
        """Language of the printed settlement: the salesperson's, if it is
        loaded in this database, else the reader's, the company's or the
        first loaded language (a report never fails on a missing language)."""
        self.ensure_one()
        Lang = self.env["res.lang"]
        candidates = (
            self.user_id.lang,
            self.env.context.get("lang"),
            self.company_id.partner_id.lang,
            "en_US",
        )
        for code in candidates:
            if code and Lang._get_code(code):
                return code
        installed = Lang.get_installed()
        return installed[0][0] if installed else "en_US"

    def _amount_in_words(self, lang=None):
        """RMB uppercase (人民币大写) for Chinese, currency words otherwise."""
        self.ensure_one()
        lang = lang or self.env.context.get("lang") or self.env.user.lang or ""
        if lang.startswith("zh"):
            amount = self.currency_id.round(self.amount_total)
            return cn2an.an2cn(f"{amount:.2f}", "rmb")
        # in the requested language, not the reader's (``lang`` was ignored)
        currency = (
            self.currency_id.with_context(lang=lang) if lang else self.currency_id
        )
        return currency.amount_to_text(self.amount_total)

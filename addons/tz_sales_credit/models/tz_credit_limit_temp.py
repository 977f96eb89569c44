from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CREDIT_MANAGER = "tz_sales_credit.group_tz_credit_manager"
# what an approved or cancelled temporary credit keeps as it was approved
LOCKED_FIELDS = {"amount", "date_from", "date_to", "partner_id", "company_id"}


class TzCreditLimitTemp(models.Model):
    _name = "tz.credit.limit.temp"
    _description = "Temporary Credit Limit"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    # written only by action_approve / action_cancel / action_draft
    _tz_workflow_fields = ("state", "approved_by_id", "approved_date")

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Extra Credit (临时额度)",
        required=True,
        tracking=True,
        help="Added to the customer's credit limit between the two dates, in "
        "company currency.",
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="To", required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, copy=False, tracking=True
    )
    approved_date = fields.Datetime(readonly=True, copy=False)
    validity = fields.Selection(
        [
            ("future", "Upcoming"),
            ("current", "In Effect"),
            ("expired", "Expired"),
            ("none", "Not Approved"),
        ],
        compute="_compute_validity",
        search="_search_validity",
    )

    @api.depends("state", "date_from", "date_to")
    def _compute_validity(self):
        today = fields.Date.context_today(self)
        for rec in self:
            if rec.state != "approved":
                rec.validity = "none"
            elif rec.date_from and rec.date_from > today:
                rec.validity = "future"
            elif rec.date_to and rec.date_to < today:
                rec.validity = "expired"
            else:
                rec.validity = "current"

    def _search_validity(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on validity."))
        today = fields.Date.context_today(self)
        domains = {
            "none": [("state", "!=", "approved")],
            "future": [("state", "=", "approved"), ("date_from", ">", today)],
            "expired": [("state", "=", "approved"), ("date_to", "<", today)],
            "current": [
                ("state", "=", "approved"),
                ("date_from", "<=", today),
                ("date_to", ">=", today),
            ],
        }
        domain = domains.get(value, [("id", "=", 0)])
        if operator == "!=":
            return [("id", "not in", self._search(domain))]
        return domain

    @api.constrains("amount", "date_from", "date_to")
    def _check_values(self):
        for rec in self:
            if rec.amount <= 0:
                raise ValidationError(
                    _("The temporary credit amount must be positive.")
                )
            if rec.date_to and rec.date_from and rec.date_to < rec.date_from:
                raise ValidationError(
                    _(
                        "The end date (%(end)s) of a temporary credit limit cannot be "
                        "before its start date (%(start)s).",
                        end=rec.date_to,
                        start=rec.date_from,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = company._tz_next_number("tz.credit.limit.temp")
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        if self.filtered(lambda r: r.state != "draft") and LOCKED_FIELDS & set(vals):
            raise UserError(
                _(
                    "An approved or cancelled temporary credit limit cannot be "
                    "changed; cancel it and create a new one."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                _(
                    "Approved or cancelled temporary credit limits are kept for "
                    "history: cancel them instead of deleting them."
                )
            )

    def action_approve(self):
        self._tz_check_credit_manager()
        for rec in self:
            if rec.state != "draft":
                raise UserError(
                    _("Only draft temporary credit limits can be approved.")
                )
        self._tz_workflow().write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )
        for rec in self:
            rec.partner_id.message_post(
                body=_(
                    "Temporary credit of %(amount)s from %(start)s to %(end)s approved "
                    "(%(ref)s): %(reason)s",
                    amount=rec.amount,
                    start=rec.date_from,
                    end=rec.date_to,
                    ref=rec.name,
                    reason=rec.reason,
                )
            )
        return True

    def action_cancel(self):
        self._tz_check_credit_manager()
        if self.filtered(lambda r: r.state == "cancelled"):
            raise UserError(_("This temporary credit limit is already cancelled."))
        self._tz_workflow().write({"state": "cancelled"})
        return True

    def action_draft(self):
        self._tz_check_credit_manager()
        if self.filtered(lambda r: r.state != "cancelled"):
            raise UserError(_("Only cancelled temporary credit limits can be reset."))
        self._tz_workflow().write(
            {"state": "draft", "approved_by_id": False, "approved_date": False}
        )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tz_check_credit_manager(self):
        if not self.env.su and not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(
                _("Only a Credit Manager can approve or cancel temporary credit.")
            )

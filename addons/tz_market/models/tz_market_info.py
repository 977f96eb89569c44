from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

SOURCE_CHANNELS = [
    ("site_visit", "Site Visit"),
    ("media", "Media"),
    ("internet", "Internet"),
    ("hearsay", "Hearsay"),
    ("exhibition", "Exhibition"),
    ("other", "Other"),
]


class TzMarketInfo(models.Model):
    _name = "tz.market.info"
    _description = "Market Information"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # written by action_submit / action_verify / action_reject /
    # action_reset_draft only, after their own checks
    _tz_workflow_fields = ("state", "verify_note", "verified_by_id", "verified_date")
    # attachments of verified information are evidence
    _tz_evidence_fields = ("attachment_ids",)
    _tz_evidence_manager_group = "tz_market.group_tz_market_manager"

    name = fields.Char(string="Title", required=True, tracking=True)
    content = fields.Html()
    source_channel = fields.Selection(
        SOURCE_CHANNELS, required=True, default="site_visit", tracking=True
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    country_id = fields.Many2one("res.country")
    country_state_id = fields.Many2one(
        "res.country.state",
        string="Province / State",
        domain="[('country_id', '=?', country_id)]",
    )
    city = fields.Char()
    region_id = fields.Many2one("tz.market.region", string="Market Region", index=True)
    industry_id = fields.Many2one("res.partner.industry", index=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "tz_market_info_partner_rel",
        "info_id",
        "partner_id",
        string="Related Customers",
    )
    competitor_ids = fields.Many2many(
        "tz.competitor",
        "tz_market_info_competitor_rel",
        "info_id",
        "competitor_id",
        string="Competitors",
    )
    product_ids = fields.Many2many("product.template", string="Related Products")
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        copy=False,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_verify", "To Verify"),
            ("verified", "Verified"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    verify_note = fields.Text(
        string="Verification Note", copy=False, readonly=True, tracking=True
    )
    verified_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    verified_date = fields.Datetime(copy=False, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    @api.onchange("country_state_id")
    def _onchange_country_state_id(self):
        if self.country_state_id:
            self.country_id = self.country_state_id.country_id
            region = self.env["tz.market.region"].search(
                [("state_ids", "in", self.country_state_id.id)], limit=1
            )
            if region:
                self.region_id = region

    @api.ondelete(at_uninstall=False)
    def _unlink_except_verified(self):
        if any(info.state == "verified" for info in self):
            raise UserError(
                _(
                    "Verified market information is a shared resource and cannot "
                    "be deleted; archive it instead."
                )
            )

    def _check_not_empty(self):
        for info in self:
            if not (info.name or "").strip() or is_html_empty(info.content):
                raise UserError(
                    _(
                        "The market information “%(name)s” has no content: "
                        "write what was learned before submitting or verifying it.",
                        name=info.name or _("(untitled)"),
                    )
                )

    def _check_manager(self):
        if not self.env.user.has_group("tz_market.group_tz_market_manager"):
            raise AccessError(
                _("Only market managers can verify or reject market information.")
            )

    def action_submit(self):
        self._check_not_empty()
        if any(info.state not in ("draft", "rejected") for info in self):
            raise UserError(_("Only draft or rejected information can be submitted."))
        self._tz_workflow().write({"state": "to_verify"})
        return True

    def action_open_verify_wizard(self):
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Verify Market Information"),
            "res_model": "tz.market.info.verify.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_info_ids": self.ids},
        }

    def action_verify(self, note=False):
        self._check_manager()
        self._check_not_empty()
        if any(info.state == "verified" for info in self):
            raise UserError(_("This information is already verified."))
        self._tz_workflow().write(
            {
                "state": "verified",
                "verify_note": note or False,
                "verified_by_id": self.env.user.id,
                "verified_date": fields.Datetime.now(),
            }
        )
        return True

    def action_reject(self, note=False):
        self._check_manager()
        if not note:
            raise UserError(_("Please explain why the information is rejected."))
        self._tz_workflow().write(
            {
                "state": "rejected",
                "verify_note": note,
                "verified_by_id": self.env.user.id,
                "verified_date": fields.Datetime.now(),
            }
        )
        return True

    def action_reset_draft(self):
        if any(info.state == "verified" for info in self):
            self._check_manager()
        self._tz_workflow().write({"state": "draft"})
        return True

    def _tz_evidence_locked(self):
        return self.filtered(lambda info: info.state == "verified")

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

LOCK_DELAY = timedelta(hours=24)
# fields anyone with write access may still change on a locked record
UNLOCKED_FIELDS = {
    "message_follower_ids",
    "message_ids",
    "message_main_attachment_id",
    "activity_ids",
    "website_message_ids",
}


class TzCustomerInteraction(models.Model):
    _name = "tz.customer.interaction"
    _description = "Customer Interaction Record"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "name"
    _tz_workflow_fields = ("state", "confirm_date", "confirm_user_id")
    _tz_evidence_fields = ("attachment_ids",)
    _tz_evidence_manager_group = "sales_team.group_sale_manager"

    name = fields.Char(string="Subject", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The customer (company or individual); a contact person given here "
        "is replaced by its commercial entity and kept as contact.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        tracking=True,
        check_company=True,
        domain="[('id', 'child_of', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    interaction_type = fields.Selection(
        [
            ("visit", "Visit"),
            ("phone", "Phone Call"),
            ("meeting", "Meeting"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("service", "Service"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="visit",
        tracking=True,
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    content = fields.Text(tracking=True)
    outcome = fields.Text(tracking=True)
    next_step = fields.Char(tracking=True)
    next_date = fields.Date(string="Next Step Date", tracking=True)
    next_activity_id = fields.Many2one("mail.activity", readonly=True, copy=False)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "tz_customer_interaction_attachment_rel",
        "interaction_id",
        "attachment_id",
        string="Attachments",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    confirm_date = fields.Datetime(readonly=True, copy=False)
    confirm_user_id = fields.Many2one(
        "res.users", string="Confirmed By", readonly=True, copy=False
    )
    is_locked = fields.Boolean(
        string="Locked",
        compute="_compute_is_locked",
        help="Confirmed records, and any record older than 24 hours, are evidence: "
        "only sales managers can still change them.",
    )
    active = fields.Boolean(default=True, tracking=True)

    @api.depends("user_id")
    def _compute_team_id(self):
        for rec in self:
            if rec.user_id and (
                not rec.team_id or rec.user_id not in rec.team_id.member_ids
            ):
                rec.team_id = rec.user_id.sale_team_id

    @api.depends("state", "create_date")
    def _compute_is_locked(self):
        limit = fields.Datetime.now() - LOCK_DELAY
        for rec in self:
            rec.is_locked = rec.state == "confirmed" or bool(
                rec.create_date and rec.create_date <= limit
            )

    @api.constrains("state", "date")
    def _check_future_confirmed(self):
        for rec in self.filtered(lambda r: r.state == "confirmed"):
            local = fields.Datetime.context_timestamp(rec, rec.date).date()
            today = fields.Date.context_today(rec)
            if local > today:
                raise ValidationError(
                    _(
                        "Interaction %(name)s is dated %(date)s, in the future: only "
                        "interactions that took place can be confirmed.",
                        name=rec.name,
                        date=local,
                    )
                )

    @api.constrains("next_date", "date")
    def _check_next_date(self):
        for rec in self:
            if rec.next_date and rec.next_date < rec.date.date():
                raise ValidationError(
                    _("The next step date cannot be before the interaction date.")
                )

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for rec in self.filtered("contact_id"):
            if rec.contact_id.commercial_partner_id != rec.partner_id:
                raise ValidationError(
                    _(
                        "Contact %(contact)s does not belong to customer %(customer)s.",
                        contact=rec.contact_id.display_name,
                        customer=rec.partner_id.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and self.partner_id.parent_id:
            self.contact_id = self.partner_id
            self.partner_id = self.partner_id.commercial_partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _normalize_partner(self, vals):
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            commercial = partner.commercial_partner_id
            if commercial != partner:
                vals["partner_id"] = commercial.id
                vals.setdefault("contact_id", partner.id)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_partner(dict(vals)) for vals in vals_list]
        records = super().create(vals_list)
        records._sync_next_activity()
        records.partner_id._tz_on_interaction_logged(records)
        return records

    def write(self, vals):
        if set(vals) - UNLOCKED_FIELDS and not self._can_edit_locked():
            locked = self.filtered("is_locked")
            if locked:
                raise UserError(
                    _(
                        "Interaction %(name)s is locked as evidence (confirmed or "
                        "older than 24 hours): only a sales manager can change it.",
                        name=locked[0].name,
                    )
                )
        vals = self._normalize_partner(dict(vals))
        old_partners = self.partner_id
        res = super().write(vals)
        if {"next_date", "next_step", "user_id"} & set(vals):
            self._sync_next_activity()
        if {"date", "active", "partner_id"} & set(vals):
            (old_partners | self.partner_id)._tz_on_interaction_logged(
                self.filtered("active")
            )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _(
                "Interaction records are evidence and cannot be deleted; archive "
                "them instead."
            )
        )

    def _can_edit_locked(self):
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    def _tz_evidence_locked(self):
        return self.filtered("is_locked")

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(
                    _("Interaction %(name)s is already confirmed.", name=rec.name)
                )
        self._tz_workflow().write(
            {
                "state": "confirmed",
                "confirm_date": fields.Datetime.now(),
                "confirm_user_id": self.env.user.id,
            }
        )
        return True

    def action_reset_draft(self):
        if not self._can_edit_locked():
            raise UserError(
                _("Only a sales manager can reset a confirmed interaction.")
            )
        self._tz_workflow().write(
            {"state": "draft", "confirm_date": False, "confirm_user_id": False}
        )
        return True

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _sync_next_activity(self):
        """One follow-up to-do on the customer per interaction with a next date."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for rec in self:
            activity = rec.next_activity_id
            if not rec.next_date:
                if activity:
                    activity.sudo().unlink()
                continue
            vals = {
                "summary": rec.next_step or _("Follow-up: %(name)s", name=rec.name),
                "date_deadline": rec.next_date,
                "user_id": rec.user_id.id,
                "note": _("Next step of interaction %(name)s", name=rec.name),
            }
            if activity.exists():
                activity.sudo().write(vals)
                continue
            vals.update(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": rec.partner_id.id,
                    "activity_type_id": todo.id if todo else False,
                }
            )
            activity = self.env["mail.activity"].sudo().create(vals)
            super(TzCustomerInteraction, rec).write({"next_activity_id": activity.id})
        return True

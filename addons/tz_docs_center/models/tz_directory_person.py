from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import phone as phone_lib
from .tz_directory_company import EMAIL_STATES, _email_state


class TzDirectoryPerson(models.Model):
    _name = "tz.directory.person"
    _description = "Person Directory Entry"
    _inherit = [
        "mail.thread.blacklist",
        "mail.thread.phone",
        "mail.activity.mixin",
        "tz.pinyin.mixin",
    ]
    _primary_email = "email"
    _mailing_enabled = True
    _check_company_auto = True
    _order = "name, id"
    _rec_names_search = ["name", "pinyin_search", "mobile", "email"]

    name = fields.Char(required=True, tracking=True)
    dir_company_id = fields.Many2one(
        "tz.directory.company",
        string="Directory Company",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    partner_company_id = fields.Many2one(
        "res.partner",
        string="Customer Company",
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    company_name = fields.Char(compute="_compute_company_name", string="Organisation")
    function = fields.Char(string="Job Title")
    department = fields.Char()
    mobile = fields.Char(tracking=True, index="btree_not_null")
    phone = fields.Char()
    email = fields.Char(tracking=True)
    email_state = fields.Selection(
        EMAIL_STATES, string="Email Status", compute="_compute_email_state"
    )
    wechat = fields.Char(string="WeChat ID")
    birthday = fields.Date()
    note = fields.Html(string="Notes")
    tag_ids = fields.Many2many(
        "tz.directory.tag", "tz_directory_person_tag_rel", string="Tags"
    )
    state_id = fields.Many2one(
        related="dir_company_id.state_id", store=True, string="Province"
    )
    industry_id = fields.Many2one(related="dir_company_id.industry_id", store=True)
    source_id = fields.Many2one("utm.source")
    address_book_ids = fields.Many2many(
        "tz.address.book",
        "tz_address_book_person_rel",
        "person_id",
        "book_id",
        string="Address Books",
    )
    is_private = fields.Boolean(
        string="Private",
        compute="_compute_is_private",
        store=True,
        readonly=False,
        help="Private entries are only visible to their owner. An entry that is "
        "only in private address books is private; adding it to a shared or team "
        "book shares it.",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", copy=False, check_company=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    opt_out = fields.Boolean(
        string="Opted Out",
        tracking=True,
        help="Opted out of mass mailings and mass SMS (退订).",
    )

    @api.depends("dir_company_id.name", "partner_company_id.name")
    def _compute_company_name(self):
        for record in self:
            record.company_name = (
                record.dir_company_id.name or record.partner_company_id.name or False
            )

    @api.depends("address_book_ids.book_type")
    def _compute_is_private(self):
        """Privacy follows the books on every link path (create, book form, import).

        Without any book the owner's own choice is kept. The record rule checks
        the membership itself too, so a stale flag cannot expose an entry."""
        for record in self:
            books = record.address_book_ids
            if books:
                record.is_private = all(b.book_type == "private" for b in books)

    @api.depends("email", "email_normalized", "message_bounce", "is_blacklisted")
    def _compute_email_state(self):
        for record in self:
            record.email_state = _email_state(record)

    @api.model
    def _tz_normalize_mobile(self, mobile):
        if not mobile:
            return mobile
        try:
            return phone_lib.normalize(mobile, "CN", mobile=True)
        except phone_lib.InvalidPhone as exc:
            raise ValidationError(
                _("%(mobile)s is not a valid mobile number.", mobile=mobile)
            ) from exc

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("mobile"):
                vals["mobile"] = self._tz_normalize_mobile(vals["mobile"])
            self._tz_check_linked_books(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("mobile"):
            vals = dict(vals, mobile=self._tz_normalize_mobile(vals["mobile"]))
        self._tz_check_linked_books(vals)
        return super().write(vals)

    @api.model
    def _tz_check_linked_books(self, vals):
        """Only books the user can see may be linked (no filing into the
        private book of someone else)."""
        book_ids = _linked_ids(vals.get("address_book_ids"))
        if book_ids:
            self.env["tz.address.book"].browse(book_ids).check_access("read")

    def _phone_get_number_fields(self):
        return ["mobile", "phone"]

    def _mailing_get_opt_out_list(self, mailing):
        """Emails of the recipients who opted out (退订) of mass mailings."""
        res_ids = mailing._get_recipients()
        return set(
            self.search([("id", "in", res_ids), ("opt_out", "=", True)]).mapped(
                "email_normalized"
            )
        )

    def _mailing_get_opt_out_list_sms(self, mailing):
        res_ids = mailing._get_recipients()
        return self.search([("id", "in", res_ids), ("opt_out", "=", True)]).ids

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import Template for the Person Directory"),
                "template": "/tz_docs_center/static/xlsx/tz_directory_person.xlsx",
            }
        ]

    def _tz_create_partner(self, parent=None):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        parent = parent or self.partner_company_id or self.dir_company_id.partner_id
        partner = self.env["res.partner"].create(
            {
                "name": self.name,
                "type": "contact",
                "parent_id": parent.id if parent else False,
                "function": self.function,
                "mobile": self.mobile,
                "phone": self.phone,
                "email": self.email,
                "company_id": self.company_id.id,
                "tz_dir_person_id": self.id,
            }
        )
        self.partner_id = partner
        self.message_post(body=_("Converted to contact %(name)s.", name=partner.name))
        return partner

    def action_convert_to_partner(self):
        if not self:
            raise UserError(_("Select at least one person."))
        partners = self.env["res.partner"]
        for record in self:
            partners |= record._tz_create_partner()
        if len(partners) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "view_mode": "form",
                "res_id": partners.id,
            }
        return {
            "type": "ir.actions.act_window",
            "name": _("Contacts"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", partners.ids)],
        }

    def action_view_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "view_mode": "form",
            "res_id": self.partner_id.id,
        }

    def action_send_sms(self):
        if not self:
            raise UserError(_("Select at least one person."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Send SMS"),
            "res_model": "sms.composer",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_composition_mode": "mass",
                "default_res_model": self._name,
                "default_res_ids": self.ids,
                "default_mass_keep_log": True,
                "default_number_field_name": "mobile",
            },
        }

    @api.readonly
    def action_export_xlsx(self):
        return self.env["tz.docs.dashboard"]._tz_export_action(self)


def _linked_ids(commands):
    """Ids linked by x2many ``commands`` (LINK and SET)."""
    ids = []
    for command in commands or []:
        if not isinstance(command, list | tuple):
            continue
        if command[0] == Command.LINK:
            ids.append(command[1])
        elif command[0] == Command.SET:
            ids.extend(command[2])
    return ids

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import phone as phone_lib

EMAIL_STATES = [
    ("none", "No Email"),
    ("valid", "Valid"),
    ("invalid", "Invalid Syntax"),
    ("bounced", "Bounced"),
    ("blacklisted", "Blacklisted"),
]


class TzDirectoryCompany(models.Model):
    _name = "tz.directory.company"
    _description = "Company Directory Entry"
    _inherit = [
        "mail.thread.blacklist",
        "mail.thread.phone",
        "mail.activity.mixin",
        "tz.pinyin.mixin",
        "tz.guarded.mixin",
    ]
    _tz_workflow_fields = ("stage", "merged_into_id")
    _primary_email = "email"
    _mailing_enabled = True
    _check_company_auto = True
    _order = "name, id"
    _rec_names_search = ["name", "pinyin_search", "uscc"]
    _pinyin_source_fields = ("name", "short_name")

    name = fields.Char(string="Company Name", required=True, tracking=True)
    short_name = fields.Char()
    uscc = fields.Char(
        string="USCC",
        tracking=True,
        index=True,
        copy=False,
        help="Unified Social Credit Code (统一社会信用代码), 18 characters.",
    )
    legal_representative = fields.Char(tracking=True)
    industry_id = fields.Many2one("res.partner.industry")
    country_id = fields.Many2one(
        "res.country", default=lambda self: self.env.ref("base.cn")
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        domain="[('country_id', '=?', country_id)]",
    )
    city = fields.Char()
    street = fields.Char(string="Address")
    scale = fields.Selection(
        [
            ("micro", "Micro (< 10)"),
            ("small", "Small (10-99)"),
            ("medium", "Medium (100-499)"),
            ("large", "Large (500+)"),
        ],
    )
    registered_capital = fields.Float(string="Registered Capital (10k CNY)")
    phone = fields.Char(tracking=True)
    phone_normalized = fields.Char(
        string="Normalized Phone",
        compute="_compute_phone_normalized",
        store=True,
        index=True,
    )
    website = fields.Char()
    email = fields.Char(tracking=True)
    email_state = fields.Selection(
        EMAIL_STATES, string="Email Status", compute="_compute_email_state"
    )
    source_id = fields.Many2one("utm.source")
    tag_ids = fields.Many2many(
        "tz.directory.tag", "tz_directory_company_tag_rel", string="Tags"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    opt_out = fields.Boolean(
        string="Opted Out",
        tracking=True,
        help="Opted out of mass mailings and mass SMS (退订).",
    )
    note = fields.Html(string="Notes")
    stage = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("lead", "Converted to Lead"),
            ("customer", "Converted to Customer"),
        ],
        default="prospect",
        required=True,
        tracking=True,
        copy=False,
    )
    person_ids = fields.One2many(
        "tz.directory.person", "dir_company_id", string="Persons"
    )
    person_count = fields.Integer(compute="_compute_person_count", string="# Persons")
    lead_ids = fields.One2many("crm.lead", "tz_dir_company_id", string="Leads")
    lead_count = fields.Integer(compute="_compute_lead_count", string="# Leads")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        copy=False,
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    merged_into_id = fields.Many2one("tz.directory.company", readonly=True, copy=False)
    duplicate_ids = fields.Many2many(
        "tz.directory.company",
        compute="_compute_duplicate_ids",
        string="Possible Duplicates",
    )
    duplicate_count = fields.Integer(compute="_compute_duplicate_ids")
    has_duplicates = fields.Boolean(
        compute="_compute_duplicate_ids", search="_search_has_duplicates"
    )

    _sql_constraints = [
        (
            "uscc_company_uniq",
            "unique (uscc, company_id)",
            "This unified social credit code is already registered in the company "
            "directory.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("phone")
    def _compute_phone_normalized(self):
        for record in self:
            record.phone_normalized = phone_lib.normalize_loose(record.phone) or False

    @api.depends("email", "email_normalized", "message_bounce", "is_blacklisted")
    def _compute_email_state(self):
        for record in self:
            record.email_state = _email_state(record)

    def _compute_person_count(self):
        data = self.env["tz.directory.person"]._read_group(
            [("dir_company_id", "in", self.ids)], ["dir_company_id"], ["__count"]
        )
        counts = {company.id: count for company, count in data}
        for record in self:
            record.person_count = counts.get(record.id, 0)

    def _compute_lead_count(self):
        # a Docs user without Sales rights opens the entry too: no lead count
        if not self.env["crm.lead"].has_access("read"):
            self.lead_count = 0
            return
        data = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("tz_dir_company_id", "in", self.ids)],
                ["tz_dir_company_id"],
                ["__count"],
            )
        )
        counts = {company.id: count for company, count in data}
        for record in self:
            record.lead_count = counts.get(record.id, 0)

    def _duplicate_map(self):
        """Map id -> list of ids of active entries sharing USCC, phone or email."""
        ids = [i for i in self.ids if isinstance(i, int)]
        if not ids:
            return {}
        self.flush_model(["uscc", "phone_normalized", "email_normalized", "active"])
        self.env.cr.execute(
            """
            SELECT a.id, array_agg(DISTINCT b.id ORDER BY b.id)
              FROM tz_directory_company a
              JOIN tz_directory_company b
                ON b.id != a.id AND b.active AND b.company_id = a.company_id
               AND ((a.uscc IS NOT NULL AND a.uscc != '' AND b.uscc = a.uscc)
                 OR (a.phone_normalized IS NOT NULL AND a.phone_normalized != ''
                     AND b.phone_normalized = a.phone_normalized)
                 OR (a.email_normalized IS NOT NULL AND a.email_normalized != ''
                     AND b.email_normalized = a.email_normalized))
             WHERE a.id = ANY(%s)
             GROUP BY a.id
            """,
            [ids],
        )
        return dict(self.env.cr.fetchall())

    @api.depends("uscc", "phone_normalized", "email_normalized", "active")
    def _compute_duplicate_ids(self):
        dup_map = self._duplicate_map()
        for record in self:
            dup_ids = dup_map.get(record.id, [])
            record.duplicate_ids = self.browse(dup_ids)
            record.duplicate_count = len(dup_ids)
            record.has_duplicates = bool(dup_ids)

    def _search_has_duplicates(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on duplicates."))
        self.flush_model(["uscc", "phone_normalized", "email_normalized", "active"])
        query = """
            SELECT a.id FROM tz_directory_company a
             WHERE a.active AND EXISTS (
                SELECT 1 FROM tz_directory_company b
                 WHERE b.id != a.id AND b.active AND b.company_id = a.company_id
                   AND ((a.uscc IS NOT NULL AND a.uscc != '' AND b.uscc = a.uscc)
                     OR (a.phone_normalized IS NOT NULL AND a.phone_normalized != ''
                         AND b.phone_normalized = a.phone_normalized)
                     OR (a.email_normalized IS NOT NULL AND a.email_normalized != ''
                         AND b.email_normalized = a.email_normalized)))
        """
        self.env.cr.execute(query)
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", ids)]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("uscc")
    def _check_uscc(self):
        for record in self.filtered("uscc"):
            try:
                stdnum_uscc.validate(record.uscc)
            except StdnumValidationError as exc:
                raise ValidationError(
                    _(
                        "The unified social credit code %(code)s of %(name)s is not "
                        "valid (%(reason)s).",
                        code=record.uscc,
                        name=record.name,
                        reason=exc.message,
                    )
                ) from exc

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _tz_clean_vals(self, vals):
        if vals.get("uscc"):
            vals["uscc"] = stdnum_uscc.compact(vals["uscc"])
            existing = self.with_context(active_test=False).search(
                [
                    ("uscc", "=", vals["uscc"]),
                    ("company_id", "=", vals.get("company_id") or self.env.company.id),
                    ("id", "not in", self.ids),
                ],
                limit=1,
            )
            if existing:
                raise ValidationError(
                    _(
                        "The unified social credit code %(code)s is already used by "
                        "%(name)s.",
                        code=vals["uscc"],
                        name=existing.name,
                    )
                )
        if vals.get("email"):
            vals["email"] = vals["email"].strip()
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._tz_clean_vals(dict(vals)) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("uscc"):
            for record in self:
                record._tz_clean_vals(
                    dict(vals, company_id=vals.get("company_id", record.company_id.id))
                )
            vals = dict(vals, uscc=stdnum_uscc.compact(vals["uscc"]))
        return super().write(vals)

    def _phone_get_number_fields(self):
        return ["phone"]

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
                "label": _("Import Template for the Company Directory"),
                "template": "/tz_docs_center/static/xlsx/tz_directory_company.xlsx",
            }
        ]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_persons(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_docs_center.action_tz_directory_person"
        )
        action["domain"] = [("dir_company_id", "=", self.id)]
        action["context"] = {"default_dir_company_id": self.id}
        return action

    def action_view_leads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Leads"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("tz_dir_company_id", "=", self.id)],
            "context": {"active_test": False, "default_tz_dir_company_id": self.id},
        }

    def action_view_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "view_mode": "form",
            "res_id": self.partner_id.id,
        }

    def action_open_duplicates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Possible Duplicates"),
            "res_model": "tz.directory.company",
            "view_mode": "list,form",
            "domain": [("id", "in", (self | self.duplicate_ids).ids)],
        }

    def action_merge_duplicates(self):
        records = self
        if len(self) == 1:
            records = self | self.duplicate_ids
        if len(records) < 2:
            raise UserError(_("There is nothing to merge: no duplicate was found."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge Directory Companies"),
            "res_model": "tz.directory.company.merge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_company_ids": records.ids,
                "default_target_id": self[0].id,
            },
        }

    def _tz_lead_user(self):
        """Salesperson of the new lead: the entry's owner, unless the user who
        converts it may only hold their own leads (then the lead is theirs:
        entries are shared, often owned by whoever imported them)."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman_all_leads"):
            return self.user_id or user
        return user

    def _tz_lead_vals(self):
        self.ensure_one()
        contact = self.person_ids[:1]
        use_lead = self.env.user.has_group("crm.group_use_lead")
        return {
            "name": self.name,
            "type": "lead" if use_lead else "opportunity",
            "partner_name": self.name,
            "contact_name": contact.name or False,
            "function": contact.function or False,
            "email_from": self.email or contact.email or False,
            "phone": self.phone or contact.mobile or False,
            "website": self.website,
            "street": self.street,
            "city": self.city,
            "state_id": self.state_id.id,
            "country_id": self.country_id.id,
            "user_id": self._tz_lead_user().id,
            "source_id": self.source_id.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "tz_dir_company_id": self.id,
            "description": self.note,
        }

    def action_convert_to_lead(self):
        leads = self.env["crm.lead"]
        for record in self:
            if not record.active:
                raise UserError(
                    _("%(name)s is archived and cannot be converted.", name=record.name)
                )
            lead = self.env["crm.lead"].create(record._tz_lead_vals())
            leads |= lead
            if record.stage == "prospect":
                record._tz_workflow().write({"stage": "lead"})
            record.message_post(
                body=_("Converted to lead %(lead)s.", lead=lead.name),
            )
        if len(leads) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "crm.lead",
                "view_mode": "form",
                "res_id": leads.id,
            }
        return {
            "type": "ir.actions.act_window",
            "name": _("Leads"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("id", "in", leads.ids)],
        }

    def _tz_partner_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "is_company": True,
            "company_registry": self.uscc or False,
            "email": self.email,
            "phone": self.phone,
            "website": self.website,
            "street": self.street,
            "city": self.city,
            "state_id": self.state_id.id,
            "country_id": self.country_id.id,
            "industry_id": self.industry_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "tz_dir_company_id": self.id,
        }

    def action_convert_to_customer(self):
        partners = self.env["res.partner"]
        for record in self:
            if not record.active:
                raise UserError(
                    _("%(name)s is archived and cannot be converted.", name=record.name)
                )
            partner = record.partner_id
            if not partner:
                partner = self.env["res.partner"].create(record._tz_partner_vals())
                record._tz_workflow().write(
                    {"partner_id": partner.id, "stage": "customer"}
                )
                record.message_post(
                    body=_("Converted to customer %(partner)s.", partner=partner.name)
                )
            for person in record.person_ids.filtered(lambda p: not p.partner_id):
                person._tz_create_partner(parent=partner)
            # sudo: the entry's own leads get the customer it became, also when
            # the converting user has no Sales rights; only partner_id of the
            # leads linked to this entry (and without customer) is written
            record.sudo().lead_ids.filtered(lambda lead: not lead.partner_id).write(
                {"partner_id": partner.id}
            )
            partners |= partner
        if len(partners) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "view_mode": "form",
                "res_id": partners.id,
            }
        return {
            "type": "ir.actions.act_window",
            "name": _("Customers"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", partners.ids)],
        }

    @api.readonly
    def action_export_xlsx(self):
        return self.env["tz.docs.dashboard"]._tz_export_action(self)


def _email_state(record):
    if not record.email:
        return "none"
    if not record.email_normalized:
        return "invalid"
    if record.is_blacklisted:
        return "blacklisted"
    if record.message_bounce:
        return "bounced"
    return "valid"

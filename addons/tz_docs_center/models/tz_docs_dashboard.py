from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import xlsx_export

EXPORT_FIELDS = {
    "tz.directory.company": [
        "name",
        "uscc",
        "legal_representative",
        "industry_id",
        "state_id",
        "city",
        "street",
        "scale",
        "phone",
        "email",
        "website",
        "source_id",
        "tag_ids",
        "user_id",
        "stage",
    ],
    "tz.directory.person": [
        "name",
        "company_name",
        "function",
        "department",
        "mobile",
        "phone",
        "email",
        "wechat",
        "birthday",
        "tag_ids",
        "user_id",
    ],
}
EXPORT_CHUNK = 10000


class TzDocsDashboard(models.TransientModel):
    _name = "tz.docs.dashboard"
    _description = "Docs Center Dashboard"

    company_count = fields.Integer(compute="_compute_counts", string="Companies")
    prospect_count = fields.Integer(compute="_compute_counts", string="Prospects")
    converted_lead_count = fields.Integer(
        compute="_compute_counts", string="Converted to Lead"
    )
    customer_count = fields.Integer(
        compute="_compute_counts", string="Converted to Customer"
    )
    duplicate_count = fields.Integer(compute="_compute_counts", string="Duplicates")
    person_count = fields.Integer(compute="_compute_counts", string="Persons")
    bounced_count = fields.Integer(compute="_compute_counts", string="Bounced Emails")
    document_count = fields.Integer(compute="_compute_counts", string="Documents")
    folder_count = fields.Integer(compute="_compute_counts", string="Folders")
    book_count = fields.Integer(compute="_compute_counts", string="Address Books")
    sms_sent_count = fields.Integer(
        compute="_compute_counts", string="SMS Sent (30 days)"
    )
    sms_error_count = fields.Integer(
        compute="_compute_counts", string="SMS Errors (30 days)"
    )

    def _compute_counts(self):
        Company = self.env["tz.directory.company"]
        Person = self.env["tz.directory.person"]
        stages = dict(Company._read_group([], ["stage"], ["__count"]))
        since = fields.Datetime.now() - timedelta(days=30)
        sms_states = {}
        if self.env.user.has_group("tz_docs_center.group_docs_manager"):
            sms_states = dict(
                self.env["sms.sms"]
                .sudo()
                ._read_group([("create_date", ">=", since)], ["state"], ["__count"])
            )
        values = {
            "company_count": sum(stages.values()),
            "prospect_count": stages.get("prospect", 0),
            "converted_lead_count": stages.get("lead", 0),
            "customer_count": stages.get("customer", 0),
            "duplicate_count": Company.search_count([("has_duplicates", "=", True)]),
            "person_count": Person.search_count([]),
            "bounced_count": Company.search_count([("message_bounce", ">", 0)])
            + Person.search_count([("message_bounce", ">", 0)]),
            "document_count": self.env["tz.document"].search_count([]),
            "folder_count": self.env["tz.document.folder"].search_count([]),
            "book_count": self.env["tz.address.book"].search_count([]),
            "sms_sent_count": sms_states.get("pending", 0) + sms_states.get("sent", 0),
            "sms_error_count": sms_states.get("error", 0),
        }
        for record in self:
            record.update(values)

    @api.model
    def action_open_dashboard(self):
        """Open a saved dashboard: its counters are computed when the form
        reads it, with the rights of the user who opens it."""
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": _("Dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _open(self, xmlid, domain=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if domain is not None:
            action["domain"] = domain
        return action

    def action_open_companies(self):
        return self._open("tz_docs_center.action_tz_directory_company")

    def action_open_duplicates(self):
        return self._open(
            "tz_docs_center.action_tz_directory_company",
            [("has_duplicates", "=", True)],
        )

    def action_open_persons(self):
        return self._open("tz_docs_center.action_tz_directory_person")

    def action_open_documents(self):
        return self._open("tz_docs_center.action_tz_document")

    def action_open_books(self):
        return self._open("tz_docs_center.action_tz_address_book")

    # ------------------------------------------------------------------
    # xlsx export
    # ------------------------------------------------------------------

    @api.model
    def _tz_export_rows(self, model, domain, field_names):
        """Yield export rows chunk by chunk with batched reads.

        Relational values are read as ids and turned into names through a
        small cache, so 100,000 rows stay fast and the ORM cache stays small.
        """
        Model = self.env[model]
        ids = Model.search(domain, order="id").ids
        fields_ = [Model._fields[f] for f in field_names]
        selections = {
            f.name: dict(f._description_selection(self.env))
            for f in fields_
            if f.type == "selection"
        }
        names = {f.name: {} for f in fields_ if f.relational}

        def resolve(field, value_ids):
            cache = names[field.name]
            missing = [i for i in value_ids if i not in cache]
            if missing:
                for rec in self.env[field.comodel_name].browse(missing):
                    cache[rec.id] = rec.display_name
            return [cache[i] for i in value_ids]

        for start in range(0, len(ids), EXPORT_CHUNK):
            chunk = Model.browse(ids[start : start + EXPORT_CHUNK])
            data = chunk.read(field_names, load=None)
            for field in fields_:
                if field.relational:
                    all_ids = set()
                    for vals in data:
                        value = vals[field.name]
                        if field.type == "many2one":
                            if value:
                                all_ids.add(value)
                        else:
                            all_ids.update(value)
                    resolve(field, sorted(all_ids))
            for vals in data:
                row = []
                for field in fields_:
                    value = vals[field.name]
                    if field.type == "many2one":
                        value = names[field.name][value] if value else None
                    elif field.relational:
                        value = ", ".join(resolve(field, value)) or None
                    elif field.type == "selection":
                        value = selections[field.name].get(value) if value else None
                    row.append(value)
                yield row
            self.env.invalidate_all()

    @api.model
    def _tz_export_xlsx(self, model, domain=None, field_names=None):
        if model not in EXPORT_FIELDS:
            raise UserError(_("Export of %(model)s is not supported.", model=model))
        field_names = field_names or EXPORT_FIELDS[model]
        Model = self.env[model]
        headers = [
            Model._fields[f].get_description(self.env)["string"] for f in field_names
        ]
        return xlsx_export.write_xlsx(
            headers,
            self._tz_export_rows(model, domain or [], field_names),
            self._tz_model_label(model),
        )

    @api.model
    def _tz_model_label(self, model):
        """The model's name in the user's language (sheet and file name)."""
        return self.env["ir.model"]._get(model).name

    @api.model
    def _tz_export_file(self, records):
        """Return ``(content, filename)``: the xlsx of ``records``.

        Only reads (nothing is stored): it runs on the read replica from the
        ``readonly`` route /tz_docs_center/export/xlsx."""
        if not records:
            raise UserError(_("Select the records to export."))
        data, _count = self._tz_export_xlsx(records._name, [("id", "in", records.ids)])
        today = fields.Date.context_today(self).isoformat()
        return data, f"{self._tz_model_label(records._name)}-{today}.xlsx"

    @api.model
    def _tz_export_action(self, records):
        """Client action downloading the xlsx of ``records``: the web client
        posts the ids to the read-only route /tz_docs_center/export/xlsx,
        which streams the file (no attachment is created)."""
        if not records:
            raise UserError(_("Select the records to export."))
        return {
            "type": "ir.actions.client",
            "tag": "tz_docs_center.export_xlsx",
            "params": {"model": records._name, "ids": records.ids},
        }

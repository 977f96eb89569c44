import base64
import mimetypes

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import text_extract


class TzDocumentTag(models.Model):
    _name = "tz.document.tag"
    _description = "Document Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique (name)", "Tag names must be unique.")]


class TzDocument(models.Model):
    _name = "tz.document"
    _description = "Document"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tz.pinyin.mixin",
        "tz.guarded.mixin",
    ]
    # derived from the file by create/write (the version history), never typed
    _tz_workflow_fields = ("version", "file_size", "content_text")
    _order = "write_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "pinyin_search"]

    name = fields.Char(required=True, tracking=True)
    folder_id = fields.Many2one(
        "tz.document.folder",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    tag_ids = fields.Many2many("tz.document.tag", string="Tags")
    description = fields.Text()
    datas = fields.Binary(string="File", attachment=True)
    file_name = fields.Char()
    mimetype = fields.Char(compute="_compute_mimetype", store=True)
    file_size = fields.Integer(readonly=True, copy=False)
    version = fields.Integer(default=1, readonly=True, tracking=True, copy=False)
    version_ids = fields.One2many(
        "tz.document.version", "document_id", string="Version History"
    )
    version_count = fields.Integer(compute="_compute_version_count")
    content_text = fields.Text(
        string="Extracted Text", readonly=True, copy=False, index="trigram"
    )
    fulltext = fields.Char(
        string="Full Text",
        compute="_compute_fulltext",
        search="_search_fulltext",
        help="Search in name, description, tags and the text of the file.",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "tz_document_partner_rel",
        "document_id",
        "partner_id",
        string="Partners",
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "tz_document_lead_rel",
        "document_id",
        "lead_id",
        string="Opportunities",
        # leads are for Sales users: others open documents without them
        groups="sales_team.group_sale_salesman",
    )
    res_model = fields.Char(string="Related Model", index=True)
    res_id = fields.Many2oneReference(string="Related ID", model_field="res_model")
    res_ref = fields.Reference(
        selection="_selection_res_ref",
        string="Related Record",
        compute="_compute_res_ref",
        inverse="_inverse_res_ref",
        help="Any record, e.g. a market project (tz_market) when installed.",
    )
    active = fields.Boolean(default=True)

    @api.model
    def _selection_res_ref(self):
        models_ = (
            self.env["ir.model"]
            .sudo()
            .search([("transient", "=", False), ("model", "not like", "ir.%")])
        )
        return [(m.model, m.name) for m in models_]

    @api.depends("file_name")
    def _compute_mimetype(self):
        for doc in self:
            doc.mimetype = mimetypes.guess_type(doc.file_name or "")[0] or (
                "application/octet-stream" if doc.file_name else False
            )

    def _compute_version_count(self):
        data = self.env["tz.document.version"]._read_group(
            [("document_id", "in", self.ids)], ["document_id"], ["__count"]
        )
        counts = {doc.id: count for doc, count in data}
        for doc in self:
            doc.version_count = counts.get(doc.id, 0)

    @api.depends("res_model", "res_id")
    def _compute_res_ref(self):
        for doc in self:
            if doc.res_model and doc.res_id and doc.res_model in self.env:
                doc.res_ref = f"{doc.res_model},{doc.res_id}"
            else:
                doc.res_ref = False

    def _inverse_res_ref(self):
        for doc in self:
            if doc.res_ref:
                doc.res_model = doc.res_ref._name
                doc.res_id = doc.res_ref.id
            else:
                doc.res_model = False
                doc.res_id = False

    def _compute_fulltext(self):
        self.fulltext = False

    def _search_fulltext(self, operator, value):
        if operator not in ("ilike", "like", "="):
            raise UserError(_("Unsupported full-text search operator."))
        value = (value or "").strip()
        if not value:
            return []
        return [
            "|",
            "|",
            "|",
            "|",
            ("name", "ilike", value),
            ("pinyin_search", "ilike", value.lower().replace(" ", "")),
            ("description", "ilike", value),
            ("tag_ids.name", "ilike", value),
            ("content_text", "ilike", value),
        ]

    @api.model
    def _tz_file_vals(self, vals):
        """Extra values derived from a new file: size and extracted text."""
        data = vals.get("datas")
        if not data:
            return {"file_size": 0, "content_text": False}
        raw = base64.b64decode(data)
        filename = vals.get("file_name")
        return {
            "file_size": len(raw),
            "content_text": text_extract.extract_text(
                raw, filename, mimetypes.guess_type(filename or "")[0]
            )
            or False,
        }

    @api.model_create_multi
    def create(self, vals_list):
        file_vals = []
        for vals in vals_list:
            if not vals.get("name") and vals.get("file_name"):
                vals["name"] = vals["file_name"]
            file_vals.append(self._tz_file_vals(vals) if vals.get("datas") else {})
        # the user's values pass the guard of the derived fields first
        records = super().create(vals_list)
        for record, derived in zip(records, file_vals, strict=True):
            if derived:
                super(TzDocument, record._tz_workflow()).write(derived)
        return records

    def copy_data(self, default=None):
        if "lead_ids" in (default or {}) or self._fields["lead_ids"].is_accessible(
            self.env
        ):
            return super().copy_data(default=default)
        # users without Sales rights copy a document without its opportunities
        vals_list = super().copy_data(default=dict(default or {}, lead_ids=False))
        for vals in vals_list:
            vals.pop("lead_ids", None)
        return vals_list

    def write(self, vals):
        if "datas" not in vals:
            return super().write(vals)
        Version = self.env["tz.document.version"]
        for doc in self:
            old = False
            if doc.datas:
                old = {
                    "document_id": doc.id,
                    "version": doc.version,
                    "datas": doc.datas,
                    "file_name": doc.file_name,
                    "file_size": doc.file_size,
                    "mimetype": doc.mimetype,
                }
            # the user's values pass the guard of the derived fields first
            super(TzDocument, doc).write(vals)
            derived = self._tz_file_vals(
                {"datas": vals["datas"], "file_name": doc.file_name}
            )
            if old:
                # sudo: the history is written by the system only (users have no
                # create right on versions), after the user's own write passed
                Version.sudo().create(old)
                derived["version"] = old["version"] + 1
            super(TzDocument, doc._tz_workflow()).write(derived)
            if doc.version > 1:
                doc.message_post(
                    body=_(
                        "New file version %(version)s: %(name)s",
                        version=doc.version,
                        name=doc.file_name or "",
                    )
                )
        return True

    def action_download(self):
        self.ensure_one()
        if not self.datas:
            raise UserError(_("This document has no file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/tz.document/{self.id}/datas/"
            f"{self.file_name or 'file'}?download=true",
            "target": "self",
        }

    def action_preview(self):
        self.ensure_one()
        if not self.datas:
            raise UserError(_("This document has no file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/tz.document/{self.id}/datas/"
            f"{self.file_name or 'file'}",
            "target": "new",
        }

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Version History"),
            "res_model": "tz.document.version",
            "view_mode": "list,form",
            "domain": [("document_id", "=", self.id)],
        }

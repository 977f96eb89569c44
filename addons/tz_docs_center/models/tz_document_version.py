from odoo import fields, models


class TzDocumentVersion(models.Model):
    _name = "tz.document.version"
    _description = "Document Version"
    _order = "document_id, version desc"

    document_id = fields.Many2one(
        "tz.document", required=True, ondelete="cascade", index=True
    )
    version = fields.Integer(required=True, readonly=True)
    datas = fields.Binary(string="File", attachment=True, readonly=True)
    file_name = fields.Char(readonly=True)
    file_size = fields.Integer(readonly=True)
    mimetype = fields.Char(readonly=True)
    company_id = fields.Many2one(related="document_id.company_id", store=True)

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/tz.document.version/{self.id}/datas/"
            f"{self.file_name or 'file'}?download=true",
            "target": "self",
        }

    def action_restore(self):
        """Make this version current again (the current file becomes a version)."""
        self.ensure_one()
        self.document_id.write({"datas": self.datas, "file_name": self.file_name})
        return True

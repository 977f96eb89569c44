from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class TzDocumentFolder(models.Model):
    _name = "tz.document.folder"
    _description = "Document Folder"
    _inherit = ["mail.thread"]
    _parent_store = True
    _parent_name = "parent_id"
    _rec_name = "complete_name"
    _order = "complete_name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=False, tracking=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "tz.document.folder",
        string="Parent Folder",
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("tz.document.folder", "parent_id", string="Sub-folders")
    group_ids = fields.Many2many(
        "res.groups",
        "tz_document_folder_group_rel",
        "folder_id",
        "group_id",
        string="Access Groups",
        help="When set, only members of these groups (and the folder owner and "
        "Docs managers) can see the folder and its documents.",
    )
    effective_group_ids = fields.Many2many(
        "res.groups",
        "tz_document_folder_effective_group_rel",
        "folder_id",
        "group_id",
        string="Effective Access Groups",
        compute="_compute_effective_group_ids",
        store=True,
        recursive=True,
        help="Access groups of the folder, or of its closest restricted parent.",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    description = fields.Text()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    document_ids = fields.One2many("tz.document", "folder_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for folder in self:
            if folder.parent_id:
                folder.complete_name = (
                    f"{folder.parent_id.complete_name} / {folder.name}"
                )
            else:
                folder.complete_name = folder.name

    @api.depends("group_ids", "parent_id.effective_group_ids")
    def _compute_effective_group_ids(self):
        for folder in self:
            folder.effective_group_ids = (
                folder.group_ids or folder.parent_id.effective_group_ids
            )

    def _compute_document_count(self):
        for folder in self:
            folder.document_count = self.env["tz.document"].search_count(
                [("folder_id", "child_of", folder.id)]
            )

    @api.constrains("parent_id")
    def _check_parent_loop(self):
        if self._has_cycle():
            raise ValidationError(
                _("A folder cannot be its own parent or sub-folder (folder loop).")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_has_documents(self):
        if (
            self.env["tz.document"]
            .with_context(active_test=False)
            .search_count([("folder_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                _(
                    "A folder that holds documents cannot be deleted; "
                    "archive it instead."
                )
            )

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_docs_center.action_tz_document"
        )
        action["domain"] = [("folder_id", "child_of", self.id)]
        action["context"] = {"default_folder_id": self.id}
        return action

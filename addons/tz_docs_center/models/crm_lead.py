from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    tz_dir_company_id = fields.Many2one(
        "tz.directory.company",
        string="Directory Company",
        index="btree_not_null",
        copy=False,
        tracking=True,
        groups="tz_docs_center.group_docs_user",
    )
    tz_document_ids = fields.Many2many(
        "tz.document",
        "tz_document_lead_rel",
        "lead_id",
        "document_id",
        string="Documents",
        groups="tz_docs_center.group_docs_user",
        copy=False,
    )

    def action_tz_view_dir_company(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.directory.company",
            "view_mode": "form",
            "res_id": self.tz_dir_company_id.id,
        }

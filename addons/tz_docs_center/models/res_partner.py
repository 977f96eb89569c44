from odoo import fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "tz.pinyin.mixin"]
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "pinyin_search",
    ]

    tz_dir_company_id = fields.Many2one(
        "tz.directory.company",
        string="Directory Company",
        index="btree_not_null",
        copy=False,
        groups="tz_docs_center.group_docs_user",
    )
    tz_dir_person_id = fields.Many2one(
        "tz.directory.person",
        string="Directory Person",
        index="btree_not_null",
        copy=False,
        groups="tz_docs_center.group_docs_user",
    )
    tz_document_ids = fields.Many2many(
        "tz.document",
        "tz_document_partner_rel",
        "partner_id",
        "document_id",
        string="Documents",
        groups="tz_docs_center.group_docs_user",
        copy=False,
    )
    tz_document_count = fields.Integer(
        compute="_compute_tz_document_count",
        string="# Documents",
        groups="tz_docs_center.group_docs_user",
    )

    def _compute_tz_document_count(self):
        data = self.env["tz.document"]._read_group(
            [("partner_ids", "in", self.ids)], ["partner_ids"], ["__count"]
        )
        counts = {partner.id: count for partner, count in data}
        for partner in self:
            partner.tz_document_count = counts.get(partner.id, 0)

    def action_tz_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_docs_center.action_tz_document"
        )
        action["domain"] = [("partner_ids", "in", self.ids)]
        action["context"] = {"default_partner_ids": self.ids}
        return action

    def action_tz_view_dir_company(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.directory.company",
            "view_mode": "form",
            "res_id": self.tz_dir_company_id.id,
        }

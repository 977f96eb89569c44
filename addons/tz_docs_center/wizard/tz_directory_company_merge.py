from odoo import _, api, fields, models
from odoo.exceptions import UserError

MERGE_FIELDS = [
    "short_name",
    "uscc",
    "legal_representative",
    "industry_id",
    "state_id",
    "city",
    "street",
    "scale",
    "registered_capital",
    "phone",
    "website",
    "email",
    "source_id",
    "partner_id",
]


class TzDirectoryCompanyMerge(models.TransientModel):
    _name = "tz.directory.company.merge"
    _description = "Merge Directory Companies"

    company_ids = fields.Many2many(
        "tz.directory.company", string="Entries to Merge", required=True
    )
    target_id = fields.Many2one(
        "tz.directory.company",
        string="Keep",
        required=True,
        domain="[('id', 'in', company_ids)]",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if not res.get("company_ids") and self.env.context.get("active_model") == (
            "tz.directory.company"
        ):
            ids = self.env.context.get("active_ids") or []
            res["company_ids"] = [fields.Command.set(ids)]
            if ids and not res.get("target_id"):
                res["target_id"] = ids[0]
        return res

    def action_merge(self):
        self.ensure_one()
        target = self.target_id
        sources = self.company_ids - target
        if not sources:
            raise UserError(_("Select at least two entries to merge."))
        if target not in self.company_ids:
            raise UserError(_("The entry to keep must be one of the merged entries."))
        if len((self.company_ids).company_id) > 1:
            raise UserError(_("Entries of different companies cannot be merged."))
        vals = {}
        for fname in MERGE_FIELDS:
            if target[fname]:
                continue
            for source in sources:
                if source[fname]:
                    field = target._fields[fname]
                    vals[fname] = (
                        source[fname].id if field.type == "many2one" else source[fname]
                    )
                    break
        tags = sources.tag_ids - target.tag_ids
        if tags:
            vals["tag_ids"] = [fields.Command.link(tag.id) for tag in tags]
        notes = [s.note for s in sources if s.note]
        if notes:
            vals["note"] = "".join([target.note or "", *notes])
        # free the USCC of the sources before giving it to the target
        names = ", ".join(sources.mapped("name"))
        sources._tz_workflow().write(
            {"active": False, "uscc": False, "merged_into_id": target.id}
        )
        sources.person_ids.write({"dir_company_id": target.id})
        # sudo: a Docs manager needs no Sales or Contacts rights to merge; only
        # the link back (tz_dir_company_id) of the leads and customers of the
        # merged entries is moved to the kept entry
        sources.sudo().with_context(active_test=False).lead_ids.write(
            {"tz_dir_company_id": target.id}
        )
        self.env["res.partner"].sudo().with_context(active_test=False).search(
            [("tz_dir_company_id", "in", sources.ids)]
        ).write({"tz_dir_company_id": target.id})
        self.env["mail.message"].sudo().search(
            [("model", "=", target._name), ("res_id", "in", sources.ids)]
        ).write({"res_id": target.id})
        if vals:
            target.write(vals)
        target.message_post(body=_("Merged entries: %(names)s", names=names))
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.directory.company",
            "view_mode": "form",
            "res_id": target.id,
        }

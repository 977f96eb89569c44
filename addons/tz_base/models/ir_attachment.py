from collections import defaultdict

from odoo import _, models
from odoo.exceptions import UserError

# attachment fields whose change replaces the evidence itself
CONTENT_FIELDS = {
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "url",
    "type",
    "res_model",
    "res_id",
    "res_field",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        if CONTENT_FIELDS.intersection(vals):
            self._tz_check_evidence(_("replaced"))
        return super().write(vals)

    def unlink(self):
        self._tz_check_evidence(_("deleted"))
        return super().unlink()

    def _tz_evidence_owners(self):
        """{guarded record: attachments of self} for the records of tz models
        that own attachments of ``self``, in chatter or in evidence fields."""
        owners = defaultdict(lambda: self.browse())
        guarded = self.env.registry.descendants(["tz.guarded.mixin"], "_inherit")
        by_model = defaultdict(lambda: self.browse())
        for att in self.sudo():
            if att.res_model in guarded and att.res_id:
                by_model[att.res_model] |= att
        for model_name, attachments in by_model.items():
            model = self.env[model_name]
            for att in attachments:
                owners[model.browse(att.res_id)] |= att
        for model_name in guarded:
            model = self.env[model_name]
            if model._abstract or not model._tz_evidence_fields:
                continue
            for fname in model._tz_evidence_fields:
                # sudo: the owners are looked up to protect them, whoever may read
                for rec in (
                    model.sudo()
                    .with_context(active_test=False)
                    .search([(fname, "in", self.ids)])
                ):
                    owners[rec.with_env(self.env)] |= self & rec[fname]
        return owners

    def _tz_check_evidence(self, what):
        if self.env.su or not self:
            return
        for record, attachments in self._tz_evidence_owners().items():
            record = record.exists()
            # the lock is read as the system: a user may lose read access to a
            # record (e.g. after a handover) and must still not remove evidence
            if not record or not record.sudo()._tz_evidence_locked():
                continue
            if not record._tz_may_correct_evidence():
                raise UserError(
                    _(
                        "%(record)s is locked: its attachments are evidence and "
                        "cannot be %(what)s. Ask a manager to correct it.",
                        record=record.sudo().display_name,
                        what=what,
                    )
                )
            if hasattr(record, "message_post"):
                record.sudo().message_post(
                    body=_(
                        "Evidence corrected by %(user)s: attachment(s) %(names)s "
                        "%(what)s.",
                        user=self.env.user.name,
                        names=", ".join(attachments.sudo().mapped("name")),
                        what=what,
                    )
                )

from odoo import SUPERUSER_ID, models

from .tz_system_audit import PARTNER_CREDIT_FIELDS


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        names = [
            name
            for name in PARTNER_CREDIT_FIELDS
            if name in vals and name in self._fields
        ]
        if (
            not names
            or not self.ids
            or self.env.uid == SUPERUSER_ID
            or not self.env["tz.system.audit"]._tz_partner_credit_enabled()
        ):
            return super().write(vals)
        old_values = {
            partner.id: {name: partner[name] for name in names}
            for partner in self.sudo()
        }
        result = super().write(vals)
        self.env["tz.system.audit"]._tz_log_partner_credit(self, names, old_values)
        return result

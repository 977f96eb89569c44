from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tz_visit_use_workdays = fields.Boolean(
        related="company_id.tz_visit_use_workdays", readonly=False
    )
    tz_value_monetary_ref = fields.Float(
        related="company_id.tz_value_monetary_ref", readonly=False
    )
    tz_value_potential_ref = fields.Float(
        related="company_id.tz_value_potential_ref", readonly=False
    )
    tz_value_frequency_ref = fields.Integer(
        related="company_id.tz_value_frequency_ref", readonly=False
    )

    def set_values(self):
        before = {c: c.tz_visit_use_workdays for c in self.company_id}
        res = super().set_values()
        if any(c.tz_visit_use_workdays != old for c, old in before.items()):
            self.env["res.partner"].sudo()._tz_recompute_visit_cycle()
        return res

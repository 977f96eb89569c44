from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    tz_handover_count = fields.Integer(
        string="Customer Handovers", compute="_compute_tz_handover_count"
    )

    @api.depends_context("uid")
    def _compute_tz_handover_count(self):
        data = dict(
            self.env["tz.customer.handover"]
            .sudo()
            ._read_group(
                [("from_user_id", "in", self.ids)], ["from_user_id"], ["__count"]
            )
        )
        for user in self:
            user.tz_handover_count = data.get(user, 0)

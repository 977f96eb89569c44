from odoo import api, fields, models


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    tz_competitor_id = fields.Many2one(
        "tz.competitor",
        string="Lost to Competitor",
        compute="_compute_tz_competitor_id",
        store=True,
        readonly=False,
        help="The competitor who won the deal; counted in its win/loss figures.",
    )

    @api.depends("lost_reason_id")
    def _compute_tz_competitor_id(self):
        for wizard in self:
            if wizard.lost_reason_id.tz_competitor_id:
                wizard.tz_competitor_id = wizard.lost_reason_id.tz_competitor_id

    def action_lost_reason_apply(self):
        if self.tz_competitor_id:
            self.lead_ids.write(
                {"tz_competitor_ids": [fields.Command.link(self.tz_competitor_id.id)]}
            )
        return super().action_lost_reason_apply()

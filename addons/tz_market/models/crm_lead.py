from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    tz_market_activity_id = fields.Many2one(
        "tz.market.activity",
        string="Market Activity",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
    )
    tz_market_project_id = fields.Many2one(
        related="tz_market_activity_id.project_id",
        store=True,
        index="btree_not_null",
        string="Market Project",
    )
    tz_market_plan_id = fields.Many2one(
        related="tz_market_activity_id.plan_id",
        store=True,
        index="btree_not_null",
        string="Market Plan",
    )
    tz_competitor_ids = fields.Many2many(
        "tz.competitor",
        "crm_lead_tz_competitor_rel",
        "lead_id",
        "competitor_id",
        string="Competitors",
    )

    @api.model_create_multi
    def create(self, vals_list):
        activity_ids = {
            vals["tz_market_activity_id"]
            for vals in vals_list
            if vals.get("tz_market_activity_id")
        }
        if activity_ids:
            activities = self.env["tz.market.activity"].sudo().browse(activity_ids)
            utm = {
                activity.id: (activity.plan_id.campaign_id.id, activity.source_id.id)
                for activity in activities
            }
            for vals in vals_list:
                campaign, source = utm.get(vals.get("tz_market_activity_id"), (0, 0))
                if campaign and not vals.get("campaign_id"):
                    vals["campaign_id"] = campaign
                if source and not vals.get("source_id"):
                    vals["source_id"] = source
        leads = super().create(vals_list)
        leads._tz_add_lost_reason_competitor()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if vals.get("lost_reason_id"):
            self._tz_add_lost_reason_competitor()
        return res

    def _tz_add_lost_reason_competitor(self):
        """A lost reason naming a competitor records that competitor on the
        opportunity, so the competitor's win/loss counts include it."""
        for lead in self.filtered("lost_reason_id.tz_competitor_id"):
            competitor = lead.lost_reason_id.tz_competitor_id
            if competitor not in lead.tz_competitor_ids:
                lead.tz_competitor_ids = [fields.Command.link(competitor.id)]

from odoo import api, fields, models


class TzCommissionPlanTier(models.Model):
    _name = "tz.commission.plan.tier"
    _description = "Commission Plan Tier"
    _order = "plan_id, from_pct, id"

    plan_id = fields.Many2one(
        "tz.commission.plan", required=True, ondelete="cascade", index=True
    )
    from_pct = fields.Float(
        string="From Achievement (%)", digits=(16, 2), required=True, default=0.0
    )
    to_pct = fields.Float(
        string="To Achievement (%)",
        digits=(16, 2),
        help="Exclusive upper bound; leave 0 on the last tier (no upper limit).",
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 2), required=True)

    @api.constrains("from_pct", "to_pct", "rate")
    def _check_plan_tiers(self):
        self.plan_id._check_tiers()

from odoo import fields, models


class TzMarketSegmentSnapshot(models.Model):
    _name = "tz.market.segment.snapshot"
    _description = "Market Archive Monthly Snapshot"
    _order = "period_from desc, segment_id"

    segment_id = fields.Many2one(
        "tz.market.segment", required=True, ondelete="cascade", index=True
    )
    region_id = fields.Many2one(related="segment_id.region_id", store=True)
    industry_id = fields.Many2one(related="segment_id.industry_id", store=True)
    company_id = fields.Many2one(
        related="segment_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_from = fields.Date(required=True, index=True)
    period_to = fields.Date(required=True)
    active_customer_count = fields.Integer(string="Buying Customers")
    customers_gained = fields.Integer()
    customers_lost = fields.Integer()
    opportunity_count = fields.Integer(string="Opportunities")
    competitor_count = fields.Integer(string="Competitors Present")
    our_sales = fields.Monetary()
    sales_ratio = fields.Float(string="Share of Our Sales (%)", aggregator="avg")
    market_share = fields.Float(string="Market Share (%)", aggregator="avg")

    _sql_constraints = [
        (
            "segment_period_uniq",
            "unique(segment_id, period_from)",
            "There is already a snapshot of this segment for this period.",
        ),
    ]

    def _compute_display_name(self):
        for snapshot in self:
            snapshot.display_name = (
                f"{snapshot.segment_id.name} {snapshot.period_from:%Y-%m}"
            )

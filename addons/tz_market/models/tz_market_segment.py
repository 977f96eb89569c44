from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import rollup

INDICATOR_KEYS = (
    "customer_total",
    "active_customer_count",
    "customers_gained",
    "customers_lost",
    "opportunity_count",
    "competitor_count",
    "our_sales",
    "sales_ratio",
    "market_share",
)


class TzMarketSegment(models.Model):
    _name = "tz.market.segment"
    _description = "Market Archive Segment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    def _default_period_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    region_id = fields.Many2one("tz.market.region", tracking=True)
    industry_id = fields.Many2one("res.partner.industry", tracking=True)
    # static information
    division = fields.Text(string="Market Division")
    features = fields.Html(string="Market Features")
    size_note = fields.Char(string="Market Size Notes")
    market_size = fields.Monetary(
        string="Segment Sales per Year (est.)",
        help="Estimated yearly sales of all suppliers in this segment; the "
        "base of our market share.",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    # period of the dynamic indicators
    period_from = fields.Date(required=True, default=_default_period_from)
    period_to = fields.Date(required=True, default=fields.Date.context_today)
    # dynamic indicators
    customer_total = fields.Integer(
        string="Customers in Segment", compute="_compute_indicators"
    )
    active_customer_count = fields.Integer(
        string="Buying Customers", compute="_compute_indicators"
    )
    customers_gained = fields.Integer(compute="_compute_indicators")
    customers_lost = fields.Integer(
        compute="_compute_indicators",
        help="Customers who bought in the previous period of the same length "
        "but not in this period.",
    )
    opportunity_count = fields.Integer(
        string="Opportunities", compute="_compute_indicators"
    )
    competitor_count = fields.Integer(
        string="Competitors Present", compute="_compute_indicators"
    )
    competitor_summary = fields.Char(
        string="Competitor Presence", compute="_compute_indicators"
    )
    our_sales = fields.Monetary(compute="_compute_indicators")
    sales_ratio = fields.Float(
        string="Share of Our Sales (%)",
        compute="_compute_indicators",
        help="Our sales in the segment / all our sales in the period.",
    )
    market_share = fields.Float(
        string="Market Share (%)",
        compute="_compute_indicators",
        help="Our sales / estimated segment sales for the period.",
    )
    snapshot_ids = fields.One2many(
        "tz.market.segment.snapshot", "segment_id", string="Monthly Snapshots"
    )

    @api.depends("period_from", "period_to", "region_id", "industry_id", "market_size")
    def _compute_indicators(self):
        for segment in self:
            if (
                segment.period_from
                and segment.period_to
                and (segment.period_to >= segment.period_from)
            ):
                values = segment._indicators(segment.period_from, segment.period_to)
            else:
                values = dict.fromkeys(INDICATOR_KEYS, 0)
                values["competitor_summary"] = False
            segment.update(values)

    @api.constrains("period_from", "period_to", "market_size")
    def _check_period(self):
        for segment in self:
            if segment.period_to < segment.period_from:
                raise ValidationError(_("The period ends before it starts."))
            if segment.market_size < 0:
                raise ValidationError(_("The segment sales cannot be negative."))

    def _partner_domain(self, prefix=""):
        """Domain selecting the customers of the segment (optionally through
        a many2one ``prefix`` such as ``partner_id.``)."""
        self.ensure_one()
        domain = []
        if self.region_id:
            domain += self.region_id._partner_domain()
        if self.industry_id:
            domain.append(("industry_id", "=", self.industry_id.id))
        if not prefix:
            return domain
        return [(prefix + leaf[0], leaf[1], leaf[2]) for leaf in domain]

    def _indicators(self, date_from, date_to):
        """Dynamic indicators of one segment over [date_from, date_to]."""
        self.ensure_one()
        start = datetime.combine(date_from, time.min)
        stop = datetime.combine(date_to + timedelta(days=1), time.min)
        prev_from, _prev_to = rollup.previous_period(date_from, date_to)
        prev_start = datetime.combine(prev_from, time.min)
        orders = self.env["sale.order"].sudo()
        company_domain = [("company_id", "=", self.company_id.id)]
        confirmed = [("state", "=", "sale"), *company_domain]
        seg_orders = confirmed + self._partner_domain(
            "partner_id.commercial_partner_id."
        )
        in_period = [("date_order", ">=", start), ("date_order", "<", stop)]
        period_groups = orders._read_group(
            seg_orders + in_period,
            ["partner_id"],
            ["amount_untaxed:sum"],
        )
        buyers = {partner.commercial_partner_id.id for partner, _amt in period_groups}
        our_sales = sum(amount for _partner, amount in period_groups)
        earlier = orders._read_group(
            [*seg_orders, ("date_order", "<", start)],
            ["partner_id"],
        )
        earlier_buyers = {partner.commercial_partner_id.id for (partner,) in earlier}
        previous = orders._read_group(
            [*seg_orders, ("date_order", ">=", prev_start), ("date_order", "<", start)],
            ["partner_id"],
        )
        previous_buyers = {partner.commercial_partner_id.id for (partner,) in previous}
        total_sales = orders._read_group(
            confirmed + in_period, [], ["amount_untaxed:sum"]
        )[0][0]
        customer_total = (
            self.env["res.partner"]
            .sudo()
            .search_count(
                [
                    *self._partner_domain(),
                    ("is_company", "=", True),
                    ("customer_rank", ">", 0),
                ]
            )
        )
        opp_groups = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("create_date", ">=", start),
                    ("create_date", "<", stop),
                    *company_domain,
                    *self._partner_domain("partner_id.commercial_partner_id."),
                ],
                ["tz_competitor_ids"],
                ["__count"],
            )
        )
        opportunity_count = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("type", "=", "opportunity"),
                    ("create_date", ">=", start),
                    ("create_date", "<", stop),
                    *company_domain,
                    *self._partner_domain("partner_id.commercial_partner_id."),
                ]
            )
        )
        presence = sorted(
            ((comp, count) for comp, count in opp_groups if comp),
            key=lambda item: -item[1],
        )
        return {
            "customer_total": customer_total,
            "active_customer_count": len(buyers),
            "customers_gained": len(buyers - earlier_buyers),
            "customers_lost": len(previous_buyers - buyers),
            "opportunity_count": opportunity_count,
            "competitor_count": len(presence),
            "competitor_summary": ", ".join(
                f"{comp.name} ({count})" for comp, count in presence
            )
            or False,
            "our_sales": our_sales,
            "sales_ratio": rollup.progress_percent(our_sales, total_sales),
            "market_share": rollup.progress_percent(
                our_sales,
                rollup.prorate_annual(self.market_size, date_from, date_to),
            ),
        }

    def _take_snapshot(self, date_from, date_to):
        """Create or refresh the snapshot of each segment for the period."""
        Snapshot = self.env["tz.market.segment.snapshot"].sudo()
        snapshots = Snapshot
        for segment in self:
            values = segment._indicators(date_from, date_to)
            values.pop("competitor_summary")
            values.pop("customer_total")
            values.update(
                segment_id=segment.id,
                period_from=date_from,
                period_to=date_to,
            )
            existing = Snapshot.search(
                [("segment_id", "=", segment.id), ("period_from", "=", date_from)],
                limit=1,
            )
            if existing:
                existing.write(values)
                snapshots |= existing
            else:
                snapshots |= Snapshot.create(values)
        return snapshots

    @api.model
    def _cron_monthly_snapshot(self):
        """Monthly cron: snapshot every active segment for the last month."""
        date_from, date_to = rollup.previous_month_bounds(
            fields.Date.context_today(self)
        )
        return self.search([])._take_snapshot(date_from, date_to)

    def action_take_snapshot(self):
        date_from, date_to = rollup.previous_month_bounds(
            fields.Date.context_today(self)
        )
        self._take_snapshot(date_from, date_to)
        return self.action_view_snapshots()

    def action_view_snapshots(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_market.action_tz_market_segment_snapshot"
        )
        action["domain"] = [("segment_id", "in", self.ids)]
        return action

from collections import defaultdict

from odoo import api, fields, models

from ..lib import rollup


class TzMarketRollupMixin(models.AbstractModel):
    """Roll-up figures shared by market plans, projects and activities.

    Every figure is computed for the whole recordset at once with a fixed
    number of grouped queries (``_read_group``) - never a loop of queries.
    Concrete models set ``_rollup_lead_field`` (the stored field on crm.lead
    and sale.order pointing to them) and implement ``_rollup_costs``.
    """

    _name = "tz.market.rollup.mixin"
    _description = "Market Roll-up Mixin"
    _rollup_lead_field = None

    currency_id = fields.Many2one("res.currency")
    lead_count = fields.Integer(string="Number of Leads", compute="_compute_rollup")
    opportunity_count = fields.Integer(
        string="Opportunities", compute="_compute_rollup"
    )
    won_count = fields.Integer(string="Won Opportunities", compute="_compute_rollup")
    lost_count = fields.Integer(string="Lost", compute="_compute_rollup")
    customer_count = fields.Integer(
        string="Customers Won",
        compute="_compute_rollup",
        help="Distinct customers of the won opportunities.",
    )
    order_count = fields.Integer(string="Confirmed Orders", compute="_compute_rollup")
    won_revenue = fields.Monetary(
        compute="_compute_rollup",
        currency_field="currency_id",
        help="Untaxed amount of the confirmed sale orders of the opportunities.",
    )
    rollup_cost = fields.Monetary(
        string="Total Cost", compute="_compute_rollup", currency_field="currency_id"
    )
    cost_per_lead = fields.Monetary(
        compute="_compute_rollup", currency_field="currency_id"
    )
    roi = fields.Float(
        string="ROI (%)",
        compute="_compute_rollup",
        help="(Won revenue - cost) / cost x 100",
    )

    def _rollup_costs(self):
        """Return ``{record id: cost}`` for the records of ``self``."""
        raise NotImplementedError

    def _rollup_extra(self, values):
        """Hook to compute extra roll-up fields (progress vs goals)."""
        return values

    def _rollup_data(self):
        """Compute all roll-up figures of ``self`` in a fixed number of queries.

        :return: dict ``{record id: {field name: value}}``
        """
        ids = [rid for rid in self._origin.ids if rid]
        empty = {
            "lead_count": 0,
            "opportunity_count": 0,
            "won_count": 0,
            "lost_count": 0,
            "customer_count": 0,
            "order_count": 0,
            "won_revenue": 0.0,
            "rollup_cost": 0.0,
        }
        result = {rid: dict(empty) for rid in ids}
        if not ids:
            return result
        key = self._rollup_lead_field
        self.env["crm.lead"].flush_model()
        self.env["sale.order"].flush_model()
        leads = self.env["crm.lead"].sudo().with_context(active_test=False)
        won_stage_ids = set(
            self.env["crm.stage"].sudo().search([("is_won", "=", True)]).ids
        )
        groups = leads._read_group(
            [(key, "in", ids)],
            [key, "type", "stage_id", "active"],
            ["__count"],
        )
        rows = [
            (rec.id, lead_type, stage.id, active, count)
            for rec, lead_type, stage, active, count in groups
        ]
        for rid, counters in rollup.summarize_outcomes(rows, won_stage_ids).items():
            result[rid].update(
                lead_count=counters["leads"],
                opportunity_count=counters["opportunities"],
                won_count=counters["won"],
                lost_count=counters["lost"],
            )
        if won_stage_ids:
            for rec, customers in leads._read_group(
                [
                    (key, "in", ids),
                    ("type", "=", "opportunity"),
                    ("stage_id", "in", list(won_stage_ids)),
                    ("partner_id", "!=", False),
                ],
                [key],
                ["partner_id:count_distinct"],
            ):
                result[rec.id]["customer_count"] = customers
        # Confirmed orders, converted to the company currency of each record.
        today = fields.Date.context_today(self)
        revenue = defaultdict(float)
        for rec, currency, company, amount, count in (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [(key, "in", ids), ("state", "=", "sale")],
                [key, "currency_id", "company_id"],
                ["amount_untaxed:sum", "__count"],
            )
        ):
            target = company.currency_id
            if currency and target and currency != target:
                amount = currency._convert(amount, target, company, today)
            revenue[rec.id] += amount
            result[rec.id]["order_count"] += count
        for rid, amount in revenue.items():
            result[rid]["won_revenue"] = amount
        for rid, cost in self._rollup_costs().items():
            if rid in result:
                result[rid]["rollup_cost"] = cost
        return result

    @api.depends_context("company")
    def _compute_rollup(self):
        data = self._rollup_data()
        for record in self:
            values = dict(data.get(record._origin.id) or {})
            if not values:
                values = {
                    "lead_count": 0,
                    "opportunity_count": 0,
                    "won_count": 0,
                    "lost_count": 0,
                    "customer_count": 0,
                    "order_count": 0,
                    "won_revenue": 0.0,
                    "rollup_cost": 0.0,
                }
            values["cost_per_lead"] = rollup.cost_per_lead(
                values["rollup_cost"], values["lead_count"]
            )
            values["roi"] = rollup.roi_percent(
                values["won_revenue"], values["rollup_cost"]
            )
            record.update(record._rollup_extra(values))

    def _rollup_lead_domain(self, extra=None):
        return [(self._rollup_lead_field, "in", self.ids)] + (extra or [])

    def action_view_rollup_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = self._rollup_lead_domain()
        action["context"] = {"active_test": False, "create": False}
        return action

    def action_view_rollup_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = self._rollup_lead_domain([("type", "=", "opportunity")])
        action["context"] = {"active_test": False, "create": False}
        return action

    def action_view_rollup_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [
            (self._rollup_lead_field, "in", self.ids),
            ("state", "=", "sale"),
        ]
        action["context"] = {"create": False}
        return action

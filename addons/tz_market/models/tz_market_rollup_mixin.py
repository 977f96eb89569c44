from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import rollup

EMPTY_ROLLUP = {
    "lead_count": 0,
    "opportunity_count": 0,
    "won_count": 0,
    "lost_count": 0,
    "customer_count": 0,
    "order_count": 0,
    "won_revenue": 0.0,
    "rollup_cost": 0.0,
}


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

        Grouped SQL on the stored, indexed link columns of crm.lead and
        sale.order (the figures are totals, shown to everyone who may read
        the plan, hence no record rules on the leads/orders themselves).

        :return: dict ``{record id: {field name: value}}``
        """
        ids = [rid for rid in self._origin.ids if rid]
        result = {rid: dict(EMPTY_ROLLUP) for rid in ids}
        if not ids:
            return result
        key = SQL.identifier(self._rollup_lead_field)
        self.env["crm.lead"].flush_model(
            [self._rollup_lead_field, "type", "stage_id", "active", "partner_id"]
        )
        self.env["sale.order"].flush_model(
            [self._rollup_lead_field, "state", "amount_untaxed", "currency_id"]
        )
        won_stage_ids = self.env["crm.stage"].sudo().search([("is_won", "=", True)]).ids
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT %(key)s, type, stage_id, active, count(*)
                     FROM crm_lead
                    WHERE %(key)s = ANY(%(ids)s)
                 GROUP BY 1, 2, 3, 4""",
                key=key,
                ids=ids,
            )
        )
        counters = rollup.summarize_outcomes(cr.fetchall(), set(won_stage_ids))
        for rid, figures in counters.items():
            result[rid].update(
                lead_count=figures["leads"],
                opportunity_count=figures["opportunities"],
                won_count=figures["won"],
                lost_count=figures["lost"],
            )
        if won_stage_ids:
            cr.execute(
                SQL(
                    """SELECT %(key)s, count(DISTINCT partner_id)
                         FROM crm_lead
                        WHERE %(key)s = ANY(%(ids)s)
                          AND type = 'opportunity'
                          AND stage_id = ANY(%(won)s)
                          AND partner_id IS NOT NULL
                     GROUP BY 1""",
                    key=key,
                    ids=ids,
                    won=won_stage_ids,
                )
            )
            for rid, customers in cr.fetchall():
                result[rid]["customer_count"] = customers
        # Confirmed orders, converted to the company currency of each record.
        cr.execute(
            SQL(
                """SELECT %(key)s, currency_id, company_id,
                          sum(amount_untaxed), count(*)
                     FROM sale_order
                    WHERE %(key)s = ANY(%(ids)s) AND state = 'sale'
                 GROUP BY 1, 2, 3""",
                key=key,
                ids=ids,
            )
        )
        order_rows = cr.fetchall()
        today = fields.Date.context_today(self)
        for rid, currency_id, company_id, amount, count in order_rows:
            company = self.env["res.company"].browse(company_id)
            if currency_id and currency_id != company.currency_id.id:
                amount = (
                    self.env["res.currency"]
                    .browse(currency_id)
                    ._convert(amount or 0.0, company.currency_id, company, today)
                )
            result[rid]["won_revenue"] += amount or 0.0
            result[rid]["order_count"] += count
        for rid, cost in self._rollup_costs().items():
            if rid in result:
                result[rid]["rollup_cost"] = cost
        return result

    @api.depends_context("company")
    def _compute_rollup(self):
        data = self._rollup_data()
        columns = defaultdict(list)
        for record in self:
            values = dict(data.get(record._origin.id) or EMPTY_ROLLUP)
            values["cost_per_lead"] = rollup.cost_per_lead(
                values["rollup_cost"], values["lead_count"]
            )
            values["roi"] = rollup.roi_percent(
                values["won_revenue"], values["rollup_cost"]
            )
            for name, value in record._rollup_extra(values).items():
                columns[name].append(value)
        # bulk cache assignment: thousands of records in one go
        for name, values in columns.items():
            self.env.cache.update(self, self._fields[name], values)

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

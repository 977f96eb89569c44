from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

from ..lib import commission_math, periods

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


class TzSalesTarget(models.Model):
    _name = "tz.sales.target"
    _description = "Sales Target"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, achievement_revenue desc, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    target_type = fields.Selection(
        [("user", "Salesperson"), ("team", "Sales Team")],
        required=True,
        default="user",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, tracking=True
    )
    period_type = fields.Selection(
        PERIOD_TYPES, required=True, default="month", tracking=True
    )
    date_from = fields.Date(
        string="Period Start",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        tracking=True,
    )
    date_to = fields.Date(
        string="Period End", compute="_compute_date_to", store=True, index=True
    )
    revenue_basis = fields.Selection(
        [("invoiced", "Invoiced"), ("paid", "Paid")],
        required=True,
        default="invoiced",
        tracking=True,
        help="Invoiced: untaxed amount of posted customer invoices minus credit "
        "notes dated in the period.\nPaid: untaxed share of the customer "
        "payments reconciled in the period.",
    )
    target_revenue = fields.Monetary(string="Revenue Target", tracking=True)
    target_new_customers = fields.Integer(string="New Customers Target", tracking=True)
    target_margin = fields.Monetary(string="Gross Margin Target", tracking=True)
    actual_revenue = fields.Monetary(readonly=True)
    actual_new_customers = fields.Integer(readonly=True)
    actual_margin = fields.Monetary(string="Actual Gross Margin", readonly=True)
    actuals_updated = fields.Datetime(string="Actuals Updated On", readonly=True)
    achievement_revenue = fields.Float(
        string="Revenue Achievement (%)",
        compute="_compute_achievement",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    achievement_new_customers = fields.Float(
        string="New Customers Achievement (%)",
        compute="_compute_achievement",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    achievement_margin = fields.Float(
        string="Margin Achievement (%)",
        compute="_compute_achievement",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    note = fields.Text()
    # forecast (佣金预估), salesperson targets only
    plan_id = fields.Many2one(
        "tz.commission.plan", compute="_compute_forecast", string="Commission Plan"
    )
    earned_commission = fields.Monetary(compute="_compute_forecast")
    pipeline_basis = fields.Monetary(
        compute="_compute_forecast", string="Open Pipeline (basis)"
    )
    forecast_commission = fields.Monetary(compute="_compute_forecast")
    next_tier_needed = fields.Monetary(compute="_compute_forecast")
    next_tier_worth = fields.Monetary(compute="_compute_forecast")
    forecast_message = fields.Char(compute="_compute_forecast")

    _sql_constraints = [
        (
            "targets_not_negative",
            "CHECK(target_revenue >= 0 AND target_new_customers >= 0 "
            "AND target_margin >= 0)",
            "Targets cannot be negative.",
        ),
    ]

    @api.depends("target_type", "user_id", "team_id", "period_type", "date_from")
    def _compute_name(self):
        for target in self:
            who = target.user_id.name if target.target_type == "user" else None
            who = who or target.team_id.name or ""
            label = (
                periods.period_label(target.date_from, target.period_type)
                if target.date_from and target.period_type
                else ""
            )
            target.name = f"{who} {label}".strip()

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for target in self:
            if target.date_from and target.period_type:
                start = periods.period_start(target.date_from, target.period_type)
                target.date_to = periods.period_end(start, target.period_type)
            else:
                target.date_to = False

    @api.depends(
        "actual_revenue",
        "actual_new_customers",
        "actual_margin",
        "target_revenue",
        "target_new_customers",
        "target_margin",
    )
    def _compute_achievement(self):
        for target in self:
            target.achievement_revenue = (
                commission_math.achievement(
                    target.actual_revenue, target.target_revenue
                )
                or 0.0
            )
            target.achievement_new_customers = (
                commission_math.achievement(
                    target.actual_new_customers, target.target_new_customers
                )
                or 0.0
            )
            target.achievement_margin = (
                commission_math.achievement(target.actual_margin, target.target_margin)
                or 0.0
            )

    @api.depends("user_id", "date_from", "date_to", "target_type")
    @api.depends_context("tz_forecast_date")
    def _compute_forecast(self):
        Line = self.env["tz.commission.line"].sudo()
        today = self.env.context.get("tz_forecast_date") or fields.Date.context_today(
            self
        )
        today = fields.Date.to_date(today)
        for target in self:
            values = {
                "plan_id": False,
                "earned_commission": 0.0,
                "pipeline_basis": 0.0,
                "forecast_commission": 0.0,
                "next_tier_needed": 0.0,
                "next_tier_worth": 0.0,
                "forecast_message": False,
            }
            if target.target_type == "user" and target.user_id and target.date_from:
                ref = min(max(today, target.date_from), target.date_to)
                forecast = Line._forecast(
                    target.user_id,
                    target.company_id,
                    ref,
                    with_pipeline=today <= target.date_to,
                )
                if forecast:
                    values.update(
                        plan_id=forecast["plan"].id,
                        earned_commission=forecast["earned"],
                        pipeline_basis=forecast["pipeline"],
                        forecast_commission=forecast["forecast"],
                    )
                    gap = forecast["gap"]
                    if gap:
                        currency = target.currency_id
                        needed = format_amount(self.env, gap["needed"], currency)
                        worth = format_amount(self.env, gap["worth"], currency)
                        rate = f"{gap['next_rate']:g}"
                        message = _(
                            "Sell %(amount)s more to reach the next tier "
                            "(%(rate)s %%), worth %(worth)s more commission.",
                            amount=needed,
                            rate=rate,
                            worth=worth,
                        )
                        values.update(
                            next_tier_needed=gap["needed"],
                            next_tier_worth=gap["worth"],
                            forecast_message=message,
                        )
                    elif (
                        forecast["open"]
                        and forecast["plan"].rate_type == "tiered"
                        and forecast["target"]
                    ):
                        values["forecast_message"] = _(
                            "Top tier reached: every further sale earns the "
                            "highest rate."
                        )
            target.update(values)

    @api.constrains(
        "target_type", "user_id", "team_id", "period_type", "date_from", "active"
    )
    def _check_target(self):
        for target in self:
            if target.target_type == "user" and not target.user_id:
                raise ValidationError(_("A salesperson target needs a salesperson."))
            if target.target_type == "team" and not target.team_id:
                raise ValidationError(_("A team target needs a sales team."))
            if not periods.is_period_start(target.date_from, target.period_type):
                raise ValidationError(
                    _(
                        "The period start %(date)s is not the first day of a "
                        "%(period)s.",
                        date=target.date_from,
                        period=dict(
                            self._fields["period_type"]._description_selection(self.env)
                        )[target.period_type],
                    )
                )
            if not target.active:
                continue
            domain = [
                ("id", "!=", target.id),
                ("company_id", "=", target.company_id.id),
                ("target_type", "=", target.target_type),
                ("period_type", "=", target.period_type),
                ("date_from", "<=", target.date_to),
                ("date_to", ">=", target.date_from),
            ]
            if target.target_type == "user":
                domain.append(("user_id", "=", target.user_id.id))
            else:
                domain.append(("team_id", "=", target.team_id.id))
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(
                    _(
                        "The target %(target)s overlaps the existing target "
                        "%(other)s of the same %(period)s.",
                        target=target.name,
                        other=other.name,
                        period=dict(
                            self._fields["period_type"]._description_selection(self.env)
                        )[target.period_type],
                    )
                )

    @api.onchange("target_type")
    def _onchange_target_type(self):
        if self.target_type == "user":
            self.team_id = False
        else:
            self.user_id = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from") and vals.get("period_type"):
                vals["date_from"] = periods.period_start(
                    fields.Date.to_date(vals["date_from"]), vals["period_type"]
                )
        targets = super().create(vals_list)
        targets._refresh_actuals()
        return targets

    # ------------------------------------------------------------------
    # actuals
    # ------------------------------------------------------------------
    def action_refresh_actuals(self):
        self._refresh_actuals()
        return True

    @api.model
    def action_open_my_targets(self):
        targets = self.search([("user_id", "=", self.env.uid)])
        targets.sudo()._refresh_actuals()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_commission.action_tz_sales_target_my"
        )
        return action

    @api.model
    def action_open_ranking(self):
        domain = [
            ("date_to", ">=", fields.Date.context_today(self) - timedelta(days=400))
        ]
        self.search(domain).sudo()._refresh_actuals()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "tz_commission.action_tz_sales_target_ranking"
        )

    @api.model
    def _cron_refresh_actuals(self):
        today = fields.Date.context_today(self)
        # sudo: the cron refreshes the targets of every company; each one is
        # measured against the documents of its own company only
        self.sudo().search(
            [("date_to", ">=", today - timedelta(days=31)), ("date_from", "<=", today)]
        )._refresh_actuals()

    def _refresh_actuals(self):
        """Recompute actuals with one set of grouped queries per period."""
        by_period = defaultdict(lambda: self.browse())
        for target in self:
            by_period[(target.company_id.id, target.date_from, target.date_to)] |= (
                target
            )
        now = fields.Datetime.now()
        for (company_id, date_from, date_to), targets in by_period.items():
            invoiced = self._query_invoiced(company_id, date_from, date_to)
            paid = self._query_paid(company_id, date_from, date_to)
            margin = self._query_margin(company_id, date_from, date_to)
            new_customers = self._query_new_customers(company_id, date_from, date_to)
            for target in targets:
                key = (
                    ("user", target.user_id.id)
                    if target.target_type == "user"
                    else ("team", target.team_id.id)
                )
                revenue = invoiced if target.revenue_basis == "invoiced" else paid
                target.write(
                    {
                        "actual_revenue": revenue.get(key, 0.0),
                        "actual_margin": margin.get(key, 0.0),
                        "actual_new_customers": int(new_customers.get(key, 0)),
                        "actuals_updated": now,
                    }
                )

    @api.model
    def _accumulate(self, rows):
        """Rows (user_id, team_id, value) -> {('user', id)|('team', id): sum}."""
        result = defaultdict(float)
        for user_id, team_id, value in rows:
            if user_id:
                result[("user", user_id)] += value or 0.0
            if team_id:
                result[("team", team_id)] += value or 0.0
        return result

    @api.model
    def _query_invoiced(self, company_id, date_from, date_to):
        self.env["account.move"].flush_model()
        self.env.cr.execute(
            """
            SELECT invoice_user_id, team_id, SUM(amount_untaxed_signed)
              FROM account_move
             WHERE state = 'posted'
               AND move_type IN ('out_invoice', 'out_refund')
               AND company_id = %s
               AND invoice_date BETWEEN %s AND %s
          GROUP BY invoice_user_id, team_id
            """,
            (company_id, date_from, date_to),
        )
        return self._accumulate(self.env.cr.fetchall())

    @api.model
    def _query_paid(self, company_id, date_from, date_to):
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            """
            SELECT m.invoice_user_id, m.team_id,
                   SUM(pr.amount * m.amount_untaxed_signed / m.amount_total_signed
                       * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END)
              FROM account_partial_reconcile pr
              JOIN account_move_line aml
                ON aml.id = pr.debit_move_id OR aml.id = pr.credit_move_id
              JOIN account_account acc ON acc.id = aml.account_id
              JOIN account_move m ON m.id = aml.move_id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.amount_total_signed != 0
               AND acc.account_type = 'asset_receivable'
               AND m.company_id = %s
               AND pr.max_date BETWEEN %s AND %s
          GROUP BY m.invoice_user_id, m.team_id
            """,
            (company_id, date_from, date_to),
        )
        return self._accumulate(self.env.cr.fetchall())

    @api.model
    def _query_margin(self, company_id, date_from, date_to):
        """Invoiced revenue minus the cost frozen on each line at posting
        (today's product cost only for lines posted before it was frozen)."""
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            """
            SELECT m.invoice_user_id, m.team_id, l.product_id,
                   SUM(-l.balance),
                   SUM(CASE WHEN l.tz_cost_date IS NOT NULL
                            THEN l.quantity * l.tz_unit_cost ELSE 0 END
                       * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END),
                   SUM(CASE WHEN l.tz_cost_date IS NULL THEN l.quantity ELSE 0 END
                       * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END)
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND l.display_type = 'product'
               AND m.company_id = %s
               AND m.invoice_date BETWEEN %s AND %s
          GROUP BY m.invoice_user_id, m.team_id, l.product_id
            """,
            (company_id, date_from, date_to),
        )
        rows = self.env.cr.fetchall()
        company = self.env["res.company"].browse(company_id)
        products = (
            self.env["product.product"]
            .browse({row[2] for row in rows if row[2] and row[5]})
            .with_company(company)
            .sudo()
        )
        costs = {product.id: product.standard_price for product in products}
        return self._accumulate(
            (
                user_id,
                team_id,
                revenue
                - (frozen_cost or 0.0)
                - (open_qty or 0.0) * costs.get(product_id, 0.0),
            )
            for user_id, team_id, product_id, revenue, frozen_cost, open_qty in rows
        )

    @api.model
    def _query_new_customers(self, company_id, date_from, date_to):
        """Customers whose first confirmed order ever falls in the period."""
        self.env["sale.order"].flush_model()
        self.env.cr.execute(
            """
            WITH firsts AS (
                SELECT DISTINCT ON (p.commercial_partner_id)
                       so.user_id, so.team_id, so.date_order
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %s
              ORDER BY p.commercial_partner_id, so.date_order, so.id
            )
            SELECT user_id, team_id, COUNT(*)
              FROM firsts
             WHERE date_order >= %s AND date_order < %s
          GROUP BY user_id, team_id
            """,
            (company_id, date_from, date_to + timedelta(days=1)),
        )
        return self._accumulate(self.env.cr.fetchall())

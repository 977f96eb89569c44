from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero

from ..lib import commission_math, periods

EVENT_TYPES = [
    ("invoice", "Invoice Posted"),
    ("payment", "Payment"),
    ("refund", "Credit Note"),
    ("reversal", "Reversal / Cancellation"),
    ("unpayment", "Payment Undone"),
]


class TzCommissionLine(models.Model):
    _name = "tz.commission.line"
    _description = "Commission Line"
    _inherit = ["tz.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # money and identity of a line: booked by the system only (sudo), never
    # edited by a user, whatever the channel (form, x2many, import, RPC)
    _tz_workflow_fields = (
        "date",
        "tier_date",
        "user_id",
        "plan_id",
        "company_id",
        "move_id",
        "event_type",
        "rate_kind",
        "own_rate",
        "base_amount",
        "commission_amount",
        "rate",
        "achievement",
        "settlement_id",
    )

    name = fields.Char(string="Description", required=True)
    date = fields.Date(required=True, index=True)
    tier_date = fields.Date(
        string="Earned In",
        index=True,
        help="A day of the plan period whose tiers this line moves. Equal to "
        "the date, except for claw-backs (credit notes, reversals) of amounts "
        "earned in an earlier period: they undo what those amounts earned "
        "there, last in first out through that period's tiers.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        ondelete="restrict",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    plan_id = fields.Many2one(
        "tz.commission.plan", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="restrict"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one(
        "account.move", string="Invoice", index=True, ondelete="set null"
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    event_type = fields.Selection(EVENT_TYPES, required=True)
    basis = fields.Selection(related="plan_id.basis", string="Plan Basis")
    rate_kind = fields.Selection(
        [("standard", "Plan Rate"), ("own", "Product Own Rate")],
        required=True,
        default="standard",
    )
    own_rate = fields.Float(digits=(16, 2))
    base_amount = fields.Monetary(string="Basis", required=True)
    commission_amount = fields.Monetary(string="Commission", required=True)
    rate = fields.Float(
        string="Effective Rate (%)",
        digits=(16, 2),
        aggregator=None,
        help="Commission / basis of this line. In 'whole' mode a line that "
        "crosses a tier also carries the re-rating of earlier sales.",
    )
    achievement = fields.Float(
        string="Achievement (%)",
        digits=(16, 1),
        aggregator=None,
        help="Achievement of the period target after this line.",
    )
    settlement_id = fields.Many2one(
        "tz.commission.settlement", index=True, ondelete="set null", copy=False
    )
    settlement_state = fields.Selection(related="settlement_id.state")
    is_late = fields.Boolean(
        string="Late Correction",
        compute="_compute_is_late",
        store=True,
        help="Dated before the settlement period: a correction of a period "
        "already settled.",
    )

    @api.depends("date", "settlement_id.date_from")
    def _compute_is_late(self):
        for line in self:
            line.is_late = bool(
                line.settlement_id and line.date < line.settlement_id.date_from
            )

    @api.model_create_multi
    def create(self, vals_list):
        # the rights first: a user without them gets the access error, not
        # the workflow one (lines are booked by the system only)
        self.check_access("create")
        for vals in vals_list:
            if not vals.get("tier_date"):
                vals["tier_date"] = vals.get("date")
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        # the lock holds even for sudo code: only a workflow method of this
        # module (self._tz_workflow()) may touch a line of a confirmed period
        if not self._tz_from_workflow():
            locked = self.filtered(
                lambda line: line.settlement_id.state in ("confirmed", "paid")
            )
            if locked:
                raise UserError(
                    _(
                        "Commission lines of a confirmed settlement cannot be "
                        "changed; corrections are booked in the next period."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _(
                "Commission lines are history and cannot be deleted; a "
                "correction creates a counter line."
            )
        )

    # ------------------------------------------------------------------
    # period state (achievement of the salesperson within the plan window)
    # ------------------------------------------------------------------
    @api.model
    def _window(self, plan, date):
        return periods.period_bounds(date, plan.target_period)

    @api.model
    def _target_amount(self, plan, user, date):
        date_from, _date_to = self._window(plan, date)
        target = (
            self.env["tz.sales.target"]
            .sudo()
            .search(
                [
                    ("target_type", "=", "user"),
                    ("user_id", "=", user.id),
                    ("company_id", "=", plan.company_id.id),
                    ("period_type", "=", plan.target_period),
                    ("date_from", "=", date_from),
                ],
                limit=1,
            )
        )
        if not target:
            return 0.0
        return target.target_margin if plan.basis == "margin" else target.target_revenue

    @api.model
    def _cumulative(self, plan, user, date):
        date_from, date_to = self._window(plan, date)
        data = self.sudo()._read_group(
            [
                ("user_id", "=", user.id),
                ("plan_id", "=", plan.id),
                ("rate_kind", "=", "standard"),
                ("tier_date", ">=", date_from),
                ("tier_date", "<=", date_to),
            ],
            [],
            ["base_amount:sum", "commission_amount:sum"],
        )
        return data[0] if data else (0.0, 0.0)

    # ------------------------------------------------------------------
    # synchronisation with invoices and payments
    # ------------------------------------------------------------------
    @api.model
    def _desired_basis(self, move, plan):
        """{(rate_kind, own_rate): basis} the move should have earned."""
        desired = defaultdict(float)
        if move.state != "posted":
            return desired
        factor = 1.0
        if plan.basis == "paid":
            if float_is_zero(move.amount_total, precision_rounding=0.01):
                return desired
            factor = max(0.0, 1.0 - move.amount_residual / move.amount_total)
        direction = 1.0 if move.move_type == "out_invoice" else -1.0
        for line in move.invoice_line_ids.filtered(
            lambda aml: aml.display_type == "product"
        ):
            amount = -line.balance
            if plan.basis == "margin":
                # the cost frozen when the invoice was posted, not today's
                amount -= direction * line.quantity * line._tz_unit_cost()
            kind, rate = plan._product_rule(line.product_id)
            if kind == "exclude":
                continue
            key = ("own", rate) if kind == "rate" else ("standard", 0.0)
            desired[key] += amount * factor
        return desired

    @api.model
    def _sync_moves(self, moves, event_date=None, catch_up=False):
        """Book the difference between earned and booked commission.

        Idempotent: computes, per invoice, what its current state (posted,
        paid share, reset to draft...) should have earned and books only the
        delta as new lines dated ``event_date``.  Existing lines are never
        modified, so confirmed periods stay untouched.  ``catch_up`` dates
        each line on the day its event would have booked it (see
        :meth:`_catch_up_date`).

        Two syncs of the same invoice in two transactions book it once: the
        invoices to book are marked first (:meth:`_mark_synced`), which makes
        the later one fail with a serialization error instead of booking the
        delta its snapshot still sees.
        """
        self = self.sudo()
        Assignment = self.env["tz.commission.assignment"].sudo()
        moves = moves.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
        ).sudo()
        if not moves:
            return self.browse()
        if not Assignment.search_count([], limit=1) and not self.search_count(
            [("move_id", "in", moves.ids)], limit=1
        ):
            return self.browse()  # commissions not in use: stay cheap
        moves.invoice_line_ids._tz_freeze_cost()
        existing = self._booked_by_move(moves)
        origins = self._booked_by_move(moves.reversed_entry_id)
        today = fields.Date.context_today(self)
        todo = []
        for move in moves:
            date = event_date or today
            desired = {}
            user = move.invoice_user_id
            origin = move.reversed_entry_id
            if user and move.state == "posted":
                # a credit note is measured against the plan of its invoice
                plan_date = (origin or move).invoice_date or move.date
                plan = Assignment._find_plan(
                    user, move.team_id, plan_date, move.company_id
                )
                if plan:
                    if catch_up:
                        date = self._catch_up_date(move, plan, today)
                    for (kind, rate), base in self._desired_basis(move, plan).items():
                        desired[(user.id, plan.id, kind, rate)] = base
            keys = set(desired) | set(existing[move.id])
            for key in sorted(keys, key=str):
                booked_base, _comm, last_tier_date = existing[move.id].get(
                    key, (0.0, 0.0, None)
                )
                delta = move.company_id.currency_id.round(
                    desired.get(key, 0.0) - booked_base
                )
                if move.company_id.currency_id.is_zero(delta):
                    continue
                tier_date = self._tier_date(
                    delta,
                    date,
                    (booked_base, last_tier_date),
                    origins[origin.id].get(key) if origin else None,
                )
                todo.append((move, key, delta, date, tier_date))
        created = self.browse()
        if todo:
            self._mark_synced(self.env["account.move"].union(*(t[0] for t in todo)))
        for move, key, delta, date, tier_date in todo:
            created |= self._book(move, key, delta, date, tier_date)
        return created

    @api.model
    def _mark_synced(self, moves):
        """Update the rows of the invoices about to be booked.

        The commission booked on an invoice is computed from this
        transaction's snapshot. Under REPEATABLE READ, PostgreSQL refuses
        (serialization failure) to update a row that another transaction
        updated and committed after this snapshot began, or waits for one
        that is updating it and then refuses: so of two transactions booking
        the same invoice at once, the later one fails instead of booking the
        same delta again (an RPC is retried by Odoo, a catch-up batch is left
        to the other runner). A Python check could not see the other's
        uncommitted lines. The rows are locked in one order (no deadlock
        between two runners)."""
        self.env.cr.execute(
            SQL(
                "UPDATE account_move SET tz_commission_synced_at = "
                "now() AT TIME ZONE 'UTC' WHERE id IN (SELECT id FROM account_move "
                "WHERE id IN %s ORDER BY id FOR NO KEY UPDATE)",
                tuple(moves.ids),
            ),
            log_exceptions=False,
        )
        moves.invalidate_recordset(["tz_commission_synced_at"])

    @api.model
    def _catch_up_date(self, move, plan, today):
        """The day the event booking would have dated the line: the invoice
        date, or for a paid basis the last payment reconciled with it."""
        date = move.invoice_date or move.date
        if plan.basis == "paid":
            receivable = move.line_ids.filtered(
                lambda aml: (
                    aml.account_id.account_type
                    in ("asset_receivable", "liability_payable")
                )
            )
            partials = receivable.matched_debit_ids | receivable.matched_credit_ids
            if partials:
                date = max(date, *partials.mapped("max_date"))
        return min(date, today)

    @api.model
    def _booked_by_move(self, moves):
        """{move id: {(user, plan, kind, own rate): (basis, commission,
        last tier date)}} of the lines already booked on ``moves``."""
        booked = defaultdict(dict)
        if not moves:
            return booked
        data = self._read_group(
            [("move_id", "in", moves.ids)],
            ["move_id", "user_id", "plan_id", "rate_kind", "own_rate"],
            ["base_amount:sum", "commission_amount:sum", "tier_date:max"],
        )
        for move, user, plan, kind, own_rate, base, comm, last_date in data:
            booked[move.id][(user.id, plan.id, kind, own_rate)] = (
                base,
                comm,
                last_date,
            )
        return booked

    @api.model
    def _tier_date(self, delta, date, booked, origin_booked):
        """Day of the plan period whose tiers a new line of ``delta`` moves.

        A line that undoes what was earned (the move's own lines reversed, or
        a credit note against its invoice's lines) goes back to the period
        where that was last earned, so it takes back exactly what the amount
        earned there (last in, first out through that period's tiers) instead
        of being priced at the position of the period it is booked in.
        """
        booked_base, booked_last = booked
        if booked_base and delta * booked_base < 0 and booked_last:
            return min(booked_last, date)
        if origin_booked and not booked_base:
            origin_base, _comm, origin_last = origin_booked
            if origin_base and delta * origin_base < 0 and origin_last:
                return min(origin_last, date)
        return date

    @api.model
    def _event_type(self, move, delta, plan):
        if move.move_type == "out_refund":
            return "refund" if move.state == "posted" else "reversal"
        if delta > 0:
            return "payment" if plan.basis == "paid" else "invoice"
        if move.state != "posted":
            return "reversal"
        return "unpayment" if plan.basis == "paid" else "reversal"

    @api.model
    def _book(self, move, key, delta, date, tier_date):
        user_id, plan_id, kind, own_rate = key
        user = self.env["res.users"].browse(user_id)
        plan = self.env["tz.commission.plan"].browse(plan_id)
        currency = move.company_id.currency_id
        target = self._target_amount(plan, user, tier_date)
        x_before, _comm = self._cumulative(plan, user, tier_date)
        if kind == "own":
            commission = delta * own_rate / 100.0
        else:
            # C(x + delta) - C(x) in the period whose tiers the line moves
            commission = commission_math.event_commission(
                x_before, delta, target, **plan._math_args()
            )
        commission = currency.round(commission)
        achievement = commission_math.achievement(
            x_before + (delta if kind == "standard" else 0.0), target
        )
        event_type = self._event_type(move, delta, plan)
        label = dict(EVENT_TYPES)[event_type]
        return self.create(
            {
                "name": f"{move.name} - {_(label)}",
                "date": date,
                "tier_date": tier_date,
                "user_id": user.id,
                "team_id": move.team_id.id,
                "plan_id": plan.id,
                "company_id": move.company_id.id,
                "move_id": move.id,
                "partner_id": move.commercial_partner_id.id,
                "event_type": event_type,
                "rate_kind": kind,
                "own_rate": own_rate,
                "base_amount": delta,
                "commission_amount": commission,
                "rate": commission / delta * 100.0 if delta else 0.0,
                "achievement": achievement or 0.0,
            }
        )

    # ------------------------------------------------------------------
    # forecast (佣金预估)
    # ------------------------------------------------------------------
    @api.model
    def _pipeline_basis(self, plan, user, company, date_from, date_to):
        """Expected basis still to come in the window, in company currency."""
        total = 0.0
        Order = self.env["sale.order"].sudo()
        # quotations (draft / sent) at their untaxed amount
        quotations = Order.search(
            [
                ("user_id", "=", user.id),
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "sent")),
            ]
        )
        for order in quotations:
            total += self._order_basis(plan, order, order.order_line, "quotation")
        # confirmed orders not yet invoiced
        to_invoice = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_id.user_id", "=", user.id),
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("untaxed_amount_to_invoice", "!=", 0),
                ],
                ["order_id"],
                ["id:recordset"],
            )
        )
        for order, lines in to_invoice:
            total += self._order_basis(plan, order, lines, "to_invoice")
        # opportunities x probability, when not already quoted
        if plan.basis != "margin":
            leads = (
                self.env["crm.lead"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", user.id),
                        ("company_id", "in", (company.id, False)),
                        ("type", "=", "opportunity"),
                        ("probability", ">", 0),
                        ("probability", "<", 100),
                        "|",
                        ("date_deadline", "=", False),
                        ("date_deadline", "<=", date_to),
                    ]
                )
            )
            for lead in leads:
                if lead.order_ids.filtered(lambda o: o.state != "cancel"):
                    continue
                total += lead.expected_revenue * lead.probability / 100.0
        # paid basis: posted invoices still open
        if plan.basis == "paid":
            invoices = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("invoice_user_id", "=", user.id),
                        ("company_id", "=", company.id),
                        ("state", "=", "posted"),
                        ("move_type", "in", ("out_invoice", "out_refund")),
                        ("payment_state", "in", ("not_paid", "partial")),
                    ]
                )
            )
            for move in invoices:
                if move.amount_total_signed:
                    total += (
                        move.amount_untaxed_signed
                        * move.amount_residual_signed
                        / move.amount_total_signed
                    )
        return total

    @api.model
    def _order_basis(self, plan, order, lines, kind):
        company = order.company_id
        date = order.date_order or fields.Date.context_today(self)
        basis = 0.0
        for line in lines.filtered(lambda sol: not sol.display_type):
            rule, _rate = plan._product_rule(line.product_id)
            if rule != "standard":
                continue
            if kind == "quotation":
                amount = line.price_subtotal
                qty = line.product_uom_qty
            else:
                amount = line.untaxed_amount_to_invoice
                qty = max(line.product_uom_qty - line.qty_invoiced, 0.0)
            amount = order.currency_id._convert(
                amount, company.currency_id, company, date
            )
            if plan.basis == "margin":
                amount -= qty * line.product_id.with_company(company).standard_price
            basis += amount
        return basis

    @api.model
    def _forecast(self, user, company, date, with_pipeline=True):
        """Earned + expected commission of the plan period containing date.

        ``with_pipeline=False`` (closed periods) only reports what was earned.
        """
        plan = (
            self.env["tz.commission.assignment"]
            .sudo()
            ._find_plan(user, user.sale_team_id, date, company)
        )
        if not plan:
            return None
        date_from, date_to = self._window(plan, date)
        x, _standard_comm = self._cumulative(plan, user, date)
        earned = sum(
            self.sudo()
            .search(
                [
                    ("user_id", "=", user.id),
                    ("plan_id", "=", plan.id),
                    ("tier_date", ">=", date_from),
                    ("tier_date", "<=", date_to),
                ]
            )
            .mapped("commission_amount")
        )
        target = self._target_amount(plan, user, date)
        pipeline = (
            self._pipeline_basis(plan, user, company, date_from, date_to)
            if with_pipeline
            else 0.0
        )
        args = plan._math_args()
        expected_extra = commission_math.event_commission(x, pipeline, target, **args)
        currency = company.currency_id
        gap = with_pipeline and commission_math.next_tier_gap(x, target, **args)
        if gap:
            gap["needed"] = currency.round(gap["needed"])
            gap["worth"] = currency.round(gap["worth"])
        return {
            "plan": plan,
            "date_from": date_from,
            "date_to": date_to,
            "basis": x,
            "target": target,
            "earned": currency.round(earned),
            "pipeline": currency.round(pipeline),
            "forecast": currency.round(earned + expected_extra),
            "gap": gap,
            "open": with_pipeline,
        }

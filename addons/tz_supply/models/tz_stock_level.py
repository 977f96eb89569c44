import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, float_compare

from ..lib import supply_calc

_logger = logging.getLogger(__name__)

STATES = [
    ("ok", "Normal"),
    ("shortage", "Shortage"),
    ("overstock", "Overstock"),
    ("slow", "Slow-moving"),
]

# columns written by the cover computation, in the order of the VALUES rows
_COVER_COLUMNS = [
    ("qty_on_hand", "numeric"),
    ("qty_incoming", "numeric"),
    ("qty_outgoing", "numeric"),
    ("min_qty", "numeric"),
    ("lead_days", "numeric"),
    ("avg_daily_qty", "numeric"),
    ("days_cover", "numeric"),
    ("no_consumption", "boolean"),
    ("projected_qty", "numeric"),
    ("last_outgoing_date", "timestamp"),
    ("shortage", "boolean"),
    ("overstock", "boolean"),
    ("slow_moving", "boolean"),
    ("state", "varchar"),
    ("shortage_qty", "numeric"),
    ("excess_qty", "numeric"),
    ("unit_cost", "numeric"),
    ("stock_value", "numeric"),
    ("shortage_value", "numeric"),
    ("excess_value", "numeric"),
]


class TzStockLevel(models.Model):
    _name = "tz.stock.level"
    _description = "Stock Level Monitoring"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state_priority, excess_value desc, shortage_value desc, id"
    _rec_name = "product_id"
    _check_company_auto = True

    active = fields.Boolean(default=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product Template",
        related="product_id.product_tmpl_id",
        store=True,
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        related="product_id.categ_id",
        store=True,
    )
    uom_id = fields.Many2one("uom.uom", related="product_id.uom_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", related="warehouse_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        help="Buyer or stock manager who receives the shortage/overstock "
        "activities. Defaults to the product's responsible.",
    )
    # configuration
    max_qty = fields.Float(
        string="Max Level", digits="Product Unit of Measure", tracking=True
    )
    max_days_cover = fields.Float(string="Max Days of Cover", tracking=True)
    # figures of the last computation
    min_qty = fields.Float(
        string="Min (Reordering Rule)",
        digits="Product Unit of Measure",
        readonly=True,
        help="Sum of the minimum quantities of the reordering rules.",
    )
    qty_on_hand = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True
    )
    qty_incoming = fields.Float(
        string="Incoming (Lead Time)", digits="Product Unit of Measure", readonly=True
    )
    qty_outgoing = fields.Float(
        string="Outgoing (Lead Time)", digits="Product Unit of Measure", readonly=True
    )
    lead_days = fields.Float(string="Lead Time (days)", readonly=True, aggregator="avg")
    avg_daily_qty = fields.Float(
        string="Avg Daily Consumption", digits="Product Unit of Measure", readonly=True
    )
    days_cover = fields.Float(string="Days of Cover", readonly=True, aggregator="avg")
    no_consumption = fields.Boolean(
        readonly=True, help="Nothing consumed in the window."
    )
    projected_qty = fields.Float(
        string="Projected at Lead Time", digits="Product Unit of Measure", readonly=True
    )
    last_outgoing_date = fields.Datetime(string="Last Outgoing", readonly=True)
    shortage = fields.Boolean(readonly=True, index=True)
    overstock = fields.Boolean(readonly=True, index=True)
    slow_moving = fields.Boolean(string="Slow-moving", readonly=True, index=True)
    state = fields.Selection(
        STATES, default="ok", required=True, readonly=True, index=True, tracking=True
    )
    state_priority = fields.Integer(
        string="Priority", compute="_compute_state_priority", store=True
    )
    shortage_qty = fields.Float(digits="Product Unit of Measure", readonly=True)
    excess_qty = fields.Float(digits="Product Unit of Measure", readonly=True)
    unit_cost = fields.Monetary(readonly=True, aggregator=None)
    stock_value = fields.Monetary(readonly=True)
    shortage_value = fields.Monetary(readonly=True)
    excess_value = fields.Monetary(readonly=True)
    date_computed = fields.Datetime(string="Computed On", readonly=True)

    _sql_constraints = [
        (
            "product_warehouse_unique",
            "UNIQUE(product_id, warehouse_id)",
            "A product is monitored once per warehouse.",
        ),
    ]

    @api.depends("state")
    def _compute_state_priority(self):
        order = {"shortage": 0, "overstock": 1, "slow": 2, "ok": 3}
        for level in self:
            level.state_priority = order.get(level.state, 9)

    @api.constrains("max_qty", "max_days_cover", "product_id", "warehouse_id")
    def _check_limits(self):
        for level in self:
            if level.max_qty < 0 or level.max_days_cover < 0:
                raise ValidationError(
                    _(
                        "%(product)s: the max level and max days of cover cannot be "
                        "negative.",
                        product=level.product_id.display_name,
                    )
                )
            if not level.max_qty:
                continue
            min_qty = level._tz_orderpoint_min()
            if (
                float_compare(
                    level.max_qty,
                    min_qty,
                    precision_rounding=level.product_id.uom_id.rounding,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "%(product)s / %(warehouse)s: the max level (%(max)s) is "
                        "below the reordering rule minimum (%(min)s).",
                        product=level.product_id.display_name,
                        warehouse=level.warehouse_id.name,
                        max=level.max_qty,
                        min=min_qty,
                    )
                )

    def _tz_orderpoint_min(self):
        self.ensure_one()
        orderpoints = (
            self.env["stock.warehouse.orderpoint"]
            .sudo()
            .search(
                [
                    ("product_id", "=", self.product_id.id),
                    ("warehouse_id", "=", self.warehouse_id.id),
                ]
            )
        )
        return sum(orderpoints.mapped("product_min_qty"))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_compute_cover(self):
        """Compute Now: supply managers only (the daily job does it for all)."""
        if not (
            self.env.su or self.env.user.has_group("tz_supply.group_tz_supply_manager")
        ):
            raise AccessError(
                _("Only supply managers can compute the stock cover on demand.")
            )
        companies = self.company_id or self.env.companies
        busy = companies.filtered(
            lambda company: not self.sudo()._tz_compute_cover_alone(company)[0]
        )
        if not busy:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "message": _(
                    "The stock cover of %(companies)s is being computed by "
                    "another run right now; its figures show when it finishes.",
                    companies=", ".join(busy.mapped("name")),
                ),
            },
        }

    @api.model
    def _cron_compute_cover(self):
        for company in self.env["res.company"].sudo().search([]):
            self.sudo()._tz_compute_cover_alone(company)

    def _tz_compute_cover_alone(self, company, now=None):
        """The cover of ``company``, one run at a time: a second runner (a
        cron on another server, "Compute Now", a queued job) skips, and one
        open alert per row is held by the database (tz_base), so two runners
        at once give the result of one. ``(ran, rows computed)``."""
        ran, count = self.env["tz.single.run"]._tz_run_alone(
            f"tz_supply.stock_cover.{company.id}", self._tz_compute_cover, company, now
        )
        return ran, count or 0

    # ------------------------------------------------------------------
    # Cover computation (grouped SQL)
    # ------------------------------------------------------------------
    def _tz_compute_cover(self, company, now=None):
        """Compute cover and flags of every monitored product of ``company``.

        A constant number of queries whatever the number of products: one
        INSERT for the missing (product, warehouse) pairs, one grouped SELECT,
        batched UPDATEs and the activities of the newly flagged rows.
        """
        now = now or fields.Datetime.now()
        window = company.tz_cover_window_days
        window_start = now - timedelta(days=window)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                WITH wh AS (
                    SELECT w.id, ls.parent_path AS stock_path
                      FROM stock_warehouse w
                      JOIN stock_location ls ON ls.id = w.lot_stock_id
                     WHERE w.company_id = %(company)s AND w.active
                ), loc AS (
                    SELECT sl.id, wh.id AS warehouse_id
                      FROM stock_location sl
                      JOIN wh ON sl.parent_path LIKE wh.stock_path || %(pct)s
                     WHERE sl.usage = 'internal'
                ), pairs AS (
                    SELECT q.product_id, loc.warehouse_id
                      FROM stock_quant q JOIN loc ON loc.id = q.location_id
                     WHERE q.quantity != 0
                     UNION
                    SELECT m.product_id, loc.warehouse_id
                      FROM stock_move m JOIN loc ON loc.id = m.location_id
                     WHERE m.state = 'done' AND m.date >= %(start)s
                     UNION
                    SELECT op.product_id, op.warehouse_id
                      FROM stock_warehouse_orderpoint op
                      JOIN wh ON wh.id = op.warehouse_id
                     WHERE op.active
                )
                INSERT INTO tz_stock_level (
                    product_id, product_tmpl_id, categ_id, warehouse_id, company_id,
                    active, max_qty, max_days_cover, state, state_priority,
                    create_uid, write_uid, create_date, write_date)
                SELECT pairs.product_id, pt.id, pt.categ_id, pairs.warehouse_id,
                       %(company)s, TRUE, 0, 0, 'ok', 3,
                       %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM pairs
                  JOIN product_product pp ON pp.id = pairs.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE pt.is_storable AND pp.active
                ON CONFLICT (product_id, warehouse_id) DO NOTHING
                """,
                company=company.id,
                pct="%",
                start=window_start,
                uid=self.env.uid,
                now=now,
            )
        )
        cr.execute(
            SQL(
                """
                WITH lvl AS (
                    SELECT l.id, l.product_id, l.warehouse_id, l.max_qty,
                           l.max_days_cover, l.state, pp.product_tmpl_id,
                           pp.standard_price
                      FROM tz_stock_level l
                      JOIN product_product pp ON pp.id = l.product_id
                     WHERE l.company_id = %(company)s AND l.active
                ), wh AS (
                    SELECT w.id, ls.parent_path AS stock_path
                      FROM stock_warehouse w
                      JOIN stock_location ls ON ls.id = w.lot_stock_id
                     WHERE w.company_id = %(company)s AND w.active
                ), loc AS (
                    SELECT sl.id, wh.id AS warehouse_id
                      FROM stock_location sl
                      JOIN wh ON sl.parent_path LIKE wh.stock_path || %(pct)s
                     WHERE sl.usage = 'internal'
                ), lead AS (
                    SELECT si.product_tmpl_id, MIN(si.delay) AS delay
                      FROM product_supplierinfo si
                     WHERE si.company_id IS NULL OR si.company_id = %(company)s
                  GROUP BY si.product_tmpl_id
                ), onhand AS (
                    SELECT q.product_id, loc.warehouse_id, SUM(q.quantity) AS qty
                      FROM stock_quant q JOIN loc ON loc.id = q.location_id
                  GROUP BY q.product_id, loc.warehouse_id
                ), consumed AS (
                    SELECT m.product_id, loc.warehouse_id,
                           SUM(m.product_qty) FILTER (WHERE m.date >= %(start)s) AS qty,
                           MAX(m.date) AS last_out
                      FROM stock_move m
                      JOIN loc ON loc.id = m.location_id
                      JOIN stock_location dl ON dl.id = m.location_dest_id
                     WHERE m.state = 'done'
                       AND dl.usage IN ('customer', 'production')
                  GROUP BY m.product_id, loc.warehouse_id
                ), planned AS (
                    SELECT m.product_id,
                           COALESCE(li.warehouse_id, lo.warehouse_id) AS warehouse_id,
                           SUM(m.product_qty) FILTER (WHERE li.id IS NOT NULL
                                                        AND lo.id IS NULL) AS qty_in,
                           SUM(m.product_qty) FILTER (WHERE lo.id IS NOT NULL
                                                        AND li.id IS NULL) AS qty_out,
                           MIN(m.date) AS first_date
                      FROM stock_move m
                      JOIN product_product pp ON pp.id = m.product_id
                      LEFT JOIN lead ON lead.product_tmpl_id = pp.product_tmpl_id
                      LEFT JOIN loc li ON li.id = m.location_dest_id
                      LEFT JOIN loc lo ON lo.id = m.location_id
                     WHERE m.state IN ('waiting', 'confirmed', 'partially_available',
                                       'assigned')
                       AND m.company_id = %(company)s
                       AND (li.id IS NOT NULL OR lo.id IS NOT NULL)
                       AND m.date <= %(now)s + make_interval(
                               days => COALESCE(lead.delay, %(lead)s))
                  GROUP BY m.product_id, COALESCE(li.warehouse_id, lo.warehouse_id)
                ), mins AS (
                    SELECT op.product_id, op.warehouse_id,
                           SUM(op.product_min_qty) AS qty
                      FROM stock_warehouse_orderpoint op
                     WHERE op.active AND op.company_id = %(company)s
                  GROUP BY op.product_id, op.warehouse_id
                )
                SELECT lvl.id, lvl.state,
                       COALESCE(onhand.qty, 0), COALESCE(planned.qty_in, 0),
                       COALESCE(planned.qty_out, 0), COALESCE(mins.qty, 0),
                       COALESCE(lead.delay, %(lead)s), COALESCE(consumed.qty, 0),
                       consumed.last_out, lvl.max_qty, lvl.max_days_cover,
                       COALESCE((lvl.standard_price ->> %(company_key)s)::numeric, 0)
                  FROM lvl
             LEFT JOIN onhand ON onhand.product_id = lvl.product_id
                             AND onhand.warehouse_id = lvl.warehouse_id
             LEFT JOIN consumed ON consumed.product_id = lvl.product_id
                               AND consumed.warehouse_id = lvl.warehouse_id
             LEFT JOIN planned ON planned.product_id = lvl.product_id
                              AND planned.warehouse_id = lvl.warehouse_id
             LEFT JOIN mins ON mins.product_id = lvl.product_id
                           AND mins.warehouse_id = lvl.warehouse_id
             LEFT JOIN lead ON lead.product_tmpl_id = lvl.product_tmpl_id
                """,
                company=company.id,
                pct="%",
                company_key=str(company.id),
                start=window_start,
                now=now,
                lead=company.tz_default_lead_days,
            )
        )
        rows = cr.fetchall()
        slow_days = company.tz_slow_moving_days
        values = []
        changed = {"alert": [], "ok": []}
        for (
            level_id,
            old_state,
            on_hand,
            qty_in,
            qty_out,
            min_qty,
            lead_days,
            consumed,
            last_out,
            max_qty,
            max_days,
            cost,
        ) in rows:
            on_hand, qty_in, qty_out = float(on_hand), float(qty_in), float(qty_out)
            min_qty, consumed, cost = float(min_qty), float(consumed), float(cost)
            lead_days = float(lead_days or 0)
            daily = supply_calc.avg_daily_consumption(max(consumed, 0.0), window)
            since = (now - last_out).total_seconds() / 86400.0 if last_out else None
            res = supply_calc.classify(
                on_hand,
                daily,
                lead_days,
                min_qty=max(min_qty, 0.0),
                max_qty=float(max_qty or 0.0),
                max_days_cover=float(max_days or 0.0),
                incoming_qty=qty_in,
                outgoing_qty=qty_out,
                days_since_last_out=since,
                slow_moving_days=slow_days,
            )
            state = res["state"]
            if state != old_state:
                changed["ok" if state == "ok" else "alert"].append(level_id)
            values.append(
                (
                    level_id,
                    on_hand,
                    qty_in,
                    qty_out,
                    min_qty,
                    lead_days,
                    daily,
                    res["days_cover"] or 0.0,
                    res["days_cover"] is None,
                    res["projected_qty"],
                    last_out,
                    res["shortage"],
                    res["overstock"],
                    res["slow_moving"],
                    state,
                    res["shortage_qty"],
                    res["excess_qty"],
                    cost,
                    max(on_hand, 0.0) * cost,
                    res["shortage_qty"] * cost,
                    res["excess_qty"] * cost,
                )
            )
        self._tz_write_cover(values, now)
        self.invalidate_model()
        self.browse(changed["alert"])._tz_schedule_alert_activities()
        ok_levels = self.browse(changed["ok"])
        if ok_levels:
            ok_levels.activity_unlink(["tz_supply.mail_act_tz_stock_alert"])
        _logger.info(
            "tz_supply: stock cover of %s rows computed for %s",
            len(values),
            company.name,
        )
        return len(values)

    def _tz_write_cover(self, values, now, page_size=5000):
        """Write the computed figures with one UPDATE ... FROM (VALUES) per page."""
        if not values:
            return
        names = [name for name, _type in _COVER_COLUMNS]
        assignments = ", ".join(f"{name} = v.{name}" for name in names)
        template = (
            "(%s::int, " + ", ".join(f"%s::{t}" for _n, t in _COVER_COLUMNS) + ")"
        )
        cr = self.env.cr
        stamp = cr.mogrify("%s::timestamp", (now,)).decode()
        for start in range(0, len(values), page_size):
            page = values[start : start + page_size]
            rows = b",".join(cr.mogrify(template, row) for row in page).decode()
            # identifiers are module constants, values are mogrified above
            # pylint: disable=sql-injection
            cr.execute(
                f"UPDATE tz_stock_level AS l SET {assignments}, "
                "state_priority = CASE v.state WHEN 'shortage' THEN 0 "
                "WHEN 'overstock' THEN 1 WHEN 'slow' THEN 2 ELSE 3 END, "
                f"date_computed = {stamp}, write_date = {stamp} "
                f"FROM (VALUES {rows}) AS v(id, {', '.join(names)}) "
                "WHERE l.id = v.id"
            )

    def _tz_schedule_alert_activities(self):
        """Create one activity per newly flagged row, for its responsible.

        Shortages go to the row's responsible, else the buyer of the main
        vendor, else the product's responsible; overstock and slow-moving go to
        the row's responsible, else the product's responsible. Responsibles are
        resolved in batch and activities created with one ``create``.
        """
        if not self:
            return
        activity_type = self.env.ref(
            "tz_supply.mail_act_tz_stock_alert", raise_if_not_found=False
        )
        if not activity_type:
            return
        Activity = self.env["mail.activity"].sudo()
        has_open = set(
            Activity.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        levels = self.filtered(lambda lv: lv.id not in has_open)
        if not levels:
            return
        templates = levels.product_tmpl_id
        buyers = {}
        sellers = (
            self.env["product.supplierinfo"]
            .sudo()
            .search([("product_tmpl_id", "in", templates.ids)], order="sequence, id")
        )
        for seller in sellers:
            buyers.setdefault(seller.product_tmpl_id.id, seller.partner_id.buyer_id)
        responsibles = {}
        for company in levels.company_id:
            for tmpl in templates.with_company(company):
                responsibles[company.id, tmpl.id] = tmpl.responsible_id
        labels = dict(STATES)
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = fields.Date.context_today(self)
        vals_list = []
        for level in levels:
            tmpl_id = level.product_tmpl_id.id
            user = level.user_id
            if not user and level.state == "shortage":
                user = buyers.get(tmpl_id)
            if not user:
                user = responsibles.get((level.company_id.id, tmpl_id))
            if not user or not user.active or user.share:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": level.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "summary": _(
                        "%(state)s: %(product)s in %(warehouse)s",
                        state=labels[level.state],
                        product=level.product_id.display_name,
                        warehouse=level.warehouse_id.name,
                    ),
                    "note": _(
                        "On hand %(on_hand)s, days of cover %(cover)s, projected "
                        "%(projected)s (min %(min)s, max %(max)s).",
                        on_hand=round(level.qty_on_hand, 2),
                        cover="∞"
                        if level.no_consumption
                        else round(level.days_cover, 1),
                        projected=round(level.projected_qty, 2),
                        min=round(level.min_qty, 2),
                        max=round(level.max_qty, 2),
                    ),
                }
            )
        if vals_list:
            Activity.with_context(mail_activity_quick_update=True).create(vals_list)

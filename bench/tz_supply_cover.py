"""Benchmark: stock cover / shortage / overstock computation of tz_supply.

Generates (at --scale 1) 20,000 storable products x 3 warehouses with
1,000,000 stock moves (outgoing consumption over 120 days, receipts, pending
receipts), quants and reordering rules, inserted with COPY. Then measures:

* the grouped-SQL computation ``tz.stock.level._tz_compute_cover`` (first run,
  which also creates the monitoring rows, and a steady-state second run):
  wall time and number of queries;
* a per-product ORM loop baseline (qty_available with a warehouse context,
  searches for the consumption, last outgoing move, pending moves and
  reordering rules) on a subset of the same data, extrapolated to the full
  product x warehouse set.

Everything runs in one transaction that is rolled back at the end.

    python bench/tz_supply_cover.py --db tz_bench [--scale 0.25]
"""

import io
import random
import time
from datetime import datetime, timedelta

from _odoo_env import QueryCounter, odoo_env, parser

BUDGET_SECONDS = 60.0


def _copy(cr, table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    cr._obj.copy_expert(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buf
    )


def _next_ids(cr, table, count):
    cr.execute(
        f"SELECT nextval('{table}_id_seq') FROM generate_series(1, %s)", (count,)
    )
    return [r[0] for r in cr.fetchall()]


def generate(env, n_products, n_moves, seed=42):
    rnd = random.Random(seed)
    cr = env.cr
    company = env.company
    now = datetime.now().replace(microsecond=0)
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
    codes = iter(["BJ", "GZ", "SZ", "CD"])
    while len(warehouses) < 3:
        code = next(codes)
        warehouses |= env["stock.warehouse"].create(
            {"name": f"基准仓 {code}", "code": f"B{code}", "company_id": company.id}
        )
    warehouses = warehouses[:3]
    stock_locs = [w.lot_stock_id.id for w in warehouses]
    customer = env.ref("stock.stock_location_customers").id
    supplier = env.ref("stock.stock_location_suppliers").id
    uom = env.ref("uom.product_uom_unit").id
    categ = env.ref("product.product_category_all").id
    env.flush_all()

    t0 = time.perf_counter()
    tmpl_ids = _next_ids(cr, "product_template", n_products)
    _copy(
        cr,
        "product_template",
        [
            "id",
            "name",
            "type",
            "is_storable",
            "categ_id",
            "uom_id",
            "uom_po_id",
            "tracking",
            "sale_line_warn",
            "purchase_line_warn",
            "service_tracking",
            "active",
            "sale_ok",
            "purchase_ok",
            "purchase_method",
            "invoice_policy",
        ],
        (
            (
                tid,
                f'{{"en_US": "BENCH-{i}"}}',
                "consu",
                "t",
                categ,
                uom,
                uom,
                "none",
                "no-message",
                "no-message",
                "no",
                "t",
                "t",
                "t",
                "receive",
                "order",
            )
            for i, tid in enumerate(tmpl_ids)
        ),
    )
    prod_ids = _next_ids(cr, "product_product", n_products)
    costs = {pid: round(rnd.uniform(1, 500), 2) for pid in prod_ids}
    _copy(
        cr,
        "product_product",
        ["id", "product_tmpl_id", "active", "standard_price", "combination_indices"],
        (
            (pid, tid, "t", f'{{"{company.id}": {costs[pid]}}}', "")
            for pid, tid in zip(prod_ids, tmpl_ids, strict=True)
        ),
    )
    # quants: one per product and warehouse
    _copy(
        cr,
        "stock_quant",
        [
            "product_id",
            "location_id",
            "company_id",
            "quantity",
            "reserved_quantity",
            "in_date",
        ],
        (
            (pid, loc, company.id, rnd.randint(0, 2000), 0, now - timedelta(days=150))
            for pid in prod_ids
            for loc in stock_locs
        ),
    )
    # reordering rules on 20 % of the pairs
    op_rows = []
    for i, pid in enumerate(prod_ids):
        if i % 5:
            continue
        for w, loc in zip(warehouses, stock_locs, strict=True):
            op_rows.append(
                (
                    f"OP-{pid}-{w.id}",
                    "manual",
                    loc,
                    w.id,
                    pid,
                    company.id,
                    rnd.randint(10, 300),
                    1000,
                    1,
                    "t",
                )
            )
    _copy(
        cr,
        "stock_warehouse_orderpoint",
        [
            "name",
            "trigger",
            "location_id",
            "warehouse_id",
            "product_id",
            "company_id",
            "product_min_qty",
            "product_max_qty",
            "qty_multiple",
            "active",
        ],
        op_rows,
    )
    # 1,000,000 moves: 75 % done outgoing, 20 % done receipts, 5 % pending receipts
    # the last 10 % of the products never move out (slow-moving candidates)
    movers = prod_ids[: int(n_products * 0.9)] or prod_ids

    def moves():
        for _i in range(n_moves):
            r = rnd.random()
            loc = rnd.choice(stock_locs)
            qty = rnd.randint(1, 20)
            if r < 0.75:
                pid = rnd.choice(movers)
                src, dst, state = loc, customer, "done"
                date = now - timedelta(days=rnd.uniform(0, 120))
            elif r < 0.95:
                pid = rnd.choice(prod_ids)
                src, dst, state = supplier, loc, "done"
                date = now - timedelta(days=rnd.uniform(0, 120))
            else:
                pid = rnd.choice(prod_ids)
                src, dst, state = supplier, loc, "assigned"
                date = now + timedelta(days=rnd.uniform(0, 20))
            yield (
                "BENCH",
                company.id,
                pid,
                uom,
                qty,
                qty,
                qty,
                src,
                dst,
                state,
                "make_to_stock",
                date.strftime("%Y-%m-%d %H:%M:%S"),
            )

    _copy(
        cr,
        "stock_move",
        [
            "name",
            "company_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "product_qty",
            "quantity",
            "location_id",
            "location_dest_id",
            "state",
            "procure_method",
            "date",
        ],
        moves(),
    )
    for table in (
        "product_template",
        "product_product",
        "stock_quant",
        "stock_move",
        "stock_warehouse_orderpoint",
    ):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    return {
        "seconds": time.perf_counter() - t0,
        "warehouses": warehouses,
        "products": env["product.product"].browse(prod_ids),
        "now": now,
    }


def orm_baseline(env, products, warehouses, now):
    """Per product and warehouse ORM loop computing the same figures."""
    from odoo.addons.tz_supply.lib import supply_calc  # noqa: PLC0415

    company = env.company
    window = company.tz_cover_window_days
    start = now - timedelta(days=window)
    Move = env["stock.move"]
    results = {}
    for product in products:
        lead = min(product.seller_ids.mapped("delay") or [company.tz_default_lead_days])
        for wh in warehouses:
            on_hand = product.with_context(warehouse_id=wh.id).qty_available
            out_domain = [
                ("product_id", "=", product.id),
                ("state", "=", "done"),
                ("location_id", "child_of", wh.lot_stock_id.id),
                ("location_dest_id.usage", "in", ("customer", "production")),
            ]
            consumed = sum(
                Move.search([*out_domain, ("date", ">=", start)]).mapped("product_qty")
            )
            last = Move.search(out_domain, order="date desc", limit=1).date
            pending = Move.search(
                [
                    ("product_id", "=", product.id),
                    (
                        "state",
                        "in",
                        ("waiting", "confirmed", "partially_available", "assigned"),
                    ),
                    ("location_dest_id", "child_of", wh.lot_stock_id.id),
                    ("date", "<=", now + timedelta(days=lead)),
                ]
            )
            min_qty = sum(
                env["stock.warehouse.orderpoint"]
                .search([("product_id", "=", product.id), ("warehouse_id", "=", wh.id)])
                .mapped("product_min_qty")
            )
            daily = supply_calc.avg_daily_consumption(consumed, window)
            since = (now - last).total_seconds() / 86400 if last else None
            results[product.id, wh.id] = supply_calc.classify(
                on_hand,
                daily,
                lead,
                min_qty=min_qty,
                incoming_qty=sum(pending.mapped("product_qty")),
                days_since_last_out=since,
                slow_moving_days=company.tz_slow_moving_days,
            )
            env.invalidate_all()
    return results


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="fraction of 20,000 products / 1,000,000 moves",
    )
    p.add_argument(
        "--baseline-products",
        type=int,
        default=100,
        help="products (x 3 warehouses) measured with the ORM loop",
    )
    args = p.parse_args()
    n_products = max(int(20000 * args.scale), 10)
    n_moves = max(int(1_000_000 * args.scale), 100)
    with odoo_env(args) as env:
        data = generate(env, n_products, n_moves)
        company = env.company
        print(
            f"generated {n_products} products x {len(data['warehouses'])} warehouses, "
            f"{n_moves} stock moves in {data['seconds']:.1f}s (COPY)"
        )
        Level = env["tz.stock.level"].sudo()
        now = data["now"] + timedelta(minutes=1)
        with QueryCounter(env.cr) as first:
            rows = Level._tz_compute_cover(company, now=now)
        with QueryCounter(env.cr) as second:
            rows2 = Level._tz_compute_cover(company, now=now)
        env.cr.execute(
            "SELECT state, COUNT(*) FROM tz_stock_level WHERE company_id = %s "
            "GROUP BY state ORDER BY state",
            (company.id,),
        )
        states = dict(env.cr.fetchall())
        print(
            f"grouped SQL, first run (creates rows): {rows} rows in "
            f"{first.seconds:.2f}s, {first.count} queries"
        )
        print(
            f"grouped SQL, second run: {rows2} rows in {second.seconds:.2f}s, "
            f"{second.count} queries"
        )
        print(f"states: {states}")
        subset = data["products"][: args.baseline_products]
        with QueryCounter(env.cr) as base:
            res = orm_baseline(env, subset, data["warehouses"], now)
        pairs = len(res)
        per_pair = base.seconds / pairs
        extrapolated = per_pair * rows2
        print(
            f"ORM loop baseline: {pairs} product-warehouse pairs in "
            f"{base.seconds:.2f}s, {base.count} queries "
            f"({base.count / pairs:.1f} queries/pair); extrapolated to {rows2} "
            f"rows: {extrapolated:.0f}s, {base.count / pairs * rows2:.0f} queries"
        )
        # the two methods agree on the subset
        env.cr.execute(
            "SELECT product_id, warehouse_id, state FROM tz_stock_level "
            "WHERE product_id IN %s",
            (tuple(subset.ids),),
        )
        sql_states = {(p_, w): s for p_, w, s in env.cr.fetchall()}
        agree = sum(1 for k, v in res.items() if sql_states.get(k) == v["state"])
        print(f"state agreement SQL vs ORM on the subset: {agree}/{pairs}")
        print(
            f"speed-up vs ORM loop: x{extrapolated / max(second.seconds, 1e-6):.0f}; "
            f"budget {BUDGET_SECONDS:.0f}s: "
            f"{'OK' if first.seconds <= BUDGET_SECONDS else 'OVER'} "
            f"(scale {args.scale})"
        )


if __name__ == "__main__":
    main()

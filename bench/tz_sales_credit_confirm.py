"""Benchmark: cost of the credit policy when confirming sales orders.

Confirms N orders one by one (as users do) with the credit policy off and on,
in the same run and transaction (rolled back at the end), and prints:

* the time ratio policy on / policy off (budget <= 1.10);
* the extra SQL queries per confirmation, for a customer with a small and
  with a large posted-invoice history (budget <= 3, independent of history).

Usage::

    python bench/tz_sales_credit_confirm.py --db <db> [--orders 200]
        [--small-invoices 10] [--big-invoices 10000] [--scale 1.0]
"""

import gc
import statistics
import time

from _odoo_env import QueryCounter, odoo_env, parser


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--orders", type=int, default=200)
    p.add_argument("--small-invoices", type=int, default=10)
    p.add_argument("--big-invoices", type=int, default=10000)
    p.add_argument("--history-orders", type=int, default=20)
    p.add_argument("--scale", type=float, default=1.0)
    args = p.parse_args()
    n_orders = max(int(args.orders * args.scale), 1)
    n_small = max(int(args.small_invoices), 1)
    n_big = max(int(args.big_invoices * args.scale), 1)
    n_hist = max(int(args.history_orders), 1)

    with odoo_env(args) as env:
        from odoo import Command, fields  # noqa: PLC0415

        # confirmations run with the context the web client sends (language
        # and time zone; chatter and tracking on); the data is made without
        # tracking, only to be fast
        web_env = env(context={"lang": "en_US", "tz": "Asia/Shanghai"})
        env = env(context={"tracking_disable": True, "mail_notrack": True})
        company = env.company
        today = fields.Date.today()
        product = env["product.product"].create(
            {
                "name": "Bench Desk",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": 10.0,
                "taxes_id": [Command.clear()],
            }
        )

        def partner(name):
            rec = env["res.partner"].create({"name": name, "is_company": True})
            rec.credit_limit = 10**12
            return rec

        def orders(customer, count):
            return env["sale.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 1,
                                    "price_unit": 10.0 + i,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for i in range(count)
                ]
            )

        def invoices(customer, count):
            journal = env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
            )
            batch = 500
            for start in range(0, count, batch):
                moves = env["account.move"].create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": customer.id,
                            "journal_id": journal.id,
                            "invoice_date": today,
                            "invoice_date_due": today,
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "product_id": product.id,
                                        "price_unit": 5.0,
                                        "tax_ids": [Command.clear()],
                                    }
                                )
                            ],
                        }
                        for _i in range(start, min(count, start + batch))
                    ]
                )
                moves.action_post()
            env.flush_all()

        def policy(on):
            company.write(
                {
                    "account_use_credit_limit": True,
                    "tz_credit_block": on,
                    "tz_overdue_block_days": 30 if on else 0,
                    "tz_credit_order_basis": "ordered",
                }
            )
            env.flush_all()

        def confirm_each(order_set):
            """Confirm the orders one by one, each as the web client does it:
            one request, which starts on an empty cache and ends by writing
            everything to the database."""
            env.flush_all()
            with QueryCounter(env.cr) as qc:
                for order in order_set.with_env(web_env):
                    env.invalidate_all()
                    order.action_confirm()
                    env.flush_all()
            return qc

        t0 = time.perf_counter()
        cust_off, cust_on = partner("Bench Off"), partner("Bench On")
        small, big = partner("Bench Small History"), partner("Bench Big History")
        off_orders, on_orders = orders(cust_off, n_orders), orders(cust_on, n_orders)
        invoices(small, n_small)
        invoices(big, n_big)
        small_off, small_on = orders(small, n_hist), orders(small, n_hist)
        big_off, big_on = orders(big, n_hist), orders(big, n_hist)
        print(
            f"setup: {n_orders} orders x2, invoices {n_small} / {n_big}, "
            f"{time.perf_counter() - t0:.1f}s"
        )

        # warm-up (caches, first-call costs) outside the measure
        policy(True)
        confirm_each(orders(cust_on, 3))
        policy(False)
        confirm_each(orders(cust_off, 3))

        # Each confirmation is timed on its own, as the web client makes it:
        # one request, starting on an empty cache and ending with a flush.
        # Policy off and on alternate order by order (off/on, then on/off),
        # and Python's garbage collector runs between confirmations, not
        # during them, so that the machine's load and the collector's pauses
        # fall on both sides alike.
        times = {False: [], True: []}
        queries = {False: 0, True: 0}
        for i in range(n_orders):
            sides = ((False, off_orders), (True, on_orders))
            for on_flag, order_set in sides if i % 2 == 0 else sides[::-1]:
                policy(on_flag)
                gc.collect()
                gc.disable()
                try:
                    qc = confirm_each(order_set[i])
                finally:
                    gc.enable()
                times[on_flag].append(qc.seconds)
                queries[on_flag] += qc.count
        off_s, on_s = sum(times[False]), sum(times[True])
        off_q, on_q = queries[False], queries[True]
        ratio = on_s / off_s
        print(
            f"confirm {n_orders} orders: policy off {off_s:.2f}s "
            f"({off_q / n_orders:.1f} q/order), policy on {on_s:.2f}s "
            f"({on_q / n_orders:.1f} q/order); median per order "
            f"{statistics.median(times[False]) * 1000:.1f} ms off, "
            f"{statistics.median(times[True]) * 1000:.1f} ms on"
        )
        print(f"RESULT time ratio on/off = {ratio:.3f} (budget <= 1.10)")

        extra = {}
        for label, off_set, on_set in (
            (f"{n_small} invoices", small_off, small_on),
            (f"{n_big} invoices", big_off, big_on),
        ):
            policy(False)
            q_off = confirm_each(off_set)
            policy(True)
            q_on = confirm_each(on_set)
            extra[label] = (q_on.count - q_off.count) / n_hist
            print(
                f"RESULT extra queries per confirm, customer with {label}: "
                f"{extra[label]:.2f} (off {q_off.count / n_hist:.1f}, "
                f"on {q_on.count / n_hist:.1f} q/order; budget <= 3)"
            )
        # one order of a new customer (first check of the customer)
        cold = {}
        for on_flag in (False, True):
            policy(on_flag)
            cold[on_flag] = confirm_each(orders(small, 1)).count
        print(
            "RESULT extra queries, first order of a customer: "
            f"{cold[True] - cold[False]} (off {cold[False]}, on {cold[True]}; "
            "budget <= 3)"
        )
        values = list(extra.values())
        print(
            "RESULT extra queries independent of history: "
            f"{'yes' if values[0] == values[1] else 'no'}"
        )


if __name__ == "__main__":
    main()

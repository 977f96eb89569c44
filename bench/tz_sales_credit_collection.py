"""Benchmark: the daily collection run (催收计划) on many overdue invoices.

Generates N overdue customer invoices (default 20,000) across M customers
(default 2,000), due 1 to 120 days ago, under the Chinese default policy
(-3 reminder; +1 email; +7 call; +15 letter; +30 hold + escalate), then prints:

* the first run time (budget <= 60 s on 2 cores) and its queries per invoice;
* the time per invoice of a first run on a smaller set (``--small``, default
  2,000, generated and rolled back first) and its ratio to the full run's, in
  the same process: the run must stay linear (ratio close to 1);
* the same-day re-run time and its ratio to the first run (budget <= 10 %);
* the queries per invoice of a naive per-record ORM loop on a subset, measured
  in the same run, and the ratio to the batched run.

Invoices are inserted with one ``INSERT ... SELECT`` cloning a posted invoice
made by the ORM (header rows only: the run reads the stored invoice fields).
Everything happens in one transaction rolled back at the end; the run's
per-batch commits are switched off (``tz_collection_no_commit``) for that.

Usage::

    python bench/tz_sales_credit_collection.py --db <db> [--invoices 20000]
        [--customers 2000] [--small 2000] [--naive 300] [--scale 1.0]
"""

import time
from datetime import timedelta

from _odoo_env import QueryCounter, odoo_env, parser

LEVELS = [
    (-3, "到期前友好提醒", {"action_email": True}),
    (1, "逾期邮件通知", {"action_email": True}),
    (7, "电话催收", {"action_activity": True}),
    (15, "寄发催收函", {"action_letter": True}),
    (30, "信用冻结并上报", {"action_hold": True, "action_escalate": True}),
]


def insert_invoices(env, template, partner_ids, count, prefix, today):
    """Clone the posted ``template`` invoice ``count`` times by SQL."""
    cr = env.cr
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'account_move' AND column_name != 'id'"""
    )
    override = {
        "name": "%(prefix)s || g",
        "partner_id": "(%(pids)s::int[])[1 + g %% %(npart)s]",
        "commercial_partner_id": "(%(pids)s::int[])[1 + g %% %(npart)s]",
        "invoice_date_due": "%(today)s::date - (1 + g %% 120)",
        "invoice_date": "%(today)s::date - (31 + g %% 120)",
        "date": "%(today)s::date - (31 + g %% 120)",
        "sequence_number": "1000000 + g",
        "sequence_prefix": "%(prefix)s",
        "payment_reference": "%(prefix)s || g",
    }
    columns = [row[0] for row in cr.fetchall()]
    select = [override.get(col, f't."{col}"') for col in columns]
    cr.execute(
        f"""INSERT INTO account_move ({", ".join(f'"{c}"' for c in columns)})
            SELECT {", ".join(select)}
              FROM account_move t, generate_series(1, %(count)s) g
             WHERE t.id = %(template)s
         RETURNING id""",
        {
            "prefix": prefix,
            "pids": list(partner_ids),
            "npart": len(partner_ids),
            "today": today,
            "count": count,
            "template": template.id,
        },
    )
    ids = [row[0] for row in cr.fetchall()]
    env.invalidate_all()
    return env["account.move"].browse(ids)


def naive_run(env, invoices, today):
    """A straightforward per-record ORM implementation of the same run."""
    Plan = env["tz.collection.plan"]
    Level = env["tz.collection.level"]
    Log = env["tz.collection.log"]
    Policy = env["tz.collection.policy"]
    for inv in invoices:
        if Plan.search_count([("invoice_id", "=", inv.id)]):
            continue
        partner = inv.commercial_partner_id
        policy = partner.tz_collection_policy_id or Policy.search(
            [("company_id", "=", inv.company_id.id)], limit=1
        )
        days = (today - inv.invoice_date_due).days
        level = Level.search(
            [("policy_id", "=", policy.id), ("day_offset", "<=", days)],
            order="day_offset desc",
            limit=1,
        )
        if not level:
            continue
        plan = Plan.create(
            {
                "invoice_id": inv.id,
                "company_id": inv.company_id.id,
                "partner_id": partner.id,
                "user_id": (partner.tz_collector_id or inv.invoice_user_id).id,
                "policy_id": policy.id,
                "level_id": level.id,
            }
        )
        for action in level._tz_actions():
            if not Log.search_count(
                [
                    ("plan_id", "=", plan.id),
                    ("level_id", "=", level.id),
                    ("action", "=", action),
                ]
            ):
                getattr(plan, f"_tz_action_{action}")(level)
                plan._tz_log_level(level, action)
        nxt = Level.search(
            [("policy_id", "=", policy.id), ("day_offset", ">", level.day_offset)],
            order="day_offset",
            limit=1,
        )
        plan.next_action_date = (
            inv.invoice_date_due + timedelta(days=nxt.day_offset) if nxt else False
        )
        env.flush_all()


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--invoices", type=int, default=20000)
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--naive", type=int, default=300)
    p.add_argument("--small", type=int, default=2000)
    p.add_argument("--scale", type=float, default=1.0)
    args = p.parse_args()
    n_inv = max(int(args.invoices * args.scale), 1)
    n_cust = max(int(args.customers * args.scale), 1)
    n_naive = max(int(args.naive * min(args.scale, 1.0)), 1)
    n_small = max(int(args.small * args.scale), 1)

    with odoo_env(args) as env:
        from odoo import Command, fields  # noqa: PLC0415

        env = env(
            context={
                "tracking_disable": True,
                "mail_notrack": True,
                "tz_collection_no_commit": True,
            }
        )
        company = env.company
        today = fields.Date.context_today(env["res.partner"])
        env["tz.collection.policy"].search([]).active = False
        env["tz.collection.plan"].search([("state", "in", ("open", "promised"))]).write(
            {"state": "cancel"}
        )
        template_mail = env.ref("tz_sales_credit.mail_template_tz_collection_overdue")
        env["tz.collection.policy"].create(
            {
                "name": "Bench 标准催收策略",
                "company_id": company.id,
                "level_ids": [
                    Command.create(
                        {
                            "day_offset": offset,
                            "name": name,
                            "mail_template_id": template_mail.id,
                            **vals,
                        }
                    )
                    for offset, name, vals in LEVELS
                ],
            }
        )
        product = env["product.product"].create(
            {"name": "Bench 办公椅", "type": "consu", "list_price": 100.0}
        )
        t0 = time.perf_counter()
        partners = env["res.partner"].create(
            [
                {
                    "name": f"测试客户 {i:05d}",
                    "is_company": True,
                    "email": f"ar{i}@bench.example.com",
                }
                for i in range(n_cust)
            ]
        )
        template = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partners[0].id,
                "invoice_date": today - timedelta(days=60),
                "invoice_date_due": today - timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        template.action_post()
        Plan = env["tz.collection.plan"]
        cr = env.cr

        # the same run on a smaller set first (undone): per-invoice growth
        savepoint = cr.savepoint()
        insert_invoices(env, template, partners.ids, n_small, "SMALL/", today)
        env.flush_all()
        with QueryCounter(cr) as small:
            Plan._cron_run()
            env.flush_all()
        savepoint.close(rollback=True)
        env.invalidate_all()

        invoices = insert_invoices(env, template, partners.ids, n_inv, "BENCH/", today)
        print(
            f"data: {n_inv} overdue invoices, {n_cust} customers "
            f"(generated in {time.perf_counter() - t0:.1f}s)"
        )
        # naive per-record loop on a subset, undone afterwards
        savepoint = cr.savepoint()
        naive_invoices = insert_invoices(
            env, template, partners.ids, n_naive, "NAIVE/", today
        )
        env.flush_all()
        with QueryCounter(cr) as naive_q:
            naive_run(env, naive_invoices, today)
        naive_per_inv = naive_q.count / n_naive
        savepoint.close(rollback=True)
        env.invalidate_all()

        env.flush_all()
        with QueryCounter(cr) as first:
            Plan._cron_run()
            env.flush_all()
        plans = Plan.search_count([("invoice_id", "in", invoices.ids)])
        logs = env["tz.collection.log"].search_count(
            [("plan_id.invoice_id", "in", invoices.ids)]
        )
        with QueryCounter(cr) as again:
            Plan._cron_run()
            env.flush_all()
        logs_again = env["tz.collection.log"].search_count(
            [("plan_id.invoice_id", "in", invoices.ids)]
        )
        per_inv = first.count / n_inv
        print(f"plans created: {plans}, level actions logged: {logs}")
        print(
            f"first run: {first.seconds:.1f}s for {n_inv} invoices "
            f"({first.count} queries, {per_inv:.2f} queries/invoice) "
            f"[budget <= 60s at 20,000]"
        )
        small_ms = small.seconds / n_small * 1000
        full_ms = first.seconds / n_inv * 1000
        print(
            f"per invoice: {small_ms:.2f} ms at {n_small} invoices, "
            f"{full_ms:.2f} ms at {n_inv} invoices, "
            f"ratio {full_ms / small_ms:.2f} [linear: close to 1]"
        )
        print(
            f"same-day re-run: {again.seconds:.2f}s ({again.count} queries), "
            f"ratio {again.seconds / first.seconds:.1%} [budget <= 10%]; "
            f"new actions: {logs_again - logs}"
        )
        print(
            f"naive per-record ORM loop on {n_naive} invoices: "
            f"{naive_q.seconds:.1f}s, {naive_per_inv:.2f} queries/invoice "
            f"({naive_q.seconds / n_naive * 1000:.1f} ms/invoice vs "
            f"{first.seconds / n_inv * 1000:.1f} ms/invoice batched); "
            f"batched uses {per_inv / naive_per_inv:.1%} of the naive queries"
        )


if __name__ == "__main__":
    main()

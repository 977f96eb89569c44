"""Invariants checked after a load run (issue #16), one line each.

Run with Odoo's Python::

    python bench/load/invariants.py --db tzh_load --log var/load/tzh_load_odoo.log \
        [--failures var/load/tzh_load_failures.csv]

Exit status 1 when an invariant is violated.

The credit invariants concern the company with tz credit control
(``company_id`` of the setup, with the burst customers); the control company
(``control_company_id``, credit policy off) enforces nothing. The log and
failure checks count everything.
"""

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _odoo_env import ROOT, odoo_env, parser


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--log", required=True, help="Odoo server log of the run")
    p.add_argument("--failures", help="locust failures CSV of the run")
    args = p.parse_args()
    setup = json.loads((ROOT / "var" / "load" / f"{args.db}_setup.json").read_text())
    lines = []
    ok_all = True

    def report(ok, text):
        nonlocal ok_all
        ok_all &= ok
        lines.append(f"{'OK  ' if ok else 'FAIL'} {text}")

    with odoo_env(args) as env:
        from odoo import fields  # noqa: PLC0415

        company = env["res.company"].browse(setup["company_id"])
        env = env(context={"allowed_company_ids": [company.id]})
        cr = env.cr
        partners = (
            env["res.partner"]
            .browse(setup["partner_ids"] + setup.get("burst_partner_ids", []))
            .with_company(company)
        )
        # the approvals and orders of the credit-controlled company only
        Approval = env["tz.credit.approval"]
        on_company = ("company_id", "=", company.id)
        sales_uids = [u["id"] for u in setup["users"]["sales"]]

        # 1. exposure <= limit + temporary credit + approved (consumed) amounts
        over = []
        figures_of = {}
        for partner in partners:
            fig = partner._tz_credit_figures()
            figures_of[partner.id] = fig
            approved = sum(
                Approval.search(
                    [
                        on_company,
                        ("partner_id", "=", partner.id),
                        ("state", "=", "approved"),
                        ("consumed_date", "!=", False),
                    ]
                ).mapped("amount")
            )
            if fig["limit"] and fig["exposure"] > fig["limit_total"] + approved + 0.01:
                over.append(
                    f"{partner.id}: {fig['exposure']:.0f} > "
                    f"{fig['limit_total']:.0f}+{approved:.0f}"
                )
        report(
            not over,
            f"exposure within limit + temporary credit + approved amounts:"
            f" {len(partners) - len(over)}/{len(partners)} customers"
            + (f" (over: {over[:5]})" if over else ""),
        )

        # 2. confirmed orders that needed an approval have a consumed one
        orders = env["sale.order"].search(
            [on_company, ("create_uid", "in", sales_uids), ("state", "=", "sale")],
            order="date_order, id",
        )
        consumed = {
            a.sale_order_id.id
            for a in Approval.search(
                [("sale_order_id", "in", orders.ids), ("consumed_date", "!=", False)]
            )
        }
        missing = 0
        by_partner = defaultdict(lambda: env["sale.order"])
        for order in orders:
            by_partner[order.partner_id.commercial_partner_id.id] |= order
        for pid, porders in by_partner.items():
            fig = figures_of.get(pid) or partners.browse(pid)._tz_credit_figures()
            base = fig["exposure"] - sum(porders.mapped("amount_total"))
            room = fig["limit_total"] - base
            without = sum(o.amount_total for o in porders if o.id not in consumed)
            if fig["limit"] and without > room + 0.01:
                # confirmations beyond the room without an approval
                missing += round(
                    (without - max(room, 0))
                    / max(min(porders.mapped("amount_total")), 0.01)
                )
        n_consumed = len(consumed)
        report(
            missing == 0,
            f"confirmed orders needing an approval have one consumed: "
            f"{len(orders)} confirmed, {n_consumed} under an approval, "
            f"{missing} beyond the limit without one",
        )
        dup = Approval.read_group(
            [on_company, ("consumed_date", "!=", False)],
            ["sale_order_id"],
            ["sale_order_id"],
            lazy=False,
        )
        dup = [d for d in dup if d["__count"] > 1]
        report(not dup, f"no order used two approvals: {len(dup)} orders did")

        # 3. exactly one open collection plan per overdue invoice
        today = fields.Date.context_today(env["res.partner"])
        env.flush_all()
        cr.execute(
            """
            SELECT m.id, count(p.id) FILTER (WHERE p.state IN ('open', 'promised'))
              FROM account_move m
              LEFT JOIN tz_collection_plan p ON p.invoice_id = m.id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.company_id = %s AND m.payment_state IN ('not_paid', 'partial')
               AND m.invoice_date_due < %s
             GROUP BY m.id""",
            (company.id, today),
        )
        rows = cr.fetchall()
        none = sum(1 for _m, c in rows if c == 0)
        many = sum(1 for _m, c in rows if c > 1)
        report(
            none == 0 and many == 0,
            f"one open collection plan per overdue invoice: {len(rows)} overdue, "
            f"{len(rows) - none - many} with one, {none} with none,"
            f" {many} with several",
        )

        # 4. each level action performed once per plan
        cr.execute("""SELECT count(*) FROM (SELECT 1 FROM tz_collection_log
                       WHERE level_id IS NOT NULL GROUP BY plan_id, level_id, action
                      HAVING count(*) > 1) d""")
        n_dup = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM tz_collection_log WHERE level_id IS NOT NULL")
        report(
            n_dup == 0,
            f"each collection level action performed once: "
            f"{cr.fetchone()[0]} level actions, {n_dup} repeated",
        )

    # 5. serialization / deadlock errors seen by users vs retried by Odoo
    log = Path(args.log).read_text(errors="replace").splitlines()
    retries = sum(1 for ln in log if "tries left, try again" in ln)
    visible = 0
    try_again = 0
    if args.failures and Path(args.failures).exists():
        with open(args.failures, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                err = row.get("Error", "")
                n = int(row.get("Occurrences") or 0)
                if re.search(r"serializ|deadlock|concurrent update", err, re.I):
                    visible += n
                if "try again" in err.lower() or "请稍后" in err:
                    try_again += n
    report(
        visible == 0,
        f"no serialization/deadlock error visible to users: {visible} "
        f"visible, {retries} absorbed by Odoo's retry (log)",
    )
    report(try_again == 0, f"no 'try again' refusal: {try_again}")

    # 6. no ERROR in the server log
    errors = [ln for ln in log if re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", ln)]
    report(
        not errors,
        f"no ERROR in the server log: {len(errors)} ERROR lines"
        + (f" (first: {errors[0][:200]})" if errors else ""),
    )
    print("\n".join(lines))
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

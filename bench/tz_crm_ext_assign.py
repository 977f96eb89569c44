"""Benchmark of tz_crm_ext: lead assignment rules and the visit-cycle cron.

1. Assign 10,000 new leads (x --scale) to 50 salespeople in 5 teams with the
   capacity-weighted ``tz.assignment.rule`` and with Odoo core
   ``crm.team.action_assign_leads`` on the *same* data in the same run (the
   data is restored with a savepoint between both runs).  Prints both times,
   the ratio (target <= 1.0) and the max - min load per capacity unit (target
   <= 1; the unit is the smallest member capacity).
2. Run the daily visit-cycle cron on 50,000 customers (x --scale), ~30 %
   overdue, and re-run it (no duplicate reminder).  Target <= 30 s.

Everything is rolled back at the end.  Usage::

    /opt/odoo18-venv/bin/python bench/tz_crm_ext_assign.py --db <db> [--scale 0.2]
"""

import random
import threading
import time
from datetime import date, timedelta

from _odoo_env import QueryCounter, odoo_env, parser

TEAMS = 5
PER_TEAM = 10
# daily quotas 100..300 leads: core assigns assignment_max / 30 per run
CAPACITY_STEPS = [3000, 4500, 6000, 7500, 9000]


def make_sales_force(env):
    group = env.ref("sales_team.group_sale_salesman")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Bench 业务员 {i:02d}",
                    "login": f"tz_bench_sales_{i:02d}",
                    "groups_id": [(6, 0, [group.id, env.ref("base.group_user").id])],
                }
                for i in range(TEAMS * PER_TEAM)
            ]
        )
    )
    teams = env["crm.team"].create(
        [{"name": f"Bench 销售{t + 1}部", "sequence": 900 + t} for t in range(TEAMS)]
    )
    members = env["crm.team.member"].create(
        [
            {
                "crm_team_id": teams[i // PER_TEAM].id,
                "user_id": user.id,
                "assignment_max": CAPACITY_STEPS[i % len(CAPACITY_STEPS)],
            }
            for i, user in enumerate(users)
        ]
    )
    return users, teams, members


def make_leads(env, teams, count):
    Lead = env["crm.lead"].with_context(
        tz_no_auto_assign=True, mail_create_nolog=True, tracking_disable=True
    )
    vals = [
        {
            "name": f"Bench 线索 {i}",
            "type": "lead",
            "user_id": False,
            "team_id": teams[i % len(teams)].id,
            "expected_revenue": 1000 + (i % 97) * 100,
        }
        for i in range(count)
    ]
    leads = Lead.browse()
    for start in range(0, count, 2000):
        leads |= Lead.create(vals[start : start + 2000])
    env.flush_all()
    return leads


def spread(env, members, leads):
    """Max - min load per capacity unit over the members."""
    from odoo.addons.tz_crm_ext.lib import assignment  # noqa: PLC0415

    rows = env["crm.lead"]._read_group(
        [("id", "in", leads.ids), ("user_id", "!=", False)], ["user_id"], ["__count"]
    )
    by_user = {user.id: count for user, count in rows}
    counts = {m.id: by_user.get(m.user_id.id, 0) for m in members}
    caps = {m.id: m.assignment_max for m in members}
    return assignment.load_spread(counts, caps), sum(counts.values())


def bench_assignment(env, n_leads):
    users, teams, members = make_sales_force(env)
    leads = make_leads(env, teams, n_leads)
    rules = env["tz.assignment.rule"].create(
        [
            {
                "name": f"Bench rule {team.name}",
                "sequence": 900 + idx,
                "team_id": team.id,
                "domain": f"[('team_id', '=', {team.id})]",
                "strategy": "capacity",
                "apply_on_create": False,
            }
            for idx, team in enumerate(teams)
        ]
    )
    env.flush_all()
    cr = env.cr
    cr.execute("SAVEPOINT tz_bench_assign")

    # --- tz rules (run first: cold caches, the less favourable position)
    with QueryCounter(cr) as q_tz:
        assigned = rules._assign_leads(leads)
        env.flush_all()
        cr.precommit.run()
    tz_spread, _tz_count = spread(env, members, leads)
    print(
        f"tz_assignment_rule: {len(assigned)} leads in {q_tz.seconds:.2f} s, "
        f"{q_tz.count} queries, max-min load per capacity unit = {tz_spread:.3f}"
    )
    # --- restore the very same data for core
    env.invalidate_all(flush=False)
    env.transaction.clear()
    cr.precommit.clear()
    cr.postcommit.clear()
    cr.execute("ROLLBACK TO SAVEPOINT tz_bench_assign")
    assert not env["crm.lead"].search_count(
        [("id", "in", leads.ids), ("user_id", "!=", False)]
    )

    # core commits every 100 leads unless the thread is flagged as testing
    threading.current_thread().testing = True
    with QueryCounter(cr) as q_core:
        teams.with_context(mail_auto_subscribe_no_notify=True)._action_assign_leads(
            force_quota=True, creation_delta_days=0
        )
        env.flush_all()
        cr.precommit.run()
    core_spread, core_count = spread(env, members, leads)
    print(
        f"core action_assign_leads: {core_count} leads in {q_core.seconds:.2f} s, "
        f"{q_core.count} queries, max-min load per capacity unit = {core_spread:.3f}"
    )
    ratio = q_tz.seconds / q_core.seconds if q_core.seconds else float("inf")
    print(
        f"RESULT assign {n_leads} leads / {len(members)} salespeople / {TEAMS} teams: "
        f"tz {q_tz.seconds:.2f} s vs core {q_core.seconds:.2f} s, ratio = {ratio:.3f} "
        f"(target <= 1.0) {'OK' if ratio <= 1.0 else 'OVER'}; "
        f"spread tz = {tz_spread:.3f} (target <= 1) "
        f"{'OK' if tz_spread <= 1 else 'OVER'}, core = {core_spread:.3f}"
    )
    return users


def bench_visit_cycle(env, users, n_customers):
    cr = env.cr
    grades = env["tz.customer.grade"].search([])
    today = date.today()
    rnd = random.Random(42)
    user_ids = users.ids
    rows = []
    for i in range(n_customers):
        grade = grades[i % len(grades)]
        interval = grade.visit_interval_days or 30
        # ~30 % overdue
        offset = rnd.randint(-interval, int(interval * 0.43))
        rows.append(
            (
                f"Bench 客户 {i:05d}",
                user_ids[i % len(user_ids)],
                grade.id,
                interval,
                today - timedelta(days=interval) - timedelta(days=offset),
                today - timedelta(days=offset),
            )
        )
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, is_company,
                                 customer_rank, autopost_bills, type, lang,
                                 user_id, tz_grade, tz_visit_interval,
                                 tz_last_interaction_date, tz_next_visit_date,
                                 tz_visit_overdue, create_date, write_date)
        SELECT n, n, TRUE, TRUE, 1, 'ask', 'contact', 'zh_CN', u, g, iv, l, d,
               FALSE, now() at time zone 'utc', now() at time zone 'utc'
          FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::int[], %s::date[],
                      %s::date[]) AS t(n, u, g, iv, l, d)
        RETURNING id
        """,
        [list(col) for col in zip(*rows, strict=True)],
    )
    ids = [r[0] for r in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    env.invalidate_all()
    expected = sum(1 for r in rows if r[5] < today)
    Partner = env["res.partner"]
    with QueryCounter(cr) as q1:
        created = Partner._cron_tz_visit_cycle()
        env.flush_all()
    with QueryCounter(cr) as q2:
        created_again = Partner._cron_tz_visit_cycle()
        env.flush_all()
    activity_type = env.ref("tz_crm_ext.mail_activity_type_visit_overdue")
    cr.execute(
        """
        SELECT COUNT(*), COUNT(DISTINCT res_id) FROM mail_activity
         WHERE res_model = 'res.partner' AND activity_type_id = %s
           AND res_id = ANY(%s)
        """,
        [activity_type.id, ids],
    )
    total, distinct = cr.fetchone()
    print(
        f"visit cycle cron: {n_customers} customers, {expected} overdue, "
        f"{created} reminders created in {q1.seconds:.2f} s ({q1.count} queries); "
        f"re-run {created_again} created in {q2.seconds:.2f} s; "
        f"reminders {total} for {distinct} customers"
    )
    print(
        f"RESULT visit-cycle cron on {n_customers} customers: {q1.seconds:.2f} s "
        f"(target <= 30 s) {'OK' if q1.seconds <= 30 else 'OVER'}; duplicates = "
        f"{total - distinct}"
    )


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0, help="size factor (1 = issue)")
    p.add_argument("--skip-assign", action="store_true")
    p.add_argument("--skip-visit", action="store_true")
    args = p.parse_args()
    n_leads = max(int(10_000 * args.scale), 50)
    n_customers = max(int(50_000 * args.scale), 100)
    with odoo_env(args) as env:
        env = env(context=dict(env.context, tz="Asia/Shanghai"))
        t0 = time.perf_counter()
        users = bench_assignment(env, n_leads) if not args.skip_assign else None
        if not args.skip_visit:
            if users is None:
                users, _teams, _members = make_sales_force(env)
            bench_visit_cycle(env, users, n_customers)
        print(f"total wall time {time.perf_counter() - t0:.1f} s (rolled back)")


if __name__ == "__main__":
    main()

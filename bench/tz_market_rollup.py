"""Benchmark: roll-ups of a big market plan, grouped queries vs a per-record loop.

Builds a plan with 50 projects x 40 activities (ORM), 20,000 leads of which
5,000 won opportunities with a confirmed sale order each (bulk SQL inserts, to
keep the set-up short), then measures, in the same run and on a cold cache:

* the grouped roll-ups of the module (``_read_group``) for the plan alone and
  for the plan + all its projects + all its activities (query count and time);
* the same figures computed by a naive per-record loop (one set of queries per
  record), the baseline.

Usage::

    /opt/odoo18-venv/bin/python bench/tz_market_rollup.py --db DB [--scale 0.2]

Everything runs in one transaction that is rolled back at the end.
"""

import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _odoo_env import QueryCounter, odoo_env, parser

FIELDS = ("lead_count", "opportunity_count", "won_count", "lost_count", "won_revenue")


def build(env, scale, seed=42):
    rnd = random.Random(seed)
    # no creation messages / tracking while generating data
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    n_projects = max(1, round(50 * scale))
    n_activities = 40
    n_leads = max(10, round(20_000 * scale))
    n_won = max(2, round(5_000 * scale))
    n_lost = n_won // 2
    n_opps = n_won + n_lost + n_won // 2
    company = env.company
    user = env.ref("base.user_admin")
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
    plan = env["tz.market.plan"].create(
        {
            "name": "基准测试计划",
            "date_from": date(2031, 1, 1),
            "date_to": date(2031, 12, 31),
            "target_revenue": 50_000_000,
            "budget": 5_000_000,
        }
    )
    projects = env["tz.market.project"].create(
        [
            {
                "name": f"项目 {i:03d}",
                "plan_id": plan.id,
                "date_start": date(2031, 1, 1),
                "date_end": date(2031, 12, 31),
            }
            for i in range(n_projects)
        ]
    )
    activity_vals = []
    for project in projects:
        for j in range(n_activities):
            start = datetime(2031, 1, 2) + timedelta(days=(j * 7) % 350, hours=1)
            activity_vals.append(
                {
                    "name": f"{project.name} 活动 {j:02d}",
                    "project_id": project.id,
                    "date_start": start,
                    "date_end": start + timedelta(hours=3),
                    "cost": rnd.randint(1, 50) * 1000,
                    "user_id": user.id,
                }
            )
    activities = env["tz.market.activity"].create(activity_vals)
    env.flush_all()
    partners = env["res.partner"].create(
        [{"name": f"基准客户 {i:04d}", "is_company": True} for i in range(500)]
    )
    env.flush_all()
    cr = env.cr
    act_rows = [(a.id, a.project_id.id) for a in activities]
    lead_rows = []
    for i in range(n_leads):
        act_id, project_id = act_rows[i % len(act_rows)]
        if i < n_won:
            lead_type, stage, active = "opportunity", won_stage.id, True
        elif i < n_won + n_lost:
            lead_type, stage, active = "opportunity", open_stage.id, False
        elif i < n_opps:
            lead_type, stage, active = "opportunity", open_stage.id, True
        else:
            lead_type, stage, active = "lead", open_stage.id, True
        lead_rows.append(
            (
                f"基准线索 {i}",
                lead_type,
                active,
                stage,
                company.id,
                user.id,
                partners[i % len(partners)].id,
                rnd.randint(1, 100) * 1000.0,
                100.0 if stage == won_stage.id else 10.0,
                act_id,
                project_id,
                plan.id,
            )
        )
    cr.execute_values(
        """INSERT INTO crm_lead (name, type, active, stage_id, company_id, user_id,
               partner_id, expected_revenue, probability, tz_market_activity_id,
               tz_market_project_id, tz_market_plan_id, create_date, write_date)
           VALUES %s RETURNING id""",
        lead_rows,
        template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
        " now() at time zone 'UTC', now() at time zone 'UTC')",
        fetch=True,
    )
    cr.execute(
        "SELECT id, partner_id, tz_market_activity_id, tz_market_project_id"
        " FROM crm_lead WHERE tz_market_plan_id = %s AND stage_id = %s"
        " AND type = 'opportunity' AND active ORDER BY id",
        (plan.id, won_stage.id),
    )
    order_rows = [
        (
            f"BENCH{lead_id}",
            partner_id,
            partner_id,
            partner_id,
            company.id,
            company.currency_id.id,
            "sale",
            "direct",
            rnd.randint(10, 500) * 1000.0,
            lead_id,
            act_id,
            project_id,
            plan.id,
            user.id,
        )
        for lead_id, partner_id, act_id, project_id in cr.fetchall()
    ]
    cr.execute_values(
        """INSERT INTO sale_order (name, partner_id, partner_invoice_id,
               partner_shipping_id, company_id, currency_id, state, picking_policy,
               amount_untaxed, opportunity_id, tz_market_activity_id,
               tz_market_project_id, tz_market_plan_id, user_id, date_order,
               create_date, write_date)
           VALUES %s""",
        order_rows,
        template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
        " now() at time zone 'UTC', now() at time zone 'UTC',"
        " now() at time zone 'UTC')",
    )
    cr.execute("ANALYZE crm_lead")
    cr.execute("ANALYZE sale_order")
    env.invalidate_all()
    return plan, len(projects), len(activities), n_leads, len(order_rows)


def grouped(env, plan_id, levels):
    env.invalidate_all()
    plan = env["tz.market.plan"].browse(plan_id)
    result = {"plan": {f: plan[f] for f in FIELDS}}
    if levels:
        projects = plan.project_ids
        activities = projects.market_activity_ids
        projects.mapped("lead_count")
        activities.mapped("lead_count")
        result["projects"] = {p.id: {f: p[f] for f in FIELDS} for p in projects}
        result["activities"] = {a.id: {f: a[f] for f in FIELDS} for a in activities}
    return result


def loop_figures(env, field, record_id, won_stage_ids):
    """Naive per-record computation: one query per figure and record."""
    leads = env["crm.lead"].with_context(active_test=False)
    base = [(field, "=", record_id)]
    opps = [*base, ("type", "=", "opportunity")]
    orders = env["sale.order"].search([*base, ("state", "=", "sale")])
    return {
        "lead_count": leads.search_count(base),
        "opportunity_count": leads.search_count(opps),
        "won_count": leads.search_count([*opps, ("stage_id", "in", won_stage_ids)]),
        "lost_count": leads.search_count(
            [*base, ("active", "=", False), ("stage_id", "not in", won_stage_ids)]
        ),
        "won_revenue": sum(orders.mapped("amount_untaxed")),
    }


def per_record_loop(env, plan_id, levels):
    env.invalidate_all()
    won = env["crm.stage"].search([("is_won", "=", True)]).ids
    plan = env["tz.market.plan"].browse(plan_id)
    result = {"plan": loop_figures(env, "tz_market_plan_id", plan.id, won)}
    if levels:
        result["projects"] = {}
        result["activities"] = {}
        for project in plan.project_ids:
            result["projects"][project.id] = loop_figures(
                env, "tz_market_project_id", project.id, won
            )
            for activity in project.market_activity_ids:
                result["activities"][activity.id] = loop_figures(
                    env, "tz_market_activity_id", activity.id, won
                )
    return result


def measure(env, func, *args, repeat=3):
    best = None
    for _i in range(repeat):
        with QueryCounter(env.cr) as qc:
            value = func(env, *args)
        if best is None or qc.seconds < best[1]:
            best = (qc.count, qc.seconds, value)
    return best


def same(a, b):
    for key in ("plan", "projects", "activities"):
        if key not in a:
            continue
        left, right = a[key], b[key]
        if key == "plan":
            left, right = {0: left}, {0: right}
        for rid, figures in left.items():
            for f in FIELDS:
                if abs(figures[f] - right[rid][f]) > 0.01:
                    return False
    return True


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = sizes of the issue")
    args = p.parse_args()
    with odoo_env(args) as env:
        t0 = time.perf_counter()
        plan, n_proj, n_act, n_leads, n_orders = build(env, args.scale)
        print(
            f"data: 1 plan, {n_proj} projects, {n_act} activities, {n_leads} leads, "
            f"{n_orders} won with confirmed orders "
            f"(built in {time.perf_counter() - t0:.1f}s, scale {args.scale})"
        )
        q_plan, t_plan, g_plan = measure(env, grouped, plan.id, False)
        q_all, t_all, g_all = measure(env, grouped, plan.id, True)
        lq_plan, lt_plan, l_plan = measure(env, per_record_loop, plan.id, False)
        lq_all, lt_all, l_all = measure(env, per_record_loop, plan.id, True, repeat=1)
        figures = g_plan["plan"]
        print("plan roll-up: " + ", ".join(f"{f}={figures[f]:,.0f}" for f in FIELDS))
        print(f"grouped, plan only: {q_plan} queries, {t_plan * 1000:.1f} ms")
        print(
            f"grouped, plan + {n_proj} projects + {n_act} activities: "
            f"{q_all} queries, {t_all * 1000:.1f} ms"
        )
        print(
            f"per-record loop, plan + projects + activities: {lq_all} queries, "
            f"{lt_all * 1000:.1f} ms"
        )
        print(f"per-record loop, plan only: {lq_plan} queries, {lt_plan * 1000:.1f} ms")
        ratio = t_all / lt_all if lt_all else 0.0
        ok_same = same(g_all, l_all) and same(g_plan, l_plan)
        print(f"results identical: {ok_same}")
        print(
            f"ratio grouped / per-record loop (three levels): {ratio:.4f} "
            f"({'OK' if ratio <= 0.1 else 'OVER'} budget 0.1); "
            f"speed-up x{(lt_all / t_all) if t_all else 0:.1f}"
        )
        if not ok_same or ratio > 0.1:
            sys.exit(1)


if __name__ == "__main__":
    main()

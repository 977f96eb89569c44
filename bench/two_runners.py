"""Two cron runners at once: the four heavy runs give the result of one run.

Issue #16 item 3: the collection run (催收), the visit-cycle run, the
stock-cover run and the commission catch-up (佣金补记) started in two Odoo
processes at the same moment must leave the database as one run does. The
code holds it with tz_base run locks (``tz.single.run``), unique indexes and
row updates; this script shows it with real OS processes:

1. copies ``--db`` (never modified) to a database A and prepares the same
   work there, committed: ``--invoices`` overdue customer invoices over
   ``--customers`` new customers (cloned by ``INSERT ... SELECT`` from a
   posted invoice, due 1 to 120 days ago, dated on their due date), half of
   these customers past their visit date, the stock levels reset to "ok"
   without alerts (and some maximums lowered: overstock), and the commission
   lines of the open periods deleted (the catch-up books them again);
2. copies A to B (byte-identical work);
3. on A, one process runs the four crons one after the other; on B, two
   processes do the same, each run of the two starting at the same moment
   (a file barrier before each run). A run is what its cron does: the
   cron's ``_callback`` (its server action, as the cron user) in a cursor
   of its own, committed at the end; Odoo's own cron-row lock is not taken,
   so only the runs' own guarantees keep the second runner out;
4. compares A and B by a fingerprint independent of ids (plans, action
   logs, activities, messages, holds, visit reminders, stock states and
   alerts, commission lines) and counts the ERROR / CRITICAL lines of the
   processes' logs. Exit 1 on any difference, error or failed run.

The copies are dropped at the end unless ``--keep``.

Usage::

    createdb -T tz_demo tzh_two_src
    var/venv/bin/python bench/two_runners.py --db tzh_two_src [--invoices 2000]
        [--customers 300] [--commission-invoices 100] [--keep]
"""

import argparse
import configparser
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _odoo_env import ROOT, odoo_env, parser

RUNS = [
    ("collection run", "tz_sales_credit.ir_cron_tz_collection_run"),
    ("visit cycle", "tz_crm_ext.ir_cron_tz_visit_cycle"),
    ("stock cover", "tz_supply.ir_cron_tz_stock_cover"),
    ("commission catch-up", "tz_commission.ir_cron_tz_commission_catch_up"),
]
BARRIER_TIMEOUT = 1200

# ----------------------------------------------------------------------
# fingerprint: (block, run, SQL); rows are compared as multisets
# ----------------------------------------------------------------------
FINGERPRINT = [
    (
        "plans",
        "collection run",
        """SELECT c.name, m.name, l.name->>'en_US', p.state,
                  p.next_action_date::text, p.credit_hold, p.letter_pending
             FROM tz_collection_plan p
             JOIN account_move m ON m.id = p.invoice_id
             JOIN res_company c ON c.id = p.company_id
        LEFT JOIN tz_collection_level l ON l.id = p.level_id""",
    ),
    (
        "log lines",
        "collection run",
        """SELECT c.name, m.name, l.name->>'en_US', g.action
             FROM tz_collection_log g
             JOIN tz_collection_plan p ON p.id = g.plan_id
             JOIN account_move m ON m.id = p.invoice_id
             JOIN res_company c ON c.id = p.company_id
        LEFT JOIN tz_collection_level l ON l.id = g.level_id""",
    ),
    (
        "activities",
        "collection run",
        """SELECT c.name, m.name, t.name->>'en_US', u.login, a.active
             FROM mail_activity a
             JOIN tz_collection_plan p ON p.id = a.res_id
             JOIN account_move m ON m.id = p.invoice_id
             JOIN res_company c ON c.id = p.company_id
        LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
        LEFT JOIN res_users u ON u.id = a.user_id
            WHERE a.res_model = 'tz.collection.plan'""",
    ),
    (
        "messages",
        "collection run",
        """SELECT c.name, m.name, g.message_type, g.subject,
                  (SELECT count(*) FROM mail_mail mm
                    WHERE mm.mail_message_id = g.id)
             FROM mail_message g
             JOIN tz_collection_plan p ON p.id = g.res_id
             JOIN account_move m ON m.id = p.invoice_id
             JOIN res_company c ON c.id = p.company_id
            WHERE g.model = 'tz.collection.plan'""",
    ),
    (
        "customers on hold",
        "collection run",
        """SELECT name, tz_collection_hold::text FROM res_partner
            WHERE tz_collection_hold IS NOT NULL""",
    ),
    (
        "overdue customers",
        "visit cycle",
        "SELECT name, tz_next_visit_date::text FROM res_partner WHERE tz_visit_overdue",
    ),
    (
        "reminders",
        "visit cycle",
        """SELECT p.name, t.name->>'en_US', u.login, a.summary,
                  a.date_deadline::text
             FROM mail_activity a
             JOIN res_partner p ON p.id = a.res_id
        LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
        LEFT JOIN res_users u ON u.id = a.user_id
            WHERE a.res_model = 'res.partner' AND a.active""",
    ),
    (
        "alert rows",
        "stock cover",
        """SELECT pt.name->>'en_US', pp.default_code, w.code, l.state, l.active
             FROM tz_stock_level l
             JOIN product_product pp ON pp.id = l.product_id
             JOIN product_template pt ON pt.id = pp.product_tmpl_id
             JOIN stock_warehouse w ON w.id = l.warehouse_id
            WHERE l.state != 'ok'""",
    ),
    (
        "open alerts",
        "stock cover",
        """SELECT pt.name->>'en_US', pp.default_code, w.code,
                  t.name->>'en_US', u.login, a.summary
             FROM mail_activity a
             JOIN tz_stock_level l ON l.id = a.res_id
             JOIN product_product pp ON pp.id = l.product_id
             JOIN product_template pt ON pt.id = pp.product_tmpl_id
             JOIN stock_warehouse w ON w.id = l.warehouse_id
        LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
        LEFT JOIN res_users u ON u.id = a.user_id
            WHERE a.res_model = 'tz.stock.level' AND a.active""",
    ),
    (
        "commission lines",
        "commission catch-up",
        """SELECT c.name, m.name, u.login, pl.name->>'en_US', l.event_type,
                  l.rate_kind, l.date::text, l.tier_date::text, l.rate::text,
                  l.base_amount::text, l.commission_amount::text
             FROM tz_commission_line l
             JOIN res_company c ON c.id = l.company_id
             JOIN res_users u ON u.id = l.user_id
             JOIN tz_commission_plan pl ON pl.id = l.plan_id
        LEFT JOIN account_move m ON m.id = l.move_id""",
    ),
]


# ----------------------------------------------------------------------
# databases (plain psycopg2, no Odoo in the driving process)
# ----------------------------------------------------------------------
def pg_connect(config, dbname):
    import psycopg2  # noqa: PLC0415  (in the Python that runs Odoo)

    cp = configparser.ConfigParser()
    cp.read(config)
    opt = cp["options"] if cp.has_section("options") else {}
    return psycopg2.connect(
        dbname=dbname,
        host=opt.get("db_host") or None,
        port=opt.get("db_port") or None,
        user=opt.get("db_user") or None,
        password=opt.get("db_password") or None,
    )


def admin_sql(config, statement):
    conn = pg_connect(config, "postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(statement)
    finally:
        conn.close()


def copy_db(config, source, target):
    admin_sql(config, f'DROP DATABASE IF EXISTS "{target}"')
    admin_sql(config, f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def fingerprint(config, dbname):
    conn = pg_connect(config, dbname)
    try:
        with conn.cursor() as cr:
            result = {}
            for block, _run, query in FINGERPRINT:
                cr.execute(query)
                result[block] = Counter(
                    tuple(str(v) for v in row) for row in cr.fetchall()
                )
            return result
    finally:
        conn.close()


def this_script(*extra):
    return [sys.executable, str(Path(__file__).resolve()), *extra]


# ----------------------------------------------------------------------
# preparation (a subprocess on A, committed)
# ----------------------------------------------------------------------
def prepare(args):
    from tz_sales_credit_collection import insert_invoices  # noqa: PLC0415

    with odoo_env(args, commit=True) as env:
        from dateutil.relativedelta import relativedelta  # noqa: PLC0415

        from odoo import Command, fields  # noqa: PLC0415

        company = env.ref("base.main_company")
        env = env(
            context={
                "tracking_disable": True,
                "mail_notrack": True,
                "allowed_company_ids": [company.id],
            }
        )
        cr = env.cr
        today = fields.Date.context_today(env["res.partner"])
        # salespeople with an invoiced-basis commission plan, else the admin
        sellers = (
            env["tz.commission.assignment"]
            .search(
                [
                    ("user_id", "!=", False),
                    ("company_id", "=", company.id),
                    ("plan_id.basis", "=", "invoiced"),
                ]
            )
            .user_id
        ) or env.ref("base.user_admin")
        partners = env["res.partner"].create(
            [
                {
                    "name": f"双进程客户 {i:04d}",
                    "is_company": True,
                    "email": f"two{i}@runners.example.com",
                    "user_id": sellers[i % len(sellers)].id,
                    "customer_rank": 1,
                }
                for i in range(args.customers)
            ]
        )
        product = env["product.product"].create(
            {"name": "双进程 办公椅", "type": "consu", "list_price": 100.0}
        )
        template = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partners[0].id,
                "invoice_user_id": sellers[0].id,
                "invoice_date": today - relativedelta(days=200),
                "invoice_date_due": today - relativedelta(days=200),
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
        invoices = insert_invoices(
            env, template, partners.ids, args.invoices, "TWO/", today
        )
        # dated on their due date: a quarter of them falls in the open
        # commission periods (this month and the previous one)
        cr.execute(
            """UPDATE account_move SET invoice_date = invoice_date_due,
                      date = invoice_date_due
                WHERE id = ANY(%s)""",
            [invoices.ids],
        )
        # commission: real invoices (product lines) in the open periods, the
        # clones above have no lines and earn nothing
        days = (today - (today.replace(day=1) - relativedelta(months=1))).days + 1
        booked = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partners[i % len(partners)].id,
                    "invoice_user_id": sellers[i % len(sellers)].id,
                    "invoice_date": today - relativedelta(days=i % days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1 + i % 7,
                                "price_unit": 1000.0 + 10 * i,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for i in range(args.commission_invoices)
            ]
        )
        booked.action_post()
        # visit cycle: half of the new customers are past their visit date
        cr.execute(
            """UPDATE res_partner
                  SET tz_next_visit_date = %s::date - (1 + id %% 20)
                WHERE id = ANY(%s) AND id %% 2 = 0""",
            [today, partners.ids],
        )
        # stock cover: every row back to "ok" without alert (the run flags
        # them again), and some maximums lowered so more rows are overstock
        cr.execute("DELETE FROM mail_activity WHERE res_model = 'tz.stock.level'")
        cr.execute(
            """UPDATE tz_stock_level
                  SET state = 'ok', state_priority = 3,
                      max_qty = CASE WHEN id % 2 = 0 THEN 1 ELSE max_qty END"""
        )
        # commission: the lines of the open periods are missing (the
        # catch-up books them again); nothing settled is touched
        start = (today.replace(day=1) - relativedelta(months=1)).isoformat()
        cr.execute(
            """DELETE FROM tz_commission_line
                WHERE settlement_id IS NULL AND move_id IN (
                      SELECT id FROM account_move WHERE invoice_date >= %s)""",
            [start],
        )
        deleted = cr.rowcount
        env.invalidate_all()
        cr.execute(
            """SELECT
                 (SELECT count(*) FROM res_partner
                   WHERE id = ANY(%s) AND tz_next_visit_date < %s),
                 (SELECT count(*) FROM tz_stock_level)""",
            [partners.ids, today],
        )
        due, levels = cr.fetchone()
        print(
            json.dumps(
                {
                    "invoices": len(invoices),
                    "customers": len(partners),
                    "visit_due": due,
                    "stock_levels": levels,
                    "commission_invoices": len(booked),
                    "commission_lines_deleted": deleted,
                }
            )
        )


# ----------------------------------------------------------------------
# runner (a subprocess: the four crons one after the other)
# ----------------------------------------------------------------------
class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.skips = []

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return
        if "skipped" in message:
            self.skips.append(message)


def wait_barrier(directory, step, name, parties):
    if not directory:
        return
    Path(directory, f"{step}.{name}").touch()
    deadline = time.monotonic() + BARRIER_TIMEOUT
    while len(list(Path(directory).glob(f"{step}.*"))) < parties:
        if time.monotonic() > deadline:
            raise SystemExit(f"barrier {step}: the other runner never came")
        time.sleep(0.005)


def run_crons(args):
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    report = {"name": args.runner, "runs": {}}
    failed = False
    with odoo_env(args) as env0:
        import odoo  # noqa: PLC0415

        registry = env0.registry
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            crons = [(label, env.ref(xmlid)) for label, xmlid in RUNS]
            crons = [
                (label, c.id, c.user_id.id, c.cron_name, c.ir_actions_server_id.id)
                for label, c in crons
            ]
        for step, (label, cron_id, uid, cron_name, action_id) in enumerate(crons):
            wait_barrier(args.barrier, step, args.runner, args.parties)
            collect.skips = []
            t0 = time.perf_counter()
            status = "ok"
            # what the cron runner does for the job: the server action as
            # the cron's user in a cursor of its own, committed at the end
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, uid, {"lastcall": False})
                try:
                    env["ir.cron"].browse(cron_id)._callback(cron_name, action_id)
                    cr.commit()
                except Exception:  # logged by _callback, as for a cron
                    status = "failed"
                    failed = True
            report["runs"][label] = {
                "status": status,
                "seconds": round(time.perf_counter() - t0, 2),
                "skips": list(collect.skips),
            }
    print("RESULT " + json.dumps(report, ensure_ascii=False), flush=True)
    return 1 if failed else 0


# ----------------------------------------------------------------------
# driver
# ----------------------------------------------------------------------
def spawn_runner(args, db, name, logdir, barrier, parties):
    log = open(Path(logdir, f"{name}.log"), "w")
    cmd = this_script(
        "--db", db, "-c", args.config, "--runner", name, "--parties", str(parties)
    )
    if barrier:
        cmd += ["--barrier", barrier]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True)
    return proc, log


def finish(proc, log):
    out, _err = proc.communicate()
    log.close()
    result = None
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
    return proc.returncode, result


def error_lines(path):
    with open(path, errors="replace") as f:
        return [line.rstrip() for line in f if " ERROR " in line or "CRITICAL" in line]


def num(n):
    return f"{n:,}".replace(",", " ")


def drive(args):
    src = args.db
    db_a, db_b = f"{src}_a", f"{src}_b"
    logdir = tempfile.mkdtemp(prefix="tz_two_runners_")
    ok = True
    try:
        t0 = time.perf_counter()
        copy_db(args.config, src, db_a)
        prep = subprocess.run(
            this_script(
                "--db",
                db_a,
                "-c",
                args.config,
                "--prepare",
                "--invoices",
                str(args.invoices),
                "--customers",
                str(args.customers),
                "--commission-invoices",
                str(args.commission_invoices),
            ),
            capture_output=True,
            text=True,
        )
        Path(logdir, "prepare.log").write_text(prep.stderr)
        if prep.returncode:
            print(prep.stderr[-3000:], file=sys.stderr)
            raise SystemExit("preparation failed")
        data = json.loads(prep.stdout.strip().splitlines()[-1])
        copy_db(args.config, db_a, db_b)
        print(
            f"work: {num(data['invoices'])} overdue invoices over "
            f"{num(data['customers'])} new customers, "
            f"{num(data['commission_invoices'])} new invoices with commission, "
            f"{num(data['commission_lines_deleted'])} commission lines of the open "
            "periods deleted, "
            f"{num(data['visit_due'])} customers past their visit date, "
            f"{num(data['stock_levels'])} stock levels reset "
            f"(prepared and copied in {time.perf_counter() - t0:.0f}s); logs: {logdir}"
        )

        # A: one process
        code_a, res_a = finish(*spawn_runner(args, db_a, "a", logdir, None, 1))
        # B: two processes, each run started at the same moment in both
        barrier = tempfile.mkdtemp(prefix="barrier_", dir=logdir)
        procs = [spawn_runner(args, db_b, n, logdir, barrier, 2) for n in ("b1", "b2")]
        res_b = [finish(*p) for p in procs]
        if code_a or not res_a or any(code or not res for code, res in res_b):
            ok = False
            print(
                f"a runner failed: A exit {code_a}, B exits "
                f"{[code for code, _r in res_b]} (see {logdir})"
            )

        fp_a = fingerprint(args.config, db_a)
        fp_b = fingerprint(args.config, db_b)
        for label, _xmlid in RUNS:
            blocks = [b for b, run, _q in FINGERPRINT if run == label]
            counts = " / ".join(f"{num(sum(fp_a[b].values()))} {b}" for b in blocks)
            same = all(fp_a[b] == fp_b[b] for b in blocks)
            ok &= same
            skips = {
                res["name"]: res["runs"].get(label, {}).get("skips", [])
                for _code, res in res_b
                if res
            }
            skipped_by = [name for name, msgs in skips.items() if msgs]
            if skipped_by:
                detail = "; ".join(
                    f"{name}: {' | '.join(sorted(set(skips[name])))}"
                    for name in skipped_by
                )
                skipped = f"yes, {detail}"
            else:
                skipped = "no skip line logged"
            secs_a = res_a["runs"][label]["seconds"] if res_a else "?"
            secs_b = ", ".join(
                f"{res['name']} {res['runs'][label]['seconds']}s"
                for _code, res in res_b
                if res
            )
            print(
                f"{label}: one process {counts} ({secs_a}s); two processes at "
                f"once ({secs_b}): {'identical' if same else 'DIFFERENT'} "
                f"(skipped by the second: {skipped})"
            )
            for b in blocks:
                if fp_a[b] != fp_b[b]:
                    only_a = fp_a[b] - fp_b[b]
                    only_b = fp_b[b] - fp_a[b]
                    print(
                        f"  {b}: {sum(only_a.values())} row(s) only in one "
                        f"process, {sum(only_b.values())} only in two"
                    )
                    for row, n in list(only_a.items())[:10]:
                        print(f"    one only x{n}: {row}")
                    for row, n in list(only_b.items())[:10]:
                        print(f"    two only x{n}: {row}")
        errors_a = error_lines(Path(logdir, "a.log"))
        errors_b = error_lines(Path(logdir, "b1.log")) + error_lines(
            Path(logdir, "b2.log")
        )
        print(f"ERROR lines: {len(errors_b)} (one process alone: {len(errors_a)})")
        for line in (errors_b + errors_a)[:20]:
            print(f"  {line}")
        ok &= not errors_a and not errors_b
    finally:
        if not args.keep:
            for db in (db_a, db_b):
                admin_sql(args.config, f'DROP DATABASE IF EXISTS "{db}"')
    print("result: " + ("identical" if ok else "DIFFERENT / ERRORS"))
    return 0 if ok else 1


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--invoices", type=int, default=2000)
    p.add_argument("--customers", type=int, default=300)
    p.add_argument("--commission-invoices", type=int, default=100)
    p.add_argument("--keep", action="store_true", help="keep the copies A and B")
    # internal: the subprocesses
    p.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--runner", help=argparse.SUPPRESS)
    p.add_argument("--barrier", help=argparse.SUPPRESS)
    p.add_argument("--parties", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args()
    args.config = str(Path(args.config).resolve())
    os.chdir(ROOT)
    if args.prepare:
        prepare(args)
        return 0
    if args.runner:
        return run_crons(args)
    return drive(args)


if __name__ == "__main__":
    sys.exit(main())

"""Drive one load run (issue #16): start Odoo in prefork mode on a free port,
run the 20-at-once confirmation burst, run Locust headless (bounded users /
time), stop Odoo, write the summary and the plot under var/load/, then check
the invariants.

    var/venv-load/bin/python bench/load/run.py --db tzh_load [--users 50]
        [--spawn-rate 2]
        [--time 5m] [--workers 4] [--port 18410]

The burst: 20 salespeople (load_sales_00..19), each logged in over JSON-RPC,
create one 1 000 order each for an unused burst customer (limit 10 000, made
by make_db.py), then all press Confirm at the same moment; budget: 10
confirmed, 10 refused for the limit, 0 "try again", 0 other errors.

The summary also gives p95 and p50 of "sale: confirm" (tz credit control)
over "sale: confirm (credit off)" (the control company, same run, alternated
order by order); budget <= 1.25.

Needs the load venv (var/venv-load: pip install -r bench/load/requirements.txt)
and a database made by bench/load/make_db.py.
"""

import argparse
import csv
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "load"
ODOO_PY = os.environ.get("ODOO_PYTHON", str(ROOT / "var" / "venv" / "bin" / "python"))
LOAD_PY = os.environ.get(
    "LOAD_PYTHON", str(ROOT / "var" / "venv-load" / "bin" / "python")
)
ODOO_CORE = os.environ.get("ODOO_HOME", str(ROOT / "var" / "odoo-18.0"))
CRONS = (
    "tz_sales_credit.ir_cron_tz_collection_run",
    "tz_crm_ext.ir_cron_tz_visit_cycle",
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(db, sql):
    env = dict(os.environ, PGPASSWORD="odoo")
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "odoo", "-d", db, "-Atc", sql],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def trigger_crons(db):
    """What ir.cron._trigger() does: a trigger row and a NOTIFY to the cron runner."""
    names = ",".join(f"'{x.split('.')[1]}'" for x in CRONS)
    psql(
        db,
        f"""INSERT INTO ir_cron_trigger (cron_id, call_at, create_uid, create_date,
                     write_uid, write_date)
                 SELECT d.res_id, now() at time zone 'utc', 1, now(), 1, now()
                   FROM ir_model_data d
                  WHERE d.model = 'ir.cron' AND d.name IN ({names});
                 NOTIFY cron_trigger, '{db}';""",
    )


BURST_USERS = 20
BURST_BUDGET = (10, 10, 0, 0)
RATIO_BUDGET = 1.25
SEARCH_BUDGET_MS = 150


class JsonRpc:
    """One browser session: a cookie jar and JSON-RPC calls like the web client."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self._id = 0

    def post(self, path, params):
        """Returns (result, None) or (None, error data)."""
        self._id += 1
        req = urllib.request.Request(
            self.base + path,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": self._id, "params": params}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with self.opener.open(req, timeout=180) as resp:
                body = json.loads(resp.read())
        except Exception as exc:  # HTTP error, timeout, not JSON
            return None, {"name": type(exc).__name__, "message": str(exc)}
        if "error" in body:
            return None, body["error"].get("data") or body["error"]
        return body.get("result"), None

    def call(self, model, method, args, kwargs):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


def burst(base, db, setup):
    """20 salespeople confirm one 1 000 order each for one burst customer at
    the same moment. Returns the summary line and whether it met the budget."""
    partner = None
    for pid in setup.get("burst_partner_ids", []):
        if (
            psql(
                db, f"SELECT count(*) FROM sale_order WHERE partner_id = {pid}"
            ).strip()
            == "0"
        ):
            partner = pid
            break
    sales = setup["users"]["sales"][:BURST_USERS]
    if partner is None or len(sales) < BURST_USERS:
        line = (
            f"{BURST_USERS} at once on one customer: not run ("
            + (
                "no unused burst customer"
                if partner is None
                else "fewer than 20 salespeople"
            )
            + "; re-run make_db.py)"
        )
        return line, False
    limit = setup["limits"][str(partner)]
    barrier = threading.Barrier(len(sales), timeout=300)
    outcomes = [None] * len(sales)

    def one(i, user):
        rpc = JsonRpc(base)
        res, err = rpc.post(
            "/web/session/authenticate",
            {"db": db, "login": user["login"], "password": user["password"]},
        )
        ctx = dict(
            (res or {}).get("user_context") or {},
            allowed_company_ids=[setup["company_id"]],
        )
        oid = None
        if not err:
            oid, err = rpc.call(
                "sale.order",
                "create",
                [
                    {
                        "partner_id": partner,
                        "company_id": setup["company_id"],
                        "user_id": user["id"],
                        "order_line": [
                            [
                                0,
                                0,
                                {
                                    "product_id": setup["product_id"],
                                    "product_uom_qty": 1,
                                    "price_unit": setup["order_amount"],
                                },
                            ]
                        ],
                    }
                ],
                {"context": ctx},
            )
        try:
            barrier.wait()  # everybody presses Confirm now
        except threading.BrokenBarrierError:
            pass
        if err:
            outcomes[i] = ("other", f"create: {err.get('name')}: {err.get('message')}")
            return
        _res, err = rpc.call("sale.order", "action_confirm", [[oid]], {"context": ctx})
        if not err:
            outcomes[i] = ("confirmed", "")
            return
        name, msg = err.get("name", ""), err.get("message", "")
        if "try again" in msg.lower() or "请稍后" in msg:
            outcomes[i] = ("try again", msg)
        elif name == "odoo.exceptions.RedirectWarning":
            outcomes[i] = ("refused", msg)  # the credit block (limit) message
        else:
            outcomes[i] = ("other", f"{name}: {msg}")

    threads = [
        threading.Thread(target=one, args=(i, user)) for i, user in enumerate(sales)
    ]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = [
        sum(1 for o in outcomes if o and o[0] == kind)
        for kind in ("confirmed", "refused", "try again", "other")
    ]
    counts[3] += sum(1 for o in outcomes if o is None)
    ok = tuple(counts) == BURST_BUDGET
    limit_text = f"{limit:,.0f}".replace(",", " ")
    line = (
        f"{len(sales)} at once on one customer (limit {limit_text}): "
        f"{counts[0]} confirmed, {counts[1]} refused for the limit, "
        f"{counts[2]} 'try again', {counts[3]} other errors"
        f" [budget 10 / 10 / 0 / 0: {'OK' if ok else 'FAIL'}]"
    )
    print(f"{line} ({time.time() - t0:.1f}s)")
    for o in outcomes:
        if o and o[0] in ("try again", "other"):
            print(f"  {o[0]}: {o[1][:300]}")
    return line, ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--spawn-rate", type=float, default=2)
    ap.add_argument("--time", default="5m")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument(
        "--think",
        default="3,10",
        help="seconds a user waits between two actions, MIN,MAX (default 3,10:"
        " someone working quickly in the web client; 0.5,2 is a stress test)",
    )
    ap.add_argument(
        "--replica-port", type=int, help="start Odoo with db_replica_host/port"
    )
    ap.add_argument("--port", type=int, help="Odoo HTTP port (default: a free one)")
    ap.add_argument(
        "--gevent-port", type=int, help="Odoo long-polling port (default: a free one)"
    )
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"{args.db}_odoo.log"
    log.unlink(missing_ok=True)
    port = args.port or free_port()
    gport = args.gevent_port or free_port()
    cmd = [
        ODOO_PY,
        str(Path(ODOO_CORE) / "odoo-bin"),
        "-c",
        str(ROOT / "odoo.conf"),
        f"--addons-path={ROOT / 'addons'},{Path(ODOO_CORE) / 'addons'}",
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--workers={args.workers}",
        "--max-cron-threads=1",
        f"--http-port={port}",
        f"--gevent-port={gport}",
        f"--logfile={log}",
        "--log-level=info",
    ]
    if args.replica_port:
        cmd += ["--db_replica_host=127.0.0.1", f"--db_replica_port={args.replica_port}"]
    print("starting:", " ".join(cmd))
    odoo = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/web/login", timeout=5)
            break
        except Exception:
            time.sleep(1)
    else:
        os.killpg(odoo.pid, signal.SIGTERM)
        sys.exit("Odoo did not start")
    # every prefork worker loads the registry on its first request: warm them up
    import concurrent.futures  # noqa: PLC0415

    with concurrent.futures.ThreadPoolExecutor(args.workers * 2) as pool:
        list(
            pool.map(
                lambda _i: urllib.request.urlopen(
                    f"{base}/web/login?db={args.db}", timeout=120
                ).read(),
                range(args.workers * 4),
            )
        )
    prefix = OUT / args.db
    setup_file = OUT / f"{args.db}_setup.json"
    burst_line, burst_ok = burst(
        base, args.db, json.loads(setup_file.read_text(encoding="utf-8"))
    )
    locust = [
        LOAD_PY,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "-H",
        base,
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "--run-time",
        args.time,
        "--stop-timeout",
        "30",
        "--csv",
        str(prefix),
        "--csv-full-history",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = dict(os.environ, LOAD_SETUP=str(setup_file), LOAD_THINK=args.think)
    t0 = time.time()
    trigger_crons(args.db)
    proc = subprocess.Popen(locust, env=env, cwd=ROOT)
    retriggered = False
    while proc.poll() is None:
        time.sleep(2)
        if not retriggered and time.time() - t0 > 60:
            trigger_crons(args.db)  # a second run of both crons during the load
            retriggered = True
    print(f"locust finished (rc {proc.returncode}) after {time.time() - t0:.0f}s")
    # let running crons finish, then stop Odoo
    for _ in range(300):
        busy = psql(
            args.db,
            "SELECT count(*) FROM ir_cron_trigger t JOIN ir_model_data d"
            " ON d.res_id = t.cron_id AND d.model = 'ir.cron' WHERE d.name IN"
            " ('ir_cron_tz_collection_run', 'ir_cron_tz_visit_cycle')",
        ).strip()
        if busy == "0":
            break
        time.sleep(2)
    time.sleep(3)
    os.killpg(odoo.pid, signal.SIGTERM)
    odoo.wait(timeout=60)
    summarize(
        prefix,
        [burst_line, f"{args.users} users, think time {args.think} s, {args.time}"],
    )
    inv = subprocess.run(
        [
            ODOO_PY,
            str(HERE / "invariants.py"),
            "--db",
            args.db,
            "--log",
            str(log),
            "--failures",
            f"{prefix}_failures.csv",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    inv_lines = [ln for ln in inv.stdout.splitlines() if ln[:4] in ("OK  ", "FAIL")]
    (OUT / f"{args.db}_invariants.txt").write_text("\n".join(inv_lines) + "\n")
    print("\n".join(inv_lines) or inv.stderr[-3000:])
    return inv.returncode or (0 if burst_ok else 1)


def ratio_lines(rows):
    """p95 and p50 of confirmation with tz credit control over the same with
    the credit policy off (same run, alternated order by order)."""
    by_name = {r["Name"]: r for r in rows}
    on, off = by_name.get("sale: confirm"), by_name.get("sale: confirm (credit off)")
    if not on or not off:
        return ["confirmation credit on / off: no data (a side had no confirmation)"]
    out = []
    for pct in ("95%", "50%"):
        try:
            a, b = float(on[pct]), float(off[pct])
        except ValueError:
            out.append(f"p{pct[:-1]} confirmation credit on / off: N/A")
            continue
        r = a / b if b else float("inf")
        out.append(
            f"p{pct[:-1]} confirmation credit on / off: {a:.0f} / {b:.0f} ms"
            f" = {r:.2f} [budget <= {RATIO_BUDGET}: "
            f"{'OK' if r <= RATIO_BUDGET else 'OVER'}]"
            f" ({on['Request Count']} / {off['Request Count']} confirmed orders)"
        )
    return out


def search_lines(rows):
    """p95 of the KB and pinyin searches under the load (budget 150 ms)."""
    out = []
    for name in ("service: KB search", "docs: pinyin search"):
        row = next((r for r in rows if r["Name"] == name), None)
        if not row or row["95%"] in ("N/A", ""):
            out.append(f"{name} p95: no data")
            continue
        p95 = float(row["95%"])
        out.append(
            f"{name} p95: {p95:.0f} ms over {row['Request Count']} searches"
            f" [budget <= {SEARCH_BUDGET_MS} ms: "
            f"{'OK' if p95 <= SEARCH_BUDGET_MS else 'OVER'}]"
        )
    return out


def summarize(prefix, head=()):
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    out = [
        "| action | count | p50 ms | p95 ms | p99 ms | failures |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['Name'] or r['Type']} | {r['Request Count']} | {r['50%']} | "
            f"{r['95%']} | {r['99%']} | {r['Failure Count']} |"
        )
    agg = [r for r in rows if r["Name"] == "Aggregated"]
    rate = [f"{float(agg[0]['Requests/s']):.1f} requests/s on average"] if agg else []
    extra = [*head, *rate, *ratio_lines(rows), *search_lines(rows)]
    text = "\n".join([*extra, "", *out])
    Path(f"{prefix}_summary.md").write_text(text + "\n")
    print(text)
    fails = Path(f"{prefix}_failures.csv")
    if fails.exists():
        frows = list(csv.DictReader(open(fails, encoding="utf-8")))
        for r in frows[:10]:
            print(f"failure x{r['Occurrences']} {r['Name']}: {r['Error'][:200]}")
    hist = [
        r
        for r in csv.DictReader(open(f"{prefix}_stats_history.csv", encoding="utf-8"))
        if r["Name"] == "Aggregated"
    ]
    if not hist:
        return
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    t0 = int(hist[0]["Timestamp"])
    ts = [int(r["Timestamp"]) - t0 for r in hist]
    fig, ax1 = plt.subplots(figsize=(10, 5))
    ax1.plot(
        ts, [float(r["Requests/s"]) for r in hist], color="tab:blue", label="requests/s"
    )
    ax1.set_xlabel("seconds")
    ax1.set_ylabel("requests/s", color="tab:blue")
    ax2 = ax1.twinx()
    ax2.plot(
        ts,
        [float(r["95%"]) if r["95%"] not in ("N/A", "") else 0 for r in hist],
        color="tab:red",
        label="p95 ms",
    )
    ax2.set_ylabel("p95 (ms)", color="tab:red")
    users = max(int(r["User Count"] or 0) for r in hist)
    ax1.set_title(f"tz load test: {users} users, prefork Odoo")
    fig.tight_layout()
    fig.savefig(f"{prefix}_plot.png", dpi=100)
    print(f"plot: {prefix}_plot.png")


if __name__ == "__main__":
    sys.exit(main())

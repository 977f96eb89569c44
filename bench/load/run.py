"""Drive one load run (issue #16): start Odoo in prefork mode on a free port,
run Locust headless (bounded users / time), stop Odoo, write the summary and
the plot under var/load/, then check the invariants.

    var/venv-load/bin/python bench/load/run.py --db tzh_load [--users 50]
        [--spawn-rate 10]
        [--time 5m] [--workers 4]

Needs the load venv (var/venv-load: pip install -r bench/load/requirements.txt)
and a database made by bench/load/make_db.py.
"""

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--spawn-rate", type=float, default=10)
    ap.add_argument("--time", default="5m")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument(
        "--replica-port", type=int, help="start Odoo with db_replica_host/port"
    )
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"{args.db}_odoo.log"
    log.unlink(missing_ok=True)
    port, gport = free_port(), free_port()
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
    env = dict(os.environ, LOAD_SETUP=str(OUT / f"{args.db}_setup.json"))
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
    summarize(prefix)
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
    return inv.returncode


def summarize(prefix):
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
    text = "\n".join(out)
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

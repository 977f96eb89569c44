"""PostgreSQL 15 hot standby on this machine for Odoo's read replica (issue #16).

    python3 bench/replica_setup.py setup      # idempotent
    python3 bench/replica_setup.py status
    python3 bench/replica_setup.py teardown

``setup`` makes, on the primary cluster 15/main (port 5432), a replication
role ``tz_replicator`` and a physical replication slot ``tz_replica``, then a
second cluster 15/replica on port 5433 from ``pg_basebackup -R -S tz_replica``
(streaming replication, ``hot_standby = on``). The standby is a physical copy:
the same databases and roles (odoo/odoo), read-only. Then start Odoo with::

    odoo -c odoo.conf ... --db_replica_host=127.0.0.1 --db_replica_port=5433

Odoo 18 then opens a read-only cursor on the replica for ``@api.readonly``
methods called through /web/dataset/call_kw and for routes declared
``readonly=True``, and retries on the primary when such a request writes
("retrying with a read/write cursor" in the log).

Runs as root (uses ``su postgres``) or as postgres, on Debian's
postgresql-common (pg_createcluster / pg_ctlcluster / pg_dropcluster).
"""

import os
import secrets
import shlex
import subprocess
import sys
import time
from pathlib import Path

VERSION = "15"
PRIMARY = "main"
PRIMARY_PORT = 5432
REPLICA = "replica"
REPLICA_PORT = int(os.environ.get("TZ_REPLICA_PORT", "5433"))
ROLE = "tz_replicator"
SLOT = "tz_replica"
PASSFILE = Path("/var/lib/postgresql/.tz_replicator_password")


def as_postgres(cmd, check=True, env=None):
    if os.geteuid() == 0:
        cmd = ["su", "postgres", "-c", shlex.join(cmd)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and res.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{res.stdout}{res.stderr}")
    return res.stdout.strip()


def psql(sql, port=PRIMARY_PORT, check=True):
    return as_postgres(
        ["psql", "-p", str(port), "-d", "postgres", "-Atc", sql], check=check
    )


def cluster_exists():
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    return any(line.split()[:2] == [VERSION, REPLICA] for line in out.splitlines())


def setup():
    if psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'") != "1":
        password = secrets.token_urlsafe(18)
        psql(f"CREATE ROLE {ROLE} WITH REPLICATION LOGIN PASSWORD '{password}'")
        as_postgres(["sh", "-c", f"umask 077; echo {password} > {PASSFILE}"])
        print(f"role {ROLE} created")
    for setting, value in (("wal_level", "replica"), ("hot_standby", "on")):
        if psql(f"SHOW {setting}") != value:
            sys.exit(f"primary: {setting} must be {value} (restart needed)")
    if psql(f"SELECT 1 FROM pg_replication_slots WHERE slot_name = '{SLOT}'") != "1":
        psql(f"SELECT pg_create_physical_replication_slot('{SLOT}')")
        print(f"slot {SLOT} created")
    if not cluster_exists():
        as_postgres(["pg_createcluster", VERSION, REPLICA, "-p", str(REPLICA_PORT)])
        datadir = f"/var/lib/postgresql/{VERSION}/{REPLICA}"
        as_postgres(["sh", "-c", f"rm -rf {datadir}/*"])
        as_postgres(
            [
                "sh",
                "-c",
                f"PGPASSWORD=$(cat {PASSFILE}) pg_basebackup -h 127.0.0.1"
                f" -p {PRIMARY_PORT} -U {ROLE} -D {datadir} -R -S {SLOT}"
                " -X stream -c fast",
            ]
        )
        conf = f"/etc/postgresql/{VERSION}/{REPLICA}/conf.d/tz_replica.conf"
        as_postgres(
            [
                "sh",
                "-c",
                f"printf 'hot_standby = on\\nhot_standby_feedback = on\\n' > {conf}",
            ]
        )
        print(f"cluster {VERSION}/{REPLICA} created from a base backup")
    if REPLICA not in subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True
    ).stdout or "online" not in [
        line.split()[3]
        for line in subprocess.run(
            ["pg_lsclusters", "-h"], capture_output=True, text=True
        ).stdout.splitlines()
        if line.split()[:2] == [VERSION, REPLICA]
    ]:
        subprocess.run(["pg_ctlcluster", VERSION, REPLICA, "start"], check=True)
    for _ in range(30):
        if psql("SELECT pg_is_in_recovery()", port=REPLICA_PORT, check=False) == "t":
            break
        time.sleep(1)
    status()


def status():
    print(
        "clusters:\n"
        + subprocess.run(
            ["pg_lsclusters"], capture_output=True, text=True
        ).stdout.rstrip()
    )
    print(
        "primary pg_stat_replication:",
        psql(
            "SELECT application_name, state, sync_state, replay_lag"
            " FROM pg_stat_replication",
            check=False,
        )
        or "(no standby)",
    )
    print(
        "replica in recovery (hot standby):",
        psql("SELECT pg_is_in_recovery()", port=REPLICA_PORT, check=False) or "down",
    )


def teardown():
    if cluster_exists():
        subprocess.run(["pg_dropcluster", "--stop", VERSION, REPLICA], check=True)
        print(f"cluster {VERSION}/{REPLICA} dropped")
    if psql(f"SELECT 1 FROM pg_replication_slots WHERE slot_name = '{SLOT}'") == "1":
        psql(f"SELECT pg_drop_replication_slot('{SLOT}')")
        print(f"slot {SLOT} dropped")
    if psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'") == "1":
        psql(f"DROP ROLE {ROLE}")
        as_postgres(["rm", "-f", str(PASSFILE)])
        print(f"role {ROLE} dropped")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "status"
    {"setup": setup, "status": status, "teardown": teardown}[cmd]()

"""Walk every tz read path on the read-replica set-up (issue #16).

Starts Odoo (prefork) on DB with ``--db_replica_host/--db_replica_port`` (the
hot standby of bench/replica_setup.py), then as each role user of make_db.py
(and admin):

* opens every tz window action like the web client (../shared/tools/walk_actions.py:
  get_views, web_search_read of list/kanban, web_read_group for pivot/graph,
  web_read of the form);
* calls every tz ``@api.readonly`` method (KB search, pinyin domain);
* GETs the read-only tz HTTP routes (portal KB list, market roll-up xlsx)
  and POSTs the Docs Center xlsx export like the web client's download;

and counts in the server log the requests that failed on the replica
("read-only transaction", "retrying with a read/write cursor") and ERROR lines.

    var/venv-load/bin/python bench/load/walk_readonly.py --db tzh_load
        [--replica-port 5433]
"""

import argparse
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CRONS, ODOO_CORE, ODOO_PY, OUT, ROOT, free_port  # noqa: F401

WALK = Path(
    os.environ.get("TZ_WALK_ACTIONS", ROOT.parent / "shared/tools/walk_actions.py")
)


class Client:
    def __init__(self, base, db, login, password):
        self.base = base
        self.op = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )

    def rpc(self, path, params):
        req = urllib.request.Request(
            self.base + path,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "params": params}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        body = json.loads(self.op.open(req, timeout=300).read())
        if "error" in body:
            raise RuntimeError(body["error"]["data"].get("message", body["error"]))
        return body["result"]

    def call(self, model, method, args, **kw):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kw},
        )

    def get(self, path):
        return self.op.open(self.base + path, timeout=300).status

    def download(self, path, data):
        """POST a form like the web client's ``download`` (with the csrf
        token of the web client page); the answer must be an xlsx."""
        if not getattr(self, "csrf_token", None):
            page = self.op.open(self.base + "/odoo", timeout=300).read().decode()
            self.csrf_token = page.partition('csrf_token: "')[2].partition('"')[0]
        body = urllib.parse.urlencode(dict(data, csrf_token=self.csrf_token))
        resp = self.op.open(self.base + path, data=body.encode(), timeout=300)
        if resp.read(2) != b"PK":
            raise RuntimeError(f"{path}: not an xlsx")
        return resp.status


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--replica-port", type=int, default=5433)
    ap.add_argument("--admin-password", default="admin")
    args = ap.parse_args()
    setup = json.loads((OUT / f"{args.db}_setup.json").read_text())
    log = OUT / f"{args.db}_replica_odoo.log"
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
        "--workers=2",
        "--max-cron-threads=0",
        f"--http-port={port}",
        f"--gevent-port={gport}",
        "--db_replica_host=127.0.0.1",
        f"--db_replica_port={args.replica_port}",
        f"--logfile={log}",
        "--log-level=info",
    ]
    odoo = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/web/login?db={args.db}", timeout=60)
                break
            except Exception:
                time.sleep(1)
        roles = [("admin", "admin", args.admin_password)] + [
            (role, users[0]["login"], users[0]["password"])
            for role, users in setup["users"].items()
        ]
        total_ok = total_fail = total_denied = 0
        for role, login, password in roles:
            res = subprocess.run(
                [
                    sys.executable,
                    str(WALK),
                    "--base",
                    base,
                    "--db",
                    args.db,
                    "--login",
                    login,
                    "--password",
                    password,
                    "--admin-password",
                    args.admin_password,
                ],
                capture_output=True,
                text=True,
            )
            out = (res.stdout + res.stderr).strip().splitlines()
            # an AccessError is this role not having that menu (the web client
            # hides it), not a replica problem: counted apart
            denied = [ln for ln in out if ln.startswith("FAIL") and "AccessError" in ln]
            for line in out:
                if (line.startswith("FAIL") and line not in denied) or line.startswith(
                    "walk as"
                ):
                    print(f"[{role}] {line}")
            m = re.search(r"(\d+) actions opened, (\d+) failed", "\n".join(out))
            if m:
                total_ok += int(m.group(1))
                total_fail += int(m.group(2)) - len(denied)
                total_denied += len(denied)
            else:
                total_fail += 1
                print(f"[{role}] walk did not finish: {out[-3:]}")
        # @api.readonly methods and readonly routes
        extra_ok = extra_fail = 0
        checks = [
            ("service", lambda c: c.call("tz.kb.article", "search_articles", ["打印"])),
            (
                "docs",
                lambda c: c.call("tz.directory.person", "tz_pinyin_domain", ["zw"]),
            ),
            (
                "docs",
                lambda c: c.download(
                    "/tz_docs_center/export/xlsx",
                    {
                        "model": "tz.directory.person",
                        "ids": json.dumps(
                            c.call("tz.directory.person", "search", [[]], limit=500)
                        ),
                    },
                ),
            ),
            ("admin", lambda c: c.get("/my/kb")),
            (
                "admin",
                lambda c: c.get(
                    "/my/kb?search=打印".replace("打印", "%E6%89%93%E5%8D%B0")
                ),
            ),
        ]
        clients = {}
        for role, fn in checks:
            login, password = next((lg, pw) for r, lg, pw in roles if r == role)
            clients.setdefault(role, Client(base, args.db, login, password))
            try:
                fn(clients[role])
                extra_ok += 1
            except Exception as exc:
                extra_fail += 1
                print(f"FAIL readonly call as {role}: {exc}")
        print(f"readonly methods/routes: {extra_ok} ok, {extra_fail} failed")
    finally:
        os.killpg(odoo.pid, signal.SIGTERM)
        odoo.wait(timeout=60)
    text = log.read_text(errors="replace")
    for m in sorted(
        set(re.findall(r"cannot execute (\w+(?: \w+)?) in a read-only", text))
    ):
        print(f"read-only violation seen: {m}")
    text = log.read_text(errors="replace")
    ro_errors = len(re.findall(r"read-only transaction", text))
    retried = len(re.findall(r"retrying with a read/write cursor", text))
    errors = len(re.findall(r"^\S+ \S+ \d+ ERROR ", text, re.M))
    replica_used = "read-only" in text
    print(
        f"replica walk: {total_ok} action walks ok, {total_fail} failed, "
        f"{total_denied} not readable by the role (AccessError); "
        f"server log: {ro_errors} 'read-only transaction', {retried} retried on the "
        f"primary, {errors} ERROR lines (replica pool used: {replica_used})"
    )
    return 1 if (total_fail or extra_fail or errors) else 0


if __name__ == "__main__":
    sys.exit(main())

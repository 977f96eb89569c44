#!/usr/bin/env python3
"""tzctl: set up, run and test the tz addons on a local Odoo 18.0.

    python3 tools/tzctl.py up      # set everything up, start Odoo with demo data
    python3 tools/tzctl.py test    # static checks, pytest, the Odoo test suite

Standard library only, so it runs on a bare Python before anything else.
"""

import argparse
import configparser
import getpass
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checks
import odoo_bootstrap
import odoo_locate

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
CONFIG = ROOT / "odoo.conf"
VAR = ROOT / "var"
DEV_VENV = VAR / "venv-dev"
WHEELS = VAR / "wheels"
# Debian packages beside Odoo: PDF reports, Chinese glyphs in them, browser tests
PDF_PACKAGES = ("wkhtmltopdf", "fonts-noto-cjk")
TEST_PACKAGES = ("chromium", "gettext")
# independent Odoo runs at once after the joint one (TZ_TEST_JOBS overrides)
JOBS = int(os.environ.get("TZ_TEST_JOBS") or min(2, os.cpu_count() or 1))
# the money-related tests that also run on a Chinese (l10n_cn, CNY) company
CN_TESTED = ("tz_sales_credit", "tz_commission")

SUMMARY_RE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<total>\d+) tests"
    r" when loading database"
)
STATS_RE = re.compile(r"odoo\.tests\.stats: (?P<module>\w+): (?P<count>\d+) tests")
ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
DEMO_FAILED_RE = re.compile(r"Module (?P<module>\w+) demo data failed to install")
SKIP_RE = re.compile(r" odoo\.addons\.(?P<module>tz_\w+)\.\S+: skipped (?P<test>\S+)")


class SetupError(Exception):
    """A problem the user can fix; printed without a traceback."""


def say(msg):
    print(f"[tzctl] {msg}", flush=True)


def tz_modules():
    return [a.name for a in checks.addon_dirs(ADDONS)]


# --------------------------------------------------------------- configuration
def read_config(path=CONFIG):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    options = dict(parser["options"]) if parser.has_section("options") else {}
    return {
        "db_host": options.get("db_host", "localhost") or "localhost",
        "db_port": int(options.get("db_port", 5432) or 5432),
        "db_user": options.get("db_user", "odoo"),
        "db_password": options.get("db_password", "odoo"),
        "http_interface": options.get("http_interface", "127.0.0.1"),
        "http_port": int(options.get("http_port", 8069) or 8069),
    }


# ------------------------------------------------------------------ PostgreSQL
def _port_open(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _as_postgres(argv):
    """argv run as the 'postgres' OS user (root: runuser; else sudo -n)."""
    if getpass.getuser() == "postgres":
        return argv
    if os.geteuid() == 0:
        runner = shutil.which("runuser")
        return [runner, "-u", "postgres", "--", *argv] if runner else None
    sudo = shutil.which("sudo")
    return [sudo, "-n", "-u", "postgres", *argv] if sudo else None


def ensure_postgres(cfg):
    host, port = cfg["db_host"], cfg["db_port"]
    if _port_open(host, port):
        return
    say(f"PostgreSQL is not answering on {host}:{port}; trying to start it")
    if not shutil.which("pg_lsclusters"):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            say("installing Debian's postgresql")
            subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], check=True)
        else:
            raise SetupError(
                "PostgreSQL (>= 13) is not installed. Install it, e.g. "
                "'sudo apt-get install postgresql', then run this again."
            )
    clusters = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.split()
    if not clusters:
        versions = sorted(
            (p.name for p in Path("/usr/lib/postgresql").iterdir()), key=int
        )
        cmd = ["pg_createcluster", versions[-1], "main", "--start"]
        if os.geteuid() != 0:
            cmd = ["sudo", "-n", *cmd]
        say("creating a PostgreSQL cluster")
        subprocess.run(cmd, check=True)
    else:
        version, name = clusters[0], clusters[1]
        cmd = ["pg_ctlcluster", version, name, "start"]
        if os.geteuid() != 0:
            cmd = ["sudo", "-n", *cmd]
        subprocess.run(cmd, check=False)
    for _ in range(30):
        if _port_open(host, port):
            return
        time.sleep(1)
    raise SetupError(
        f"PostgreSQL does not answer on {host}:{port}. Start it (e.g. 'sudo "
        "pg_ctlcluster 15 main start') or set db_host/db_port in odoo.conf."
    )


def _psql(cfg, sql, dbname="postgres"):
    env = dict(os.environ, PGPASSWORD=cfg["db_password"] or "")
    return subprocess.run(
        [
            "psql",
            "-h",
            cfg["db_host"],
            "-p",
            str(cfg["db_port"]),
            "-U",
            cfg["db_user"],
            "-d",
            dbname,
            "-tAc",
            sql,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def ensure_role(cfg):
    """Make sure Odoo's role can log in and create databases."""
    if not shutil.which("psql"):
        raise SetupError("psql (Debian package postgresql-client) is not installed.")
    if _psql(cfg, "SELECT 1").returncode == 0:
        return
    user = cfg["db_user"]
    if user == "postgres":
        raise SetupError("Odoo refuses to run as 'postgres': set db_user in odoo.conf.")
    say(f"creating PostgreSQL role '{user}' (login, createdb)")
    password = (cfg["db_password"] or "").replace("'", "''")
    sql = (
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{user}') "
        f"THEN CREATE ROLE \"{user}\" LOGIN CREATEDB PASSWORD '{password}'; "
        f"ELSE ALTER ROLE \"{user}\" LOGIN CREATEDB PASSWORD '{password}'; "
        "END IF; END$$;"
    )
    cmd = _as_postgres(["psql", "-X", "-q", "-c", sql])
    if not cmd or subprocess.run(cmd, check=False).returncode != 0:
        raise SetupError(
            f"Could not create the PostgreSQL role '{user}'. Create it yourself:\n"
            f"  sudo -u postgres createuser --createdb --pwprompt {user}\n"
            "and put its password in odoo.conf (db_password)."
        )
    if _psql(cfg, "SELECT 1").returncode != 0:
        raise SetupError(
            f"Role '{user}' exists but cannot log in on {cfg['db_host']}:"
            f"{cfg['db_port']} with the password of odoo.conf (check pg_hba.conf)."
        )


def db_exists(cfg, name):
    res = _psql(cfg, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    return res.stdout.strip() == "1"


def drop_db(cfg, name, attempts=5):
    # FORCE ends Odoo's connections but not an autovacuum worker (a superuser
    # process): PostgreSQL refuses then, and the worker soon moves on
    for attempt in range(attempts):
        res = _psql(cfg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if res.returncode == 0:
            return
        if attempt < attempts - 1:
            time.sleep(2)
    say(f"could not drop database {name}: {res.stderr.strip()}")


def installed_modules(cfg, name, modules):
    res = _psql(
        cfg,
        "SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN "
        "(" + ",".join(f"'{m}'" for m in modules) + ")",
        dbname=name,
    )
    return set(res.stdout.split()) if res.returncode == 0 else set()


# -------------------------------------------------------------- Python packages
def ensure_requirements(odoo, name="requirements.txt"):
    """Install a requirements file into the Python that runs Odoo, if needed."""
    req = ROOT / name
    check = subprocess.run(
        [
            odoo.python,
            "-c",
            "import sys\n"
            "from importlib.metadata import version, PackageNotFoundError\n"
            "missing = []\n"
            "for line in open(sys.argv[1]):\n"
            "    name = line.split('#')[0].strip()\n"
            "    for sep in '<>=!~;[ ':\n"
            "        name = name.split(sep)[0]\n"
            "    if name:\n"
            "        try: version(name)\n"
            "        except PackageNotFoundError: missing.append(name)\n"
            "print(' '.join(missing))\n",
            str(req),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    missing = check.stdout.split()
    if check.returncode == 0 and not missing:
        return
    say(f"installing Python requirements into {odoo.python}: {' '.join(missing)}")
    res = subprocess.run(
        [odoo.python, "-m", "pip", "install", "-q", "-r", str(req)], check=False
    )
    if res.returncode != 0:
        raise SetupError(
            f"pip could not install {name} into {odoo.python}. Install "
            f"them yourself (for a Debian-packaged Odoo: the python3-* packages) "
            f"and run this again. Missing: {' '.join(missing)}"
        )


# ----------------------------------------------------------------- Odoo runs
def odoo_argv(odoo, cfg, db, *extra, http_port=None, subcommand=None):
    return [
        *odoo.command,
        *([subcommand] if subcommand else []),
        f"--config={CONFIG}",
        f"--addons-path={odoo.addons_path(ADDONS)}",
        f"--database={db}",
        # one database per run: requests without a session (portal, tests)
        # must not depend on which other tz_* databases the server holds
        f"--db-filter=^{re.escape(db)}$",
        f"--db_host={cfg['db_host']}",
        f"--db_port={cfg['db_port']}",
        f"--db_user={cfg['db_user']}",
        f"--db_password={cfg['db_password']}",
        *([] if subcommand else [f"--http-port={http_port or cfg['http_port']}"]),
        *extra,
    ]


def run_logged(argv, log_path, echo_failures=True, env=None):
    """Run argv, log to a file, echo the lines that matter; return (rc, log text)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for line in proc.stdout:
            log.write(line)
            if SUMMARY_RE.search(line) or (
                echo_failures
                and (
                    ERROR_RE.match(line)
                    or "FAIL:" in line
                    or "odoo.tests.stats" in line
                    or SKIP_RE.search(line)
                    or SUMMARY_RE.search(line)
                    or line.startswith("Traceback")
                )
            ):
                print("    " + line.rstrip(), flush=True)
        rc = proc.wait()
    return rc, log_path.read_text(encoding="utf-8")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_odoo_log(text, modules):
    """Judge an Odoo --test-enable log: (passed, failed, problems)."""
    problems = []
    summaries = list(SUMMARY_RE.finditer(text))
    if not summaries:
        return 0, 0, ["Odoo printed no test summary (did the install crash?)"]
    last = summaries[-1]
    failed = int(last["failed"]) + int(last["errors"])
    total = int(last["total"])
    if failed:
        problems.append(f"{failed} Odoo test(s) failed or errored")
    counts = {m["module"]: int(m["count"]) for m in STATS_RE.finditer(text)}
    for module in modules:
        if not counts.get(module):
            problems.append(f"module {module} ran no test")
    for skip in SKIP_RE.finditer(text):
        problems.append(f"{skip['module']}: test {skip['test']} was skipped")
    for demo in DEMO_FAILED_RE.finditer(text):
        problems.append(f"{demo['module']}: its demo data failed to install")
    errors = [line for line in text.splitlines() if ERROR_RE.match(line)]
    if errors and not failed:
        problems.append(f"{len(errors)} ERROR line(s) in the Odoo log")
    return total - failed, failed, problems


# -------------------------------------------------------------------- commands
def locate_or_explain():
    try:
        return odoo_locate.locate(var=VAR)
    except odoo_locate.OdooNotFound as exc:
        raise SetupError(str(exc)) from None


def find_or_bring_odoo(source=None, ref=None):
    """The Odoo to use: the one asked for with ``source``, else the one found,
    else Odoo 18.0 Community brought into ``var/`` (source and venv)."""
    if ref and not source:
        raise SetupError("--odoo-ref goes with --odoo-source")
    if not source:
        try:
            return odoo_locate.locate(var=VAR)
        except odoo_locate.OdooNotFound as exc:
            if os.environ.get("ODOO_HOME") or os.environ.get("ODOO_BIN"):
                # the user pointed at an Odoo: say what is wrong with it
                raise SetupError(str(exc)) from None
        say(
            "no Odoo 18 found: bringing Odoo 18.0 Community into var/ from "
            f"{odoo_bootstrap.DEFAULT_SOURCE} ({odoo_bootstrap.DEFAULT_REF}); "
            "without internet pass --odoo-source PATH"
        )
    try:
        tree, python = odoo_bootstrap.ensure_odoo(VAR, ROOT, source, ref)
        odoo = odoo_locate.from_home(tree, str(python))
    except (odoo_bootstrap.BootstrapError, odoo_locate.OdooNotFound) as exc:
        raise SetupError(str(exc)) from None
    odoo.source = f"Odoo source {tree}, venv {python.parent.parent}"
    return odoo


def want_debian_packages(packages, why):
    """Install missing Debian packages when root; else warn with the command."""
    try:
        odoo_bootstrap.ensure_debian_packages(packages, why)
    except odoo_bootstrap.BootstrapError as exc:
        say(f"warning: {exc}")


# --------------------------------------------------------------- databases
def create_cn_database(odoo, cfg, db, log_name):
    """A new database whose main company is Chinese: zh_CN, CNY, Shanghai
    time, l10n_cn and its chart of accounts."""
    say(f"creating database {db} on a Chinese company (zh_CN, CNY, l10n_cn)")
    try:
        _create_cn_database(odoo, cfg, db, log_name)
    except SetupError:
        drop_db(cfg, db)  # half made: the next run starts again
        raise


def _create_cn_database(odoo, cfg, db, log_name):
    rc, _log = run_logged(
        odoo_argv(
            odoo,
            cfg,
            db,
            "-i",
            "base",
            "--load-language=zh_CN",
            "--stop-after-init",
            "--max-cron-threads=0",
            http_port=free_port(),
        ),
        VAR / f"{log_name}-base.log",
    )
    if rc:
        raise SetupError(f"creating {db} failed, see {VAR / f'{log_name}-base.log'}")
    apply_cn_company(odoo, cfg, db, log_name)
    # Odoo loads a country's chart of accounts once the modules of a run are
    # all installed: l10n_cn first, in a run of its own, so that the journals
    # exist when the tz modules' demo invoices are created
    rc, _log = run_logged(
        odoo_argv(
            odoo,
            cfg,
            db,
            "-i",
            "l10n_cn",
            "--stop-after-init",
            "--max-cron-threads=0",
            http_port=free_port(),
        ),
        VAR / f"{log_name}-l10n_cn.log",
    )
    if rc or "l10n_cn" not in installed_modules(cfg, db, ["l10n_cn"]):
        raise SetupError(
            f"installing l10n_cn failed, see {VAR / f'{log_name}-l10n_cn.log'}"
        )


def apply_cn_company(odoo, cfg, db, log_name):
    """Run tools/cn_company.py in ``odoo shell`` on ``db`` (idempotent)."""
    with (ROOT / "tools" / "cn_company.py").open(encoding="utf-8") as script:
        res = subprocess.run(
            odoo_argv(odoo, cfg, db, "--no-http", subcommand="shell"),
            stdin=script,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
    (VAR / f"{log_name}-company.log").write_text(res.stdout + res.stderr)
    if res.returncode or "tz-cn-company:" not in res.stdout:
        raise SetupError(
            f"setting up the Chinese company failed, see "
            f"{VAR / f'{log_name}-company.log'}"
        )


def cmd_up(args):
    odoo = find_or_bring_odoo(args.odoo_source, args.odoo_ref)
    say(f"Odoo {odoo.series} ({odoo.source}); Python {odoo.python}")
    modules = tz_modules()
    if not modules:
        raise SetupError(f"no tz addon found under {ADDONS}")
    ensure_requirements(odoo)
    want_debian_packages(PDF_PACKAGES, "PDF reports with Chinese text")
    cfg = read_config()
    ensure_postgres(cfg)
    ensure_role(cfg)
    db = args.db
    missing = modules
    created = False
    if db_exists(cfg, db):
        missing = sorted(set(modules) - installed_modules(cfg, db, modules))
    else:
        create_cn_database(odoo, cfg, db, f"install-{db}")
        created = True
    if missing:
        say(f"installing {', '.join(missing)} with demo data into database {db}")
        rc, _log = run_logged(
            odoo_argv(
                odoo,
                cfg,
                db,
                "-i",
                ",".join(missing),
                "--load-language=zh_CN",
                "--stop-after-init",
                http_port=free_port(),
            ),
            VAR / f"install-{db}.log",
        )
        log_file = VAR / f"install-{db}.log"
        if rc != 0:
            raise SetupError(f"installation failed, see {log_file}")
        demo_failed = DEMO_FAILED_RE.findall(_log)
        if demo_failed:
            raise SetupError(
                f"the demo data of {', '.join(demo_failed)} failed to install, "
                f"see {log_file}"
            )
        if created:
            # core demo data renamed the company and reset time zones
            apply_cn_company(odoo, cfg, db, f"install-{db}")
    elif args.update:
        say(f"updating {', '.join(modules)} in database {db}")
        rc, _log = run_logged(
            odoo_argv(odoo, cfg, db, "-u", ",".join(modules), "--stop-after-init"),
            VAR / f"update-{db}.log",
        )
        if rc != 0:
            raise SetupError(f"update failed, see {VAR / f'update-{db}.log'}")
    else:
        say(f"database {db} already has every tz module (--update upgrades them)")
    url = f"http://{cfg['http_interface']}:{args.port or cfg['http_port']}/odoo"
    if args.no_start:
        say(f"ready: 'python3 tools/tzctl.py up' starts Odoo at {url}")
        return 0
    say(f"starting Odoo: open {url}  (demo login: admin / admin)")
    argv = odoo_argv(odoo, cfg, db, http_port=args.port)
    os.chdir(ROOT)
    os.execv(argv[0], argv)
    return 0  # not reached


def ensure_dev_venv():
    """``var/venv-dev``: the lint and test tools and the libraries the pure
    Python tests import, never installed into the system Python (which
    Debian and Ubuntu mark externally managed)."""
    python = DEV_VENV / "bin" / "python"
    reqs = [ROOT / "requirements-dev.txt", ROOT / "requirements.txt"]
    digest = hashlib.sha256(b"".join(r.read_bytes() for r in reqs)).hexdigest()
    stamp = DEV_VENV / ".tz-digest"
    if python.exists() and stamp.is_file() and stamp.read_text() == digest:
        return python
    if not python.exists():
        say(f"creating the development tools' virtual environment {DEV_VENV}")
        if subprocess.run([sys.executable, "-m", "venv", str(DEV_VENV)]).returncode:
            raise SetupError(
                "could not create a virtual environment: install Debian's "
                "python3-venv ('apt-get install python3-venv')"
            )
    say("installing requirements-dev.txt and requirements.txt into it")
    # OCA addon wheels (odoo-addon-*) require the `odoo` distribution, which
    # only the Python that runs Odoo has: the tools' venv skips them.
    DEV_VENV.mkdir(parents=True, exist_ok=True)
    libs = DEV_VENV / "requirements-libs.txt"
    libs.write_text(
        "".join(
            line
            for line in (ROOT / "requirements.txt").read_text().splitlines(True)
            if not line.strip().lower().startswith("odoo-addon-")
        )
    )
    argv = [str(python), "-m", "pip", "install", "-q"]
    argv += ["-r", str(ROOT / "requirements-dev.txt"), "-r", str(libs)]
    if subprocess.run(argv, check=False).returncode:
        raise SetupError(f"pip could not install the development tools into {DEV_VENV}")
    stamp.write_text(digest)
    return python


def dev_tool(python, name):
    return str(Path(python).parent / name)


def run_static(fail, python):
    say("static checks: manifests, XML, access rules, translations, requirements")
    for problem in checks.run_all(ROOT):
        fail(problem)
    tools = [
        ["ruff", "check", "--output-format=concise", "."],
        ["ruff", "format", "--check", "."],
    ]
    addons = [str(a) for a in checks.addon_dirs(ADDONS)]
    if addons:
        tools.append(["pylint", "--rcfile", str(ROOT / ".pylintrc"), *addons])
    for argv in tools:
        exe = dev_tool(python, argv[0])
        say("running " + " ".join(argv[:3]))
        if subprocess.run([exe, *argv[1:]], cwd=ROOT, check=False).returncode:
            fail(f"{argv[0]} {argv[1]} reported problems")


def run_pytest(fail, python):
    say("pure-Python tests (pytest tests/)")
    rc = subprocess.run(
        [str(python), "-m", "pytest", "-q", "tests"], cwd=ROOT, check=False
    ).returncode
    if rc == 5:
        say("pytest collected no test")
    elif rc:
        fail(f"pytest failed (exit {rc})")


def run_wheels(fail, python):
    """Build every addon's wheel with the OCA backend (whool) and check it."""
    say(f"building the addons' wheels (whool) into {WHEELS}")
    shutil.rmtree(WHEELS, ignore_errors=True)
    built = 0
    for addon in checks.addon_dirs(ADDONS):
        res = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                str(WHEELS),
                str(addon),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if res.returncode:
            fail(f"{addon.name}: the wheel does not build: {res.stderr.strip()[-300:]}")
            continue
        wheel = next(WHEELS.glob(f"odoo_addon_{addon.name}-*.whl"), None)
        problems = checks.check_wheel(addon, wheel) if wheel else ["no wheel file"]
        for problem in problems:
            fail(f"{addon.name} wheel: {problem}")
        built += 1
    say(f"{built} wheel(s) built")


def run_odoo_suite(fail, alone=True, core=True):
    """Returns the closing lines, or None when the Odoo suite could not run.

    With ``alone``, every tz module is also installed and tested on its own
    database, with only what it depends on. With ``core``, the core tests of
    the apps the tz modules extend run with and without them (see
    :func:`run_core_comparison`)."""
    try:
        odoo = odoo_locate.locate(var=VAR)
    except odoo_locate.OdooNotFound as exc:
        say("the Odoo test suite did NOT run: no Odoo 18 was found.")
        print(str(exc), flush=True)
        return None
    modules = tz_modules()
    if not modules:
        say("the Odoo test suite did NOT run: there is no tz addon yet.")
        return None
    say(f"Odoo suite on Odoo {odoo.series} ({odoo.source}): {', '.join(modules)}")
    ensure_requirements(odoo)
    ensure_requirements(odoo, "requirements-test.txt")
    want_debian_packages(PDF_PACKAGES + TEST_PACKAGES, "PDF and browser tests")
    cfg = read_config()
    ensure_postgres(cfg)
    ensure_role(cfg)
    stamp = f"{os.getpid()}_{int(time.time())}"
    demo_db = f"tz_test_{stamp}"
    closing = []
    try:
        say(f"installing with demo data and tests into {demo_db}")
        passed, failed = install_and_test(
            fail, odoo, cfg, demo_db, modules, VAR / "test-demo.log"
        )
        closing.append(f"tz-odoo: {passed} passed, {failed} failed")
        # the rest is independent runs on databases of their own: two at a
        # time keep both cores busy (one Odoo test run uses about one)
        with ThreadPoolExecutor(max_workers=JOBS) as pool:
            if core:
                with_tz = pool.submit(core_tests_with_tz, odoo, cfg, demo_db)
                without = pool.submit(
                    core_tests_without_tz, fail, odoo, cfg, demo_db, stamp
                )
            nodemo = pool.submit(install_without_demo, fail, odoo, cfg, modules, stamp)
            cn = pool.submit(run_cn_company, fail, odoo, cfg, modules, stamp)
            alone_runs = [
                pool.submit(run_module_alone, fail, odoo, cfg, module, stamp)
                for module in (modules if alone else [])
            ]
            if core:
                plain_log, tz_log = without.result(), with_tz.result()
            nodemo.result()
            cn_passed, cn_failed = cn.result()
            closing.append(
                f"tz-odoo, on a Chinese company (l10n_cn, CNY), "
                f"{', '.join(CN_TESTED)}: {cn_passed} passed, {cn_failed} failed"
            )
            if alone:
                results = [run.result() for run in alone_runs]
                closing.append(
                    f"tz-odoo, each of the {len(modules)} modules installed alone: "
                    f"{sum(p for p, _f in results)} passed, "
                    f"{sum(f for _p, f in results)} failed"
                )
        if core:
            # after the parallel runs: a test is re-run with the machine quiet
            line = compare_core_runs(
                fail,
                plain_log,
                tz_log,
                rerun=lambda tests: rerun_core_tests(odoo, cfg, demo_db, tests),
            )
            if line:
                closing.insert(1, line)
    finally:
        drop_db(cfg, demo_db)
    # the joint run's line last: it is the one that sums up the tz tests
    return [*closing[1:], closing[0]] if closing else closing


def install_without_demo(fail, odoo, cfg, modules, stamp):
    """Every tz module installs on a database without demo data too."""
    db = f"tz_test_nodemo_{stamp}"
    say(f"installing without demo data into {db}")
    try:
        rc, log = run_logged(
            odoo_argv(
                odoo,
                cfg,
                db,
                "-i",
                ",".join(modules),
                "--without-demo=all",
                "--stop-after-init",
                "--max-cron-threads=0",
                http_port=free_port(),
            ),
            VAR / "test-nodemo.log",
        )
    finally:
        drop_db(cfg, db)
    if rc or any(ERROR_RE.match(line) for line in log.splitlines()):
        fail(f"install without demo data failed, see {VAR / 'test-nodemo.log'}")


# --------------------------------------------------------- core stays core
CORE_TAGS = (
    "/base:TestReports",
    "/sale",
    "/sale_management",
    "/sale_crm",
    "/sale_stock",
    "/crm",
    "/purchase",
    "/purchase_stock",
    "/mass_mailing",
    "/sms",
)
CORE_DIFFERENCES = ROOT / "tools" / "core_differences.txt"
FAILED_TEST_RE = re.compile(
    r" (?P<logger>odoo\.addons\.[\w.]+): (?:FAIL|ERROR): (?:Subtest )?(?P<test>\S+)"
)


FAILED_CLASS_RE = re.compile(
    r" odoo\.tests\.suite: ERROR: (?P<hook>setUpClass|tearDownClass) "
    r"\((?P<logger>odoo\.addons\.[\w.]+)\.(?P<cls>\w+)\)"
)


def failed_tests(log):
    """The ids ('logger: Class.method') of the tests a log reports failed,
    and 'logger: Class.setUpClass' for a class whose set-up failed (none of
    its tests ran)."""
    failed = {f"{m['logger']}: {m['test']}" for m in FAILED_TEST_RE.finditer(log)}
    failed |= {
        f"{m['logger']}: {m['cls']}.{m['hook']}" for m in FAILED_CLASS_RE.finditer(log)
    }
    return failed


def read_core_differences(path=CORE_DIFFERENCES):
    """{test id: why} of the intended differences."""
    differences = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                test, _sep, why = line.partition("|")
                differences[test.strip()] = why.strip()
    return differences


def run_core_tests(odoo, cfg, db, log_path, tags=CORE_TAGS):
    """Core's at-install and post-install tests of ``tags`` on the fully
    loaded registry of ``db``: (rc, log)."""
    env_path = str(Path(odoo.root).parent)
    argv = odoo_argv(
        odoo,
        cfg,
        db,
        "--test-enable",
        "--test-tags=" + ",".join(tags),
        "--stop-after-init",
        "--log-level=info",
        "--max-cron-threads=0",
        http_port=free_port(),
    )
    # the runner replaces the executable; Odoo's own options follow it
    argv = [
        odoo.python,
        str(ROOT / "tools" / "odoo_all_tests.py"),
        *argv[len(odoo.command) :],
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env_path, env.get("PYTHONPATH")]))
    return run_logged(argv, log_path, echo_failures=False, env=env)


def core_tests_without_tz(fail, odoo, cfg, tz_db, stamp):
    """Core tests on a new database with the core modules of ``tz_db`` and no
    tz one: the log, or None."""
    plain_db = f"tz_test_core_{stamp}"
    res = _psql(
        cfg,
        "SELECT name FROM ir_module_module WHERE state = 'installed' "
        "AND name NOT LIKE 'tz\\_%' ORDER BY name",
        dbname=tz_db,
    )
    core_modules = res.stdout.split()
    try:
        say(
            f"core stays core: {len(core_modules)} core modules, no tz, into {plain_db}"
        )
        rc, _log = run_logged(
            odoo_argv(
                odoo,
                cfg,
                plain_db,
                "-i",
                ",".join(core_modules),
                "--stop-after-init",
                "--max-cron-threads=0",
                http_port=free_port(),
            ),
            VAR / "test-core-install.log",
        )
        if rc:
            fail(f"core stays core: installing {plain_db} failed")
            return None
        say(f"core tests ({', '.join(CORE_TAGS)}) without the tz modules")
        return run_core_tests(odoo, cfg, plain_db, VAR / "test-core-without.log")[1]
    finally:
        drop_db(cfg, plain_db)


def core_tests_with_tz(odoo, cfg, tz_db):
    say("core tests with every tz module installed")
    return run_core_tests(odoo, cfg, tz_db, VAR / "test-core-with.log")[1]


def test_tag(test_id):
    """The --test-tags spec running one test of failed_tests():
    'odoo.addons.crm.tests.test_crm_ui: TestUi.test_01' -> '/crm:TestUi.test_01'."""
    logger, _sep, test = test_id.partition(": ")
    cls, _sep, method = test.partition(".")
    if method in ("setUpClass", "tearDownClass"):
        test = cls  # the class's set-up failed: run the whole class
    return f"/{logger.split('.')[2]}:{test}"


def rerun_core_tests(odoo, cfg, db, tests):
    """Run ``tests`` (ids of failed_tests()) again on ``db``: the ids that
    fail again."""
    tags = sorted({test_tag(test) for test in tests})
    say(f"core tests that failed only with tz, run again alone: {', '.join(tags)}")
    _rc, log = run_core_tests(
        odoo, cfg, db, VAR / "test-core-with-rerun.log", tags=tags
    )
    if not SUMMARY_RE.search(log):
        return set(tests)  # the run crashed: nothing was cleared
    return failed_tests(log)


def compare_core_runs(fail, plain_log, tz_log, rerun=None):
    """Core stays core: a core test that passes without tz and fails with it
    fails the stage, unless tools/core_differences.txt lists it with why.

    Both core runs go on while other runs load the machine; browser tours
    then miss their 10 s step timeouts now and then. A test failing only with
    tz is run again alone with ``rerun`` (a callable: test ids -> ids failing
    again) and counts as broken only if it fails again; the closing line
    says how many passed only on that second run."""
    if plain_log is None or tz_log is None:
        return None
    summaries = [list(SUMMARY_RE.finditer(log)) for log in (plain_log, tz_log)]
    if not all(summaries):
        fail("core stays core: a core test run printed no summary (crashed?)")
        return None
    total = int(summaries[1][-1]["total"])
    with_tz, without_tz = failed_tests(tz_log), failed_tests(plain_log)
    broken = with_tz - without_tz
    intended = read_core_differences()
    for test, why in sorted(intended.items()):
        say(f"intended difference: {test} | {why}")
    suspects = broken - set(intended)
    unexpected = sorted(rerun(suspects) & suspects if rerun and suspects else suspects)
    for test in sorted(suspects - set(unexpected)):
        say(f"passed when run again alone (failed under load): {test}")
    for test in unexpected:
        fail(f"core test passes without tz and fails with it: {test}")
    return (
        f"tz-odoo, core tests of the apps we extend, {total} run with and "
        f"without tz: {len(unexpected)} broken by tz, "
        f"{len(suspects) - len(unexpected)} failed under load and passed run "
        f"again alone, {len(broken & set(intended))} intended differences "
        f"({CORE_DIFFERENCES.relative_to(ROOT)}), {len(with_tz & without_tz)} "
        "failing without tz too (core's at-install tests on a loaded registry)"
    )


def install_and_test(fail, odoo, cfg, db, modules, log_path, label="", tested=None):
    """Install ``modules`` with demo data into ``db``, run the tests of
    ``tested`` (default: the same modules) and report each problem of the
    log to ``fail``: (passed, failed)."""
    tested = modules if tested is None else tested
    rc, log = run_logged(
        odoo_argv(
            odoo,
            cfg,
            db,
            "-i",
            ",".join(modules),
            "--test-enable",
            "--test-tags=" + ",".join(f"/{m}" for m in tested),
            "--stop-after-init",
            "--log-level=info",
            "--max-cron-threads=0",
            http_port=free_port(),
        ),
        log_path,
    )
    passed, failed, problems = parse_odoo_log(log, tested)
    if rc and not problems:
        problems.append(f"Odoo exited with {rc}")
    for problem in problems:
        fail(label + problem)
    return passed, failed


def run_cn_company(fail, odoo, cfg, modules, stamp):
    """Every tz module on a database made like ``up`` makes it (Chinese
    company, l10n_cn, CNY); the money-related modules' tests run there."""
    db = f"tz_test_cn_{stamp}"
    tested = [m for m in CN_TESTED if m in modules]
    label = "Chinese company: "
    try:
        create_cn_database(odoo, cfg, db, "test-cn")
        say(f"installing the tz modules into {db}, testing {tested}")
        return install_and_test(
            fail, odoo, cfg, db, modules, VAR / "test-cn.log", label, tested
        )
    except SetupError as exc:
        fail(f"{label}{exc}")
        return 0, 0
    finally:
        drop_db(cfg, db)


def run_module_alone(fail, odoo, cfg, module, stamp):
    """Install one tz module with only its own dependencies and run its
    tests: catches a module that works only because another tz module (or
    what that one depends on) is installed next to it."""
    db = f"tz_test_{module}_{stamp}"
    say(f"installing {module} alone, with demo data and tests, into {db}")
    try:
        passed, failed = install_and_test(
            fail,
            odoo,
            cfg,
            db,
            [module],
            VAR / f"test-alone-{module}.log",
            label=f"{module} alone: ",
        )
    finally:
        drop_db(cfg, db)
    say(f"{module} alone: {passed} passed, {failed} failed")
    return passed, failed


def cmd_test(args):
    failures = []

    def fail(problem):
        failures.append(problem)
        print(f"  FAIL {problem}", flush=True)

    python = ensure_dev_venv()
    if not args.skip_static:
        run_static(fail, python)
        run_wheels(fail, python)
    run_pytest(fail, python)
    closing = (
        None
        if args.skip_odoo
        else run_odoo_suite(fail, alone=not args.joint_only, core=not args.skip_core)
    )
    if args.skip_odoo:
        say("the Odoo test suite did NOT run: --skip-odoo was given.")
    elif closing and args.joint_only:
        say("the tz modules were NOT tested alone: --joint-only was given.")
    if failures:
        say(f"{len(failures)} problem(s):")
        for problem in failures:
            print(f"  - {problem}")
    for line in closing or ():
        print(line, flush=True)
    return 1 if failures else 0


def cmd_locate(_args):
    odoo = locate_or_explain()
    print(f"series={odoo.series}\npython={odoo.python}\nsource={odoo.source}")
    print(f"addons_path={odoo.addons_path(ADDONS)}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tzctl", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="set up PostgreSQL and a demo database, run Odoo")
    up.add_argument("--db", default=os.environ.get("TZ_DB", "tz_demo"))
    up.add_argument("--port", type=int, default=None, help="HTTP port (8069)")
    up.add_argument("--no-start", action="store_true", help="set up only")
    up.add_argument(
        "--update", action="store_true", help="upgrade the tz modules (-u) first"
    )
    up.add_argument(
        "--odoo-source",
        help="where to get Odoo 18.0 Community when none is installed (or to use "
        "this one instead): a git URL, a local git repository, a source tarball "
        f"or an unpacked folder; default {odoo_bootstrap.DEFAULT_SOURCE}",
    )
    up.add_argument(
        "--odoo-ref",
        help=f"branch, tag or commit of a git --odoo-source (default "
        f"{odoo_bootstrap.DEFAULT_REF})",
    )
    test = sub.add_parser("test", help="run every check and test")
    test.add_argument("--skip-static", action="store_true")
    test.add_argument("--skip-odoo", action="store_true")
    test.add_argument(
        "--skip-core",
        action="store_true",
        help="skip comparing core's tests with and without the tz modules",
    )
    test.add_argument(
        "--joint-only",
        action="store_true",
        help="skip installing and testing each tz module alone (faster)",
    )
    sub.add_parser("locate", help="show which Odoo would be used")
    args = parser.parse_args(argv)
    handler = {"up": cmd_up, "test": cmd_test, "locate": cmd_locate}[args.command]
    try:
        return handler(args)
    except SetupError as exc:
        print(f"\ntzctl: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

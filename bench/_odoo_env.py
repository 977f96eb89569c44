"""Open an Odoo environment on a database for benchmarks.

Run a benchmark with the Python that runs Odoo, e.g.::

    python bench/tz_market_rollup.py --db tz_bench

The environment works in one transaction that is rolled back at the end, so a
benchmark never leaves data behind unless it commits on purpose.
"""

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--db", required=True, help="database with the tz modules installed")
    p.add_argument("-c", "--config", default=str(ROOT / "odoo.conf"))
    return p


@contextlib.contextmanager
def odoo_env(args, commit=False):
    if os.environ.get("ODOO_HOME"):
        sys.path.insert(0, os.environ["ODOO_HOME"])
    import odoo  # noqa: PLC0415  (only importable in the Python that runs Odoo)

    rc = [f"--config={args.config}", f"--database={args.db}"]
    odoo.tools.config.parse_config(rc)
    extra = [str(ROOT / "addons")]
    if os.environ.get("ODOO_HOME"):
        extra.append(os.path.join(os.environ["ODOO_HOME"], "addons"))
    core_addons = Path(odoo.__file__).resolve().parent.parent / "addons"
    if core_addons.is_dir():
        extra.append(str(core_addons))
    odoo.tools.config["addons_path"] = ",".join(extra)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            yield env
        finally:
            if commit:
                cr.commit()
            else:
                cr.rollback()


class QueryCounter:
    """Count SQL queries run by a cursor between enter and exit."""

    def __init__(self, cr):
        self.cr = cr
        self.count = 0

    def __enter__(self):
        self._start = self.cr.sql_log_count
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.count = self.cr.sql_log_count - self._start
        self.seconds = time.perf_counter() - self._t0
        return False

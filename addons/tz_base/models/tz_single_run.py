import contextlib
import logging
import threading

from psycopg2 import errors as pg_errors

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# A row another runner inserted or changed at the same moment is an expected
# outcome of two runners, not a server error: the "bad query" line of
# odoo.sql_db is dropped for the current thread only while such a statement
# runs (mute_logger would mute every thread, and is not thread-safe).
_quiet = threading.local()


class _QuietFilter(logging.Filter):
    def filter(self, record):
        return not getattr(_quiet, "on", False)


logging.getLogger("odoo.sql_db").addFilter(_QuietFilter())


@contextlib.contextmanager
def quiet_sql_errors():
    """Statements run inside do not log "bad query" when they fail: for a
    failure the caller catches as a business outcome (a unique index or a
    serialization conflict with another runner)."""
    _quiet.on = True
    try:
        yield
    finally:
        _quiet.on = False


class TzSingleRun(models.AbstractModel):
    """One run of a job at a time, whatever the number of cron runners,
    servers or queue workers: the run takes a PostgreSQL advisory lock named
    after it, and a second runner that finds it taken skips (its result would
    be the one of the run in progress). Where the job means "one per …", a
    unique index holds it too; a runner that collides with the other one's
    committed work is rolled back to its savepoint and skips, with no ERROR."""

    _name = "tz.single.run"
    _description = "One run at a time"

    @api.model
    def _tz_try_run_lock(self, key, session=False):
        """Take the run lock ``key`` without waiting: True when taken.

        By default the lock ends with the transaction (a run committed once
        by its cron). A run that commits batch by batch takes it with
        ``session=True`` and gives it back with :meth:`_tz_run_unlock`."""
        function = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
        self.env.cr.execute(
            SQL("SELECT %s(hashtext(%s))", SQL.identifier(function), key)
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _tz_run_unlock(self, key):
        """Give back a session run lock (no-op on a closed cursor)."""
        if self.env.cr.closed:
            return
        self.env.cr.execute(SQL("SELECT pg_advisory_unlock(hashtext(%s))", key))

    @api.model
    def _tz_commit_batch(self, no_commit_key):
        """Commit a run's finished batch, so that a crash or a timeout loses
        nothing of the batches done; never in tests (savepoints isolate
        them) nor when the context holds ``no_commit_key`` (benchmarks that
        roll everything back)."""
        if getattr(threading.current_thread(), "testing", False) or (
            self.env.context.get(no_commit_key)
        ):
            return
        self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _tz_run_alone(self, key, function, *args, **kwargs):
        """``function(*args, **kwargs)`` as the only run of ``key``:
        ``(True, result)``, or ``(False, None)`` when another runner holds
        the lock or did the same work meanwhile (nothing of this run is
        kept then)."""
        if not self._tz_try_run_lock(key):
            _logger.info("%s: already running elsewhere, skipped.", key)
            return False, None
        try:
            with self.env.cr.savepoint(), quiet_sql_errors():
                return True, function(*args, **kwargs)
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure) as exc:
            self.env.invalidate_all()
            _logger.info(
                "%s: done by another runner meanwhile (%s), skipped.", key, exc.pgcode
            )
            return False, None

    @api.model
    def _tz_lock_rows(self, records):
        """Lock the rows of ``records`` for this transaction before a user's
        action changes them while a run may be changing them too. If the run
        changed one after this transaction began, PostgreSQL refuses here
        with a serialization failure, without the "bad query" ERROR the
        flush's UPDATE would log; Odoo's retry then runs the request again on
        fresh data (a run in progress is waited for)."""
        if not records.ids:
            return
        with quiet_sql_errors():
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                )
            )

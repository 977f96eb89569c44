import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

import odoo
from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.service import db as db_service
from odoo.tools import config

from .db_backup import SIDECAR

_logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=26)


class _TerminateRefused(logging.Filter):
    """Hides the refusal PostgreSQL gives when Odoo's database service, before
    dropping a database, terminates an autovacuum worker analysing that
    freshly restored database: Odoo swallows the error, but odoo.sql_db logs
    the refused query as an ERROR first. DROP DATABASE stops such workers
    itself."""

    def filter(self, record):
        return "pg_terminate_backend" not in record.getMessage()


def drop_database(name):
    """Drop ``name`` with Odoo's database service."""
    sql_logger = logging.getLogger("odoo.sql_db")
    refused = _TerminateRefused()
    sql_logger.addFilter(refused)
    try:
        return db_service.exp_drop(name)
    finally:
        sql_logger.removeFilter(refused)


class MissingCounts(Exception):
    """The backup has no record counts to compare with."""


@contextmanager
def restoring():
    """Around a restore by Odoo's database service: a server started with
    --test-enable would run every module's tests while it loads the restored
    database, and the current thread's database name must stay ours."""
    thread = threading.current_thread()
    dbname = getattr(thread, "dbname", None)
    saved = {key: config.options.get(key) for key in ("test_enable", "test_file")}
    config.options.update(test_enable=False, test_file=False)
    try:
        yield
    finally:
        config.options.update(saved)
        if dbname:
            thread.dbname = dbname


class TzBackupDrill(models.Model):
    """One restore drill: the newest backup restored into a throw-away
    database, counted and checked against the live database at backup time,
    then dropped."""

    _name = "tz.backup.drill"
    _description = "Restore Drill"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name")
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    backup_file = fields.Char(readonly=True)
    backup_size = fields.Integer(string="Backup size (MB)", readonly=True)
    backup_date = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", digits=(16, 1), readonly=True)
    result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")],
        readonly=True,
        required=True,
        default="failed",
        tracking=True,
    )
    error = fields.Text(readonly=True)
    counts_expected = fields.Json(string="Counts at backup time", readonly=True)
    counts_found = fields.Json(string="Counts in the restored copy", readonly=True)
    comparison = fields.Html(compute="_compute_comparison", sanitize=True)
    attachments_expected = fields.Integer(readonly=True)
    attachments_missing = fields.Integer(readonly=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date", "result")
    def _compute_name(self):
        labels = dict(self._fields["result"]._description_selection(self.env))
        for drill in self:
            date = fields.Datetime.to_string(drill.date)
            drill.name = f"{date} {labels.get(drill.result, '')}"

    @api.depends("counts_expected", "counts_found")
    def _compute_comparison(self):
        for drill in self:
            expected = drill.counts_expected or {}
            found = drill.counts_found or {}
            rows = []
            for key in sorted(set(expected) | set(found)):
                if key.startswith("__"):
                    continue
                exp, got = expected.get(key), found.get(key)
                style = (
                    ""
                    if exp is None or got is None or got >= exp
                    else ' class="text-danger"'
                )
                rows.append(
                    f"<tr{style}><td>{key}</td><td>{'' if exp is None else exp}</td>"
                    f"<td>{'' if got is None else got}</td></tr>"
                )
            drill.comparison = (
                "<table class='table table-sm'><thead><tr>"
                "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>".format(
                    self.env._("Model"),
                    self.env._("At backup"),
                    self.env._("Restored"),
                    "".join(rows),
                )
                if rows
                else False
            )

    # ------------------------------------------------------------------
    # CRUD: drills are the evidence that backups work
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators run restore drills."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - {"activity_ids", "message_follower_ids"}:
            raise AccessError(self.env._("A restore drill's result cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_evidence(self):
        if not self.env.su:
            raise AccessError(self.env._("Restore drills are kept as evidence."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_run_drill(self):
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators run restore drills."))
        drill = self.env["tz.backup.drill"].sudo()._tz_drill_newest()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.backup.drill",
            "res_id": drill.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _cron_run_drill(self):
        self._tz_drill_newest()

    @api.model
    def _cron_check_backup_age(self):
        """Daily: a newest backup older than 26 hours (or none) is an alert."""
        path, config = self.env["db.backup"]._tz_newest_backup()
        if (
            path
            and datetime.fromtimestamp(os.path.getmtime(path))
            >= datetime.now() - STALE_AFTER
        ):
            return True
        if config:
            summary = self.env._("Backups have stopped")
            note = (
                self.env._(
                    "The newest backup %(file)s is older than 26 hours.", file=path
                )
                if path
                else self.env._(
                    "There is no backup in %(folder)s.", folder=config.folder
                )
            )
            self._tz_alert_admins(config, summary, note)
        return False

    @api.model
    def _tz_drill_newest(self):
        path, _config = self.env["db.backup"]._tz_newest_backup()
        if not path:
            drill = self.sudo().create(
                {
                    "result": "failed",
                    "error": self.env._("There is no backup to restore."),
                }
            )
            drill._tz_alert_admins(
                drill, self.env._("Restore drill failed"), drill.error
            )
            return drill
        return self._tz_drill(path)

    @api.model
    def _tz_drill(self, path):
        """Restore ``path`` into a throw-away database, compare, drop it."""
        started = time.monotonic()
        vals = {
            "backup_file": path,
            "backup_size": round(os.path.getsize(path) / 1024 / 1024)
            if os.path.exists(path)
            else 0,
            "backup_date": datetime.fromtimestamp(os.path.getmtime(path))
            if os.path.exists(path)
            else False,
            "result": "failed",
        }
        copy_name = f"{self.env.cr.dbname}_drill_{int(time.time())}_{os.getpid()}"
        try:
            expected = self._tz_read_counts(path)
            vals["counts_expected"] = expected
            found = self._tz_restore_and_count(path, copy_name)
            vals["counts_found"] = found
            vals["attachments_expected"] = expected.get("__attachments_with_file__", 0)
            vals["attachments_missing"] = max(
                0,
                vals["attachments_expected"]
                - found.get("__attachments_with_file__", 0),
            )
            problems = [
                self.env._(
                    "%(model)s: %(found)s restored, %(expected)s at backup time",
                    model=model,
                    found=found.get(model, 0),
                    expected=count,
                )
                for model, count in expected.items()
                if not model.startswith("__") and found.get(model, 0) < count
            ]
            if vals["attachments_missing"]:
                problems.append(
                    self.env._(
                        "%(count)s attachment files are missing from the "
                        "restored filestore",
                        count=vals["attachments_missing"],
                    )
                )
            if problems:
                vals["error"] = "\n".join(problems)
            else:
                vals["result"] = "passed"
        except MissingCounts as exc:
            vals["error"] = str(exc)
        except Exception as exc:
            _logger.warning("Restore drill of %s failed", path, exc_info=True)
            vals["error"] = self.env._(
                "The backup could not be restored: %s", str(exc) or repr(exc)
            )
        finally:
            self._tz_drop_copy(copy_name)
        vals["duration"] = time.monotonic() - started
        drill = self.sudo().create(vals)
        _logger.info(
            "Restore drill of %s: %s in %.1f s (%s)",
            path,
            drill.result,
            drill.duration,
            drill.error or "counts match",
        )
        if drill.result == "failed":
            drill._tz_alert_admins(
                drill, self.env._("Restore drill failed"), drill.error
            )
        return drill

    @api.model
    def _tz_read_counts(self, path):
        sidecar = path + SIDECAR
        if not os.path.exists(sidecar):
            raise MissingCounts(
                self.env._(
                    "No record counts were stored with this backup (%s): it was not "
                    "made by the scheduled backup of this database.",
                    os.path.basename(path),
                )
            )
        with open(sidecar, encoding="utf-8") as fh:
            return json.load(fh)

    @api.model
    def _tz_restore_and_count(self, path, copy_name):
        """Restore with Odoo's own database service, open the copy with the
        ORM and count the same models."""
        with restoring():
            db_service.restore_db(copy_name, path, copy=True, neutralize_database=True)
            registry = odoo.modules.registry.Registry(copy_name)
            with registry.cursor() as cr:
                env = api.Environment(cr, odoo.SUPERUSER_ID, {})
                found = {}
                for model in self._tz_read_counts(path):
                    if model.startswith("__") or model not in env:
                        continue
                    cr.execute(f'SELECT count(*) FROM "{env[model]._table}"')  # pylint: disable=sql-injection
                    found[model] = cr.fetchone()[0]
                found["__attachments_with_file__"] = len(
                    env["db.backup"]._tz_attachments_with_file(env)
                )
        return found

    @api.model
    def _tz_drop_copy(self, copy_name):
        try:
            if copy_name in db_service.list_dbs(True):
                drop_database(copy_name)
        except Exception:
            _logger.exception("Could not drop the drill database %s", copy_name)

    def _tz_alert_admins(self, record, summary, note):
        """One open to-do per administrator on ``record``."""
        admins = (
            self.env.ref("base.group_system")
            .sudo()
            .users.filtered(
                lambda u: u.active and not u.share and u.id != odoo.SUPERUSER_ID
            )
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(record._name)
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model_id", "=", model_id),
                    ("res_id", "=", record.id),
                    ("summary", "=", summary),
                ]
            )
        )
        for admin in admins - existing.user_id:
            record.sudo().activity_schedule(
                activity_type_id=todo.id,
                summary=summary,
                note=note,
                user_id=admin.id,
            )

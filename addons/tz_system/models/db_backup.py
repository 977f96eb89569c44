import json
import logging
import os
from datetime import datetime, time, timedelta
from glob import iglob

import pytz

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

SIDECAR = ".tz.json"
SHANGHAI = pytz.timezone("Asia/Shanghai")
# what a restore drill compares: a model is counted when it is installed
KEY_MODELS = (
    "res.partner",
    "res.users",
    "product.product",
    "sale.order",
    "sale.order.line",
    "purchase.order",
    "stock.picking",
    "account.move",
    "account.move.line",
    "account.payment",
    "crm.lead",
    "tz.credit.approval",
    "tz.collection.plan",
    "tz.collection.log",
    "tz.commission.line",
    "tz.commission.settlement",
    "tz.customer.interaction",
    "tz.customer.handover",
    "tz.kb.article",
    "tz.service.request",
    "tz.directory.company",
    "tz.directory.person",
    "tz.document",
    "tz.inspection",
    "tz.price.history",
    "tz.market.plan",
    "ir.attachment",
)


def next_local_time(hour, minute=0, now=None, weekday=None):
    """The next UTC datetime (naive) at ``hour:minute`` Asia/Shanghai time,
    on ``weekday`` (0 = Monday) when given."""
    now = now or datetime.utcnow()
    local_now = pytz.utc.localize(now).astimezone(SHANGHAI)
    candidate = SHANGHAI.localize(
        datetime.combine(local_now.date(), time(hour, minute))
    )
    while candidate <= local_now or (
        weekday is not None and candidate.weekday() != weekday
    ):
        candidate = SHANGHAI.localize(
            datetime.combine(candidate.date() + timedelta(days=1), time(hour, minute))
        )
    return candidate.astimezone(pytz.utc).replace(tzinfo=None)


class DbBackup(models.Model):
    _name = "db.backup"
    _inherit = ["db.backup", "mail.activity.mixin"]

    tz_last_backup_file = fields.Char(
        string="Last backup file", readonly=True, copy=False
    )
    tz_last_backup_date = fields.Datetime(
        string="Last backup", readonly=True, copy=False
    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_backup(self):
        """Store, next to each new local backup, the record counts of the
        database at backup time: the restore drill compares them."""
        local = self.filtered(lambda r: r.method == "local")
        before = {rec.id: set(rec._tz_backup_files()) for rec in local}
        counts = self._tz_live_counts()
        result = super().action_backup()
        for rec in local:
            new_files = sorted(set(rec._tz_backup_files()) - before[rec.id])
            for path in new_files:
                with open(path + SIDECAR, "w", encoding="utf-8") as fh:
                    json.dump(counts, fh, indent=1, sort_keys=True)
            if new_files:
                rec.sudo().write(
                    {
                        "tz_last_backup_file": new_files[-1],
                        "tz_last_backup_date": fields.Datetime.now(),
                    }
                )
        return result

    def cleanup(self):
        """Retention also removes the counts of backups that are gone."""
        result = super().cleanup()
        for rec in self.filtered(lambda r: r.method == "local"):
            for sidecar in iglob(os.path.join(rec.folder, "*" + SIDECAR)):
                if not os.path.exists(sidecar[: -len(SIDECAR)]):
                    os.unlink(sidecar)
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tz_backup_files(self):
        """Backup files of this local configuration, oldest first."""
        self.ensure_one()
        if self.method != "local" or not os.path.isdir(self.folder):
            return []
        ext = "dump.zip" if self.backup_format == "zip" else self.backup_format
        return sorted(iglob(os.path.join(self.folder, f"*.{ext}")))

    @api.model
    def _tz_newest_backup(self):
        """(path, backup configuration) of the newest local backup, or
        (None, configuration)."""
        newest, owner = None, self.browse()
        for rec in self.search([("method", "=", "local")]):
            for path in rec._tz_backup_files():
                if newest is None or os.path.getmtime(path) > os.path.getmtime(newest):
                    newest, owner = path, rec
        return newest, owner or self.search([], limit=1)

    @api.model
    def _tz_live_counts(self):
        """Row counts of the key models and the attachments whose file is
        in the filestore, read in a fresh cursor just before the dump."""
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            counts = {}
            for model in KEY_MODELS:
                if model in env:
                    cr.execute(f'SELECT count(*) FROM "{env[model]._table}"')  # pylint: disable=sql-injection
                    counts[model] = cr.fetchone()[0]
            counts["__attachments_with_file__"] = len(
                self._tz_attachments_with_file(env)
            )
        return counts

    @api.model
    def _tz_attachments_with_file(self, env):
        env.cr.execute(
            "SELECT DISTINCT store_fname FROM ir_attachment"
            " WHERE store_fname IS NOT NULL"
        )
        store = env["ir.attachment"]._filestore()
        return [
            fname
            for (fname,) in env.cr.fetchall()
            if os.path.isfile(os.path.join(store, fname))
        ]

    @api.model
    def _tz_schedule_default_backup(self):
        """Daily at the configured hour (02:00 by default), Asia/Shanghai."""
        hour = int(
            self.env["ir.config_parameter"].sudo().get_param("tz_system.backup_hour", 2)
        )
        cron = self.env.ref("auto_backup.ir_cron_backup_scheduler_0", False)
        if cron:
            cron.sudo().write(
                {
                    "nextcall": next_local_time(hour),
                    "interval_number": 1,
                    "interval_type": "days",
                    "active": True,
                }
            )
        drill = self.env.ref("tz_system.ir_cron_tz_backup_drill", False)
        if drill:
            # Sunday, an hour and a half after the backup
            drill.sudo().write(
                {"nextcall": next_local_time((hour + 1) % 24, 30, weekday=6)}
            )

import json
import os
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.service import db as db_service
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import config

from ..models.db_backup import SIDECAR, next_local_time
from ..models.tz_backup_drill import drop_database


# post_install: pg_dump must see the installed, committed database (during an
# at-install run the module's tables are still locked by the install)
@tagged("post_install", "-at_install")
class TestBackupDrill(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.folder = tempfile.mkdtemp(prefix="tz_backup_test_")
        cls.addClassCleanup(shutil.rmtree, cls.folder, ignore_errors=True)
        # only this configuration: the demo's daily backup stays untouched
        cls.env["db.backup"].search([]).write({"method": "sftp"})
        cls.backup = cls.env["db.backup"].create(
            {"folder": cls.folder, "days_to_keep": 14, "backup_format": "zip"}
        )
        cls.admin = new_test_user(
            cls.env, login="tz_sys_admin", groups="base.group_user,base.group_system"
        )
        cls.clerk = new_test_user(
            cls.env, login="tz_sys_clerk", groups="base.group_user"
        )

    def setUp(self):
        super().setUp()
        # each test its own folder: the newest backup is the test's own
        self.folder = tempfile.mkdtemp(dir=self.folder)
        self.backup.folder = self.folder

    def _drill_dbs(self):
        prefix = f"{self.env.cr.dbname}_drill_"
        return [name for name in db_service.list_dbs(True) if name.startswith(prefix)]

    def test_backup_restores_with_the_same_counts(self):
        self.backup.action_backup()
        files = self.backup._tz_backup_files()
        self.assertEqual(len(files), 1)
        path = files[0]
        self.assertTrue(os.path.exists(path + SIDECAR))
        self.assertEqual(self.backup.tz_last_backup_file, path)
        with open(path + SIDECAR, encoding="utf-8") as fh:
            stored = json.load(fh)
        self.assertGreater(stored["res.partner"], 0)
        self.assertIn("ir.attachment", stored)

        drill = self.env["tz.backup.drill"]._tz_drill(path)

        self.assertEqual(drill.result, "passed", drill.error)
        for model, count in stored.items():
            self.assertEqual(drill.counts_found[model], count, model)
        self.assertEqual(drill.attachments_missing, 0)
        self.assertGreater(drill.duration, 0)
        self.assertFalse(self._drill_dbs(), "the throw-away copy is dropped")

        # the same backup restores into a new database from the wizard
        new_db = f"{self.env.cr.dbname}_restored_{int(time.time())}"
        wizard = self.env["tz.backup.restore.wizard"].with_user(self.admin)
        with patch.dict(config.options, {"admin_passwd": "tz-test-master"}):
            bad = wizard.create(
                {
                    "backup_file": path,
                    "new_database": new_db,
                    "master_password": "wrong",
                }
            )
            with self.assertRaisesRegex(UserError, "master password"):
                bad.action_restore()
            self.assertNotIn(new_db, db_service.list_dbs(True))
            good = wizard.create(
                {
                    "backup_file": path,
                    "new_database": new_db,
                    "master_password": "tz-test-master",
                }
            )
            try:
                good.action_restore()
                self.assertIn(new_db, db_service.list_dbs(True))
            finally:
                drop_database(new_db)

    def test_corrupted_backup_fails_and_alerts_administrators(self):
        name = self.backup.filename(datetime.now())
        path = os.path.join(self.folder, name)
        with open(path, "wb") as fh:
            fh.write(b"PK\x03\x04 this is not a backup")
        with open(path + SIDECAR, "w", encoding="utf-8") as fh:
            json.dump({"res.partner": 5}, fh)

        drill = self.env["tz.backup.drill"]._tz_drill_newest()

        self.assertEqual(drill.backup_file, path)
        self.assertEqual(drill.result, "failed")
        self.assertIn("could not be restored", drill.error)
        activity = drill.activity_ids.filtered(lambda a: a.user_id == self.admin)
        self.assertEqual(activity.summary, "Restore drill failed")
        self.assertFalse(self._drill_dbs())

    def test_backup_without_counts_fails(self):
        path = os.path.join(self.folder, self.backup.filename(datetime.now()))
        shutil.copyfile(__file__, path)
        drill = self.env["tz.backup.drill"]._tz_drill(path)
        self.assertEqual(drill.result, "failed")
        self.assertIn("No record counts", drill.error)

    def test_retention_removes_old_backups_and_their_counts(self):
        now = datetime.now()
        old = os.path.join(self.folder, self.backup.filename(now - timedelta(days=20)))
        recent = os.path.join(
            self.folder, self.backup.filename(now - timedelta(days=1))
        )
        for path in (old, recent):
            with open(path, "wb") as fh:
                fh.write(b"x")
            with open(path + SIDECAR, "w", encoding="utf-8") as fh:
                fh.write("{}")
        self.backup.cleanup()
        self.assertFalse(os.path.exists(old))
        self.assertFalse(os.path.exists(old + SIDECAR))
        self.assertTrue(os.path.exists(recent))
        self.assertTrue(os.path.exists(recent + SIDECAR))

    def test_stale_backup_alerts_administrators(self):
        path = os.path.join(self.folder, self.backup.filename(datetime.now()))
        with open(path, "wb") as fh:
            fh.write(b"x")
        Drill = self.env["tz.backup.drill"]
        self.assertTrue(Drill._cron_check_backup_age())
        stale = time.time() - 27 * 3600
        os.utime(path, (stale, stale))
        self.assertFalse(Drill._cron_check_backup_age())
        activity = self.backup.activity_ids.filtered(lambda a: a.user_id == self.admin)
        self.assertEqual(activity.summary, "Backups have stopped")
        # a second check does not pile up to-dos
        Drill._cron_check_backup_age()
        self.assertEqual(
            len(self.backup.activity_ids.filtered(lambda a: a.user_id == self.admin)), 1
        )

    def test_drills_are_evidence(self):
        Drill = self.env["tz.backup.drill"]
        with self.assertRaises(AccessError):
            Drill.with_user(self.clerk).action_run_drill()
        with self.assertRaises(AccessError):
            Drill.with_user(self.clerk).create({"result": "passed"})
        drill = Drill.create({"result": "failed", "error": "x"})
        with self.assertRaises(AccessError):
            drill.with_user(self.admin).write({"result": "passed"})
        with self.assertRaises(AccessError):
            drill.with_user(self.admin).unlink()
        with self.assertRaises(AccessError):
            drill.with_user(self.clerk).read(["result"])

    def test_default_schedule_is_two_in_the_morning_in_shanghai(self):
        # 2026-12-01 20:00 UTC is 04:00 in Shanghai: next 02:00 local is
        # 2026-12-02 18:00 UTC
        self.assertEqual(
            next_local_time(2, now=datetime(2026, 12, 1, 20, 0)),
            datetime(2026, 12, 2, 18, 0),
        )
        self.assertEqual(
            next_local_time(2, now=datetime(2026, 12, 1, 17, 0)),
            datetime(2026, 12, 1, 18, 0),
        )
        daily = self.env.ref("tz_system.db_backup_daily")
        self.assertEqual((daily.days_to_keep, daily.backup_format), (14, "zip"))
        cron = self.env.ref("auto_backup.ir_cron_backup_scheduler_0")
        self.assertTrue(cron.active)
        local = cron.nextcall + timedelta(hours=8)
        self.assertEqual((local.hour, local.minute), (2, 0))

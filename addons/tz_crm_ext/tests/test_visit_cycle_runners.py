from datetime import datetime

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestVisitCycleRunners(TzCrmExtCommon):
    """Two cron runners (two servers) start the visit cycle at once: the
    second one skips while the first one's transaction runs, and reminders
    stay one per customer whatever the order of the runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("双进程客户", user=cls.sales_a, grade=cls.grade_b)
        cls.activity_type = cls.env.ref("tz_crm_ext.mail_activity_type_visit_overdue")

    def _reminders(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_second_runner_skips_while_one_runs(self):
        Partner = self.env["res.partner"]
        with freeze_time("2026-06-20 04:00:00"):
            self._interaction(self.customer, datetime(2026, 6, 1, 4, 0))
            # another server's runner: a transaction of its own holding the run
            with self.registry.cursor() as other_cr:
                other = api.Environment(other_cr, SUPERUSER_ID, {})
                ran, _result = other["tz.single.run"]._tz_run_alone(
                    "tz_crm_ext.visit_cycle", lambda: True
                )
                self.assertTrue(ran)
                with self.assertNoLogs("odoo", level="ERROR"):
                    self.assertEqual(Partner._cron_tz_visit_cycle(), 0)
                self.assertFalse(self._reminders())
                other_cr.rollback()
            # the lock ended with that transaction: the next run does the work
            self.assertGreaterEqual(Partner._cron_tz_visit_cycle(), 1)
            self.assertEqual(len(self._reminders()), 1)
            self.assertEqual(Partner._cron_tz_visit_cycle(), 0)
            self.assertEqual(len(self._reminders()), 1)

    def test_runs_without_the_lock_still_one_reminder_each(self):
        # the run itself, twice (as two runners that both missed the lock):
        # the second INSERT finds the first's reminder and adds nothing
        Partner = self.env["res.partner"]
        with freeze_time("2026-06-20 04:00:00"):
            self._interaction(self.customer, datetime(2026, 6, 1, 4, 0))
            self.assertGreaterEqual(Partner._tz_visit_cycle_run(), 1)
            self.assertEqual(Partner._tz_visit_cycle_run(), 0)
        self.assertEqual(len(self._reminders()), 1)


@tagged("post_install", "-at_install")
class TestVisitReminderUnique(TzCrmExtCommon):
    def test_second_open_reminder_refused_by_the_database(self):
        customer = self._customer("唯一提醒客户", user=self.sales_a, grade=self.grade_b)
        activity_type = self.env.ref("tz_crm_ext.mail_activity_type_visit_overdue")
        values = {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": customer.id,
            "activity_type_id": activity_type.id,
            "user_id": self.sales_a.id,
        }
        first = self.env["mail.activity"].create(values)
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["mail.activity"].create(values)
        # a done (archived) reminder does not count: a new one may open
        first.action_done()
        self.env["mail.activity"].create(values)

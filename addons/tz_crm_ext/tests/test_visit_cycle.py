from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestVisitCycle(TzCrmExtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer(
            "上海测试客户", user=cls.sales_a, grade=cls.grade_b
        )
        cls.activity_type = cls.env.ref("tz_crm_ext.mail_activity_type_visit_overdue")

    def _reminders(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_overdue_computation_and_override(self):
        with freeze_time("2026-06-20 04:00:00"):
            self._interaction(self.customer, datetime(2026, 6, 1, 4, 0))
            self.assertEqual(self.customer.tz_last_interaction_date, date(2026, 6, 1))
            self.assertEqual(self.customer.tz_visit_interval, 14)
            self.assertEqual(self.customer.tz_next_visit_date, date(2026, 6, 15))
            self.customer.invalidate_recordset(["tz_visit_overdue"])
            self.env["res.partner"]._cron_tz_visit_cycle()
            self.assertTrue(self.customer.tz_visit_overdue)
            self.assertEqual(self.customer.tz_days_overdue, 5)
            self.assertIn(
                self.customer,
                self.env["res.partner"].search([("tz_visit_overdue", "=", True)]),
            )
            # partner override takes precedence over the grade
            self.customer.tz_visit_interval_override = 30
            self.assertEqual(self.customer.tz_next_visit_date, date(2026, 7, 1))
            self.assertFalse(self.customer.tz_visit_overdue)
            # grade change follows the grade interval again
            self.customer.tz_visit_interval_override = 0
            self.customer.tz_grade = self.grade_d
            self.assertEqual(self.customer.tz_next_visit_date, date(2026, 8, 30))
            # changing the grade's interval recomputes its customers
            self.grade_d.visit_interval_days = 10
            self.assertEqual(self.customer.tz_next_visit_date, date(2026, 6, 11))
            self.assertTrue(self.customer.tz_visit_overdue)

    def test_one_reminder_cleared_by_interaction(self):
        other = self._customer("未过期客户", user=self.sales_b, grade=self.grade_d)
        with freeze_time("2026-06-20 04:00:00"):
            self._interaction(self.customer, datetime(2026, 6, 1, 4, 0))
            self._interaction(other, datetime(2026, 6, 1, 4, 0))
            Partner = self.env["res.partner"]
            Partner._cron_tz_visit_cycle()
            Partner._cron_tz_visit_cycle()
            reminders = self._reminders(self.customer)
            self.assertEqual(len(reminders), 1)
            self.assertEqual(reminders.user_id, self.sales_a)
            self.assertFalse(self._reminders(other))
            # a new interaction clears the flag and the reminder
            self._interaction(self.customer, datetime(2026, 6, 20, 2, 0))
            self.assertFalse(self.customer.tz_visit_overdue)
            self.assertEqual(self.customer.tz_next_visit_date, date(2026, 7, 4))
            self.assertFalse(self._reminders(self.customer))
            Partner._cron_tz_visit_cycle()
            self.assertFalse(self._reminders(self.customer))
        with freeze_time("2026-07-06 04:00:00"):
            Partner._cron_tz_visit_cycle()
            self.assertTrue(self.customer.tz_visit_overdue)
            self.assertEqual(len(self._reminders(self.customer)), 1)

    def test_no_salesperson_no_reminder(self):
        orphan = self._customer("无业务员客户", grade=self.grade_a)
        with freeze_time("2026-06-20 04:00:00"):
            self._interaction(orphan, datetime(2026, 5, 1, 4, 0), user=self.sales_a)
            self.env["res.partner"]._cron_tz_visit_cycle()
            self.assertTrue(orphan.tz_visit_overdue)
            self.assertFalse(self._reminders(orphan))

    def test_working_days(self):
        self.company.tz_visit_use_workdays = True
        self.env["res.partner"]._tz_recompute_visit_cycle()
        self.customer.tz_grade = self.grade_a  # 7 days
        with freeze_time("2026-10-20 04:00:00"):
            # 2026-09-30: National Day holidays 1-7 October, then work again
            self._interaction(self.customer, datetime(2026, 9, 30, 4, 0))
            self.assertEqual(self.customer.tz_next_visit_date, date(2026, 10, 15))
        self.company.tz_visit_use_workdays = False
        self.env["res.partner"]._tz_recompute_visit_cycle()
        self.assertEqual(self.customer.tz_next_visit_date, date(2026, 10, 7))

    def test_negative_intervals_rejected(self):
        with self.assertRaises(ValidationError):
            self.customer.tz_visit_interval_override = -3
        with self.assertRaises(ValidationError):
            self.grade_c.visit_interval_days = -1

    def test_cron_query_count_does_not_grow_with_customers(self):
        Partner = self.env["res.partner"]

        def make(count, prefix):
            customers = Partner.create(
                [
                    {
                        "name": f"{prefix} {i}",
                        "is_company": True,
                        "user_id": (self.sales_a | self.sales_b)[i % 2].id,
                        "tz_grade": self.grade_a.id,
                    }
                    for i in range(count)
                ]
            )
            self.env["tz.customer.interaction"].create(
                [
                    {
                        "name": "旧拜访",
                        "partner_id": customer.id,
                        "user_id": customer.user_id.id,
                        "date": datetime(2026, 5, 1, 4, 0),
                    }
                    for customer in customers
                ]
            )
            self.env.flush_all()
            return customers

        with freeze_time("2026-06-20 04:00:00"):
            Partner._cron_tz_visit_cycle()  # warm caches
            small = make(3, "小批")
            count = self.env.cr.sql_log_count
            self.assertEqual(Partner._cron_tz_visit_cycle(), 3)
            queries_small = self.env.cr.sql_log_count - count
            big = make(30, "大批")
            count = self.env.cr.sql_log_count
            self.assertEqual(Partner._cron_tz_visit_cycle(), 30)
            queries_big = self.env.cr.sql_log_count - count
            self.assertEqual(queries_small, queries_big)
            self.assertEqual(len(self._reminders(small[0])), 1)
            self.assertEqual(len(self._reminders(big[-1])), 1)

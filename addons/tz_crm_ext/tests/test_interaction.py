from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestInteraction(TzCrmExtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer(
            "杭州测试客户", user=cls.sales_a, grade=cls.grade_b
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "王经理", "parent_id": cls.customer.id}
        )

    def test_contact_normalised_to_commercial_partner(self):
        rec = self._interaction(self.contact, fields.Datetime.now(), user=self.sales_a)
        self.assertEqual(rec.partner_id, self.customer)
        self.assertEqual(rec.contact_id, self.contact)
        self.assertEqual(rec.team_id, self.team)

    def test_lock_after_confirm(self):
        rec = (
            self.env["tz.customer.interaction"]
            .with_user(self.sales_a)
            .create(
                {
                    "name": "上门拜访",
                    "partner_id": self.customer.id,
                    "date": fields.Datetime.now() - timedelta(hours=2),
                }
            )
        )
        self.assertFalse(rec.is_locked)
        rec.write({"outcome": "客户有意向"})
        rec.action_confirm()
        self.assertEqual(rec.state, "confirmed")
        self.assertEqual(rec.confirm_user_id, self.sales_a)
        self.assertTrue(rec.is_locked)
        with self.assertRaises(UserError):
            rec.write({"outcome": "改写证据"})
        with self.assertRaises(UserError):
            rec.action_reset_draft()
        self.assertEqual(rec.outcome, "客户有意向")
        # the manager may still correct it, and it is tracked
        rec.with_user(self.manager).write({"outcome": "客户有采购意向(经理更正)"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        rec.invalidate_recordset()
        self.assertEqual(rec.outcome, "客户有采购意向(经理更正)")
        tracked = rec.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "outcome"
        )
        self.assertTrue(tracked)
        # salespeople can still schedule activities on locked records
        rec.activity_schedule("mail.mail_activity_data_todo", user_id=self.sales_a.id)

    def test_lock_after_24_hours(self):
        with freeze_time("2026-03-02 08:00:00"):
            rec = self._interaction(
                self.customer, datetime(2026, 3, 2, 7, 0), user=self.sales_a
            ).with_user(self.sales_a)
            rec.flush_recordset()
            self.env.cr.execute(
                "UPDATE tz_customer_interaction SET create_date = %s WHERE id = %s",
                ("2026-03-02 08:00:00", rec.id),
            )
            rec.invalidate_recordset()
            self.assertFalse(rec.is_locked)
        with freeze_time("2026-03-03 08:00:01"):
            rec.invalidate_recordset(["is_locked"])
            self.assertTrue(rec.is_locked)
            with self.assertRaises(UserError):
                rec.write({"name": "改标题"})

    def test_no_delete_archive_only(self):
        rec = self._interaction(self.customer, fields.Datetime.now(), user=self.sales_a)
        for user in (self.sales_a, self.manager):
            with self.assertRaises(UserError):
                rec.with_user(user).unlink()
        with self.assertRaises(UserError):
            rec.sudo().unlink()
        rec.with_user(self.manager).action_archive()
        self.assertFalse(rec.active)
        self.assertTrue(rec.exists())

    def test_future_confirmed_visit_rejected(self):
        rec = self._interaction(
            self.customer, fields.Datetime.now() + timedelta(days=3), user=self.sales_a
        )
        with self.assertRaises(ValidationError):
            rec.action_confirm()
        rec.invalidate_recordset()
        self.assertEqual(rec.state, "draft")
        with self.assertRaises(ValidationError):
            self._interaction(
                self.customer,
                fields.Datetime.now() + timedelta(days=2),
                user=self.sales_a,
                state="confirmed",
            )

    def test_next_step_creates_follow_up(self):
        rec = self._interaction(
            self.customer,
            fields.Datetime.now(),
            user=self.sales_a,
            next_step="寄送样品",
            next_date=date.today() + timedelta(days=5),
        )
        activity = rec.next_activity_id
        self.assertTrue(activity)
        self.assertEqual(activity.res_model, "res.partner")
        self.assertEqual(activity.res_id, self.customer.id)
        self.assertEqual(activity.user_id, self.sales_a)
        self.assertEqual(activity.summary, "寄送样品")
        rec.write({"next_date": date.today() + timedelta(days=9)})
        self.assertEqual(rec.next_activity_id, activity)
        self.assertEqual(activity.date_deadline, date.today() + timedelta(days=9))
        with self.assertRaises(ValidationError):
            rec.write({"next_date": date.today() - timedelta(days=30)})

    def test_contact_of_other_customer_rejected(self):
        other = self._customer("别家公司", user=self.sales_a)
        with self.assertRaises(ValidationError):
            self._interaction(
                self.customer,
                fields.Datetime.now(),
                user=self.sales_a,
                contact_id=other.id,
            )

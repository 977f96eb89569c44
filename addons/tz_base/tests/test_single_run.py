import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestSingleRun(TransactionCase):
    """``tz.single.run`` on real transactions: the test's own and a second
    one opened here, as the cron runners of two servers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["tz.single.run"]
        cls.Param = cls.env["ir.config_parameter"]

    def test_second_runner_skips(self):
        key = "tz_base.test.single_run"
        calls = []
        with self.registry.cursor() as other_cr:
            other = api.Environment(other_cr, SUPERUSER_ID, {})
            self.assertEqual(
                other["tz.single.run"]._tz_run_alone(key, lambda: "first"),
                (True, "first"),
            )
            # the lock lasts as long as the first runner's transaction
            self.assertEqual(
                self.Run._tz_run_alone(key, calls.append, 1), (False, None)
            )
            self.assertFalse(calls)
            # another job is not held up
            self.assertEqual(
                self.Run._tz_run_alone("tz_base.test.other", calls.append, 2),
                (True, None),
            )
            other_cr.rollback()
        self.assertEqual(self.Run._tz_run_alone(key, calls.append, 3), (True, None))
        self.assertEqual(calls, [2, 3])

    def test_session_lock_until_given_back(self):
        key = "tz_base.test.session"
        with self.registry.cursor() as other_cr:
            other = api.Environment(other_cr, SUPERUSER_ID, {})
            self.assertTrue(other["tz.single.run"]._tz_try_run_lock(key, session=True))
            other_cr.commit()  # a batch committed: the run goes on
            self.assertFalse(self.Run._tz_try_run_lock(key))
            other["tz.single.run"]._tz_run_unlock(key)
            other_cr.commit()
        self.assertTrue(self.Run._tz_try_run_lock(key))

    def test_collision_rolls_back_and_skips(self):
        # a run that meets the unique row another runner wrote meanwhile: what
        # it wrote before is rolled back, it skips, and no ERROR is logged
        self.Param.set_param("tz_base.test.taken", "other runner")

        def run():
            self.Param.set_param("tz_base.test.half", "written")
            self.env.flush_all()
            self.env.cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)",
                ("tz_base.test.taken", "this runner"),
            )
            return "done"

        with self.assertNoLogs("odoo", level="ERROR"):
            result = self.Run._tz_run_alone("tz_base.test.collision", run)
        self.assertEqual(result, (False, None))
        self.assertFalse(self.Param.get_param("tz_base.test.half"))
        self.assertEqual(self.Param.get_param("tz_base.test.taken"), "other runner")
        # the transaction is usable afterwards
        self.Param.set_param("tz_base.test.after", "ok")
        self.assertEqual(self.Param.get_param("tz_base.test.after"), "ok")

    def test_other_errors_are_not_swallowed(self):
        def run():
            raise ValueError("a bug")

        with self.assertRaises(ValueError):
            self.Run._tz_run_alone("tz_base.test.bug", run)

    def test_one_open_per_record_index(self):
        Activity = self.env["mail.activity"]
        activity_type = self.env["mail.activity.type"].create(
            {"name": "测试提醒", "res_model": "res.partner"}
        )
        self.env["ir.model.data"].create(
            {
                "module": "tz_base",
                "name": "test_activity_type_one_open",
                "model": "mail.activity.type",
                "res_id": activity_type.id,
            }
        )
        partner = self.env["res.partner"].create({"name": "唯一提醒测试"})
        values = {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": partner.id,
            "activity_type_id": activity_type.id,
            "user_id": self.env.user.id,
        }
        # doubles an earlier version left are removed, the oldest kept
        first = Activity.create(values)
        double = Activity.create(values)
        self.assertTrue(
            Activity._tz_one_open_per_record("tz_base.test_activity_type_one_open")
        )
        self.assertTrue(first.exists())
        self.assertFalse(double.exists())
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Activity.create(values)
        # other records and other types are free
        Activity.create(dict(values, res_id=self.env.user.partner_id.id))
        Activity.create(
            dict(
                values, activity_type_id=self.env.ref("mail.mail_activity_data_todo").id
            )
        )
        # called again (every upgrade), it keeps the index
        self.assertTrue(
            Activity._tz_one_open_per_record("tz_base.test_activity_type_one_open")
        )
        self.assertFalse(Activity._tz_one_open_per_record("tz_base.no_such_type"))

    def test_lock_rows_refuses_quietly_what_changed_meanwhile(self):
        # a user's action on a row a run changed (and committed) after the
        # user's transaction began: refused as a serialization failure, which
        # Odoo's retry absorbs, and no "bad query" ERROR in the log
        company = self.env.company
        self.env.cr.execute("SELECT 1")  # this transaction's snapshot exists
        with self.registry.cursor() as other_cr:
            other_cr.execute(
                "UPDATE res_company SET write_date = write_date WHERE id = %s",
                [company.id],
            )
            other_cr.commit()
        with (
            self.assertNoLogs("odoo", level="ERROR"),
            self.assertRaises(psycopg2.errors.SerializationFailure),
            self.cr.savepoint(),
        ):
            self.Run._tz_lock_rows(company)

    def test_lock_rows_holds_the_rows(self):
        company = self.env.company
        self.Run._tz_lock_rows(company | self.env["res.company"])
        with self.registry.cursor() as other_cr, mute_logger("odoo.sql_db"):
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                other_cr.execute(
                    "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                    [company.id],
                )
            other_cr.rollback()
        # nothing to lock: no query
        with self.assertQueryCount(0):
            self.Run._tz_lock_rows(self.env["res.company"])

import logging
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.addons.tz_base.tests.common import RunnersMixin
from odoo.tests import TransactionCase, new_test_user, tagged

LOCK_KEY = "tz_commission.catch_up"


@tagged("post_install", "-at_install")
class TestTzCommissionTwoRunners(RunnersMixin, TransactionCase):
    """Commission booking in two real transactions at once, on committed data
    (removed again in the cleanup): the lines are those of one booking."""

    AMOUNTS = (1000.0, 2500.0)

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            today = fields.Date.context_today(env["res.partner"])
            seller = new_test_user(
                env,
                login="tz_commission_two_runners",
                name="并发佣金业务员",
                groups="base.group_user,sales_team.group_sale_salesman",
            )
            partner = env["res.partner"].create(
                {"name": "并发佣金客户", "is_company": True}
            )
            product = env["product.product"].create(
                {"name": "并发佣金商品", "type": "service"}
            )
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_user_id": seller.id,
                        "invoice_date": today,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": amount,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for amount in self.AMOUNTS
                ]
            )
            moves.action_post()
            # the plan comes after the invoices: nothing is booked yet
            plan = env["tz.commission.plan"].create(
                {"name": "并发佣金方案", "basis": "invoiced", "fixed_rate": 10}
            )
            env["tz.commission.assignment"].create(
                {
                    "plan_id": plan.id,
                    "user_id": seller.id,
                    "date_from": today - timedelta(days=40),
                }
            )
            self.seller_id, self.partner_id = seller.id, partner.id
            self.product_id, self.plan_id = product.id, plan.id
            self.move_ids = moves.ids
            self.today = today
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM tz_commission_line WHERE move_id IN %s OR user_id = %s",
                [tuple(self.move_ids), self.seller_id],
            )
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env["tz.commission.plan"].browse(self.plan_id).unlink()
            moves = env["account.move"].browse(self.move_ids)
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.users"].browse(self.seller_id).unlink()
            env["res.partner"].browse(self.partner_id).active = False
            cr.commit()  # pylint: disable=invalid-commit

    def _booked(self):
        """{move id: (lines, basis, commission)} as committed."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT move_id, count(*), sum(base_amount), sum(commission_amount) "
                "FROM tz_commission_line WHERE move_id IN %s GROUP BY move_id",
                [tuple(self.move_ids)],
            )
            return {move: (n, base, comm) for move, n, base, comm in cr.fetchall()}

    def _one_booking(self):
        return {
            move_id: (1, amount, amount / 10)
            for move_id, amount in zip(self.move_ids, self.AMOUNTS, strict=True)
        }

    def _info_logs(self):
        # numeric: Odoo names its level 25 "INFO" too
        return self.assertLogs("odoo.addons.tz_commission", level=logging.INFO)

    def _sync(self, env):
        moves = env["account.move"].browse(self.move_ids)
        return env["tz.commission.line"]._sync_moves(moves, self.today)

    def test_two_catch_up_runs_at_once_book_once(self):
        runs = []

        def run(env):
            moves = env["account.move"].browse(self.move_ids)
            runs.append(env["account.move"]._tz_commission_catch_up(moves))

        errors = self._in_threads(run)
        self.assertFalse(errors, errors)
        self.assertEqual(self._booked(), self._one_booking())
        # one run booked both invoices; the other skipped (False) or found
        # them booked (0)
        self.assertEqual(len(runs), 2)
        self.assertEqual(runs.count(2), 1)
        self.assertIn(next(run for run in runs if run != 2), (False, 0))

    def test_two_syncs_at_once_bypassing_the_lock_book_once(self):
        errors = self._in_threads(self._sync)
        # the later one, if it began before the first committed, is refused
        for error in errors:
            self.assertIsInstance(error, pg_errors.SerializationFailure)
        self.assertEqual(self._booked(), self._one_booking())

    def test_sync_on_an_older_snapshot_is_refused(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            # B's snapshot begins: it sees no line booked
            cr_b.execute(
                "SELECT count(*) FROM tz_commission_line WHERE move_id IN %s",
                [tuple(self.move_ids)],
            )
            self.assertEqual(cr_b.fetchone()[0], 0)
            self.assertEqual(len(self._sync(env_a)), 2)
            cr_a.commit()  # pylint: disable=invalid-commit
            with self.assertRaises(pg_errors.SerializationFailure):
                self._sync(env_b)
            cr_b.rollback()
        self.assertEqual(self._booked(), self._one_booking())

    def test_catch_up_batch_left_to_the_other_transaction(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            moves_b = env_b["account.move"].browse(self.move_ids)
            self.assertFalse(moves_b.tz_commission_line_ids)  # B's snapshot
            # an event booking in A commits while B's catch-up is on its way
            self._sync(env_a)
            cr_a.commit()  # pylint: disable=invalid-commit
            with (
                self.assertNoLogs("odoo", level="ERROR"),
                self._info_logs() as logs,
            ):
                booked = env_b["account.move"]._tz_commission_catch_up(moves_b)
            self.assertEqual(booked, 0)
            self.assertIn("booked by another transaction", "\n".join(logs.output))
            # B's transaction goes on, on its snapshot, with nothing booked
            self.assertFalse(moves_b.tz_commission_line_ids)
            cr_b.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._booked(), self._one_booking())

    def test_second_run_skips_while_one_runs(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            run_a = api.Environment(cr_a, SUPERUSER_ID, {})["tz.single.run"]
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            self.assertTrue(run_a._tz_try_run_lock(LOCK_KEY, session=True))
            try:
                with (
                    self.assertNoLogs("odoo", level="ERROR"),
                    self._info_logs() as logs,
                ):
                    moves = env_b["account.move"].browse(self.move_ids)
                    self.assertIs(
                        env_b["account.move"]._tz_commission_catch_up(moves), False
                    )
                self.assertIn("already running elsewhere", logs.output[0])
                cr_b.commit()  # pylint: disable=invalid-commit
            finally:
                run_a._tz_run_unlock(LOCK_KEY)
        self.assertEqual(self._booked(), {})

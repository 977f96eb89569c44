import sys
import threading
import traceback
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import TzCreditCommon


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TransactionCase):
    """Two real transactions confirming orders of the same customer.

    The data is committed (the test cursor is not used) and removed again in
    the cleanup.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env.company
            self.old_company_values = {
                "account_use_credit_limit": company.account_use_credit_limit,
                "tz_credit_block": company.tz_credit_block,
                "tz_overdue_block_days": company.tz_overdue_block_days,
                "tz_credit_order_basis": company.tz_credit_order_basis,
                "tz_credit_include_draft_invoices": (
                    company.tz_credit_include_draft_invoices
                ),
            }
            company.write(
                {
                    "account_use_credit_limit": True,
                    "tz_credit_block": True,
                    "tz_overdue_block_days": 0,
                    "tz_credit_order_basis": "ordered",
                    "tz_credit_include_draft_invoices": False,
                }
            )
            self.company_id = company.id
            product = env["product.product"].create(
                {
                    "name": "并发测试服务",
                    "type": "service",
                    "invoice_policy": "order",
                    "taxes_id": [Command.clear()],
                }
            )
            partner = env["res.partner"].create(
                {"name": "并发测试客户", "is_company": True}
            )
            partner.credit_limit = 1000.0
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": 600.0,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for _i in range(4)
                ]
            )
            self.product_id, self.partner_id = product.id, partner.id
            self.order_ids = orders.ids
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders._action_cancel()
            orders.unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.company"].browse(self.company_id).write(self.old_company_values)
            cr.commit()  # pylint: disable=invalid-commit

    def _confirm(self, order_id, result, locked=None, release=None):
        """Confirm in a new transaction; optionally keep it open (and the
        customer locked) until ``release`` is set."""
        with self.registry.cursor() as cr:
            # the registry lock is held by the test runner during module
            # loading: give the transaction its registry directly
            cr.transaction = api.Transaction(self.registry)
            # English messages are asserted, whatever the database's language
            env = api.Environment(
                cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"}
            )
            try:
                env["sale.order"].browse(order_id).action_confirm()
                if locked:
                    locked.set()
                    release.wait(timeout=60)
                cr.commit()  # pylint: disable=invalid-commit
                result["ok"] = True
            except Exception as exc:  # reported to the test
                cr.rollback()
                result["error"] = exc
            finally:
                if locked:
                    locked.set()

    def _state(self, order_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM sale_order WHERE id = %s", [order_id])
            return cr.fetchone()[0]

    def test_two_simultaneous_confirmations(self):
        first, second = self.order_ids[:2]
        locked, release = threading.Event(), threading.Event()
        result_a, result_b = {}, {}
        thread_a = threading.Thread(
            target=self._confirm, args=(first, result_a, locked, release)
        )
        thread_a.start()
        try:
            if not locked.wait(timeout=20):
                frame = sys._current_frames().get(thread_a.ident)
                self.fail("".join(traceback.format_stack(frame)))
            self.assertNotIn("error", result_a, result_a.get("error"))
            # A holds the customer: B, at the same time, must not pass
            thread_b = threading.Thread(target=self._confirm, args=(second, result_b))
            with mute_logger("odoo.sql_db"):
                thread_b.start()
                thread_b.join(timeout=60)
        finally:
            release.set()
            thread_a.join(timeout=60)
        self.assertTrue(result_a.get("ok"), result_a)
        self.assertIsInstance(result_b.get("error"), UserError)
        self.assertIn("try again", str(result_b["error"]))
        self.assertEqual(self._state(first), "sale")
        self.assertEqual(self._state(second), "draft")
        # trying again now gives the over-limit error: 600 + 600 > 1000
        result_retry = {}
        self._confirm(second, result_retry)
        self.assertIsInstance(result_retry.get("error"), RedirectWarning)
        self.assertEqual(self._state(second), "draft")

    def _assert_stale_snapshot_cannot_pass(self):
        third, fourth = self.order_ids[2:]
        with self.registry.cursor() as cr_late:
            env_late = api.Environment(
                cr_late, SUPERUSER_ID, {"tracking_disable": True}
            )
            # the late transaction takes its snapshot now
            env_late["res.partner"].browse(self.partner_id).name  # noqa: B018
            result = {}
            self._confirm(third, result)
            self.assertTrue(result.get("ok"), result)
            with (
                self.assertRaises(pg_errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                env_late["sale.order"].browse(fourth).action_confirm()
            cr_late.rollback()
        self.assertEqual(self._state(fourth), "draft")

    def test_stale_snapshot_cannot_pass(self):
        """A transaction that started before another one confirmed (and
        committed) the first order of the same customer cannot use its old
        view of the exposure: PostgreSQL refuses it (serialization failure,
        retried by Odoo with a fresh snapshot)."""
        self._assert_stale_snapshot_cannot_pass()

    def test_stale_snapshot_cannot_pass_checked_customer(self):
        """Same when the customer was checked before (its lock row exists)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["tz.credit.lock"].create(
                {"partner_id": self.partner_id, "company_id": self.company_id}
            )
            cr.commit()  # pylint: disable=invalid-commit
        self._assert_stale_snapshot_cannot_pass()


@tagged("post_install", "-at_install")
class TestCreditQueryCount(TzCreditCommon):
    """The credit check costs the same number of queries whatever the
    customer's history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.tz_overdue_block_days = 30
        today = fields.Date.today()
        cls.small = cls.env["res.partner"].create({"name": "一张发票客户"})
        cls.big = cls.env["res.partner"].create({"name": "两百张发票客户"})
        (cls.small | cls.big).write({"credit_limit": 10**9})
        journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1
        )

        def vals(partner, i):
            return {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": journal.id,
                "invoice_date": today - timedelta(days=5 + i % 40),
                "invoice_date_due": today - timedelta(days=i % 40),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "price_unit": 10.0 + i,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }

        moves = cls.env["account.move"].create(
            [vals(cls.small, 35)] + [vals(cls.big, i) for i in range(200)]
        )
        moves.action_post()
        cls.order_small = cls._order(cls.small, 100.0)
        cls.order_big = cls._order(cls.big, 100.0)

    def _check(self, order):
        self.env.flush_all()
        self.env.invalidate_all()
        return order._tz_credit_evaluate(for_confirm=True)

    def test_query_count_independent_of_history(self):
        self.assertEqual(
            self.env["account.move"].search_count([("partner_id", "=", self.big.id)]),
            200,
        )
        # warm the registry caches (ir.rule, access, ...)
        self._check(self.order_small)
        self._check(self.order_big)
        with self.assertQueryCount(__system__=10):
            small = self._check(self.order_small)
        with self.assertQueryCount(__system__=10):
            big = self._check(self.order_big)
        # both have invoices overdue by more than 30 days: held
        self.assertEqual(small["reasons"][0]["count"], 1)
        self.assertEqual(big["reasons"][0]["count"], 45)
        self.assertEqual(big["reasons"][0]["code"], "overdue")

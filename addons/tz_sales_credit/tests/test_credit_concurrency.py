import sys
import threading
import time
import traceback
import uuid
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.addons.tz_base.tests.common import ThreadTransaction as _ThreadTransaction
from odoo.exceptions import RedirectWarning, UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.tz_credit_lock import LOCK_WAIT_PARAM
from .common import TzCreditCommon


class CreditConcurrencyCase(TransactionCase):
    """Real transactions confirming orders of the same customer, each in its
    own cursor (and thread), as a prefork server's workers do.

    The data is committed (the test cursor is not used) and removed again in
    the cleanup.
    """

    limit = 1000.0
    order_amount = 600.0
    order_count = 4

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
            # a salesperson with exactly the salesperson's groups
            user = new_test_user(
                env,
                login=f"tz_concurrency_salesman_{uuid.uuid4().hex[:8]}",
                name="并发 销售",
                lang="en_US",
                groups="sales_team.group_sale_salesman",
            )
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
            partner.credit_limit = self.limit
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "user_id": user.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": self.order_amount,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for _i in range(self.order_count)
                ]
            )
            self.user_id = user.id
            self.product_id, self.partner_id = product.id, partner.id
            self.order_ids = orders.ids
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders._action_cancel()
            orders.unlink()  # with their credit approvals
            env["tz.credit.lock"].search(
                [("partner_id", "=", self.partner_id)]
            ).unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["ir.config_parameter"].search([("key", "=", LOCK_WAIT_PARAM)]).unlink()
            env["res.company"].browse(self.company_id).write(self.old_company_values)
            cr.commit()  # pylint: disable=invalid-commit
            user = env["res.users"].browse(self.user_id)
            partner = user.partner_id
            try:
                with cr.savepoint():
                    user.unlink()
                    partner.unlink()
            except Exception:  # referenced by logs: keep it archived
                user.active = False
            cr.commit()  # pylint: disable=invalid-commit

    def _new_env(self, cr, uid=SUPERUSER_ID):
        # the registry lock is held by the test runner during module
        # loading: give the transaction its registry directly
        cr.transaction = _ThreadTransaction(self.registry)
        # English messages are asserted, whatever the database's language
        # mails go to the queue: sending them right after the commit opens
        # a cursor through the registry, whose lock the test runner holds
        return api.Environment(
            cr,
            uid,
            {
                "tracking_disable": True,
                "lang": "en_US",
                "mail_notify_force_send": False,
            },
        )

    def _confirm(self, order_id, result, locked=None, release=None, retry=False):
        """Confirm in a new transaction, as the salesperson; optionally keep
        it open (and the customer locked) until ``release`` is set. With
        ``retry``, run it like an RPC request: through Odoo's retry of
        concurrency errors (``odoo.service.model.retrying``)."""
        with self.registry.cursor() as cr:
            env = self._new_env(cr, self.user_id)

            def confirm():
                env["sale.order"].browse(order_id).action_confirm()
                if locked:
                    locked.set()
                    release.wait(timeout=60)

            try:
                if retry:
                    retrying(confirm, env)
                else:
                    confirm()
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

    def _wait_for_lock_waiter(self):
        """Wait until a transaction waits for a customer's advisory lock."""
        with self.registry.cursor() as cr:
            for _i in range(400):
                cr.execute(
                    "SELECT count(*) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND NOT granted"
                )
                if cr.fetchone()[0]:
                    return True
                cr.rollback()
                time.sleep(0.05)
        return False

    def _hold_first_and_confirm_second(self, retry):
        first, second = self.order_ids[:2]
        locked, release = threading.Event(), threading.Event()
        result_a, result_b = {}, {}
        thread_a = threading.Thread(
            target=self._confirm, args=(first, result_a, locked, release)
        )
        thread_a.start()
        thread_b = threading.Thread(
            target=self._confirm, args=(second, result_b), kwargs={"retry": retry}
        )
        try:
            if not locked.wait(timeout=20):
                frame = sys._current_frames().get(thread_a.ident)
                self.fail("".join(traceback.format_stack(frame)))
            self.assertNotIn("error", result_a, result_a.get("error"))
            # A holds the customer: B, at the same time, waits for it
            thread_b.start()
            waiting = self._wait_for_lock_waiter()
        finally:
            release.set()
            thread_a.join(timeout=60)
            thread_b.join(timeout=90)
        self.assertTrue(result_a.get("ok"), result_a)
        return first, second, waiting, result_b


@tagged("post_install", "-at_install")
class TestCreditConcurrency(CreditConcurrencyCase):
    def test_second_confirmation_waits_then_decides_on_fresh_figures(self):
        """B waits for A (no "try again"); A's commit makes B's snapshot
        stale: Odoo's retry runs B again, which now sees A's order and
        refuses B with the credit message (600 + 600 > 1000). Nothing is
        logged as an ERROR."""
        with self.assertNoLogs("odoo", level="ERROR"):
            first, second, waiting, result_b = self._hold_first_and_confirm_second(
                retry=True
            )
        self.assertTrue(waiting, "B never waited for A's lock")
        self.assertIsInstance(result_b.get("error"), RedirectWarning, result_b)
        self.assertNotIn("try again", str(result_b["error"]))
        self.assertIn("credit", str(result_b["error"]).lower())
        self.assertEqual(self._state(first), "sale")
        self.assertEqual(self._state(second), "draft")

    def test_waiter_snapshot_is_stale_without_retry(self):
        """Without Odoo's retry the waiting transaction gets a serialization
        failure (never the stale figures, never a logged "bad query")."""
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            _first, second, _waiting, result_b = self._hold_first_and_confirm_second(
                retry=False
            )
        self.assertIsInstance(result_b.get("error"), pg_errors.SerializationFailure)
        self.assertEqual(self._state(second), "draft")

    def test_long_wait_says_try_again(self):
        """Only a wait longer than the configured bound ends in "try again"."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param(LOCK_WAIT_PARAM, "300")
            cr.commit()  # pylint: disable=invalid-commit
        first, locked, release, result_a, result_b = (
            self.order_ids[0],
            threading.Event(),
            threading.Event(),
            {},
            {},
        )
        thread_a = threading.Thread(
            target=self._confirm, args=(first, result_a, locked, release)
        )
        thread_a.start()
        try:
            self.assertTrue(locked.wait(timeout=20))
            with self.assertNoLogs("odoo.sql_db", level="ERROR"):
                self._confirm(self.order_ids[1], result_b)
        finally:
            release.set()
            thread_a.join(timeout=60)
        self.assertTrue(result_a.get("ok"), result_a)
        self.assertIsInstance(result_b.get("error"), UserError)
        self.assertIn("try again", str(result_b["error"]))
        self.assertEqual(self._state(self.order_ids[1]), "draft")

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
                self.assertNoLogs("odoo.sql_db", level="ERROR"),
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
class TestCreditTwentyAtOnce(CreditConcurrencyCase):
    """Twenty salespeople press Confirm at the same moment on orders of 1 000
    for one customer whose limit is 10 000 (issue #16)."""

    limit = 10000.0
    order_amount = 1000.0
    order_count = 20

    def _confirm_or_request(self, order_id, barrier, result):
        """One salesperson's request, run like an RPC call (Odoo's retry of
        concurrency errors); when refused, they request a credit approval
        from the dialog, as the web client offers."""
        with self.registry.cursor() as cr:
            env = self._new_env(cr, self.user_id)
            barrier.wait(timeout=60)
            try:
                retrying(
                    lambda: env["sale.order"].browse(order_id).action_confirm(), env
                )
                result["ok"] = True
                return
            except RedirectWarning as exc:
                cr.rollback()
                result["refused"] = str(exc.args[0])
                context = exc.args[1]["context"]
            except Exception as exc:  # reported to the test
                cr.rollback()
                result["error"] = exc
                return

            def request():
                approval = (
                    env["tz.credit.approval"]
                    .with_context(**context)
                    .create({"request_note": "大客户旺季备货"})
                )
                approval.action_submit()

            try:
                retrying(request, env)
                result["requested"] = True
            except Exception as exc:  # reported to the test
                cr.rollback()
                result["error"] = exc

    def test_twenty_confirmations_at_once(self):
        barrier = threading.Barrier(self.order_count)
        results = {order_id: {} for order_id in self.order_ids}
        threads = [
            threading.Thread(
                target=self._confirm_or_request,
                args=(order_id, barrier, results[order_id]),
            )
            for order_id in self.order_ids
        ]
        with self.assertNoLogs("odoo", level="ERROR"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
        self.assertFalse([t for t in threads if t.is_alive()], "threads stuck")
        errors = {oid: r["error"] for oid, r in results.items() if "error" in r}
        self.assertFalse(errors, errors)
        confirmed = [oid for oid, r in results.items() if r.get("ok")]
        refused = [oid for oid, r in results.items() if "refused" in r]
        self.assertEqual(len(confirmed), 10, results)
        self.assertEqual(len(refused), 10, results)
        for oid in refused:
            self.assertNotIn("try again", results[oid]["refused"])
            self.assertIn("credit limit", results[oid]["refused"])
            self.assertTrue(results[oid].get("requested"), results[oid])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM sale_order WHERE id IN %s GROUP BY state",
                [tuple(self.order_ids)],
            )
            self.assertEqual(dict(cr.fetchall()), {"sale": 10, "draft": 10})
            cr.execute(
                "SELECT sale_order_id FROM tz_credit_approval "
                "WHERE sale_order_id IN %s AND state = 'pending'",
                [tuple(self.order_ids)],
            )
            self.assertEqual(sorted(r[0] for r in cr.fetchall()), sorted(refused))


@tagged("post_install", "-at_install")
class TestCreditQueryCount(TzCreditCommon):
    """The credit check costs the same number of queries whatever the
    customer's history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.tz_overdue_block_days = 30
        today = fields.Date.context_today(cls.env.user)
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

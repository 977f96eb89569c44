import threading
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.addons.tz_base.tests.common import RunnersMixin, ThreadTransaction
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCollectionTwoRunners(RunnersMixin, TransactionCase):
    """Two collection runners at the same moment, each in its own cursor
    (thread), on committed data: the result is the one of a single run, with
    no error. The data is removed again in the cleanup."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            today = fields.Date.context_today(env["res.partner"])
            self.policy_id = (
                env["tz.collection.policy"]
                .create(
                    {
                        "name": "并发催收策略",
                        "active": False,  # not the company's default policy
                        "level_ids": [
                            Command.create(
                                {
                                    "day_offset": 30,
                                    "name": "信用冻结并上报",
                                    "action_letter": True,
                                    "action_hold": True,
                                    "action_escalate": True,
                                }
                            )
                        ],
                    }
                )
                .id
            )
            partner = env["res.partner"].create(
                {"name": "并发催收客户", "is_company": True}
            )
            product = env["product.product"].create(
                {"name": "并发催收商品", "type": "service"}
            )
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": today - timedelta(days=70),
                        "invoice_date_due": today - timedelta(days=40 + i),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": 100.0 + i,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for i in range(3)
                ]
            )
            moves.action_post()
            self.partner_id, self.product_id = partner.id, product.id
            self.move_ids = moves.ids
            self.company_id = env.company.id
            self.today = today
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM tz_collection_plan WHERE invoice_id IN %s",
                [tuple(self.move_ids)],
            )
            plan_ids = tuple(r[0] for r in cr.fetchall()) or (0,)
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'tz.collection.plan' "
                "AND res_id IN %s",
                [plan_ids],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'tz.collection.plan' "
                "AND res_id IN %s",
                [plan_ids],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'tz.collection.plan' "
                "AND res_id IN %s",
                [plan_ids],
            )
            cr.execute("DELETE FROM tz_collection_log WHERE plan_id IN %s", [plan_ids])
            cr.execute("DELETE FROM tz_collection_plan WHERE id IN %s", [plan_ids])
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            moves = env["account.move"].browse(self.move_ids)
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["tz.collection.policy"].browse(self.policy_id).unlink()
            partner = env["res.partner"].browse(self.partner_id)
            partner.with_company(self.company_id).tz_collection_hold = False
            partner.active = False
            cr.commit()  # pylint: disable=invalid-commit

    def _vals_list(self):
        return [
            {
                "invoice_id": move_id,
                "company_id": self.company_id,
                "partner_id": self.partner_id,
                "policy_id": self.policy_id,
                "next_action_date": self.today,
            }
            for move_id in self.move_ids
        ]

    def _counts(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM tz_collection_plan WHERE invoice_id IN %s",
                [tuple(self.move_ids)],
            )
            plan_ids = tuple(r[0] for r in cr.fetchall()) or (0,)
            cr.execute(
                "SELECT level_id, action, count(*) FROM tz_collection_log "
                "WHERE plan_id IN %s AND level_id IS NOT NULL GROUP BY 1, 2",
                [plan_ids],
            )
            logs = {action: count for _lvl, action, count in cr.fetchall()}
            cr.execute(
                "SELECT count(*) FROM mail_activity "
                "WHERE res_model = 'tz.collection.plan' AND res_id IN %s",
                [plan_ids],
            )
            activities = cr.fetchone()[0]
        return len(plan_ids) if plan_ids != (0,) else 0, logs, activities

    def test_two_runners_create_and_process_once(self):
        # the plans of the same invoices, created by two runners at once
        errors = self._in_threads(
            lambda env: env["tz.collection.plan"]._tz_create_plan_batch(
                self._vals_list()
            )
        )
        self.assertFalse(errors, errors)
        self.assertEqual(self._counts()[0], 3)

        # the same chunk of plans processed by two runners at once
        def process(env):
            Plan = env["tz.collection.plan"]
            plans = Plan.search([("invoice_id", "in", self.move_ids)])
            plans._tz_process_chunk(self.today)

        errors = self._in_threads(process)
        self.assertFalse(errors, errors)
        plans, logs, activities = self._counts()
        self.assertEqual(plans, 3)
        # each level action performed once per plan, one escalation each
        self.assertEqual(logs, {"letter": 3, "hold": 3, "escalate": 3})
        self.assertEqual(activities, 3)

    def test_second_run_skips_while_one_runs(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Plan = env["tz.collection.plan"]
            self.assertTrue(Plan._tz_run_lock())
            try:
                errors = []
                result = {}

                def other_runner():
                    try:
                        with self.registry.cursor() as cr2:
                            cr2.transaction = ThreadTransaction(self.registry)
                            env2 = api.Environment(cr2, SUPERUSER_ID, {})
                            result["run"] = env2["tz.collection.plan"]._cron_run()
                    except Exception as exc:  # reported to the test
                        errors.append(exc)

                thread = threading.Thread(target=other_runner)
                thread.start()
                thread.join(timeout=60)
                self.assertFalse(errors, errors)
                self.assertIs(result["run"], False)
                self.assertEqual(self._counts()[0], 0)
            finally:
                Plan._tz_run_unlock()
            # once the first run ended, a run can start again
            self.assertTrue(Plan._tz_run_lock())
            Plan._tz_run_unlock()

    def test_promise_on_a_plan_the_run_moved_meanwhile(self):
        # a collector records a promise while the run moves the same plan:
        # the collector's request fails as a serialization conflict (Odoo's
        # retry runs it again on the moved plan) with no ERROR in the log
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["tz.collection.plan"]._tz_create_plan_batch(self._vals_list())
            cr.commit()  # pylint: disable=invalid-commit
        with self.registry.cursor() as collector_cr:
            env = api.Environment(collector_cr, SUPERUSER_ID, {})
            plan = env["tz.collection.plan"].search(
                [("invoice_id", "=", self.move_ids[0])]
            )
            self.assertEqual(plan.state, "open")  # the collector's snapshot
            with self.registry.cursor() as run_cr:
                run_env = api.Environment(run_cr, SUPERUSER_ID, {})
                run_env["tz.collection.plan"].browse(plan.id)._tz_process_chunk(
                    self.today
                )
                run_cr.commit()  # pylint: disable=invalid-commit
            with (
                self.assertNoLogs("odoo", level="ERROR"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                plan._tz_promise(self.today + timedelta(days=3), 50.0)
            collector_cr.rollback()
        # the retry, on fresh data, records the promise on the moved plan
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            plan = env["tz.collection.plan"].browse(plan.id)
            self.assertTrue(plan.level_id)
            plan._tz_promise(self.today + timedelta(days=3), 50.0)
            self.assertEqual(plan.state, "promised")
            cr.commit()  # pylint: disable=invalid-commit

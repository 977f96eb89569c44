import logging
from contextlib import closing
from datetime import date, timedelta

from odoo import SUPERUSER_ID, Command, api
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.addons.tz_sales_credit.tests.test_collection import TzCollectionCommon
from odoo.addons.tz_supply.models.tz_stock_level import _COVER_COLUMNS as COVER_COLUMNS
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

RUN_DAY = date(2026, 5, 20)


class TzQueueCommon(TzCollectionCommon):
    """Small chunks so that the runs of the tests are split into several jobs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        param = cls.env["ir.config_parameter"].sudo()
        param.set_param("tz_queue.chunk_size", "3")
        param.set_param("tz_queue.min_records", "3")
        param.set_param("tz_queue.enabled", "1")

    def _rolled_back(self, func):
        """Result of ``func`` run in a savepoint that is rolled back after."""
        with closing(self.env.cr.savepoint()):
            result = func()
        self.env.invalidate_all()
        return result

    def _jobs_path(self, func, min_jobs=2):
        """Run ``func`` with queue_job present: its jobs are trapped, checked
        (several, on the tz channel) and performed; returns the trap."""
        with trap_jobs() as trap:
            func(tz_queue_force=True)
            self.assertGreaterEqual(trap.jobs_count(), min_jobs)
            for job in trap.enqueued_jobs:
                self.assertEqual(job.channel, "root.tz")
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        return trap


@tagged("post_install", "-at_install")
class TestCollectionRunSplit(TzQueueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "email": f"ar{i}@kh.example.cn"}
                for i, name in enumerate(
                    ["杭州西湖贸易", "苏州园林科技", "南京钟山机电", "无锡太湖物流"]
                )
            ]
        )
        cls.invoices = cls.env["account.move"]
        # per customer: one invoice at each level (hold, letter, call, email,
        # reminder before due) -> plans of every level in several chunks
        for customer in cls.customers:
            for days in (35, 16, 8, 2, -2):
                due = RUN_DAY - timedelta(days=days)
                cls.invoices |= cls._invoice(
                    customer,
                    100.0 + days,
                    invoice_date=due - timedelta(days=30),
                    due=due,
                    invoice_user_id=cls.salesman.id,
                )

    def _snapshot(self):
        Plan = self.env["tz.collection.plan"]
        plans = Plan.search([("invoice_id", "in", self.invoices.ids)])
        inv = {plan.id: plan.invoice_id.id for plan in plans}
        logs = self.env["tz.collection.log"].search([("plan_id", "in", plans.ids)])
        activities = self.env["mail.activity"].search(
            [("res_model", "=", Plan._name), ("res_id", "in", plans.ids)]
        )
        mails = self.env["mail.mail"].search(
            [("model", "=", Plan._name), ("res_id", "in", plans.ids)]
        )
        return {
            "plans": sorted(
                (
                    plan.invoice_id.id,
                    plan.state,
                    plan.level_id.id,
                    plan.next_action_date,
                    plan.credit_hold,
                    plan.letter_pending,
                    plan.user_id.id,
                )
                for plan in plans
            ),
            "logs": sorted(
                (inv[log.plan_id.id], log.level_id.id, log.action, log.result)
                for log in logs
            ),
            "activities": sorted(
                (inv[act.res_id], act.activity_type_id.id, act.user_id.id, act.summary)
                for act in activities
            ),
            "mails": sorted((inv[mail.res_id], mail.subject) for mail in mails),
            "holds": sorted(self.customers.filtered("tz_collection_hold").ids),
        }

    def _cron(self, **ctx):
        with freeze_time(RUN_DAY):
            self.env["tz.collection.plan"].with_context(**ctx)._cron_run()

    def test_jobs_give_the_same_result_as_the_inline_run(self):
        inline = self._rolled_back(
            lambda: (self._cron(tz_queue_inline=True), self._snapshot())[1]
        )
        self.assertEqual(len(inline["plans"]), 20)
        self.assertTrue(inline["holds"], "the test data reach the hold level")
        self.assertTrue(inline["activities"] and inline["mails"])
        trap = self._jobs_path(self._cron, min_jobs=4)
        # one customer's plans never shared by two jobs
        partners_per_job = [
            set(job.recordset.mapped("partner_id").ids) for job in trap.enqueued_jobs
        ]
        for i, first in enumerate(partners_per_job):
            for second in partners_per_job[i + 1 :]:
                self.assertFalse(first & second)
        self.assertEqual(self._snapshot(), inline)

    def test_job_rerun_does_nothing_twice(self):
        with trap_jobs() as trap:
            self._cron(tz_queue_force=True)
            jobs = list(trap.enqueued_jobs)
            trap.perform_enqueued_jobs()
        before = self._snapshot()
        for job in jobs:  # a retried job after a lost acknowledgement
            job.perform()
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(), before)

    def test_small_run_stays_inline(self):
        self.env["ir.config_parameter"].sudo().set_param("tz_queue.min_records", "100")
        with trap_jobs() as trap:
            self._cron(tz_queue_force=True)
            trap.assert_jobs_count(0)
        self.assertEqual(len(self._snapshot()["plans"]), 20)

    def test_switched_off_stays_inline(self):
        self.env["ir.config_parameter"].sudo().set_param("tz_queue.enabled", "0")
        with trap_jobs() as trap:
            self._cron(tz_queue_force=True)
            trap.assert_jobs_count(0)
        self.assertTrue(self._snapshot()["logs"])

    def test_server_without_job_runner_stays_inline(self):
        """Odoo started without queue_job server-wide (no job runner): the
        run is done inline, no job is left waiting for a runner."""
        with trap_jobs() as trap:
            self._cron()
            trap.assert_jobs_count(0)
        self.assertEqual(len(self._snapshot()["plans"]), 20)
        self.assertTrue(self._snapshot()["logs"])

    def test_jobs_are_not_for_business_users(self):
        """The jobs carry customers and amounts: the credit manager (a real
        role, not an administrator) cannot read or requeue them."""
        with trap_jobs():
            self._cron(tz_queue_force=True)
        for user in (self.credit_manager, self.salesman):
            with self.assertRaises(AccessError):
                self.env["queue.job"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["queue.job"].with_user(user).create(
                    {"uuid": "x", "model_name": "res.partner", "method_name": "write"}
                )

    def test_second_runner_skips_while_one_runs(self):
        # another server's run holds the run lock: this run says so and
        # neither prepares, processes nor enqueues anything
        plans_before = self.env["tz.collection.plan"].search_count([])
        with self.registry.cursor() as other_cr:
            other = api.Environment(other_cr, SUPERUSER_ID, {})
            self.assertTrue(other["tz.collection.plan"]._tz_run_lock())
            try:
                with (
                    trap_jobs() as trap,
                    self.assertLogs("odoo.addons.tz_queue", logging.INFO) as logs,
                    freeze_time(RUN_DAY),
                ):
                    result = (
                        self.env["tz.collection.plan"]
                        .with_context(tz_queue_force=True)
                        ._cron_run()
                    )
                self.assertIs(result, False)
                self.assertEqual(trap.jobs_count(), 0)
            finally:
                other["tz.collection.plan"]._tz_run_unlock()
                other_cr.rollback()
        self.assertIn("skipped", "\n".join(logs.output))
        self.assertEqual(self.env["tz.collection.plan"].search_count([]), plans_before)


@tagged("post_install", "-at_install")
class TestCustomerValueSplit(TzQueueCommon):
    VALUE_FIELDS = (
        "tz_value_revenue",
        "tz_value_margin",
        "tz_value_invoice_count",
        "tz_value_last_invoice_date",
        "tz_value_potential",
        "tz_value_score",
        "tz_suggested_grade",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"客户{i:02d}", "is_company": True} for i in range(8)]
        )
        today = date.today()
        for i, customer in enumerate(cls.customers[:6]):
            for n in range(i + 1):
                cls._invoice(
                    customer,
                    1000.0 * (i + 1),
                    invoice_date=today - timedelta(days=20 * n),
                )
        cls.env["crm.lead"].create(
            [
                {
                    "name": f"商机{i}",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "expected_revenue": 50000.0 * (i + 1),
                    "probability": 40.0,
                }
                for i, customer in enumerate(cls.customers[4:])
            ]
        )
        # a marker date: the partners a run values get a later one
        cls.env["res.partner"].flush_model()
        cls.env.cr.execute(
            "UPDATE res_partner SET tz_value_date = '2000-01-01'"
            " WHERE tz_value_date IS NOT NULL"
        )
        cls.env["res.partner"].invalidate_model(["tz_value_date"])

    def _snapshot(self):
        self.env["res.partner"].flush_model()
        self.env.cr.execute(
            f"""SELECT id, {", ".join(self.VALUE_FIELDS)}
                  FROM res_partner
                 WHERE tz_value_date > '2000-01-01' ORDER BY id"""
        )
        return self.env.cr.fetchall()

    def _cron(self, **ctx):
        self.env["res.partner"].with_context(**ctx)._cron_tz_customer_value()

    def test_jobs_give_the_same_result_as_the_inline_run(self):
        inline = self._rolled_back(
            lambda: (self._cron(tz_queue_inline=True), self._snapshot())[1]
        )
        valued = {row[0] for row in inline}
        self.assertTrue(set(self.customers[:6].ids) <= valued)
        self.assertTrue(any(row[5] for row in inline), "potential from pipeline")
        self._jobs_path(self._cron)
        self.assertEqual(self._snapshot(), inline)


@tagged("post_install", "-at_install")
class TestSearchIndexSplit(TzQueueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = cls.env["tz.service.tag"].create({"name": "打印机"})
        cls.articles = cls.env["tz.kb.article"].create(
            [
                {
                    "name": f"激光打印机卡纸处理 第{i}步",
                    "body": f"<p>打开前盖，取出卡住的纸张，型号 LJ-{1000 + i}。</p>",
                    "tag_ids": [Command.set(tag.ids)],
                }
                for i in range(7)
            ]
        )

    def _snapshot(self):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id, fts_title, fts_keywords, fts_body, fts_vector::text
                 FROM tz_kb_article ORDER BY id"""
        )
        articles = self.env.cr.fetchall()
        self.env.cr.execute(
            "SELECT id, fts_vector::text FROM tz_service_request ORDER BY id"
        )
        return articles, self.env.cr.fetchall()

    def _wipe(self):
        self.env.flush_all()
        for table in ("tz_kb_article", "tz_service_request"):
            self.env.cr.execute(
                f"UPDATE {table} SET fts_title = NULL, fts_keywords = NULL,"
                " fts_body = NULL"
            )
        self.env.invalidate_all()

    def _cron(self, **ctx):
        self.env["tz.service.request"].with_context(**ctx)._cron_rebuild_search_index()

    def test_jobs_give_the_same_result_as_the_inline_run(self):
        self._wipe()
        inline = self._rolled_back(
            lambda: (self._cron(tz_queue_inline=True), self._snapshot())[1]
        )
        self.assertTrue(all(row[1] for row in inline[0]), "every article indexed")
        self.assertIn("卡纸", inline[0][-1][1] + inline[0][-1][3])
        self._jobs_path(self._cron)
        self.assertEqual(self._snapshot(), inline)


@tagged("post_install", "-at_install")
class TestStockCoverSplit(TzQueueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("tz_queue.min_records", "1")
        cls.company_b = cls.env["res.company"].create({"name": "天纵杭州分公司"})
        cls.products = cls.env["product.product"].create(
            [
                {"name": f"硒鼓 CF{i}", "is_storable": True, "standard_price": 80.0}
                for i in range(3)
            ]
        )
        Quant = cls.env["stock.quant"]
        for company in cls.company | cls.company_b:
            warehouse = cls.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            for qty, product in enumerate(cls.products, 1):
                Quant.with_company(company)._update_available_quantity(
                    product, warehouse.lot_stock_id, qty * 7.0
                )

    def _snapshot(self):
        names = [name for name, _type in COVER_COLUMNS] + ["state", "company_id"]
        self.env.flush_all()
        self.env.cr.execute(
            f"""SELECT product_id, warehouse_id, {", ".join(names)}
                  FROM tz_stock_level ORDER BY product_id, warehouse_id"""
        )
        return self.env.cr.fetchall()

    def _cron(self, **ctx):
        with freeze_time("2026-05-20 08:00:00"):
            self.env["tz.stock.level"].with_context(**ctx)._cron_compute_cover()

    def test_jobs_give_the_same_result_as_the_inline_run(self):
        inline = self._rolled_back(
            lambda: (self._cron(tz_queue_inline=True), self._snapshot())[1]
        )
        mine = [row for row in inline if row[0] in self.products.ids]
        self.assertEqual(len(mine), 6, "3 products in 2 companies' warehouses")
        trap = self._jobs_path(self._cron)
        companies = [call.args[0] for call in trap.calls]
        self.assertIn(self.company_b, companies)
        self.assertEqual(self._snapshot(), inline)

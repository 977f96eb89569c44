"""Two companies: plans, assignments, targets, commission lines and
settlements stay in their company; each company numbers its settlements; the
cron and the reports work per company."""

import base64
import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzCommissionMultiCompany(TzCommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "天纵北京分公司"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False
        )
        cls.both = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_seller_both",
            name="TZ Seller Both",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.plan_a = cls._plan(user=cls.both, name="A 方案", fixed_rate=3)
        cls.plan_b = cls.Plan.with_company(cls.company_b).create(
            {"name": "B 方案", "basis": "invoiced", "fixed_rate": 5}
        )

    def _assign_b(self):
        self.env["tz.commission.assignment"].create(
            {
                "plan_id": self.plan_b.id,
                "user_id": self.both.id,
                "date_from": "2026-01-01",
            }
        )

    def _invoice_b(self, amount):
        move = (
            self.env["account.move"]
            .with_company(self.company_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner.id,
                    "invoice_user_id": self.both.id,
                    "invoice_date": "2026-03-12",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(move.company_id, self.company_b)
        move.action_post()
        return move

    def test_plans_lines_and_settlements_stay_in_their_company(self):
        self.assertEqual(self.plan_b.company_id, self.company_b)
        self._invoice(10000, user=self.both)
        self._invoice_b(20000)
        lines = self._lines(self.both)
        self.assertEqual(lines.company_id, self.company_a, "A's plan is not B's")
        self._assign_b()
        self._invoice_b(20000)
        lines = self._lines(self.both)
        by_company = {line.company_id: line for line in lines}
        self.assertEqual(by_company[self.company_a].commission_amount, 300)
        self.assertEqual(by_company[self.company_b].commission_amount, 1000)
        self.assertEqual(by_company[self.company_b].plan_id, self.plan_b)
        # the salesperson sees a company's records only when working in it
        Line = self.Line.with_user(self.both)
        in_a = Line.with_context(allowed_company_ids=self.company_a.ids).search([])
        self.assertEqual(in_a.company_id, self.company_a)
        in_both = Line.with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        ).search([])
        self.assertEqual(in_both, lines)
        # a salesperson of A only never sees B
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.seller).read(["name"])
        with self.assertRaises(AccessError):
            by_company[self.company_b].with_user(self.manager).read(["name"])
        # settlements per company
        Settlement = self.Settlement
        set_a = Settlement._generate("2026-03-01", "2026-03-31", "month", self.both)
        set_b = Settlement.with_company(self.company_b)._generate(
            "2026-03-01", "2026-03-31", "month", self.both, company=self.company_b
        )
        self.assertEqual(set_a.company_id, self.company_a)
        self.assertEqual(set_b.company_id, self.company_b)
        self.assertEqual(set_a.line_ids, by_company[self.company_a])
        self.assertEqual(set_b.line_ids, by_company[self.company_b])
        self.assertEqual(set_b.amount_total, 1000)
        # targets too: B's forecast runs B's plan on B's lines
        target_b = self.Target.with_company(self.company_b).create(
            {"user_id": self.both.id, "date_from": "2026-03-01", "target_revenue": 1}
        )
        self.assertEqual(target_b.company_id, self.company_b)
        self.assertEqual(target_b.plan_id, self.plan_b)
        self.assertEqual(target_b.earned_commission, 1000)
        # a manager of A only sees none of B's records
        manager_a = self.manager
        self.assertEqual(manager_a.company_ids, self.company_a)
        for model, record in (
            ("tz.commission.plan", self.plan_b),
            ("tz.commission.assignment", self.plan_b.assignment_ids),
            ("tz.sales.target", target_b),
            ("tz.commission.line", by_company[self.company_b]),
            ("tz.commission.settlement", set_b),
        ):
            with self.subTest(model=model):
                self.assertTrue(record)
                self.assertFalse(
                    self.env[model]
                    .with_user(manager_a)
                    .search([("id", "in", record.ids)])
                )

    def test_settlement_numbers_per_company(self):
        Settlement = self.Settlement
        first_a = Settlement.create(
            {
                "user_id": self.seller.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        first_b = Settlement.with_company(self.company_b).create(
            {
                "user_id": self.both.id,
                "company_id": self.company_b.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        second_a = Settlement.create(
            {
                "user_id": self.seller.id,
                "date_from": "2026-02-01",
                "date_to": "2026-02-28",
            }
        )
        self.assertEqual(first_b.name, "COM/2026/0001", "B numbers from its own start")
        number_a = int(first_a.name.rsplit("/", 1)[1])
        self.assertEqual(
            second_a.name, f"COM/2026/{number_a + 1:04d}", "B took no number of A"
        )
        sequences = self.env["ir.sequence"].search(
            [("code", "=", "tz.commission.settlement"), ("company_id", "!=", False)]
        )
        self.assertIn(self.company_a, sequences.company_id)
        self.assertIn(self.company_b, sequences.company_id)

    def test_cron_refreshes_each_company_with_its_own_documents(self):
        target_a = self.Target.create(
            {"user_id": self.both.id, "date_from": "2026-03-01", "target_revenue": 1}
        )
        target_b = self.Target.with_company(self.company_b).create(
            {"user_id": self.both.id, "date_from": "2026-03-01", "target_revenue": 1}
        )
        self.assertEqual((target_a.actual_revenue, target_b.actual_revenue), (0, 0))
        self._invoice(10000, user=self.both)
        self._invoice_b(30000)
        self.env.ref(
            "tz_commission.ir_cron_tz_sales_target_refresh"
        ).method_direct_trigger()
        self.assertEqual(target_a.actual_revenue, 10000)
        self.assertEqual(target_b.actual_revenue, 30000)

    def test_reports_per_company(self):
        self._assign_b()
        self._invoice(10000, user=self.both)
        self._invoice_b(20000)
        set_b = self.Settlement.with_company(self.company_b)._generate(
            "2026-03-01", "2026-03-31", "month", company=self.company_b
        )
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "tz_commission.report_tz_commission_settlement", set_b.ids
        )
        html = html.decode()
        self.assertIn("天纵北京分公司", html)
        self.assertNotIn(self.company_a.name, html)
        # the xlsx export of a period holds the current company's lines only
        wizard = (
            self.env["tz.commission.export.wizard"]
            .with_company(self.company_b)
            .create({"period_type": "month", "date": "2026-03-10"})
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        rows = list(book.worksheets[0].iter_rows(min_row=4, values_only=True))
        self.assertEqual(rows[0][0], "TZ Seller Both")
        self.assertAlmostEqual(rows[-1][2], 1000)
        self.assertEqual(book.worksheets[1].max_row, 2, "header + B's line only")

"""Two companies: records, numbering, the collection run and the reports of
one company never mix with the other's."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import RedirectWarning
from odoo.tests import freeze_time, new_test_user, tagged

from .test_collection import DUE, TzCollectionCommon

CREDIT_MANAGER = (
    "sales_team.group_sale_salesman_all_leads,tz_sales_credit.group_tz_credit_manager"
)


@tagged("post_install", "-at_install")
class TestMultiCompany(TzCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "天纵北京分公司", "currency_id": cls.company_a.currency_id.id}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False
        )
        cls.company_b.write(
            {
                "account_use_credit_limit": True,
                "tz_credit_block": True,
                "tz_overdue_block_days": 0,
            }
        )
        cls.users = {}
        for key, company, groups in (
            ("manager_a", cls.company_a, CREDIT_MANAGER),
            ("manager_b", cls.company_b, CREDIT_MANAGER),
            ("sales_b", cls.company_b, "sales_team.group_sale_salesman"),
            ("accountant_a", cls.company_a, "account.group_account_invoice"),
            ("accountant_b", cls.company_b, "account.group_account_invoice"),
        ):
            cls.users[key] = new_test_user(
                cls.env,
                lang="en_US",
                login=f"tz_mc_{key}",
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
        cls.policy_b = (
            cls.env["tz.collection.policy"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "北京催收策略",
                    "company_id": cls.company_b.id,
                    "level_ids": [
                        Command.create(
                            {
                                "day_offset": 10,
                                "name": "北京电话",
                                "action_activity": True,
                            }
                        ),
                        Command.create(
                            {
                                "day_offset": 20,
                                "name": "北京催收函",
                                "action_letter": True,
                            }
                        ),
                    ],
                }
            )
        )
        # the customer's own policy is company A's: it must not leak into B
        cls.partner.tz_collection_policy_id = cls.policy

    @classmethod
    def _invoice_b(cls, amount, due, invoice_date=None, partner=None):
        move = (
            cls.env["account.move"]
            .with_company(cls.company_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or cls.partner).id,
                    "company_id": cls.company_b.id,
                    "invoice_user_id": cls.users["sales_b"].id,
                    "invoice_date": invoice_date or due - timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _temp(self, user, company):
        today = fields.Date.context_today(self.env.user)
        return (
            self.env["tz.credit.limit.temp"]
            .with_user(user)
            .with_company(company)
            .create(
                {
                    "partner_id": self.partner.id,
                    "amount": 100.0,
                    "date_from": today,
                    "date_to": today,
                    "reason": company.name,
                }
            )
        )

    def test_records_stay_apart(self):
        manager_a, manager_b = self.users["manager_a"], self.users["manager_b"]
        temp_a = self._temp(manager_a, self.company_a)
        temp_b = self._temp(manager_b, self.company_b)
        self.assertEqual(temp_b.company_id, self.company_b)
        temp_a.action_approve()
        temp_b.action_approve()
        Temp = self.env["tz.credit.limit.temp"]
        mine = [("partner_id", "=", self.partner.id)]
        self.assertEqual(Temp.with_user(manager_a).search(mine), temp_a)
        self.assertEqual(Temp.with_user(manager_b).search(mine), temp_b)
        # B's temporary credit does not raise the limit in A
        self.assertEqual(
            self.partner.with_company(self.company_a).tz_credit_temp_amount, 100.0
        )
        # approvals follow their order's company
        order_b = (
            self.env["sale.order"]
            .with_user(self.users["sales_b"])
            .create(
                {
                    "partner_id": self.partner.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "price_unit": 1})
                    ],
                }
            )
        )
        approval_b = (
            self.env["tz.credit.approval"]
            .with_user(self.users["sales_b"])
            .create({"sale_order_id": order_b.id})
        )
        self.assertEqual(approval_b.company_id, self.company_b)
        Approval = self.env["tz.credit.approval"]
        self.assertNotIn(approval_b, Approval.with_user(manager_a).search([]))
        self.assertIn(approval_b, Approval.with_user(manager_b).search([]))
        # policies, levels, plans and logs
        with freeze_time("2026-03-01"):
            invoice_a = self._inv()
            invoice_b = self._invoice_b(700.0, DUE)
        self._run("2026-04-11")
        plan_a, plan_b = self._plan(invoice_a), self._plan(invoice_b)
        for user, mine, theirs in (
            (manager_a, plan_a, plan_b),
            (manager_b, plan_b, plan_a),
        ):
            for model, own, other in (
                ("tz.collection.policy", mine.policy_id, theirs.policy_id),
                ("tz.collection.level", mine.policy_id.level_ids, theirs.level_id),
                ("tz.collection.plan", mine, theirs),
                ("tz.collection.log", mine.log_ids, theirs.log_ids),
            ):
                found = self.env[model].with_user(user).search([])
                self.assertTrue(own & found, model)
                self.assertFalse(other & found, model)

    def test_credit_check_and_locks_per_company(self):
        """The limit, the exposure and the serialisation row of a customer
        are per company."""
        self.partner.with_company(self.company_b).credit_limit = 5000.0
        self._order(self.partner, 900.0).action_confirm()  # A: 900 of 1000
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.partner.id,
                    "company_id": self.company_b.id,
                    "user_id": self.users["sales_b"].id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 3000.0}
                        )
                    ],
                }
            )
        )
        # 3000 passes in B although A's exposure is near A's limit
        order_b.with_user(self.users["sales_b"]).action_confirm()
        self.assertEqual(order_b.state, "sale")
        with self.assertRaises(RedirectWarning):
            self._order(self.partner, 200.0).action_confirm()
        locks = self.env["tz.credit.lock"].search(
            [("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(
            sorted(locks.company_id.ids), sorted((self.company_a | self.company_b).ids)
        )
        Lock = self.env["tz.credit.lock"]
        for user, company in (
            ("manager_a", self.company_a),
            ("manager_b", self.company_b),
        ):
            seen = Lock.with_user(self.users[user]).search(
                [("partner_id", "=", self.partner.id)]
            )
            self.assertEqual(seen.company_id, company)

    def test_sequences_apart(self):
        manager_a, manager_b = self.users["manager_a"], self.users["manager_b"]
        first_b = self._temp(manager_b, self.company_b)
        Sequence = self.env["ir.sequence"]
        seq_b = Sequence.search(
            [
                ("code", "=", "tz.credit.limit.temp"),
                ("company_id", "=", self.company_b.id),
            ]
        )
        self.assertEqual(len(seq_b), 1)
        seq_b.prefix = "BJ/TCL/"
        next_b = seq_b.number_next_actual
        temp_a = self._temp(manager_a, self.company_a)
        self.assertFalse(temp_a.name.startswith("BJ/"))
        self.assertEqual(seq_b.number_next_actual, next_b)  # A did not use B's
        temp_b = self._temp(manager_b, self.company_b)
        self.assertTrue(temp_b.name.startswith("BJ/TCL/"))
        self.assertNotEqual(temp_b.name, first_b.name)
        # a temporary credit of B created from A's session is B's number too
        temp_b2 = (
            self.env["tz.credit.limit.temp"]
            .with_company(self.company_a)
            .create(
                {
                    "partner_id": self.partner.id,
                    "company_id": self.company_b.id,
                    "amount": 1.0,
                    "date_from": fields.Date.context_today(self.env.user),
                    "date_to": fields.Date.context_today(self.env.user),
                    "reason": "x",
                }
            )
        )
        self.assertTrue(temp_b2.name.startswith("BJ/TCL/"))
        # approvals: numbered in their order's company
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.partner.id,
                    "company_id": self.company_b.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "price_unit": 1})
                    ],
                }
            )
        )
        approval_b = self.env["tz.credit.approval"].create(
            {"sale_order_id": order_b.id}
        )
        seq_ab = Sequence.search(
            [
                ("code", "=", "tz.credit.approval"),
                ("company_id", "=", self.company_b.id),
            ]
        )
        self.assertEqual(len(seq_ab), 1)
        seq_ab.prefix = "BJ/CA/"
        approval_b2 = approval_b.copy()
        self.assertTrue(approval_b2.name.startswith("BJ/CA/"))
        approval_a = self.env["tz.credit.approval"].create(
            {"sale_order_id": self._order(self.partner, 1.0).id}
        )
        self.assertFalse(approval_a.name.startswith("BJ/"))

    def test_collection_run_uses_each_company_policy(self):
        with freeze_time("2026-03-01"):
            invoice_a = self._inv()
            invoice_b = self._invoice_b(700.0, DUE)
        self._run("2026-04-10")  # 10 days overdue in both companies
        plan_a, plan_b = self._plan(invoice_a), self._plan(invoice_b)
        self.assertEqual(plan_a.company_id, self.company_a)
        self.assertEqual(plan_a.policy_id, self.policy)  # the customer's own
        self.assertEqual(plan_a.level_id, self.levels[7])
        self.assertEqual(plan_b.company_id, self.company_b)
        self.assertEqual(plan_b.policy_id, self.policy_b)  # A's policy stays in A
        self.assertEqual(plan_b.level_id.name, "北京电话")
        self.assertEqual(plan_b.user_id, self.users["sales_b"])
        self._run("2026-04-30")  # +30 in A: hold; +20 in B: letter only
        self.assertTrue(plan_a.credit_hold)
        self.assertFalse(plan_b.credit_hold)
        self.assertTrue(plan_b.letter_pending)
        self.assertEqual(
            sorted(plan_b.log_ids.filtered("level_id").mapped("action")),
            ["activity", "letter"],
        )
        # the hold of A blocks orders in A only
        with freeze_time("2026-04-30"):
            order_a = self._order(self.partner, 10.0)
            with self.assertRaises(RedirectWarning):
                order_a.action_confirm()
            order_b = (
                self.env["sale.order"]
                .with_company(self.company_b)
                .create(
                    {
                        "partner_id": self.partner.id,
                        "company_id": self.company_b.id,
                        "user_id": self.users["sales_b"].id,
                        "order_line": [
                            Command.create(
                                {"product_id": self.product.id, "price_unit": 10.0}
                            )
                        ],
                    }
                )
            )
            order_b.with_user(self.users["sales_b"]).action_confirm()
        self.assertEqual(order_b.state, "sale")

    def test_reports_stay_apart(self):
        today = fields.Date.context_today(self.env.user)
        self._inv(300.0, due=today - timedelta(days=40))
        self._invoice_b(700.0, today - timedelta(days=5))
        domain = [("partner_id", "=", self.partner.id)]
        Aging = self.env["tz.collection.aging.report"]
        for user, company, expected in (
            ("accountant_a", self.company_a, [("31_60", 300.0)]),
            ("accountant_b", self.company_b, [("1_30", 700.0)]),
        ):
            groups = (
                Aging.with_user(self.users[user])
                .with_company(company)
                .read_group(domain, ["amount_residual:sum"], ["bucket"], lazy=False)
            )
            self.assertEqual(
                [(g["bucket"], g["amount_residual"]) for g in groups], expected
            )
        # a manager of both companies sees both, apart by company
        both = self.users["manager_a"]
        both.company_ids = [Command.link(self.company_b.id)]
        groups = (
            Aging.with_user(both)
            .with_context(allowed_company_ids=[self.company_a.id, self.company_b.id])
            .read_group(
                domain, ["amount_residual:sum"], ["company_id", "bucket"], lazy=False
            )
        )
        self.assertEqual(
            sorted(
                (g["company_id"][0], g["bucket"], g["amount_residual"]) for g in groups
            ),
            sorted(
                [
                    (self.company_a.id, "31_60", 300.0),
                    (self.company_b.id, "1_30", 700.0),
                ]
            ),
        )
        # collected vs planned: promises of each company
        with freeze_time("2026-03-01"):
            invoice_b = self._invoice_b(200.0, DUE)
        self._run("2026-04-10")
        plan_b = self._plan(invoice_b)
        self.assertEqual(plan_b.company_id, self.company_b)
        with freeze_time("2026-04-10"):
            plan_b._tz_promise(date(2026, 4, 20), 200.0)
        Month = self.env["tz.collection.month.report"]
        self.assertFalse(
            Month.with_user(self.users["manager_a"])
            .with_company(self.company_a)
            .with_context(allowed_company_ids=[self.company_a.id])
            .search([("plan_id", "=", plan_b.id)])
        )
        self.assertTrue(
            Month.with_user(self.users["manager_b"]).search(
                [("plan_id", "=", plan_b.id)]
            )
        )

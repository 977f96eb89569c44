from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MANAGER_GROUPS, SALESPERSON_GROUPS, TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(TzCrmExtCommon):
    """Two companies: records, sequences, crons and reports stay apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c1 = cls.env.company
        usd, eur = cls.env.ref("base.USD"), cls.env.ref("base.EUR")
        currency = eur if cls.c1.currency_id == usd else usd
        currency.active = True
        cls.c2 = cls.env["res.company"].create(
            {"name": "天纵深圳分公司", "currency_id": currency.id}
        )

        def user(login, name, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                name=name,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set([c.id for c in companies])],
            )

        cls.seller1 = user("tz_mc_s1", "上海业务员", SALESPERSON_GROUPS, cls.c1)
        cls.seller2 = user("tz_mc_s2", "深圳业务员", SALESPERSON_GROUPS, cls.c2)
        cls.seller2b = user("tz_mc_s2b", "深圳业务员二", SALESPERSON_GROUPS, cls.c2)
        cls.manager1 = user("tz_mc_m1", "上海经理", MANAGER_GROUPS, cls.c1)
        cls.manager_all = user(
            "tz_mc_mall", "集团经理", MANAGER_GROUPS, cls.c1 | cls.c2
        )
        Team = cls.env["crm.team"].with_context(tracking_disable=True)
        cls.team1 = Team.create({"name": "上海组", "company_id": cls.c1.id})
        cls.team2 = Team.create({"name": "深圳组", "company_id": cls.c2.id})
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.team1.id, "user_id": cls.seller1.id},
                {"crm_team_id": cls.team2.id, "user_id": cls.seller2.id},
            ]
        )
        cls.cust1 = cls._customer(
            "上海客户", user=cls.seller1, grade=cls.grade_b, company_id=cls.c1.id
        )
        cls.cust2 = cls._customer(
            "深圳客户", user=cls.seller2, grade=cls.grade_b, company_id=cls.c2.id
        )
        Interaction = cls.env["tz.customer.interaction"]
        cls.int1 = Interaction.create(
            {"name": "上海拜访", "partner_id": cls.cust1.id, "user_id": cls.seller1.id}
        )
        cls.int2 = Interaction.create(
            {
                "name": "深圳拜访",
                "partner_id": cls.cust2.id,
                "user_id": cls.seller2.id,
                "company_id": cls.c2.id,
            }
        )

    def test_interactions_stay_apart(self):
        ids = (self.int1 | self.int2).ids
        for user, visible in (
            (self.seller1, self.int1),
            (self.seller2, self.int2),
            (self.manager1, self.int1),
        ):
            Interaction = self.env["tz.customer.interaction"].with_user(user)
            self.assertEqual(Interaction.search([("id", "in", ids)]), visible)
            groups = Interaction.read_group(
                [("id", "in", ids)], ["company_id"], ["company_id"]
            )
            self.assertEqual(
                [g["company_id"][0] for g in groups], visible.company_id.ids
            )
        with self.assertRaises(AccessError):
            self.int2.with_user(self.manager1).read(["content"])
        # a manager of both companies sees the companies he works in
        Interaction = self.env["tz.customer.interaction"].with_user(self.manager_all)
        only_c1 = Interaction.with_context(allowed_company_ids=self.c1.ids)
        self.assertEqual(only_c1.search([("id", "in", ids)]), self.int1)
        both = Interaction.with_context(allowed_company_ids=(self.c1 | self.c2).ids)
        self.assertEqual(both.search([("id", "in", ids)]), self.int1 | self.int2)
        # no interaction of one company on the customer of another
        with self.assertRaises(AccessError):
            self.env["tz.customer.interaction"].with_user(self.seller1).create(
                {"name": "串公司", "partner_id": self.cust2.id}
            )
        with self.assertRefused():
            both.create(
                {
                    "name": "串公司",
                    "partner_id": self.cust2.id,
                    "company_id": self.c1.id,
                }
            )

    def test_assignment_rules_stay_apart(self):
        rule2 = self.env["tz.assignment.rule"].create(
            {
                "name": "深圳规则",
                "sequence": 70,
                "company_id": self.c2.id,
                "team_id": self.team2.id,
                "apply_on_create": False,
            }
        )
        self.assertFalse(
            self.env["tz.assignment.rule"]
            .with_user(self.manager1)
            .search([("id", "=", rule2.id)])
        )
        lead1 = self._new_leads(1, company_id=self.c1.id)
        lead2 = self._new_leads(1, company_id=self.c2.id)
        rule2._assign_leads(lead1 | lead2)
        self.assertFalse(lead1.user_id)
        self.assertEqual(lead2.user_id, self.seller2)
        # a rule of one company cannot target the team of another
        with self.assertRefused():
            self.env["tz.assignment.rule"].with_user(self.manager_all).create(
                {
                    "name": "串公司规则",
                    "sequence": 71,
                    "company_id": self.c1.id,
                    "team_id": self.team2.id,
                }
            )

    def test_handover_sequences_and_scope(self):
        self.env["ir.sequence"].create(
            {
                "name": "深圳交接",
                "code": "tz.customer.handover",
                "prefix": "SZHO/",
                "padding": 3,
                "company_id": self.c2.id,
            }
        )
        # the leaving salesperson also holds a customer of the other company
        stray = self._customer("上海散客", user=self.seller2, company_id=self.c1.id)
        stray_call = stray.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.seller2.id
        )
        own_call = self.cust2.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.seller2.id
        )
        Wizard = self.env["tz.customer.handover.wizard"].with_user(self.manager_all)
        wizard2 = Wizard.with_context(
            allowed_company_ids=(self.c2 | self.c1).ids
        ).create(
            {
                "company_id": self.c2.id,
                "from_user_id": self.seller2.id,
                "to_user_id": self.seller2b.id,
            }
        )
        handover2 = self.env["tz.customer.handover"].browse(
            wizard2.action_handover()["res_id"]
        )
        self.assertTrue(handover2.name.startswith("SZHO/"), handover2.name)
        self.assertEqual(handover2.company_id, self.c2)
        self.assertEqual(handover2.partner_ids, self.cust2)
        self.assertEqual(self.cust2.user_id, self.seller2b)
        self.assertEqual(stray.user_id, self.seller2)
        self.assertEqual(own_call.user_id, self.seller2b)
        self.assertEqual(stray_call.user_id, self.seller2)
        wizard1 = Wizard.create(
            {
                "company_id": self.c1.id,
                "from_user_id": self.seller1.id,
                "to_user_id": self.manager1.id,
            }
        )
        handover1 = self.env["tz.customer.handover"].browse(
            wizard1.action_handover()["res_id"]
        )
        self.assertTrue(handover1.name.startswith("HO/"), handover1.name)
        self.assertEqual(handover1.partner_ids, self.cust1)
        self.assertEqual(
            self.env["tz.customer.handover"]
            .with_user(self.manager1)
            .search([("id", "in", (handover1 | handover2).ids)]),
            handover1,
        )

    def test_visit_cycle_cron_uses_each_company_settings(self):
        self.c1.tz_visit_use_workdays = False
        self.c2.tz_visit_use_workdays = True
        (self.cust1 | self.cust2).write({"tz_visit_interval_override": 5})
        # Friday 2025-03-07, noon in Shanghai: 5 calendar days -> Wednesday,
        # 5 working days -> next Friday
        self.int1.date = datetime(2025, 3, 7, 4, 0)
        self.int2.date = datetime(2025, 3, 7, 4, 0)
        self.env["res.partner"]._tz_recompute_visit_cycle()
        self.assertEqual(self.cust1.tz_next_visit_date, date(2025, 3, 12))
        self.assertEqual(self.cust2.tz_next_visit_date, date(2025, 3, 14))
        # the cron runs in the first company and handles both
        self.env["res.partner"].with_company(self.c1)._cron_tz_visit_cycle()
        overdue_type = self.env.ref("tz_crm_ext.mail_activity_type_visit_overdue")
        Activity = self.env["mail.activity"]
        for customer, seller in (
            (self.cust1, self.seller1),
            (self.cust2, self.seller2),
        ):
            activity = Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", customer.id),
                    ("activity_type_id", "=", overdue_type.id),
                ]
            )
            self.assertEqual(activity.user_id, seller)
        self.assertEqual(
            Activity.with_user(self.seller1)
            .search([("activity_type_id", "=", overdue_type.id)])
            .mapped("res_id"),
            self.cust1.ids,
        )
        # the overdue report of each company
        for user, customer in ((self.manager1, self.cust1), (self.seller2, self.cust2)):
            groups = (
                self.env["res.partner"]
                .with_user(user)
                .read_group(
                    [
                        ("tz_visit_overdue", "=", True),
                        ("id", "in", (self.cust1 | self.cust2).ids),
                    ],
                    ["user_id"],
                    ["user_id"],
                )
            )
            self.assertEqual([g["user_id"][0] for g in groups], customer.user_id.ids)

    def test_customer_value_cron_keeps_companies_apart(self):
        shared = self._customer("两地共享客户", user=self.manager_all)
        Lead = self.env["crm.lead"].with_context(tz_no_auto_assign=True)
        Lead.create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "expected_revenue": revenue,
                    "probability": 50,
                    "user_id": False,
                }
                for name, partner, company, revenue in (
                    ("上海商机", self.cust1, self.c1, 100_000),
                    ("深圳商机", self.cust2, self.c2, 300_000),
                    ("共享上海", shared, self.c1, 40_000),
                    ("共享深圳", shared, self.c2, 900_000),
                )
            ]
        )
        self.c1.tz_value_potential_ref = 500_000.0
        self.c2.tz_value_potential_ref = 1_000_000_000_000.0
        self.env["res.partner"].with_company(self.c1)._cron_tz_customer_value()
        self.assertAlmostEqual(self.cust1.tz_value_potential, 50_000)
        self.assertAlmostEqual(self.cust2.tz_value_potential, 150_000)
        # a customer shared by both companies is valued in the cron's company
        self.assertAlmostEqual(shared.tz_value_potential, 20_000)
        # each company's own reference: 150,000 of 10^12 weighs less
        self.assertGreater(self.cust1.tz_value_score, self.cust2.tz_value_score)
        # the value report of each company
        for user, customer in ((self.manager1, self.cust1), (self.seller2, self.cust2)):
            groups = (
                self.env["res.partner"]
                .with_user(user)
                .read_group(
                    [("id", "in", (self.cust1 | self.cust2).ids)],
                    ["tz_value_potential:sum"],
                    ["user_id"],
                )
            )
            self.assertEqual(len(groups), 1)
            self.assertAlmostEqual(
                groups[0]["tz_value_potential"], customer.tz_value_potential
            )
        # figures in the currency of the customer's company
        self.assertEqual(self.cust2.tz_value_currency_id, self.c2.currency_id)
        self.assertEqual(self.cust1.tz_value_currency_id, self.c1.currency_id)

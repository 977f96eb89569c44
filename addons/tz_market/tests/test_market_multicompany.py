from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketMultiCompany(TzMarketCommon):
    """Two companies: records, crons and reports of one stay out of the
    other (the module has no sequences: plan codes are typed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "天纵华南分公司"})
        company_b = {"company_id": cls.company_b.id, "company_ids": cls.company_b.ids}
        cls.manager_b = new_test_user(
            cls.env,
            login="tzm_manager_b",
            name="华南市场经理",
            groups="base.group_user,tz_market.group_tz_market_manager",
            **company_b,
        )
        cls.user_b = new_test_user(
            cls.env,
            login="tzm_user_b",
            name="华南销售员",
            groups="base.group_user,tz_market.group_tz_market_user",
            **company_b,
        )
        env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=company_b["company_ids"])
        )
        cls.plan_b = env_b["tz.market.plan"].create(
            {
                "name": "华南分公司计划",
                "date_from": date(2030, 1, 1),
                "date_to": date(2030, 12, 31),
                "user_id": cls.manager_b.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.project_b = env_b["tz.market.project"].create(
            {
                "name": "珠三角项目",
                "plan_id": cls.plan_b.id,
                "user_id": cls.user_b.id,
                "date_start": date(2030, 2, 1),
                "date_end": date(2030, 6, 30),
                "company_id": cls.company_b.id,
            }
        )
        cls.activity_b = env_b["tz.market.activity"].create(
            {
                "name": "广交会",
                "project_id": cls.project_b.id,
                "date_start": datetime(2030, 4, 15, 1, 0),
                "date_end": datetime(2030, 4, 15, 9, 0),
                "user_id": cls.user_b.id,
                "cost": 5_000,
            }
        )
        Info = cls.env["tz.market.info"]
        cls.info_a, cls.info_b = Info.create(
            [
                {"name": "总部信息", "content": "<p>a</p>", "state": "verified"},
                {
                    "name": "分公司信息",
                    "content": "<p>b</p>",
                    "state": "verified",
                    "company_id": cls.company_b.id,
                },
            ]
        )
        Competitor = cls.env["tz.competitor"]
        cls.competitor_a, cls.competitor_b, cls.competitor_shared = Competitor.create(
            [
                {"name": "总部对手"},
                {"name": "分公司对手", "company_id": cls.company_b.id},
                {"name": "全国对手", "company_id": False},
            ]
        )
        cls.industry = cls.env["res.partner.industry"].create({"name": "模具 (test)"})
        Segment = cls.env["tz.market.segment"]
        segment = {"region_id": cls.region_east.id, "industry_id": cls.industry.id}
        cls.segment_a, cls.segment_b = Segment.create(
            [
                {"name": "华东模具（总部）", **segment},
                {
                    "name": "华东模具（分公司）",
                    **segment,
                    "company_id": cls.company_b.id,
                },
            ]
        )
        cls.records_a = [
            cls.plan,
            cls.project,
            cls.activity,
            cls.info_a,
            cls.competitor_a,
            cls.segment_a,
        ]
        cls.records_b = [
            cls.plan_b,
            cls.project_b,
            cls.activity_b,
            cls.info_b,
            cls.competitor_b,
            cls.segment_b,
        ]

    def test_records_stay_apart(self):
        self.assertEqual(self.activity_b.company_id, self.company_b)
        for user, own, other in (
            (self.manager, self.records_a, self.records_b),
            (self.user1, self.records_a, self.records_b),
            (self.manager_b, self.records_b, self.records_a),
            (self.user_b, self.records_b, self.records_a),
        ):
            for mine, theirs in zip(own, other, strict=True):
                with self.subTest(user=user.login, model=mine._name):
                    Model = self.env[mine._name].with_user(user)
                    found = Model.search([("id", "in", (mine | theirs).ids)])
                    self.assertEqual(found, mine)
                    groups = Model.read_group(
                        [("id", "in", (mine | theirs).ids)],
                        ["company_id"],
                        ["company_id"],
                    )
                    self.assertEqual(
                        [g["company_id"][0] for g in groups], mine.company_id.ids
                    )
                    with self.assertRaises(AccessError):
                        theirs.with_user(user).read(["name"])
            # shared competitors are seen by both
            self.assertTrue(self.competitor_shared.with_user(user).name)

    def test_cross_company_links_refused(self):
        with self.assertRaises(UserError):
            self.env["tz.market.project"].with_user(self.manager).create(
                {
                    "name": "跨公司项目",
                    "plan_id": self.plan_b.id,
                    "date_start": date(2030, 2, 1),
                    "date_end": date(2030, 3, 1),
                }
            )
        # leads of an activity belong to its company
        leads = self.activity_b.with_user(self.user_b).create_leads(
            [{"name": "佛山家电 询价"}]
        )
        self.assertEqual(leads.company_id, self.company_b)
        self.assertEqual(self.plan_b.with_user(self.manager_b).lead_count, 1)
        self.assertEqual(self.plan.with_user(self.manager).lead_count, 0)
        self.assertEqual(self.plan_b.with_user(self.manager_b).rollup_cost, 5_000)

    def test_reports_stay_apart(self):
        Report = self.env["ir.actions.report"]
        with self.assertRaises(AccessError):
            Report.with_user(self.manager)._render_qweb_html(
                "tz_market.report_tz_market_plan", self.plan_b.ids
            )
        html, _fmt = Report.with_user(self.manager_b)._render_qweb_html(
            "tz_market.report_tz_market_plan", self.plan_b.ids
        )
        html = html.decode()
        self.assertIn("珠三角项目", html)
        self.assertNotIn(self.project.name, html)
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.manager)._get_rollup_xlsx()

    def test_snapshot_cron_keeps_companies_apart(self):
        first_of_month = fields.Date.context_today(self.segment_a).replace(day=1)
        order_date = datetime.combine(
            first_of_month - timedelta(days=10), datetime.min.time()
        ) + timedelta(hours=3)
        partner = self._partner("上海华通模具有限公司", industry=self.industry)
        self._order(partner, 100_000, order_date=order_date)
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_b.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "price_unit": 70_000,
                                "tax_id": [(5,)],
                            },
                        )
                    ],
                }
            )
        )
        order_b.action_confirm()
        order_b.date_order = order_date
        self.env.ref(
            "tz_market.ir_cron_tz_market_segment_snapshot"
        ).method_direct_trigger()
        Snapshot = self.env["tz.market.segment.snapshot"]
        snap_a = Snapshot.search([("segment_id", "=", self.segment_a.id)])
        snap_b = Snapshot.search([("segment_id", "=", self.segment_b.id)])
        self.assertEqual(len(snap_a), 1)
        self.assertEqual(len(snap_b), 1)
        self.assertEqual(snap_a.our_sales, 100_000)
        self.assertEqual(snap_b.our_sales, 70_000)
        self.assertEqual(snap_a.company_id, self.company)
        self.assertEqual(snap_b.company_id, self.company_b)
        both = (snap_a | snap_b).ids
        self.assertEqual(
            Snapshot.with_user(self.manager).search([("id", "in", both)]), snap_a
        )
        self.assertEqual(
            Snapshot.with_user(self.user_b).search([("id", "in", both)]), snap_b
        )

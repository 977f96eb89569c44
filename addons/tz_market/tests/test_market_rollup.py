from datetime import date, datetime

from odoo import fields
from odoo.tests import Form, tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketRollup(TzMarketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Activity = cls.env["tz.market.activity"]
        cls.activity2 = Activity.create(
            {
                "name": "苏州客户拜访",
                "project_id": cls.project.id,
                "activity_type": "visit",
                "date_start": datetime(2030, 4, 2, 1, 0),
                "date_end": datetime(2030, 4, 2, 5, 0),
                "user_id": cls.user1.id,
                "cost": 5_000,
            }
        )
        cls.project2 = cls.env["tz.market.project"].create(
            {
                "name": "珠三角渠道拓展",
                "plan_id": cls.plan.id,
                "region_id": cls.env.ref("tz_market.region_cn_south").id,
                "user_id": cls.user2.id,
                "date_start": date(2030, 5, 1),
                "date_end": date(2030, 9, 30),
                "budget": 40_000,
            }
        )
        cls.activity3 = Activity.create(
            {
                "name": "广州技术研讨会",
                "project_id": cls.project2.id,
                "activity_type": "seminar",
                "date_start": datetime(2030, 6, 3, 6, 0),
                "date_end": datetime(2030, 6, 3, 9, 0),
                "user_id": cls.user2.id,
                "cost": 10_000,
            }
        )
        cls.activity4 = Activity.create(
            {
                "name": "取消的电话营销",
                "project_id": cls.project2.id,
                "activity_type": "telemarketing",
                "date_start": datetime(2030, 6, 10, 1, 0),
                "date_end": datetime(2030, 6, 10, 9, 0),
                "user_id": cls.user2.id,
                "cost": 99_999,
            }
        )
        cls.activity4.action_cancel()
        cls.partner1 = cls._partner("上海锦程汽车配件有限公司")
        cls.partner2 = cls._partner("苏州恒通机械有限公司", "base.state_cn_JS")

    def _build_chain(self):
        # two leads quick-created from the activity by its responsible
        action = self.activity.with_user(self.user1).action_open_lead_wizard()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.user1)
            .with_context(**action["context"])
        )
        wizard_form.lead_type = "lead"
        with wizard_form.line_ids.new() as line:
            line.name = "嘉兴华通汽配 自动化改造"
            line.partner_name = "嘉兴华通汽配有限公司"
            line.contact_name = "陈工"
        with wizard_form.line_ids.new() as line:
            line.name = "宁波甬兴模具 询价"
            line.expected_revenue = 120_000
        wizard_form.save().action_create_leads()
        opp1 = self.activity.create_leads(
            [
                {
                    "name": "锦程二厂加工中心",
                    "type": "opportunity",
                    "partner_id": self.partner1.id,
                    "expected_revenue": 200_000,
                }
            ]
        )
        opp1.action_set_won()
        self._order(self.partner1, 200_000, opp1)
        opp2 = self.activity2.create_leads(
            [
                {
                    "name": "恒通产线升级",
                    "type": "opportunity",
                    "partner_id": self.partner2.id,
                }
            ]
        )
        opp2.action_set_won()
        self._order(self.partner2, 300_000, opp2)
        self._order(self.partner2, 50_000, opp2, confirm=False)  # quotation only
        cancelled = self._order(self.partner2, 70_000, opp2)
        cancelled._action_cancel()
        opp3 = self.activity3.create_leads(
            [{"name": "华南电子检测设备", "type": "opportunity"}]
        )
        opp3.action_set_lost()
        self.env.invalidate_all()
        return opp1, opp2, opp3

    def test_leads_are_linked_with_utm(self):
        opp1, opp2, _opp3 = self._build_chain()
        leads = self.activity.lead_ids.with_context(active_test=False)
        self.assertEqual(len(leads), 3)
        self.assertEqual(leads.campaign_id, self.plan.campaign_id)
        self.assertEqual(leads.source_id, self.activity.source_id)
        self.assertTrue(self.plan.campaign_id)
        self.assertEqual(self.plan.campaign_id.name, self.plan.name)
        self.assertEqual(opp1.tz_market_project_id, self.project)
        self.assertEqual(opp1.tz_market_plan_id, self.plan)
        order = opp2.order_ids.filtered(lambda o: o.state == "sale")
        self.assertEqual(order.tz_market_activity_id, self.activity2)
        self.assertEqual(order.tz_market_plan_id, self.plan)

    def test_rollups_at_three_levels(self):
        self._build_chain()
        a1 = self.activity
        self.assertEqual(
            (a1.lead_count, a1.opportunity_count, a1.won_count, a1.lost_count),
            (3, 1, 1, 0),
        )
        self.assertEqual(a1.customer_count, 1)
        self.assertAlmostEqual(a1.won_revenue, 200_000)
        self.assertAlmostEqual(a1.rollup_cost, 20_000)
        self.assertAlmostEqual(a1.cost_per_lead, 20_000 / 3, places=2)
        self.assertAlmostEqual(a1.roi, 900.0)
        self.assertAlmostEqual(self.activity2.won_revenue, 300_000)
        self.assertEqual(self.activity2.order_count, 1)
        self.assertAlmostEqual(self.activity4.rollup_cost, 0.0)

        p1 = self.project
        self.assertEqual(
            (p1.lead_count, p1.opportunity_count, p1.won_count, p1.lost_count),
            (4, 2, 2, 0),
        )
        self.assertEqual(p1.customer_count, 2)
        self.assertAlmostEqual(p1.won_revenue, 500_000)
        self.assertAlmostEqual(p1.rollup_cost, 25_000)
        self.assertAlmostEqual(p1.revenue_progress, 100.0)
        self.assertAlmostEqual(p1.budget_usage, 25_000 / 60_000 * 100)
        p2 = self.project2
        self.assertEqual((p2.lead_count, p2.won_count, p2.lost_count), (1, 0, 1))
        self.assertAlmostEqual(p2.rollup_cost, 10_000)  # cancelled one excluded
        self.assertAlmostEqual(p2.roi, -100.0)

        plan = self.plan
        self.assertEqual(
            (plan.lead_count, plan.opportunity_count, plan.won_count, plan.lost_count),
            (5, 3, 2, 1),
        )
        self.assertEqual(plan.customer_count, 2)
        self.assertEqual(plan.order_count, 2)
        self.assertAlmostEqual(plan.won_revenue, 500_000)
        self.assertAlmostEqual(plan.rollup_cost, 35_000)
        self.assertAlmostEqual(plan.cost_per_lead, 7_000)
        self.assertAlmostEqual(plan.roi, (500_000 - 35_000) / 35_000 * 100)
        self.assertAlmostEqual(plan.revenue_progress, 50.0)
        self.assertAlmostEqual(plan.lead_progress, 50.0)
        self.assertAlmostEqual(plan.customer_progress, 50.0)
        self.assertAlmostEqual(plan.budget_usage, 35.0)
        self.assertEqual(plan.project_count, 2)
        self.assertEqual(plan.market_activity_count, 4)

    def test_rollup_query_count_is_fixed(self):
        """Reading roll-ups costs the same number of queries for 2 or 4 records."""
        self._build_chain()
        activities = self.activity | self.activity2 | self.activity3 | self.activity4

        def count_queries(records):
            self.env.invalidate_all()
            records = records.browse(records.ids)
            start = self.env.cr.sql_log_count
            records.mapped("won_revenue")
            return self.env.cr.sql_log_count - start

        few = count_queries(activities[:2])
        many = count_queries(activities)
        self.assertEqual(few, many)
        self.assertLessEqual(many, 10)

    def test_drilldown_actions(self):
        self._build_chain()
        action = self.plan.action_view_rollup_leads()
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search(action["domain"])
        )
        self.assertEqual(len(leads), 5)
        orders = self.env["sale.order"].search(
            self.project.action_view_rollup_orders()["domain"]
        )
        self.assertEqual(len(orders), 2)

    def test_foreign_currency_orders_are_converted(self):
        company_currency = self.company.currency_id
        foreign = self.env.ref("base.EUR")
        if foreign == company_currency:
            foreign = self.env.ref("base.USD")
        foreign.active = True
        today = fields.Date.context_today(self.plan)
        Rate = self.env["res.currency.rate"]
        for currency, rate in ((company_currency, 1.0), (foreign, 0.5)):
            Rate.search(
                [
                    ("currency_id", "=", currency.id),
                    ("company_id", "in", (False, self.company.id)),
                    ("name", "=", today),
                ]
            ).unlink()
            Rate.create(
                {
                    "currency_id": currency.id,
                    "rate": rate,
                    "name": today,
                    "company_id": self.company.id,
                }
            )
        pricelist = self.env["product.pricelist"].create(
            {"name": "外币价目表", "currency_id": foreign.id}
        )
        opp = self.activity.create_leads(
            [
                {
                    "name": "外币订单",
                    "type": "opportunity",
                    "partner_id": self.partner1.id,
                }
            ]
        )
        opp.action_set_won()
        order = self._order(self.partner1, 1_000, opp, confirm=False)
        order.pricelist_id = pricelist
        order.action_confirm()
        self.assertEqual(order.currency_id, foreign)
        self.env.invalidate_all()
        # 1,000 in the foreign currency at 0.5 per company unit = 2,000
        self.assertAlmostEqual(self.activity.won_revenue, 2_000)
        self.assertAlmostEqual(self.plan.won_revenue, 2_000)

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMarketTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tour user and the test agree on today's date (China's time zone)
        cls.env = cls.env(context=dict(cls.env.context, tz="Asia/Shanghai"))
        cls.user = new_test_user(
            cls.env,
            login="tzm_tour",
            name="Tour User",
            groups="base.group_user,tz_market.group_tz_market_user",
        )
        today = fields.Date.context_today(cls.env.user)
        cls.plan = cls.env["tz.market.plan"].create(
            {
                "name": "TourPlan",
                "date_from": today - timedelta(days=60),
                "date_to": today + timedelta(days=60),
            }
        )
        cls.project = cls.env["tz.market.project"].create(
            {
                "name": "TourProject",
                "plan_id": cls.plan.id,
                "user_id": cls.user.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=30),
            }
        )

    def test_activity_leads_tour(self):
        self.start_tour(
            f"/odoo/action-tz_market.action_tz_market_project/{self.project.id}",
            "tz_market_activity_leads_tour",
            login="tzm_tour",
        )
        activity = self.project.market_activity_ids
        self.assertEqual(activity.name, "杭州客户交流会")
        self.assertEqual(len(activity.lead_ids), 2)
        self.assertEqual(activity.lead_ids.campaign_id, self.plan.campaign_id)
        self.assertEqual(self.project.lead_count, 2)
        self.assertEqual(len(activity.calendar_event_ids), 1)

    def test_manager_verifies_information_tour(self):
        """A market manager (not admin) verifies an item in the browser."""
        new_test_user(
            self.env,
            login="tzm_tour_manager",
            name="Tour Manager",
            groups="base.group_user,tz_market.group_tz_market_manager",
        )
        info = self.env["tz.market.info"].create(
            {
                "name": "TourInfo",
                "content": "<p>华南新建三家工厂</p>",
                "user_id": self.user.id,
            }
        )
        info.with_user(self.user).action_submit()
        self.start_tour(
            "/odoo/action-tz_market.action_tz_market_info_to_verify",
            "tz_market_info_verify_tour",
            login="tzm_tour_manager",
        )
        self.assertEqual(info.state, "verified")
        self.assertEqual(info.verified_by_id.login, "tzm_tour_manager")
        self.assertEqual(info.verify_note, "电话确认属实")

    def test_xlsx_export_route(self):
        self.authenticate("tzm_tour", "tzm_tour")
        response = self.url_open(f"/tz_market/plan/{self.plan.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertEqual(response.content[:2], b"PK")

    def test_xlsx_export_route_other_company(self):
        company_b = self.env["res.company"].create({"name": "天纵华南分公司"})
        plan_b = self.env["tz.market.plan"].create(
            {
                "name": "分公司计划",
                "date_from": fields.Date.context_today(self.env.user),
                "date_to": fields.Date.context_today(self.env.user),
                "company_id": company_b.id,
            }
        )
        self.authenticate("tzm_tour", "tzm_tour")
        response = self.url_open(f"/tz_market/plan/{plan_b.id}/xlsx")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("spreadsheetml", response.headers.get("Content-Type", ""))

    def test_views_render(self):
        """Every main view of the app renders in the browser without error."""
        self.project.market_activity_ids.create(
            {
                "name": "冒烟测试活动",
                "project_id": self.project.id,
                "date_start": fields.Datetime.now(),
            }
        )
        self.env["tz.market.segment"].create({"name": "华东 · 冒烟测试"})
        competitor = self.env["tz.competitor"].create({"name": "冒烟测试对手"})
        info = self.env["tz.market.info"].create(
            {"name": "冒烟测试信息", "content": "<p>内容</p>"}
        )
        pages = [
            "tz_market.action_tz_market_plan",
            f"tz_market.action_tz_market_plan/{self.plan.id}",
            "tz_market.action_tz_market_plan?view_type=list",
            "tz_market.action_tz_market_plan?view_type=pivot",
            "tz_market.action_tz_market_project?view_type=graph",
            "tz_market.action_tz_market_activity",
            "tz_market.action_tz_market_activity?view_type=kanban",
            "tz_market.action_tz_market_activity?view_type=calendar",
            "tz_market.action_tz_market_info?view_type=kanban",
            f"tz_market.action_tz_market_info/{info.id}",
            "tz_market.action_tz_competitor",
            f"tz_market.action_tz_competitor/{competitor.id}",
            "tz_market.action_tz_market_segment",
            "tz_market.action_tz_market_segment_snapshot",
            "tz_market.action_tz_market_lead_analysis",
            "tz_market.action_tz_competitor_analysis",
            "tz_market.action_tz_market_sale_analysis",
        ]
        for page in pages:
            with self.subTest(page=page):
                self.start_tour(
                    f"/odoo/action-{page}", "tz_market_view_smoke_tour", login="admin"
                )

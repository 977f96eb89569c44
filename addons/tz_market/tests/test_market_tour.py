from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMarketTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tzm_tour",
            name="Tour User",
            groups="base.group_user,tz_market.group_tz_market_user",
        )
        today = fields.Date.today()
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

    def test_xlsx_export_route(self):
        self.authenticate("tzm_tour", "tzm_tour")
        response = self.url_open(f"/tz_market/plan/{self.plan.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertEqual(response.content[:2], b"PK")

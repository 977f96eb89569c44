from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketConstraints(TzMarketCommon):
    def test_project_outside_plan(self):
        with self.assertRaises(ValidationError):
            self.env["tz.market.project"].create(
                {
                    "name": "越界项目",
                    "plan_id": self.plan.id,
                    "date_start": date(2029, 12, 1),
                    "date_end": date(2030, 3, 1),
                }
            )
        with self.assertRaises(ValidationError):
            self.project.date_end = date(2031, 1, 15)
        self.assertEqual(self.project.date_end, date(2030, 6, 30))
        # shrinking the plan below its projects is refused too
        with self.assertRaises(ValidationError):
            self.plan.date_to = date(2030, 5, 1)

    def test_activity_outside_project(self):
        with self.assertRaises(ValidationError):
            self.env["tz.market.activity"].create(
                {
                    "name": "越界活动",
                    "project_id": self.project.id,
                    "date_start": datetime(2030, 7, 5, 2, 0),
                    "date_end": datetime(2030, 7, 5, 4, 0),
                }
            )
        with self.assertRaises(ValidationError):
            self.activity.date_end = datetime(2030, 3, 9, 0, 0)  # before start
        with self.assertRaises(ValidationError):
            self.project.date_end = date(2030, 3, 11)  # activity ends on 12th

    def test_negative_amounts(self):
        with self.assertRaises(ValidationError):
            self.activity.cost = -1
        with self.assertRaises(ValidationError):
            self.project.budget = -100
        with self.assertRaises(ValidationError):
            self.plan.budget = -100
        with self.assertRaises(ValidationError):
            self.plan.target_revenue = -5
        self.assertEqual(self.activity.cost, 20_000)

    def test_plan_dates_and_state_flow(self):
        with self.assertRaises(ValidationError):
            self.env["tz.market.plan"].create(
                {
                    "name": "倒挂计划",
                    "date_from": date(2030, 5, 1),
                    "date_to": date(2030, 4, 1),
                }
            )
        with self.assertRaises(UserError):
            self.plan.action_done()
        self.plan.action_approve()
        self.plan.action_run()
        self.assertEqual(self.plan.state, "running")
        with self.assertRaises(UserError):
            self.plan.unlink()

    def test_cannot_delete_activity_with_leads(self):
        self.activity.create_leads([{"name": "展会线索"}])
        with self.assertRaises(UserError):
            self.activity.unlink()
        with self.assertRaises(UserError):
            self.project.unlink()

    def test_lead_wizard_bad_input(self):
        wizard = self.env["tz.market.lead.wizard"].create(
            {"activity_id": self.activity.id}
        )
        with self.assertRaises(UserError):
            wizard.action_create_leads()
        wizard.line_ids = [(0, 0, {"name": "负数线索", "expected_revenue": -10})]
        with self.assertRaises(UserError):
            wizard.action_create_leads()
        self.assertFalse(self.activity.lead_ids)
        self.activity.action_cancel()
        with self.assertRaises(UserError):
            self.activity.action_open_lead_wizard()

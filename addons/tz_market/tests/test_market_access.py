from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketAccess(TzMarketCommon):
    def test_users_read_all_but_edit_their_own(self):
        other = self.env["tz.market.activity"].create(
            {
                "name": "李强的客户拜访",
                "project_id": self.project.id,
                "date_start": datetime(2030, 4, 1, 1, 0),
                "date_end": datetime(2030, 4, 1, 3, 0),
                "user_id": self.user1.id,
            }
        )
        # user2 reads everything
        self.assertEqual(other.with_user(self.user2).name, "李强的客户拜访")
        self.assertEqual(self.plan.with_user(self.user2).name, self.plan.name)
        # ... but only edits where responsible or participant
        with self.assertRaises(AccessError):
            other.with_user(self.user2).write({"location": "苏州"})
        self.activity.with_user(self.user2).write({"result_note": "收集名片 30 张"})
        other.with_user(self.user1).write({"location": "苏州工业园区"})
        # project: manager and members edit, others do not
        self.project.with_user(self.user1).write({"budget": 70_000})
        with self.assertRaises(AccessError):
            self.project.with_user(self.user2).write({"budget": 1})
        # plan: owner (the market manager here) only
        with self.assertRaises(AccessError):
            self.plan.with_user(self.user1).write({"budget": 1})
        self.plan.with_user(self.manager).write({"budget": 120_000})

    def test_only_managers_approve_plans(self):
        plan = (
            self.env["tz.market.plan"]
            .with_user(self.user1)
            .create(
                {
                    "name": "李强的计划",
                    "date_from": date(2030, 1, 1),
                    "date_to": date(2030, 6, 30),
                }
            )
        )
        self.assertEqual(plan.user_id, self.user1)
        with self.assertRaises(AccessError):
            plan.action_approve()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        plan.action_run()
        self.assertEqual(plan.state, "running")

    def test_users_cannot_delete_history(self):
        with self.assertRaises(AccessError):
            self.activity.with_user(self.user1).unlink()
        with self.assertRaises(AccessError):
            self.project.with_user(self.user1).unlink()

    def test_sales_users_read_only(self):
        plan = self.plan.with_user(self.salesman)
        self.assertEqual(plan.name, "2030年华东市场开发计划")
        self.assertEqual(plan.lead_count, 0)
        with self.assertRaises(AccessError):
            plan.write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["tz.market.plan"].with_user(self.salesman).create(
                {
                    "name": "x",
                    "date_from": date(2030, 1, 1),
                    "date_to": date(2030, 2, 1),
                }
            )
        with self.assertRaises(AccessError):
            self.env["tz.market.info"].with_user(self.salesman).create(
                {"name": "x", "content": "<p>y</p>"}
            )

    def test_user_creates_own_activity_but_not_for_others_projects(self):
        Activity = self.env["tz.market.activity"].with_user(self.user2)
        project2 = self.env["tz.market.project"].create(
            {
                "name": "王芳的项目",
                "plan_id": self.plan.id,
                "user_id": self.manager.id,
                "date_start": date(2030, 2, 1),
                "date_end": date(2030, 3, 1),
            }
        )
        activity = Activity.create(
            {
                "name": "张伟的电话营销",
                "project_id": project2.id,
                "date_start": datetime(2030, 2, 10, 1, 0),
                "date_end": datetime(2030, 2, 10, 2, 0),
            }
        )
        self.assertEqual(activity.user_id, self.user2)
        with self.assertRaises(AccessError):
            Activity.create(
                {
                    "name": "替别人安排",
                    "project_id": project2.id,
                    "user_id": self.user1.id,
                    "date_start": datetime(2030, 2, 11, 1, 0),
                    "date_end": datetime(2030, 2, 11, 2, 0),
                }
            )

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "天纵华南分公司"})
        plan_b = self.env["tz.market.plan"].create(
            {
                "name": "分公司计划",
                "date_from": date(2030, 1, 1),
                "date_to": date(2030, 12, 31),
                "company_id": company_b.id,
            }
        )
        info_b = self.env["tz.market.info"].create(
            {
                "name": "分公司信息",
                "content": "<p>内容</p>",
                "company_id": company_b.id,
                "state": "verified",
            }
        )
        self.assertNotIn(
            plan_b, self.env["tz.market.plan"].with_user(self.manager).search([])
        )
        self.assertNotIn(
            info_b, self.env["tz.market.info"].with_user(self.user1).search([])
        )
        self.manager.write({"company_ids": [(4, company_b.id)]})
        found = (
            self.env["tz.market.plan"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id, company_b.id])
            .search([])
        )
        self.assertIn(plan_b, found)

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketRoles(TzMarketCommon):
    """Each role's main journey, as that role (exactly its groups, no sudo):
    what it may do works, what it may not do is refused, what it may not see
    is invisible - in forms, x2many edits, copy, import and read_group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Info = cls.env["tz.market.info"]
        cls.verified_info = Info.create(
            {
                "name": "华东汽配行业扩产",
                "content": "<p>三家主机厂宣布扩产。</p>",
                "user_id": cls.user2.id,
            }
        )
        cls.verified_info.action_submit()
        cls.verified_info.with_user(cls.manager).action_verify("已核实")
        cls.draft_info = Info.create(
            {
                "name": "张伟的未核实消息",
                "content": "<p>传闻恒达要降价。</p>",
                "source_channel": "hearsay",
                "user_id": cls.user2.id,
            }
        )

    def _info_counts(self, user):
        groups = (
            self.env["tz.market.info"]
            .with_user(user)
            .read_group(
                [("id", "in", (self.verified_info | self.draft_info).ids)],
                ["state"],
                ["state"],
            )
        )
        return {group["state"]: group["state_count"] for group in groups}

    # ------------------------------------------------------------------
    # salesperson (sales_team.group_sale_salesman): reads, never edits
    # ------------------------------------------------------------------
    def test_salesperson_journey(self):
        user = self.salesman
        Info = self.env["tz.market.info"].with_user(user)
        Plan = self.env["tz.market.plan"].with_user(user)
        # sees the verified library, not the drafts
        found = Info.search([("id", "in", (self.verified_info | self.draft_info).ids)])
        self.assertEqual(found, self.verified_info)
        self.assertEqual(self._info_counts(user), {"verified": 1})
        with self.assertRaises(AccessError):
            self.draft_info.with_user(user).read(["name"])
        # reads plans, projects, activities and their roll-ups
        self.assertEqual(self.plan.with_user(user).project_ids, self.project)
        self.assertEqual(
            self.project.with_user(user).market_activity_ids, self.activity
        )
        self.assertEqual(self.plan.with_user(user).rollup_cost, 20_000)
        self.assertTrue(Plan.read_group([], ["budget:sum"], ["state"]))
        # edits nothing, creates nothing, copies nothing, imports nothing
        with self.assertRaises(AccessError):
            self.verified_info.with_user(user).write({"name": "改写"})
        with self.assertRaises(AccessError):
            Info.create({"name": "销售员的消息", "content": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.verified_info.with_user(user).copy()
        with self.assertRaises(AccessError):
            self.plan.with_user(user).write({"budget": 1})
        with self.assertRaises(AccessError):
            self.activity.with_user(user).action_done()
        with self.assertRaises(AccessError):
            self.plan.with_user(user).copy()
        result = Plan.load(
            ["name", "date_from", "date_to"], [["导入计划", "2030-01-01", "2030-06-30"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(Plan.search_count([("name", "=", "导入计划")]), 0)
        # nor verifies
        with self.assertRaises(AccessError):
            self.draft_info.with_user(user).action_verify("ok")
        with self.assertRaises(AccessError):
            self.env["tz.market.info.verify.wizard"].with_user(user).create(
                {"info_ids": [Command.set(self.draft_info.ids)]}
            )
        self.assertEqual(self.activity.state, "planned")
        self.assertEqual(self.draft_info.state, "draft")

    # ------------------------------------------------------------------
    # market user (tz_market.group_tz_market_user): collects, plans, runs
    # ------------------------------------------------------------------
    def test_market_user_information_journey(self):
        user = self.user1
        Info = self.env["tz.market.info"].with_user(user)
        form = Form(Info)
        form.name = "宁波模具厂更换供应商"
        form.content = "<p>甬兴模具正在比价三家供应商。</p>"
        form.source_channel = "site_visit"
        info = form.save()
        self.assertEqual((info.user_id, info.state), (self.user1, "draft"))
        info.action_submit()
        self.assertEqual(info.state, "to_verify")
        # cannot verify, neither by the action nor by writing
        with self.assertRaises(AccessError):
            info.action_verify("我核实了")
        with self.assertRaises(AccessError):
            info.action_open_verify_wizard()
        with self.assertRaises(UserError):
            info.write({"state": "verified"})
        self.assertEqual(info.state, "to_verify")
        # a colleague's drafts are invisible to him, in search and read_group
        self.assertEqual(self._info_counts(user), {"verified": 1})
        self.assertNotIn(self.draft_info, Info.search([]))
        # copying a verified item gives his own draft
        copy = self.verified_info.with_user(user).copy()
        self.assertEqual((copy.user_id, copy.state), (self.user1, "draft"))
        self.assertFalse(copy.verified_by_id)
        # importing: drafts yes, verified no
        result = Info.load(["name", "content"], [["导入的消息", "<p>内容</p>"]])
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        imported = Info.browse(result["ids"])
        self.assertEqual((imported.user_id, imported.state), (self.user1, "draft"))
        result = Info.load(
            ["name", "content", "state"], [["导入已核实", "<p>内容</p>", "verified"]]
        )
        self.assertFalse(result["ids"])
        self.assertFalse(Info.search([("name", "=", "导入已核实")]))

    def test_market_user_plan_journey(self):
        user = self.user1
        Plan = self.env["tz.market.plan"].with_user(user)
        # he drafts a plan, then adds a project from the plan form
        form = Form(Plan)
        form.name = "2031年华东重点行业开发计划"
        form.date_from = date(2031, 1, 1)
        form.date_to = date(2031, 12, 31)
        form.budget = 50_000
        plan = form.save()
        form = Form(plan)
        with form.project_ids.new() as line:
            line.name = "苏州汽配客户开发"
            line.date_start = date(2031, 3, 1)
            line.date_end = date(2031, 5, 31)
        plan = form.save()
        project = plan.project_ids
        self.assertEqual((plan.user_id, plan.state), (self.user1, "draft"))
        self.assertEqual((project.user_id, project.state), (self.user1, "draft"))
        # he cannot approve it nor start it unapproved
        with self.assertRaises(AccessError):
            plan.action_approve()
        with self.assertRaises(UserError):
            plan.action_run()
        with self.assertRaises(UserError):
            plan.write({"state": "approved"})
        self.assertEqual(plan.state, "draft")
        # the manager approves, he starts it
        plan.with_user(self.manager).action_approve()
        plan.action_run()
        self.assertEqual(plan.state, "running")
        with self.assertRaises(UserError):
            plan.write({"budget": 500_000})
        # he runs the project and its activities, states through the buttons
        project.action_start()
        activity = (
            self.env["tz.market.activity"]
            .with_user(user)
            .create(
                {
                    "name": "苏州客户拜访",
                    "project_id": project.id,
                    "date_start": datetime(2031, 3, 10, 1, 0),
                    "date_end": datetime(2031, 3, 10, 3, 0),
                    "cost": 800,
                }
            )
        )
        leads = activity.create_leads([{"name": "华通汽配 自动化产线"}])
        self.assertEqual(leads.campaign_id, plan.campaign_id)
        project_form = Form(project)
        with project_form.market_activity_ids.edit(0) as line:
            line.state = "done"
        with self.assertRaises(UserError):
            project_form.save()
        self.assertEqual(activity.state, "planned")
        activity.action_done()
        self.assertEqual(activity.state, "done")
        self.env.invalidate_all()
        self.assertEqual(plan.rollup_cost, 800)
        # history is not his to delete
        with self.assertRaises(AccessError):
            project.unlink()
        with self.assertRaises(AccessError):
            activity.unlink()
        with self.assertRaises(AccessError):
            plan.unlink()

    def test_market_user_others_records(self):
        user = self.user2
        # reads everyone's plans, edits only his own
        self.assertEqual(self.plan.with_user(user).name, self.plan.name)
        with self.assertRaises(AccessError):
            self.plan.with_user(user).write({"name": "改名"})
        with self.assertRaises(AccessError):
            self.project.with_user(user).write({"budget": 1})
        with self.assertRaises(AccessError):
            self.project.with_user(user).action_start()
        # nor through a parent he may not edit
        with self.assertRaises(AccessError):
            self.plan.with_user(user).write(
                {"project_ids": [Command.update(self.project.id, {"budget": 1})]}
            )
        self.assertEqual(self.project.budget, 60_000)
        self.assertEqual(self.project.state, "draft")
        # copying someone else's plan gives his own draft plan
        copy = self.plan.with_user(user).copy()
        self.assertEqual((copy.user_id, copy.state), (self.user2, "draft"))
        self.assertFalse(copy.project_ids)
        self.assertNotEqual(copy.campaign_id, self.plan.campaign_id)
        # importing a plan: his own draft; an approved one is refused
        Plan = self.env["tz.market.plan"].with_user(user)
        result = Plan.load(
            ["name", "date_from", "date_to"], [["导入计划", "2031-01-01", "2031-06-30"]]
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        self.assertEqual(Plan.browse(result["ids"]).user_id, self.user2)
        result = Plan.load(
            ["name", "date_from", "date_to", "state"],
            [["导入已批计划", "2031-01-01", "2031-06-30", "approved"]],
        )
        self.assertFalse(result["ids"])
        self.assertFalse(Plan.search([("name", "=", "导入已批计划")]))
        # archives and regions are the managers'; competitor files his too,
        # but he does not delete them
        with self.assertRaises(AccessError):
            self.env["tz.market.segment"].with_user(user).create({"name": "华东档案"})
        with self.assertRaises(AccessError):
            self.region_east.with_user(user).write({"name": "华东区"})
        competitor = (
            self.env["tz.competitor"].with_user(user).create({"name": "恒达精密"})
        )
        competitor.write({"threat_level": "high"})
        with self.assertRaises(AccessError):
            competitor.unlink()
        # read_group over all plans works for him
        groups = Plan.read_group([], ["budget:sum"], ["user_id"])
        self.assertIn(
            self.manager.id, [g["user_id"][0] for g in groups if g["user_id"]]
        )

    # ------------------------------------------------------------------
    # market manager (tz_market.group_tz_market_manager): verifies, approves
    # ------------------------------------------------------------------
    def test_market_manager_journey(self):
        user = self.manager
        # sees every item, drafts included
        self.assertEqual(self._info_counts(user), {"verified": 1, "draft": 1})
        info = self.draft_info.with_user(user)
        with self.assertRaises(UserError):
            info.action_reject(False)
        info.action_reject("来源是传闻，需要核实")
        self.assertEqual((info.state, info.verified_by_id), ("rejected", user))
        # the author resubmits, the manager verifies through the wizard
        self.draft_info.with_user(self.user2).action_submit()
        action = info.action_open_verify_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        wizard.note = "电话确认属实"
        wizard.save().action_verify()
        self.assertEqual(info.state, "verified")
        self.assertIn(
            self.draft_info,
            self.env["tz.market.info"].with_user(self.salesman).search([]),
        )
        # and only he takes it back from the library
        with self.assertRaises(AccessError):
            self.draft_info.with_user(self.user2).action_reset_draft()
        info.action_reset_draft()
        self.assertEqual(info.state, "draft")
        # he approves a user's plan and may correct its goals afterwards
        plan = (
            self.env["tz.market.plan"]
            .with_user(self.user1)
            .create(
                {
                    "name": "李强的计划",
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 6, 30),
                }
            )
        )
        plan.with_user(user).action_approve()
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", user))
        plan.with_user(user).write({"budget": 30_000})
        # he edits anyone's project and deletes an empty draft plan
        self.project.with_user(user).write({"budget": 65_000})
        empty = (
            self.env["tz.market.plan"]
            .with_user(user)
            .create(
                {
                    "name": "空计划",
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 2, 1),
                }
            )
        )
        empty.unlink()
        self.assertFalse(empty.exists())
        # but not a plan with history
        with self.assertRaises(UserError):
            self.plan.with_user(user).unlink()

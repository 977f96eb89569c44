from contextlib import contextmanager
from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketWorkflowGuard(TzMarketCommon):
    """States, verifiers and approvers are written by the workflow actions
    only: never directly (form, RPC, import, x2many command of a parent)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a plan of the market user himself, with a project of his
        cls.own_plan = cls.env["tz.market.plan"].create(
            {
                "name": "李强的华东计划",
                "date_from": date(2030, 1, 1),
                "date_to": date(2030, 12, 31),
                "user_id": cls.user1.id,
            }
        )
        cls.own_project = cls.env["tz.market.project"].create(
            {
                "name": "李强的项目",
                "plan_id": cls.own_plan.id,
                "user_id": cls.user1.id,
                "date_start": date(2030, 2, 1),
                "date_end": date(2030, 6, 30),
            }
        )

    @contextmanager
    def assertWorkflowRefused(self):
        """A UserError of the workflow guard, not an access error."""
        with self.assertRaises(UserError) as caught:
            yield
        self.assertNotIsInstance(caught.exception, AccessError)

    def _info(self, user, **values):
        vals = {"name": "恒达精密下调报价", "content": "<p>报价下调 8%。</p>"}
        vals.update(values)
        return self.env["tz.market.info"].with_user(user).create(vals)

    # ------------------------------------------------------------------
    # market information
    # ------------------------------------------------------------------
    def test_author_cannot_verify_own_draft_by_writing(self):
        info = self._info(self.user1)
        for values in (
            {"state": "verified"},
            {"state": "to_verify"},
            {"verified_by_id": self.user1.id},
            {"verified_date": fields.Datetime.now()},
            {"verify_note": "我自己核实过了"},
        ):
            with self.subTest(values=values), self.assertWorkflowRefused():
                info.with_user(self.user1).write(values)
        self.assertEqual(info.state, "draft")
        self.assertFalse(info.verified_by_id)
        self.assertFalse(info.verify_note)
        # nor by creating it verified
        with self.assertWorkflowRefused():
            self._info(self.user1, state="verified")
        with self.assertWorkflowRefused():
            self._info(self.user1, verified_by_id=self.manager.id)
        # writing what the record already has changes nothing and passes
        info.with_user(self.user1).write({"state": "draft", "name": "标题"})
        self.assertEqual(info.name, "标题")

    def test_managers_also_go_through_the_actions(self):
        info = self._info(self.user1)
        with self.assertWorkflowRefused():
            info.with_user(self.manager).write({"state": "verified"})
        info.with_user(self.user1).action_submit()
        info.with_user(self.manager).action_verify("已核实")
        self.assertEqual(info.state, "verified")
        self.assertEqual(info.verified_by_id, self.manager)
        self.assertTrue(info.verified_date)

    def test_author_cannot_verify_through_import(self):
        Info = self.env["tz.market.info"].with_user(self.user1)
        result = Info.load(
            ["name", "content", "state"], [["导入的信息", "<p>内容</p>", "to_verify"]]
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertFalse(Info.search([("name", "=", "导入的信息")]))

    # ------------------------------------------------------------------
    # market plan
    # ------------------------------------------------------------------
    def test_owner_cannot_approve_own_plan_by_writing(self):
        plan = self.own_plan.with_user(self.user1)
        for values in (
            {"state": "approved"},
            {"state": "running"},
            {"approved_by_id": self.user1.id},
            {"approved_date": fields.Datetime.now()},
        ):
            with self.subTest(values=values), self.assertWorkflowRefused():
                plan.write(values)
        self.assertEqual(plan.state, "draft")
        with self.assertWorkflowRefused():
            self.env["tz.market.plan"].with_user(self.user1).create(
                {
                    "name": "自批计划",
                    "date_from": date(2030, 1, 1),
                    "date_to": date(2030, 3, 31),
                    "state": "approved",
                }
            )
        # the owner edits what is his
        plan.write({"budget": 5_000, "name": "李强的华东计划（修订）"})
        self.assertEqual(plan.budget, 5_000)

    def test_draft_plan_cannot_start_without_approval(self):
        with self.assertRaises(UserError):
            self.own_plan.with_user(self.user1).action_run()
        self.assertEqual(self.own_plan.state, "draft")
        self.own_plan.with_user(self.manager).action_approve()
        self.assertEqual(self.own_plan.approved_by_id, self.manager)
        self.assertTrue(self.own_plan.approved_date)
        self.own_plan.with_user(self.user1).action_run()
        self.assertEqual(self.own_plan.state, "running")

    def test_reset_to_draft_clears_the_approval(self):
        self.own_plan.with_user(self.manager).action_approve()
        self.own_plan.with_user(self.user1).action_cancel()
        self.own_plan.with_user(self.user1).action_draft()
        self.assertEqual(self.own_plan.state, "draft")
        self.assertFalse(self.own_plan.approved_by_id)
        self.assertFalse(self.own_plan.approved_date)

    def test_plan_form_cannot_change_project_states(self):
        plan = self.own_plan.with_user(self.user1)
        for command in (
            Command.update(self.own_project.id, {"state": "done"}),
            Command.create(
                {
                    "name": "已完成的项目",
                    "user_id": self.user1.id,
                    "date_start": date(2030, 2, 1),
                    "date_end": date(2030, 3, 1),
                    "state": "done",
                }
            ),
        ):
            with self.subTest(command=command), self.assertWorkflowRefused():
                plan.write({"project_ids": [command]})
        self.assertEqual(self.own_project.state, "draft")
        self.assertEqual(self.own_plan.project_ids, self.own_project)

    def test_plan_form_editing_projects(self):
        """The owner edits his projects from the plan form; their state
        only through the project's own buttons."""
        form = Form(self.own_plan.with_user(self.user1))
        with form.project_ids.edit(0) as line:
            line.state = "done"
        with self.assertWorkflowRefused():
            form.save()
        self.assertEqual(self.own_project.state, "draft")
        form = Form(self.own_plan.with_user(self.user1))
        with form.project_ids.edit(0) as line:
            line.budget = 9_000
        with form.project_ids.new() as line:
            line.name = "新项目（计划表单）"
            line.date_start = date(2030, 7, 1)
            line.date_end = date(2030, 8, 31)
        form.save()
        self.assertEqual(len(self.own_plan.project_ids), 2)
        self.assertEqual(self.own_project.budget, 9_000)

    # ------------------------------------------------------------------
    # market project and activity
    # ------------------------------------------------------------------
    def test_project_manager_cannot_write_project_state(self):
        project = self.project.with_user(self.user1)
        with self.assertWorkflowRefused():
            project.write({"state": "done"})
        with self.assertWorkflowRefused():
            project.write(
                {
                    "market_activity_ids": [
                        Command.update(self.activity.id, {"state": "done"})
                    ]
                }
            )
        self.assertEqual(self.project.state, "draft")
        self.assertEqual(self.activity.state, "planned")
        project.action_start()
        project.action_done()
        self.assertEqual(self.project.state, "done")

    def test_responsible_cannot_write_activity_state(self):
        activity = self.activity.with_user(self.user1)
        with self.assertWorkflowRefused():
            activity.write({"state": "done"})
        with self.assertWorkflowRefused():
            self.env["tz.market.activity"].with_user(self.user1).create(
                {
                    "name": "补录的已完成活动",
                    "project_id": self.project.id,
                    "date_start": datetime(2030, 3, 1, 1, 0),
                    "date_end": datetime(2030, 3, 1, 3, 0),
                    "state": "done",
                }
            )
        self.assertEqual(self.activity.state, "planned")
        activity.action_done()
        self.assertEqual(self.activity.state, "done")

    def test_done_activity_cannot_be_reset(self):
        self.activity.with_user(self.user1).action_done()
        with self.assertRaises(UserError):
            self.activity.with_user(self.user1).action_reset_planned()
        self.assertEqual(self.activity.state, "done")

    def test_approved_plan_goals_locked_for_owner(self):
        self.own_plan.with_user(self.manager).action_approve()
        plan = self.own_plan.with_user(self.user1)
        for values in (
            {"budget": 1_000_000},
            {"target_revenue": 1},
            {"date_to": date(2031, 6, 30)},
        ):
            with self.subTest(values=values), self.assertWorkflowRefused():
                plan.write(values)
        self.assertEqual(self.own_plan.date_to, date(2030, 12, 31))
        # the strategy and the name stay his to edit, the goals the manager's
        plan.write({"strategy": "<p>重点突破苏州</p>", "budget": 0})
        self.own_plan.with_user(self.manager).write({"budget": 80_000})
        self.assertEqual(self.own_plan.budget, 80_000)

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import MANAGER_GROUPS, SALESPERSON_GROUPS, TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestRoleJourneys(TzCrmExtCommon):
    """Each role's main journey, as that role (its groups only, no sudo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env, login="tz_role_seller", name="业务员 王", groups=SALESPERSON_GROUPS
        )
        cls.colleague = new_test_user(
            cls.env,
            login="tz_role_colleague",
            name="业务员 李",
            groups=SALESPERSON_GROUPS,
        )
        cls.team_leader = new_test_user(
            cls.env, login="tz_role_leader", name="组长 赵", groups=SALESPERSON_GROUPS
        )
        cls.boss = new_test_user(
            cls.env, login="tz_role_boss", name="销售经理 钱", groups=MANAGER_GROUPS
        )
        cls.role_team = cls.env["crm.team"].create(
            {"name": "角色测试组", "user_id": cls.team_leader.id, "sequence": 3}
        )
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.role_team.id, "user_id": user.id}
                for user in (cls.seller, cls.colleague)
            ]
        )
        cls.own = cls._customer("王的客户", user=cls.seller, grade=cls.grade_b)
        cls.theirs = cls._customer("李的客户", user=cls.colleague)
        cls.outside = cls._customer("外组客户", user=cls.boss)
        Interaction = cls.env["tz.customer.interaction"]
        cls.private = Interaction.create(
            {
                "name": "李的拜访",
                "partner_id": cls.theirs.id,
                "user_id": cls.colleague.id,
                "content": "客户底价八折",
                "date": fields.Datetime.now() - timedelta(hours=3),
            }
        )
        cls.private_note = cls.env["ir.attachment"].create(
            {
                "name": "报价底稿.xlsx",
                "raw": b"price list",
                "res_model": Interaction._name,
                "res_id": cls.private.id,
            }
        )
        cls.outside_visit = Interaction.create(
            {"name": "经理拜访", "partner_id": cls.outside.id, "user_id": cls.boss.id}
        )

    # ------------------------------------------------------------------
    # salesperson
    # ------------------------------------------------------------------
    def test_salesperson_logs_confirms_and_sees_own(self):
        Interaction = self.env["tz.customer.interaction"].with_user(self.seller)
        with Form(Interaction) as form:
            form.partner_id = self.own
            form.name = "季度拜访"
            form.interaction_type = "visit"
            form.date = fields.Datetime.now() - timedelta(hours=1)
            form.content = "客户计划扩产"
            form.next_step = "寄送样品"
            form.next_date = fields.Date.context_today(self.env.user) + timedelta(
                days=7
            )
        visit = form.record
        self.assertEqual(visit.user_id, self.seller)
        self.assertEqual(visit.team_id, self.role_team)
        self.assertEqual(visit.state, "draft")
        self.assertEqual(visit.next_activity_id.user_id, self.seller)
        with Form(visit) as form:
            form.outcome = "同意试用"
        visit.action_confirm()
        self.assertEqual(visit.state, "confirmed")
        self.assertEqual(visit.confirm_user_id, self.seller)
        # locked: no more changes, not even through the customer
        with self.assertRefused():
            visit.write({"outcome": "改写"})
        with self.assertRefused():
            visit.action_reset_draft()
        with self.assertRefused():
            self.own.with_user(self.seller).write(
                {"tz_interaction_ids": [Command.update(visit.id, {"content": "改"})]}
            )
        with self.assertRaises(AccessError):
            visit.unlink()
        # the customer file shows it
        own = self.own.with_user(self.seller)
        self.assertEqual(own.tz_interaction_count, 1)
        self.assertGreaterEqual(
            own.tz_last_interaction_date,
            fields.Date.context_today(self.env.user) - timedelta(days=1),
        )
        self.assertFalse(own.tz_visit_overdue)
        # another interaction logged from the customer (one2many command)
        own.write(
            {
                "tz_interaction_ids": [
                    Command.create({"name": "电话回访", "interaction_type": "phone"})
                ]
            }
        )
        own.invalidate_recordset(["tz_interaction_count"])
        self.assertEqual(own.tz_interaction_count, 2)
        # copy: a new draft of his own
        copy = visit.copy()
        self.assertEqual((copy.state, copy.user_id), ("draft", self.seller))
        # import
        result = Interaction.load(
            ["name", "partner_id/.id", "interaction_type"],
            [["导入拜访", str(self.own.id), "meeting"]],
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        imported = Interaction.browse(result["ids"])
        self.assertEqual((imported.state, imported.user_id), ("draft", self.seller))
        result = Interaction.load(
            ["name", "partner_id/.id", "state"],
            [["导入已确认", str(self.own.id), "confirmed"]],
        )
        self.assertFalse(result["ids"])
        self.assertFalse(Interaction.search([("name", "=", "导入已确认")]))
        # reporting: only his own
        groups = Interaction.read_group([], ["partner_id"], ["partner_id"])
        self.assertEqual([g["partner_id"][0] for g in groups], [self.own.id])
        self.assertEqual(groups[0]["partner_id_count"], 4)
        partners = (
            self.env["res.partner"]
            .with_user(self.seller)
            .search([("id", "in", (self.own | self.theirs | self.outside).ids)])
        )
        self.assertEqual(partners, self.own)

    def test_salesperson_cannot_see_colleagues_private_things(self):
        Interaction = self.env["tz.customer.interaction"].with_user(self.seller)
        self.assertFalse(
            Interaction.search([("id", "in", (self.private | self.outside_visit).ids)])
        )
        with self.assertRaises(AccessError):
            self.private.with_user(self.seller).read(["content"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.seller).read(["tz_value_revenue"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(self.seller)
            .search([("id", "=", self.private_note.id)])
        )
        with self.assertRaises(AccessError):
            self.private_note.with_user(self.seller).read(["raw"])
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.seller)
            .search(
                [("model", "=", self.private._name), ("res_id", "=", self.private.id)]
            )
        )
        groups = Interaction.read_group([], ["user_id"], ["user_id"])
        self.assertNotIn(self.colleague.id, [g["user_id"][0] for g in groups])
        with self.assertRaises(AccessError):
            self.private.with_user(self.seller).action_confirm()
        with self.assertRaises(AccessError):
            self.private.with_user(self.seller).write({"content": "偷看"})

    def test_salesperson_may_not_assign_or_hand_over(self):
        lead = self._new_leads(1)
        with self.assertRaises(AccessError):
            self.env["tz.lead.assign.wizard"].with_user(self.seller).create(
                {"lead_ids": [Command.set(lead.ids)], "user_id": self.seller.id}
            )
        with self.assertRaises(AccessError):
            self.env["tz.customer.handover.wizard"].with_user(self.seller).create(
                {"from_user_id": self.colleague.id, "to_user_id": self.seller.id}
            )
        rule = self.env["tz.assignment.rule"].create(
            {"name": "角色规则", "team_id": self.role_team.id, "sequence": 60}
        )
        with self.assertRefused():
            rule.with_user(self.seller).action_assign_backlog()
        with self.assertRaises(AccessError):
            rule.with_user(self.seller).write({"team_id": False})
        with self.assertRaises(AccessError):
            rule.with_user(self.seller).copy()
        result = (
            self.env["tz.assignment.rule"]
            .with_user(self.seller)
            .load(["name", "team_id/.id"], [["业务员导入规则", str(self.role_team.id)]])
        )
        self.assertFalse(result["ids"])
        self.assertFalse(lead.user_id)
        self.assertEqual(self.theirs.user_id, self.colleague)

    # ------------------------------------------------------------------
    # sales team leader
    # ------------------------------------------------------------------
    def test_team_leader_follows_the_team(self):
        Interaction = self.env["tz.customer.interaction"].with_user(self.team_leader)
        ids = (self.private | self.outside_visit).ids
        self.assertEqual(Interaction.search([("id", "in", ids)]), self.private)
        self.assertEqual(
            self.private.with_user(self.team_leader).content, "客户底价八折"
        )
        groups = Interaction.read_group([("id", "in", ids)], ["user_id"], ["user_id"])
        self.assertEqual([g["user_id"][0] for g in groups], [self.colleague.id])
        partners = (
            self.env["res.partner"]
            .with_user(self.team_leader)
            .search([("id", "in", (self.own | self.theirs | self.outside).ids)])
        )
        self.assertEqual(partners, self.own | self.theirs)
        # he logs a joint visit, the member confirms it
        joint = Interaction.create(
            {
                "name": "陪同拜访",
                "partner_id": self.theirs.id,
                "user_id": self.colleague.id,
            }
        )
        joint.with_user(self.colleague).action_confirm()
        with self.assertRefused():
            joint.write({"outcome": "组长改写"})
        with self.assertRefused():
            joint.action_reset_draft()
        with self.assertRaises(AccessError):
            self.env["tz.customer.handover.wizard"].with_user(self.team_leader).create(
                {"from_user_id": self.colleague.id, "to_user_id": self.seller.id}
            )

    # ------------------------------------------------------------------
    # sales manager
    # ------------------------------------------------------------------
    def test_manager_assigns_leads(self):
        tag = self.env["crm.tag"].create({"name": "角色测试线索"})
        Rule = self.env["tz.assignment.rule"].with_user(self.boss)
        with Form(Rule) as form:
            form.name = "华东规则"
            form.sequence = 61
            form.team_id = self.role_team
            form.strategy = "round_robin"
            form.apply_on_create = False
            form.tag_ids.add(tag)
        rule = form.record
        self.assertEqual(rule.team_id, self.role_team)
        copy = rule.copy()
        self.assertEqual(copy.sequence, 62)
        self.assertEqual(copy.name, "华东规则 (copy)")
        result = Rule.load(
            ["name", "sequence", "team_id/.id"],
            [["导入规则", "63", str(self.role_team.id)], ["无目标", "64", ""]],
        )
        self.assertFalse(result["ids"], "one bad line rolls back the import")
        self.assertTrue(result["messages"])
        leads = self._new_leads(4, tag_ids=[Command.set(tag.ids)])
        rule.action_assign_backlog()
        self.assertEqual(leads.user_id, self.seller | self.colleague)
        self.assertEqual(set(leads.mapped("tz_assignment_method")), {"rule"})
        self.assertEqual(set(leads.tz_assigned_by_id.ids), {self.boss.id})
        # manual assignment
        lead = self._new_leads(1)
        action_ctx = {"active_model": "crm.lead", "active_ids": lead.ids}
        with Form(
            self.env["tz.lead.assign.wizard"]
            .with_user(self.boss)
            .with_context(**action_ctx)
        ) as form:
            form.user_id = self.colleague
        form.record.action_assign()
        self.assertEqual(lead.user_id, self.colleague)
        self.assertEqual(lead.tz_assignment_method, "manual")
        groups = (
            self.env["crm.lead"]
            .with_user(self.boss)
            .read_group([("id", "in", (leads | lead).ids)], ["user_id"], ["user_id"])
        )
        self.assertEqual(sum(g["user_id_count"] for g in groups), 5)

    def test_manager_sees_all_corrects_evidence_and_hands_over(self):
        Interaction = self.env["tz.customer.interaction"].with_user(self.boss)
        ids = (self.private | self.outside_visit).ids
        self.assertEqual(len(Interaction.search([("id", "in", ids)])), 2)
        private = self.private.with_user(self.boss)
        private.with_user(self.colleague).action_confirm()
        private.write({"outcome": "经理补充: 价格需审批"})
        private.action_reset_draft()
        self.assertEqual(private.state, "draft")
        # handover from the form
        with Form(self.env["tz.customer.handover.wizard"].with_user(self.boss)) as form:
            form.from_user_id = self.colleague
            form.mode = "single"
            form.to_user_id = self.seller
            form.note = "李离职"
        action = form.record.action_handover()
        handover = (
            self.env["tz.customer.handover"]
            .with_user(self.boss)
            .browse(action["res_id"])
        )
        self.assertEqual(handover.partner_ids, self.theirs)
        self.assertEqual(self.theirs.user_id, self.seller)
        # the successor now sees the customer and its history
        self.assertTrue(self.theirs.with_user(self.seller).read(["name"]))
        self.assertEqual(
            self.private.with_user(self.seller).read(["content"])[0]["content"],
            "客户底价八折",
        )
        # both salespeople read the handover, nobody rewrites it
        for user in (self.seller, self.colleague):
            self.assertEqual(handover.with_user(user).name, handover.name)
            with self.assertRaises(UserError):
                handover.with_user(user).write({"note": "改"})
        with self.assertRefused():
            handover.write({"note": "改"})
        self.assertEqual(
            self.env["tz.customer.handover"]
            .with_user(self.boss)
            .read_group([("id", "=", handover.id)], ["from_user_id"], ["from_user_id"])[
                0
            ]["from_user_id"][0],
            self.colleague.id,
        )

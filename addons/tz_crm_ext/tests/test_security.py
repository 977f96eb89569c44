from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestSecurity(TzCrmExtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust_a = cls._customer("甲的客户", user=cls.sales_a)
        cls.cust_b = cls._customer("乙的客户", user=cls.sales_b)
        cls.cust_other_team = cls._customer("外组客户", user=cls.manager)
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "乙客户联系人", "parent_id": cls.cust_b.id}
        )
        Interaction = cls.env["tz.customer.interaction"]
        cls.int_a = Interaction.create(
            {"name": "甲拜访", "partner_id": cls.cust_a.id, "user_id": cls.sales_a.id}
        )
        cls.int_b = Interaction.create(
            {"name": "乙拜访", "partner_id": cls.cust_b.id, "user_id": cls.sales_b.id}
        )
        Lead = cls.env["crm.lead"].with_context(tz_no_auto_assign=True)
        cls.lead_a = Lead.create(
            {"name": "甲商机", "user_id": cls.sales_a.id, "partner_id": cls.cust_a.id}
        )
        cls.lead_b = Lead.create(
            {"name": "乙商机", "user_id": cls.sales_b.id, "partner_id": cls.cust_b.id}
        )

    def test_salesperson_sees_only_own(self):
        Partner = self.env["res.partner"].with_user(self.sales_a)
        visible = Partner.search(
            [("id", "in", (self.cust_a | self.cust_b | self.contact_b).ids)]
        )
        self.assertEqual(visible, self.cust_a)
        with self.assertRaises(AccessError):
            self.cust_b.with_user(self.sales_a).read(["name"])
        with self.assertRaises(AccessError):
            self.contact_b.with_user(self.sales_a).read(["name"])
        Interaction = self.env["tz.customer.interaction"].with_user(self.sales_a)
        self.assertEqual(
            Interaction.search([("id", "in", (self.int_a | self.int_b).ids)]),
            self.int_a,
        )
        with self.assertRaises(AccessError):
            self.int_b.with_user(self.sales_a).read(["name"])
        Lead = self.env["crm.lead"].with_user(self.sales_a)
        self.assertEqual(
            Lead.search([("id", "in", (self.lead_a | self.lead_b).ids)]), self.lead_a
        )
        with self.assertRaises(AccessError):
            self.lead_b.with_user(self.sales_a).read(["name"])
        # unassigned partners (suppliers, colleagues...) stay visible
        free = self.env["res.partner"].create({"name": "供应商"})
        self.assertTrue(free.with_user(self.sales_a).read(["name"]))

    def test_leader_sees_team_and_manager_sees_all(self):
        ids = (self.cust_a | self.cust_b | self.cust_other_team).ids
        leader_visible = (
            self.env["res.partner"].with_user(self.leader).search([("id", "in", ids)])
        )
        self.assertEqual(leader_visible, self.cust_a | self.cust_b)
        self.assertEqual(
            self.env["tz.customer.interaction"]
            .with_user(self.leader)
            .search([("id", "in", (self.int_a | self.int_b).ids)]),
            self.int_a | self.int_b,
        )
        manager_visible = (
            self.env["res.partner"].with_user(self.manager).search([("id", "in", ids)])
        )
        self.assertEqual(len(manager_visible), 3)

    def test_nobody_but_admin_deletes_customers(self):
        self.manager.groups_id |= self.env.ref("base.group_partner_manager")
        with self.assertRaises(UserError):
            self.cust_a.with_user(self.manager).unlink()
        self.assertTrue(self.cust_a.exists())
        self.cust_a.with_user(self.manager).action_archive()
        self.assertFalse(self.cust_a.active)
        admin = self.env.ref("base.user_admin")
        self.cust_other_team.with_user(admin).unlink()
        self.assertFalse(self.cust_other_team.exists())

    def test_salesman_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.env["tz.assignment.rule"].with_user(self.sales_a).create(
                {"name": "x", "team_id": self.team.id}
            )
        with self.assertRaises(AccessError):
            self.env["tz.customer.grade"].with_user(self.sales_a).create(
                {"name": "E", "code": "E"}
            )

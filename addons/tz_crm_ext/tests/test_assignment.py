from odoo.addons.tz_crm_ext.lib import assignment
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestAssignment(TzCrmExtCommon):
    def _rule(self, **vals):
        values = {
            "name": "规则",
            "team_id": self.team.id,
            "strategy": "round_robin",
            "apply_on_create": False,
            "sequence": 1,
        }
        values.update(vals)
        return self.env["tz.assignment.rule"].create(values)

    def _counts(self, leads):
        return {
            user: len(leads.filtered(lambda lead, u=user: lead.user_id == u))
            for user in (self.sales_a, self.sales_b, self.sales_c)
        }

    def test_round_robin_even_and_capacity(self):
        rule = self._rule()
        leads = self._new_leads(9)
        rule._assign_leads(leads)
        self.assertEqual(set(self._counts(leads).values()), {3})
        # capacity: A may only receive 2 more leads over 30 days
        self.member_a.assignment_max = 5
        rule.rr_pointer = 0
        leads2 = self._new_leads(9)
        rule._assign_leads(leads2)
        counts = self._counts(leads2)
        self.assertEqual(counts[self.sales_a], 2)
        self.assertEqual(counts[self.sales_b] + counts[self.sales_c], 7)
        self.assertLessEqual(abs(counts[self.sales_b] - counts[self.sales_c]), 1)

    def test_round_robin_pointer_continues(self):
        rule = self._rule()
        first = self._new_leads(1)
        rule._assign_leads(first)
        second = self._new_leads(1)
        rule._assign_leads(second)
        self.assertNotEqual(first.user_id, second.user_id)

    def test_opt_out_and_full_members_are_skipped(self):
        self.member_b.assignment_optout = True
        self.member_c.assignment_max = 0
        rule = self._rule(strategy="capacity")
        leads = self._new_leads(6)
        assigned = rule._assign_leads(leads)
        self.assertEqual(len(assigned), 6)
        self.assertEqual(leads.user_id, self.sales_a)
        # everybody full or opted out: leads stay unassigned
        self.member_a.assignment_max = 6
        more = self._new_leads(2)
        self.assertFalse(rule._assign_leads(more))
        self.assertFalse(more.user_id)

    def test_least_open(self):
        Lead = self.env["crm.lead"].with_context(tz_no_auto_assign=True)
        for user, count in ((self.sales_a, 3), (self.sales_b, 1)):
            Lead.create(
                [
                    {
                        "name": f"Open {user.name} {i}",
                        "type": "opportunity",
                        "user_id": user.id,
                        "team_id": self.team_other.id,
                    }
                    for i in range(count)
                ]
            )
        rule = self._rule(strategy="least_open")
        leads = self._new_leads(6)
        rule._assign_leads(leads)
        counts = self._counts(leads)
        self.assertEqual(
            (counts[self.sales_a], counts[self.sales_b], counts[self.sales_c]),
            (1, 2, 3),
        )

    def test_capacity_weighted(self):
        rule = self._rule(strategy="capacity")
        leads = self._new_leads(60)
        rule._assign_leads(leads)
        counts = self._counts(leads)
        self.assertEqual(
            (counts[self.sales_a], counts[self.sales_b], counts[self.sales_c]),
            (10, 20, 30),
        )
        spread = assignment.load_spread(
            {m.id: counts[m.user_id] for m in self.team.crm_team_member_ids},
            {m.id: m.assignment_max for m in self.team.crm_team_member_ids},
        )
        self.assertLessEqual(spread, 1)

    def test_rule_conditions_and_traceability_on_create(self):
        rule = self._rule(
            name="上海线索",
            state_ids=[(6, 0, self.state_sh.ids)],
            revenue_min=1000,
            apply_on_create=True,
            member_ids=[(6, 0, self.member_c.ids)],
        )
        Lead = self.env["crm.lead"].with_user(self.manager)
        lead_sh = Lead.create(
            {
                "name": "上海",
                "user_id": False,
                "state_id": self.state_sh.id,
                "expected_revenue": 5000,
            }
        )
        lead_small = Lead.create(
            {
                "name": "小单",
                "user_id": False,
                "state_id": self.state_sh.id,
                "expected_revenue": 10,
            }
        )
        lead_gd = Lead.create(
            {
                "name": "广东",
                "user_id": False,
                "state_id": self.state_gd.id,
                "expected_revenue": 5000,
            }
        )
        self.assertEqual(lead_sh.user_id, self.sales_c)
        self.assertEqual(lead_sh.team_id, self.team)
        self.assertEqual(lead_sh.tz_assignment_rule_id, rule)
        self.assertEqual(lead_sh.tz_assignment_method, "rule")
        self.assertEqual(lead_sh.tz_assigned_by_id, self.manager)
        self.assertTrue(lead_sh.tz_assignment_date)
        self.assertFalse(lead_small.user_id)
        self.assertFalse(lead_gd.user_id)
        self.assertEqual(rule.lead_count, 1)
        # a lead created with a salesperson is left alone
        own = Lead.create(
            {"name": "自己的", "state_id": self.state_sh.id, "expected_revenue": 5000}
        )
        self.assertEqual(own.user_id, self.manager)
        self.assertFalse(own.tz_assignment_rule_id)

    def test_rule_order_first_match_wins(self):
        specific = self._rule(
            name="大单",
            sequence=1,
            revenue_min=100000,
            member_ids=[(6, 0, self.member_a.ids)],
        )
        general = self._rule(
            name="其他", sequence=2, member_ids=[(6, 0, self.member_b.ids)]
        )
        big = self._new_leads(2, expected_revenue=200000)
        small = self._new_leads(2, expected_revenue=100)
        (specific | general)._assign_leads(big | small)
        self.assertEqual(big.user_id, self.sales_a)
        self.assertEqual(big.tz_assignment_rule_id, specific)
        self.assertEqual(small.user_id, self.sales_b)
        self.assertEqual(small.tz_assignment_rule_id, general)

    def test_backlog_button_and_manager_only(self):
        rule = self._rule(strategy="capacity")
        leads = self._new_leads(3)
        with self.assertRaises(UserError):
            rule.with_user(self.sales_a).action_assign_backlog()
        rule.with_user(self.manager).action_assign_backlog()
        self.assertTrue(all(leads.mapped("user_id")))

    def test_bad_rules(self):
        with self.assertRaises(ValidationError):
            self._rule(team_id=False)
        with self.assertRaises(ValidationError):
            self._rule(revenue_min=-5)
        with self.assertRaises(ValidationError):
            self._rule(revenue_min=500, revenue_max=100)
        with self.assertRaises(ValidationError):
            self._rule(
                team_id=self.team_other.id, member_ids=[(6, 0, self.member_a.ids)]
            )
        with self.assertRaises(ValidationError):
            self._rule(domain="[('no_such_field', '=', 1)]")
        self._rule(name="华东", sequence=7, state_ids=[(6, 0, self.state_sh.ids)])
        with self.assertRaises(ValidationError):
            self._rule(name="重复", sequence=7, state_ids=[(6, 0, self.state_sh.ids)])
        # same priority but exclusive conditions is fine
        self._rule(name="华南", sequence=7, state_ids=[(6, 0, self.state_gd.ids)])
        self.assertEqual(
            self.env["tz.assignment.rule"].search_count([("sequence", "=", 7)]), 2
        )

    def test_manual_wizard(self):
        leads = self._new_leads(2)
        wizard_form = Form(
            self.env["tz.lead.assign.wizard"]
            .with_user(self.manager)
            .with_context(active_model="crm.lead", active_ids=leads.ids)
        )
        wizard_form.user_id = self.sales_b
        wizard_form.note = "重点跟进,本周内联系"
        wizard = wizard_form.save()
        self.assertEqual(wizard.team_id, self.team)
        self.assertEqual(wizard.lead_count, 2)
        result = wizard.action_assign()
        self.assertEqual(result["tag"], "display_notification")
        for lead in leads:
            self.assertEqual(lead.user_id, self.sales_b)
            self.assertEqual(lead.team_id, self.team)
            self.assertEqual(lead.tz_assignment_method, "manual")
            self.assertEqual(lead.tz_assigned_by_id, self.manager)
            self.assertFalse(lead.tz_assignment_rule_id)
            self.assertIn("重点跟进", lead.message_ids[0].body)
            self.assertIn(self.sales_b.partner_id, lead.message_ids[0].partner_ids)

    def test_manual_wizard_bad_input(self):
        leads = self._new_leads(1)
        Wizard = self.env["tz.lead.assign.wizard"].with_user(self.manager)
        with self.assertRaises(UserError):
            Wizard.create({"lead_ids": [(6, 0, leads.ids)]}).action_assign()
        with self.assertRaises(UserError):
            Wizard.create({"user_id": self.sales_a.id}).action_assign()
        with self.assertRaises(AccessError):
            self.env["tz.lead.assign.wizard"].with_user(self.sales_a).create(
                {"lead_ids": [(6, 0, leads.ids)], "user_id": self.sales_a.id}
            )
        self.assertFalse(leads.user_id)

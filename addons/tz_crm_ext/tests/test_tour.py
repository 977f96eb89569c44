from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SALESPERSON_GROUPS


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson with exactly the groups of the role
        cls.salesperson = new_test_user(
            cls.env,
            login="tz_tour_seller",
            name="业务员 导览王",
            groups=SALESPERSON_GROUPS,
        )

    def test_log_visit_clears_overdue(self):
        partner = self.env["res.partner"].create(
            {
                "name": "导览测试客户",
                "is_company": True,
                "user_id": self.salesperson.id,
                "tz_grade": self.env.ref("tz_crm_ext.tz_grade_a").id,
            }
        )
        self.env["tz.customer.interaction"].create(
            {
                "name": "上次拜访",
                "partner_id": partner.id,
                "user_id": self.salesperson.id,
                "date": fields.Datetime.now() - timedelta(days=30),
            }
        )
        self.env["res.partner"]._cron_tz_visit_cycle()
        self.assertTrue(partner.tz_visit_overdue)
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "tz_crm_ext_log_visit_tour",
            login=self.salesperson.login,
        )
        partner.invalidate_recordset()
        self.assertFalse(partner.tz_visit_overdue)
        self.assertEqual(partner.tz_interaction_count, 2)

    def test_salesperson_logs_and_confirms(self):
        partner = self.env["res.partner"].create(
            {
                "name": "导览业务员客户",
                "is_company": True,
                "user_id": self.salesperson.id,
            }
        )
        self.start_tour(
            "/odoo/action-tz_crm_ext.action_tz_customer_interaction",
            "tz_crm_ext_salesperson_confirm_tour",
            login=self.salesperson.login,
        )
        visit = self.env["tz.customer.interaction"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertEqual(visit.name, "导览拜访记录")
        self.assertEqual(visit.state, "confirmed")
        self.assertEqual(visit.user_id, self.salesperson)
        self.assertEqual(visit.confirm_user_id, self.salesperson)

    def test_interaction_views(self):
        partner = self.env["res.partner"].create(
            {"name": "视图测试客户", "is_company": True}
        )
        self.env["tz.customer.interaction"].create(
            {"name": "视图测试拜访", "partner_id": partner.id}
        )
        self.start_tour(
            "/odoo/action-tz_crm_ext.action_tz_customer_interaction",
            "tz_crm_ext_views_tour",
            login="admin",
        )

    def test_rule_form(self):
        team = self.env["crm.team"].create({"name": "导览团队"})
        self.env["tz.assignment.rule"].create(
            {"name": "导览规则", "team_id": team.id, "sequence": 77}
        )
        self.start_tour(
            "/odoo/action-tz_crm_ext.action_tz_assignment_rule",
            "tz_crm_ext_rule_form_tour",
            login="admin",
        )

    def test_handover_wizard(self):
        user = new_test_user(
            self.env,
            login="tz_tour_sales",
            name="业务员 导览",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        self.env["res.partner"].create(
            {"name": "导览交接客户", "is_company": True, "user_id": user.id}
        )
        self.start_tour(
            "/odoo/action-tz_crm_ext.action_tz_customer_handover_wizard",
            "tz_crm_ext_handover_wizard_tour",
            login="admin",
        )

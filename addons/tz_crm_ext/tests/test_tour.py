from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    def test_log_visit_clears_overdue(self):
        partner = self.env["res.partner"].create(
            {
                "name": "导览测试客户",
                "is_company": True,
                "user_id": self.env.ref("base.user_admin").id,
                "tz_grade": self.env.ref("tz_crm_ext.tz_grade_a").id,
            }
        )
        self.env["tz.customer.interaction"].create(
            {
                "name": "上次拜访",
                "partner_id": partner.id,
                "date": fields.Datetime.now() - timedelta(days=30),
            }
        )
        self.env["res.partner"]._cron_tz_visit_cycle()
        self.assertTrue(partner.tz_visit_overdue)
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "tz_crm_ext_log_visit_tour",
            login="admin",
        )
        partner.invalidate_recordset()
        self.assertFalse(partner.tz_visit_overdue)
        self.assertEqual(partner.tz_interaction_count, 2)

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

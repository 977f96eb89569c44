from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


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

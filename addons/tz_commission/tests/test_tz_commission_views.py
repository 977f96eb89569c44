from odoo.tests import tagged

from .test_tz_commission_common import TzCommissionCommon

ACTIONS = [
    "tz_commission.action_tz_sales_target",
    "tz_commission.action_tz_sales_target_my",
    "tz_commission.action_tz_sales_target_ranking",
    "tz_commission.action_tz_commission_plan",
    "tz_commission.action_tz_commission_assignment",
    "tz_commission.action_tz_commission_line",
    "tz_commission.action_tz_commission_settlement",
    "tz_commission.action_tz_commission_settlement_my",
    "tz_commission.action_tz_commission_line_my",
    "tz_commission.action_tz_commission_settle_wizard",
    "tz_commission.action_tz_commission_export_wizard",
]


@tagged("post_install", "-at_install")
class TestTzCommissionViews(TzCommissionCommon):
    def test_manager_views_load(self):
        for xmlid in ACTIONS:
            action = self.env.ref(xmlid)
            model = self.env[action.res_model].with_user(self.manager)
            modes = [(False, mode) for mode in action.view_mode.split(",")]
            with self.subTest(xmlid):
                result = model.get_views([*modes, (False, "search")])
                self.assertEqual(
                    set(result["views"]), {mode for _id, mode in modes} | {"search"}
                )

    def test_salesperson_menus(self):
        menus = self.env["ir.ui.menu"].with_user(self.seller)._visible_menu_ids()
        self.assertIn(self.env.ref("tz_commission.menu_tz_sales_target_my").id, menus)
        self.assertNotIn(
            self.env.ref("tz_commission.menu_tz_commission_plan").id, menus
        )
        manager_menus = (
            self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        )
        self.assertIn(
            self.env.ref("tz_commission.menu_tz_commission_plan").id, manager_menus
        )

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TzSupplyCommon


@tagged("post_install", "-at_install")
class TestAccess(TzSupplyCommon):
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_users_see_managers_configure(self):
        order = self._create_po(qty=5, price=10)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids
        self.assertTrue(self.stock_user.has_group("tz_supply.group_tz_supply_user"))
        self.assertFalse(self.stock_user.has_group("tz_supply.group_tz_supply_manager"))
        self.assertTrue(self.buyer.has_group("tz_supply.group_tz_supply_user"))

        # an inventory user inspects
        as_user = inspection.with_user(self.stock_user)
        as_user.line_ids.write({"result": "pass"})
        as_user.qty_rejected = 1
        as_user.action_done()
        self.assertEqual(inspection.result, "partial")
        with self.assertRaises(AccessError):
            as_user.unlink()
        # but does not configure
        with self.assertRaises(AccessError):
            self.env["tz.inspection.plan"].with_user(self.stock_user).create(
                {"name": "越权"}
            )
        with self.assertRaises(AccessError):
            self.plan.with_user(self.stock_user).sample_percent = 50
        level = self.env["tz.stock.level"].create(
            {"product_id": self.product.id, "warehouse_id": self.warehouse.id}
        )
        with self.assertRaises(AccessError):
            level.with_user(self.buyer).max_qty = 10
        # purchase users read supply information
        self.assertTrue(
            self.env["tz.price.history"]
            .with_user(self.buyer)
            .search([("order_id", "=", order.id)])
        )
        with self.assertRaises(AccessError):
            self.env["tz.price.history"].with_user(self.buyer).search(
                [("order_id", "=", order.id)]
            ).unlink()
        self.assertTrue(
            self.env["tz.vendor.comparison"]
            .with_user(self.buyer)
            .search([("product_id", "=", self.product.id)])
        )
        self.assertEqual(level.with_user(self.buyer).product_id, self.product)

        manager = new_test_user(
            self.env,
            login="tz_supply_stock_manager",
            groups="stock.group_stock_manager",
        )
        self.assertTrue(manager.has_group("tz_supply.group_tz_supply_manager"))
        level.with_user(manager).max_qty = 50
        self.env["tz.inspection.plan"].with_user(manager).create({"name": "新方案"})
        with self.assertRaises(UserError):
            inspection.with_user(manager).unlink()

    def test_salesman_reads_receipt(self):
        """Users outside inventory/purchase who may read pickings (salespeople
        with sale_stock, or a group of the customer's own) still open them
        safely. The group is made here: tz_supply does not depend on sale."""
        order = self._create_po(qty=5, price=10)
        picking, _res = self._receive(order)
        readers = self.env["res.groups"].create(
            {
                "name": "Picking readers",
                "implied_ids": [Command.link(self.env.ref("base.group_user").id)],
                "model_access": [
                    Command.create(
                        {
                            "name": "picking readers",
                            "model_id": self.env.ref("stock.model_stock_picking").id,
                            "perm_read": True,
                        }
                    )
                ],
            }
        )
        salesman = new_test_user(
            self.env, login="tz_supply_salesman", groups_id=readers.ids
        )
        self.assertFalse(salesman.has_group("tz_supply.group_tz_supply_user"))
        values = picking.with_user(salesman).read(
            ["tz_inspection_count", "tz_inspection_state", "tz_can_create_inspection"]
        )[0]
        self.assertEqual(values["tz_inspection_count"], 1)
        self.assertEqual(values["tz_inspection_state"], "todo")
        with self.assertRaises(AccessError):
            picking.tz_inspection_ids.with_user(salesman).read(["qty_received"])

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "天纵杭州分公司"})
        warehouse_b = self.env["stock.warehouse"].search(
            [("company_id", "=", company_b.id)], limit=1
        )
        self.assertTrue(warehouse_b.tz_quarantine_location_id)
        self.assertEqual(warehouse_b.tz_quarantine_location_id.company_id, company_b)
        level_b = self.env["tz.stock.level"].create(
            {"product_id": self.plain_product.id, "warehouse_id": warehouse_b.id}
        )
        self.assertEqual(level_b.company_id, company_b)
        level_a = self.env["tz.stock.level"].create(
            {"product_id": self.plain_product.id, "warehouse_id": self.warehouse.id}
        )
        levels = (
            self.env["tz.stock.level"]
            .with_user(self.stock_user)
            .search([("product_id", "=", self.plain_product.id)])
        )
        self.assertEqual(levels, level_a)
        plan_b = self.env["tz.inspection.plan"].create(
            {"name": "分公司方案", "company_id": company_b.id}
        )
        plans = self.env["tz.inspection.plan"].with_user(self.stock_user).search([])
        self.assertIn(self.plan, plans)
        self.assertNotIn(plan_b, plans)

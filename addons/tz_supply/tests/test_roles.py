from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import TzSupplyCommon


@tagged("post_install", "-at_install")
class TestRoleJourneys(TzSupplyCommon):
    """Each role walks its main journey with exactly its own groups (no admin,
    no sudo in the test): what it does works, what it may not do is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env,
            login="tz_supply_role_stock_manager",
            groups="stock.group_stock_manager",
            name="仓库主管 老赵",
        )
        cls.purchase_manager = new_test_user(
            cls.env,
            login="tz_supply_role_purchase_manager",
            groups="purchase.group_purchase_manager",
            name="采购经理 老钱",
        )
        cls.employee = new_test_user(
            cls.env, login="tz_supply_role_employee", groups="base.group_user"
        )

    def _buyer_order(self, price, qty=10.0, product=None, confirm=True):
        """The buyer enters and confirms an order through the form."""
        with Form(self.env["purchase.order"].with_user(self.buyer)) as po_form:
            po_form.partner_id = self.vendor
            with po_form.order_line.new() as line:
                line.product_id = product or self.product
                line.product_qty = qty
                line.price_unit = price
        order = po_form.save()
        if confirm:
            order.button_confirm()
        return order

    # ------------------------------------------------------------------
    # Buyer (purchase.group_purchase_user)
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_buyer_journey(self):
        self.assertTrue(self.buyer.has_group("purchase.group_purchase_user"))
        self.assertFalse(self.buyer.has_group("purchase.group_purchase_manager"))
        self.assertFalse(self.buyer.has_group("stock.group_stock_user"))
        first = self._buyer_order(price=100.0)
        self.assertEqual(first.state, "purchase")
        History = self.env["tz.price.history"].with_user(self.buyer)
        history = History.search([("order_id", "=", first.id)])
        self.assertEqual(history.price_unit, 100.0)
        self.assertEqual(history.partner_id, self.vendor)

        # a dearer quotation: the alert shows on the line and in the filter
        second = self._buyer_order(price=130.0, confirm=False)
        line = second.order_line
        self.assertEqual(line.tz_last_price, 100.0)
        self.assertEqual(line.tz_price_change_pct, 30.0)
        self.assertTrue(line.tz_price_alert)
        alerts = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .search([("tz_price_alert", "=", True)])
        )
        self.assertIn(second, alerts)
        self.assertNotIn(first, alerts)
        second.button_confirm()
        self.assertTrue(
            second.message_ids.filtered(lambda m: "price alerts" in (m.body or ""))
        )
        # history, product figures, vendor comparison
        self.assertEqual(
            History.search_count(
                [("product_id", "=", self.product.id), ("source", "=", "purchase")]
            ),
            2,
        )
        product = self.product.with_user(self.buyer)
        self.assertEqual(product.tz_last_price, 130.0)
        self.assertEqual(product.tz_min_price, 100.0)
        action = product.action_tz_price_history()
        self.assertEqual(action["res_model"], "tz.price.history")
        groups = History._read_group(
            [("product_id", "=", self.product.id), ("source", "=", "purchase")],
            ["partner_id"],
            ["price_unit:max"],
        )
        self.assertEqual(groups, [(self.vendor, 130.0)])
        comparison = (
            self.env["tz.vendor.comparison"]
            .with_user(self.buyer)
            .search([("product_id", "=", self.product.id)])
        )
        self.assertEqual(comparison.order_count, 2)
        self.assertEqual(comparison.last_price, 130.0)

        # what a buyer may not do
        with self.assertRaises(UserError):
            history.with_user(self.buyer).write({"price_unit": 90.0})
        with self.assertRaises(UserError):
            history.with_user(self.buyer).unlink()
        result = History.load([".id", "price_unit"], [[str(history.id), "90"]])
        self.assertFalse(result["ids"])
        with self.assertRaises(AccessError):
            self.env["tz.inspection.plan"].with_user(self.buyer).create(
                {"name": "越权"}
            )
        level = self.env["tz.stock.level"].create(
            {"product_id": self.product.id, "warehouse_id": self.warehouse.id}
        )
        with self.assertRaises(AccessError):
            level.with_user(self.buyer).max_qty = 5
        with self.assertRaises(AccessError):
            level.with_user(self.buyer).action_compute_cover()
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.buyer).create(
                {"tz_price_alert_threshold": 50.0}
            )
        self.assertEqual(self.company.tz_price_alert_threshold, 10.0)
        history.invalidate_recordset()
        self.assertEqual(history.price_unit, 100.0)

    # ------------------------------------------------------------------
    # Warehouse keeper (stock.group_stock_user)
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models", "odoo.sql_db")
    def test_keeper_journey(self):
        """Receive, inspect, quarantine, return to vendor: all as the keeper."""
        keeper = self.stock_user
        self.assertTrue(keeper.has_group("stock.group_stock_user"))
        self.assertFalse(keeper.has_group("stock.group_stock_manager"))
        self.assertFalse(keeper.has_group("purchase.group_purchase_user"))
        self.receipt_type.tz_inspection_required = True
        order = self._buyer_order(price=50.0, qty=20.0)
        receipt = order.picking_ids.with_user(keeper)
        self.assertTrue(receipt.tz_can_create_inspection)
        # the receipt waits for the inspection
        with self.assertRaisesRegex(UserError, "must pass its incoming inspection"):
            receipt.button_validate()
        action = receipt.action_tz_create_inspections()
        inspection = (
            self.env["tz.inspection"].with_user(keeper).browse(action["res_id"])
        )
        self.assertEqual(inspection.qty_received, 20)
        self.assertEqual(inspection.qty_sampled, 2)
        self.assertTrue(inspection.name.startswith("IQC/"))
        # the inspection form: checks, sample, defects, rejection
        with Form(inspection) as form:
            form.qty_defect = 1
            form.qty_rejected = 4
            with form.line_ids.edit(0) as check:
                check.result = "pass"
            with form.line_ids.edit(1) as check:
                check.result = "fail"
                check.measured = "2 台不通电"
        self.assertEqual(inspection.qty_accepted, 16)
        inspection.action_done()
        self.assertEqual((inspection.state, inspection.result), ("done", "partial"))
        self.assertFalse(inspection.quarantine_move_id)
        # receive: rejected goods go to quarantine
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        lead_time = (
            self.env["tz.supply.lead.time"]
            .with_user(keeper)
            .search([("picking_id", "=", receipt.id)])
        )
        self.assertEqual(lead_time.qty, 20)
        with self.assertRaises(AccessError):
            lead_time.write({"delay_days": 0})
        with self.assertRaises(AccessError):
            lead_time.unlink()
        self.assertEqual(inspection.quarantine_move_id.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 4)
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 16)
        # return to vendor, validated by the keeper
        action = inspection.action_return_to_vendor()
        ret = self.env["stock.picking"].with_user(keeper).browse(action["res_id"])
        self.assertEqual(ret.move_ids.product_uom_qty, 4)
        ret.button_validate()
        self.assertEqual(ret.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 0)
        self.assertEqual(order.order_line.qty_received, 16)
        self.assertFalse(inspection.can_return)
        # vendor quality as the keeper reads it
        quality = (
            self.env["tz.inspection"]
            .with_user(keeper)
            ._read_group(
                [("id", "=", inspection.id)], ["partner_id"], ["acceptance_rate:avg"]
            )
        )
        self.assertEqual(quality, [(self.vendor, 80.0)])

        # what a keeper may not do
        with self.assertRaises(UserError):
            inspection.qty_rejected = 0
        with self.assertRaises(UserError):
            receipt.write(
                {
                    "tz_inspection_ids": [
                        Command.update(inspection.id, {"result": "pass"})
                    ]
                }
            )
        with self.assertRaises(UserError):
            inspection.copy()
        result = inspection.load([".id", "qty_rejected"], [[str(inspection.id), "0"]])
        self.assertFalse(result["ids"])
        with self.assertRaises(AccessError):
            inspection.unlink()
        with self.assertRaises(UserError):
            inspection.action_reset_draft()
        with self.assertRaises(AccessError):
            self.plan.with_user(keeper).write({"sample_percent": 1})
        with self.assertRaises(AccessError):
            order.with_user(keeper).write({"partner_ref": "改"})
        inspection.invalidate_recordset()
        self.assertEqual((inspection.qty_rejected, inspection.result), (4, "partial"))

    # ------------------------------------------------------------------
    # Managers
    # ------------------------------------------------------------------
    def test_managers_configure_and_correct(self):
        order = self._create_po(qty=10, price=10)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids.with_user(self.stock_user)
        inspection.action_accept_all()
        # the stock manager configures plans and levels, computes, reopens
        manager = self.stock_manager
        plan = (
            self.env["tz.inspection.plan"]
            .with_user(manager)
            .create(
                {
                    "name": "外壳全检",
                    "item_ids": [
                        Command.create({"name": "外观", "check_type": "visual"})
                    ],
                }
            )
        )
        self.assertEqual(plan.item_count, 1)
        level = (
            self.env["tz.stock.level"]
            .with_user(manager)
            .create({"product_id": self.product.id, "warehouse_id": self.warehouse.id})
        )
        level.max_qty = 5
        level.action_compute_cover()
        self.assertEqual(level.qty_on_hand, 10)
        self.assertTrue(level.overstock)
        inspection.with_user(manager).action_reset_draft()
        self.assertEqual(inspection.state, "draft")
        # the purchase manager reopens too
        inspection.action_accept_all()
        inspection.with_user(self.purchase_manager).action_reset_draft()
        self.assertEqual(inspection.state, "draft")
        # nobody deletes a done inspection, not even a manager
        inspection.action_accept_all()
        with self.assertRaises(UserError):
            inspection.with_user(manager).unlink()

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_other_employees_see_nothing(self):
        """Employees outside inventory and purchase: no supply data at all."""
        order = self._create_po(qty=5, price=10)
        self._receive(order)
        for model in (
            "tz.inspection",
            "tz.price.history",
            "tz.supply.lead.time",
            "tz.stock.level",
            "tz.vendor.comparison",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).read_group(
                    [], ["company_id"], ["company_id"]
                )

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInspectionTour(HttpCase):
    def test_inspect_partial_rejection_tour(self):
        """The warehouse keeper (Inventory / User only, not admin) inspects,
        rejects part of the receipt and returns it to the vendor."""
        env = self.env
        keeper = new_test_user(
            env,
            login="tz_tour_keeper",
            groups="stock.group_stock_user",
            name="仓管员 导览",
        )
        plan = env["tz.inspection.plan"].create(
            {
                "name": "巡检方案-导览",
                "sampling_method": "fixed",
                "sample_qty": 2,
                "item_ids": [(0, 0, {"name": "外观检查", "check_type": "visual"})],
            }
        )
        product = env["product.product"].create(
            {
                "name": "导览测试电芯",
                "is_storable": True,
                "type": "consu",
                "tz_inspect_on_receipt": True,
                "tz_inspection_plan_id": plan.id,
            }
        )
        vendor = env["res.partner"].create({"name": "导览供应商有限公司"})
        order = env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": product.id, "product_qty": 10, "price_unit": 5},
                    )
                ],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 10
        picking.move_ids.picked = True
        picking.button_validate()
        inspection = picking.tz_inspection_ids
        self.assertEqual(inspection.state, "draft")
        self.start_tour(
            "/odoo/action-tz_supply.action_tz_inspection",
            "tz_supply_inspection_tour",
            login=keeper.login,
        )
        inspection.invalidate_recordset()
        self.assertEqual(inspection.state, "done")
        self.assertEqual(inspection.result, "partial")
        self.assertEqual(inspection.qty_rejected, 3)
        self.assertEqual(inspection.qty_accepted, 7)
        self.assertTrue(inspection.return_picking_ids)
        self.assertEqual(inspection.return_picking_ids.move_ids.product_uom_qty, 3)
        # the buyer is told on the order, by the keeper, in an internal note
        note = order.message_ids.filtered(
            lambda m: (
                inspection.name in (m.body or "") and m.author_id == keeper.partner_id
            )
        )
        self.assertEqual(len(note), 1)

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TzSupplyCommon


@tagged("post_install", "-at_install")
class TestInspection(TzSupplyCommon):
    def test_plan_sampling_and_category_flag(self):
        self.assertEqual(self.plan._get_sample_size(40), 4)
        self.assertEqual(self.plan._get_sample_size(41), 5)
        category = self.env["product.category"].create(
            {
                "name": "原材料-测试",
                "tz_inspect_on_receipt": True,
                "tz_inspection_plan_id": self.plan.id,
            }
        )
        self.plain_product.categ_id = category
        tmpl = self.plain_product.product_tmpl_id
        self.assertTrue(tmpl._tz_needs_inspection())
        self.assertEqual(tmpl._tz_inspection_plan(), self.plan)

    def test_accept_all(self):
        order = self._create_po(qty=10, price=100)
        picking, _res = self._receive(order)
        self.assertEqual(picking.state, "done")
        inspection = picking.tz_inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.state, "draft")
        self.assertEqual(inspection.qty_received, 10)
        self.assertEqual(inspection.qty_sampled, 1)
        self.assertEqual(inspection.partner_id, self.vendor)
        self.assertEqual(inspection.purchase_id, order)
        self.assertEqual(len(inspection.line_ids), 2)
        self.assertEqual(order.tz_inspection_count, 1)
        inspection.action_accept_all()
        self.assertEqual(inspection.state, "done")
        self.assertEqual(inspection.result, "pass")
        self.assertEqual(inspection.qty_accepted, 10)
        self.assertEqual(inspection.acceptance_rate, 100)
        self.assertFalse(inspection.quarantine_move_id)
        self.assertFalse(inspection.can_return)
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 10)
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 0)

    def test_products_without_flag_not_inspected(self):
        order = self._create_po(product=self.plain_product, qty=5, price=1)
        picking, _res = self._receive(order)
        self.assertFalse(picking.tz_inspection_ids)

    def test_partial_rejection_quarantine_and_vendor_return(self):
        order = self._create_po(qty=10, price=100)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids
        inspection.line_ids[0].result = "pass"
        with self.assertRaisesRegex(UserError, "record a result"):
            inspection.action_done()
        inspection.line_ids[1].write({"result": "fail", "note": "3 台不通电"})
        inspection.write({"qty_defect": 1, "qty_rejected": 3})
        self.assertEqual(inspection.qty_accepted, 7)
        inspection.action_done()
        self.assertEqual(inspection.result, "partial")
        self.assertEqual(inspection.acceptance_rate, 70)
        self.assertEqual(inspection.quarantine_move_id.state, "done")
        self.assertEqual(inspection.quarantine_location_id, self.quarantine)
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 7)
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 3)
        # received quantity on the PO is unchanged by the quarantine move
        self.assertEqual(order.order_line.qty_received, 10)

        self.assertTrue(inspection.can_return)
        action = inspection.action_return_to_vendor()
        ret = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(ret.return_id, picking)
        self.assertEqual(ret.location_id, self.quarantine)
        self.assertEqual(ret.location_dest_id, self.supplier_location)
        self.assertEqual(ret.partner_id, self.vendor)
        self.assertEqual(ret.move_ids.purchase_line_id, order.order_line)
        self.assertEqual(ret.move_ids.product_uom_qty, 3)
        self.assertIn(ret, order.picking_ids)
        self.assertEqual(inspection.qty_returned, 3)
        self.assertFalse(inspection.can_return)
        with self.assertRaises(UserError):
            inspection.action_return_to_vendor()
        ret.button_validate()
        self.assertEqual(ret.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 0)
        self.assertEqual(order.order_line.qty_received, 7)
        with self.assertRaises(UserError):
            inspection.unlink()

    def test_full_rejection(self):
        order = self._create_po(qty=4, price=100)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids
        inspection.line_ids.result = "fail"
        inspection.qty_rejected = 4
        inspection.action_done()
        self.assertEqual(inspection.result, "fail")
        self.assertEqual(inspection.acceptance_rate, 0)
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 4)

    def test_vendor_quality_weighted_rate(self):
        inspections = self.env["tz.inspection"]
        for qty, rejected in ((10, 3), (4, 4)):
            order = self._create_po(qty=qty, price=100)
            picking, _res = self._receive(order)
            inspection = picking.tz_inspection_ids
            inspection.line_ids.result = "pass"
            inspection.qty_rejected = rejected
            inspection.action_done()
            inspections |= inspection
        self.assertEqual(inspections.mapped("acceptance_rate"), [70.0, 0.0])
        groups = self.env["tz.inspection"]._read_group(
            [("id", "in", inspections.ids)],
            ["partner_id"],
            ["acceptance_rate:avg", "qty_received:sum", "qty_rejected:sum"],
        )
        self.assertEqual(groups, [(self.vendor, 50.0, 14.0, 7.0)])
        data = self.env["tz.inspection"].read_group(
            [("id", "in", inspections.ids)], ["acceptance_rate"], ["product_id"]
        )
        self.assertEqual(data[0]["acceptance_rate"], 50.0)

    def test_required_inspection_blocks_validation(self):
        self.receipt_type.tz_inspection_required = True
        order = self._create_po(qty=10, price=100)
        picking = order.picking_ids
        self.assertTrue(picking.tz_can_create_inspection)
        with self.assertRaisesRegex(UserError, "must pass its incoming inspection"):
            self._receive(order)
        self.assertEqual(picking.state, "assigned")
        picking.action_tz_create_inspections()
        inspection = picking.tz_inspection_ids
        self.assertEqual(inspection.qty_received, 10)
        self.assertEqual(picking.tz_inspection_state, "todo")
        with self.assertRaisesRegex(UserError, "must pass its incoming inspection"):
            self._receive(order)
        inspection.line_ids.result = "pass"
        inspection.qty_rejected = 2
        inspection.action_done()
        # nothing moved to quarantine before the goods are received
        self.assertFalse(inspection.quarantine_move_id)
        # the inspected quantity must match what is received
        with self.assertRaisesRegex(UserError, "were inspected"):
            self._receive(order, qty=8)
        self._receive(order)
        self.assertEqual(picking.state, "done")
        self.assertEqual(inspection.quarantine_move_id.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.quarantine), 2)
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 8)
        self.assertEqual(len(picking.tz_inspection_ids), 1)

    def test_required_type_without_flagged_products(self):
        self.receipt_type.tz_inspection_required = True
        order = self._create_po(product=self.plain_product, qty=5, price=1)
        picking, _res = self._receive(order)
        self.assertEqual(picking.state, "done")

    def test_bad_input(self):
        order = self._create_po(qty=10, price=100)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids
        with self.assertRaisesRegex(ValidationError, "cannot exceed the received"):
            inspection.qty_sampled = 11
        self.assertEqual(inspection.qty_sampled, 1)
        with self.assertRaisesRegex(ValidationError, "must equal the inspected"):
            inspection.write({"qty_accepted": 5, "qty_rejected": 3})
        self.assertEqual(inspection.qty_rejected, 0)
        self.assertEqual(inspection.qty_accepted, 10)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            inspection.qty_rejected = -1
        with self.assertRaisesRegex(ValidationError, "defects found"):
            inspection.qty_defect = 2
        with self.assertRaisesRegex(ValidationError, "between 0"):
            self.plan.sample_percent = 120
        with self.assertRaisesRegex(ValidationError, "fixed sampling"):
            self.plan.write({"sampling_method": "fixed", "sample_qty": 0})
        self.assertEqual(self.plan.sampling_method, "percentage")
        inspection.action_accept_all()
        with self.assertRaises(UserError):
            inspection.action_done()

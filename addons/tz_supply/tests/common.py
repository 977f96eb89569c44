from contextlib import contextmanager

from odoo.tests import Form, TransactionCase, new_test_user


class TzSupplyCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "tz_price_alert_threshold": 10.0,
                "tz_cover_window_days": 30,
                "tz_slow_moving_days": 90,
                "tz_default_lead_days": 7,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.quarantine = cls.warehouse._tz_get_quarantine_location()
        cls.receipt_type = cls.warehouse.in_type_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.vendor = cls.env["res.partner"].create(
            {"name": "苏州恒通电子有限公司", "is_company": True}
        )
        cls.vendor_b = cls.env["res.partner"].create(
            {"name": "宁波华茂塑胶制品厂", "is_company": True}
        )
        cls.plan = cls.env["tz.inspection.plan"].create(
            {
                "name": "电子料抽检",
                "sampling_method": "percentage",
                "sample_percent": 10,
                "item_ids": [
                    (0, 0, {"name": "外观检查", "check_type": "visual"}),
                    (0, 0, {"name": "功能测试", "check_type": "function"}),
                ],
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "电源适配器 12V2A",
                "is_storable": True,
                "type": "consu",
                "standard_price": 20.0,
                "purchase_method": "receive",
                "tz_inspect_on_receipt": True,
                "tz_inspection_plan_id": cls.plan.id,
            }
        )
        cls.plain_product = cls.env["product.product"].create(
            {
                "name": "扎带 3x150",
                "is_storable": True,
                "type": "consu",
                "standard_price": 0.05,
            }
        )
        cls.stock_user = new_test_user(
            cls.env,
            login="tz_supply_stock_user",
            groups="stock.group_stock_user",
            name="仓管员 小王",
        )
        cls.buyer = new_test_user(
            cls.env,
            login="tz_supply_buyer",
            groups="purchase.group_purchase_user",
            name="采购员 小李",
        )

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like assertRaises (savepoint + cache reset), checking the message."""
        with self.assertRaises(exception) as ctx:
            yield ctx
        self.assertRegex(str(ctx.exception), regex)

    def _create_po(
        self, product=None, qty=10.0, price=100.0, partner=None, confirm=True
    ):
        with Form(self.env["purchase.order"]) as po_form:
            po_form.partner_id = partner or self.vendor
            with po_form.order_line.new() as line:
                line.product_id = product or self.product
                line.product_qty = qty
                line.price_unit = price
        order = po_form.save()
        if confirm:
            order.button_confirm()
        return order

    def _receive(self, order, qty=None):
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in picking.move_ids:
            move.quantity = qty if qty is not None else move.product_uom_qty
        picking.move_ids.picked = True
        res = picking.with_context(
            skip_backorder=True, cancel_backorder=True
        ).button_validate()
        return picking, res

    def _quant_qty(self, product, location):
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))

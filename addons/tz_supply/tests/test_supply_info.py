from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import TzSupplyCommon


@tagged("post_install", "-at_install")
class TestSupplyInfo(TzSupplyCommon):
    def test_price_history_and_alert(self):
        order1 = self._create_po(product=self.plain_product, qty=100, price=10.0)
        history = self.env["tz.price.history"].search(
            [("product_id", "=", self.plain_product.id), ("source", "=", "purchase")]
        )
        self.assertEqual(len(history), 1)
        self.assertEqual(history.price_unit, 10.0)
        self.assertEqual(history.partner_id, self.vendor)
        self.assertEqual(history.order_id, order1)

        order2 = self._create_po(
            product=self.plain_product, qty=100, price=12.0, confirm=False
        )
        line = order2.order_line
        self.assertEqual(line.tz_last_price, 10.0)
        self.assertEqual(line.tz_price_change_pct, 20.0)
        self.assertTrue(line.tz_price_alert)
        self.assertTrue(order2.tz_price_alert)
        self.assertIn(
            order2, self.env["purchase.order"].search([("tz_price_alert", "=", True)])
        )
        # within the threshold (10 %): no alert, also for a decrease
        line.price_unit = 10.9
        self.assertFalse(line.tz_price_alert)
        line.price_unit = 8.5
        self.assertTrue(line.tz_price_alert)
        self.assertEqual(line.tz_price_change_pct, -15.0)
        line.price_unit = 12.0
        order2.button_confirm()
        self.assertTrue(
            order2.message_ids.filtered(lambda m: "price alerts" in (m.body or ""))
        )
        # the confirmed order's own price is not its "last price"
        self.assertEqual(line.tz_last_price, 10.0)
        history = self.env["tz.price.history"].search(
            [("product_id", "=", self.plain_product.id), ("source", "=", "purchase")]
        )
        self.assertEqual(len(history), 2)
        self.assertEqual(history[0].price_change_pct, 20.0)

        order3 = self._create_po(
            product=self.plain_product, qty=10, price=9.0, partner=self.vendor_b
        )
        self.assertTrue(order3)
        product = self.plain_product
        product.invalidate_recordset()
        self.assertEqual(product.tz_price_history_count, 3)
        self.assertEqual(product.tz_last_price, 9.0)
        self.assertAlmostEqual(product.tz_avg_price, (10 + 12 + 9) / 3, places=2)
        self.assertEqual(product.tz_min_price, 9.0)

        comparison = self.env["tz.vendor.comparison"].search(
            [("product_id", "=", product.id)]
        )
        self.assertEqual(len(comparison), 2)
        row = comparison.filtered(lambda r: r.partner_id == self.vendor)
        self.assertEqual(row.order_count, 2)
        self.assertEqual(row.last_price, 12.0)
        self.assertEqual(row.min_price, 10.0)
        self.assertEqual(row.avg_price, 11.0)

    def test_alert_discount_and_uom(self):
        self._create_po(product=self.plain_product, qty=100, price=10.0)
        order = self._create_po(
            product=self.plain_product, qty=10, price=12.0, confirm=False
        )
        order.order_line.discount = 15.0  # net 10.2
        self.assertFalse(order.order_line.tz_price_alert)
        dozen = self.env.ref("uom.product_uom_dozen")
        order.order_line.write({"product_uom": dozen.id, "price_unit": 120.0})
        self.assertAlmostEqual(order.order_line.tz_last_price, 120.0)

    def test_threshold_setting(self):
        self._create_po(product=self.plain_product, qty=100, price=10.0)
        self.company.tz_price_alert_threshold = 30
        order = self._create_po(
            product=self.plain_product, qty=1, price=12.0, confirm=False
        )
        self.assertFalse(order.order_line.tz_price_alert)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.tz_price_alert_threshold = -5
        self.assertEqual(self.company.tz_price_alert_threshold, 30)
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self.company.tz_cover_window_days = 0
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.tz_price_alert_threshold, 30)

    def test_vendor_pricelist_history(self):
        info = self.env["product.supplierinfo"].create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.plain_product.product_tmpl_id.id,
                "price": 0.06,
                "delay": 4,
            }
        )
        history = self.env["tz.price.history"].search(
            [("supplierinfo_id", "=", info.id)]
        )
        self.assertEqual(history.source, "pricelist")
        self.assertEqual(history.price_unit, 0.06)
        self.assertEqual(history.lead_days, 4)
        info.price = 0.09
        history = self.env["tz.price.history"].search(
            [("supplierinfo_id", "=", info.id)]
        )
        self.assertEqual(len(history), 2)
        self.assertEqual(history[0].price_change_pct, 50.0)
        # pricelist prices do not count as purchase prices
        self.assertEqual(self.plain_product.tz_price_history_count, 0)
        row = self.env["tz.vendor.comparison"].search(
            [("product_id", "=", self.plain_product.id)]
        )
        self.assertEqual(row.pricelist_price, 0.09)

    def test_lead_time_promised_vs_actual(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._create_po(
                product=self.plain_product, qty=50, price=1.0, confirm=False
            )
            order.order_line.date_planned = datetime(2026, 3, 9, 9, 0)
            order.button_confirm()
        with freeze_time("2026-03-12 09:00:00"):
            self._receive(order, qty=30)
        with freeze_time("2026-03-08 09:00:00"):
            order2 = self._create_po(
                product=self.plain_product, qty=10, price=1.0, confirm=False
            )
            order2.order_line.date_planned = datetime(2026, 3, 13, 9, 0)
            order2.button_confirm()
        with freeze_time("2026-03-11 09:00:00"):
            self._receive(order2)
        lead = self.env["tz.supply.lead.time"].search([("purchase_id", "=", order.id)])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.promised_days, 7)
        self.assertEqual(lead.actual_days, 10)
        self.assertEqual(lead.delay_days, 3)
        self.assertFalse(lead.on_time)
        lead2 = self.env["tz.supply.lead.time"].search(
            [("purchase_id", "=", order2.id)]
        )
        self.assertEqual(lead2.actual_days, 3)
        self.assertTrue(lead2.on_time)
        row = self.env["tz.vendor.comparison"].search(
            [("product_id", "=", self.plain_product.id)]
        )
        self.assertEqual(row.promised_days, 6)
        self.assertEqual(row.actual_days, 6.5)
        self.assertEqual(row.on_time_rate, 50)
        history = self.env["tz.price.history"].search([("order_id", "=", order.id)])
        self.assertEqual(history.lead_days, 7)

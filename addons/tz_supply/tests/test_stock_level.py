from datetime import datetime, timedelta

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import TzSupplyCommon

NOW = datetime(2026, 6, 30, 12, 0, 0)


@tagged("post_install", "-at_install")
class TestStockLevel(TzSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Level = cls.env["tz.stock.level"]
        products = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "is_storable": True,
                    "type": "consu",
                    "standard_price": cost,
                }
                for name, cost in (
                    ("缺料-电机", 50.0),
                    ("积压-外壳", 8.0),
                    ("呆滞-旧款面板", 30.0),
                    ("正常-螺母", 0.5),
                )
            ]
        )
        cls.p_short, cls.p_over, cls.p_slow, cls.p_ok = products
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.p_short.product_tmpl_id.id,
                "price": 45.0,
                "delay": 10,
            }
        )
        cls.vendor.buyer_id = cls.buyer
        # stock 100 days ago, then consumption
        with freeze_time(NOW - timedelta(days=100)):
            for product, qty in (
                (cls.p_short, 100),
                (cls.p_over, 530),
                (cls.p_slow, 60),
                (cls.p_ok, 300),
            ):
                cls.env["stock.quant"]._update_available_quantity(
                    product, cls.stock_location, qty
                )
        with freeze_time(NOW - timedelta(days=95)):
            cls._consume(cls.p_slow, 10)
        # 60 in the window (2/day) + 20 before the window (ignored for the average)
        with freeze_time(NOW - timedelta(days=45)):
            cls._consume(cls.p_short, 20)
        for days in (25, 15, 5):
            with freeze_time(NOW - timedelta(days=days)):
                cls._consume(cls.p_short, 20)
                cls._consume(cls.p_over, 10)
                cls._consume(cls.p_ok, 30)
        cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.p_short.id,
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.stock_location.id,
                "product_min_qty": 10,
                "product_max_qty": 100,
            }
        )

    @classmethod
    def _consume(cls, product, qty):
        move = cls.env["stock.move"].create(
            {
                "name": "出库",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        return move

    def _compute(self):
        self.Level._tz_compute_cover(self.company, now=NOW)
        return {
            level.product_id: level
            for level in self.Level.search(
                [
                    ("warehouse_id", "=", self.warehouse.id),
                    (
                        "product_id",
                        "in",
                        (self.p_short | self.p_over | self.p_slow | self.p_ok).ids,
                    ),
                ]
            )
        }

    def test_cover_shortage_overstock_slow(self):
        over = self.Level.create(
            {
                "product_id": self.p_over.id,
                "warehouse_id": self.warehouse.id,
                "max_qty": 200,
            }
        )
        levels = self._compute()
        self.assertEqual(len(levels), 4, "levels are created for stocked products")
        self.assertEqual(levels[self.p_over], over)

        short = levels[self.p_short]
        self.assertEqual(short.qty_on_hand, 20)
        self.assertEqual(short.avg_daily_qty, 2)
        self.assertEqual(short.days_cover, 10)
        self.assertEqual(short.lead_days, 10)
        self.assertEqual(short.min_qty, 10)
        # 20 on hand - 2/day * 10 days = 0 < min 10
        self.assertEqual(short.projected_qty, 0)
        self.assertTrue(short.shortage)
        self.assertEqual(short.state, "shortage")
        self.assertEqual(short.shortage_qty, 10)
        self.assertEqual(short.shortage_value, 500)
        self.assertEqual(short.stock_value, 1000)
        activity = short.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.buyer, "shortage goes to the buyer")

        self.assertEqual(over.qty_on_hand, 500)
        self.assertEqual(over.avg_daily_qty, 1)
        self.assertEqual(over.days_cover, 500)
        self.assertTrue(over.overstock)
        self.assertEqual(over.state, "overstock")
        self.assertEqual(over.excess_qty, 300)
        self.assertEqual(over.excess_value, 2400)

        slow = levels[self.p_slow]
        self.assertEqual(slow.qty_on_hand, 50)
        self.assertTrue(slow.no_consumption)
        self.assertTrue(slow.slow_moving)
        self.assertEqual(slow.state, "slow")
        self.assertEqual(slow.last_outgoing_date, NOW - timedelta(days=95))

        ok = levels[self.p_ok]
        self.assertEqual(ok.qty_on_hand, 210)
        self.assertEqual(ok.avg_daily_qty, 3)
        self.assertEqual(ok.days_cover, 70)
        self.assertEqual(ok.projected_qty, 189)
        self.assertEqual(ok.state, "ok")
        self.assertFalse(ok.activity_ids)

        # incoming goods within the lead time resolve the shortage, the
        # activity disappears with it
        self.env["stock.quant"]._update_available_quantity(
            self.p_short, self.stock_location, 40
        )
        levels = self._compute()
        self.assertEqual(levels[self.p_short].state, "ok")
        self.assertFalse(levels[self.p_short].activity_ids)

    def test_max_days_of_cover(self):
        level = self.Level.create(
            {
                "product_id": self.p_ok.id,
                "warehouse_id": self.warehouse.id,
                "max_days_cover": 30,
            }
        )
        self._compute()
        self.assertTrue(level.overstock)
        self.assertEqual(level.excess_qty, 120)
        self.assertEqual(level.excess_value, 60)

    def test_query_count_independent_of_size(self):
        self.env.flush_all()
        self.Level._tz_compute_cover(self.company, now=NOW)
        self.env.flush_all()
        start = self.env.cr.sql_log_count
        self.Level._tz_compute_cover(self.company, now=NOW)
        small = self.env.cr.sql_log_count - start
        products = self.env["product.product"].create(
            [
                {"name": f"批量物料 {i}", "is_storable": True, "type": "consu"}
                for i in range(30)
            ]
        )
        for product in products:
            self.env["stock.quant"]._update_available_quantity(
                product, self.stock_location, 5
            )
        self.Level._tz_compute_cover(self.company, now=NOW)
        self.env.flush_all()
        start = self.env.cr.sql_log_count
        self.Level._tz_compute_cover(self.company, now=NOW)
        big = self.env.cr.sql_log_count - start
        self.assertEqual(big, small)

    def test_bad_limits(self):
        with self.assertRaisesRegex(ValidationError, "below the reordering rule"):
            self.Level.create(
                {
                    "product_id": self.p_short.id,
                    "warehouse_id": self.warehouse.id,
                    "max_qty": 5,
                }
            )
        self.assertFalse(
            self.Level.search(
                [
                    ("product_id", "=", self.p_short.id),
                    ("warehouse_id", "=", self.warehouse.id),
                ]
            )
        )
        level = self.Level.create(
            {
                "product_id": self.p_short.id,
                "warehouse_id": self.warehouse.id,
                "max_qty": 50,
            }
        )
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "=", self.p_short.id)]
        )
        with self.assertRaisesRegex(ValidationError, "below the reordering rule"):
            orderpoint.product_min_qty = 60
        self.assertEqual(orderpoint.product_min_qty, 10)
        with self.assertRaisesRegex(ValidationError, "below the reordering rule"):
            level.max_qty = 9
        self.assertEqual(level.max_qty, 50)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.Level.create(
                {
                    "product_id": self.p_ok.id,
                    "warehouse_id": self.warehouse.id,
                    "max_days_cover": -1,
                }
            )

    def test_cron_runs(self):
        self.env.ref("tz_supply.ir_cron_tz_stock_cover").method_direct_trigger()
        self.assertTrue(
            self.Level.search_count([("product_id", "=", self.p_ok.id)]),
        )

    def test_second_runner_skips_while_one_runs(self):
        # another server's cron (or a queued job) runs this company's cover in
        # a transaction of its own: "Compute Now" and the cron here skip
        key = f"tz_supply.stock_cover.{self.company.id}"
        with self.registry.cursor() as other_cr:
            other = api.Environment(other_cr, SUPERUSER_ID, {})
            ran, _result = other["tz.single.run"]._tz_run_alone(key, lambda: True)
            self.assertTrue(ran)
            with self.assertNoLogs("odoo", level="ERROR"):
                self.assertEqual(
                    self.Level._tz_compute_cover_alone(self.company), (False, 0)
                )
                # Compute Now tells the supply manager instead of doing nothing
                action = self.Level.with_context(
                    allowed_company_ids=self.company.ids
                ).action_compute_cover()
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn(self.company.name, action["params"]["message"])
            self.assertFalse(self.Level.search([("product_id", "=", self.p_short.id)]))
            other_cr.rollback()
        ran, count = self.Level._tz_compute_cover_alone(self.company, NOW)
        self.assertTrue(ran)
        self.assertGreater(count, 0)
        short = self.Level.search([("product_id", "=", self.p_short.id)])
        self.assertEqual(len(short.activity_ids), 1)
        # a second run (the other runner, after the first) adds no alert
        self.Level._tz_compute_cover_alone(self.company, NOW)
        self.assertEqual(len(short.activity_ids), 1)

    def test_second_open_alert_refused_by_the_database(self):
        short = self._compute()[self.p_short]
        alert = short.activity_ids
        self.assertEqual(len(alert), 1)
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            alert.copy()

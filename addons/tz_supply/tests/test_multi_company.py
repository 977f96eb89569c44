from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TzSupplyCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(TzSupplyCommon):
    """Two companies buy, receive, inspect and monitor stock apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "天纵杭州分公司"})
        cls.company_b.write({"tz_price_alert_threshold": 10.0})
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        both = [Command.set([cls.company.id, cls.company_b.id])]
        cls.keeper_a = cls.stock_user
        cls.keeper_b = new_test_user(
            cls.env,
            login="tz_supply_mc_keeper_b",
            groups="stock.group_stock_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set([cls.company_b.id])],
        )
        cls.manager_a = new_test_user(
            cls.env,
            login="tz_supply_mc_manager_a",
            groups="stock.group_stock_manager",
        )
        cls.buyer_ab = new_test_user(
            cls.env,
            login="tz_supply_mc_buyer_ab",
            groups="purchase.group_purchase_user,stock.group_stock_user",
            company_ids=both,
        )

    def _order_in(self, company, price, qty=10.0, confirm=True):
        order = (
            self.env["purchase.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_qty": qty,
                                "price_unit": price,
                            }
                        )
                    ],
                }
            )
        )
        if confirm:
            order.button_confirm()
        return order

    def _inspected(self, company, price, rejected=0.0):
        order = self._order_in(company, price)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids
        inspection.line_ids.write({"result": "pass"})
        inspection.qty_rejected = rejected
        inspection.action_done()
        return order, inspection

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_records_stay_apart(self):
        order_a, insp_a = self._inspected(self.company, 10.0, rejected=1)
        order_b, insp_b = self._inspected(self.company_b, 20.0, rejected=5)
        self.assertEqual(insp_a.company_id, self.company)
        self.assertEqual(insp_b.company_id, self.company_b)
        # the product's plan is company A's: B does not use it (all units)
        self.assertEqual(insp_a.plan_id, self.plan)
        self.assertFalse(insp_b.plan_id)
        self.assertEqual(insp_b.qty_sampled, 10)
        self.assertEqual(
            insp_b.picking_id.picking_type_id.warehouse_id, self.warehouse_b
        )
        self.assertEqual(
            insp_b.quarantine_location_id, self.warehouse_b.tz_quarantine_location_id
        )
        self.assertEqual(insp_b.quarantine_move_id.company_id, self.company_b)
        mine = [("product_id", "=", self.product.id)]
        for model, field in (
            ("tz.inspection", "company_id"),
            ("tz.price.history", "company_id"),
            ("tz.supply.lead.time", "company_id"),
            ("tz.vendor.comparison", "company_id"),
        ):
            with self.subTest(model=model):
                rows_a = self.env[model].with_user(self.keeper_a).search(mine)
                rows_b = self.env[model].with_user(self.keeper_b).search(mine)
                self.assertTrue(rows_a)
                self.assertTrue(rows_b)
                self.assertEqual(set(rows_a.mapped(field)), {self.company})
                self.assertEqual(set(rows_b.mapped(field)), {self.company_b})
                rows_ab = (
                    self.env[model]
                    .with_user(self.buyer_ab)
                    .with_context(allowed_company_ids=self.company_b.ids)
                    .search(mine)
                )
                self.assertEqual(set(rows_ab.mapped(field)), {self.company_b})
        # the reports: each company its own prices and quality
        comparison = (
            self.env["tz.vendor.comparison"].with_user(self.keeper_a).search(mine)
        )
        self.assertEqual((comparison.last_price, comparison.qty_rejected), (10.0, 1))
        comparison_b = (
            self.env["tz.vendor.comparison"].with_user(self.keeper_b).search(mine)
        )
        self.assertEqual(
            (comparison_b.last_price, comparison_b.qty_rejected), (20.0, 5)
        )
        quality = (
            self.env["tz.inspection"]
            .with_user(self.keeper_a)
            .read_group(mine, ["qty_rejected:sum"], ["partner_id"])
        )
        self.assertEqual(quality[0]["qty_rejected"], 1)
        # the other company's records cannot be read, nor linked
        with self.assertRaises(AccessError):
            insp_b.with_user(self.keeper_a).read(["qty_rejected"])
        with self.assertRaises(AccessError):
            order_b.picking_ids.with_user(self.keeper_a).read(["tz_inspection_count"])
        self.assertEqual(order_a.tz_inspection_count, 1)

    def test_inspection_numbers_per_company(self):
        _order, insp_a1 = self._inspected(self.company, 10.0)
        seq_a = self.env["ir.sequence"].search(
            [("code", "=", "tz.inspection"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(seq_a), 1)
        # company B's receipt validated while company A is the current one
        order_b = self._order_in(self.company_b, 20.0)
        picking_b = order_b.picking_ids.with_user(self.buyer_ab).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        picking_b.move_ids.quantity = 10
        picking_b.move_ids.picked = True
        picking_b.button_validate()
        insp_b1 = picking_b.tz_inspection_ids
        seq_b = self.env["ir.sequence"].search(
            [("code", "=", "tz.inspection"), ("company_id", "=", self.company_b.id)]
        )
        self.assertEqual(len(seq_b), 1)
        self.assertEqual(insp_b1.company_id, self.company_b)
        next_b = seq_b.number_next_actual
        self.assertTrue(insp_b1.name.endswith(str(next_b - 1).zfill(seq_b.padding)))
        # B's inspection did not use a number of A's series, nor the reverse
        _order, insp_a2 = self._inspected(self.company, 10.0)
        self.assertEqual(
            int(insp_a2.name.rsplit("/", 1)[1]), int(insp_a1.name.rsplit("/", 1)[1]) + 1
        )
        self.assertEqual(seq_b.number_next_actual, next_b)
        _order, insp_b2 = self._inspected(self.company_b, 20.0)
        self.assertEqual(
            int(insp_b2.name.rsplit("/", 1)[1]), int(insp_b1.name.rsplit("/", 1)[1]) + 1
        )

    def test_price_alerts_per_company(self):
        self._order_in(self.company, 10.0)
        self._order_in(self.company_b, 20.0)
        env_ab = self.env(
            user=self.buyer_ab,
            context=dict(
                self.env.context,
                allowed_company_ids=[self.company.id, self.company_b.id],
            ),
        )
        draft_b = self._order_in(self.company_b, 20.0, confirm=False).with_env(env_ab)
        self.assertEqual(draft_b.order_line.tz_last_price, 20.0)
        self.assertFalse(draft_b.order_line.tz_price_alert)
        draft_a = self._order_in(self.company, 20.0, confirm=False).with_env(env_ab)
        self.assertEqual(draft_a.order_line.tz_last_price, 10.0)
        self.assertTrue(draft_a.order_line.tz_price_alert)

    def test_stock_cover_cron_per_company(self):
        (self.company | self.company_b).write({"tz_slow_moving_days": 0})
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(self.plain_product, self.stock_location, 5)
        Quant._update_available_quantity(
            self.plain_product, self.warehouse_b.lot_stock_id, 7
        )
        self.env["tz.stock.level"]._cron_compute_cover()
        levels = self.env["tz.stock.level"].search(
            [("product_id", "=", self.plain_product.id)]
        )
        self.assertEqual(len(levels), 2)
        level_a = levels.filtered(lambda lv: lv.warehouse_id == self.warehouse)
        level_b = levels.filtered(lambda lv: lv.warehouse_id == self.warehouse_b)
        self.assertEqual((level_a.company_id, level_a.qty_on_hand), (self.company, 5))
        self.assertEqual((level_b.company_id, level_b.qty_on_hand), (self.company_b, 7))
        self.assertEqual(
            self.env["tz.stock.level"]
            .with_user(self.keeper_a)
            .search([("product_id", "=", self.plain_product.id)]),
            level_a,
        )
        # company A's manager computes company A only
        Quant._update_available_quantity(self.plain_product, self.stock_location, 1)
        Quant._update_available_quantity(
            self.plain_product, self.warehouse_b.lot_stock_id, 1
        )
        self.env["tz.stock.level"].with_user(self.manager_a).action_compute_cover()
        levels.invalidate_recordset()
        self.assertEqual(level_a.qty_on_hand, 6)
        self.assertEqual(level_b.qty_on_hand, 7)
        # B's monitoring settings flag B only
        level_b.max_qty = 6
        self.env["tz.stock.level"]._cron_compute_cover()
        self.assertEqual((level_a.state, level_b.state), ("ok", "overstock"))
        self.assertEqual(level_b.qty_on_hand, 8)

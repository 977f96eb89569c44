from odoo import Command
from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzCommissionForecast(TzCommissionCommon):
    def _pipeline(self):
        self.env["crm.lead"].create(
            {
                "name": "锦程贸易年度采购",
                "type": "opportunity",
                "user_id": self.seller.id,
                "partner_id": self.partner.id,
                "expected_revenue": 40000,
                "probability": 50,
            }
        )
        # a lost-like opportunity with probability 0 is ignored
        self.env["crm.lead"].create(
            {
                "name": "Dead lead",
                "type": "opportunity",
                "user_id": self.seller.id,
                "expected_revenue": 99999,
                "probability": 0,
            }
        )
        # quotation of 10 000
        self.env["sale.order"].create(
            {
                "partner_id": self.partner2.id,
                "user_id": self.seller.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 10,
                            "price_unit": 1000,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        # confirmed, not invoiced order of 10 000
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner2.id,
                "user_id": self.seller.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 5,
                            "price_unit": 2000,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        # someone else's pipeline does not count
        self.env["crm.lead"].create(
            {
                "name": "Other",
                "type": "opportunity",
                "user_id": self.seller2.id,
                "expected_revenue": 50000,
                "probability": 90,
            }
        )

    def test_forecast_progressive_known_pipeline(self):
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._invoice(50000, date="2026-03-05")
        self._pipeline()
        target = self._target(target_revenue=100000)
        self.assertEqual(target.earned_commission, 1000)
        # 40000 * 50 % + 10000 quotation + 10000 confirmed uninvoiced
        self.assertEqual(target.pipeline_basis, 40000)
        # C(90 000) = 80 000 * 2 % + 10 000 * 3 %
        self.assertEqual(target.forecast_commission, 1900)
        self.assertEqual(target.next_tier_needed, 30000)
        self.assertEqual(target.next_tier_worth, 600)
        self.assertIn("3 %", target.forecast_message)
        self.assertIn("more to reach the next tier", target.forecast_message)

    def test_forecast_whole_and_fixed(self):
        plan = self._plan(rate_type="tiered", tier_mode="whole", tier_ids=self._tiers())
        self._invoice(50000, date="2026-03-05")
        self._pipeline()
        target = self._target(target_revenue=100000)
        # whole: 90 000 * 3 %
        self.assertEqual(target.forecast_commission, 2700)
        # reaching 80 000 re-rates everything: 80 000 * 3 % - 1 000
        self.assertEqual(target.next_tier_worth, 1400)
        plan.write({"rate_type": "fixed", "fixed_rate": 4})
        target.invalidate_recordset()
        self.assertEqual(target.forecast_commission, 1000 + 40000 * 0.04)
        self.assertFalse(target.forecast_message)

    def test_forecast_paid_basis_counts_open_invoices(self):
        self._plan(basis="paid", fixed_rate=5)
        invoice = self._invoice(20000, date="2026-03-05")
        self._pay(invoice, 5000, date="2026-03-06")
        target = self._target(target_revenue=100000)
        self.assertEqual(target.earned_commission, 250)
        self.assertEqual(target.pipeline_basis, 15000)
        self.assertEqual(target.forecast_commission, 1000)

    def test_top_tier_and_no_plan(self):
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._invoice(150000, date="2026-03-05")
        target = self._target(target_revenue=100000)
        self.assertFalse(target.next_tier_needed)
        self.assertIn("Top tier", target.forecast_message)
        other = self._target(user=self.seller2)
        self.assertFalse(other.plan_id)
        self.assertFalse(other.forecast_commission)

    def test_closed_period_shows_earned_only(self):
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._invoice(50000, date="2026-02-05")
        self._pipeline()
        february = self._target(date_from="2026-02-01", target_revenue=100000)
        self.assertEqual(february.earned_commission, 1000)
        self.assertEqual(february.pipeline_basis, 0)
        self.assertEqual(february.forecast_commission, 1000)
        self.assertFalse(february.forecast_message)
        march = self._target(target_revenue=100000)
        self.assertEqual(march.earned_commission, 0)
        self.assertEqual(march.pipeline_basis, 40000)
        self.assertEqual(march.forecast_commission, 800)

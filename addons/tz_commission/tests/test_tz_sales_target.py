from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzSalesTarget(TzCommissionCommon):
    def test_actuals_invoiced_margin_and_achievement(self):
        self._invoice(0, lines=[(self.product, 30, 1000)], date="2026-03-05")
        self._invoice(
            0,
            lines=[(self.product, 10, 1000)],
            date="2026-03-06",
            move_type="out_refund",
        )
        self._invoice(50000, date="2026-04-02")  # next period
        self._invoice(7000, date="2026-03-07", user=self.seller2)
        target = self._target(
            target_revenue=40000, target_margin=10000, target_new_customers=2
        )
        self.assertEqual(target.actual_revenue, 20000)
        self.assertEqual(target.achievement_revenue, 50)
        # margin: 20 net units * (1000 - 600)
        self.assertEqual(target.actual_margin, 8000)
        self.assertEqual(target.achievement_margin, 80)
        self.assertEqual(target.name, "TZ Seller 2026-03")
        self.assertEqual(str(target.date_to), "2026-03-31")

    def test_actuals_paid_new_customers_and_team(self):
        self.team.member_ids = [Command.link(self.seller.id)]
        invoice = self._invoice(10000, date="2026-02-20")
        invoice.team_id = self.team
        self._pay(invoice, 2500, date="2026-03-03")
        # partner2 is a new customer in March, partner already bought in Feb
        for partner, date in (
            (self.partner, "2026-02-10"),
            (self.partner2, "2026-03-10"),
            (self.partner2, "2026-03-12"),
        ):
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": self.seller.id,
                    "team_id": self.team.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
            order.action_confirm()
            order.date_order = f"{date} 10:00:00"
        target = self._target(revenue_basis="paid", target_new_customers=2)
        self.assertEqual(target.actual_revenue, 2500)
        self.assertEqual(target.actual_new_customers, 1)
        self.assertEqual(target.achievement_new_customers, 50)
        team_target = self.Target.create(
            {
                "target_type": "team",
                "team_id": self.team.id,
                "period_type": "quarter",
                "date_from": "2026-01-01",
                "target_revenue": 20000,
            }
        )
        self.assertEqual(team_target.actual_revenue, 10000)
        self.assertEqual(team_target.achievement_revenue, 50)
        self.assertEqual(team_target.actual_new_customers, 2)

    def test_refresh_picks_up_new_invoices(self):
        target = self._target()
        self.assertEqual(target.actual_revenue, 0)
        self._invoice(30000, date="2026-03-20")
        self.Target._cron_refresh_actuals()
        self.assertEqual(target.actual_revenue, 30000)
        self.assertEqual(target.achievement_revenue, 30)

    def test_bad_targets(self):
        self._target()
        count = self.Target.search_count([])
        with self.assertRaises(ValidationError) as err:
            self._target()
        self.assertIn("overlaps", str(err.exception))
        with self.assertRaises(ValidationError):
            self.Target.create(
                {
                    "target_type": "user",
                    "period_type": "month",
                    "date_from": "2026-05-01",
                }
            )
        with self.assertRaises(ValidationError):
            self.Target.create(
                {
                    "target_type": "team",
                    "period_type": "month",
                    "date_from": "2026-05-01",
                }
            )
        with self.assertRaises(ValidationError):
            self._target(date_from="2026-06-01").date_from = "2026-06-15"
        self.assertEqual(self.Target.search_count([]), count)
        # a quarterly target next to a monthly one is allowed
        self._target(period_type="quarter", date_from="2026-01-01")
        # a mid-period start is normalised on create
        target = self._target(date_from="2026-07-15")
        self.assertEqual(str(target.date_from), "2026-07-01")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._target(date_from="2026-08-01", target_revenue=-5)

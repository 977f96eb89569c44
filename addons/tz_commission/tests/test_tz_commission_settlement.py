from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
class TestTzCommissionSettlement(TzCommissionCommon):
    def _settle(self, date, period_type="month"):
        wizard = self.env["tz.commission.settle.wizard"].create(
            {"period_type": period_type, "date": date}
        )
        action = wizard.action_generate()
        return self.Settlement.search(action["domain"])

    def test_confirmed_period_stays_untouched(self):
        with freeze_time("2026-03-31"):
            self._plan(fixed_rate=3)
            invoice = self._invoice(10000, date="2026-03-10")
            self._invoice(5000, date="2026-03-12", user=self.seller2)
            settlements = self._settle("2026-03-15")
            self.assertEqual(len(settlements), 1, "seller2 has no plan: no line")
            march = settlements
            self.assertEqual(march.user_id, self.seller)
            self.assertEqual(
                (str(march.date_from), str(march.date_to)), ("2026-03-01", "2026-03-31")
            )
            self.assertEqual(march.amount_total, 300)
            march.with_user(self.manager).action_confirm()
            self.assertEqual(march.state, "confirmed")
            self.assertEqual(march.confirm_user_id, self.manager)
        with freeze_time("2026-04-05"):
            # correction after confirmation: invoice reset to draft in April
            invoice.button_draft()
            # an invoice of March posted late, in April
            self._invoice(2000, date="2026-03-28")
            self.assertEqual(march.amount_total, 300)
            self.assertEqual(len(march.line_ids), 1)
            with self.assertRaises(UserError):
                march.line_ids.write({"commission_amount": 1})
            with self.assertRaises(UserError):
                march.write({"date_to": "2026-03-30"})
            with self.assertRaises(UserError):
                march.action_refresh_lines()
            with self.assertRaises(UserError):
                march.unlink()
            with self.assertRaises(UserError):
                self._settle("2026-03-15")  # March is confirmed: nothing to redo
            april = self._settle("2026-04-30")
            self.assertEqual(len(april), 1)
            self.assertEqual(
                sorted(april.line_ids.mapped("commission_amount")), [-300, 60]
            )
            late = april.line_ids.filtered("is_late")
            self.assertEqual(late.commission_amount, 60)
            self.assertEqual(april.late_amount, 60)
            self.assertEqual(april.amount_total, -240)
            self.assertEqual(march.amount_total, 300)
            april.with_user(self.manager).action_confirm()
            april.with_user(self.manager).action_mark_paid()
            self.assertEqual(april.state, "paid")

    def test_confirm_empty_settlement_fails(self):
        settlement = self.Settlement.create(
            {
                "user_id": self.seller.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
            }
        )
        with self.assertRaises(UserError) as err:
            settlement.with_user(self.manager).action_confirm()
        self.assertIn("no commission line", str(err.exception))
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.confirm_user_id)

    def test_generate_with_nothing_to_settle(self):
        wizard = self.env["tz.commission.settle.wizard"].create(
            {"period_type": "month", "date": "2026-03-15"}
        )
        with self.assertRaises(UserError):
            wizard.action_generate()

    def test_overlapping_settlements_and_bad_period(self):
        vals = {"user_id": self.seller.id, "date_from": "2026-03-01"}
        self.Settlement.create({**vals, "date_to": "2026-03-31"})
        with self.assertRaises(ValidationError) as err:
            self.Settlement.create({**vals, "date_to": "2026-06-30"})
        self.assertIn("overlapping", str(err.exception))
        with self.assertRaises(ValidationError):
            self.Settlement.create(
                {
                    "user_id": self.seller2.id,
                    "date_from": "2026-03-31",
                    "date_to": "2026-03-01",
                }
            )

    def test_paid_requires_confirmed_and_draft_unlink_releases_lines(self):
        with freeze_time("2026-03-31"):
            self._plan(fixed_rate=3)
            self._invoice(10000, date="2026-03-10")
            settlement = self._settle("2026-03-15")
            with self.assertRaises(UserError):
                settlement.with_user(self.manager).action_mark_paid()
            line = settlement.line_ids
            settlement.unlink()
            self.assertFalse(line.settlement_id)
            self.assertEqual(len(self._settle("2026-03-15").line_ids), 1)

    def test_quarter_settlement(self):
        with freeze_time("2026-03-31"):
            self._plan(fixed_rate=3)
            self._invoice(10000, date="2026-01-10")
            self._invoice(20000, date="2026-03-10")
            settlement = self._settle("2026-02-01", period_type="quarter")
            self.assertEqual(str(settlement.date_to), "2026-03-31")
            self.assertEqual(settlement.amount_total, 900)
            self.assertEqual(settlement._period_label(), "2026-Q1")

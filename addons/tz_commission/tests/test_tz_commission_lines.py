from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzCommissionLines(TzCommissionCommon):
    def test_fixed_rate_on_invoice_posting(self):
        self._plan(fixed_rate=3)
        invoice = self._invoice(10000)
        line = self._lines()
        self.assertEqual(len(line), 1)
        self.assertEqual(line.base_amount, 10000)
        self.assertEqual(line.commission_amount, 300)
        self.assertEqual(line.event_type, "invoice")
        self.assertEqual(str(line.date), "2026-03-10")
        self.assertEqual(line.move_id, invoice)
        # posting an unrelated salesperson's invoice books nothing for us
        self._invoice(5000, user=self.seller2)
        self.assertEqual(len(self._lines()), 1)
        self.assertFalse(self._lines(self.seller2))

    def test_tiered_progressive_known_numbers(self):
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._target(target_revenue=100000)
        for amount in (50000, 40000, 30000):
            self._invoice(amount)
        lines = self._lines()
        # 50k at 2 %; 30k at 2 % + 10k at 3 %; 10k at 3 % + 20k at 5 %
        self.assertEqual(lines.mapped("commission_amount"), [1000, 900, 1300])
        self.assertEqual(sum(lines.mapped("commission_amount")), 3200)
        self.assertEqual(lines[-1].achievement, 120)

    def test_tiered_whole_known_numbers(self):
        self._plan(rate_type="tiered", tier_mode="whole", tier_ids=self._tiers())
        self._target(target_revenue=100000)
        for amount in (50000, 40000, 30000):
            self._invoice(amount)
        lines = self._lines()
        # 50k*2 % = 1000; 90k*3 % = 2700 (+1700); 120k*5 % = 6000 (+3300)
        self.assertEqual(lines.mapped("commission_amount"), [1000, 1700, 3300])
        self.assertEqual(sum(lines.mapped("commission_amount")), 6000)

    def test_tiered_without_target_uses_entry_tier(self):
        self._plan(rate_type="tiered", tier_mode="whole", tier_ids=self._tiers())
        self._invoice(200000)
        self.assertEqual(self._lines().commission_amount, 4000)

    def test_paid_basis_partial_payments_and_undo(self):
        self._plan(basis="paid", fixed_rate=5)
        invoice = self._invoice(10000)
        self.assertFalse(self._lines(), "nothing earned before payment")
        first = self._pay(invoice, 4000, date="2026-03-15")
        line = self._lines()
        self.assertEqual(line.base_amount, 4000)
        self.assertEqual(line.commission_amount, 200)
        self.assertEqual(line.event_type, "payment")
        self.assertEqual(str(line.date), "2026-03-15")
        self._pay(invoice, 6000, date="2026-03-20")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._lines().mapped("commission_amount"), [200, 300])
        # the first payment is undone -> its commission is reversed
        first.remove_move_reconcile()
        undo = self._lines()[-1]
        self.assertEqual(undo.event_type, "unpayment")
        self.assertEqual(undo.base_amount, -4000)
        self.assertEqual(undo.commission_amount, -200)
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 300)

    def test_paid_basis_with_tax_counts_untaxed_share(self):
        self._plan(basis="paid", fixed_rate=10)
        tax = self.env["account.tax"].create(
            {
                "name": "TZ VAT 13%",
                "amount": 13,
                "type_tax_use": "sale",
                # explicit: the company default may be tax-included (l10n_cn)
                "price_include_override": "tax_excluded",
            }
        )
        invoice = self._invoice(10000, post=False)
        invoice.invoice_line_ids.tax_ids = [Command.set(tax.ids)]
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 11300)
        self._pay(invoice, 5650)
        self.assertEqual(self._lines().base_amount, 5000)
        self.assertEqual(self._lines().commission_amount, 500)

    def test_credit_note_claws_back(self):
        self._plan(fixed_rate=3)
        invoice = self._invoice(10000)
        refund = self._invoice(4000, move_type="out_refund", date="2026-03-20")
        lines = self._lines()
        self.assertEqual(lines.mapped("commission_amount"), [300, -120])
        self.assertEqual(lines[-1].event_type, "refund")
        self.assertEqual(lines[-1].move_id, refund)
        # full reversal (credit note + reconcile) of the invoice
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": "2026-03-25"})
        )
        wizard.modify_moves()
        self.assertEqual(sum(self._lines().mapped("commission_amount")), -120)

    def test_reset_to_draft_and_cancel_reverse(self):
        self._plan(fixed_rate=3)
        invoice = self._invoice(10000)
        invoice.button_draft()
        reversal = self._lines()[-1]
        self.assertEqual(reversal.event_type, "reversal")
        self.assertEqual(reversal.commission_amount, -300)
        invoice.action_post()
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 300)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 0)
        self.assertEqual(len(self._lines()), 4, "cancel after draft books nothing more")

    def test_product_exclusion_and_own_rate(self):
        plan = self._plan(fixed_rate=3)
        plan.rule_ids = [
            Command.create({"product_id": self.product_excluded.id}),
            Command.create(
                {"categ_id": self.categ.id, "rule_type": "rate", "rate": 10}
            ),
        ]
        self._invoice(
            0,
            lines=[
                (self.product, 1, 1000),
                (self.product_excluded, 1, 1000),
                (self.product_service, 2, 500),
            ],
        )
        lines = self._lines()
        by_kind = {line.rate_kind: line for line in lines}
        self.assertEqual(len(lines), 2)
        self.assertEqual(by_kind["standard"].base_amount, 1000)
        self.assertEqual(by_kind["standard"].commission_amount, 30)
        self.assertEqual(by_kind["own"].base_amount, 1000)
        self.assertEqual(by_kind["own"].commission_amount, 100)

    def test_margin_basis(self):
        self._plan(basis="margin", fixed_rate=10)
        self._invoice(0, lines=[(self.product, 5, 1000)])
        line = self._lines()
        self.assertEqual(line.base_amount, 2000)  # 5000 - 5 * 600
        self.assertEqual(line.commission_amount, 200)

    def test_no_plan_no_line_and_lines_not_deletable(self):
        self._invoice(10000)
        self.assertFalse(self._lines())
        self._plan(fixed_rate=3)
        self._invoice(10000)
        with self.assertRaises(UserError):
            self._lines().unlink()

    def test_resync_is_idempotent(self):
        self._plan(fixed_rate=3)
        invoice = self._invoice(10000)
        self.Line._sync_moves(invoice)
        invoice._tz_commission_sync()
        self.assertEqual(len(self._lines()), 1)

    def test_salesperson_change_moves_commission(self):
        self._plan(fixed_rate=3)
        self._plan(user=self.seller2, fixed_rate=2)
        invoice = self._invoice(10000)
        invoice.invoice_user_id = self.seller2
        self.assertEqual(self._lines().mapped("commission_amount"), [300, -300])
        self.assertEqual(self._lines(self.seller2).commission_amount, 200)

    def test_reversal_in_same_period_rerates_whole_mode(self):
        self._plan(rate_type="tiered", tier_mode="whole", tier_ids=self._tiers())
        self._target(target_revenue=100000)
        first = self._invoice(70000)
        self._invoice(20000)
        # 70 000 at 2 % = 1 400; crossing 80 %: 90 000 at 3 % = 2 700 (+1 300)
        self.assertEqual(self._lines().mapped("commission_amount"), [1400, 1300])
        first.button_draft()
        # back to 20 000 at 2 % = 400 for the period: the reversal is -2 300
        self.assertEqual(self._lines()[-1].commission_amount, -2300)
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 400)

    def test_reversal_in_later_period_reverses_what_was_earned(self):
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._target(target_revenue=100000)
        invoice = self._invoice(120000)
        self.assertEqual(self._lines().commission_amount, 3200)
        with freeze_time("2026-04-03"):
            invoice.button_draft()
        reversal = self._lines()[-1]
        self.assertEqual(str(reversal.date), "2026-04-03")
        # reversed at the rates it was earned, not at April's entry tier
        self.assertEqual(reversal.commission_amount, -3200)

"""Regression tests of money defects: claw-back rate of late credit notes,
margin on the cost of the sale, settlement report in any database."""

from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
class TestTzCommissionMoney(TzCommissionCommon):
    def _credit_note(self, invoice, amount, date):
        """Credit note of ``amount`` against ``invoice`` made with the standard
        reversal wizard (it keeps the salesperson and the link to the
        invoice), posted."""
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": date})
        )
        refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        self.assertEqual(refund.reversed_entry_id, invoice)
        refund.invoice_line_ids.write({"quantity": 1, "price_unit": amount})
        refund.action_post()
        return refund

    def test_late_credit_note_claws_back_what_the_amount_earned(self):
        """November: 120 000 on tiers 0-80 % 2 %, 80-100 % 3 %, >= 100 % 5 %
        (progressive) against 100 000 earned 1 600 + 600 + 1 000 = 3 200. A
        30 000 credit note in December takes back what the top 30 000 earned
        in November (20 000 at 5 % + 10 000 at 3 % = 1 300), not 30 000 at
        December's entry rate (600)."""
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._target(date_from="2026-11-01", target_revenue=100000)
        self._target(date_from="2026-12-01", target_revenue=100000)
        with freeze_time("2026-11-30"):
            invoice = self._invoice(120000, date="2026-11-10")
            self.assertEqual(self._lines().commission_amount, 3200)
            november = self.Settlement._generate(
                "2026-11-01", "2026-11-30", "month", self.seller
            )
            november.action_confirm()
        with freeze_time("2026-12-05"):
            refund = self._credit_note(invoice, 30000, "2026-12-05")
        clawback = self._lines().filtered(lambda line: line.move_id == refund)
        self.assertEqual(clawback.base_amount, -30000)
        self.assertEqual(clawback.commission_amount, -1300)
        self.assertEqual(clawback.event_type, "refund")
        # booked (and settled) in December, priced in November's tiers
        self.assertEqual(str(clawback.date), "2026-12-05")
        self.assertEqual(str(clawback.tier_date), "2026-11-10")
        self.assertEqual(clawback.achievement, 90)
        # November now stands where 90 000 would have put it: C(90 000)
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 1900)
        # December's own tiers are untouched by November's correction: a
        # December sale of 100 000 earns 80 000 x 2 % + 20 000 x 3 % = 2 200
        with freeze_time("2026-12-20"):
            december = self._invoice(100000, date="2026-12-20")
        self.assertEqual(
            self._lines()
            .filtered(lambda line: line.move_id == december)
            .mapped("commission_amount"),
            [2200],
        )
        with freeze_time("2026-12-31"):
            december_settlement = self.Settlement._generate(
                "2026-12-01", "2026-12-31", "month", self.seller
            )
        self.assertEqual(december_settlement.amount_total, -1300 + 2200)
        self.assertFalse(december_settlement.late_amount, "dated in December")
        self.assertEqual(november.amount_total, 3200, "November stays as confirmed")

    def test_late_credit_note_reset_to_draft_gives_it_back(self):
        self._plan(rate_type="tiered", tier_mode="progressive", tier_ids=self._tiers())
        self._target(date_from="2026-11-01", target_revenue=100000)
        with freeze_time("2026-12-05"):
            invoice = self._invoice(120000, date="2026-11-10")
            refund = self._credit_note(invoice, 30000, "2026-12-05")
            refund.button_draft()
        on_refund = self._lines().filtered(lambda line: line.move_id == refund)
        self.assertEqual(sorted(on_refund.mapped("commission_amount")), [-1300, 1300])
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 3200)

    def test_margin_uses_cost_of_the_sale(self):
        """A cost change after invoicing does not re-rate the sale when the
        payment (or any later event) re-synchronises the invoice."""
        self._plan(basis="margin", fixed_rate=10)
        target = self._target(target_revenue=0, target_margin=10000)
        with freeze_time("2026-03-25"):
            invoice = self._invoice(0, lines=[(self.product, 5, 1000)])
            line = self._lines()
            self.assertEqual(line.base_amount, 2000)  # 5 000 - 5 x 600
            self.product.standard_price = 800
            self._pay(invoice, 5000)
            self.assertEqual(invoice.payment_state, "paid")
            self.assertEqual(self._lines(), line, "no correction line booked")
            target.action_refresh_actuals()
            self.assertEqual(target.actual_margin, 2000)
            # the cost of the sale is kept on the invoice line
            product_line = invoice.invoice_line_ids
            self.assertEqual(product_line.tz_unit_cost, 600)
            self.assertEqual(str(product_line.tz_cost_date), "2026-03-25")
            # a credit note takes back the margin the invoice earned
            wizard = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"journal_id": invoice.journal_id.id, "date": "2026-03-25"})
            )
            refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
            refund.action_post()
        self.assertEqual(refund.invoice_line_ids.tz_unit_cost, 600)
        self.assertEqual(sum(self._lines().mapped("base_amount")), 0)
        self.assertEqual(sum(self._lines().mapped("commission_amount")), 0)
        target.action_refresh_actuals()
        self.assertEqual(target.actual_margin, 0)

    def test_margin_cost_in_the_unit_of_the_line(self):
        self._plan(basis="margin", fixed_rate=10)
        dozen = self.env.ref("uom.product_uom_dozen")
        invoice = self._invoice(0, lines=[(self.product, 1, 9000)], post=False)
        invoice.invoice_line_ids.product_uom_id = dozen
        invoice.invoice_line_ids.price_unit = 9000
        invoice.action_post()
        # a dozen costs 12 x 600
        self.assertEqual(invoice.invoice_line_ids.tz_unit_cost, 7200)
        self.assertEqual(self._lines().base_amount, 1800)

    def test_report_renders_when_salesperson_language_not_loaded(self):
        """base's TestReports renders every report on existing records: a
        salesperson whose language is not loaded must not break it."""
        self._plan(fixed_rate=3)
        self._invoice(10000)
        settlement = self.Settlement._generate("2026-03-01", "2026-03-31", "month")
        missing = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search(
                [
                    ("active", "=", False),
                    (
                        "code",
                        "not in",
                        ("en_US", "zh_CN", self.company.partner_id.lang),
                    ),
                ],
                order="code",
                limit=1,
            )
        )
        self.assertTrue(missing)
        self.assertFalse(self.env["res.lang"]._get_code(missing.code), "not loaded")
        # the language of a user can be one that is no longer (or not yet)
        # loaded, e.g. demo users in zh_CN in a database without Chinese
        self.env.cr.execute(
            "UPDATE res_partner SET lang = %s WHERE id = %s",
            (missing.code, self.seller.partner_id.id),
        )
        self.env.invalidate_all()
        self.assertEqual(self.seller.lang, missing.code)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "tz_commission.report_tz_commission_settlement", settlement.ids
        )
        self.assertIn(settlement.name, html.decode())
        printed_in = settlement._report_lang()
        self.assertNotEqual(printed_in, missing.code)
        self.assertTrue(self.env["res.lang"]._get_code(printed_in))
        # a loaded language of the salesperson is still the one printed
        self.env.cr.execute(
            "UPDATE res_partner SET lang = 'en_US' WHERE id = %s",
            (self.seller.partner_id.id,),
        )
        self.env.invalidate_all()
        self.assertEqual(settlement.with_context(lang=None)._report_lang(), "en_US")

    def test_freeze_cost_only_on_posted_customer_lines(self):
        self._plan(fixed_rate=3)
        draft = self._invoice(1000, post=False)
        draft.invoice_line_ids._tz_freeze_cost()
        self.assertFalse(draft.invoice_line_ids.tz_cost_date)
        draft.action_post()
        self.assertTrue(draft.invoice_line_ids.tz_cost_date)
        draft.button_draft()
        draft.invoice_line_ids.write(
            {"product_id": self.product_service.id, "price_unit": 1000}
        )
        self.assertFalse(
            draft.invoice_line_ids.tz_cost_date, "another product: cost taken afresh"
        )
        # a duplicate is a new sale: its cost is taken when it is posted
        posted = self._invoice(1000)
        self.assertFalse(posted.copy().invoice_line_ids.tz_cost_date)

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, RedirectWarning, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..models.tz_credit_lock import CREDIT_CHECK_INDEXES
from .common import TzCreditCommon


@tagged("post_install", "-at_install")
class TestCreditCheck(TzCreditCommon):
    def test_within_limit_confirms(self):
        order = self._order(self.partner, 400.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        # the confirmed order now uses credit
        self.assertEqual(self.partner.tz_credit_exposure, 400.0)
        self.assertEqual(self.partner.tz_credit_available, 600.0)

    def test_exactly_at_limit_confirms(self):
        order = self._order(self.partner, 1000.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_over_limit_blocks_with_numbers(self):
        self._order(self.partner, 700.0).action_confirm()
        order = self._order(self.contact, 400.0)
        with self.assertRaises(RedirectWarning) as cm:
            order.with_user(self.salesman).action_confirm()
        message, action, button = cm.exception.args[:3]
        self.assertIn("1,000.00", message)  # limit
        self.assertIn("700.00", message)  # current exposure
        self.assertIn("400.00", message)  # this order
        self.assertIn("100.00", message)  # over by
        self.assertIn(order.name, message)
        self.assertEqual(action["res_model"], "tz.credit.approval")
        self.assertEqual(action["context"]["default_sale_order_id"], order.id)
        self.assertTrue(button)
        self.assertEqual(order.state, "draft")
        # the quotation banner shows the same figures
        order.invalidate_recordset()
        self.assertTrue(order.with_user(self.salesman).tz_credit_blocked)
        self.assertIn("300.00", order.with_user(self.salesman).tz_credit_info)

    def test_block_message_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["tz_sales_credit"], ["zh_CN"], overwrite=True
        )
        self.salesman.lang = "zh_CN"
        self._order(self.partner, 900.0).action_confirm()
        order = self._order(self.partner, 400.0)
        with self.assertRaises(RedirectWarning) as cm:
            # as in the web client: the context carries the user's language
            order.with_user(self.salesman).with_context(
                lang=self.salesman.lang
            ).action_confirm()
        message, _action, button = cm.exception.args[:3]
        self.assertIn("将超出信用额度", message)
        self.assertIn(f"超出 {self.currency.symbol}", message)
        self.assertEqual(button, "申请信用审批")

    def test_warn_only_mode_confirms(self):
        self.company.tz_credit_block = False
        self._order(self.partner, 900.0).action_confirm()
        order = self._order(self.partner, 400.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_no_limit_means_no_check(self):
        partner = self.env["res.partner"].create({"name": "无额度客户"})
        order = self._order(partner, 10**7)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        # nothing to enforce: the customer is not even locked
        self.assertFalse(
            self.env["tz.credit.lock"].search([("partner_id", "=", partner.id)])
        )

    def test_database_objects(self):
        """The check's function and its partial indexes on core tables exist
        (created by ``tz.credit.lock.init``, dropped by the uninstall hook)."""
        self.env.cr.execute(
            "SELECT 1 FROM pg_proc WHERE proname = 'tz_credit_check'"
            " AND 'plan_cache_mode=force_generic_plan' = ANY(proconfig)"
        )
        self.assertEqual(self.env.cr.rowcount, 1)
        for name, table, _columns, _where in CREDIT_CHECK_INDEXES:
            self.env.cr.execute(
                "SELECT tablename FROM pg_indexes WHERE indexname = %s", [name]
            )
            self.assertEqual(self.env.cr.fetchall(), [(table,)], name)

    def test_confirmation_locks_the_customer(self):
        """Each checked confirmation bumps the customer's lock row (what makes
        a transaction with an older snapshot fail instead of passing on stale
        figures); the customer record itself is not rewritten."""
        Lock = self.env["tz.credit.lock"]
        self.env.flush_all()
        partner_write_date = self.partner.write_date
        self._order(self.partner, 100.0).with_user(self.salesman).action_confirm()
        lock = Lock.search([("partner_id", "=", self.partner.id)])
        self.assertEqual(lock.company_id, self.company)
        self.assertEqual(lock.check_count, 1)
        # an order of a contact locks its company
        self._order(self.contact, 100.0).with_user(self.salesman).action_confirm()
        lock.invalidate_recordset()
        self.assertEqual(lock.check_count, 2)
        self.assertEqual(Lock.search_count([("partner_id", "=", self.contact.id)]), 0)
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.write_date, partner_write_date)
        # showing the figures (quotation banner) does not lock
        self._order(self.partner, 100.0).with_user(self.salesman).tz_credit_info  # noqa: B018
        lock.invalidate_recordset()
        self.assertEqual(lock.check_count, 2)

    def test_partner_figures(self):
        self._invoice(self.partner, 300.0)
        self._order(self.partner, 200.0).action_confirm()
        partner = self.partner.with_user(self.salesman)
        self.assertEqual(partner.tz_credit_limit, 1000.0)
        self.assertEqual(partner.tz_credit_exposure, 500.0)
        self.assertEqual(partner.tz_credit_available, 500.0)
        # a contact shows its company's figures
        self.assertEqual(self.contact.tz_credit_exposure, 500.0)

    def test_temporary_limit_inside_and_outside_dates(self):
        today = fields.Date.context_today(self.env.user)
        Temp = self.env["tz.credit.limit.temp"].with_user(self.credit_manager)
        temp = Temp.create(
            {
                "partner_id": self.contact.id,  # stored on the company
                "amount": 300.0,
                "date_from": today - timedelta(days=1),
                "date_to": today + timedelta(days=10),
                "reason": "双十一备货",
            }
        )
        self.assertEqual(temp.partner_id, self.partner)
        # a draft temporary limit does not count
        self.assertEqual(self.partner.tz_credit_temp_amount, 0.0)
        temp.action_approve()
        self.assertEqual(temp.approved_by_id, self.credit_manager)
        self.assertEqual(temp.validity, "current")
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.tz_credit_limit_total, 1300.0)
        order = self._order(self.partner, 1200.0)
        with freeze_time(today + timedelta(days=20)):
            temp.invalidate_recordset(["validity"])
            self.assertEqual(temp.validity, "expired")
            with self.assertRaises(RedirectWarning):
                order.with_user(self.salesman).action_confirm()
        with freeze_time(today + timedelta(days=5)):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_temporary_limits_overlap_add_up(self):
        today = fields.Date.context_today(self.env.user)
        Temp = self.env["tz.credit.limit.temp"].with_user(self.credit_manager)
        temps = Temp.create(
            [
                {
                    "partner_id": self.partner.id,
                    "amount": 200.0,
                    "date_from": today,
                    "date_to": today + timedelta(days=3),
                    "reason": "A",
                },
                {
                    "partner_id": self.partner.id,
                    "amount": 300.0,
                    "date_from": today - timedelta(days=3),
                    "date_to": today,
                    "reason": "B",
                },
                {
                    "partner_id": self.partner.id,
                    "amount": 5000.0,
                    "date_from": today + timedelta(days=1),
                    "date_to": today + timedelta(days=3),
                    "reason": "future",
                },
            ]
        )
        temps.action_approve()
        self.assertEqual(self.partner.tz_credit_temp_amount, 500.0)
        self.assertEqual(
            self.env["tz.credit.limit.temp"].search_count(
                [("id", "in", temps.ids), ("validity", "=", "current")]
            ),
            2,
        )
        self.assertEqual(
            self.env["tz.credit.limit.temp"].search_count(
                [("id", "in", temps.ids), ("validity", "!=", "current")]
            ),
            1,
        )

    def test_temporary_limit_bad_input(self):
        today = fields.Date.context_today(self.env.user)
        Temp = self.env["tz.credit.limit.temp"].with_user(self.credit_manager)
        vals = {
            "partner_id": self.partner.id,
            "amount": 100.0,
            "date_from": today,
            "date_to": today,
            "reason": "x",
        }
        with self.assertRaises(ValidationError):
            Temp.create(dict(vals, amount=-5.0))
        with self.assertRaises(ValidationError):
            Temp.create(dict(vals, date_to=today - timedelta(days=1)))
        self.assertFalse(Temp.search([("partner_id", "=", self.partner.id)]))
        # salespeople cannot grant themselves credit
        with self.assertRaises(AccessError):
            self.env["tz.credit.limit.temp"].with_user(self.salesman).create(vals)
        temp = Temp.create(vals)
        temp.action_approve()
        # approved ones are history: no delete, no change of the amount
        with self.assertRaises(Exception):  # noqa: B017
            temp.unlink()
        temp.action_cancel()
        self.assertTrue(temp.exists())

    def test_overdue_hold_and_partner_override(self):
        today = fields.Date.context_today(self.env.user)
        self.company.tz_overdue_block_days = 30
        self._invoice(
            self.partner,
            100.0,
            invoice_date=today - timedelta(days=60),
            due=today - timedelta(days=40),
        )
        order = self._order(self.partner, 50.0)  # far within the limit
        with self.assertRaises(RedirectWarning) as cm:
            order.with_user(self.salesman).action_confirm()
        message = cm.exception.args[0]
        self.assertIn("40 days", message)
        self.assertIn("30 days", message)
        self.assertEqual(order.state, "draft")
        # the partner is allowed 60 days: no hold
        self.partner.with_user(self.credit_manager).tz_overdue_block_days = 60
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_overdue_hold_without_limit_and_paid_invoice(self):
        today = fields.Date.context_today(self.env.user)
        partner = self.env["res.partner"].create({"name": "广州无额度客户"})
        partner.tz_overdue_block_days = 10
        invoice = self._invoice(
            partner,
            100.0,
            invoice_date=today - timedelta(days=30),
            due=today - timedelta(days=20),
        )
        order = self._order(partner, 50.0)
        self.assertIn("overdue", partner.tz_credit_hold_message)
        with self.assertRaises(RedirectWarning):
            order.with_user(self.salesman).action_confirm()
        # once paid, the hold is lifted
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_multi_currency_order(self):
        # a foreign currency at a known rate relative to the company currency
        # (which may be CNY, USD, EUR... with its own rates)
        eur = self.env.ref("base.EUR")
        if eur == self.currency:
            eur = self.env.ref("base.USD")
        eur.active = True
        (eur | self.currency).rate_ids.unlink()
        day = fields.Date.context_today(self.env.user) - timedelta(days=1)
        self.env["res.currency.rate"].create(
            [
                {
                    "currency_id": eur.id,
                    "rate": 0.5,  # 1 company unit = 0.5 EUR
                    "name": day,
                    "company_id": self.company.id,
                },
                {
                    "currency_id": self.currency.id,
                    "rate": 1.0,
                    "name": day,
                    "company_id": self.company.id,
                },
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id}
        )
        self._order(self.partner, 500.0).action_confirm()
        order = self._order(self.partner, 300.0, pricelist_id=pricelist.id)
        self.assertEqual(order.currency_id, eur)
        # 300 EUR = 600 in company currency: 500 + 600 > 1000
        with self.assertRaises(RedirectWarning) as cm:
            order.with_user(self.salesman).action_confirm()
        self.assertIn("600.00", cm.exception.args[0])
        small = self._order(self.partner, 200.0, pricelist_id=pricelist.id)
        small.with_user(self.salesman).action_confirm()  # 400 -> 900
        self.assertEqual(small.state, "sale")
        # the confirmed EUR order counts in company currency
        self.partner.invalidate_recordset()
        self.assertAlmostEqual(self.partner.tz_credit_exposure, 900.0, places=2)

    def test_draft_invoice_option(self):
        self._invoice(self.partner, 600.0, post=False)
        order = self._order(self.partner, 500.0)
        self.assertFalse(order.with_user(self.salesman).tz_credit_blocked)
        self.company.tz_credit_include_draft_invoices = True
        order.invalidate_recordset()
        with self.assertRaises(RedirectWarning):
            order.with_user(self.salesman).action_confirm()
        self.company.tz_credit_include_draft_invoices = False
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_credit_note_lowers_exposure(self):
        invoice = self._invoice(self.partner, 900.0)
        order = self._order(self.partner, 300.0)
        with self.assertRaises(RedirectWarning):
            order.with_user(self.salesman).action_confirm()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "退货"})
        )
        reversal.refund_moves()
        refund = invoice.reversal_move_ids
        refund.invoice_line_ids.price_unit = 500.0
        refund.action_post()
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.tz_credit_exposure, 400.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_invoiced_order_counts_once(self):
        order = self._order(self.partner, 600.0)
        order.action_confirm()
        self.assertEqual(self.partner.tz_credit_exposure, 600.0)
        invoice = order._create_invoices()
        invoice.action_post()
        self.partner.invalidate_recordset()
        # now in the receivable balance, no longer as an open order
        self.assertEqual(self.partner.tz_credit_exposure, 600.0)

    def test_down_payment_and_partial_invoice_count_once(self):
        self.partner.credit_limit = 5000.0
        order = self._order(self.partner, 100.0)
        order.order_line.product_uom_qty = 10
        order.action_confirm()
        self.assertEqual(self.partner.tz_credit_exposure, 1000.0)
        # a 30 % down payment, invoiced and posted: 300 receivable, 700 open
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 30})
        )
        wizard.create_invoices()
        down_payment = order.invoice_ids
        down_payment.action_post()
        self.assertEqual(down_payment.amount_total, 300.0)
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.tz_credit_exposure, 1000.0)
        # 4 of the 10 units invoiced (down payment deducted): 700 receivable
        invoice = order._create_invoices(final=True)
        invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.product
        ).quantity = 4
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 100.0)
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.tz_credit_exposure, 1000.0)
        # paid: only the 6 units still to invoice remain
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=(down_payment | invoice).ids
        ).create({})._create_payments()
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.tz_credit_exposure, 600.0)

    def test_standard_to_invoice_basis(self):
        """With the standard basis, a product invoiced on delivery counts once
        delivered only (core `credit_to_invoice`)."""
        self.company.tz_credit_order_basis = "to_invoice"
        self.product.invoice_policy = "delivery"
        self._order(self.partner, 900.0).action_confirm()
        order = self._order(self.partner, 300.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.company.tz_credit_order_basis = "ordered"
        blocked = self._order(self.partner, 10.0)
        with self.assertRaises(RedirectWarning):
            blocked.with_user(self.salesman).action_confirm()

    def test_access_salesman_cannot_change_limits(self):
        partner = self.partner.with_user(self.salesman)
        with self.assertRaises(AccessError):
            partner.tz_credit_limit = 5000.0
        with self.assertRaises(AccessError):
            partner.write({"tz_overdue_block_days": 99})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "x", "tz_overdue_block_days": 3}
            )
        self.assertEqual(self.partner.credit_limit, 1000.0)
        # an accountant without the credit manager role cannot either
        accountant = new_test_user(
            self.env,
            lang="en_US",
            login="tz_accountant",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
        )
        with self.assertRaises(AccessError):
            self.partner.with_user(accountant).credit_limit = 5000.0
        self.partner.with_user(self.credit_manager).tz_credit_limit = 5000.0
        self.assertEqual(self.partner.credit_limit, 5000.0)
        with self.assertRaises(ValidationError):
            self.partner.with_user(self.credit_manager).tz_credit_limit = -1.0

    def test_partner_form_for_credit_manager(self):
        with Form(self.partner.with_user(self.credit_manager)) as form:
            form.tz_credit_limit = 2500.0
        self.assertEqual(self.partner.credit_limit, 2500.0)

    def test_partner_form_for_salesman_is_read_only(self):
        form = Form(self.partner.with_user(self.salesman))
        self.assertEqual(form.tz_credit_limit, 1000.0)
        self.assertEqual(form.tz_credit_available, 1000.0)
        with self.assertRaises(AssertionError):
            form.tz_credit_limit = 99999.0  # read-only for salespeople

    def test_settings(self):
        settings = self.env["res.config.settings"].create({})
        settings.tz_overdue_block_days = 15
        settings.tz_credit_block = False
        settings.execute()
        self.assertEqual(self.company.tz_overdue_block_days, 15)
        self.assertFalse(self.company.tz_credit_block)
        with self.assertRaises(ValidationError):
            self.company.tz_overdue_block_days = -1

    def test_list_confirm_button_and_order_lines_command(self):
        order = self._order(self.partner, 100.0)
        order.write({"order_line": [Command.create({"product_id": self.product.id})]})
        self.assertEqual(len(order.order_line), 2)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

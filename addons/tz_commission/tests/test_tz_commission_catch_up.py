from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon

LINE_FIELDS = (
    "date",
    "tier_date",
    "user_id",
    "plan_id",
    "event_type",
    "rate_kind",
    "base_amount",
    "commission_amount",
    "rate",
)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzCommissionCatchUp(TzCommissionCommon):
    """Book Missing Commissions (佣金补记): what the invoice events missed."""

    def _line_values(self, lines):
        return [{name: line[name] for name in LINE_FIELDS} for line in lines]

    def _run_as(self, user, invoices=None):
        action = self.env.ref("tz_commission.action_server_tz_commission_catch_up")
        context = {"active_model": "account.move"}
        if invoices:
            context.update(active_ids=invoices.ids, active_id=invoices[0].id)
        return action.with_user(user).with_context(**context).run()

    def test_catch_up_books_invoice_posted_before_assignment(self):
        late = self._invoice(10000)
        self.assertFalse(self._lines(), "no plan yet: nothing booked")
        plan = self._plan(fixed_rate=3)
        # what the event booking books once the salesperson has the plan
        twin = self._invoice(10000)
        expected = self._line_values(twin.tz_commission_line_ids)
        self.assertEqual(len(expected), 1)

        result = self._run_as(self.manager)
        self.assertEqual(result["params"]["type"], "success")
        lines = late.tz_commission_line_ids
        self.assertEqual(self._line_values(lines), expected)
        self.assertEqual(lines.plan_id, plan)
        self.assertEqual(lines.commission_amount, 300)
        self.assertEqual(str(lines.date), "2026-03-10")
        self.assertTrue(late.tz_commission_synced_at)

        # a second run finds nothing missing
        before = self._lines()
        booked = self.env["account.move"]._tz_commission_catch_up()
        self.assertEqual(booked, 0)
        self.assertEqual(self._lines(), before)

    def test_window_is_the_open_periods_and_selection_reaches_older(self):
        old = self._invoice(5000, date="2026-01-15")
        current = self._invoice(8000, date="2026-02-02")
        self._plan(fixed_rate=2, date_from="2025-12-01")
        # monthly plan on 25 March: February and March are still open
        self.env["account.move"]._tz_commission_catch_up()
        self.assertEqual(current.tz_commission_line_ids.commission_amount, 160)
        self.assertFalse(old.tz_commission_line_ids)
        # an older invoice is booked when the manager selects it
        self._run_as(self.manager, old)
        self.assertEqual(old.tz_commission_line_ids.commission_amount, 100)
        self.assertEqual(str(old.tz_commission_line_ids.date), "2026-01-15")

    def test_paid_basis_dated_at_last_payment(self):
        invoice = self._invoice(10000, date="2026-03-05")
        self._pay(invoice, 10000, date="2026-03-18")
        self._plan(basis="paid", fixed_rate=5)
        self.env["account.move"]._tz_commission_catch_up()
        line = invoice.tz_commission_line_ids
        self.assertEqual(line.event_type, "payment")
        self.assertEqual(line.commission_amount, 500)
        self.assertEqual(str(line.date), "2026-03-18")

    def test_reset_invoice_is_taken_back(self):
        self._plan(fixed_rate=3)
        invoice = self._invoice(10000)
        # reset to draft behind the event hooks (e.g. a data fix in SQL)
        self.env.cr.execute(
            "UPDATE account_move SET state = 'draft' WHERE id = %s", [invoice.id]
        )
        invoice.invalidate_recordset(["state"])
        self.env["account.move"]._tz_commission_catch_up()
        self.assertEqual(
            invoice.tz_commission_line_ids.mapped("commission_amount"), [-300, 300]
        )

    def test_only_sales_managers_run_it(self):
        self._invoice(10000)
        self._plan(fixed_rate=3)
        with self.assertRaises(AccessError):
            self._run_as(self.seller)
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(
                self.seller
            ).action_tz_commission_catch_up()
        self.assertFalse(self._lines())
        # the manager, with exactly the groups of the role
        result = (
            self.env["account.move"]
            .with_user(self.manager)
            .action_tz_commission_catch_up()
        )
        self.assertIn("1", result["params"]["message"])
        self.assertEqual(len(self._lines()), 1)
        # the daily job is there and runs at night in China
        cron = self.env.ref("tz_commission.ir_cron_tz_commission_catch_up")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        # 02:30 Asia/Shanghai
        self.assertEqual((cron.nextcall.hour, cron.nextcall.minute), (18, 30))

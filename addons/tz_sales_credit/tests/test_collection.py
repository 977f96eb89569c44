import io
from datetime import date, timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.addons.tz_sales_credit.models.tz_collection_plan import TzCollectionPlan
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import TzCreditCommon

DUE = date(2026, 3, 31)


class TzCollectionCommon(TzCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the policy of the tests
        cls.env["tz.collection.policy"].search([]).active = False
        cls.env["tz.collection.plan"].search([]).sudo().write({"state": "cancel"})
        cls.escalation_user = cls.credit_manager2
        cls.template = cls.env.ref(
            "tz_sales_credit.mail_template_tz_collection_overdue"
        )
        cls.policy = cls.env["tz.collection.policy"].create(
            {
                "name": "测试催收策略",
                "escalation_user_id": cls.escalation_user.id,
                "level_ids": [
                    Command.create(
                        {
                            "day_offset": -3,
                            "name": "到期前提醒",
                            "action_email": True,
                            "mail_template_id": cls.env.ref(
                                "tz_sales_credit.mail_template_tz_collection_reminder"
                            ).id,
                        }
                    ),
                    Command.create(
                        {
                            "day_offset": 1,
                            "name": "逾期邮件",
                            "action_email": True,
                            "mail_template_id": cls.template.id,
                        }
                    ),
                    Command.create(
                        {
                            "day_offset": 7,
                            "name": "电话催收",
                            "action_activity": True,
                            "activity_type_id": cls.env.ref(
                                "mail.mail_activity_data_call"
                            ).id,
                        }
                    ),
                    Command.create(
                        {"day_offset": 15, "name": "催收函", "action_letter": True}
                    ),
                    Command.create(
                        {
                            "day_offset": 30,
                            "name": "信用冻结",
                            "action_hold": True,
                            "action_escalate": True,
                        }
                    ),
                ],
            }
        )
        cls.levels = {lvl.day_offset: lvl for lvl in cls.policy.level_ids}
        cls.partner.email = "finance@test-trade.example.com"

    def _inv(self, amount=500.0, due=DUE, partner=None, **vals):
        return self._invoice(
            partner or self.partner,
            amount,
            invoice_date=due - timedelta(days=30),
            due=due,
            invoice_user_id=self.salesman.id,
            **vals,
        )

    def _run(self, day, **kwargs):
        with freeze_time(day):
            self.env["tz.collection.plan"]._cron_run(**kwargs)

    def _plan(self, invoice):
        return self.env["tz.collection.plan"].search([("invoice_id", "=", invoice.id)])

    def _mails(self, plan):
        return self.env["mail.mail"].search(
            [("model", "=", "tz.collection.plan"), ("res_id", "=", plan.id)]
        )

    def _pay(self, invoice, amount=None, day=None):
        vals = {"amount": amount} if amount else {}
        if day:
            vals["payment_date"] = day
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(vals)
            ._create_payments()
        )


@tagged("post_install", "-at_install")
class TestCollectionPlan(TzCollectionCommon):
    def test_life_cycle(self):
        with freeze_time("2026-03-01"):
            invoice = self._inv()
        self._run("2026-03-27")  # 4 days before due: nothing yet
        self.assertFalse(self._plan(invoice))

        self._run("2026-03-28")  # -3: friendly reminder
        plan = self._plan(invoice)
        self.assertEqual(plan.level_id, self.levels[-3])
        self.assertEqual(plan.user_id, self.salesman)
        self.assertEqual(plan.state, "open")
        self.assertEqual(len(self._mails(plan)), 1)
        self.assertEqual(plan.next_action_date, date(2026, 4, 1))
        self._run("2026-03-28")
        self.assertEqual(len(self._mails(plan)), 1)

        self._run("2026-04-01")  # +1: email queued once
        self.assertEqual(plan.level_id, self.levels[1])
        mails = self._mails(plan)
        self.assertEqual(len(mails), 2)
        self.assertIn(invoice.name, mails[0].subject + mails[1].subject)
        self.assertEqual(mails.mapped("state"), ["outgoing", "outgoing"])
        self._run("2026-04-01")
        self._run("2026-04-03")
        self.assertEqual(len(self._mails(plan)), 2)
        self.assertEqual(plan.next_action_date, date(2026, 4, 7))

        self._run("2026-04-07")  # +7: phone call activity for the collector
        call = plan.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.salesman)

        self._run("2026-04-15")  # +15: letter
        self.assertTrue(plan.letter_pending)
        self.assertEqual(
            plan.log_ids.filtered(lambda lg: lg.action == "letter").level_id,
            self.levels[15],
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("tz_sales_credit.report_tz_collection_letter", plan.ids)[
                0
            ]
            .decode()
        )
        self.assertIn(plan._tz_amount_upper(), html)
        self.assertIn(invoice.name, html)
        if plan.currency_id.name == "CNY":
            self.assertIn("伍佰", plan._tz_amount_upper())
        else:  # 人民币大写 is for CNY only
            self.assertEqual(
                plan._tz_amount_upper(), plan.currency_id.amount_to_text(500.0)
            )

        # before +30 no hold: a new order confirms
        with freeze_time("2026-04-29"):
            order = self._order(self.partner, 50.0)
            order.with_user(self.salesman).action_confirm()
            self.assertEqual(order.state, "sale")

        self._run("2026-04-30")  # +30: credit hold + escalation
        self.assertTrue(plan.credit_hold)
        escalation = plan.activity_ids.filtered(
            lambda a: a.user_id == self.escalation_user
        )
        self.assertEqual(len(escalation), 1)
        with freeze_time("2026-05-02"):
            order = self._order(self.partner, 50.0)
            with self.assertRaises(RedirectWarning) as cm:
                order.with_user(self.salesman).action_confirm()
            self.assertIn(invoice.name, cm.exception.args[0])
            self.assertEqual(order.state, "draft")
            self.assertIn(invoice.name, self.partner.tz_credit_hold_message)

            # the payment lifts the hold at once and the run closes the plan
            payment = self._pay(invoice)
            order.with_user(self.salesman).action_confirm()
            self.assertEqual(order.state, "sale")
        self._run("2026-05-02")
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.close_code, "paid")
        self.assertFalse(plan.next_action_date)
        self.assertFalse(self.partner.tz_collection_hold)

        # the payment is undone: the plan reopens, the hold comes back
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(invoice.payment_state, "not_paid")
        self._run("2026-05-03")
        self.assertEqual(plan.state, "open")
        self.partner.invalidate_recordset()
        self.assertIn("collection", self.partner.tz_credit_hold_message)
        # each level action was done once
        level_logs = plan.log_ids.filtered("level_id")
        self.assertEqual(
            sorted(level_logs.mapped("action")),
            sorted(["email", "email", "activity", "letter", "hold", "escalate"]),
        )

    def test_promise_and_broken_promise(self):
        with freeze_time("2026-03-01"):
            invoice = self._inv()
        self._run("2026-04-07")
        plan = self._plan(invoice)
        self.assertEqual(plan.level_id, self.levels[7])
        Wizard = self.env["tz.collection.call.wizard"].with_user(self.salesman)
        with freeze_time("2026-04-08"):
            bad_inputs = [
                {"promised_date": date(2026, 4, 1), "promised_amount": 500.0},
                {"promised_date": date(2026, 5, 10), "promised_amount": -5.0},
                {"promised_date": False, "promised_amount": 500.0},
            ]
            for values in bad_inputs:
                with self.assertRaises(ValidationError):
                    Wizard.create(
                        {"plan_id": plan.id, "result": "promised", **values}
                    ).action_confirm()
            self.assertEqual(plan.state, "open")
            self.assertFalse(plan.promised_date)
            self.assertFalse(plan.log_ids.filtered(lambda lg: lg.action == "promise"))
            wizard = Form(Wizard.with_context(default_plan_id=plan.id))
            wizard.result = "promised"
            self.assertEqual(wizard.promised_amount, 500.0)
            wizard.promised_date = date(2026, 5, 10)
            wizard.note = "财务说五月十日付款"
            wizard.save().action_confirm()
            self.assertEqual(plan.state, "promised")
            self.assertEqual(plan.promised_date, date(2026, 5, 10))
            with self.assertRaises(ValidationError):
                plan.promised_amount = -1
            with self.assertRaises(ValidationError):
                plan.promised_date = date(2026, 4, 1)
        # the +30 level waits for the promised date
        self._run("2026-05-01")
        self._run("2026-05-10")
        self.assertEqual(plan.state, "promised")
        self.assertEqual(plan.level_id, self.levels[7])
        self.assertFalse(plan.credit_hold)
        # the promise is broken: escalation and the +30 level
        self._run("2026-05-11")
        self.assertEqual(plan.state, "open")
        self.assertEqual(plan.level_id, self.levels[30])
        self.assertTrue(plan.credit_hold)
        self.assertTrue(plan.log_ids.filtered(lambda lg: lg.action == "promise_broken"))
        escalations = plan.activity_ids.filtered(
            lambda a: a.user_id == self.escalation_user
        )
        self.assertEqual(len(escalations), 2)  # broken promise + level escalation
        self._run("2026-05-11")
        self.assertEqual(
            len(
                plan.activity_ids.filtered(lambda a: a.user_id == self.escalation_user)
            ),
            2,
        )

    def test_kept_promise_closes(self):
        with freeze_time("2026-03-01"):
            invoice = self._inv()
        self._run("2026-04-02")
        plan = self._plan(invoice)
        with freeze_time("2026-04-02"):
            plan._tz_promise(date(2026, 4, 20), 500.0)
            self._pay(invoice, day=date(2026, 4, 10))
        self._run("2026-04-21")
        self.assertEqual(plan.state, "done")
        month = self.env["tz.collection.month.report"].search(
            [("plan_id", "=", plan.id)]
        )
        self.assertEqual(
            sorted((r.kind, r.amount) for r in month),
            [("collected", 500.0), ("planned", 500.0)],
        )
        self.assertFalse(
            plan.log_ids.filtered(lambda lg: lg.action == "promise_broken")
        )

    def test_partial_payment_credit_note_and_reversal(self):
        with freeze_time("2026-03-01"):
            invoice = self._inv(1000.0)
            other = self._inv(300.0)
        self._run("2026-04-05")
        plan, plan2 = self._plan(invoice), self._plan(other)
        with freeze_time("2026-04-05"):
            self._pay(invoice, amount=200.0)
        self.assertEqual(plan.amount_residual, 800.0)
        self._run("2026-04-05")
        self.assertEqual(plan.state, "open")
        # a partial credit note (return) reduces the amount due
        with freeze_time("2026-04-06"):
            refund = self._invoice(
                self.partner,
                100.0,
                move_type="out_refund",
                reversed_entry_id=invoice.id,
            )
            lines = (invoice + refund).line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
            if len(lines) == 2:  # not already matched with the reversed invoice
                lines.reconcile()
        self.assertEqual(plan.amount_residual, 700.0)
        self._run("2026-04-06")
        self.assertEqual(plan.state, "open")
        # a full reversal closes the plan with the reason
        with freeze_time("2026-04-07"):
            other._reverse_moves(cancel=True)
        self.assertEqual(other.payment_state, "reversed")
        self._run("2026-04-07")
        self.assertEqual(plan2.state, "done")
        self.assertEqual(plan2.close_code, "reversed")
        self.assertIn("reversed", plan2.close_reason)

    def test_rerun_same_day_changes_nothing(self):
        with freeze_time("2026-01-01"):
            invoices = (
                self._inv(100.0, due=date(2026, 4, 1))
                | self._inv(200.0, due=date(2026, 3, 1))
                | self._inv(300.0, due=date(2026, 2, 1))
            )
        self._run("2026-04-05")
        plans = self.env["tz.collection.plan"].search(
            [("invoice_id", "in", invoices.ids)]
        )
        self.assertEqual(len(plans), 3)

        def snapshot():
            plans.invalidate_recordset()
            return (
                len(plans.log_ids),
                len(
                    self.env["mail.mail"].search(
                        [("res_id", "in", plans.ids), ("model", "=", plans._name)]
                    )
                ),
                len(plans.activity_ids),
                [(p.level_id.id, p.state, p.next_action_date) for p in plans],
                len(plans.message_ids),
            )

        before = snapshot()
        self._run("2026-04-05")
        self._run("2026-04-05")
        self.assertEqual(snapshot(), before)

    def test_crash_mid_batch_then_rerun(self):
        with freeze_time("2026-01-01"):
            invoices = self.env["account.move"]
            for index in range(6):
                invoices |= self._inv(100.0 + index, due=date(2026, 4, 2))
        original = TzCollectionPlan._tz_action_email
        calls = []

        def crash_second_batch(plans, level):
            calls.append(plans.ids)
            if len(calls) == 2:
                raise RuntimeError("injected crash")
            return original(plans, level)

        # not assertRaises: it would roll back what the run committed
        crashed = False
        with patch.object(TzCollectionPlan, "_tz_action_email", crash_second_batch):
            try:
                self._run("2026-04-05", batch_size=2)
            except RuntimeError:
                crashed = True
        self.assertTrue(crashed)
        plans = self.env["tz.collection.plan"].search(
            [("invoice_id", "in", invoices.ids)]
        )
        self.assertEqual(len(plans), 6)
        processed = plans.filtered("log_ids")
        self.assertEqual(len(processed), 2)  # the first batch was kept
        self._run("2026-04-05", batch_size=2)
        self._run("2026-04-05", batch_size=2)
        plans = self.env["tz.collection.plan"].search(
            [("invoice_id", "in", invoices.ids)]
        )
        self.assertEqual(len(plans), 6)
        for plan in plans:
            logs = plan.log_ids.filtered("level_id")
            self.assertEqual(len(logs), 1)
            self.assertEqual((logs.level_id, logs.action), (self.levels[1], "email"))
            self.assertEqual(len(self._mails(plan)), 1)
        # the database refuses a second log of the same level action
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                plans[0]._tz_log_level(self.levels[1], "email")

    def test_partner_collector_and_policy_override(self):
        own = self.policy.copy({"name": "大客户策略"})
        own.level_ids.filtered(lambda lvl: lvl.day_offset < 15).unlink()
        self.partner.with_user(self.credit_manager).write(
            {"tz_collection_policy_id": own.id, "tz_collector_id": self.salesman2.id}
        )
        with self.assertRaises(AccessError):
            self.partner.with_user(self.salesman).write(
                {"tz_collector_id": self.salesman.id}
            )
        with freeze_time("2026-01-01"):
            invoice = self._inv()
        self._run("2026-04-05")
        self.assertFalse(self._plan(invoice))  # first level of its policy is +15
        self._run("2026-04-16")
        plan = self._plan(invoice)
        self.assertEqual(plan.policy_id, own)
        self.assertEqual(plan.user_id, self.salesman2)
        self.assertTrue(plan.letter_pending)

    def test_bad_policy_input(self):
        Policy = self.env["tz.collection.policy"].with_user(self.credit_manager)
        with self.assertRaises(ValidationError):
            Policy.create(
                {
                    "name": "重复",
                    "level_ids": [
                        Command.create(
                            {"day_offset": 5, "name": "a", "action_letter": True}
                        ),
                        Command.create(
                            {"day_offset": 5, "name": "b", "action_hold": True}
                        ),
                    ],
                }
            )
        with self.assertRaises(ValidationError):
            Policy.create(
                {
                    "name": "无动作",
                    "level_ids": [Command.create({"day_offset": 5, "name": "a"})],
                }
            )
        with self.assertRaises(ValidationError):
            Policy.create(
                {
                    "name": "无模板",
                    "level_ids": [
                        Command.create(
                            {"day_offset": 5, "name": "a", "action_email": True}
                        )
                    ],
                }
            )
        self.assertFalse(Policy.search([("name", "in", ("重复", "无动作", "无模板"))]))

    def test_access_rules(self):
        with freeze_time("2026-01-01"):
            invoice = self._inv()
            other = self._inv(due=date(2026, 3, 20))
            other.invoice_user_id = self.salesman2
        self._run("2026-04-05")
        plan, plan2 = self._plan(invoice), self._plan(other)
        self.assertEqual(plan2.user_id, self.salesman2)
        Plan = self.env["tz.collection.plan"]
        mine = Plan.with_user(self.salesman).search([("id", "in", (plan | plan2).ids)])
        self.assertEqual(mine, plan)
        with self.assertRaises(AccessError):
            plan2.with_user(self.salesman).read(["state"])
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman).write({"state": "done"})
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman).user_id = self.salesman2
        plan.with_user(self.credit_manager).user_id = self.salesman
        with self.assertRaises(UserError):
            plan.with_user(self.credit_manager).unlink()
        with self.assertRaises(AccessError):
            plan.log_ids[:1].with_user(self.salesman).unlink()
        with self.assertRaises(UserError):
            plan.log_ids[:1].with_user(self.credit_manager).write({"result": "x"})
        with self.assertRaises(AccessError):
            self.env["tz.collection.policy"].with_user(self.salesman).create(
                {"name": "x"}
            )
        with self.assertRaises(AccessError):
            self.env["tz.collection.cancel.wizard"].with_user(self.salesman).create(
                {"plan_ids": plan.ids, "reason": "x"}
            )
        # managers see all and cancel with a reason
        self.assertEqual(
            Plan.with_user(self.credit_manager).search_count(
                [("id", "in", (plan | plan2).ids)]
            ),
            2,
        )
        with self.assertRaises(UserError):
            plan.with_user(self.credit_manager)._tz_cancel("")
        wizard = (
            self.env["tz.collection.cancel.wizard"]
            .with_user(self.credit_manager)
            .create({"plan_ids": plan.ids, "reason": "客户破产 转法务处理"})
        )
        wizard.action_confirm()
        self.assertEqual(plan.state, "cancel")
        self.assertEqual(plan.close_reason, "客户破产 转法务处理")
        # a collector logs a call on his own plan
        with freeze_time("2026-04-05"):
            self.env["tz.collection.call.wizard"].with_user(self.salesman2).create(
                {"plan_id": plan2.id, "result": "wrong_contact", "note": "电话空号"}
            ).action_confirm()
        self.assertEqual(plan2.log_ids[:1].action, "wrong_contact")
        self.assertEqual(plan2.log_ids[:1].user_id, self.salesman2)

    def test_aging_xlsx(self):
        import openpyxl  # noqa: PLC0415

        self.env["res.lang"]._activate_lang("zh_CN")
        today = fields.Date.context_today(self.env.user)
        partner = self.env["res.partner"].create({"name": "账龄测试客户"})
        for days, amount in (
            (-5, 100.0),
            (10, 200.0),
            (45, 300.0),
            (75, 400.0),
            (120, 500.0),
            (12, 50.0),
        ):
            self._inv(amount, due=today - timedelta(days=days), partner=partner)
        report = self.env["tz.collection.aging.report"].with_user(self.credit_manager)
        rows = report.search([("partner_id", "=", partner.id)])
        self.assertEqual(sum(rows.mapped("amount_residual")), 1550.0)
        self.assertEqual(
            sorted(rows.mapped("bucket")),
            sorted(["not_due", "1_30", "31_60", "61_90", "90_plus", "1_30"]),
        )
        data = report.with_context(lang="zh_CN")._tz_aging_xlsx(
            [("partner_id", "=", partner.id)]
        )
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        header = [c.value for c in sheet[1]]
        self.assertEqual(
            header,
            [
                "客户",
                "销售员",
                "未到期",
                "1-30天",
                "31-60天",
                "61-90天",
                "90天以上",
                "合计",
            ],
        )
        values = [c.value for c in sheet[2]]
        self.assertEqual(values[0], "账龄测试客户")
        self.assertEqual(values[2:], [100.0, 250.0, 300.0, 400.0, 500.0, 1550.0])
        self.assertEqual(sheet.cell(3, 1).value, "合计")
        self.assertEqual(sheet.cell(3, 8).value, 1550.0)
        english = report.with_context(lang="en_US")._tz_aging_xlsx(
            [("partner_id", "=", partner.id)]
        )
        sheet = openpyxl.load_workbook(io.BytesIO(english)).active
        self.assertEqual(sheet["A1"].value, "Customer")
        action = report.action_export_xlsx([("partner_id", "=", partner.id)])
        self.assertIn("/web/content/", action["url"])
        # a collector only sees the invoices of his customers
        self.assertFalse(
            self.env["tz.collection.aging.report"]
            .with_user(self.salesman2)
            .search([("partner_id", "=", partner.id)])
        )

    def test_sms_level_soft_dependency(self):
        self.levels[7].write(
            {"action_sms": True, "sms_body": "您好 您有一张发票已逾期 请尽快付款"}
        )
        self.partner.phone = "+86 138 0013 8000"
        with freeze_time("2026-03-01"):
            invoice = self._inv()
        self._run("2026-04-08")
        self._run("2026-04-08")
        plan = self._plan(invoice)
        self.assertEqual(len(plan.log_ids.filtered(lambda lg: lg.action == "sms")), 1)
        if "sms.sms" in self.env:  # the sms app is optional
            sms = self.env["sms.sms"].search([("partner_id", "=", self.partner.id)])
            self.assertEqual(len(sms), 1)
            self.assertIn(invoice.name, sms.body)

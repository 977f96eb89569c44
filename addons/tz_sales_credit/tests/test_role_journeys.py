"""Each role's main journey, end to end, as that role (never admin, never
sudo): salesperson, credit manager, collector, sales manager, accountant."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .test_collection import TzCollectionCommon

# the groups each role really has
SALESPERSON = "sales_team.group_sale_salesman"
# collectors are Credit / User, which every salesperson has (the collection
# menus live in the Sales app); they work the plans assigned to them
COLLECTOR = "sales_team.group_sale_salesman"
SALES_MANAGER = "sales_team.group_sale_salesman_all_leads"
CREDIT_MANAGER = (
    "sales_team.group_sale_salesman_all_leads,tz_sales_credit.group_tz_credit_manager"
)
ACCOUNTANT = "account.group_account_invoice"


@tagged("post_install", "-at_install")
class TestRoleJourneys(TzCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_role_collector",
            name="催收员 孙丽",
            groups=COLLECTOR,
        )
        cls.sales_manager = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_role_sales_manager",
            name="销售经理 钱伟",
            groups=SALES_MANAGER,
        )
        cls.accountant = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_role_accountant",
            name="会计 吴芳",
            groups=ACCOUNTANT,
        )
        cls.policy.escalation_user_id = cls.sales_manager
        cls.partner.tz_collector_id = cls.collector

    # ------------------------------------------------------------------
    def test_salesperson_journey(self):
        """Sells over the limit, is blocked, requests an approval; can neither
        approve it, nor raise the limit, nor grant temporary credit."""
        self._order(self.partner, 800.0).action_confirm()
        Order = self.env["sale.order"].with_user(self.salesman)
        with Form(Order) as form:
            form.partner_id = self.partner
            with form.order_line.new() as line:
                line.product_id = self.product
                line.price_unit = 500.0
        order = form.record
        self.assertTrue(order.tz_credit_blocked)
        with self.assertRaises(RedirectWarning):
            order.action_confirm()
        action = order.action_tz_request_credit_approval()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .with_context(**action["context"]),
            view=action["views"][0][0],
        ) as request:
            request.request_note = "老客户 月底回款"
        approval = request.record
        approval.action_submit()
        self.assertEqual(approval.state, "pending")
        # not allowed: decide, force the state, raise the limit, grant credit
        with self.assertRaises(AccessError):
            approval.action_approve()
        with self.assertRaises(AccessError):
            approval.action_reject()
        with self.assertRaises(UserError):
            approval.write({"state": "approved"})
        partner = self.partner.with_user(self.salesman)
        with self.assertRaises(AccessError):
            partner.tz_credit_limit = 99999.0
        with self.assertRaises(AccessError):
            partner.write({"credit_limit": 99999.0})
        Temp = self.env["tz.credit.limit.temp"].with_user(self.salesman)
        today = fields.Date.context_today(self.env.user)
        temp_vals = {
            "partner_id": self.partner.id,
            "amount": 5000.0,
            "date_from": today,
            "date_to": today,
            "reason": "自己批",
        }
        with self.assertRaises(AccessError):
            Temp.create(temp_vals)
        draft_temp = self.env["tz.credit.limit.temp"].create(temp_vals)
        with self.assertRaises(AccessError):
            draft_temp.with_user(self.salesman).action_approve()
        with self.assertRaises(AccessError):
            partner.write({"tz_credit_limit_temp_ids": [Command.create(temp_vals)]})
        self.assertEqual(self.partner.credit_limit, 1000.0)
        # the credit manager approves, the salesperson confirms once
        approval.with_user(self.credit_manager).action_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # his requests by state, as a grouped list shows them
        groups = (
            self.env["tz.credit.approval"]
            .with_user(self.salesman)
            .read_group([("requested_by_id", "=", self.salesman.id)], [], ["state"])
        )
        self.assertEqual(
            [(g["state"], g["state_count"]) for g in groups], [("approved", 1)]
        )

    def test_credit_manager_journey(self):
        """Raises a limit, grants temporary credit, decides approvals, runs the
        collection and cancels a plan with a reason."""
        partner = self.partner.with_user(self.credit_manager)
        with Form(partner) as form:
            form.tz_credit_limit = 2000.0
        self.assertEqual(self.partner.credit_limit, 2000.0)
        today = fields.Date.context_today(self.env.user)
        with Form(self.env["tz.credit.limit.temp"].with_user(self.credit_manager)) as f:
            f.partner_id = self.partner
            f.amount = 500.0
            f.date_from = today
            f.date_to = today + timedelta(days=30)
            f.reason = "银行保函已收"
        temp = f.record
        temp.action_approve()
        self.assertEqual(temp.approved_by_id, self.credit_manager)
        self.assertEqual(partner.tz_credit_limit_total, 2500.0)
        # decides a salesperson's request, never his own
        self._order(self.partner, 2400.0).action_confirm()
        order = self._order(self.partner, 300.0)
        approval = (
            self.env["tz.credit.approval"]
            .with_user(self.salesman)
            .create({"sale_order_id": order.id, "request_note": "急单"})
        )
        approval.action_submit()
        to_decide = (
            self.env["tz.credit.approval"]
            .with_user(self.credit_manager)
            .search([("state", "=", "pending")])
        )
        self.assertIn(approval, to_decide)
        to_decide.filtered(lambda a: a == approval).action_reject()
        self.assertEqual(approval.state, "rejected")
        self.assertEqual(approval.decided_by_id, self.credit_manager)
        own = (
            self.env["tz.credit.approval"]
            .with_user(self.credit_manager)
            .create({"sale_order_id": order.id})
        )
        own.action_submit()
        with self.assertRaises(UserError):
            own.action_approve()
        # runs the collection now and cancels a plan with a reason
        with freeze_time("2026-03-01"):
            invoice = self._inv()
        with freeze_time("2026-04-05"):
            self.env["tz.collection.plan"].with_user(
                self.credit_manager
            ).action_run_now()
        plan = self._plan(invoice)
        self.assertEqual(plan.level_id, self.levels[1])
        wizard = (
            self.env["tz.collection.cancel.wizard"]
            .with_user(self.credit_manager)
            .create({"plan_ids": plan.ids, "reason": "客户破产 转法务处理"})
        )
        wizard.action_confirm()
        self.assertEqual(plan.state, "cancel")
        cancel = plan.log_ids.filtered(lambda lg: lg.action == "cancel")
        self.assertEqual(cancel.user_id, self.credit_manager)
        self.assertEqual(cancel.result, "客户破产 转法务处理")
        temp.action_cancel()
        self.assertEqual(temp.state, "cancelled")

    def test_collector_journey(self):
        """Works the desk: logs call results and promises; cannot change
        policies, nor plans outside the desk's actions."""
        with freeze_time("2026-03-01"):
            invoice = self._inv()
            other = self._inv(partner=self.env["res.partner"].create({"name": "他人"}))
        self._run("2026-04-07")
        plan = self._plan(invoice)
        self.assertEqual(plan.user_id, self.collector)
        Plan = self.env["tz.collection.plan"].with_user(self.collector)
        # the desk: his plans only, by next action date
        self.assertEqual(Plan.search([]), plan)
        self.assertTrue(self._plan(other))
        # the plan's form and letter show the invoice, although it is another
        # salesperson's (the customer's collector follows it)
        self.assertEqual(invoice.invoice_user_id, self.salesman)
        shown = plan.with_user(self.collector).web_read(
            {"invoice_id": {"fields": {"display_name": {}}}, "amount_residual": {}}
        )
        self.assertEqual(shown[0]["invoice_id"]["display_name"], invoice.name)
        self.assertEqual(shown[0]["amount_residual"], 500.0)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.collector)
            ._render_qweb_html(
                "tz_sales_credit.action_report_tz_collection_letter", plan.ids
            )[0]
        )
        self.assertIn(invoice.name, html.decode())
        self.assertEqual(
            plan.with_user(self.collector).invoice_id.invoice_date,
            invoice.invoice_date,
        )
        self.assertFalse(
            self.env["account.move"]
            .with_user(self.collector)
            .search([("id", "=", other.id)])
        )
        by_state = Plan.read_group([], ["amount_residual:sum"], ["state"])
        self.assertEqual(
            [(g["state"], g["state_count"]) for g in by_state], [("open", 1)]
        )
        # call results from the wizard
        Wizard = self.env["tz.collection.call.wizard"].with_user(self.collector)
        with freeze_time("2026-04-08"):
            with Form(Wizard.with_context(default_plan_id=plan.id)) as call:
                call.result = "dispute"
                call.note = "客户称货物有质量问题"
            call.record.action_confirm()
            dispute = plan.activity_ids.filtered(
                lambda a: a.user_id == self.sales_manager
            )
            self.assertIn("Dispute", dispute.summary)
            with Form(Wizard.with_context(default_plan_id=plan.id)) as call:
                call.result = "promised"
                call.promised_date = date(2026, 4, 30)
            call.record.action_confirm()
        self.assertEqual(plan.state, "promised")
        self.assertEqual(plan.promised_amount, 500.0)
        self.assertEqual(
            plan.log_ids.filtered(lambda lg: lg.user_id == self.collector).mapped(
                "action"
            ),
            ["promise", "dispute"],
        )
        # not allowed: policies, plan fields, cancelling, running, importing
        with self.assertRaises(AccessError):
            self.policy.with_user(self.collector).write({"name": "改策略"})
        with self.assertRaises(AccessError):
            self.levels[30].with_user(self.collector).write({"action_hold": False})
        with self.assertRaises(AccessError):
            plan.with_user(self.collector).write({"next_action_date": date(2099, 1, 1)})
        with self.assertRaises(AccessError):
            plan.with_user(self.collector).write({"user_id": self.salesman.id})
        with self.assertRaises(AccessError):
            plan.with_user(self.collector)._tz_cancel("不想催了")
        with self.assertRaises(AccessError):
            Plan.action_run_now()
        with self.assertRaises(AccessError):
            self.partner.with_user(self.collector).write(
                {"tz_collection_policy_id": False}
            )
        result = Plan.load(
            ["invoice_id/.id", "partner_id/.id", "policy_id/.id"],
            [[str(invoice.id), str(self.partner.id), str(self.policy.id)]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(plan.state, "promised")

    def test_sales_manager_journey(self):
        """Receives escalations, reads the escalated plan and its log, sees
        the aging of the whole team; decides nothing on credit."""
        with freeze_time("2026-02-01"):
            invoice = self._inv(due=date(2026, 3, 1))
        self._run("2026-03-31")  # +30: credit hold and escalation
        plan = self._plan(invoice)
        activity = (
            self.env["mail.activity"]
            .with_user(self.sales_manager)
            .search([("res_model", "=", plan._name), ("res_id", "=", plan.id)])
        )
        self.assertIn("Escalation", " ".join(activity.mapped("summary")))
        mine = plan.with_user(self.sales_manager)
        self.assertEqual(mine.state, "open")
        self.assertTrue(mine.log_ids.filtered(lambda lg: lg.action == "escalate"))
        with self.assertRaises(AccessError):
            mine.write({"user_id": self.sales_manager.id})
        # the customer is held: his team's new orders are blocked
        order = self._order(self.partner, 10.0, user=self.sales_manager)
        with self.assertRaises(RedirectWarning):
            order.with_user(self.sales_manager).action_confirm()
        approval = (
            self.env["tz.credit.approval"]
            .with_user(self.sales_manager)
            .create({"sale_order_id": order.id})
        )
        approval.action_submit()
        with self.assertRaises(AccessError):
            approval.with_user(self.sales_manager).action_approve()
        aging = (
            self.env["tz.collection.aging.report"]
            .with_user(self.sales_manager)
            .read_group(
                [("partner_id", "=", self.partner.id)],
                ["amount_residual:sum"],
                ["user_id"],
            )
        )
        self.assertEqual(aging[0]["user_id"][0], self.salesman.id)

    def test_accountant_journey(self):
        """Reads the receivable aging (pivot and xlsx) of every salesperson;
        changes no credit rule and sees no collection plan."""
        today = fields.Date.context_today(self.env.user)
        partner = self.env["res.partner"].create({"name": "会计视角客户"})
        self._inv(100.0, due=today - timedelta(days=40), partner=partner)
        self._invoice(
            partner,
            50.0,
            invoice_date=today - timedelta(days=5),
            due=today + timedelta(days=10),
            invoice_user_id=self.salesman2.id,
        )
        Report = self.env["tz.collection.aging.report"].with_user(self.accountant)
        domain = [("partner_id", "=", partner.id)]
        pivot = Report.read_group(
            domain, ["amount_residual:sum"], ["bucket", "user_id"], lazy=False
        )
        self.assertEqual(
            [(g["bucket"], g["user_id"][0], g["amount_residual"]) for g in pivot],
            [("not_due", self.salesman2.id, 50.0), ("31_60", self.salesman.id, 100.0)],
        )
        action = Report.action_export_xlsx(domain)
        self.assertIn("/web/content/", action["url"])
        menu = self.env.ref("tz_sales_credit.menu_tz_collection_aging_account")
        visible = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        # no credit decisions, no collection plans
        with self.assertRaises(AccessError):
            self.partner.with_user(self.accountant).write({"credit_limit": 1.0})
        with self.assertRaises(AccessError):
            self.env["tz.collection.plan"].with_user(self.accountant).search([])
        with self.assertRaises(AccessError):
            self.env["tz.credit.limit.temp"].with_user(self.accountant).create(
                {
                    "partner_id": partner.id,
                    "amount": 1.0,
                    "date_from": today,
                    "date_to": today,
                    "reason": "x",
                }
            )

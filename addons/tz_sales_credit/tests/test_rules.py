import base64
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .test_collection import TzCollectionCommon

BUCKETS = ["not_due", "1_30", "31_60", "61_90", "90_plus"]
FILE = base64.b64encode(b"signed letter")


@tagged("post_install", "-at_install")
class TestAgingOrder(TzCollectionCommon):
    """Regression: the aging buckets came out in the alphabetical order of
    their keys (1-30, 31-60, 61-90, 90+, Not Due) in pivot, graph and
    grouped lists."""

    def test_aging_buckets_in_aging_order(self):
        today = fields.Date.context_today(self.env.user)
        partner = self.env["res.partner"].create({"name": "账龄排序客户"})
        for days in (120, 45, 10, -5, 75):
            self._inv(100.0, due=today - timedelta(days=days), partner=partner)
        Report = self.env["tz.collection.aging.report"].with_user(self.credit_manager)
        domain = [("partner_id", "=", partner.id)]
        # pivot and graph: eager read_group, alone or under another groupby
        pivot = Report.read_group(
            domain, ["amount_residual:sum"], ["bucket"], lazy=False
        )
        self.assertEqual([g["bucket"] for g in pivot], BUCKETS)
        nested = Report.read_group(
            domain, ["amount_residual:sum"], ["user_id", "bucket"], lazy=False
        )
        self.assertEqual([g["bucket"] for g in nested], BUCKETS)
        # grouped list (lazy web_read_group) and the ORM's _read_group
        listed = Report.web_read_group(domain, ["amount_residual:sum"], ["bucket"])
        self.assertEqual([g["bucket"] for g in listed["groups"]], BUCKETS)
        self.assertEqual(
            [b for (b,) in Report._read_group(domain, ["bucket"])], BUCKETS
        )
        # sorting the column descending reverses the aging order
        desc = Report.read_group(
            domain, ["amount_residual:sum"], ["bucket"], orderby="bucket desc"
        )
        self.assertEqual([g["bucket"] for g in desc], BUCKETS[::-1])


@tagged("post_install", "-at_install")
class TestApprovalRules(TzCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.partner, 800.0).action_confirm()
        cls.order = cls._order(cls.partner, 500.0)

    def _request(self):
        Approval = self.env["tz.credit.approval"].with_user(self.salesman)
        with Form(
            Approval.with_context(default_sale_order_id=self.order.id),
            view="tz_sales_credit.view_tz_credit_approval_request_form",
        ) as form:
            form.request_note = "老客户 月底回款"
        form.record.action_submit()
        return form.record

    def test_workflow_fields_only_through_buttons(self):
        approval = self._request().with_user(self.salesman)
        forged = [
            {"state": "approved"},
            {"decided_by_id": self.salesman.id},
            {"decided_date": fields.Datetime.now()},
            {"amount": 1.0},
            {"limit": 99999.0},
            {"consumed_date": fields.Datetime.now()},
            {"requested_by_id": self.salesman2.id},
        ]
        for vals in forged:
            with self.assertRaises(UserError, msg=vals):
                approval.write(vals)
        # a submitted request keeps its order; another salesperson cannot
        # touch it at all
        with self.assertRaises(UserError):
            approval.write({"sale_order_id": self._order(self.partner, 1.0).id})
        with self.assertRaises(AccessError):
            approval.with_user(self.salesman2).write({"request_note": "改"})
        # nor through the order form (x2many commands of the parent)
        order = self.order.with_user(self.salesman)
        with self.assertRaises(UserError):
            order.write(
                {
                    "tz_credit_approval_ids": [
                        Command.update(approval.id, {"state": "approved"})
                    ]
                }
            )
        with self.assertRaises(UserError):
            order.write(
                {
                    "tz_credit_approval_ids": [
                        Command.create(
                            {"state": "approved", "decided_by_id": self.salesman.id}
                        )
                    ]
                }
            )
        with self.assertRaises(AccessError):
            order.write({"tz_credit_approval_ids": [Command.delete(approval.id)]})
        # the rule holds for credit managers too: they decide with the buttons
        with self.assertRaises(UserError):
            approval.with_user(self.credit_manager).write({"state": "approved"})
        self.assertEqual(approval.state, "pending")
        self.assertFalse(approval.decided_by_id)
        self.assertEqual(approval.amount, 500.0)
        self.assertEqual(approval.requested_by_id, self.salesman)
        # a draft request from the order form is fine and is the user's own
        order.write({"tz_credit_approval_ids": [Command.create({"request_note": "x"})]})
        draft = self.order.tz_credit_approval_ids.filtered(lambda a: a.state == "draft")
        self.assertEqual(draft.requested_by_id, self.salesman)

    def test_copy_and_import_give_a_draft(self):
        approval = self._request()
        approval.with_user(self.credit_manager).action_approve()
        copy = approval.with_user(self.salesman).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.decided_by_id or copy.decided_date or copy.consumed_date)
        self.assertFalse(copy.amount or copy.limit or copy.reason)
        self.assertEqual(copy.requested_by_id, self.salesman)
        self.assertNotEqual(copy.name, approval.name)
        # importing a decided approval is refused, nothing is created
        Approval = self.env["tz.credit.approval"].with_user(self.salesman)
        before = Approval.search_count([])
        result = Approval.load(
            ["sale_order_id/.id", "state", "request_note"],
            [[str(self.order.id), "approved", "导入"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("own actions", result["messages"][0]["message"])
        self.assertEqual(Approval.search_count([]), before)

    def test_history_is_never_deleted(self):
        approval = self._request()
        approval.with_user(self.credit_manager2).action_reject()
        for user in (self.salesman, self.credit_manager):
            with self.assertRaises(AccessError):
                approval.with_user(user).unlink()
        # deleting the cancelled quotation would delete the request (cascade)
        sales_admin = new_test_user(
            self.env,
            lang="en_US",
            login="tz_sales_admin",
            groups="sales_team.group_sale_manager",
        )
        self.order._action_cancel()
        with self.assertRaises(UserError):
            self.order.with_user(sales_admin).unlink()
        self.assertTrue(approval.exists())
        # a quotation without submitted request is deleted as usual
        other = self._order(self.partner, 10.0)
        other.with_user(sales_admin).unlink()
        self.assertFalse(other.exists())

    def _attach(self, record, user):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "担保函.pdf",
                    "datas": FILE,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        )

    def test_attachments_of_decided_approvals_are_evidence(self):
        approval = self._request()
        # pending: the requester may still remove a wrong file
        wrong = self._attach(approval, self.salesman)
        wrong.with_user(self.salesman).unlink()
        self.assertFalse(wrong.exists())
        proof = self._attach(approval, self.salesman)
        approval.with_user(self.credit_manager).action_approve()
        with self.assertRaises(UserError):
            proof.with_user(self.salesman).unlink()
        with self.assertRaises(UserError):
            proof.with_user(self.salesman).write({"datas": base64.b64encode(b"x")})
        self.assertTrue(proof.exists())
        # adding more files stays possible
        self._attach(approval, self.salesman)
        # a credit manager corrects the evidence; it is written on the record
        proof.with_user(self.credit_manager).unlink()
        self.assertFalse(proof.exists())
        self.assertIn(
            "Evidence corrected", " ".join(approval.message_ids.mapped("body"))
        )


@tagged("post_install", "-at_install")
class TestTemporaryCreditRules(TzCollectionCommon):
    def _vals(self, **kw):
        today = fields.Date.context_today(self.env.user)
        return {
            "partner_id": self.partner.id,
            "amount": 300.0,
            "date_from": today,
            "date_to": today + timedelta(days=10),
            "reason": "双十一备货",
            **kw,
        }

    def test_state_and_approver_only_through_buttons(self):
        Temp = self.env["tz.credit.limit.temp"].with_user(self.credit_manager)
        for forged in (
            {"state": "approved"},
            {"approved_by_id": self.credit_manager.id},
            {"approved_date": fields.Datetime.now()},
        ):
            with self.assertRaises(UserError, msg=forged):
                Temp.create(self._vals(**forged))
        temp = Temp.create(self._vals())
        with self.assertRaises(UserError):
            temp.write({"state": "approved"})
        partner = self.partner.with_user(self.credit_manager)
        # from the customer form (x2many commands)
        with self.assertRaises(UserError):
            partner.write(
                {
                    "tz_credit_limit_temp_ids": [
                        Command.create(self._vals(state="approved"))
                    ]
                }
            )
        with self.assertRaises(UserError):
            partner.write(
                {
                    "tz_credit_limit_temp_ids": [
                        Command.update(temp.id, {"state": "approved"})
                    ]
                }
            )
        self.assertEqual(temp.state, "draft")
        self.assertEqual(self.partner.tz_credit_temp_amount, 0.0)
        # salespeople cannot grant, approve or create it from the customer form
        with self.assertRaises(AccessError):
            temp.with_user(self.salesman).action_approve()
        with self.assertRaises(AccessError):
            self.partner.with_user(self.salesman).write(
                {"tz_credit_limit_temp_ids": [Command.create(self._vals())]}
            )
        temp.action_approve()
        self.assertEqual(temp.approved_by_id, self.credit_manager)
        # the approved grant keeps its amount and dates
        for vals in ({"amount": 9000.0}, {"date_to": date(2099, 1, 1)}):
            with self.assertRaises(UserError, msg=vals):
                partner.write(
                    {"tz_credit_limit_temp_ids": [Command.update(temp.id, vals)]}
                )
        with self.assertRaises(UserError):
            partner.write({"tz_credit_limit_temp_ids": [Command.delete(temp.id)]})
        self.assertEqual(temp.amount, 300.0)

    def test_copy_and_import(self):
        Temp = self.env["tz.credit.limit.temp"].with_user(self.credit_manager)
        temp = Temp.create(self._vals())
        temp.action_approve()
        copy = temp.copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.approved_by_id or copy.approved_date)
        result = Temp.load(
            ["partner_id/.id", "amount", "date_from", "date_to", "reason", "state"],
            [
                [
                    str(self.partner.id),
                    "5000",
                    str(fields.Date.context_today(self.env.user)),
                    str(fields.Date.context_today(self.env.user)),
                    "导入",
                    "approved",
                ]
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("own actions", result["messages"][0]["message"])
        self.assertFalse(Temp.search([("reason", "=", "导入")]))
        result = Temp.load(
            ["partner_id/.id", "amount", "date_from", "date_to", "reason"],
            [
                [
                    str(self.partner.id),
                    "5000",
                    str(fields.Date.context_today(self.env.user)),
                    str(fields.Date.context_today(self.env.user)),
                    "导入",
                ]
            ],
        )
        self.assertEqual(Temp.browse(result["ids"]).state, "draft")


@tagged("post_install", "-at_install")
class TestCollectionRules(TzCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-01"):
            cls.invoice = cls._invoice(
                cls.partner,
                500.0,
                invoice_date=date(2026, 3, 1),
                due=date(2026, 3, 31),
                invoice_user_id=cls.salesman.id,
            )

    def setUp(self):
        super().setUp()
        self._run("2026-04-07")  # level +7: call activity
        self.plan = self._plan(self.invoice)

    def test_plan_workflow_fields(self):
        plan = self.plan.with_user(self.credit_manager)
        for vals in (
            {"state": "done"},
            {"level_id": self.levels[30].id},
            {"credit_hold": True},
            {"letter_pending": True},
            {"promised_date": date(2099, 1, 1)},
            {"close_reason": "x"},
            {"next_action_date": date(2099, 1, 1)},
        ):
            with self.assertRaises(UserError, msg=vals):
                plan.write(vals)
        self.assertEqual(plan.state, "open")
        self.assertEqual(plan.level_id, self.levels[7])
        # credit managers reassign the collector
        plan.user_id = self.salesman2
        self.assertEqual(plan.user_id, self.salesman2)
        # collectors change nothing directly, not even through the log
        collector_plan = self.plan.with_user(self.salesman2)
        with self.assertRaises(AccessError):
            collector_plan.write({"state": "done"})
        with self.assertRaises(AccessError):
            collector_plan.write(
                {"log_ids": [Command.create({"action": "call", "result": "x"})]}
            )
        # no duplicate, no plan made up by an import
        with self.assertRaises(UserError):
            plan.copy()
        with freeze_time("2026-03-01"):
            other = self._inv(due=date(2026, 3, 31))
        result = (
            self.env["tz.collection.plan"]
            .with_user(self.credit_manager)
            .load(
                ["invoice_id/.id", "partner_id/.id", "policy_id/.id", "state"],
                [[str(other.id), str(self.partner.id), str(self.policy.id), "done"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn("own actions", result["messages"][0]["message"])
        self.assertFalse(self._plan(other))

    def test_log_is_bookkeeping_of_the_run(self):
        plan = self.plan.with_user(self.credit_manager)
        # a forged log entry would make the run skip the +15 letter
        with self.assertRaises(UserError):
            plan.write(
                {
                    "log_ids": [
                        Command.create(
                            {
                                "action": "letter",
                                "level_id": self.levels[15].id,
                                "result": "已寄出",
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(UserError):
            self.env["tz.collection.log"].with_user(self.salesman).create(
                {
                    "plan_id": self.plan.id,
                    "action": "letter",
                    "level_id": self.levels[15].id,
                }
            )
        log = self.plan.log_ids[:1]
        with self.assertRaises(UserError):
            plan.write({"log_ids": [Command.update(log.id, {"result": "改写"})]})
        with self.assertRaises(AccessError):
            plan.write({"log_ids": [Command.delete(log.id)]})
        with self.assertRaises(UserError):
            log.with_user(self.credit_manager).copy()
        result = (
            self.env["tz.collection.log"]
            .with_user(self.salesman)
            .load(
                ["plan_id/.id", "action", "level_id/.id"],
                [[str(self.plan.id), "letter", str(self.levels[15].id)]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn("own actions", result["messages"][0]["message"])
        self._run("2026-04-15")
        self.assertTrue(self.plan.letter_pending)
        letters = self.plan.log_ids.filtered(lambda lg: lg.action == "letter")
        self.assertEqual(letters.user_id, self.env.user)
        # history: never deleted by users, not even by credit managers
        for user in (self.salesman, self.credit_manager):
            with self.assertRaises(AccessError):
                letters.with_user(user).unlink()

    def test_log_attachments_are_evidence(self):
        log = self.plan.log_ids[:1]
        proof = (
            self.env["ir.attachment"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "通话录音.mp3",
                    "datas": FILE,
                    "res_model": "tz.collection.log",
                    "res_id": log.id,
                }
            )
        )
        with self.assertRaises(UserError):
            log.with_user(self.salesman).write({"result": "改写"})
        with self.assertRaises(UserError):
            proof.with_user(self.salesman).unlink()
        with self.assertRaises(UserError):
            proof.with_user(self.salesman).write({"datas": base64.b64encode(b"x")})
        self.assertTrue(proof.exists())
        proof.with_user(self.credit_manager).unlink()
        self.assertFalse(proof.exists())

    def test_collector_actions_without_sudo(self):
        self._run("2026-04-15")  # level +15: letter to print
        self.assertTrue(self.plan.letter_pending)
        self.plan.with_user(self.salesman).action_print_letter()
        self.assertFalse(self.plan.letter_pending)
        Wizard = self.env["tz.collection.call.wizard"].with_user(self.salesman)
        with freeze_time("2026-04-16"):
            Wizard.create(
                {
                    "plan_id": self.plan.id,
                    "result": "promised",
                    "promised_date": date(2026, 5, 10),
                    "promised_amount": 200.0,
                }
            ).action_confirm()
        self.assertEqual(self.plan.state, "promised")
        self.assertEqual(self.plan.promised_amount, 200.0)
        promise = self.plan.log_ids.filtered(lambda lg: lg.action == "promise")
        self.assertEqual(promise.user_id, self.salesman)
        # cancelling is for credit managers only
        with self.assertRaises(AccessError):
            self.plan.with_user(self.salesman)._tz_cancel("客户破产")
        self.assertEqual(self.plan.state, "promised")

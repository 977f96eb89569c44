from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import Form, tagged

from .common import TzCreditCommon


@tagged("post_install", "-at_install")
class TestCreditApproval(TzCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.partner, 800.0).action_confirm()
        cls.order = cls._order(cls.partner, 500.0)

    def _request(self, user=None, order=None):
        order = order or self.order
        Approval = self.env["tz.credit.approval"].with_user(user or self.salesman)
        with Form(
            Approval.with_context(default_sale_order_id=order.id),
            view="tz_sales_credit.view_tz_credit_approval_request_form",
        ) as form:
            form.request_note = "老客户 月底回款"
        approval = form.record
        approval.action_submit()
        return approval

    def test_approval_flow_end_to_end(self):
        order = self.order.with_user(self.salesman)
        with self.assertRaises(RedirectWarning):
            order.action_confirm()
        self.assertTrue(order.tz_credit_can_request)
        action = order.action_tz_request_credit_approval()
        self.assertEqual(action["res_model"], "tz.credit.approval")
        approval = self._request()
        self.assertEqual(approval.state, "pending")
        self.assertEqual(approval.requested_by_id, self.salesman)
        self.assertEqual(approval.partner_id, self.partner)
        self.assertEqual(approval.amount, 500.0)
        self.assertEqual(approval.exposure, 1300.0)
        self.assertEqual(approval.limit, 1000.0)
        self.assertEqual(approval.over_amount, 300.0)
        self.assertIn("1,000.00", approval.reason)
        # every credit manager gets an activity, not the requester
        managers = approval.activity_ids.user_id
        self.assertIn(self.credit_manager, managers)
        self.assertIn(self.credit_manager2, managers)
        self.assertNotIn(self.salesman, managers)
        self.assertFalse(order.tz_credit_can_request)
        # still blocked while pending
        with self.assertRaises(RedirectWarning):
            order.action_confirm()
        # the salesperson cannot approve, nor force the state
        with self.assertRaises(AccessError):
            approval.with_user(self.salesman).action_approve()
        with self.assertRaises(UserError):
            approval.with_user(self.salesman).write({"state": "approved"})
        approval.with_user(self.credit_manager).write(
            {"decision_note": "同意 下不为例"}
        )
        approval.with_user(self.credit_manager).action_approve()
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.decided_by_id, self.credit_manager)
        self.assertFalse(
            approval.activity_ids.filtered(lambda a: a.user_id == self.credit_manager2)
        )
        self.assertIn("confirmed once", order.tz_credit_info or "")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(approval.consumed_date)
        # logged on the order's and the customer's chatter
        for record in (self.order, self.partner):
            bodies = " ".join(record.message_ids.mapped("body"))
            self.assertIn(approval.name, bodies)
            self.assertIn("approved by", bodies)

    def test_approval_is_used_once(self):
        approval = self._request()
        approval.with_user(self.credit_manager).action_approve()
        self.order.with_user(self.salesman).action_confirm()
        self.order._action_cancel()
        self.order.action_draft()
        with self.assertRaises(RedirectWarning):
            self.order.with_user(self.salesman).action_confirm()

    def test_approval_expires_when_total_changes(self):
        approval = self._request()
        approval.with_user(self.credit_manager).action_approve()
        self.order.with_user(self.salesman).write(
            {
                "order_line": [
                    Command.update(self.order.order_line.id, {"price_unit": 900.0})
                ]
            }
        )
        self.assertEqual(approval.state, "expired")
        with self.assertRaises(RedirectWarning):
            self.order.with_user(self.salesman).action_confirm()
        self.assertIn("expired", " ".join(self.order.message_ids.mapped("body")))

    def test_approval_expires_when_line_added_or_partner_changes(self):
        approval = self._request()
        self.order.order_line.create(
            {"order_id": self.order.id, "product_id": self.product.id, "price_unit": 1}
        )
        self.assertEqual(approval.state, "expired")
        # a pending approval cannot be approved any more once expired
        with self.assertRaises(UserError):
            approval.with_user(self.credit_manager).action_approve()
        approval2 = self._request()
        approval2.with_user(self.credit_manager).action_approve()
        other = self.env["res.partner"].create({"name": "杭州另一家公司"})
        self.order.partner_id = other
        self.assertEqual(approval2.state, "expired")

    def test_cannot_approve_own_request_or_not_pending(self):
        approval = self._request(user=self.credit_manager)
        with self.assertRaises(UserError):
            approval.with_user(self.credit_manager).action_approve()
        self.assertEqual(approval.state, "pending")
        approval.with_user(self.credit_manager2).action_reject()
        self.assertEqual(approval.state, "rejected")
        with self.assertRaises(UserError):
            approval.with_user(self.credit_manager2).action_approve()
        self.assertEqual(approval.state, "rejected")
        with self.assertRaises(UserError):
            approval.with_user(self.credit_manager2).action_submit()
        # history is kept
        with self.assertRaises(UserError):
            approval.unlink()

    def test_deleted_quotation_leaves_no_activity_behind(self):
        approval = self._request()
        approval_id = approval.id
        self.assertTrue(approval.activity_ids)
        # the salesperson cannot delete it (history); an administrator in
        # superuser mode can, and the database cascade takes the approval
        order = self.order.with_user(self.salesman)
        order._action_cancel()
        with self.assertRaises(UserError):
            order.unlink()
        self.order.unlink()
        self.assertFalse(approval.exists())
        leftovers = {
            model: self.env[model].search_count(
                [(field, "=", model_name), ("res_id", "=", approval_id)]
            )
            for model, field, model_name in (
                ("mail.activity", "res_model", "tz.credit.approval"),
                ("mail.followers", "res_model", "tz.credit.approval"),
                ("mail.message", "model", "tz.credit.approval"),
            )
        }
        self.assertEqual(
            leftovers, {"mail.activity": 0, "mail.followers": 0, "mail.message": 0}
        )
        # the credit managers' activity menu still loads
        self.credit_manager.with_user(self.credit_manager)._get_activity_groups()

    def test_no_request_when_within_policy_or_duplicate(self):
        order = self._order(self.partner, 100.0)
        with self.assertRaises(UserError):
            self._request(order=order)
        self._request()
        with self.assertRaises(UserError):
            self._request()

    def test_system_fields_cannot_be_forged(self):
        with self.assertRaises(UserError):
            self.env["tz.credit.approval"].with_user(self.salesman).create(
                {"sale_order_id": self.order.id, "state": "approved"}
            )

    def test_rejected_then_new_request(self):
        approval = self._request()
        approval.with_user(self.credit_manager).action_reject()
        self.assertIn("rejected", " ".join(self.order.message_ids.mapped("body")))
        self.assertTrue(self.order.with_user(self.salesman).tz_credit_can_request)
        approval2 = self._request()
        approval2.with_user(self.credit_manager).action_approve()
        self.order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.order.state, "sale")

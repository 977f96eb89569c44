from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8//8/AwMDEwMDAwMDAwAk"
    "BgMB/DXemwAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestCreditTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # English UI text and messages are asserted: en_US must be active
        # (also for the portal request) whatever the database's language
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.company.write(
            {
                "account_use_credit_limit": True,
                "tz_credit_block": True,
                "tz_overdue_block_days": 0,
                "tz_credit_order_basis": "ordered",
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_tour_salesman",
            name="销售 王芳",
            groups="sales_team.group_sale_salesman",
        )
        cls.manager = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_tour_manager",
            name="信用经理 刘洋",
            groups="sales_team.group_sale_salesman_all_leads,"
            "tz_sales_credit.group_tz_credit_manager",
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "茶叶礼盒",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "深圳巡检客户有限公司",
                "is_company": True,
                "email": "c@example.com",
            }
        )
        cls.partner.credit_limit = 1000.0
        cls._order(800.0).action_confirm()
        cls.order = cls._order(500.0)

    @classmethod
    def _order(cls, amount, **vals):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.partner.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )

    def test_tour_blocked_request_approve_confirm(self):
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}"
        self.start_tour(url, "tz_sales_credit_request_tour", login="tz_tour_salesman")
        approval = self.order.tz_credit_approval_ids
        self.assertEqual(approval.state, "pending")
        self.assertEqual(approval.requested_by_id, self.salesman)
        self.assertIn("月底", approval.request_note)
        self.assertEqual(self.order.state, "draft")

        url = f"/odoo/action-tz_sales_credit.action_tz_credit_approval/{approval.id}"
        self.start_tour(url, "tz_sales_credit_approve_tour", login="tz_tour_manager")
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.decided_by_id, self.manager)

        url = f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}"
        self.start_tour(url, "tz_sales_credit_confirm_tour", login="tz_tour_salesman")
        self.assertEqual(self.order.state, "sale")
        self.assertTrue(approval.consumed_date)

    def test_portal_signature_is_held(self):
        """The customer signs on the portal: the order is held, not confirmed,
        and the salesperson is told."""
        order = self._order(400.0, require_signature=True, require_payment=False)
        order.action_quotation_sent()
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order._portal_ensure_token(),
                "name": "王经理",
                "signature": SIGNATURE,
            },
        )
        self.assertNotIn("error", result)
        self.assertEqual(order.signed_by, "王经理")
        self.assertEqual(order.state, "sent")
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.salesman)
        self.assertIn("Credit hold", activity.summary)
        self.assertIn(
            "Held by credit control", " ".join(order.message_ids.mapped("body"))
        )

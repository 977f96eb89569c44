from odoo import Command, api
from odoo.exceptions import RedirectWarning
from odoo.tests import tagged

from .common import TzCreditCommon

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8//8/AwMDEwMDAwMDAwAk"
    "BgMB/DXemwAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestCreditPaths(TzCreditCommon):
    def test_batch_confirm_with_one_bad_order(self):
        other = self.env["res.partner"].create({"name": "深圳南山科技"})
        other.credit_limit = 5000.0
        first = self._order(self.partner, 400.0)
        second = self._order(self.contact, 400.0)
        third = self._order(self.partner, 400.0)  # 1200 > 1000 within the batch
        fourth = self._order(other, 400.0)
        orders = first | second | third | fourth
        result = orders.with_user(self.salesman).action_confirm()
        self.assertEqual((first | second | fourth).mapped("state"), ["sale"] * 3)
        self.assertEqual(third.state, "draft")
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["tz_credit_blocked_order_ids"], third.ids)
        self.assertIn(third.name, result["params"]["message"])
        self.assertNotIn(first.name, result["params"]["message"])
        self.assertIn(
            "Not confirmed (credit control)", " ".join(third.message_ids.mapped("body"))
        )

    def test_batch_all_blocked_reports_each(self):
        self._order(self.partner, 1000.0).action_confirm()
        orders = self._order(self.partner, 10.0) | self._order(self.partner, 20.0)
        result = orders.with_user(self.salesman).action_confirm()
        self.assertEqual(orders.mapped("state"), ["draft", "draft"])
        self.assertEqual(
            sorted(result["params"]["tz_credit_blocked_order_ids"]), sorted(orders.ids)
        )

    def test_confirm_through_rpc(self):
        order = self._order(self.partner, 1500.0)
        env = self.env(user=self.salesman)
        with self.assertRaises(RedirectWarning):
            api.call_kw(env["sale.order"], "action_confirm", [order.ids], {})
        self.assertEqual(order.state, "draft")
        ok = self._order(self.partner, 100.0)
        api.call_kw(env["sale.order"], "action_confirm", [ok.ids], {})
        self.assertEqual(ok.state, "sale")

    def test_portal_signed_quotation_is_held(self):
        self._order(self.partner, 900.0).action_confirm()
        order = self._order(self.partner, 300.0, require_signature=True)
        order.action_quotation_sent()
        # what the portal controller does after the customer signs
        order.sudo().write({"signed_by": "王经理", "signature": SIGNATURE})
        order.sudo()._validate_order()  # must not raise
        self.assertEqual(order.state, "sent")
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.salesman)
        self.assertTrue(activity)
        self.assertIn("Credit hold", activity.summary)
        self.assertIn(
            "Held by credit control", " ".join(order.message_ids.mapped("body"))
        )
        # a signed quotation within the limit is confirmed as usual
        ok = self._order(self.partner, 50.0)
        ok.sudo()._validate_order()
        self.assertEqual(ok.state, "sale")

    def _provider(self):
        method = self.env.ref("payment.payment_method_unknown")
        provider = self.env["payment.provider"].create(
            {
                "name": "Dummy",
                "code": "none",
                "state": "test",
                "is_published": True,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        method.active = True
        return provider, method

    def _pay(self, order, amount):
        provider, method = self._provider()
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "amount": amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"TX-{order.name}",
                "sale_order_ids": [Command.set(order.ids)],
            }
        )
        tx._set_done()
        return tx, tx._check_amount_and_confirm_order()

    def test_prepaid_order_passes(self):
        self._order(self.partner, 1000.0).action_confirm()
        order = self._order(self.partner, 500.0)
        order.action_quotation_sent()
        _tx, confirmed = self._pay(order, 500.0)
        self.assertEqual(order.state, "sale")
        self.assertEqual(confirmed, order)

    def test_partially_paid_order_over_limit_is_held(self):
        self._order(self.partner, 1000.0).action_confirm()
        order = self._order(self.partner, 500.0)
        order.require_payment = True
        order.prepayment_percent = 0.5
        order.action_quotation_sent()
        _tx, confirmed = self._pay(order, 250.0)
        self.assertTrue(order._is_confirmation_amount_reached())
        self.assertEqual(order.state, "sent")
        self.assertFalse(confirmed)
        self.assertTrue(
            order.activity_ids.filtered(lambda a: "Credit hold" in (a.summary or ""))
        )

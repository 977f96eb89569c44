from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestHandover(TzCrmExtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust1 = cls._customer("离职客户一", user=cls.sales_a)
        cls.cust2 = cls._customer("离职客户二", user=cls.sales_a)
        cls.cust3 = cls._customer("离职客户三", user=cls.sales_a)
        cls.kept = cls._customer("别人的客户", user=cls.sales_c)
        Lead = cls.env["crm.lead"].with_context(tz_no_auto_assign=True)
        cls.open_lead = Lead.create(
            {
                "name": "开放商机",
                "type": "opportunity",
                "user_id": cls.sales_a.id,
                "partner_id": cls.cust1.id,
            }
        )
        cls.won_lead = Lead.create(
            {
                "name": "赢单商机",
                "type": "opportunity",
                "user_id": cls.sales_a.id,
                "partner_id": cls.cust1.id,
            }
        )
        cls.won_lead.action_set_won()
        product = cls.env["product.product"].create({"name": "服务", "list_price": 10})
        SO = cls.env["sale.order"]
        cls.quotation = SO.create(
            {
                "partner_id": cls.cust2.id,
                "user_id": cls.sales_a.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        cls.confirmed = SO.create(
            {
                "partner_id": cls.cust2.id,
                "user_id": cls.sales_a.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        cls.confirmed.action_confirm()
        cls.activity = cls.cust3.activity_schedule(
            "mail.mail_activity_data_call", user_id=cls.sales_a.id, summary="回访"
        )

    def _wizard(self, **vals):
        values = {
            "from_user_id": self.sales_a.id,
            "mode": "single",
            "to_user_id": self.sales_b.id,
        }
        values.update(vals)
        return (
            self.env["tz.customer.handover.wizard"]
            .with_user(self.manager)
            .create(values)
        )

    def test_single_successor_moves_exact_scope(self):
        wizard = self._wizard(note="甲离职")
        self.assertEqual(wizard.partner_count, 3)
        self.assertEqual(wizard.lead_count, 1)
        self.assertEqual(wizard.order_count, 1)
        self.assertGreaterEqual(wizard.activity_count, 1)
        action = wizard.action_handover()
        handover = self.env["tz.customer.handover"].browse(action["res_id"])
        self.assertEqual((self.cust1 | self.cust2 | self.cust3).user_id, self.sales_b)
        self.assertEqual(self.kept.user_id, self.sales_c)
        self.assertEqual(self.open_lead.user_id, self.sales_b)
        self.assertEqual(self.won_lead.user_id, self.sales_a)
        self.assertEqual(self.quotation.user_id, self.sales_b)
        self.assertEqual(self.confirmed.user_id, self.sales_a)
        self.assertEqual(self.activity.user_id, self.sales_b)
        self.assertEqual(handover.from_user_id, self.sales_a)
        self.assertEqual(handover.to_user_ids, self.sales_b)
        self.assertEqual(handover.user_id, self.manager)
        self.assertEqual(handover.partner_count, 3)
        self.assertEqual(handover.lead_count, 1)
        self.assertEqual(handover.order_count, 1)
        self.assertEqual(handover.partner_ids, self.cust1 | self.cust2 | self.cust3)
        self.assertTrue(handover.name.startswith("HO/"))
        self.assertIn(handover.name, self.cust1.message_ids[0].body)
        self.assertIn(handover.name, self.open_lead.message_ids[0].body)
        self.assertIn(handover.name, self.quotation.message_ids[0].body)
        with self.assertRaises(UserError):
            handover.with_user(self.manager).unlink()
        # salespeople see the handovers they are part of, not the others
        Handover = self.env["tz.customer.handover"]
        self.assertEqual(Handover.with_user(self.sales_b).search([]), handover)
        self.assertFalse(Handover.with_user(self.sales_c).search([]))

    def test_scope_limits(self):
        self._wizard(
            scope_customers=False, scope_activities=False, scope_quotations=False
        ).action_handover()
        self.assertEqual(self.cust1.user_id, self.sales_a)
        self.assertEqual(self.quotation.user_id, self.sales_a)
        self.assertEqual(self.activity.user_id, self.sales_a)
        self.assertEqual(self.open_lead.user_id, self.sales_b)

    def test_spread_across_successors(self):
        wizard = self._wizard(
            mode="spread",
            to_user_ids=[(6, 0, (self.sales_b | self.sales_c).ids)],
            spread_rule="count",
        )
        wizard.action_handover()
        customers = self.cust1 | self.cust2 | self.cust3
        owners = customers.mapped("user_id")
        self.assertEqual(owners, self.sales_b | self.sales_c)
        self.assertFalse(customers.filtered(lambda p: p.user_id == self.sales_a))
        # each opportunity / quotation / activity follows its customer
        self.assertEqual(self.open_lead.user_id, self.cust1.user_id)
        self.assertEqual(self.quotation.user_id, self.cust2.user_id)
        self.assertEqual(self.activity.user_id, self.cust3.user_id)

    def test_spread_by_value(self):
        self.cust1.tz_value_revenue = 1000
        self.cust2.tz_value_revenue = 600
        self.cust3.tz_value_revenue = 500
        self._wizard(
            mode="spread",
            to_user_ids=[(6, 0, (self.sales_b | self.sales_c).ids)],
            spread_rule="value",
        ).action_handover()
        self.assertNotEqual(self.cust1.user_id, self.cust2.user_id)
        self.assertEqual(self.cust2.user_id, self.cust3.user_id)

    def test_bad_input(self):
        with self.assertRaises(UserError):
            self._wizard(to_user_id=self.sales_a.id).action_handover()
        self.sales_c.action_archive()
        with self.assertRaises(UserError):
            self._wizard(to_user_id=self.sales_c.id).action_handover()
        with self.assertRaises(UserError):
            self._wizard(to_user_id=False).action_handover()
        with self.assertRaises(UserError):
            self._wizard(
                scope_customers=False,
                scope_opportunities=False,
                scope_activities=False,
                scope_quotations=False,
                scope_collection_plans=False,
            ).action_handover()
        self.assertEqual(self.cust1.user_id, self.sales_a)
        self.assertFalse(
            self.env["tz.customer.handover"].search(
                [("from_user_id", "=", self.sales_a.id)]
            )
        )

    def test_form_and_salesman_denied(self):
        form = Form(self.env["tz.customer.handover.wizard"].with_user(self.manager))
        form.from_user_id = self.sales_a
        self.assertEqual(form.partner_count, 3)
        with self.assertRaises(AccessError):
            self.env["tz.customer.handover.wizard"].with_user(self.sales_b).create(
                {"from_user_id": self.sales_a.id, "to_user_id": self.sales_b.id}
            )

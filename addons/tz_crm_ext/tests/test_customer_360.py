from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestCustomer360(TzCrmExtCommon):
    def test_counts_and_optional_modules(self):
        customer = self._customer("三六零客户", user=self.sales_a)
        contact = self.env["res.partner"].create(
            {"name": "联系人 赵", "parent_id": customer.id}
        )
        self._interaction(contact, fields.Datetime.now(), user=self.sales_a)
        self._interaction(customer, fields.Datetime.now(), user=self.sales_a)
        self.assertEqual(customer.tz_interaction_count, 2)
        self.assertEqual(contact.tz_interaction_count, 2)
        action = contact.action_tz_view_interactions()
        self.assertEqual(action["domain"], [("partner_id", "=", customer.id)])
        self.assertEqual(action["context"]["default_contact_id"], contact.id)
        for model, flag, count, method in (
            (
                "tz.service.request",
                "tz_has_service_request",
                "tz_service_request_count",
                "action_tz_view_service_requests",
            ),
        ):
            installed = model in self.env
            self.assertEqual(customer[flag], installed)
            if installed:
                action = getattr(customer, method)()
                self.assertEqual(action["res_model"], model)
            else:
                self.assertEqual(customer[count], 0)
                with self.assertRaises(UserError):
                    getattr(customer, method)()

    def test_reading_the_customer_form_writes_nothing(self):
        """The 360 counts are computed on read: opening the form (a read-only
        request) must not write the customer, whichever tz modules are
        installed beside this one."""
        customer = self._customer("只读客户", user=self.sales_a)
        views = customer.get_views([(False, "form")])
        spec = {name: {} for name in views["models"]["res.partner"]["fields"]}
        self.env.flush_all()
        customer.invalidate_recordset()
        with patch.object(
            type(customer), "write", side_effect=AssertionError("write on read")
        ):
            customer.web_read(spec)
            self.env.flush_all()

    def test_log_interaction_action_and_lead_button(self):
        customer = self._customer("按钮客户", user=self.sales_a)
        action = customer.action_tz_log_interaction()
        self.assertEqual(action["res_model"], "tz.customer.interaction")
        self.assertEqual(action["context"]["default_partner_id"], customer.id)
        lead = (
            self.env["crm.lead"]
            .with_context(tz_no_auto_assign=True)
            .create({"name": "按钮商机", "partner_id": customer.id})
        )
        self._interaction(
            customer, fields.Datetime.now(), user=self.sales_a, lead_id=lead.id
        )
        self.assertEqual(lead.tz_interaction_count, 1)
        self.assertEqual(
            lead.action_tz_view_interactions()["domain"], [("lead_id", "=", lead.id)]
        )

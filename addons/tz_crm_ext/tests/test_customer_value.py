from odoo import fields
from odoo.addons.tz_crm_ext.lib import customer_value
from odoo.tests import tagged

from .common import TzCrmExtCommon


@tagged("post_install", "-at_install")
class TestCustomerValue(TzCrmExtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer(
            "广州价值客户", user=cls.sales_a, grade=cls.grade_d
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "采购 刘", "parent_id": cls.customer.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "数控刀具", "list_price": 100.0, "standard_price": 60.0}
        )
        cls.company.write(
            {
                "tz_value_monetary_ref": 1_000_000.0,
                "tz_value_potential_ref": 500_000.0,
                "tz_value_frequency_ref": 12,
            }
        )

    def _move(self, move_type, partner, qty, price):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": fields.Date.context_today(self.customer),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "quantity": qty,
                            "price_unit": price,
                            "tax_ids": [(6, 0, [])],
                        },
                    )
                ],
            }
        )
        move.action_post()
        return move

    def test_value_figures(self):
        self._move("out_invoice", self.customer, 2, 100.0)
        self._move("out_refund", self.contact, 1, 100.0)
        # draft invoices do not count
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "quantity": 50,
                            "price_unit": 100.0,
                        },
                    )
                ],
            }
        )
        Lead = self.env["crm.lead"].with_context(tz_no_auto_assign=True)
        Lead.create(
            {
                "name": "扩产项目",
                "type": "opportunity",
                "partner_id": self.contact.id,
                "user_id": self.sales_a.id,
                "expected_revenue": 10000,
                "probability": 30,
            }
        )
        won = Lead.create(
            {
                "name": "已赢单",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.sales_a.id,
                "expected_revenue": 99999,
            }
        )
        won.action_set_won()
        self.customer.action_tz_refresh_value()
        customer = self.customer
        self.assertAlmostEqual(customer.tz_value_revenue, 100.0)
        self.assertAlmostEqual(customer.tz_value_margin, 40.0)
        self.assertEqual(customer.tz_value_invoice_count, 1)
        self.assertAlmostEqual(customer.tz_value_potential, 3000.0)
        # R = 1, F = 1/12, M = log(101)/log(1e6+1), P = log(3001)/log(5e5+1)
        self.assertEqual(customer.tz_value_score, 48)
        self.assertEqual(
            customer.tz_value_score,
            customer_value.model_score(0, 1, 100.0, 3000.0),
        )
        self.assertEqual(customer.tz_suggested_grade, self.grade_c)
        self.assertTrue(customer.tz_value_date)
        customer.action_tz_apply_suggested_grade()
        self.assertEqual(customer.tz_grade, self.grade_c)

    def test_cron_refreshes_everyone_in_sql(self):
        self._move("out_invoice", self.customer, 10, 100.0)
        silent = self._customer("无交易客户", user=self.sales_b)
        self.env["res.partner"]._cron_tz_customer_value()
        self.assertAlmostEqual(self.customer.tz_value_revenue, 1000.0)
        self.assertAlmostEqual(self.customer.tz_value_margin, 400.0)
        self.assertEqual(silent.tz_value_score, 0)
        self.assertTrue(silent.tz_value_date)
        self.assertEqual(silent.tz_suggested_grade, self.grade_d)
        # grouped read for the value pivot
        groups = self.env["res.partner"]._read_group(
            [("id", "in", (self.customer | silent).ids)],
            ["user_id"],
            ["tz_value_revenue:sum"],
        )
        self.assertEqual(dict(groups)[self.sales_a], 1000.0)

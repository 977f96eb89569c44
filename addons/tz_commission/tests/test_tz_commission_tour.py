from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTzCommissionTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tour steps match English UI text: English is loaded and the
        # tour users are created in English, whatever the database's languages
        cls.env["res.lang"]._activate_lang("en_US")
        # the tour users (who take the context's time zone) and the test
        # agree on today's date, whatever the hour
        cls.env = cls.env(
            context=dict(cls.env.context, lang="en_US", tz="Asia/Shanghai")
        )

    def test_my_targets_tour(self):
        seller = new_test_user(
            self.env,
            lang="en_US",
            login="tz_tour_seller",
            password="tz_tour_seller",
            name="TZ Tour Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        today = fields.Date.context_today(seller)
        plan = self.env["tz.commission.plan"].create(
            {
                "name": "Tour plan",
                "rate_type": "tiered",
                "tier_mode": "progressive",
                "tier_ids": [
                    Command.create({"from_pct": 0, "to_pct": 80, "rate": 2}),
                    Command.create({"from_pct": 80, "to_pct": 0, "rate": 4}),
                ],
            }
        )
        self.env["tz.commission.assignment"].create(
            {
                "plan_id": plan.id,
                "user_id": seller.id,
                "date_from": today.replace(day=1),
            }
        )
        product = self.env["product.product"].create(
            {"name": "Tour product", "type": "service", "taxes_id": [Command.clear()]}
        )
        partner = self.env["res.partner"].create({"name": "深圳华强电子有限公司"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_user_id": seller.id,
                "invoice_date": today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 75000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        target = self.env["tz.sales.target"].create(
            {
                "user_id": seller.id,
                "date_from": today.replace(day=1),
                "target_revenue": 100000,
            }
        )
        self.assertEqual(target.achievement_revenue, 75)
        self.start_tour(
            "/odoo/action-tz_commission.action_tz_sales_target_my",
            "tz_commission_my_targets_tour",
            login="tz_tour_seller",
        )

    def test_accountant_pays_settlement_tour(self):
        """The accountant (Invoicing / Administrator only) confirms and pays a
        settlement in the browser."""
        new_test_user(
            self.env,
            lang="en_US",
            login="tz_tour_accountant",
            password="tz_tour_accountant",
            name="TZ Tour Accountant",
            groups="base.group_user,account.group_account_manager",
        )
        seller = new_test_user(
            self.env,
            lang="en_US",
            login="tz_tour_seller2",
            name="TZ Tour Seller Two",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        today = fields.Date.context_today(seller)
        plan = self.env["tz.commission.plan"].create(
            {"name": "Tour fixed plan", "fixed_rate": 3}
        )
        self.env["tz.commission.assignment"].create(
            {
                "plan_id": plan.id,
                "user_id": seller.id,
                "date_from": today.replace(day=1),
            }
        )
        product = self.env["product.product"].create(
            {"name": "Tour desk", "type": "service", "taxes_id": [Command.clear()]}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.env["res.partner"]
                .create({"name": "成都蓉城商贸"})
                .id,
                "invoice_user_id": seller.id,
                "invoice_date": today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 10000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        settlement = self.env["tz.commission.settlement"]._generate(
            today.replace(day=1), today, "month", seller
        )
        self.assertEqual(settlement.amount_total, 300)
        self.start_tour(
            f"/odoo/action-tz_commission.action_tz_commission_settlement/{settlement.id}",
            "tz_commission_settlement_pay_tour",
            login="tz_tour_accountant",
        )
        self.assertEqual(settlement.state, "paid")
        self.assertEqual(settlement.confirm_user_id.login, "tz_tour_accountant")
        self.assertEqual(settlement.paid_date, today)

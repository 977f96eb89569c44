from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class TzCommissionCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # deterministic whatever the database's languages: the tests assert
        # English messages, so English is loaded and used by the test
        # environment and by the test users (with_user keeps their language)
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.seller = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_seller",
            name="TZ Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.seller2 = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_seller2",
            name="TZ Seller Two",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.manager = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_sales_manager",
            name="TZ Sales Manager",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        cls.team = cls.env["crm.team"].create({"name": "TZ 华东销售部"})
        cls.partner = cls.env["res.partner"].create(
            {"name": "上海锦程贸易有限公司", "is_company": True}
        )
        cls.partner2 = cls.env["res.partner"].create(
            {"name": "杭州西湖家居有限公司", "is_company": True}
        )
        cls.categ = cls.env["product.category"].create({"name": "TZ 服务"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "TZ 办公桌",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 1000.0,
                "standard_price": 600.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_excluded = cls.env["product.product"].create(
            {
                "name": "TZ 运费",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_service = cls.env["product.product"].create(
            {
                "name": "TZ 安装服务",
                "type": "service",
                "invoice_policy": "order",
                "categ_id": cls.categ.id,
                "list_price": 500.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.Plan = cls.env["tz.commission.plan"]
        cls.Line = cls.env["tz.commission.line"]
        cls.Target = cls.env["tz.sales.target"]
        cls.Settlement = cls.env["tz.commission.settlement"]
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )

    @classmethod
    def _plan(cls, user=None, date_from="2026-01-01", **vals):
        values = {"name": "TZ Plan", "basis": "invoiced", "rate_type": "fixed"}
        values.update(vals)
        plan = cls.Plan.create(values)
        cls.env["tz.commission.assignment"].create(
            {
                "plan_id": plan.id,
                "user_id": (user or cls.seller).id,
                "date_from": date_from,
            }
        )
        return plan

    @classmethod
    def _tiers(cls):
        return [
            Command.create({"from_pct": 0, "to_pct": 80, "rate": 2}),
            Command.create({"from_pct": 80, "to_pct": 100, "rate": 3}),
            Command.create({"from_pct": 100, "to_pct": 0, "rate": 5}),
        ]

    def _invoice(
        self,
        amount,
        date="2026-03-10",
        user=None,
        product=None,
        move_type="out_invoice",
        partner=None,
        post=True,
        lines=None,
        as_user=None,
    ):
        product = product or self.product
        line_cmds = lines or [(product, 1, amount)]
        Move = self.env["account.move"]
        if as_user:
            Move = Move.with_user(as_user)
        move = Move.create(
            {
                "move_type": move_type,
                "partner_id": (partner or self.partner).id,
                "invoice_user_id": (user or self.seller).id,
                "invoice_date": date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": prod.id,
                            "quantity": qty,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for prod, qty, price in line_cmds
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _pay(self, invoice, amount, date="2026-03-20"):
        """Reconcile a bank receipt of ``amount`` with the invoice."""
        receivable = invoice.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": date,
                "journal_id": self.bank_journal.id,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.bank_journal.default_account_id.id,
                            "debit": amount,
                            "credit": 0.0,
                        }
                    ),
                    Command.create(
                        {
                            "account_id": receivable.account_id.id,
                            "partner_id": invoice.commercial_partner_id.id,
                            "debit": 0.0,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        counterpart = entry.line_ids.filtered(
            lambda aml: aml.account_id == receivable.account_id
        )
        (receivable | counterpart).reconcile()
        return counterpart

    def _lines(self, user=None):
        return self.Line.search(
            [("user_id", "=", (user or self.seller).id)], order="id"
        )

    def _target(self, user=None, date_from="2026-03-01", **vals):
        values = {
            "user_id": (user or self.seller).id,
            "period_type": "month",
            "date_from": fields.Date.to_date(date_from),
            "target_revenue": 100000.0,
        }
        values.update(vals)
        return self.Target.create(values)

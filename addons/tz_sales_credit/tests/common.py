from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class TzCreditCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # English messages are asserted: run in en_US whatever the company's
        # language (a Chinese database may have only zh_CN active). Everyone
        # works in China's time zone, the tests' "today" included: the users
        # made here take it from the context, so their dates and the
        # superuser's agree whatever the hour (UTC already has the next day's
        # date in Shanghai after 16:00)
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                lang="en_US",
                tz="Asia/Shanghai",
            )
        )
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "tz_credit_block": True,
                "tz_overdue_block_days": 0,
                "tz_credit_order_basis": "ordered",
                "tz_credit_include_draft_invoices": False,
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_credit_salesman",
            name="销售 李明",
            groups="sales_team.group_sale_salesman",
        )
        cls.salesman2 = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_credit_salesman2",
            name="销售 赵敏",
            groups="sales_team.group_sale_salesman",
        )
        cls.credit_manager = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_credit_manager",
            name="信用经理 陈静",
            groups="sales_team.group_sale_salesman_all_leads,"
            "tz_sales_credit.group_tz_credit_manager",
        )
        cls.credit_manager2 = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_credit_manager2",
            name="财务总监 周强",
            groups="sales_team.group_sale_salesman_all_leads,"
            "tz_sales_credit.group_tz_credit_manager",
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "办公桌 Office Desk",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "上海测试贸易有限公司", "is_company": True, "city": "上海"}
        )
        cls.partner.credit_limit = 1000.0
        cls.contact = cls.env["res.partner"].create(
            {"name": "王经理", "parent_id": cls.partner.id}
        )

    @classmethod
    def _order(cls, partner, amount, user=None, **vals):
        values = {
            "partner_id": partner.id,
            "user_id": (user or cls.salesman).id,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        }
        values.update(vals)
        return cls.env["sale.order"].create(values)

    @classmethod
    def _invoice(cls, partner, amount, invoice_date=None, due=None, post=True, **vals):
        invoice_date = invoice_date or fields.Date.context_today(cls.env.user)
        values = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
        if due:
            values["invoice_date_due"] = due
        values.update(vals)
        move = cls.env["account.move"].create(values)
        if post:
            move.action_post()
        return move

from odoo import Command
from odoo.addons.base.models.res_currency import Currency
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRmbAmount(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # both languages compared here must be active, whatever the database's
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["res.lang"]._activate_lang("en_US")
        cls.cny = cls.env.ref("base.CNY")
        cls.cny.active = True
        cls.partner = cls.env["res.partner"].create(
            {"name": "北京客户有限公司", "lang": "zh_CN", "city": "北京"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "服务", "type": "service", "taxes_id": [Command.clear()]}
        )

    def test_amount_to_text_zh_cn(self):
        cny = self.cny.with_context(lang="zh_CN")
        cases = {
            0: "零元整",
            0.05: "伍分",
            10.00: "壹拾元整",
            100000001.1: "壹亿零壹元壹角",
            12345.67: "壹万贰仟叁佰肆拾伍元陆角柒分",
            1000.01: "壹仟元零壹分",
        }
        for amount, text in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(cny.amount_to_text(amount), text)

    def test_other_languages_and_currencies_unchanged(self):
        en = self.cny.with_context(lang="en_US").amount_to_text(10.0)
        self.assertNotIn("壹", en)
        self.assertIn("Ten", en)
        # 人民币大写 is for CNY only: other currencies keep Odoo's own words
        usd = self.env.ref("base.USD").with_context(lang="zh_CN")
        text = usd.amount_to_text(120.35)
        self.assertNotIn("壹", text)
        self.assertEqual(text, Currency.amount_to_text(usd, 120.35))

    def test_printed_documents(self):
        pricelist = self.env["product.pricelist"].create(
            {"name": "人民币", "currency_id": self.cny.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 12345.67,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        html = str(
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn("壹万贰仟叁佰肆拾伍元陆角柒分", html)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner.id,
                "currency_id": self.cny.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 10.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        html = str(
            self.env["ir.actions.report"]
            ._render_qweb_html("account.account_invoices", invoice.ids)[0]
            .decode()
        )
        self.assertIn("壹拾元整", html)
        # an English customer gets no Chinese uppercase
        self.partner.lang = "en_US"
        html = str(
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertNotIn("壹万贰仟", html)

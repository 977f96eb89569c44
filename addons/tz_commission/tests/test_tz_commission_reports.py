import base64
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzCommissionReports(TzCommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls._plan(fixed_rate=3)
        cls._plan(user=cls.seller2, fixed_rate=2)

    def _settlements(self):
        self._invoice(12345.6)
        self._invoice(5000, user=self.seller2)
        return self.Settlement._generate("2026-03-01", "2026-03-31", "month")

    def test_amount_in_words(self):
        settlement = self._settlements().filtered(lambda s: s.user_id == self.seller)
        self.assertEqual(settlement.amount_total, 370.37)
        self.assertEqual(settlement._amount_in_words("zh_CN"), "叁佰柒拾元叁角柒分")
        english = settlement._amount_in_words("en_US")
        self.assertNotIn("叁", english)
        self.assertEqual(english, settlement.currency_id.amount_to_text(370.37))
        # the requested language wins over the reader's
        self.assertEqual(
            settlement.with_context(lang="zh_CN")._amount_in_words("en_US"), english
        )

    def test_pdf_report_renders_uppercase_for_chinese(self):
        settlements = self._settlements()
        self.seller.lang = "zh_CN"
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "tz_commission.report_tz_commission_settlement", settlements.ids
        )
        html = html.decode()
        self.assertIn("叁佰柒拾元叁角柒分", html)
        self.assertIn("TZ Seller Two", html)
        self.assertIn(settlements[0].name, html)

    def test_xlsx_export(self):
        self._settlements()
        wizard = self.env["tz.commission.export.wizard"].create(
            {"period_type": "month", "date": "2026-03-10"}
        )
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        summary = book.worksheets[0]
        rows = list(summary.iter_rows(min_row=4, values_only=True))
        by_name = {row[0]: row for row in rows}
        self.assertAlmostEqual(by_name["TZ Seller"][2], 370.37)
        self.assertAlmostEqual(by_name["TZ Seller Two"][2], 100)
        self.assertAlmostEqual(rows[-1][2], 470.37)
        self.assertEqual(book.worksheets[1].max_row, 3)
        self.assertEqual(wizard.file_name, "commission_2026-03.xlsx")
        empty = self.env["tz.commission.export.wizard"].create(
            {"period_type": "month", "date": "2025-03-10"}
        )
        with self.assertRaises(UserError):
            empty.action_export()

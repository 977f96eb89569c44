import io
import logging
import unicodedata

from odoo.tests import HttpCase, tagged

from .common import TzPrintCommon

_logger = logging.getLogger(__name__)

try:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar
except ImportError:  # pragma: no cover - test requirement, see requirements-test.txt
    extract_pages = LTChar = None

PT_TO_MM = 25.4 / 72
TOLERANCE_MM = 0.5


def _same_char(printed, expected):
    """Qt's ToUnicode maps some Noto CJK glyphs to CJK radicals (页 -> ⻚,
    户 -> ⼾): NFKC undoes the Kangxi ones; a supplement radical stands for
    the ideograph it was drawn for."""
    if printed == expected:
        return True
    return 0x2E80 <= ord(printed) <= 0x2EFF and ord(expected) >= 0x3400


def _contains(printed, expected):
    return any(
        all(
            _same_char(p, e)
            for p, e in zip(printed[i : i + len(expected)], expected, strict=True)
        )
        for i in range(len(printed) - len(expected) + 1)
    )


def _chars(obj):
    if isinstance(obj, LTChar):
        return [obj]
    return [c for child in getattr(obj, "_objs", []) for c in _chars(child)]


@tagged("post_install", "-at_install")
class TestTzPrintPdf(TzPrintCommon, HttpCase):
    """Render the ready layouts through wkhtmltopdf and measure the output."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tz_setup()

    def setUp(self):
        super().setUp()
        if extract_pages is None:
            self.fail("pdfminer.six is a test requirement of tz_print")

    def _pdf(self, report, records, user):
        Report = self.env["ir.actions.report"].with_user(user)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.id, records.ids
        )
        self.assertEqual(kind, "pdf")
        return pdf

    def _pages(self, pdf):
        pages = []
        for page in extract_pages(io.BytesIO(pdf)):
            chars = [
                {
                    # Noto CJK maps some glyphs to Kangxi radicals (户 -> ⼾)
                    "text": unicodedata.normalize("NFKC", c.get_text()),
                    "x0": c.x0 * PT_TO_MM,
                    "x1": c.x1 * PT_TO_MM,
                    "top": (page.height - c.y1) * PT_TO_MM,
                    "font": c.fontname,
                }
                for c in _chars(page)
                if c.get_text().strip()
            ]
            pages.append(
                {
                    "width": page.width * PT_TO_MM,
                    "height": page.height * PT_TO_MM,
                    "chars": chars,
                }
            )
        return pages

    def _deviation(self, element, chars):
        """Deviation (mm) of the printed ``element`` from its design position.

        Finds the run of characters spelling the element's text whose first
        (left) or last (right-aligned) character is nearest to the design
        position, and returns the larger of the x and y deviations."""
        text = unicodedata.normalize("NFKC", "".join(element["text"].split()))
        best = None
        for index, char in enumerate(chars):
            if not _same_char(char["text"], text[0]):
                continue
            run = chars[index : index + len(text)]
            if len(run) != len(text) or not all(
                _same_char(c["text"], t) for c, t in zip(run, text, strict=True)
            ):
                continue
            if element["align"] == "right":
                dx = abs(run[-1]["x1"] - (element["x"] + element["width"]))
            elif element["align"] == "center":
                middle = (run[0]["x0"] + run[-1]["x1"]) / 2
                dx = abs(middle - (element["x"] + element["width"] / 2))
            else:
                dx = abs(run[0]["x0"] - element["x"])
            deviation = max(dx, abs(run[0]["top"] - element["y"]))
            if best is None or deviation < best:
                best = deviation
        return best

    def _check_positions(self, layout, record, pdf_pages, user):
        pages = layout.with_user(user)._tz_pages(record)
        self.assertEqual(len(pdf_pages), len(pages))
        worst = 0.0
        checked = 0
        for expected, printed in zip(pages, pdf_pages, strict=True):
            self.assertAlmostEqual(printed["width"], layout.page_width, delta=0.5)
            self.assertAlmostEqual(printed["height"], layout.page_height, delta=0.5)
            for element in expected:
                if not element["text"].strip():
                    continue
                deviation = self._deviation(element, printed["chars"])
                self.assertIsNotNone(deviation, f"{element['text']!r} not printed")
                self.assertLessEqual(
                    deviation,
                    TOLERANCE_MM,
                    f"{element['text']!r} printed {deviation:.2f} mm off",
                )
                worst = max(worst, deviation)
                checked += 1
        return worst, checked

    def test_delivery_note_positions_with_offsets(self):
        layout = self.delivery_layout
        layout.with_user(self.designer).write({"offset_x": 1.5, "offset_y": -1.0})
        self.env["tz.print.offset"].with_user(self.stock_user).create(
            {"layout_id": layout.id, "offset_x": 0.5, "offset_y": 2.0}
        )
        pdf = self._pdf(layout.report_data_id, self.picking, self.stock_user)
        pdf_pages = self._pages(pdf)
        self.assertEqual(len(pdf_pages), 2)  # 11 lines on an 8-row form
        worst, checked = self._check_positions(
            layout, self.picking, pdf_pages, self.stock_user
        )
        self.assertGreater(checked, 40)
        # the offsets moved the print: the number sits at 169 + 2, 21.5 + 1
        number = [c for c in pdf_pages[0]["chars"] if c["text"] == self.picking.name[0]]
        self.assertTrue(any(abs(c["x0"] - 171) < TOLERANCE_MM for c in number))
        page2 = "".join(c["text"] for c in pdf_pages[1]["chars"])
        self.assertTrue(_contains(page2, "产品11Widget"), page2)
        self.assertRegex(page2, "第2.*/共2")
        # Chinese text selectable, font embedded
        self.assertTrue(all("NotoSansCJK" in c["font"] for c in pdf_pages[0]["chars"]))
        self.assertIn(b"/FontFile", pdf)
        # 套打 prints no background, 全打 does
        self.assertNotIn(
            b"/Subtype /Image", pdf.replace(b"/Subtype/Image", b"/Subtype /Image")
        )
        full = self._pdf(layout.report_full_id, self.picking, self.stock_user)
        self.assertIn(
            b"/Subtype /Image", full.replace(b"/Subtype/Image", b"/Subtype /Image")
        )
        worst_full, __ = self._check_positions(
            layout, self.picking, self._pages(full), self.stock_user
        )
        _logger.info(
            "tz_print accuracy: %s elements, max deviation %.3f mm (套打), "
            "%.3f mm (全打)",
            checked,
            worst,
            worst_full,
        )

    def test_receipt_positions_and_amounts(self):
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        layout = self.receipt_layout
        for amount, upper, boxes in [
            (0, "零元整", "¥000"),
            (0.05, "伍分", "¥005"),
            (10, "壹拾元整", "¥1000"),
            (100000.01, "壹拾万元零壹分", "¥10000001"),
            (12345678.90, "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角", "¥1234567890"),
        ]:
            payment = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.partner.id,
                    "amount": amount,
                    "journal_id": journal.id,
                    "date": "2026-12-01",
                }
            )
            pdf_pages = self._pages(
                self._pdf(layout.report_data_id, payment, self.env.user)
            )
            text = "".join(c["text"] for c in pdf_pages[0]["chars"])
            self.assertTrue(_contains(text, upper), f"{upper} not in {text}")
            # the digit boxes, read left to right on their row
            box_row = sorted(
                (
                    c
                    for c in pdf_pages[0]["chars"]
                    if abs(c["top"] - 59) < 1.5 and c["x0"] > 134
                ),
                key=lambda c: c["x0"],
            )
            self.assertEqual("".join(c["text"] for c in box_row), boxes)
            worst, __ = self._check_positions(layout, payment, pdf_pages, self.env.user)
            self.assertLessEqual(worst, TOLERANCE_MM)

    def test_calibration_page(self):
        layout = self.delivery_layout
        pdf = self._pdf(layout.report_test_id, layout, self.designer)
        pages = self._pages(pdf)
        self.assertEqual(len(pages), 1)
        labels = [c for c in pages[0]["chars"] if c["text"] == "5"]
        # the "50" label of the 50 mm grid line sits 0.5 mm right of it
        self.assertTrue(any(abs(c["x0"] - 50.5) < TOLERANCE_MM for c in labels))

    def test_designer_tour(self):
        layout = self.delivery_layout
        item = layout.item_ids.filtered(lambda i: i.name == "单号")
        start = (item.x_mm, item.y_mm)
        self.start_tour(
            f"/odoo/action-tz_print.action_tz_print_layout/{layout.id}",
            "tz_print_designer_tour",
            login="tzp_designer",
            timeout=300,
        )
        item.invalidate_recordset()
        self.assertNotEqual((item.x_mm, item.y_mm), start)
        # dropped at 150 x 120 px of the page at 3.5 px/mm,
        # then nudged 0.5 mm right and 1 mm down
        self.assertAlmostEqual(item.x_mm, 150 / 3.5 - item.width_mm / 2 + 0.5, delta=2)
        font_mm = item.font_size * 25.4 / 72
        self.assertAlmostEqual(item.y_mm, 120 / 3.5 - font_mm / 2 + 1.0, delta=2)
        for value in (item.x_mm, item.y_mm):
            self.assertEqual(value * 2, int(value * 2))  # 0.5 mm grid

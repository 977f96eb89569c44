from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import TzPrintCommon


@tagged("post_install", "-at_install")
class TestTzPrintLayout(TzPrintCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tz_setup()

    def _new_layout(self, user=None, **vals):
        Layout = self.env["tz.print.layout"].with_user(user or self.designer)
        return Layout.create(
            {
                "name": "测试单",
                "model_id": self.env["ir.model"]._get("stock.picking").id,
                "paper_preset": "241x93",
                **vals,
            }
        )

    def test_paths_are_validated(self):
        layout = self._new_layout()
        Item = self.env["tz.print.layout.item"].with_user(self.designer)
        with self.assertRaisesRegex(ValidationError, "no field"), self.cr.savepoint():
            Item.create(
                {"layout_id": layout.id, "name": "x", "field_path": "partner_id.nope"}
            )
        with (
            self.assertRaisesRegex(ValidationError, "not a relation"),
            self.cr.savepoint(),
        ):
            Item.create({"layout_id": layout.id, "name": "x", "field_path": "name.id"})
        with (
            self.assertRaisesRegex(ValidationError, "list of lines"),
            self.cr.savepoint(),
        ):
            Item.create(
                {
                    "layout_id": layout.id,
                    "name": "t",
                    "item_type": "table",
                    "field_path": "partner_id",
                }
            )
        table = Item.create(
            {
                "layout_id": layout.id,
                "name": "t",
                "item_type": "table",
                "field_path": "move_ids_without_package",
            }
        )
        with self.assertRaisesRegex(ValidationError, "no field"), self.cr.savepoint():
            self.env["tz.print.layout.column"].with_user(self.designer).create(
                {"item_id": table.id, "name": "c", "field_path": "product_id.nope"}
            )
        with (
            self.assertRaisesRegex(ValidationError, "at most one table"),
            self.cr.savepoint(),
        ):
            layout.write(
                {
                    "item_ids": [
                        Command.create(
                            {
                                "name": "t2",
                                "item_type": "table",
                                "field_path": "move_ids_without_package",
                            }
                        )
                    ]
                }
            )
        # nothing half-written
        self.assertEqual(len(layout.item_ids), 1)

    def test_reports_follow_the_layout(self):
        layout = self._new_layout()
        reports = layout.report_data_id | layout.report_full_id | layout.report_test_id
        self.assertEqual(len(reports), 3)
        self.assertEqual(layout.report_data_id.binding_model_id.model, "stock.picking")
        self.assertEqual(layout.report_full_id.binding_model_id.model, "stock.picking")
        self.assertFalse(layout.report_test_id.binding_model_id)
        paper = layout.paperformat_id
        self.assertEqual(
            (paper.format, paper.page_width, paper.page_height, paper.dpi),
            ("custom", 241, 93, 96),
        )
        self.assertEqual(
            (
                paper.margin_top,
                paper.margin_left,
                paper.margin_bottom,
                paper.margin_right,
            ),
            (0, 0, 0, 0),
        )
        self.assertEqual(reports.paperformat_id, paper)
        layout.write(
            {
                "paper_preset": "custom",
                "paper_width": 100,
                "paper_height": 150,
                "orientation": "landscape",
            }
        )
        self.assertEqual((paper.page_width, paper.page_height), (150, 100))
        layout.action_archive()
        self.assertFalse(layout.report_data_id.binding_model_id)
        with self.assertRaises(ValidationError):
            layout.write({"paper_width": 5})
        layout.unlink()
        self.assertFalse(reports.exists())
        self.assertFalse(paper.exists())

    def test_roles(self):
        layout = self.delivery_layout
        # everyone reads layouts (printing needs them), only designers change them
        self.assertEqual(layout.with_user(self.plain_user).name, layout.name)
        with self.assertRaises(AccessError):
            layout.with_user(self.plain_user).write({"offset_x": 3})
        with self.assertRaises(AccessError):
            layout.item_ids[:1].with_user(self.stock_user).write({"x_mm": 3})
        with self.assertRaises(AccessError):
            self._new_layout(user=self.plain_user)
        with self.assertRaises(AccessError):
            layout.item_ids[:1].with_user(self.plain_user).unlink()
        layout.with_user(self.designer).write({"offset_x": 1.5})
        self.assertEqual(layout.offset_x, 1.5)
        self.assertTrue(
            self.env.ref("base.group_system").implied_ids
            & self.env.ref("tz_print.group_print_designer")
        )
        # each user calibrates their own printer, and sees only their own offsets
        Offset = self.env["tz.print.offset"]
        mine = Offset.with_user(self.stock_user).create(
            {"layout_id": layout.id, "offset_x": 0.5, "offset_y": -1}
        )
        self.assertEqual(mine.user_id, self.stock_user)
        other = Offset.with_user(self.plain_user).create({"offset_x": 2})
        self.assertFalse(
            Offset.with_user(self.stock_user).search([("id", "=", other.id)])
        )
        with self.assertRaises(AccessError):
            other.with_user(self.stock_user).write({"offset_x": 9})
        self.assertEqual(layout.with_user(self.stock_user)._tz_offset(), (2.0, -1.0))
        self.assertEqual(layout.with_user(self.plain_user)._tz_offset(), (3.5, 0.0))
        self.assertEqual(layout.with_user(self.designer)._tz_offset(), (1.5, 0.0))

    def test_pages_subtotals_and_marks(self):
        layout = self.delivery_layout
        pages = layout._tz_pages(self.picking)
        self.assertEqual(len(pages), 2)  # 11 lines, 8 rows per page
        texts = [[e["text"] for e in page] for page in pages]
        self.assertIn("第 1 页 / 共 2 页", texts[0])
        self.assertIn("第 2 页 / 共 2 页", texts[1])
        self.assertIn("Page subtotal", texts[0])
        self.assertNotIn("Total", texts[0])
        self.assertIn("Total", texts[1])
        # demand 1..8 on page 1 (sum 36), 9..11 on page 2 (sum 30), 66 in all
        self.assertIn("36.00", texts[0])
        self.assertIn("30.00", texts[1])
        self.assertIn("66.00", texts[1])
        self.assertIn("2026年12月01日", texts[0])
        self.assertIn("上海天纵贸易有限公司", texts[0])
        # Chinese labels of the totals
        zh = layout.with_context(lang="zh_CN")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["tz_print"], ["zh_CN"], overwrite=True
        )
        zh_texts = [e["text"] for e in zh._tz_pages(self.picking)[1]]
        self.assertIn("本页小计", zh_texts)
        self.assertIn("合计", zh_texts)

    def test_receipt_formats(self):
        journal = self.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", self.env.company.id)], limit=1
        ) or self.env["account.journal"].create(
            {"name": "现金", "type": "cash", "code": "TZCSH"}
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner.id,
                "amount": 12345678.90,
                "journal_id": journal.id,
                "date": "2026-12-01",
                "memo": "货款",
            }
        )
        by_name = {}
        for element in self.receipt_layout._tz_pages(payment)[0]:
            by_name.setdefault(
                self.env["tz.print.layout.item"].browse(element["item_id"]).name, []
            ).append(element)
        self.assertEqual(
            by_name["人民币大写"][0]["text"], "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"
        )
        self.assertEqual([e["text"] for e in by_name["金额(格)"]], list("¥1234567890"))
        # boxes are 6 mm apart, the ¥ in the 亿 box
        self.assertEqual([e["x"] for e in by_name["金额(格)"]][:2], [136.0, 142.0])
        self.assertEqual(by_name["金额"][0]["text"], "¥12,345,678.90")
        self.assertEqual(by_name["日期"][0]["text"], "2026年12月01日")
        self.assertIn("现金", by_name)  # cash journal: mark printed in 现金
        self.assertNotIn("转账", by_name)
        payment.amount = 1234567890.0
        with self.assertRaises(UserError):
            self.receipt_layout._tz_pages(payment)

    def test_shrink_and_designer_preview(self):
        layout = self._new_layout()
        item = (
            self.env["tz.print.layout.item"]
            .with_user(self.designer)
            .create(
                {
                    "layout_id": layout.id,
                    "name": "客户",
                    "field_path": "partner_id.name",
                    "width_mm": 20,
                    "font_size": 10,
                }
            )
        )
        element = layout._tz_pages(self.picking)[0][0]
        self.assertLess(element["size"], 10)  # 10 CJK chars shrunk into 20 mm
        layout.with_user(self.designer).preview_res_id = self.picking.id
        # a designer without stock rights sees no delivery data in the designer
        self.assertFalse(layout.with_user(self.designer).preview_record_name)
        with self.assertRaises(AccessError):
            layout.with_user(self.designer).tz_designer_preview(self.picking.id)
        self.designer.groups_id += self.env.ref("stock.group_stock_user")
        layout.invalidate_recordset()
        designer_layout = layout.with_user(self.designer)
        self.assertEqual(designer_layout.preview_record_name, self.picking.display_name)
        preview = designer_layout.tz_designer_preview(self.picking.id)
        self.assertEqual(preview[str(item.id)], "上海天纵贸易有限公司")

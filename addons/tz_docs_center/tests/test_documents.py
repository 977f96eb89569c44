import base64
import io
import zipfile

from openpyxl import Workbook
from reportlab.pdfgen import canvas

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TzDocsCommon


def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode())


def make_docx(text):
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def make_xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@tagged("post_install", "-at_install")
class TestDocuments(TzDocsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Folder = cls.env["tz.document.folder"]
        cls.Doc = cls.env["tz.document"]
        cls.root = cls.Folder.create({"name": "市场资料"})
        cls.child = cls.Folder.create({"name": "宣传册", "parent_id": cls.root.id})
        cls.secret = cls.Folder.create(
            {
                "name": "合同",
                "group_ids": [
                    (6, 0, cls.env.ref("tz_docs_center.group_docs_manager").ids)
                ],
            }
        )

    def test_folder_tree_and_loops(self):
        grandchild = self.Folder.create({"name": "2025", "parent_id": self.child.id})
        self.assertEqual(grandchild.complete_name, "市场资料 / 宣传册 / 2025")
        # Odoo's parent_store check or our constraint (ValidationError is a UserError)
        with self.assertRaises(UserError):
            self.root.parent_id = grandchild
        with self.assertRaises(UserError):
            self.child.parent_id = self.child
        with self.assertRaises(UserError):
            self.child.write({"parent_id": grandchild.id})

    def test_folder_access_groups(self):
        doc = self.Doc.create({"name": "标准合同", "folder_id": self.secret.id})
        open_doc = self.Doc.create({"name": "产品手册", "folder_id": self.child.id})
        user_docs = self.Doc.with_user(self.user).search([])
        self.assertIn(open_doc, user_docs)
        self.assertNotIn(doc, user_docs)
        self.assertNotIn(self.secret, self.Folder.with_user(self.user).search([]))
        with self.assertRaises(AccessError):
            doc.with_user(self.user).read(["name"])
        self.assertIn(doc, self.Doc.with_user(self.manager).search([]))
        # sub-folders of a restricted folder inherit its access groups
        sub = self.Folder.create({"name": "2025合同", "parent_id": self.secret.id})
        sub_doc = self.Doc.create({"name": "年度框架协议", "folder_id": sub.id})
        self.assertEqual(sub.effective_group_ids, self.secret.group_ids)
        self.assertNotIn(sub_doc, self.Doc.with_user(self.user).search([]))
        # plain users cannot create folders
        with self.assertRaises(AccessError):
            self.Folder.with_user(self.user).create({"name": "私建"})
        # a group member sees the folder
        self.user.groups_id = [(4, self.env.ref("base.group_partner_manager").id)]
        self.secret.group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        self.env.flush_all()  # stored recursive compute, flushed at commit in real use
        self.assertIn(doc, self.Doc.with_user(self.user).search([]))

    def test_version_history(self):
        doc = self.Doc.create(
            {
                "folder_id": self.root.id,
                "file_name": "报价单.txt",
                "datas": b64("版本一 价格 100"),
            }
        )
        self.assertEqual(doc.name, "报价单.txt")
        self.assertEqual(doc.version, 1)
        self.assertFalse(doc.version_ids)
        doc.write({"datas": b64("版本二 价格 120"), "file_name": "报价单v2.txt"})
        self.assertEqual(doc.version, 2)
        self.assertEqual(len(doc.version_ids), 1)
        old = doc.version_ids
        self.assertEqual(old.version, 1)
        self.assertEqual(old.file_name, "报价单.txt")
        self.assertEqual(base64.b64decode(old.datas).decode(), "版本一 价格 100")
        self.assertIn("版本二", doc.content_text)
        # a user with access replaces the file too, history kept
        doc.with_user(self.user).write({"datas": b64("版本三")})
        self.assertEqual(doc.version, 3)
        self.assertEqual(sorted(doc.version_ids.mapped("version")), [1, 2])
        # restore version 1: becomes version 4, history grows
        old.action_restore()
        self.assertEqual(doc.version, 4)
        self.assertEqual(base64.b64decode(doc.datas).decode(), "版本一 价格 100")
        self.assertEqual(len(doc.version_ids), 3)
        # metadata change does not create a version
        doc.description = "最终版"
        self.assertEqual(len(doc.version_ids), 3)

    def test_text_extraction_and_fulltext(self):
        tag = self.env["tz.document.tag"].create({"name": "招标"})
        docx = self.Doc.create(
            {
                "folder_id": self.root.id,
                "file_name": "方案.docx",
                "datas": b64(make_docx("智慧园区解决方案")),
            }
        )
        xlsx = self.Doc.create(
            {
                "folder_id": self.root.id,
                "file_name": "报价.xlsx",
                "datas": b64(make_xlsx([["产品", "单价"], ["营销云", 19800]])),
            }
        )
        txt = self.Doc.create(
            {
                "folder_id": self.root.id,
                "file_name": "说明.txt",
                "datas": b64("客户培训安排".encode("gb18030")),
            }
        )
        tagged_doc = self.Doc.create(
            {
                "folder_id": self.root.id,
                "name": "投标文件",
                "tag_ids": [(6, 0, tag.ids)],
                "description": "杭州地铁项目",
            }
        )
        self.assertIn("智慧园区", docx.content_text)
        self.assertIn("营销云 19800", xlsx.content_text)
        self.assertEqual(txt.content_text, "客户培训安排")

        def fts(value):
            return self.Doc.search([("fulltext", "ilike", value)])

        self.assertEqual(fts("智慧园区"), docx)
        self.assertEqual(fts("营销云"), xlsx)
        self.assertEqual(fts("培训"), txt)
        self.assertEqual(fts("招标"), tagged_doc)
        self.assertEqual(fts("地铁"), tagged_doc)
        self.assertIn(tagged_doc, fts("tbwj"))

    def test_pdf_text_extraction(self):
        buf = io.BytesIO()
        pdf = canvas.Canvas(buf)
        pdf.drawString(72, 720, "Tianzong marketing brochure 2025")
        pdf.save()
        doc = self.Doc.create(
            {
                "folder_id": self.root.id,
                "file_name": "brochure.pdf",
                "datas": b64(buf.getvalue()),
            }
        )
        self.assertEqual(doc.mimetype, "application/pdf")
        self.assertIn("marketing brochure", doc.content_text)
        self.assertEqual(
            self.Doc.search([("fulltext", "ilike", "marketing brochure")]), doc
        )

    def test_links_partner_lead_and_any_record(self):
        partner = self.env["res.partner"].create({"name": "杭州客户"})
        lead = self.env["crm.lead"].create({"name": "园区项目", "type": "opportunity"})
        doc = self.Doc.create(
            {
                "name": "项目建议书",
                "folder_id": self.root.id,
                "partner_ids": [(6, 0, partner.ids)],
                "lead_ids": [(6, 0, lead.ids)],
            }
        )
        self.assertEqual(partner.tz_document_count, 1)
        self.assertEqual(lead.tz_document_ids, doc)
        doc.res_ref = f"crm.lead,{lead.id}"
        self.assertEqual(doc.res_model, "crm.lead")
        self.assertEqual(doc.res_id, lead.id)
        doc.invalidate_recordset(["res_ref"])
        self.assertEqual(doc.res_ref, lead)
        action = partner.action_tz_view_documents()
        self.assertEqual(self.Doc.search(action["domain"]), doc)

    def test_download_and_delete_rules(self):
        doc = self.Doc.create({"name": "空文档", "folder_id": self.root.id})
        with self.assertRaises(UserError):
            doc.action_download()
        doc.write({"datas": b64("内容"), "file_name": "a.txt"})
        self.assertIn("download=true", doc.action_download()["url"])
        self.assertNotIn("download", doc.action_preview()["url"])
        with self.assertRaises(UserError):
            self.root.unlink()
        with self.assertRaises(AccessError):
            doc.with_user(self.user).unlink()

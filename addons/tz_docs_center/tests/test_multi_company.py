import base64
import io

from openpyxl import load_workbook

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TzDocsCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(TzDocsCommon):
    """Every model with a company: records, books, gateways, exports apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "天纵深圳分公司"})
        groups = "base.group_user,tz_docs_center.group_docs_user"
        cls.user_a = new_test_user(
            cls.env,
            login="mc_user_a",
            groups=groups,
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        cls.user_ab = new_test_user(
            cls.env,
            login="mc_user_ab",
            groups=groups,
            company_id=cls.company_a.id,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )
        B = {"company_id": cls.company_b.id}
        cls.entry_b = cls.Company.create(dict(B, name="深圳前海公司", uscc=cls.USCC_B))
        cls.person_b = cls.Person.create(dict(B, name="深圳联系人"))
        cls.book_b = cls.env["tz.address.book"].create(
            dict(B, name="深圳通讯录", book_type="shared")
        )
        cls.folder_b = cls.env["tz.document.folder"].create(dict(B, name="深圳资料"))
        cls.doc_b = cls.env["tz.document"].create(
            dict(
                B,
                name="深圳价目表",
                folder_id=cls.folder_b.id,
                file_name="p.txt",
                datas=base64.b64encode(b"v1"),
            )
        )
        cls.doc_b.write({"datas": base64.b64encode(b"v2")})
        cls.version_b = cls.doc_b.version_ids
        cls.gateway_b = cls.env["tz.sms.gateway"].create(
            dict(B, name="深圳网关", provider="aliyun")
        )
        cls.records_b = [
            cls.entry_b,
            cls.person_b,
            cls.book_b,
            cls.folder_b,
            cls.doc_b,
            cls.version_b,
        ]

    def test_records_stay_in_their_company(self):
        self.assertEqual(self.version_b.company_id, self.company_b)
        for record in self.records_b:
            model = self.env[record._name]
            self.assertFalse(
                model.with_user(self.user_a).search([("id", "=", record.id)]),
                record._name,
            )
            with self.assertRaises(AccessError):
                record.with_user(self.user_a).read(["display_name"])
            # a user of both companies sees it only with B active
            only_a = model.with_user(self.user_ab).with_context(
                allowed_company_ids=self.company_a.ids
            )
            self.assertFalse(only_a.search([("id", "=", record.id)]), record._name)
            both = model.with_user(self.user_ab).with_context(
                allowed_company_ids=(self.company_a | self.company_b).ids
            )
            self.assertEqual(both.search([("id", "=", record.id)]), record)
        # read_group (pivot) of A does not count B
        groups = self.Company.with_user(self.user_a).read_group(
            [], ["company_id"], ["company_id"]
        )
        self.assertEqual([g["company_id"][0] for g in groups], self.company_a.ids)

    def test_cross_company_links_refused(self):
        person_a = self.Person.create({"name": "总部联系人"})
        with self.assertRaises(UserError):
            self.book_b.write({"person_ids": [(4, person_a.id)]})
        with self.assertRaises(UserError):
            self.env["tz.document"].create(
                {"name": "跨公司", "folder_id": self.folder_b.id}
            )
        with self.assertRaises(UserError):
            self.Person.create(
                {"name": "跨公司联系人", "dir_company_id": self.entry_b.id}
            )

    def test_uscc_and_private_books_per_company(self):
        # the same USCC may be registered in each company
        entry_a = self.Company.create({"name": "前海公司总部档案", "uscc": self.USCC_B})
        self.assertEqual(entry_a.uscc, self.entry_b.uscc)
        Book = self.env["tz.address.book"].with_user(self.user_ab)
        book_a = Book.with_company(self.company_a)._get_private_book()
        book_b = Book.with_company(self.company_b)._get_private_book()
        self.assertNotEqual(book_a, book_b)
        self.assertEqual(book_b.company_id, self.company_b)

    def test_gateways_apart(self):
        Gateway = self.env["tz.sms.gateway"]
        self.assertEqual(Gateway._tz_get_active_gateway(self.company_b), self.gateway_b)
        self.assertNotEqual(
            Gateway._tz_get_active_gateway(self.company_a), self.gateway_b
        )
        manager_a = new_test_user(
            self.env,
            login="mc_manager_a",
            groups="base.group_user,tz_docs_center.group_docs_manager",
            company_ids=[(6, 0, self.company_a.ids)],
        )
        self.assertNotIn(self.gateway_b, Gateway.with_user(manager_a).search([]))

    def test_dashboard_and_export_apart(self):
        dashboard = self.env["tz.docs.dashboard"].with_user(self.user_a).create({})
        self.assertEqual(
            dashboard.company_count,
            self.Company.with_user(self.user_a).search_count([]),
        )
        self.assertEqual(
            dashboard.company_count,
            self.Company.search_count([("company_id", "=", self.company_a.id)]),
        )
        # the xlsx export of B's entries gives nothing to a user of A
        data, count = (
            self.env["tz.docs.dashboard"]
            .with_user(self.user_a)
            ._tz_export_xlsx("tz.directory.company", [("id", "=", self.entry_b.id)])
        )
        self.assertEqual(count, 0)
        rows = list(load_workbook(io.BytesIO(data), read_only=True).active.values)
        self.assertEqual(len(rows), 1)  # headers only

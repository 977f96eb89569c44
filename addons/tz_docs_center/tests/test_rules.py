import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TzDocsCommon

DASHBOARD_SPEC = {
    name: {}
    for name in (
        "company_count",
        "person_count",
        "document_count",
        "folder_count",
        "book_count",
    )
}


def b64(text):
    return base64.b64encode(text.encode())


@tagged("post_install", "-at_install")
class TestPrivateBookPaths(TzDocsCommon):
    """Privacy of persons holds on every path that files them in a book."""

    def setUp(self):
        super().setUp()
        self.Book = self.env["tz.address.book"]
        self.book = self.Book.with_user(self.user)._get_private_book()

    def assertHiddenFromOthers(self, person):
        other = self.Person.with_user(self.user2)
        self.assertFalse(other.search([("id", "=", person.id)]))
        self.assertFalse(other.name_search(person.name))
        with self.assertRaises(AccessError):
            person.with_user(self.user2).read(["mobile"])
        # not even counted in a pivot / read_group of another user
        groups = other.read_group([("id", "=", person.id)], ["name"], ["name"])
        self.assertFalse(groups)
        # nor seen by a Docs manager
        self.assertFalse(
            self.Person.with_user(self.manager).search([("id", "=", person.id)])
        )

    def test_person_created_from_private_book_form(self):
        # what the web client sends when a person is created in the dialog of
        # the book's Persons tab and the book is saved (a create command; the
        # test Form cannot create many2many lines, the tour clicks it)
        book = self.book.with_user(self.user)
        book.web_save(
            {
                "person_ids": [
                    Command.create(
                        {"name": "表单里新建的联系人", "mobile": "13800138011"}
                    )
                ]
            },
            {"person_ids": {"fields": {"display_name": {}}}},
        )
        person = self.book.person_ids.filtered(lambda p: p.name == "表单里新建的联系人")
        self.assertEqual(len(person), 1)
        # the owner reads it and sees it flagged private
        self.assertTrue(person.with_user(self.user).is_private)
        self.assertEqual(person.with_user(self.user).mobile, "+8613800138011")
        self.assertEqual(person.user_id, self.user)
        self.assertHiddenFromOthers(person)
        # the same through the test Form of the book: the line stays private
        with Form(book) as book_form:
            book_form.description = "我的客户"
        self.assertHiddenFromOthers(person)

    def test_existing_person_linked_to_private_book(self):
        person = self.Person.with_user(self.user).create({"name": "先建后归档"})
        self.assertTrue(
            self.Person.with_user(self.user2).search([("id", "=", person.id)])
        )
        # linked from the book form
        with Form(self.book.with_user(self.user)) as book_form:
            book_form.person_ids.add(person)
        self.assertTrue(person.is_private)
        self.assertHiddenFromOthers(person)
        # filing it in the shared book shares it again
        shared = self.env.ref("tz_docs_center.address_book_shared")
        person.with_user(self.user).address_book_ids = [(4, shared.id)]
        self.assertFalse(person.is_private)
        self.assertTrue(
            self.Person.with_user(self.user2).search([("id", "=", person.id)])
        )

    def test_person_imported_into_private_book(self):
        result = self.Person.with_user(self.user).load(
            ["name", "mobile", "address_book_ids/.id"],
            [["导入私人联系人", "13800138012", str(self.book.id)]],
        )
        self.assertFalse(result["messages"], result["messages"])
        person = self.Person.browse(result["ids"])
        self.assertTrue(person.is_private)
        self.assertHiddenFromOthers(person)

    def test_stale_flag_does_not_expose(self):
        """The record rule reads the membership itself, not only the flag."""
        person = self.Person.with_user(self.user).create(
            {"name": "标记失效", "address_book_ids": [(4, self.book.id)]}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE tz_directory_person SET is_private = FALSE WHERE id = %s",
            [person.id],
        )
        self.env.invalidate_all()
        self.assertHiddenFromOthers(person)

    def test_cannot_publish_hidden_person_of_another_user(self):
        person = self.Person.with_user(self.user).create(
            {"name": "别人的私人联系人", "address_book_ids": [(4, self.book.id)]}
        )
        shared = self.env.ref("tz_docs_center.address_book_shared")
        with self.assertRaises(AccessError):
            shared.with_user(self.user2).write({"person_ids": [(4, person.id)]})
        self.assertNotIn(person, shared.person_ids)
        # nor file one's own entry in the private book of someone else
        own = self.Person.with_user(self.user2).create({"name": "自己的"})
        with self.assertRaises(AccessError):
            own.with_user(self.user2).write({"address_book_ids": [(4, self.book.id)]})


@tagged("post_install", "-at_install")
class TestDashboardCounters(TzDocsCommon):
    def _open_dashboard(self, user):
        """Values shown by the Dashboard menu, as the web client gets them."""
        action = self.env.ref("tz_docs_center.menu_tz_docs_dashboard").action
        if action._name == "ir.actions.server":
            result = action.with_user(user).run()
            dashboard = (
                self.env[result["res_model"]].with_user(user).browse(result["res_id"])
            )
            return dashboard.web_read(DASHBOARD_SPEC)[0]
        # a window action opens a new, unsaved record: its onchange values
        return (
            self.env[action.res_model]
            .with_user(user)
            .onchange({}, [], DASHBOARD_SPEC)["value"]
        )

    def _expected(self, user):
        env = self.env(user=user)
        return {
            "company_count": env["tz.directory.company"].search_count([]),
            "person_count": env["tz.directory.person"].search_count([]),
            "document_count": env["tz.document"].search_count([]),
            "folder_count": env["tz.document.folder"].search_count([]),
            "book_count": env["tz.address.book"].search_count([]),
        }

    def test_counters_of_manager_and_user(self):
        secret = self.env["tz.document.folder"].create(
            {
                "name": "管理层资料",
                "group_ids": [
                    (6, 0, self.env.ref("tz_docs_center.group_docs_manager").ids)
                ],
            }
        )
        self.env["tz.document"].create({"name": "机密文件", "folder_id": secret.id})
        self.Person.with_user(self.user2).create(
            {
                "name": "他人私人联系人",
                "address_book_ids": [
                    (
                        4,
                        self.env["tz.address.book"]
                        .with_user(self.user2)
                        ._get_private_book()
                        .id,
                    )
                ],
            }
        )
        manager_values = self._open_dashboard(self.manager)
        expected = self._expected(self.manager)
        for name, count in expected.items():
            self.assertGreater(count, 0, name)
            self.assertEqual(manager_values[name], count, name)
        user_values = self._open_dashboard(self.user)
        for name, count in self._expected(self.user).items():
            self.assertEqual(user_values[name], count, name)
        # the user counts what they can see: fewer documents, folders, persons
        self.assertLess(user_values["document_count"], manager_values["document_count"])
        self.assertLess(user_values["folder_count"], manager_values["folder_count"])
        self.assertLess(
            user_values["person_count"], self._expected(self.user2)["person_count"]
        )


@tagged("post_install", "-at_install")
class TestWorkflowFields(TzDocsCommon):
    def test_directory_stage_only_by_conversion(self):
        entry = self.Company.with_user(self.user).create({"name": "阶段测试公司"})
        with self.assertRaises(UserError):
            entry.with_user(self.user).write({"stage": "customer"})
        with self.assertRaises(UserError):
            entry.with_user(self.user).write({"merged_into_id": entry.id})
        with self.assertRaises(UserError):
            self.Company.with_user(self.user).create(
                {"name": "直接建成客户", "stage": "customer"}
            )
        result = self.Company.with_user(self.user).load(
            ["name", "stage"], [["导入客户", "customer"]]
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertFalse(self.Company.search([("name", "=", "导入客户")]))
        self.assertEqual(entry.stage, "prospect")
        # the workflow itself moves it (a user with Sales rights converts)
        entry.with_user(self.manager).action_convert_to_lead()
        self.assertEqual(entry.stage, "lead")
        # writing the value it already has passes (form save)
        entry.with_user(self.user).write({"stage": "lead", "city": "杭州"})
        copy = entry.with_user(self.user).copy()
        self.assertEqual(copy.stage, "prospect")

    def test_document_version_fields_guarded(self):
        folder = self.env["tz.document.folder"].create({"name": "版本目录"})
        Doc = self.env["tz.document"].with_user(self.user)
        doc = Doc.create(
            {"folder_id": folder.id, "file_name": "a.txt", "datas": b64("第一版")}
        )
        self.assertEqual((doc.version, doc.file_size), (1, len("第一版".encode())))
        for vals in ({"version": 9}, {"content_text": "伪造"}, {"file_size": 1}):
            with self.assertRaises(UserError):
                doc.write(vals)
        with self.assertRaises(UserError):
            Doc.create({"folder_id": folder.id, "name": "x", "version": 5})
        doc.write({"datas": b64("第二版")})
        self.assertEqual(doc.version, 2)
        old = doc.version_ids
        self.assertEqual(len(old), 1)
        # history is neither overwritten nor deleted by a user
        with self.assertRaises(AccessError):
            old.with_user(self.user).write({"datas": b64("篡改")})
        with self.assertRaises(AccessError):
            old.with_user(self.user).unlink()
        for command in (
            (1, old.id, {"file_name": "篡改.txt"}),
            (2, old.id, 0),
            (3, old.id, 0),
            (0, 0, {"version": 7, "file_name": "伪造.txt"}),
        ):
            with self.assertRaises(AccessError):
                doc.write({"version_ids": [command]})
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "tz.document.version"),
                    ("res_id", "=", old.id),
                    ("res_field", "=", "datas"),
                ]
            )
        )
        self.assertTrue(attachment)
        with self.assertRaises(AccessError):
            attachment.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            attachment.with_user(self.user).write({"datas": b64("篡改")})
        self.assertEqual(base64.b64decode(old.datas).decode(), "第一版")
        self.assertEqual(doc.version, 2)
        # a copy is a new document at version 1, with its own size; a user
        # without Sales rights copies one linked to an opportunity
        doc.with_user(self.manager).lead_ids = self.env["crm.lead"].create(
            {"name": "复制线索"}
        )
        copy = doc.copy()
        self.assertFalse(copy.sudo().lead_ids)
        self.assertEqual(doc.with_user(self.manager).copy().lead_ids.name, "复制线索")
        self.assertEqual((copy.version, copy.file_size), (1, len("第二版".encode())))
        self.assertFalse(copy.version_ids)

    def test_gateway_counters_guarded(self):
        gateway = self.env["tz.sms.gateway"].create(
            {"name": "计数网关", "provider": "aliyun"}
        )
        with self.assertRaises(UserError):
            gateway.with_user(self.manager).write({"sent_count": 100})
        gateway.with_user(self.manager).write({"sign_name": "天纵"})
        self.assertEqual(gateway.sent_count, 0)

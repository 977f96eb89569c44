import io
import json
from urllib.parse import unquote

import psycopg2
from openpyxl import load_workbook

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..controllers.main import TzDocsCenterController
from .common import TzDocsCommon

ROUTE = "/tz_docs_center/export/xlsx"


def _rows(content):
    return list(load_workbook(io.BytesIO(content), read_only=True).active.values)


@tagged("post_install", "-at_install")
class TestExportRoute(HttpCase):
    """The Docs Center xlsx export is streamed by a read-only route (served by
    the read replica) with the rights of the logged-in user; nothing stored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,tz_docs_center.group_docs_user"
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "天纵杭州分公司"})
        cls.docs_user = new_test_user(
            cls.env,
            login="tz_export_docs",
            password="tz_export_docs_pw",
            groups=groups,
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.other = new_test_user(cls.env, login="tz_export_other", groups=groups)
        Person = cls.env["tz.directory.person"]
        cls.persons = Person.create(
            [{"name": "导出张三", "mobile": "13800138021"}, {"name": "导出李四"}]
        )
        # a person of another company and a private one of another user
        cls.person_b = Person.create(
            {"name": "杭州分公司联系人", "company_id": cls.company_b.id}
        )
        book = cls.env["tz.address.book"].with_user(cls.other)._get_private_book()
        cls.person_private = Person.with_user(cls.other).create(
            {"name": "别人的私人联系人", "address_book_ids": [Command.link(book.id)]}
        )
        cls.companies = cls.env["tz.directory.company"].create(
            [{"name": "杭州天纵科技有限公司"}, {"name": "宁波天纵贸易有限公司"}]
        )

    def _post(self, model, ids, **data):
        return self.url_open(
            ROUTE,
            data=dict(
                data,
                model=model,
                ids=json.dumps(ids),
                csrf_token=http.Request.csrf_token(self),
            ),
        )

    def _last_attachment_id(self):
        return self.env["ir.attachment"].sudo().search([], order="id desc", limit=1).id

    def test_route_is_readonly(self):
        routing = TzDocsCenterController.export_xlsx.original_routing
        self.assertIs(routing["readonly"], True)
        self.assertEqual(routing["methods"], ["POST"])
        self.assertEqual(routing["auth"], "user")

    def test_export_as_docs_user(self):
        Person = self.env["tz.directory.person"].with_user(self.docs_user)
        # the record rules hide them from this user
        hidden = self.person_b | self.person_private
        self.assertFalse(Person.search([("id", "in", hidden.ids)]))
        last_attachment = self._last_attachment_id()
        self.authenticate("tz_export_docs", "tz_export_docs_pw")
        # read-only transaction: a write would be retried on a read/write
        # cursor with a warning of odoo.http
        with self.assertNoLogs("odoo.http", "WARNING"):
            res = self._post("tz.directory.person", (self.persons | hidden).ids)
        self.assertEqual(res.status_code, 200, res.text[:500])
        self.assertEqual(
            res.headers["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        disposition = unquote(res.headers["Content-Disposition"])
        self.assertIn("Person Directory Entry-", disposition)
        self.assertTrue(disposition.endswith(".xlsx"))
        rows = _rows(res.content)
        self.assertEqual(rows[0][0], "Name")
        self.assertEqual(
            sorted(r[0] for r in rows[1:]), sorted(self.persons.mapped("name"))
        )
        self.assertIn(("导出张三", "+8613800138021"), {(r[0], r[4]) for r in rows[1:]})
        # nothing stored
        self.assertEqual(self._last_attachment_id(), last_attachment)
        self.assertFalse(
            self.env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", "tz.docs.dashboard")])
        )

        res = self._post("tz.directory.company", self.companies.ids)
        self.assertEqual(res.status_code, 200)
        self.assertIn(
            "Company Directory Entry-", unquote(res.headers["Content-Disposition"])
        )
        self.assertEqual(
            sorted(r[0] for r in _rows(res.content)[1:]),
            sorted(self.companies.mapped("name")),
        )

    def test_export_refused(self):
        self.authenticate("tz_export_docs", "tz_export_docs_pw")
        # a model that is not a directory
        with mute_logger("odoo.http"):
            res = self._post("res.users", self.docs_user.ids)
        self.assertEqual(res.status_code, 403)
        self.assertNotIn(b"PK", res.content[:2])
        # nothing selected: the message of the button, as JSON for `download`
        with mute_logger("odoo.http"):
            res = self._post("tz.directory.person", [])
        self.assertEqual(res.status_code, 400)
        self.assertIn("Select the records to export.", res.text)
        self.assertIn("odoo.exceptions.UserError", res.text)
        # a company the user does not have
        with mute_logger("odoo.http"):
            res = self._post(
                "tz.directory.person",
                self.person_b.ids,
                context=json.dumps({"allowed_company_ids": self.company_b.ids}),
            )
        self.assertEqual(res.status_code, 403)
        self.assertIn("odoo.exceptions.AccessError", res.text)
        # without the csrf token
        with mute_logger("odoo.http"):
            res = self.url_open(
                ROUTE,
                data={"model": "tz.directory.person", "ids": json.dumps([])},
            )
        self.assertEqual(res.status_code, 400)
        # logged out: no file
        self.authenticate(None, None)
        res = self.url_open(
            ROUTE,
            data={"model": "tz.directory.person", "ids": json.dumps(self.persons.ids)},
            allow_redirects=False,
        )
        self.assertNotEqual(res.status_code, 200)

    def test_export_selected_companies(self):
        """The companies selected in the web client (``context``) apply;
        without them, all the companies of the user (Odoo's default)."""
        self.docs_user.company_ids = [Command.link(self.company_b.id)]
        self.authenticate("tz_export_docs", "tz_export_docs_pw")
        ids = (self.persons | self.person_b).ids
        rows = _rows(self._post("tz.directory.person", ids).content)
        self.assertEqual(len(rows) - 1, len(ids))
        res = self._post(
            "tz.directory.person",
            ids,
            context=json.dumps({"allowed_company_ids": self.company_a.ids}),
        )
        rows = _rows(res.content)
        self.assertEqual(
            sorted(r[0] for r in rows[1:]), sorted(self.persons.mapped("name"))
        )


@tagged("post_install", "-at_install")
class TestExportReadOnly(TzDocsCommon):
    def test_button_returns_client_action(self):
        persons = self.Person.create([{"name": "按钮一"}, {"name": "按钮二"}])
        last_attachment = (
            self.env["ir.attachment"].sudo().search([], order="id desc", limit=1).id
        )
        action = persons.with_user(self.user).action_export_xlsx()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.client",
                "tag": "tz_docs_center.export_xlsx",
                "params": {"model": "tz.directory.person", "ids": persons.ids},
            },
        )
        companies = self.Company.create([{"name": "按钮公司"}])
        self.assertEqual(
            companies.action_export_xlsx()["params"],
            {"model": "tz.directory.company", "ids": companies.ids},
        )
        self.assertEqual(
            self.env["ir.attachment"].sudo().search([], order="id desc", limit=1).id,
            last_attachment,
        )
        # called by RPC, the button is served by the replica too
        for model in ("tz.directory.person", "tz.directory.company"):
            method = type(self.env[model]).action_export_xlsx
            self.assertTrue(getattr(method, "_readonly", False), model)

    def test_file_named_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.model"]._get("tz.directory.person").update_field_translations(
            "name", {"zh_CN": "个人名录条目"}
        )
        person = self.Person.create({"name": "中文文件名"})
        content, filename = (
            self.env["tz.docs.dashboard"]
            .with_user(self.user)
            .with_context(lang="zh_CN")
            ._tz_export_file(person)
        )
        self.assertRegex(filename, r"^个人名录条目-\d{4}-\d\d-\d\d\.xlsx$")
        self.assertEqual(
            load_workbook(io.BytesIO(content)).sheetnames, ["个人名录条目"]
        )

    def test_export_in_read_only_transaction(self):
        """The export runs in a READ ONLY transaction (what it gets on the
        replica): set on a savepoint over the flushed test data, rolled back
        after."""
        persons = self.Person.create(
            [{"name": f"只读导出{i}", "mobile": f"1380013{i:04d}"} for i in range(5)]
        )
        self.env.flush_all()
        cr = self.env.cr
        Dashboard = self.env["tz.docs.dashboard"].with_user(self.user)
        with cr.savepoint(flush=False) as savepoint:
            cr.execute("SET TRANSACTION READ ONLY")
            # it is read-only indeed
            with (
                self.assertRaises(psycopg2.errors.ReadOnlySqlTransaction),
                mute_logger("odoo.sql_db"),
                cr.savepoint(flush=False),
            ):
                cr.execute("UPDATE tz_directory_person SET name = name")
            content, filename = Dashboard._tz_export_file(persons.with_user(self.user))
            savepoint.rollback()
        cr.execute("SHOW transaction_read_only")
        self.assertEqual(cr.fetchone()[0], "off")
        self.assertRegex(filename, r"^Person Directory Entry-\d{4}-\d\d-\d\d\.xlsx$")
        rows = _rows(content)
        self.assertEqual(sorted(r[0] for r in rows[1:]), sorted(persons.mapped("name")))

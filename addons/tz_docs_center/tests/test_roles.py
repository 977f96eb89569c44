"""Each role's main journey with exactly that role's groups (no admin, no sudo)."""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TzDocsCommon

DOCS_USER = "base.group_user,tz_docs_center.group_docs_user"
DOCS_MANAGER = "base.group_user,tz_docs_center.group_docs_manager"
SALESPERSON = (
    "base.group_user,sales_team.group_sale_salesman,tz_docs_center.group_docs_user"
)
MARKETING = (
    "base.group_user,mass_mailing.group_mass_mailing_user,"
    "tz_docs_center.group_docs_user"
)


def b64(text):
    return base64.b64encode(text.encode())


class TzRoleCommon(TzDocsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.docs_user = new_test_user(cls.env, login="role_docs_user", groups=DOCS_USER)
        cls.docs_manager = new_test_user(
            cls.env, login="role_docs_manager", groups=DOCS_MANAGER
        )
        cls.salesperson = new_test_user(
            cls.env, login="role_salesperson", groups=SALESPERSON
        )
        cls.marketer = new_test_user(cls.env, login="role_marketing", groups=MARKETING)
        cls.open_folder = cls.env.ref("tz_docs_center.folder_shared")


@tagged("post_install", "-at_install")
class TestRoleDocsUser(TzRoleCommon):
    def test_docs_user_journey(self):
        env = self.env(user=self.docs_user)
        # 1. a directory entry with its persons, typed in the entry's form
        with Form(env["tz.directory.company"]) as form:
            form.name = "杭州云栖科技有限公司"
            form.uscc = self.USCC_A
            form.phone = "0571-88886666"
            with form.person_ids.new() as line:
                line.name = "周敏"
                line.mobile = "138 0013 8020"
            with form.person_ids.new() as line:
                line.name = "吴昊"
        entry = form.record
        self.assertEqual(entry.person_ids.mapped("name"), ["吴昊", "周敏"])
        self.assertEqual(
            entry.person_ids.filtered(lambda p: p.name == "周敏").mobile,
            "+8613800138020",
        )
        self.assertEqual(entry.person_ids.user_id, self.docs_user)
        # 2. copy: a new prospect without the USCC
        copy = entry.copy()
        self.assertFalse(copy.uscc)
        self.assertEqual(copy.stage, "prospect")
        # 3. import persons
        result = env["tz.directory.person"].load(
            ["name", "mobile", "dir_company_id/.id"],
            [["导入甲", "13800138021", str(entry.id)], ["导入乙", "", str(entry.id)]],
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(entry.person_ids), 4)
        # bad input is refused with a message, nothing written
        bad = env["tz.directory.person"].load(["name", "mobile"], [["坏号码", "12345"]])
        self.assertFalse(bad["ids"])
        self.assertFalse(env["tz.directory.person"].search([("name", "=", "坏号码")]))
        # 4. pivot of the directory by province counts what the user sees
        entry.state_id = self.zj
        groups = env["tz.directory.company"].read_group(
            [("state_id", "=", self.zj.id)], ["state_id"], ["state_id"]
        )
        self.assertEqual(
            groups[0]["state_id_count"],
            env["tz.directory.company"].search_count([("state_id", "=", self.zj.id)]),
        )
        # 5. my private book, filled from its form, stays mine
        book = env["tz.address.book"]._get_private_book()
        # the book's Persons tab creates the line (what the web client saves)
        book.web_save(
            {"person_ids": [Command.create({"name": "私人朋友"})]},
            {"person_ids": {"fields": {"display_name": {}}}},
        )
        friend = book.person_ids
        self.assertTrue(friend.is_private)
        other_groups = self.env(user=self.user2)["tz.directory.person"].read_group(
            [("name", "=", "私人朋友")], ["user_id"], ["user_id"]
        )
        self.assertFalse(other_groups)
        # 6. a document, its new version, a restore
        doc = env["tz.document"].create(
            {
                "folder_id": self.open_folder.id,
                "file_name": "价目表.txt",
                "datas": b64("v1"),
            }
        )
        doc.write({"datas": b64("v2")})
        doc.version_ids.action_restore()
        self.assertEqual(doc.version, 3)
        self.assertEqual(base64.b64decode(doc.datas), b"v1")
        # what a Docs user may not do
        with self.assertRaises(AccessError):
            copy.unlink()
        with self.assertRaises(AccessError):
            doc.unlink()
        with self.assertRaises(AccessError):
            env["tz.document.folder"].create({"name": "自建目录"})
        with self.assertRaises(UserError):
            entry.write({"stage": "customer"})
        with self.assertRaises(AccessError):  # leads are for Sales users
            entry.action_convert_to_lead()
        with self.assertRaises(AccessError):  # customers for who creates contacts
            entry.action_convert_to_customer()
        self.assertEqual(entry.stage, "prospect")
        self.assertFalse(entry.partner_id)
        # documents linked to opportunities open without them
        # (linked by a salesperson with Docs rights)
        doc.with_user(self.manager).lead_ids = self.env["crm.lead"].create(
            {"name": "园区项目"}
        )
        form = env["tz.document"].get_views([(False, "form")])
        fields_spec = {name: {} for name in form["models"]["tz.document"]["fields"]}
        self.assertNotIn("lead_ids", fields_spec)
        self.assertEqual(doc.web_read(fields_spec)[0]["version"], 3)
        with self.assertRaises(AccessError):
            env["tz.sms.gateway"].search([])
        with self.assertRaises(AccessError):
            env["tz.directory.company.merge"].create(
                {"company_ids": [(6, 0, (entry | copy).ids)], "target_id": entry.id}
            )


@tagged("post_install", "-at_install")
class TestRoleDocsManager(TzRoleCommon):
    def test_docs_manager_journey(self):
        env = self.env(user=self.docs_manager)
        manager_group = self.env.ref("tz_docs_center.group_docs_manager")
        # 1. a restricted folder tree; documents in it stay with managers
        folder = env["tz.document.folder"].create(
            {"name": "合同库", "group_ids": [(6, 0, manager_group.ids)]}
        )
        sub = env["tz.document.folder"].create({"name": "2026", "parent_id": folder.id})
        doc = env["tz.document"].create(
            {
                "name": "框架合同",
                "folder_id": sub.id,
                "file_name": "c.txt",
                "datas": b64("合同"),
            }
        )
        self.env.flush_all()  # stored recursive compute, flushed at commit in real use
        self.assertFalse(
            self.env(user=self.docs_user)["tz.document"].search([("id", "=", doc.id)])
        )
        groups = env["tz.document"].read_group(
            [("folder_id", "child_of", folder.id)], ["folder_id"], ["folder_id"]
        )
        self.assertEqual(sum(g["folder_id_count"] for g in groups), 1)
        # 2. merge duplicates through the wizard
        Company = env["tz.directory.company"]
        keep = Company.create({"name": "天纵营销", "phone": "0571-87650000"})
        dup = Company.create({"name": "天纵营销(重复)", "phone": "057187650000"})
        # converted earlier by Sales: a Docs manager needs no Sales rights to merge
        lead = self.env["crm.lead"].create(
            {"name": "重复线索", "tz_dir_company_id": dup.id}
        )
        customer = self.env["res.partner"].create(
            {"name": "重复客户", "tz_dir_company_id": dup.id}
        )
        self.assertEqual(keep.duplicate_ids, dup)
        action = keep.action_merge_duplicates()
        wizard = env[action["res_model"]].with_context(**action["context"]).create({})
        wizard.action_merge()
        self.assertFalse(dup.active)
        self.assertEqual(dup.merged_into_id, keep)
        self.assertEqual(lead.tz_dir_company_id, keep)
        self.assertEqual(customer.tz_dir_company_id, keep)
        # but not by hand
        with self.assertRaises(UserError):
            keep.write({"merged_into_id": dup.id})
        # 3. a gateway, without its credentials (administrators only)
        gateway = env["tz.sms.gateway"].create(
            {"name": "经理网关", "provider": "aliyun"}
        )
        with self.assertRaises(AccessError):
            gateway.write({"access_key_secret": "secret"})
        with self.assertRaises(AccessError):
            gateway.unlink()
        # 4. team books of others yes, private books of others no
        team = self.env["tz.address.book"].create(
            {
                "name": "华南团队",
                "book_type": "team",
                "member_ids": [(6, 0, self.user.ids)],
            }
        )
        private = self.env["tz.address.book"].with_user(self.user)._get_private_book()
        books = env["tz.address.book"].search([])
        self.assertIn(team, books)
        self.assertNotIn(private, books)
        hidden = self.Person.with_user(self.user).create(
            {"name": "员工私人联系人", "address_book_ids": [(4, private.id)]}
        )
        self.assertFalse(env["tz.directory.person"].search([("id", "=", hidden.id)]))
        # 5. managers delete documents (users cannot)
        doc.unlink()
        self.assertFalse(doc.exists())


@tagged("post_install", "-at_install")
class TestRoleSalesperson(TzRoleCommon):
    def test_salesperson_directory_to_lead_journey(self):
        env = self.env(user=self.salesperson)
        entry = env["tz.directory.company"].create(
            {"name": "中国银行宁波分行", "email": "nb@example.cn"}
        )
        env["tz.directory.person"].create(
            {"name": "钱经理", "mobile": "13800138030", "dir_company_id": entry.id}
        )
        # found by pinyin initials
        found = env["tz.directory.company"].name_search("zgyhnb")
        self.assertIn(entry.id, [rid for rid, _name in found])
        action = entry.action_convert_to_lead()
        lead = env["crm.lead"].browse(action["res_id"])
        self.assertEqual(
            lead.read(["tz_dir_company_id"])[0]["tz_dir_company_id"][0], entry.id
        )
        self.assertEqual(lead.user_id, self.salesperson)
        self.assertEqual(lead.contact_name, "钱经理")
        self.assertEqual(entry.stage, "lead")
        groups = env["crm.lead"].read_group(
            [("tz_dir_company_id", "=", entry.id)],
            ["tz_dir_company_id"],
            ["tz_dir_company_id"],
        )
        self.assertEqual(groups[0]["tz_dir_company_id_count"], 1)
        # an entry owned by someone else (e.g. imported by a Docs user): the
        # lead is the converting salesperson's own
        shared_entry = self.Company.with_user(self.docs_user).create(
            {"name": "宁波港务集团"}
        )
        action = shared_entry.with_user(self.salesperson).action_convert_to_lead()
        other_lead = env["crm.lead"].browse(action["res_id"])
        self.assertEqual(other_lead.user_id, self.salesperson)
        self.assertEqual(other_lead.read(["name"])[0]["name"], "宁波港务集团")
        # and the entry becomes a customer
        action = entry.action_convert_to_customer()
        partner = env["res.partner"].browse(action["res_id"])
        self.assertEqual(partner.tz_dir_company_id, entry)
        self.assertEqual(entry.stage, "customer")
        self.assertEqual(lead.partner_id, partner)
        # may not: set the stage by hand, merge, delete
        with self.assertRaises(UserError):
            entry.write({"stage": "prospect"})
        with self.assertRaises(AccessError):
            env["tz.directory.company.merge"].create(
                {"company_ids": [(6, 0, entry.ids)], "target_id": entry.id}
            )
        with self.assertRaises(AccessError):
            entry.unlink()


@tagged("post_install", "-at_install")
class TestRoleMarketing(TzRoleCommon):
    def test_marketing_mass_mailing_journey(self):
        env = self.env(user=self.marketer)
        public = self.Person.create({"name": "公开收信人", "mobile": "13800138040"})
        private_book = (
            self.env["tz.address.book"].with_user(self.user)._get_private_book()
        )
        private = self.Person.with_user(self.user).create(
            {
                "name": "私人收信人",
                "mobile": "13800138041",
                "address_book_ids": [(4, private_book.id)],
            }
        )
        model = self.env["ir.model"]._get("tz.directory.person")
        mailing = env["mailing.mailing"].create(
            {
                "subject": "春季新品",
                "mailing_type": "sms",
                "body_plaintext": "天纵春季新品上市",
                "mailing_model_id": model.id,
                "mailing_domain": [("id", "in", (public | private).ids)],
            }
        )
        # the recipients are the entries the marketing user can see
        self.assertEqual(mailing._get_recipients(), public.ids)
        self.assertEqual(
            env["tz.directory.person"].search_count(
                [("id", "in", (public | private).ids)]
            ),
            1,
        )
        # copy of a campaign for the next wave
        wave2 = mailing.copy()
        self.assertEqual(wave2.mailing_model_id, model)
        # may not: read gateways or their credentials, nor the SMS log
        with self.assertRaises(AccessError):
            env["tz.sms.gateway"].search([])
        with self.assertRaises(AccessError):
            env["sms.sms"].search([])

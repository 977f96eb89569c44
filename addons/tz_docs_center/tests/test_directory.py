from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TzDocsCommon


@tagged("post_install", "-at_install")
class TestDirectory(TzDocsCommon):
    # ------------------------------------------------------------------
    # USCC
    # ------------------------------------------------------------------
    def test_uscc_valid_is_compacted(self):
        company = self.Company.create(
            {"name": "杭州测试科技有限公司", "uscc": "91330106ma2b00001y"}
        )
        self.assertEqual(company.uscc, self.USCC_A)
        spaced = self.Company.create(
            {"name": "上海测试", "uscc": "9131 0115 MA1H 0000 24"}
        )
        self.assertEqual(spaced.uscc, self.USCC_B)

    def test_uscc_invalid_samples(self):
        for bad in (
            "91330106MA2B000010",  # wrong check digit
            "91330106MA2B00001",  # 17 characters
            "1234",
            "91330106MA2I00001Y",  # I is not allowed in a USCC
        ):
            with self.subTest(uscc=bad), self.assertRaises(ValidationError):
                self.Company.create({"name": "错误代码公司", "uscc": bad})
        company = self.Company.create({"name": "可修改公司"})
        with self.assertRaises(ValidationError):
            company.uscc = "91330106MA2B000010"

    def test_uscc_duplicate_rejected(self):
        self.Company.create({"name": "甲公司", "uscc": self.USCC_A})
        with self.assertRaises(ValidationError) as ctx:
            self.Company.create({"name": "乙公司", "uscc": self.USCC_A.lower()})
        self.assertIn("甲公司", str(ctx.exception))
        other = self.Company.create({"name": "丙公司", "uscc": self.USCC_B})
        with self.assertRaises(ValidationError):
            other.write({"uscc": self.USCC_A})

    # ------------------------------------------------------------------
    # Phones
    # ------------------------------------------------------------------
    def test_mobile_normalised(self):
        person = self.Person.create({"name": "张伟", "mobile": "138-0013-8000"})
        self.assertEqual(person.mobile, "+8613800138000")
        person.mobile = "+86 139 1234 5678"
        self.assertEqual(person.mobile, "+8613912345678")
        with Form(self.Person) as form:
            form.name = "王芳"
            form.mobile = "0086 135 8888 6666"
        self.assertEqual(form.record.mobile, "+8613588886666")

    def test_mobile_invalid(self):
        for bad in ("12345", "021-62345678", "abc", "1380013800"):
            with self.subTest(mobile=bad), self.assertRaises(ValidationError):
                self.Person.create({"name": "无效号码", "mobile": bad})
        person = self.Person.create({"name": "李娜"})
        with self.assertRaises(ValidationError):
            person.write({"mobile": "99999"})

    def test_company_phone_normalised_for_dedupe(self):
        company = self.Company.create({"name": "号码公司", "phone": "021 6234 5678"})
        self.assertEqual(company.phone_normalized, "+862162345678")

    # ------------------------------------------------------------------
    # Dedupe and merge
    # ------------------------------------------------------------------
    def test_dedupe_on_phone_and_email(self):
        a = self.Company.create(
            {"name": "天纵网络", "phone": "0571-81234567", "email": "Info@TZ-test.cn"}
        )
        b = self.Company.create(
            {"name": "天纵网络科技(杭州)", "phone": "+86 571 8123 4567"}
        )
        c = self.Company.create({"name": "天纵网络杭州", "email": "info@tz-test.cn"})
        d = self.Company.create({"name": "无关公司", "phone": "010-60001111"})
        self.assertEqual(a.duplicate_ids, b | c)
        self.assertEqual(b.duplicate_ids, a)
        self.assertFalse(d.has_duplicates)
        found = self.Company.search(
            [("has_duplicates", "=", True), ("id", "in", (a | b | c | d).ids)]
        )
        self.assertEqual(found, a | b | c)
        not_found = self.Company.search(
            [("has_duplicates", "=", False), ("id", "in", (a | b | c | d).ids)]
        )
        self.assertEqual(not_found, d)

    def test_merge_wizard(self):
        tag = self.env["tz.directory.tag"].create({"name": "合并标签"})
        target = self.Company.create({"name": "天纵网络", "phone": "0571-85550000"})
        source = self.Company.create(
            {
                "name": "天纵网络科技(杭州)",
                "phone": "057185550000",
                "uscc": self.USCC_A,
                "email": "info@tz-merge.cn",
                "legal_representative": "王建国",
                "tag_ids": [(6, 0, tag.ids)],
            }
        )
        person = self.Person.create({"name": "张伟", "dir_company_id": source.id})
        source.message_post(body="来自重复记录的备注")
        action = target.action_merge_duplicates()
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.company_ids, target | source)
        wizard.action_merge()
        self.assertFalse(source.active)
        self.assertEqual(source.merged_into_id, target)
        self.assertFalse(source.uscc)
        self.assertEqual(target.uscc, self.USCC_A)
        self.assertEqual(target.email, "info@tz-merge.cn")
        self.assertEqual(target.legal_representative, "王建国")
        self.assertIn(tag, target.tag_ids)
        self.assertEqual(person.dir_company_id, target)
        self.assertTrue(
            target.message_ids.filtered(
                lambda m: "来自重复记录的备注" in (m.body or "")
            )
        )
        self.assertFalse(target.has_duplicates)

    def test_merge_needs_two_entries(self):
        alone = self.Company.create({"name": "唯一公司"})
        with self.assertRaises(UserError):
            alone.action_merge_duplicates()

    # ------------------------------------------------------------------
    # Conversions
    # ------------------------------------------------------------------
    def test_convert_to_lead_keeps_links(self):
        company = self.Company.create(
            {
                "name": "深圳前海智造科技有限公司",
                "uscc": self.USCC_C,
                "phone": "0755-86001234",
                "email": "bd@qh-test.cn",
                "state_id": self.env.ref("base.state_cn_GD").id,
                "city": "深圳市",
            }
        )
        self.Person.create(
            {"name": "刘洋", "dir_company_id": company.id, "function": "技术总监"}
        )
        action = company.with_user(self.manager).action_convert_to_lead()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.tz_dir_company_id, company)
        self.assertEqual(lead.partner_name, company.name)
        self.assertEqual(lead.contact_name, "刘洋")
        self.assertEqual(lead.email_from, "bd@qh-test.cn")
        self.assertEqual(company.stage, "lead")
        self.assertEqual(company.lead_ids, lead)
        self.assertEqual(company.lead_count, 1)

    def test_convert_to_customer(self):
        company = self.Company.create(
            {"name": "武汉光谷生物医药有限公司", "uscc": self.USCC_B, "city": "武汉市"}
        )
        person = self.Person.create(
            {"name": "黄磊", "dir_company_id": company.id, "mobile": "15888889999"}
        )
        lead = self.env["crm.lead"].create(
            {"name": "光谷线索", "tz_dir_company_id": company.id}
        )
        company.action_convert_to_customer()
        partner = company.partner_id
        self.assertTrue(partner.is_company)
        self.assertEqual(partner.company_registry, self.USCC_B)
        self.assertEqual(partner.tz_dir_company_id, company)
        self.assertEqual(company.stage, "customer")
        self.assertEqual(person.partner_id.parent_id, partner)
        self.assertEqual(person.partner_id.mobile, "+8615888889999")
        self.assertEqual(lead.partner_id, partner)
        # a second conversion reuses the customer
        company.action_convert_to_customer()
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("tz_dir_company_id", "=", company.id)]
            ),
            1,
        )

    def test_convert_archived_fails(self):
        company = self.Company.create({"name": "已归档公司", "active": False})
        with self.assertRaises(UserError):
            company.action_convert_to_lead()
        with self.assertRaises(UserError):
            company.action_convert_to_customer()

    def test_person_convert_to_partner(self):
        person = self.Person.create(
            {
                "name": "陈静",
                "mobile": "15012345678",
                "email": "cj@example.cn",
                "function": "主管",
            }
        )
        person.action_convert_to_partner()
        self.assertEqual(person.partner_id.name, "陈静")
        self.assertEqual(person.partner_id.tz_dir_person_id, person)
        self.assertEqual(person.partner_id.function, "主管")
        partner = person.partner_id
        person.action_convert_to_partner()
        self.assertEqual(person.partner_id, partner)

    # ------------------------------------------------------------------
    # Pinyin search
    # ------------------------------------------------------------------
    def test_pinyin_search_company(self):
        bank = self.Company.create({"name": "中国银行杭州分行"})
        other = self.Company.create({"name": "工商银行"})
        for query in ("zgyh", "ZGYH", "zhongguo", "zhong guo yin", "中国银行", "hzfh"):
            with self.subTest(query=query):
                found = self.Company.search([("pinyin_query", "ilike", query)])
                self.assertIn(bank, found)
                self.assertNotIn(other, found)
        self.assertIn(other, self.Company.search([("pinyin_query", "ilike", "gsyh")]))
        # name_search (many2one fields) also matches initials
        ids = [r[0] for r in self.Company.name_search("zgyh")]
        self.assertIn(bank.id, ids)

    def test_pinyin_polyphones(self):
        person = self.Person.create({"name": "曾行长"})
        for query in ("zxz", "zenghangzhang", "zengxingzhang", "chz"):
            with self.subTest(query=query):
                self.assertIn(
                    person, self.Person.search([("pinyin_query", "ilike", query)])
                )
        cq = self.Company.create({"name": "重庆长城物流"})
        for query in ("cqccwl", "chongqing", "zqzcwl"):
            with self.subTest(query=query):
                self.assertIn(
                    cq, self.Company.search([("pinyin_query", "ilike", query)])
                )
        # renaming recomputes the stored column
        person.name = "单田芳"
        self.assertIn(person, self.Person.search([("pinyin_query", "ilike", "stf")]))
        self.assertNotIn(person, self.Person.search([("pinyin_query", "ilike", "zxz")]))

    def test_pinyin_search_partner(self):
        partner = self.env["res.partner"].create({"name": "中国银行股份有限公司"})
        self.assertIn("zgyhgfyxgs", partner.pinyin_search)
        self.assertIn(
            partner, self.env["res.partner"].search([("pinyin_query", "ilike", "zgyh")])
        )
        ids = [r[0] for r in self.env["res.partner"].name_search("zgyhgf")]
        self.assertIn(partner.id, ids)

    # ------------------------------------------------------------------
    # Mail resources
    # ------------------------------------------------------------------
    def test_email_state(self):
        person = self.Person.create({"name": "赵敏", "email": "zhaomin@example.cn"})
        self.assertEqual(person.email_state, "valid")
        person.email = "not-an-email"
        self.assertEqual(person.email_state, "invalid")
        person.email = "zhaomin@example.cn"
        person.message_bounce = 2
        self.assertEqual(person.email_state, "bounced")
        self.env["mail.blacklist"].sudo()._add("zhaomin@example.cn")
        person.invalidate_recordset()
        self.assertEqual(person.email_state, "blacklisted")
        self.assertEqual(self.Person.create({"name": "无邮箱"}).email_state, "none")

    def test_mass_mailing_respects_blacklist(self):
        model = self.env["ir.model"]._get("tz.directory.person")
        self.assertTrue(model.is_mailing_enabled)
        self.assertTrue(
            self.env["ir.model"]._get("tz.directory.company").is_mailing_enabled
        )
        ok = self.Person.create({"name": "收件人甲", "email": "ok@example.cn"})
        black = self.Person.create({"name": "收件人乙", "email": "black@example.cn"})
        self.env["mail.blacklist"].sudo()._add("black@example.cn")
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "新品发布",
                "body_html": "<p>您好</p>",
                "mailing_model_id": model.id,
                "mailing_domain": [("id", "in", (ok | black).ids)],
                "mailing_type": "mail",
            }
        )
        mailing.action_send_mail()
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id)]
        )
        by_res = {t.res_id: t for t in traces}
        self.assertNotEqual(by_res[ok.id].trace_status, "cancel")
        self.assertEqual(by_res[black.id].trace_status, "cancel")
        self.assertEqual(by_res[black.id].failure_type, "mail_bl")

    def test_opt_out_respected(self):
        model = self.env["ir.model"]._get("tz.directory.company")
        live = self.Company.create({"name": "在营公司", "email": "live@example.cn"})
        opted = self.Company.create(
            {"name": "退订公司", "email": "optout@example.cn", "opt_out": True}
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "活动邀请",
                "body_html": "<p>诚邀</p>",
                "mailing_model_id": model.id,
                "mailing_domain": [("id", "in", (live | opted).ids)],
            }
        )
        self.assertEqual(
            self.Company._mailing_get_opt_out_list(mailing), {"optout@example.cn"}
        )
        mailing.action_send_mail()
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id)]
        )
        by_res = {t.res_id: t for t in traces}
        self.assertNotEqual(by_res[live.id].trace_status, "cancel")
        self.assertEqual(by_res[opted.id].trace_status, "cancel")
        self.assertEqual(by_res[opted.id].failure_type, "mail_optout")

    def test_user_cannot_hard_delete(self):
        company = self.Company.with_user(self.user).create({"name": "用户创建的公司"})
        with self.assertRaises(AccessError):
            company.unlink()
        company.action_archive()
        self.assertFalse(company.active)

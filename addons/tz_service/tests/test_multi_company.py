"""Two companies: records, request numbers, SLA and its cron, team mail
aliases and reports stay apart."""

import re
from ast import literal_eval
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(TzServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "天纵苏州分公司"})
        cls.agent_a = new_test_user(
            cls.env,
            login="mc_agent_a",
            name="总部客服",
            groups="tz_service.group_tz_service_user",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        cls.agent_b = new_test_user(
            cls.env,
            login="mc_agent_b",
            name="苏州客服",
            groups="tz_service.group_tz_service_user",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        B = {"company_id": cls.company_b.id}
        cls.team_b = cls.env["tz.service.team"].create(
            dict(B, name="苏州服务组", alias_name="tz-service-suzhou")
        )
        cls.category_b = cls.env["tz.service.category"].create(
            dict(B, name="苏州打印设备", team_id=cls.team_b.id)
        )
        cls.sla_b = cls.env["tz.service.sla"].create(
            dict(B, name="苏州紧急 1h", priority="3", resolve_hours=1)
        )
        cls.kb_category_b = cls.env["tz.kb.category"].create(dict(B, name="苏州资料"))
        cls.article_b = cls._article(name="苏州内部文章", **B)
        cls.tree_b = cls.env["tz.diagnosis.tree"].create(dict(B, name="苏州诊断树"))
        root = cls.env["tz.diagnosis.node"].create(
            {"tree_id": cls.tree_b.id, "name": "苏州问题", "node_type": "question"}
        )
        cls.node_b = cls.env["tz.diagnosis.node"].create(
            {
                "tree_id": cls.tree_b.id,
                "parent_id": root.id,
                "answer": "是",
                "name": "苏州结论",
                "node_type": "solution",
                "recommended_action": "更换配件。",
            }
        )
        cls.tree_b.action_validate()
        cls.request_b = cls._request(name="苏州的请求", team_id=cls.team_b.id, **B)
        walk = cls.env["tz.diagnosis.walk"].create(
            {
                "request_id": cls.request_b.id,
                "tree_id": cls.tree_b.id,
                "current_node_id": root.id,
                "answer_node_id": cls.node_b.id,
            }
        )
        walk.action_next()
        walk.action_apply()
        cls.shared_article = cls._article(name="集团共享文章", company_id=False)

    def test_records_stay_apart(self):
        records_b = {
            "tz.service.request": self.request_b,
            "tz.service.team": self.team_b,
            "tz.service.category": self.category_b,
            "tz.service.sla": self.sla_b,
            "tz.kb.category": self.kb_category_b,
            "tz.kb.article": self.article_b,
            "tz.kb.article.version": self.article_b.version_ids,
            "tz.diagnosis.tree": self.tree_b,
            "tz.diagnosis.node": self.tree_b.node_ids,
            "tz.service.request.diagnosis": self.request_b.diagnosis_ids,
        }
        for model, records in records_b.items():
            self.assertTrue(records, model)
            domain = [("id", "in", records.ids)]
            self.assertFalse(
                self.env[model].with_user(self.agent_a).search(domain), model
            )
            self.assertEqual(
                self.env[model].with_user(self.agent_b).search(domain), records, model
            )
            with self.assertRaises(AccessError, msg=model):
                records[:1].with_user(self.agent_a).read(["display_name"])
        # shared knowledge (no company) is seen by both
        for agent in (self.agent_a, self.agent_b):
            self.assertTrue(self.shared_article.with_user(agent).read(["name"]))

    def test_no_cross_company_links(self):
        with self.assertRaises(UserError):
            self._request(name="串公司", team_id=self.team_b.id)
        with self.assertRaises(UserError):
            self._request(name="串公司", category_id=self.category_b.id)
        with self.assertRaises(UserError):
            self.env["tz.service.request"].with_user(self.agent_a).create(
                {"name": "串公司", "team_id": self.team_b.id}
            )

    def test_request_numbers_per_company(self):
        a1 = self._request(name="总部一")
        b1 = self._request(name="苏州一", company_id=self.company_b.id)
        a2 = self._request(name="总部二")
        b2 = (
            self.env["tz.service.request"]
            .with_user(self.agent_b)
            .create({"name": "苏州二"})
        )
        self.assertEqual(b2.company_id, self.company_b)

        def seq(request):
            return int(re.search(r"(\d{5})$", request.number).group(1))

        self.assertEqual(seq(a2), seq(a1) + 1, "company B does not take A's numbers")
        self.assertEqual(seq(b2), seq(b1) + 1)
        Sequence = self.env["ir.sequence"]
        for company in (self.company_a, self.company_b):
            self.assertEqual(
                Sequence.search_count(
                    [
                        ("code", "=", "tz.service.request"),
                        ("company_id", "=", company.id),
                    ]
                ),
                1,
            )

    def test_sla_and_cron_per_company(self):
        with freeze_time("2026-03-02 08:00:00") as frozen:
            request_a = self._request(name="总部紧急", priority="3")
            request_b = self._request(
                name="苏州紧急",
                priority="3",
                company_id=self.company_b.id,
                team_id=self.team_b.id,
            )
            self.env.flush_all()
            self.assertEqual(request_a.sla_id, self.sla_urgent)
            self.assertEqual(request_b.sla_id, self.sla_b)
            self.assertEqual(request_a.deadline, datetime(2026, 3, 2, 12, 0))
            self.assertEqual(request_b.deadline, datetime(2026, 3, 2, 9, 0))
            frozen.move_to("2026-03-02 10:00:00")
            self.env["tz.service.request"]._cron_update_sla()
            self.assertTrue(request_b.is_overdue)
            self.assertFalse(request_a.is_overdue)
            frozen.move_to("2026-03-02 13:00:00")
            self.env["tz.service.request"]._cron_update_sla()
            self.assertTrue(request_a.is_overdue)
            # the team counters of one company ignore the other's requests
            self.team_b.invalidate_recordset()
            self.assertEqual(self.team_b.open_request_count, 2)
            self.assertEqual(self.team_b.overdue_request_count, 1)
            self.assertNotIn(request_a, self.team_b.request_ids)

    def test_team_mail_alias_per_company(self):
        defaults_b = literal_eval(self.team_b.alias_id.alias_defaults)
        self.assertEqual(defaults_b["company_id"], self.company_b.id)
        self.assertEqual(defaults_b["team_id"], self.team_b.id)
        defaults_a = literal_eval(self.team.alias_id.alias_defaults)
        self.assertEqual(defaults_a["company_id"], self.company_a.id)
        self.assertNotEqual(self.team.alias_id, self.team_b.alias_id)
        # what the mail gateway does with an email to the Suzhou alias
        request = self.env["tz.service.request"].message_new(
            {
                "subject": "苏州打印机卡纸",
                "body": "<p>卡纸</p>",
                "email_from": "客户 <kehu@suzhou.example.cn>",
            },
            custom_values=defaults_b,
        )
        self.assertEqual(request.company_id, self.company_b)
        self.assertEqual(request.team_id, self.team_b)
        self.assertFalse(
            self.env["tz.service.request"]
            .with_user(self.agent_a)
            .search([("id", "=", request.id)])
        )

    def test_reports_stay_apart(self):
        self._request(name="总部请求")
        for agent, company in (
            (self.agent_a, self.company_a),
            (self.agent_b, self.company_b),
        ):
            Request = self.env["tz.service.request"].with_user(agent)
            groups = Request.read_group([], ["company_id"], ["company_id"])
            self.assertEqual([g["company_id"][0] for g in groups], [company.id])
            teams = Request.read_group([], ["team_id"], ["team_id"])
            team_ids = {g["team_id"][0] for g in teams if g["team_id"]}
            self.assertEqual(
                set(self.env["tz.service.team"].browse(team_ids).company_id.ids),
                {company.id} if team_ids else set(),
            )
            Article = self.env["tz.kb.article"].with_user(agent)
            companies = {
                g["company_id"][0] if g["company_id"] else False
                for g in Article.read_group([], ["company_id"], ["company_id"])
            }
            self.assertLessEqual(companies, {company.id, False})

"""Each role's main journey, end to end, as a user with exactly that role's
groups (no admin, no sudo): what the role does, and what it may not do or
see."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestRoleJourneys(TzServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="role_agent",
            name="客服 李娜",
            groups="tz_service.group_tz_service_user",
        )
        cls.kb_reviewer = new_test_user(
            cls.env,
            login="role_reviewer",
            name="知识审核 王强",
            groups="tz_service.group_tz_kb_reviewer",
        )
        cls.service_manager = new_test_user(
            cls.env,
            login="role_manager",
            name="服务主管 孙丽",
            groups="tz_service.group_tz_service_manager",
        )
        cls.customer_user = new_test_user(
            cls.env,
            login="role_portal",
            name="门户客户 赵磊",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.team.member_ids = [Command.link(cls.agent.id)]
        cls.guide = cls._article(
            name="激光打印机卡纸处理",
            body="<p>打开前盖，取出卡住的纸张，检查搓纸轮。</p>",
            visibility="portal",
        )
        cls.internal_guide = cls._article(
            name="定影器内部维修手册", body="<p>卡纸时拆下定影器。</p>"
        )
        Node = cls.env["tz.diagnosis.node"]
        cls.tree = cls.env["tz.diagnosis.tree"].create(
            {"name": "卡纸诊断树", "category_id": cls.category.id}
        )
        root = Node.create(
            {"tree_id": cls.tree.id, "name": "纸卡在哪里？", "node_type": "question"}
        )
        cls.solution = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": root.id,
                "answer": "纸盒附近",
                "name": "更换搓纸轮",
                "node_type": "solution",
                "article_id": cls.guide.id,
                "recommended_action": "更换搓纸轮并打印测试页。",
            }
        )
        Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": root.id,
                "answer": "定影器",
                "name": "上门维修",
                "node_type": "solution",
                "recommended_action": "预约工程师。",
            }
        )
        cls.tree.action_validate()
        cls.theirs = cls._request(
            name="天府的网络故障", partner_id=cls.other_customer.id
        )

    def test_agent_journey(self):
        # a customer request arrives unassigned in the team
        request = self._request(
            name="激光打印机卡纸", category_id=self.category.id, user_id=False
        )
        request.user_id = False
        Request = self.env["tz.service.request"].with_user(self.agent)
        request = Request.browse(request.id)
        # the agent takes it
        unassigned = Request.search(
            [("user_id", "=", False), ("is_closed", "=", False)]
        )
        self.assertIn(request, unassigned)
        request.write({"user_id": self.agent.id})
        self.assertEqual(request.user_id, self.agent)
        # searches the knowledge base in Chinese
        found = self.env["tz.kb.article"].with_user(self.agent).search_articles("卡纸")
        self.assertIn(self.guide, found)
        self.assertIn(self.internal_guide, found, "agents see internal articles")
        ranked = found.filtered(lambda a: a in (self.guide | self.internal_guide))
        self.assertEqual(ranked[0], self.guide, "title match ranks first")
        # walks the decision tree proposed for the category
        action = request.action_walk_tree()
        Walk = self.env["tz.diagnosis.walk"].with_user(self.agent)
        with Form(Walk.with_context(**action["context"])) as walk_form:
            self.assertEqual(walk_form.tree_id, self.tree)
            walk_form.answer_node_id = self.solution
        walk = walk_form.record
        walk.action_next()
        walk.action_apply()
        self.assertEqual(request.solution_article_id, self.guide)
        self.assertEqual(
            request.diagnosis_ids.sorted("step").mapped("answer"),
            ["纸盒附近", "更换搓纸轮"],
        )
        # closes it; the SLA clock stops
        request.action_close()
        self.assertTrue(request.is_closed)
        self.assertTrue(request.close_date)
        self.assertIn(request.sla_status, ("reached", "failed"))
        # turns the solution into a draft article and submits it for review
        article_action = request.action_create_article()
        article = self.env["tz.kb.article"].with_user(self.agent)
        article = article.browse(article_action["res_id"])
        self.assertEqual((article.state, article.author_id), ("draft", self.agent))
        self._submit(article, self.kb_reviewer, user=self.agent)
        self.assertEqual(article.state, "review")

        # what the agent may not do
        with self.assertRaises(AccessError):
            article.action_publish()
        with self.assertRaises(UserError):
            article.write({"state": "published"})
        with self.assertRaises(UserError):
            request.write({"close_date": False})
        with self.assertRaises(AccessError):
            request.unlink()
        with self.assertRaises(AccessError):
            self.env["tz.service.sla"].with_user(self.agent).create(
                {"name": "自定SLA", "priority": "1", "resolve_hours": 1000}
            )
        with self.assertRaises(UserError):
            self.tree.with_user(self.agent).write({"state": "draft"})
        with self.assertRaises(UserError):
            self.env["tz.service.request"].with_user(
                self.agent
            ).action_rebuild_search_index()

    def test_reviewer_journey(self):
        draft = (
            self.env["tz.kb.article"]
            .with_user(self.agent)
            .create({"name": "扫描仪无法连接", "body": "<p>重新安装驱动。</p>"})
        )
        self._submit(draft, self.kb_reviewer, user=self.agent)
        Article = self.env["tz.kb.article"].with_user(self.kb_reviewer)
        to_review = Article.search(
            [("state", "=", "review"), ("reviewer_id", "=", self.kb_reviewer.id)]
        )
        self.assertEqual(to_review, draft)
        self.assertTrue(
            draft.activity_ids.filtered(lambda a: a.user_id == self.kb_reviewer)
        )
        to_review.action_publish()
        self.assertEqual(draft.state, "published")
        # a reviewer retires an outdated article
        self.guide.with_user(self.kb_reviewer).action_obsolete()
        self.assertEqual(self.guide.state, "obsolete")
        # but does not publish his own drafts, nor restore versions
        own = Article.create({"name": "自己的文章", "body": "<p>内容</p>"})
        with self.assertRaises(AccessError):
            own.action_publish()
        with self.assertRaises(UserError):
            own._submit_review(self.kb_reviewer)
        with self.assertRaises(AccessError):
            own.version_ids.action_restore()

    def test_manager_journey(self):
        Sla = self.env["tz.service.sla"].with_user(self.service_manager)
        sla = Sla.create(
            {"name": "紧急 2h", "priority": "3", "resolve_hours": 2, "sequence": 1}
        )
        request = self.env["tz.service.request"].with_user(self.service_manager)
        request = request.create(
            {"name": "服务器宕机", "partner_id": self.contact.id, "priority": "3"}
        )
        self.assertEqual(request.sla_id, sla)
        # publishes directly, restores a version
        draft = (
            self.env["tz.kb.article"]
            .with_user(self.service_manager)
            .create({"name": "服务器重启流程", "body": "<p>第一版</p>"})
        )
        draft.write({"body": "<p>第二版</p>"})
        draft.action_publish()
        self.assertEqual(draft.state, "published")
        draft.version_ids.sorted("number")[0].action_restore()
        self.assertIn("第一版", draft.body)
        # corrects the evidence of a closed request
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create(
                {
                    "name": "错误的附件.txt",
                    "raw": b"x",
                    "res_model": request._name,
                    "res_id": request.id,
                }
            )
        )
        request.action_close()
        with self.assertRaises(UserError):
            attachment.with_user(self.agent).unlink()
        attachment.with_user(self.service_manager).unlink()
        self.assertFalse(attachment.exists())
        request.unlink()
        self.assertFalse(request.exists())
        # even a manager does not type computed SLA figures
        other = self._request()
        with self.assertRaises(UserError):
            other.with_user(self.service_manager).write({"sla_status": "reached"})

    def test_portal_customer_journey(self):
        mine = self._request(name="我的打印机卡纸")
        Request = self.env["tz.service.request"].with_user(self.customer_user)
        # sees only the own company's requests, in lists and in counts
        self.assertEqual(Request.search([]), mine)
        groups = Request.read_group([], ["partner_id"], ["partner_id"])
        self.assertEqual(sum(g["partner_id_count"] for g in groups), 1)
        self.assertEqual(Request.search_count([("name", "=", "天府的网络故障")]), 0)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.customer_user).read(["name"])
        # comments the own request
        mine.with_user(self.customer_user).message_post(
            body="请明天上午上门",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # reads and rates published portal articles only
        draft = self._article(name="门户草稿", visibility="portal", state="draft")
        mine_articles = [("id", "in", (self.guide | self.internal_guide | draft).ids)]
        Article = self.env["tz.kb.article"].with_user(self.customer_user)
        self.assertEqual(Article.search(mine_articles), self.guide)
        found = Article.search_articles("卡纸")
        self.assertIn(self.guide, found)
        self.assertNotIn(self.internal_guide, found)
        self.assertFalse(found.filtered(lambda a: a.visibility != "portal"))
        counts = Article.read_group(mine_articles, ["state"], ["state"])
        self.assertEqual(
            [(g["state"], g["state_count"]) for g in counts], [("published", 1)]
        )
        self.guide.with_user(self.customer_user).action_vote_helpful()
        self.assertEqual(self.guide.helpful_count, 1)
        # what the customer may not do
        with self.assertRaises(AccessError):
            self.internal_guide.with_user(self.customer_user).read(["body"])
        with self.assertRaises(AccessError):
            mine.with_user(self.customer_user).write({"priority": "3"})
        with self.assertRaises(AccessError):
            Request.create({"name": "直接创建", "partner_id": self.contact.id})
        with self.assertRaises(UserError):
            self.guide.with_user(self.customer_user).write({"helpful_count": 99})
        Line = self.env["tz.service.request.diagnosis"].with_user(self.customer_user)
        self.assertFalse(Line.search([("request_id", "=", self.theirs.id)]))
        Version = self.env["tz.kb.article.version"].with_user(self.customer_user)
        with self.assertRaises(AccessError):
            Version.search([])

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestServicePortal(HttpCase, TzServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._request(name="我的打印机卡纸")
        cls.theirs = cls._request(
            name="天府的网络故障", partner_id=cls.other_customer.id
        )
        cls.portal_article = cls._article(
            name="门户可见：卡纸处理",
            body="<p>取出卡纸后重新放纸。</p>",
            visibility="portal",
        )
        cls.internal_article = cls._article(
            name="内部：定影器维修", body="<p>内部维修手册</p>", visibility="internal"
        )

    def test_portal_list_and_detail(self):
        self.authenticate("tz_service_portal", "tz_service_portal")
        response = self.url_open("/my/service")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.mine.number, response.text)
        self.assertNotIn(self.theirs.number, response.text)
        response = self.url_open(f"/my/service/{self.mine.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("我的打印机卡纸", response.text)
        # another customer's request: access refused, redirected to /my
        response = self.url_open(f"/my/service/{self.theirs.id}")
        self.assertNotIn("天府的网络故障", response.text)
        self.assertTrue(response.url.endswith("/my"))
        response = self.url_open("/my")
        self.assertIn("/my/service", response.text)

    def test_portal_comment_own_request_only(self):
        self.mine.with_user(self.portal_user).message_post(
            body="请周三上午上门",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn("请周三上午上门", self.mine.message_ids[0].body)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.portal_user).message_post(
                body="偷看", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def test_portal_create_request(self):
        self.authenticate("tz_service_portal", "tz_service_portal")
        Request = self.env["tz.service.request"]
        count = Request.search_count([])
        response = self.url_open(
            "/my/service/new",
            data={
                "name": "  ",
                "description": "x",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Request.search_count([]), count, "nothing written")
        response = self.url_open(
            "/my/service/new",
            data={
                "name": "复印机无法扫描",
                "description": "扫描到邮箱失败",
                "product_id": str(self.product.id),
                "serial_number": "SN-001",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        created = Request.search([("name", "=", "复印机无法扫描")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.partner_id, self.contact)
        self.assertEqual(created.product_id, self.product)
        self.assertIn("扫描到邮箱失败", created.description)
        self.assertIn(f"/my/service/{created.id}", response.url)

    def test_portal_knowledge_base(self):
        self.authenticate("tz_service_portal", "tz_service_portal")
        response = self.url_open("/my/kb?search=卡纸")
        self.assertEqual(response.status_code, 200)
        self.assertIn("门户可见：卡纸处理", response.text)
        self.assertIn("<mark>卡纸</mark>", response.text)
        self.assertNotIn("内部：定影器维修", response.text)
        response = self.url_open(f"/my/kb/{self.portal_article.id}")
        self.assertIn("取出卡纸后重新放纸", response.text)
        self.assertEqual(self.portal_article.view_count, 1)
        response = self.url_open(f"/my/kb/{self.internal_article.id}")
        self.assertNotIn("内部维修手册", response.text)
        self.url_open(
            f"/my/kb/{self.portal_article.id}/vote",
            data={"helpful": "1", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(self.portal_article.helpful_count, 1)


@tagged("post_install", "-at_install")
class TestServiceTour(HttpCase, TzServiceCommon):
    def test_agent_tour_suggestion_diagnosis_close(self):
        article = self._article(
            name="巡检专用卡纸指南", body="<p>旅游巴士上的激光打印机卡纸处理。</p>"
        )
        Node = self.env["tz.diagnosis.node"]
        tree = self.env["tz.diagnosis.tree"].create(
            {"name": "巡检卡纸诊断", "category_id": self.category.id}
        )
        root = Node.create(
            {"tree_id": tree.id, "name": "巡检纸卡在哪里", "node_type": "question"}
        )
        roller = Node.create(
            {
                "tree_id": tree.id,
                "parent_id": root.id,
                "answer": "巡检纸盒附近",
                "name": "巡检搓纸轮状态",
                "node_type": "question",
            }
        )
        Node.create(
            {
                "tree_id": tree.id,
                "parent_id": root.id,
                "answer": "巡检定影器",
                "name": "巡检更换定影",
                "node_type": "solution",
                "recommended_action": "预约上门",
            }
        )
        Node.create(
            {
                "tree_id": tree.id,
                "parent_id": roller.id,
                "answer": "巡检已磨损",
                "name": "巡检更换搓纸轮",
                "node_type": "solution",
                "article_id": article.id,
            }
        )
        Node.create(
            {
                "tree_id": tree.id,
                "parent_id": roller.id,
                "answer": "巡检正常",
                "name": "巡检清洁通道",
                "node_type": "solution",
                "recommended_action": "清洁",
            }
        )
        tree.action_validate()
        request = self._request(name="巡检请求", category_id=self.category.id)
        self.start_tour(
            f"/odoo/action-tz_service.action_tz_service_request/{request.id}",
            "tz_service_request_tour",
            login="tz_service_agent",
        )
        self.assertTrue(request.is_closed)
        self.assertEqual(request.solution_article_id, article)
        self.assertEqual(
            request.diagnosis_ids.sorted("step").mapped("answer"),
            ["巡检纸盒附近", "巡检已磨损", "巡检更换搓纸轮"],
        )


@tagged("post_install", "-at_install")
class TestServiceBackendTours(HttpCase, TzServiceCommon):
    def test_search_tour(self):
        self._article(name="巡检卡纸手册", body="<p>巡检时发现卡纸的处理。</p>")
        self.start_tour(
            "/odoo/action-tz_service.action_tz_service_search",
            "tz_service_search_tour",
            login="tz_service_agent",
        )

    def test_article_version_tour(self):
        article = self._article(name="巡检卡纸处理", body="<p>旧内容</p>")
        self.start_tour(
            f"/odoo/action-tz_service.action_tz_kb_article/{article.id}",
            "tz_service_article_tour",
            login="tz_service_agent",
        )
        self.assertEqual(article.name, "巡检卡纸处理（新版）")
        self.assertEqual(article.version, 2)

    def test_tree_form_tour(self):
        Node = self.env["tz.diagnosis.node"]
        tree = self.env["tz.diagnosis.tree"].create({"name": "巡检树"})
        root = Node.create(
            {"tree_id": tree.id, "name": "巡检问题", "node_type": "question"}
        )
        Node.create(
            {
                "tree_id": tree.id,
                "parent_id": root.id,
                "answer": "巡检纸盒附近",
                "name": "巡检结论",
                "node_type": "solution",
                "recommended_action": "清洁",
            }
        )
        tree.action_validate()
        self.start_tour(
            f"/odoo/action-tz_service.action_tz_diagnosis_tree/{tree.id}",
            "tz_service_tree_tour",
            login="tz_service_manager",
        )

from odoo.tests import Form, tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestChineseSearch(TzServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tag = cls.env["tz.service.tag"]
        cls.tag_jam = Tag.create({"name": "卡纸问题"})
        cls.a_title = cls._article(
            name="激光打印机卡纸的处理", body="<p>打开前盖，按箭头方向取出纸张。</p>"
        )
        cls.a_tag = cls._article(
            name="进纸故障排查",
            body="<p>检查搓纸轮。</p>",
            tag_ids=[(6, 0, cls.tag_jam.ids)],
        )
        cls.a_body = cls._article(
            name="纸张规格说明", body="<p>潮湿的纸张容易卷曲导致卡纸。</p>"
        )
        cls.a_model = cls._article(
            name="复印机报错 E-02",
            body="<p>DC-2020 显示 E-02 表示抬升马达故障。Replace the lift motor.</p>",
            product_ids=[(6, 0, cls.product.product_tmpl_id.ids)],
        )
        cls.a_draft = cls._article(
            name="打印机卡纸草稿", body="<p>卡纸草稿内容</p>", state="draft"
        )
        cls.a_cross = cls._article(name="拍打印章的方法", body="<p>印章使用说明</p>")

        cls.mine = (
            cls.a_title
            | cls.a_tag
            | cls.a_body
            | cls.a_model
            | cls.a_draft
            | cls.a_cross
        )

    def _ids(self, query, model="tz.kb.article"):
        # restricted to the articles of the test (demo data may match too)
        domain = [("id", "in", self.mine.ids)]
        return [
            rid for _score, rid in self.env[model]._fts_search(query, domain=domain)
        ]

    def test_two_character_chinese_terms(self):
        ids = self._ids("卡纸")
        for article in (self.a_title, self.a_tag, self.a_body, self.a_draft):
            self.assertIn(article.id, ids)
        self.assertNotIn(self.a_model.id, ids)
        # a bigram across a jieba word boundary is still found (recall of ilike)
        self.assertIn(self.a_cross.id, self._ids("打印"))

    def test_one_character_chinese_term(self):
        ids = self._ids("潮")
        self.assertEqual(ids, [self.a_body.id])

    def test_english_and_model_numbers(self):
        self.assertEqual(self._ids("E-02"), [self.a_model.id])
        self.assertEqual(self._ids("e02"), [self.a_model.id])
        self.assertEqual(self._ids("dc-2020"), [self.a_model.id])
        self.assertEqual(self._ids("MOTOR"), [self.a_model.id])
        # prefix of a model number, and the product reference in keywords
        self.assertEqual(self._ids("TP-9"), [self.a_model.id])
        self.assertEqual(self._ids("mot"), [self.a_model.id])
        self.assertEqual(self._ids("不存在的词"), [])
        self.assertEqual(self._ids(""), [])
        self.assertEqual(self._ids("，。"), [])

    def test_mixed_query_requires_all_terms(self):
        self.assertEqual(self._ids("E-02 马达"), [self.a_model.id])
        self.assertEqual(self._ids("E-02 卡纸"), [])
        # a 3+ character word matches even when the document was cut differently
        self.assertIn(self.a_title.id, self._ids("打印机卡纸"))

    def test_ranking_title_tags_body_published(self):
        ids = self._ids("卡纸")
        position = {rid: index for index, rid in enumerate(ids)}
        self.assertLess(position[self.a_title.id], position[self.a_tag.id])
        self.assertLess(position[self.a_tag.id], position[self.a_body.id])
        # the draft has the term in its title and body but comes after published ones
        self.assertLess(position[self.a_body.id], position[self.a_draft.id])

    def test_snippets_highlight(self):
        wizard = self.env["tz.service.search"].create({"query": "卡纸"})
        self.assertGreaterEqual(wizard.result_count, 4)
        self.assertIn("<mark>卡纸</mark>", wizard.result_html)
        self.assertIn(f"action_tz_kb_article/{self.a_title.id}", wizard.result_html)
        wizard.query = "<script>"
        self.assertNotIn("<script>", wizard.result_html or "")
        published = self.env["tz.service.search"].create(
            {"query": "卡纸", "published_only": True}
        )
        self.assertNotIn(
            f"action_tz_kb_article/{self.a_draft.id}'", published.result_html
        )

    def test_solved_requests_are_searched(self):
        solved = self._request(
            name="复印机 E-02 故障",
            solution="<p>更换抬升马达</p>",
            stage_id=self.stage_solved.id,
        )
        open_request = self._request(name="E-02 还没解决")
        results = self.env["tz.service.search"].search_all("E-02")
        records = [record for _score, record in results]
        self.assertIn(solved, records)
        self.assertNotIn(open_request, records)
        self.assertIn(self.a_model, records)

    def test_index_kept_in_sync(self):
        self.assertNotIn(self.a_body.id, self._ids("路由器"))
        self.a_body.body = "<p>路由器放在高处。</p>"
        self.assertIn(self.a_body.id, self._ids("路由器"))
        self.assertNotIn(self.a_body.id, self._ids("卷曲"))
        # tags and products are indexed too, and follow renames
        self.tag_jam.name = "进纸异常"
        self.assertNotIn(self.a_tag.id, self._ids("卡纸"))
        self.assertIn(self.a_tag.id, self._ids("异常"))
        self.product.name = "新型号 NX-77"
        self.assertIn(self.a_model.id, self._ids("NX-77"))

    def test_rebuild_index(self):
        self.env.cr.execute(
            "UPDATE tz_kb_article SET fts_title = NULL, fts_body = NULL,"
            " fts_keywords = NULL WHERE id = %s",
            [self.a_title.id],
        )
        self.env.invalidate_all()
        self.assertNotIn(self.a_title.id, self._ids("激光"))
        count = self.env["tz.service.request"]._cron_rebuild_search_index()
        self.assertGreaterEqual(count, 6)
        self.assertIn(self.a_title.id, self._ids("激光"))
        action = (
            self.env["tz.service.request"]
            .with_user(self.manager)
            .action_rebuild_search_index()
        )
        self.assertEqual(action["tag"], "display_notification")

    def test_search_view_field_and_rules(self):
        Article = self.env["tz.kb.article"]
        found = Article.search([("fts_query", "ilike", "卡纸")])
        self.assertIn(self.a_tag, found)
        self.assertNotIn(self.a_model, found)
        # record rules apply to the ranked search: portal users only see portal articles
        self.a_title.visibility = "portal"
        portal_ids = [
            rid
            for _s, rid in Article.with_user(self.portal_user)._fts_search(
                "卡纸", domain=[("id", "in", self.mine.ids)]
            )
        ]
        self.assertEqual(portal_ids, [self.a_title.id])

    def test_request_form_suggests_articles(self):
        with Form(self.env["tz.service.request"].with_user(self.user)) as form:
            form.name = "复印机报错"
            form.partner_id = self.contact
            self.assertIn(self.a_model, form.suggested_article_ids[:])
            form.name = "激光打印机卡纸"
            suggested = form.suggested_article_ids[:]
            self.assertIn(self.a_title, suggested)
            self.assertNotIn(
                self.a_draft, suggested, "only published articles suggested"
            )
        # best match first (all terms in the title)
        draft_request = (
            self.env["tz.service.request"]
            .with_user(self.user)
            .new({"name": "激光打印机卡纸", "description": "<p>纸张卡住了</p>"})
        )
        self.assertEqual(draft_request.suggested_article_ids._origin[0], self.a_title)
        self.assertLessEqual(len(draft_request.suggested_article_ids), 5)
        empty = self.env["tz.service.request"].new({"name": "，。"})
        self.assertFalse(empty.suggested_article_ids)

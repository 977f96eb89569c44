from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestKbArticle(TzServiceCommon):
    def _draft(self, **values):
        Article = self.env["tz.kb.article"].with_user(self.user)
        vals = {"name": "复印机卡纸处理", "body": "<p>打开前盖取出纸张。</p>"}
        vals.update(values)
        return Article.create(vals)

    def test_workflow_with_reviewer(self):
        article = self._draft()
        self.assertEqual(article.state, "draft")
        self.assertEqual(article.author_id, self.user)
        action = article.action_submit_review()
        self.assertEqual(action["res_model"], "tz.kb.article.submit")
        with self.assertRaises(UserError):
            article._submit_review(self.env["res.users"])  # no reviewer
        self._submit(article, self.reviewer)
        self.assertEqual(article.state, "review")
        self.assertEqual(article.reviewer_id, self.reviewer)
        self.assertTrue(
            article.activity_ids.filtered(lambda a: a.user_id == self.reviewer)
        )
        # the author cannot publish his own article
        with self.assertRaises(AccessError):
            article.action_publish()
        self.assertEqual(article.state, "review")
        article.with_user(self.reviewer).action_publish()
        self.assertEqual(article.state, "published")
        self.assertTrue(article.published_date)
        self.assertFalse(article.activity_ids)
        # the author can neither retire nor unpublish it
        with self.assertRaises(AccessError):
            article.action_obsolete()
        with self.assertRaises(AccessError):
            article.action_reset_draft()
        article.with_user(self.reviewer).action_obsolete()
        self.assertEqual(article.state, "obsolete")
        article.with_user(self.reviewer).action_reset_draft()
        self.assertEqual(article.state, "draft")

    def test_reviewer_must_be_a_knowledge_reviewer_not_the_author(self):
        article = self._draft()
        other_agent = self.env["res.users"].create(
            {
                "name": "客服 王芳",
                "login": "tz_service_agent_2",
                "groups_id": [
                    (6, 0, [self.env.ref("tz_service.group_tz_service_user").id])
                ],
            }
        )
        for bad in (other_agent, self.user, self.portal_user):
            with self.assertRaises(UserError):
                self._submit(article, bad)
        self.assertEqual(article.state, "draft")
        self.assertFalse(article.reviewer_id)

    def test_reject_back_to_draft(self):
        article = self._draft()
        self._submit(article, self.reviewer)
        with self.assertRaises(AccessError):
            article.action_reject()  # the author does not send back himself
        article.with_user(self.reviewer).action_reject()
        self.assertEqual(article.state, "draft")
        with self.assertRaises(UserError):
            article.with_user(self.reviewer).action_reject()
        # the author may withdraw an article in review
        self._submit(article, self.reviewer)
        article.action_reset_draft()
        self.assertEqual(article.state, "draft")

    def test_empty_article_cannot_be_published(self):
        for body in ("", "<p><br></p>", "<p>   </p>"):
            article = self._draft(body=body)
            with self.assertRaises(UserError):
                article.action_submit_review()
            with self.assertRaises(UserError):
                self._submit(article, self.reviewer)
            with self.assertRaises(UserError):
                article.with_user(self.manager).action_publish()
            self.assertEqual(article.state, "draft")
        with self.assertRaises(ValidationError):
            self._draft(name="  ")

    def test_versions_who_when_and_diff(self):
        article = self._draft()
        self.assertEqual(article.version, 1)
        self.assertEqual(len(article.version_ids), 1)
        article.with_user(self.reviewer).write(
            {"body": "<p>打开后盖取出卡住的纸张。</p>"}
        )
        self.assertEqual(article.version, 2)
        versions = article.version_ids.sorted("number")
        self.assertEqual(versions.mapped("number"), [1, 2])
        self.assertEqual(versions[0].user_id, self.user)
        self.assertEqual(versions[1].user_id, self.reviewer)
        self.assertTrue(versions[1].date)
        self.assertIn("后盖", versions[1].body)
        self.assertEqual(versions[1].previous_id, versions[0])
        self.assertIn("<del>前</del>", versions[1].diff_html)
        self.assertIn("<ins>后</ins>", versions[1].diff_html)
        self.assertGreater(versions[1].added_count, 0)
        # writing other fields does not create a version
        article.write({"visibility": "portal"})
        self.assertEqual(article.version, 2)
        # restoring version 1 creates version 3 with the old content
        versions[0].with_user(self.manager).action_restore()
        self.assertEqual(article.version, 3)
        self.assertIn("前盖", article.body)
        # agents cannot rewrite history
        with self.assertRaises(AccessError):
            versions[0].with_user(self.user).write({"body": "<p>篡改</p>"})

    def test_votes_and_views(self):
        article = self._article(name="路由器掉线")
        article.with_user(self.user).action_vote_helpful()
        article.with_user(self.reviewer).action_vote_unhelpful()
        self.assertEqual((article.helpful_count, article.unhelpful_count), (1, 1))
        # a person votes once: changing the vote does not add one
        article.with_user(self.reviewer).action_vote_helpful()
        self.assertEqual((article.helpful_count, article.unhelpful_count), (2, 0))
        self.assertEqual(article.helpful_rate, 100.0)
        self.assertEqual(article.view_count, 0)
        article.with_user(self.user).action_open_article()
        article.with_user(self.user).action_open_article()
        self.assertEqual(article.view_count, 2)
        self.assertEqual(article.version, 1, "counters do not create versions")

    def test_linked_requests(self):
        article = self._article(name="打印机驱动安装")
        request = self._request()
        article.with_context(tz_request_id=request.id).with_user(
            self.user
        ).action_link_request()
        self.assertIn(article, request.article_ids)
        self.assertEqual(article.request_count, 1)
        self.assertEqual(
            self.env["tz.service.request"].search(
                article.action_view_requests()["domain"]
            ),
            request,
        )
        with self.assertRaises(UserError):
            article.action_link_request()

    def test_published_cannot_be_deleted_by_agent(self):
        article = self._article()
        with self.assertRaises(AccessError):
            article.with_user(self.user).unlink()
        with self.assertRaises(UserError):
            # even bypassing the access rights, published articles are kept
            article.with_user(self.user).sudo().unlink()
        self.assertTrue(article.exists())
        article.with_user(self.manager).unlink()

    def test_category_tree(self):
        parent = self.env["tz.kb.category"].create({"name": "硬件"})
        child = self.env["tz.kb.category"].create(
            {"name": "打印机", "parent_id": parent.id}
        )
        self.assertEqual(child.complete_name, "硬件 / 打印机")
        self._article(category_id=child.id)
        self.assertEqual(parent.article_count, 1)
        with self.assertRaises(UserError):  # ValidationError is a UserError
            parent.parent_id = child

    def test_portal_sees_only_published_portal_articles(self):
        public = self._article(name="公开文章", visibility="portal")
        internal = self._article(name="内部文章", visibility="internal")
        draft = self._article(name="草稿文章", visibility="portal", state="draft")
        Article = self.env["tz.kb.article"].with_user(self.portal_user)
        found = Article.search([("id", "in", (public | internal | draft).ids)])
        self.assertEqual(found, public)
        with self.assertRaises(AccessError):
            internal.with_user(self.portal_user).read(["body"])
        with self.assertRaises(AccessError):
            public.with_user(self.portal_user).write({"name": "x"})

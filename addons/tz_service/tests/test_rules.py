"""Rules that hold in the model: each test tries to break one as the ordinary
agent (or manager) through the ORM — write, create, copy, import (``load``)
and x2many commands from a parent form."""

import base64
from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestKbArticleRules(TzServiceCommon):
    def _draft_as_agent(self):
        return (
            self.env["tz.kb.article"]
            .with_user(self.user)
            .create({"name": "硒鼓更换步骤", "body": "<p>先关机再更换硒鼓。</p>"})
        )

    def test_article_workflow_fields_only_through_actions(self):
        article = self._draft_as_agent()
        forced = {
            "state": "published",
            "reviewer_id": self.user.id,
            "published_date": datetime(2026, 1, 1),
            "author_id": self.reviewer.id,
            "version": 99,
            "view_count": 1000,
            "helpful_count": 500,
            "unhelpful_count": 7,
            "fts_title": "伪造 关键词",
        }
        for fname, value in forced.items():
            with self.assertRaises(UserError, msg=fname):
                article.write({fname: value, "name": "改标题"})
        self.assertEqual(article.state, "draft")
        self.assertEqual(article.name, "硒鼓更换步骤", "nothing written")
        self.assertFalse(article.reviewer_id)
        self.assertEqual(article.author_id, self.user)
        self.assertEqual((article.version, article.helpful_count), (1, 0))
        # the same through create
        Article = self.env["tz.kb.article"].with_user(self.user)
        for vals in (
            {"state": "published"},
            {"reviewer_id": self.user.id},
            {"author_id": self.reviewer.id},
        ):
            with self.assertRaises(UserError):
                Article.create(dict(vals, name="伪造", body="<p>伪造</p>"))
        self.assertFalse(Article.search([("name", "=", "伪造")]))

    def test_article_import_and_parent_form_cannot_publish(self):
        Article = self.env["tz.kb.article"].with_user(self.user)
        result = Article.load(
            ["name", "body", "state"], [["导入的文章", "<p>导入</p>", "published"]]
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertFalse(Article.search([("name", "=", "导入的文章")]))
        # from the request form, an x2many command on the linked articles
        article = self._draft_as_agent()
        request = self._request()
        with self.assertRaises(UserError):
            request.with_user(self.user).write(
                {"article_ids": [Command.update(article.id, {"state": "published"})]}
            )
        self.assertEqual(article.state, "draft")

    def test_article_copy_starts_a_new_draft(self):
        published = self._article(name="网络诊断指南")
        published.write({"view_count": 0})
        published.with_user(self.reviewer).action_vote_helpful()
        copy = published.with_user(self.user).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.reviewer_id)
        self.assertFalse(copy.published_date)
        self.assertEqual(copy.author_id, self.user)
        self.assertEqual((copy.helpful_count, copy.version), (0, 1))

    def test_only_assigned_reviewer_or_manager_publishes(self):
        other_reviewer = self.env["res.users"].create(
            {
                "name": "审核 周敏",
                "login": "tz_service_reviewer_2",
                "groups_id": [
                    (6, 0, [self.env.ref("tz_service.group_tz_kb_reviewer").id])
                ],
            }
        )
        article = self._draft_as_agent()
        # a reviewer cannot publish a draft nobody reviewed
        with self.assertRaises(AccessError):
            article.with_user(self.reviewer).action_publish()
        self._submit(article, self.reviewer)
        for user in (self.user, other_reviewer):
            with self.assertRaises(AccessError):
                article.with_user(user).action_publish()
            with self.assertRaises(AccessError):
                article.with_user(user).action_reject()
        self.assertEqual(article.state, "review")
        # a reviewer who lost the group cannot publish any more
        self.reviewer.write(
            {
                "groups_id": [
                    Command.unlink(self.env.ref("tz_service.group_tz_kb_reviewer").id)
                ]
            }
        )
        with self.assertRaises(AccessError):
            article.with_user(self.reviewer).action_publish()
        article.with_user(self.manager).action_publish()
        self.assertEqual(article.state, "published")
        # managers publish a draft directly
        draft = self._draft_as_agent()
        draft.with_user(self.manager).action_publish()
        self.assertEqual(draft.state, "published")

    def test_only_reviewers_archive_published_articles(self):
        published = self._article(name="已发布的指南")
        with self.assertRaises(AccessError):
            published.with_user(self.user).action_archive()
        with self.assertRaises(AccessError):
            published.with_user(self.user).write({"active": False, "name": "改"})
        self.assertTrue(published.active)
        self.assertEqual(published.name, "已发布的指南")
        published.with_user(self.reviewer).action_archive()
        self.assertFalse(published.active)
        # an agent archives his own draft
        draft = self._draft_as_agent()
        draft.action_archive()
        self.assertFalse(draft.active)

    def test_versions_are_history(self):
        article = self._draft_as_agent()
        article.write({"body": "<p>第二版</p>"})
        version = article.version_ids.sorted("number")[0]
        for user in (self.user, self.manager):
            Version = self.env["tz.kb.article.version"].with_user(user)
            with self.assertRaises(AccessError):
                version.with_user(user).write({"body": "<p>篡改</p>"})
            with self.assertRaises(AccessError):
                version.with_user(user).unlink()
            with self.assertRaises(AccessError):
                Version.create({"article_id": article.id, "number": 50})
            with self.assertRaises(AccessError):
                version.with_user(user).copy({"number": 60})
            # from the article form
            for command in (
                Command.update(version.id, {"body": "<p>篡改</p>"}),
                Command.delete(version.id),
                Command.create({"number": 70, "body": "<p>假版本</p>"}),
            ):
                with self.assertRaises(UserError):
                    article.with_user(user).write({"version_ids": [command]})
        self.assertIn("先关机", version.body)
        self.assertEqual(article.version_ids.mapped("number"), [2, 1])
        # the model refuses it too, whatever the access rights say
        with self.assertRaises(UserError):
            version.with_user(self.manager)._unlink_except_history()
        # restoring is for managers only
        with self.assertRaises(AccessError):
            version.with_user(self.user).action_restore()
        version.with_user(self.manager).action_restore()
        self.assertIn("先关机", article.body)

    def test_votes_one_per_user_not_forgeable(self):
        article = self._article(name="打印机脱机")
        Vote = self.env["tz.kb.article.vote"]
        for user in (self.user, self.manager):
            with self.assertRaises(AccessError):
                Vote.with_user(user).create(
                    {
                        "article_id": article.id,
                        "partner_id": self.contact.id,
                        "helpful": True,
                    }
                )
            with self.assertRaises(UserError):
                article.with_user(user).write(
                    {
                        "vote_ids": [
                            Command.create(
                                {"partner_id": self.contact.id, "helpful": True}
                            )
                        ]
                    }
                )
        article.with_user(self.user).action_vote_helpful()
        article.with_user(self.user).action_vote_helpful()
        vote = Vote.search([("article_id", "=", article.id)])
        self.assertEqual(vote.partner_id, self.user.partner_id, "one vote, own name")
        with self.assertRaises(AccessError):
            vote.with_user(self.manager).write({"helpful": False})
        with self.assertRaises(AccessError):
            vote.with_user(self.user).unlink()
        with self.assertRaises(UserError):
            article.with_user(self.user).write({"helpful_count": 100})
        self.assertEqual(article.helpful_count, 1)
        # only published articles are rated
        draft = self._draft_as_agent()
        with self.assertRaises(UserError):
            draft.with_user(self.user).action_vote_helpful()
        # a portal customer cannot rate an internal article
        internal = self._article(name="内部文章", visibility="internal")
        with self.assertRaises(AccessError):
            internal.with_user(self.portal_user).action_vote_helpful()
        self.assertFalse(Vote.search([("article_id", "=", internal.id)]))


@tagged("post_install", "-at_install")
class TestServiceRequestRules(TzServiceCommon):
    def test_request_stage_and_sla_fields_not_writable(self):
        request = self._request(priority="3")
        request.action_close()
        closed_on = request.close_date
        deadline = request.deadline
        number = request.number
        as_agent = request.with_user(self.user)
        forced = {
            "number": "SR-FAKE",
            "close_date": datetime(2099, 1, 1),
            "deadline": datetime(2099, 1, 1),
            "is_overdue": True,
            "sla_status": "failed",
            "sla_compliance": 0.0,
            "sla_id": self.sla_normal.id,
            "resolution_hours": 0.5,
            "is_closed": False,
            "commercial_partner_id": self.other_customer.id,
            "fts_keywords": "伪造",
        }
        for fname, value in forced.items():
            with self.assertRaises(UserError, msg=fname):
                as_agent.write({fname: value})
        self.assertEqual(
            (request.close_date, request.deadline, request.number),
            (closed_on, deadline, number),
        )
        self.assertEqual(request.commercial_partner_id, self.customer)
        self.assertTrue(self.stage_solved.is_closed)
        # create, import
        Request = self.env["tz.service.request"].with_user(self.user)
        for fname in ("number", "deadline", "close_date", "sla_status"):
            with self.assertRaises(UserError, msg=fname):
                Request.create({"name": "伪造请求", fname: forced[fname]})
        result = Request.load(["name", "number"], [["导入请求", "SR-IMPORTED"]])
        self.assertFalse(result["ids"])
        self.assertFalse(Request.search([("number", "=", "SR-IMPORTED")]))
        # from the team form (x2many command)
        with self.assertRaises(UserError):
            self.team.with_user(self.manager).write(
                {
                    "request_ids": [
                        Command.update(request.id, {"deadline": datetime(2099, 1, 1)})
                    ]
                }
            )
        self.assertEqual(request.deadline, deadline)

    def test_request_copy_gets_its_own_number_and_clock(self):
        request = self._request(priority="3")
        request.action_close()
        copy = request.with_user(self.user).copy()
        self.assertNotEqual(copy.number, request.number)
        self.assertTrue(copy.number.startswith("SR"))
        self.assertFalse(copy.is_closed)
        self.assertFalse(copy.close_date)
        self.assertEqual(copy.sla_id, self.sla_urgent)

    def test_request_date_moved_only_by_manager(self):
        request = self._request(priority="3")
        received = request.request_date
        with self.assertRaises(UserError):
            request.with_user(self.user).write({"request_date": datetime(2099, 1, 1)})
        self.assertEqual(request.request_date, received)
        # writing the same value (a form saving it) passes
        request.with_user(self.user).write({"request_date": received})
        request.with_user(self.manager).write({"request_date": datetime(2026, 3, 2)})
        self.assertEqual(request.deadline, datetime(2026, 3, 2, 4, 0))

    def test_close_date_follows_the_stage(self):
        request = self._request(stage_id=self.stage_solved.id)
        self.assertTrue(request.close_date, "created closed")
        request.with_user(self.user).write({"stage_id": self.stage_progress.id})
        self.assertFalse(request.close_date)
        request.with_user(self.user).write({"stage_id": self.stage_solved.id})
        self.assertTrue(request.close_date)


@tagged("post_install", "-at_install")
class TestDiagnosisPathRules(TzServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Node = cls.env["tz.diagnosis.node"]
        cls.tree = cls.env["tz.diagnosis.tree"].create({"name": "网络诊断"})
        cls.root = Node.create(
            {"tree_id": cls.tree.id, "name": "指示灯是否亮？", "node_type": "question"}
        )
        cls.restart = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": cls.root.id,
                "answer": "亮",
                "name": "重启路由器",
                "node_type": "solution",
                "recommended_action": "断电十秒后重启。",
            }
        )
        cls.power = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": cls.root.id,
                "answer": "不亮",
                "name": "检查电源",
                "node_type": "solution",
                "recommended_action": "检查电源适配器。",
            }
        )
        cls.tree.action_validate()

    def _walked_request(self):
        request = self._request(name="网络掉线")
        walk = (
            self.env["tz.diagnosis.walk"]
            .with_user(self.user)
            .create(
                {
                    "request_id": request.id,
                    "tree_id": self.tree.id,
                    "current_node_id": self.root.id,
                }
            )
        )
        walk.answer_node_id = self.restart
        walk.action_next()
        walk.action_apply()
        return request

    def test_path_cannot_be_rewritten(self):
        request = self._walked_request()
        line = request.diagnosis_ids.filtered(lambda d: d.step == 1)
        self.assertEqual((line.question, line.answer), ("指示灯是否亮？", "亮"))
        Line = self.env["tz.service.request.diagnosis"].with_user(self.user)
        with self.assertRaises(UserError):
            Line.create(
                {
                    "request_id": request.id,
                    "step": 9,
                    "tree_id": self.tree.id,
                    "question": "伪造",
                    "answer": "伪造",
                }
            )
        with self.assertRaises(UserError):
            line.with_user(self.user).write({"answer": "不亮"})
        with self.assertRaises(UserError):
            line.with_user(self.manager).write({"answer": "不亮"})
        with self.assertRaises(AccessError):
            line.with_user(self.manager).write({"answer": "亮"})  # same value
        with self.assertRaises(AccessError):
            line.with_user(self.user).unlink()
        with self.assertRaises(UserError):
            line.with_user(self.user).copy()
        # from the request form
        as_agent = request.with_user(self.user)
        for command in (
            Command.create({"step": 5, "tree_id": self.tree.id, "answer": "伪造"}),
            Command.update(line.id, {"answer": "伪造"}),
            Command.delete(line.id),
            Command.clear(),
        ):
            with self.assertRaises(UserError):
                as_agent.write({"diagnosis_ids": [command]})
        result = Line.load(
            ["request_id/.id", "step", "tree_id/.id", "answer"],
            [[str(request.id), "3", str(self.tree.id), "伪造"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(len(request.diagnosis_ids), 2)
        self.assertEqual(line.answer, "亮")
        # a copy of the request does not carry the path
        self.assertFalse(as_agent.copy().diagnosis_ids)

    def test_tree_validated_only_by_its_action(self):
        broken = self.env["tz.diagnosis.tree"].create({"name": "未完成的树"})
        self.env["tz.diagnosis.node"].create(
            {"tree_id": broken.id, "name": "没有答案的问题", "node_type": "question"}
        )
        Tree = self.env["tz.diagnosis.tree"].with_user(self.manager)
        with self.assertRaises(UserError):
            broken.with_user(self.manager).write({"state": "active"})
        with self.assertRaises(UserError):
            Tree.create({"name": "直接启用", "state": "active"})
        result = Tree.load(["name", "state"], [["导入的树", "active"]])
        self.assertFalse(result["ids"])
        self.assertEqual(broken.state, "draft")
        with self.assertRaises(AccessError):
            self.tree.with_user(self.user).action_reset_draft()
        with self.assertRaises(UserError):
            self.tree.with_user(self.user).write({"state": "draft"})
        self.assertEqual(self.tree.state, "active")

    def test_walk_cannot_forge_its_path(self):
        request = self._request(name="网络掉线")
        Walk = self.env["tz.diagnosis.walk"].with_user(self.user)
        # a wizard jumping straight to a solution with a made-up step
        walk = Walk.create(
            {
                "request_id": request.id,
                "tree_id": self.tree.id,
                "current_node_id": self.power.id,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "node_id": self.restart.id,
                            "question": "伪造的问题",
                            "answer": "伪造的回答",
                        }
                    )
                ],
            }
        )
        with self.assertRaises(UserError):
            walk.action_apply()
        self.assertFalse(request.diagnosis_ids)
        # a right path with made-up texts is saved with the tree's own words
        walk = Walk.create(
            {
                "request_id": request.id,
                "tree_id": self.tree.id,
                "current_node_id": self.power.id,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "node_id": self.root.id,
                            "question": "伪造的问题",
                            "answer": "伪造的回答",
                        }
                    )
                ],
            }
        )
        walk.action_apply()
        self.assertEqual(
            request.diagnosis_ids.sorted("step").mapped("answer"), ["不亮", "检查电源"]
        )
        self.assertNotIn("伪造的问题", request.diagnosis_ids.mapped("question"))


@tagged("post_install", "-at_install")
class TestEvidenceRules(TzServiceCommon):
    def _attach(self, record, user):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "现场照片.txt",
                    "raw": b"photo",
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        )

    def _check_locked(self, record, lock):
        attachment = self._attach(record, self.user)
        lock()
        with self.assertRaises(UserError):
            attachment.with_user(self.user).unlink()
        with self.assertRaises(UserError):
            attachment.with_user(self.user).write(
                {"datas": base64.b64encode(b"other photo")}
            )
        self.assertEqual(attachment.raw, b"photo")
        # adding new evidence stays allowed
        self._attach(record, self.user)
        # a service manager corrects it, and the correction is on the chatter
        attachment.with_user(self.manager).unlink()
        self.assertFalse(attachment.exists())
        self.assertIn("现场照片.txt", record.message_ids[0].body, "correction posted")

    def test_closed_request_attachments_are_evidence(self):
        request = self._request()
        draft_attachment = self._attach(request, self.user)
        draft_attachment.with_user(self.user).unlink()  # open: free
        self._check_locked(request, request.action_close)

    def test_published_article_attachments_are_evidence(self):
        article = (
            self.env["tz.kb.article"]
            .with_user(self.user)
            .create({"name": "驱动下载", "body": "<p>驱动</p>"})
        )
        self._attach(article, self.user).with_user(self.user).unlink()
        self._check_locked(
            article, lambda: article.with_user(self.manager).action_publish()
        )

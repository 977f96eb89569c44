from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestDiagnosis(TzServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article_roller = cls._article(name="更换搓纸轮")
        Tree = cls.env["tz.diagnosis.tree"]
        Node = cls.env["tz.diagnosis.node"]
        cls.tree = Tree.create({"name": "卡纸诊断", "category_id": cls.category.id})
        cls.q_where = Node.create(
            {"tree_id": cls.tree.id, "name": "纸卡在哪里？", "node_type": "question"}
        )
        cls.q_roller = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": cls.q_where.id,
                "answer": "纸盒附近",
                "name": "搓纸轮是否磨损？",
                "node_type": "question",
            }
        )
        cls.s_roller = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": cls.q_roller.id,
                "answer": "是",
                "name": "更换搓纸轮",
                "node_type": "solution",
                "article_id": cls.article_roller.id,
                "recommended_action": "更换搓纸轮组件并打印测试页。",
            }
        )
        cls.s_clean = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": cls.q_roller.id,
                "answer": "否",
                "name": "清洁进纸通道",
                "node_type": "solution",
                "recommended_action": "清理碎纸。",
            }
        )
        cls.s_fuser = Node.create(
            {
                "tree_id": cls.tree.id,
                "parent_id": cls.q_where.id,
                "answer": "定影器",
                "name": "上门更换定影组件",
                "node_type": "solution",
                "recommended_action": "预约工程师。",
            }
        )
        cls.tree.action_validate()

    def test_walk_records_path_and_links_solution(self):
        request = self._request(category_id=self.category.id)
        action = request.with_user(self.user).action_walk_tree()
        Walk = (
            self.env["tz.diagnosis.walk"]
            .with_user(self.user)
            .with_context(**action["context"])
        )
        with Form(Walk) as form:
            self.assertEqual(form.tree_id, self.tree, "tree proposed from the category")
            self.assertEqual(form.current_node_id, self.q_where)
            form.answer_node_id = self.q_roller
        walk = form.record
        walk.action_next()
        self.assertEqual(walk.current_node_id, self.q_roller)
        # an answer of another question is refused
        walk.answer_node_id = self.s_fuser
        with self.assertRaises(UserError):
            walk.action_next()
        # back, then forward again
        walk.action_back()
        self.assertEqual(walk.current_node_id, self.q_where)
        walk.answer_node_id = self.q_roller
        walk.action_next()
        with self.assertRaises(UserError):
            walk.action_apply()  # not at a solution yet
        with self.assertRaises(UserError):
            walk.action_next()  # no answer chosen
        walk.answer_node_id = self.s_roller
        walk.action_next()
        self.assertEqual(walk.current_type, "solution")
        walk.action_apply()
        path = request.diagnosis_ids.sorted("step")
        self.assertEqual(
            path.mapped("question"), ["纸卡在哪里？", "搓纸轮是否磨损？", "Conclusion"]
        )
        self.assertEqual(path.mapped("answer"), ["纸盒附近", "是", "更换搓纸轮"])
        self.assertEqual(set(path.mapped("walk")), {1})
        self.assertEqual(request.solution_article_id, self.article_roller)
        self.assertIn(self.article_roller, request.article_ids)
        self.assertIn("更换搓纸轮组件", request.solution)
        self.assertIn("卡纸诊断", request.message_ids[0].body)
        self.assertEqual(self.tree.usage_count, 1)

    def test_cycle_rejected(self):
        with self.assertRaises(ValidationError):
            self.q_where.parent_id = self.q_roller
        self.assertFalse(self.q_where.parent_id)
        with self.assertRaises(ValidationError):
            self.q_roller.parent_id = self.q_roller

    def test_answer_without_target_rejected(self):
        Node = self.env["tz.diagnosis.node"]
        count = Node.search_count([])
        with self.assertRaises(ValidationError):
            Node.create(
                {
                    "tree_id": self.tree.id,
                    "parent_id": self.q_where.id,
                    "answer": "出纸口",
                    "name": "无目标",
                    "node_type": "solution",
                }
            )
        with self.assertRaises(ValidationError):
            Node.create(
                {
                    "tree_id": self.tree.id,
                    "parent_id": self.q_where.id,
                    "name": "没有答案文字",
                    "node_type": "solution",
                    "recommended_action": "x",
                }
            )
        with self.assertRaises(ValidationError):
            Node.create(
                {
                    "tree_id": self.tree.id,
                    "parent_id": self.s_fuser.id,
                    "answer": "x",
                    "name": "在结论下面",
                    "node_type": "solution",
                    "recommended_action": "x",
                }
            )
        self.assertEqual(Node.search_count([]), count, "nothing written")

    def test_validation_of_structure(self):
        tree = self.env["tz.diagnosis.tree"].create({"name": "空树"})
        with self.assertRaises(UserError):
            tree.action_validate()  # no root
        q = self.env["tz.diagnosis.node"].create(
            {"tree_id": tree.id, "name": "电源灯亮吗？", "node_type": "question"}
        )
        with self.assertRaises(UserError):
            tree.action_validate()  # question without answers: dangling
        self.env["tz.diagnosis.node"].create(
            {"tree_id": tree.id, "name": "第二个根", "node_type": "question"}
        )
        with self.assertRaises(UserError):
            tree.action_validate()  # two roots
        self.assertEqual(tree.state, "draft")
        other_tree = self.env["tz.diagnosis.tree"].create({"name": "其他"})
        with self.assertRaises(ValidationError):
            self.env["tz.diagnosis.node"].create(
                {
                    "tree_id": other_tree.id,
                    "parent_id": q.id,
                    "answer": "是",
                    "name": "跨树",
                    "node_type": "solution",
                    "recommended_action": "x",
                }
            )

    def test_draft_tree_cannot_be_walked(self):
        self.tree.action_reset_draft()
        request = self._request()
        walk = self.env["tz.diagnosis.walk"].create(
            {"request_id": request.id, "tree_id": self.tree.id}
        )
        with self.assertRaises(UserError):
            walk.action_next()

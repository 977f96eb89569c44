import base64

from odoo_test_helper import FakeModelLoader

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestGuard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # imported after the backup, as FakeModelLoader requires
        from .fake_models import TzGuardTestDoc, TzGuardTestLine  # noqa: PLC0415

        cls.loader.update_registry((TzGuardTestDoc, TzGuardTestLine))
        cls.user = new_test_user(
            cls.env, login="tz_guard_user", groups="base.group_user"
        )
        cls.admin_user = new_test_user(
            cls.env, login="tz_guard_admin", groups="base.group_user,base.group_system"
        )
        for model in ("tz.guard.test.doc", "tz.guard.test.line"):
            cls.env["ir.model.access"].create(
                {
                    "name": model,
                    "model_id": cls.env["ir.model"]._get_id(model),
                    "perm_read": True,
                    "perm_write": True,
                    "perm_create": True,
                    "perm_unlink": True,
                }
            )
        cls.Doc = cls.env["tz.guard.test.doc"].with_user(cls.user)

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        # odoo-test-helper leaves the registry's computed-field tables of
        # the fake set-up behind (Odoo >= 15): set the models up again so
        # that the tests of other modules run on a sound registry
        cls.registry.setup_models(cls.env.cr)
        super().tearDownClass()

    def _attachment(self, doc, name="photo.jpg"):
        return (
            self.env["ir.attachment"]
            .with_user(self.user)
            .create(
                {
                    "name": name,
                    "raw": b"evidence",
                    "res_model": doc._name,
                    "res_id": doc.id,
                }
            )
        )

    def test_direct_write_of_workflow_field_refused(self):
        doc = self.Doc.create({"name": "D1"})
        with self.assertRaisesRegex(UserError, "can only be changed"):
            doc.write({"state": "done"})
        with self.assertRaises(UserError):
            doc.write({"name": "D1b", "approver_id": self.user.id})
        self.assertEqual(doc.state, "draft")
        self.assertEqual(doc.name, "D1", "nothing of a refused write is written")

    def test_create_with_forced_state_refused_default_allowed(self):
        with self.assertRaises(UserError):
            self.Doc.create({"name": "D2", "state": "done"})
        doc = self.Doc.create({"name": "D3", "state": "draft", "approver_id": False})
        self.assertEqual(doc.state, "draft")

    def test_same_value_write_passes(self):
        doc = self.Doc.create({"name": "D4"})
        doc.write({"state": "draft", "name": "D4b"})
        self.assertEqual(doc.name, "D4b")

    def test_workflow_method_writes(self):
        doc = self.Doc.create({"name": "D5"})
        doc.action_done()
        self.assertEqual(doc.state, "done")
        self.assertEqual(doc.approver_id, self.user)

    def test_context_key_cannot_be_forged(self):
        doc = self.Doc.create({"name": "D6"})
        with self.assertRaises(UserError):
            doc.with_context(tz_workflow=True).write({"state": "done"})
        with self.assertRaises(UserError):
            doc.with_context(tz_workflow="WORKFLOW").write({"state": "done"})

    def test_x2many_command_from_parent_refused(self):
        doc = self.Doc.create({"name": "D7", "line_ids": [(0, 0, {})]})
        with self.assertRaises(UserError):
            doc.write({"line_ids": [(1, doc.line_ids.id, {"qty_done": 5})]})
        with self.assertRaises(UserError):
            doc.write({"line_ids": [(0, 0, {"qty_done": 3})]})
        self.assertEqual(doc.line_ids.qty_done, 0)

    def test_import_refused(self):
        result = self.Doc.load(["name", "state"], [["D8", "done"]])
        self.assertFalse(result["ids"])
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        self.assertFalse(self.env["tz.guard.test.doc"].search([("name", "=", "D8")]))

    def test_evidence_of_locked_record_kept(self):
        doc = self.Doc.create({"name": "D9"})
        draft_att = self._attachment(doc, "draft.jpg")
        draft_att.unlink()  # not locked yet: the author may still remove it
        att = self._attachment(doc)
        m2m_att = self._attachment(doc, "m2m.jpg")
        m2m_att.write({"res_model": False, "res_id": False})
        doc.write({"attachment_ids": [(4, m2m_att.id)]})
        doc.action_done()
        with self.assertRaisesRegex(UserError, "evidence"):
            att.unlink()
        with self.assertRaises(UserError):
            att.write({"raw": b"forged"})
        with self.assertRaises(UserError):
            att.write({"res_id": 0})
        with self.assertRaises(UserError):
            m2m_att.unlink()
        self.assertEqual(base64.b64decode(att.datas), b"evidence")
        # adding evidence stays allowed, renaming is not a replacement
        self._attachment(doc, "extra.jpg")
        att.write({"description": "visit photo"})

    def test_evidence_not_detached_through_the_field(self):
        doc = self.Doc.create({"name": "D11"})
        att = self._attachment(doc, "m2m.jpg")
        att.write({"res_model": False, "res_id": False})
        other = self._attachment(doc, "other.jpg")
        doc.write({"attachment_ids": [(4, att.id), (4, other.id)]})
        doc.action_done()
        for commands in ([(3, att.id)], [(2, att.id)], [(5, 0, 0)], [(6, 0, [])]):
            with self.subTest(commands=commands), self.assertRaises(UserError):
                doc.write({"attachment_ids": commands})
        self.assertEqual(doc.attachment_ids, att | other)
        # adding more, or setting a superset, stays allowed
        new = self._attachment(doc, "new.jpg")
        doc.write({"attachment_ids": [(6, 0, (att | other | new).ids)]})
        self.assertEqual(len(doc.attachment_ids), 3)
        # a manager may, and it is posted
        messages = doc.message_ids
        doc.with_user(self.admin_user).write({"attachment_ids": [(3, new.id)]})
        self.assertIn("new.jpg", (doc.message_ids - messages).body)

    def test_no_write_right_gets_access_error(self):
        reader = new_test_user(
            self.env, login="tz_guard_reader", groups="base.group_user"
        )
        doc = self.Doc.create({"name": "D12"})
        access = self.env["ir.model.access"].search(
            [("model_id.model", "=", "tz.guard.test.doc")]
        )
        access.perm_write = False
        with self.assertRaises(AccessError):
            doc.with_user(reader).write({"state": "done"})

    def test_manager_correction_is_posted(self):
        doc = self.Doc.create({"name": "D10"})
        att = self._attachment(doc)
        doc.action_done()
        messages = doc.message_ids
        att.with_user(self.admin_user).unlink()
        self.assertFalse(att.exists())
        posted = doc.message_ids - messages
        self.assertIn("photo.jpg", posted.body)
        self.assertIn(self.admin_user.name, posted.body)

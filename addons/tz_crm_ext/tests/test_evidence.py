import base64
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TzCrmExtCommon

PHOTO = base64.b64encode(b"visit photo: signed delivery note")
FAKE = base64.b64encode(b"another picture")


@tagged("post_install", "-at_install")
class TestInteractionEvidence(TzCrmExtCommon):
    """Attachments of a locked interaction are evidence (tz.guarded.mixin)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_a.groups_id |= cls.env.ref("base.group_partner_manager")
        cls.customer = cls._customer("证据测试客户", user=cls.sales_a)
        Interaction = cls.env["tz.customer.interaction"].with_user(cls.sales_a)
        cls.visit = Interaction.create(
            {
                "name": "上门拜访(签收单)",
                "partner_id": cls.customer.id,
                "date": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        Attachment = cls.env["ir.attachment"].with_user(cls.sales_a)
        # the many2many_binary widget uploads on the record, then links it
        cls.photo = Attachment.create(
            {
                "name": "拜访照片.jpg",
                "datas": PHOTO,
                "res_model": "tz.customer.interaction",
                "res_id": cls.visit.id,
            }
        )
        cls.visit.write({"attachment_ids": [Command.link(cls.photo.id)]})
        # and a file posted in the chatter
        cls.note = Attachment.create(
            {
                "name": "签收单.pdf",
                "datas": PHOTO,
                "res_model": "tz.customer.interaction",
                "res_id": cls.visit.id,
            }
        )
        cls.visit.action_confirm()

    def _assert_evidence_intact(self):
        self.visit.invalidate_recordset()
        self.assertEqual(self.visit.sudo().attachment_ids, self.photo)
        for att in (self.photo, self.note):
            self.assertTrue(att.exists())
            att.invalidate_recordset()
            self.assertEqual(att.sudo().datas, PHOTO)
            self.assertEqual(att.sudo().res_id, self.visit.id)

    def test_salesperson_cannot_delete_or_replace_attachments(self):
        visit = self.visit.with_user(self.sales_a)
        self.assertTrue(visit.is_locked)
        for att in (self.photo, self.note):
            att = att.with_user(self.sales_a)
            with self.assertRefused():
                att.unlink()
            with self.assertRefused():
                att.write({"datas": FAKE})
            with self.assertRefused():
                att.write({"res_id": self.customer.id, "res_model": "res.partner"})
        for command in (
            Command.delete(self.photo.id),
            Command.unlink(self.photo.id),
            Command.set([]),
        ):
            with self.assertRefused():
                visit.write({"attachment_ids": [command]})
        self._assert_evidence_intact()
        # adding evidence stays allowed
        visit.message_post(body="补充照片", attachments=[("补充.jpg", b"more")])
        self.assertIn(
            "补充.jpg",
            self.env["ir.attachment"]
            .search(
                [
                    ("res_model", "=", "tz.customer.interaction"),
                    ("res_id", "=", visit.id),
                ]
            )
            .mapped("name"),
        )

    def test_salesperson_edits_attachments_of_a_draft(self):
        draft = (
            self.env["tz.customer.interaction"]
            .with_user(self.sales_a)
            .create({"name": "电话", "partner_id": self.customer.id})
        )
        att = (
            self.env["ir.attachment"]
            .with_user(self.sales_a)
            .create(
                {
                    "name": "草稿附件.txt",
                    "datas": PHOTO,
                    "res_model": draft._name,
                    "res_id": draft.id,
                }
            )
        )
        draft.write({"attachment_ids": [Command.link(att.id)]})
        att.write({"datas": FAKE})
        draft.write({"attachment_ids": [Command.delete(att.id)]})
        self.assertFalse(att.exists())

    def test_copy_shares_no_way_around_the_lock(self):
        # a copy is a new draft; deleting the shared photo through it would
        # destroy the evidence of the confirmed original
        copy = self.visit.with_user(self.sales_a).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.confirm_user_id)
        self.assertFalse(copy.is_locked)
        self.assertEqual(copy.attachment_ids, self.photo)
        with self.assertRefused():
            copy.write({"attachment_ids": [Command.delete(self.photo.id)]})
        self._assert_evidence_intact()

    def test_manager_corrects_and_it_is_logged(self):
        manager_visit = self.visit.with_user(self.manager)
        self.note.with_user(self.manager).write({"datas": FAKE})
        self.note.with_user(self.manager).unlink()
        self.assertFalse(self.note.exists())
        manager_visit.write({"attachment_ids": [Command.unlink(self.photo.id)]})
        self.assertFalse(manager_visit.attachment_ids)
        self.assertTrue(self.photo.exists())
        bodies = " ".join(self.visit.sudo().message_ids.mapped("body"))
        self.assertIn("签收单.pdf", bodies)
        self.assertIn("拜访照片.jpg", bodies)
        self.assertIn(self.manager.name, bodies)

    def test_manager_deletes_through_the_record(self):
        self.visit.with_user(self.manager).write(
            {"attachment_ids": [Command.delete(self.photo.id)]}
        )
        self.assertFalse(self.photo.exists())
        bodies = " ".join(self.visit.sudo().message_ids.mapped("body"))
        self.assertIn("拜访照片.jpg", bodies)

    def test_workflow_fields_only_through_actions(self):
        Interaction = self.env["tz.customer.interaction"].with_user(self.sales_a)
        draft = Interaction.create({"name": "微信沟通", "partner_id": self.customer.id})
        for vals in (
            {"state": "confirmed"},
            {"confirm_user_id": self.sales_a.id},
            {"confirm_date": fields.Datetime.now()},
        ):
            with self.assertRefused():
                draft.write(vals)
            with self.assertRefused():
                Interaction.create(
                    dict(vals, name="直接确认", partner_id=self.customer.id)
                )
        draft.invalidate_recordset()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.confirm_user_id)
        # the defaults and the current value pass
        draft.write({"state": "draft"})
        Interaction.create(
            {"name": "默认状态", "partner_id": self.customer.id, "state": "draft"}
        )
        # even a manager goes through the buttons
        with self.assertRefused():
            self.visit.with_user(self.manager).write({"state": "draft"})
        self.visit.with_user(self.manager).action_reset_draft()
        self.assertEqual(self.visit.state, "draft")
        self.assertFalse(self.visit.confirm_user_id)

    def test_x2many_from_parent_records(self):
        """Interactions edited through the customer or opportunity one2many."""
        partner = self.customer.with_user(self.sales_a)
        with self.assertRefused():
            partner.write(
                {
                    "tz_interaction_ids": [
                        Command.update(self.visit.id, {"outcome": "改写证据"})
                    ]
                }
            )
        draft = self.env["tz.customer.interaction"].create(
            {"name": "草稿", "partner_id": self.customer.id, "user_id": self.sales_a.id}
        )
        with self.assertRefused():
            partner.write(
                {
                    "tz_interaction_ids": [
                        Command.update(draft.id, {"state": "confirmed"})
                    ]
                }
            )
        with self.assertRefused():
            partner.write(
                {
                    "tz_interaction_ids": [
                        Command.create({"name": "伪造", "state": "confirmed"})
                    ]
                }
            )
        with self.assertRaises(AccessError):  # nobody has the unlink right
            partner.write({"tz_interaction_ids": [Command.delete(self.visit.id)]})
        self.assertTrue(self.visit.exists())
        self.assertEqual(draft.state, "draft")
        partner.write({"tz_interaction_ids": [Command.create({"name": "电话回访"})]})
        self.assertIn("电话回访", partner.tz_interaction_ids.mapped("name"))


@tagged("post_install", "-at_install")
class TestRuleTarget(TzCrmExtCommon):
    """A rule needs a target on every create/write path."""

    def test_api_create_without_target_rejected(self):
        Rule = self.env["tz.assignment.rule"].with_user(self.manager)
        with self.assertRefused():
            Rule.create({"name": "无目标规则", "sequence": 50})
        self.assertFalse(Rule.search([("name", "=", "无目标规则")]))

    def test_import_without_target_rejected(self):
        Rule = self.env["tz.assignment.rule"].with_user(self.manager)
        result = Rule.load(["name", "sequence"], [["导入无目标规则", "51"]])
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertFalse(Rule.search([("name", "=", "导入无目标规则")]))
        result = Rule.load(
            ["name", "sequence", "team_id/.id"],
            [["导入有目标规则", "52", str(self.team.id)]],
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])

    def test_write_keeps_a_target(self):
        rule = (
            self.env["tz.assignment.rule"]
            .with_user(self.manager)
            .create(
                {
                    "name": "成员规则",
                    "sequence": 53,
                    "member_ids": [Command.set(self.member_a.ids)],
                }
            )
        )
        with self.assertRefused():
            rule.write({"member_ids": [Command.clear()]})
        rule.write({"team_id": self.team.id})
        with self.assertRefused():
            rule.write({"team_id": False, "member_ids": [Command.clear()]})
        rule.invalidate_recordset()
        self.assertEqual(rule.member_ids, self.member_a)

    def test_team_of_a_rule_cannot_vanish(self):
        team = self.env["crm.team"].create({"name": "临时组"})
        self.env["tz.assignment.rule"].create(
            {"name": "临时组规则", "sequence": 54, "team_id": team.id}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                team.unlink()
                self.env.flush_all()
        self.assertTrue(team.exists())

    def test_last_target_member_cannot_vanish(self):
        rule = self.env["tz.assignment.rule"].create(
            {
                "name": "单人规则",
                "sequence": 56,
                "member_ids": [Command.set(self.member_a.ids)],
            }
        )
        with self.assertRefused():
            self.member_a.with_user(self.manager).unlink()
        self.assertTrue(self.member_a.exists())
        self.assertEqual(rule.member_ids, self.member_a)
        # with another target left, the member may go
        rule.write({"member_ids": [Command.link(self.member_b.id)]})
        self.member_a.with_user(self.manager).unlink()
        self.assertEqual(rule.member_ids, self.member_b)

    def test_run_position_written_by_runs_only(self):
        rule = self.env["tz.assignment.rule"].create(
            {"name": "轮询规则", "sequence": 55, "team_id": self.team.id}
        )
        with self.assertRefused():
            rule.with_user(self.manager).write({"rr_pointer": 7})
        copy = rule.with_user(self.manager).copy()
        self.assertEqual(copy.rr_pointer, 0)
        self.assertFalse(copy.last_run)


@tagged("post_install", "-at_install")
class TestHandoverHistory(TzCrmExtCommon):
    """Handover records are written once by the wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._customer("交接客户", user=cls.sales_a)
        wizard = (
            cls.env["tz.customer.handover.wizard"]
            .with_user(cls.manager)
            .create(
                {
                    "from_user_id": cls.sales_a.id,
                    "mode": "single",
                    "to_user_id": cls.sales_b.id,
                }
            )
        )
        action = wizard.action_handover()
        cls.handover = cls.env["tz.customer.handover"].browse(action["res_id"])

    def test_manager_cannot_rewrite_history(self):
        handover = self.handover.with_user(self.manager)
        self.assertEqual(handover.user_id, self.manager)
        for vals in (
            {"from_user_id": self.sales_c.id},
            {"to_user_ids": [Command.set(self.sales_c.ids)]},
            {"date": fields.Datetime.now() - timedelta(days=100)},
            {"partner_count": 99},
            {"note": "改写"},
            {"name": "HO/伪造"},
        ):
            with self.assertRefused():
                handover.write(vals)
        with self.assertRefused():
            handover.copy()
        with self.assertRaises(AccessError):
            handover.unlink()
        handover.invalidate_recordset()
        self.assertEqual(handover.from_user_id, self.sales_a)
        self.assertEqual(handover.to_user_ids, self.sales_b)
        self.assertEqual(handover.partner_count, 1)

    def test_only_the_wizard_creates(self):
        Handover = self.env["tz.customer.handover"]
        with self.assertRefused():
            Handover.with_user(self.manager).create(
                {"from_user_id": self.sales_c.id, "partner_count": 3}
            )
        with self.assertRefused():
            Handover.with_user(self.manager).create({"from_user_id": self.sales_c.id})
        result = Handover.with_user(self.manager).load(
            ["from_user_id/.id"], [[str(self.sales_c.id)]]
        )
        self.assertFalse(result["ids"])
        with self.assertRefused():
            Handover.with_user(self.sales_a).create({"from_user_id": self.sales_c.id})

import base64
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketEvidence(TzMarketCommon):
    """Attachments of approved plans, verified information and done projects
    and activities are evidence: ordinary users add but do not remove them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_plan = cls.env["tz.market.plan"].create(
            {
                "name": "李强的计划",
                "date_from": date(2031, 1, 1),
                "date_to": date(2031, 12, 31),
                "user_id": cls.user1.id,
            }
        )

    def _attach(self, user, record=None, name="现场照片.jpg"):
        vals = {"name": name, "raw": b"photo of the booth"}
        if record:
            vals.update(res_model=record._name, res_id=record.id)
        return self.env["ir.attachment"].with_user(user).create(vals)

    def assertEvidenceRefused(self, attachment):
        """Deleting or replacing ``attachment`` is refused (not by access
        rights: by the evidence rule) and it stays unchanged."""
        for action in (
            attachment.unlink,
            lambda: attachment.write({"datas": base64.b64encode(b"retouched")}),
        ):
            with self.assertRaises(UserError) as caught:
                action()
            self.assertNotIsInstance(caught.exception, AccessError)
        self.assertTrue(attachment.exists())
        self.assertEqual(attachment.sudo().raw, b"photo of the booth")

    def test_approved_plan_attachments_are_evidence(self):
        draft_att = self._attach(self.user1, self.own_plan, "草稿附件.pdf")
        # a draft plan's attachments are the owner's to manage
        draft_att.with_user(self.user1).unlink()
        att = self._attach(self.user1, self.own_plan, "批准的预算表.xlsx")
        self.own_plan.with_user(self.manager).action_approve()
        self.assertEvidenceRefused(att.with_user(self.user1))
        # adding new material stays allowed
        added = self._attach(self.user1, self.own_plan, "补充材料.pdf")
        self.assertEqual(added.res_id, self.own_plan.id)
        # a market manager corrects it, and the correction is on the chatter
        att.with_user(self.manager).unlink()
        self.assertFalse(att.exists())
        self.assertTrue(
            self.own_plan.message_ids.filtered(
                lambda m: "批准的预算表.xlsx" in (m.body or "")
            )
        )

    def test_verified_information_attachments_are_evidence(self):
        # uploaded by the author, linked through the attachment field
        att = self._attach(self.user1)
        info = (
            self.env["tz.market.info"]
            .with_user(self.user1)
            .create(
                {
                    "name": "恒达新厂选址",
                    "content": "<p>恒达在苏州新区拿地。</p>",
                    "attachment_ids": [(6, 0, att.ids)],
                }
            )
        )
        # uploaded on the saved form, as the attachment widget does
        widget_att = self._attach(self.user1, info, "录音.m4a")
        info.with_user(self.user1).attachment_ids = [(4, widget_att.id)]
        info.with_user(self.user1).action_submit()
        info.with_user(self.manager).action_verify("已核实")
        self.assertEvidenceRefused(att.with_user(self.user1))
        self.assertEvidenceRefused(widget_att.with_user(self.user1))
        widget_att.with_user(self.manager).unlink()
        self.assertEqual(info.attachment_ids, att)
        self.assertTrue(
            info.message_ids.filtered(lambda m: "录音.m4a" in (m.body or ""))
        )

    def test_done_activity_attachments_are_evidence(self):
        att = self._attach(self.user2, self.activity)
        self.activity.with_user(self.user1).action_done()
        self.assertEvidenceRefused(att.with_user(self.user2))
        self.assertEvidenceRefused(att.with_user(self.user1))
        project_att = self._attach(self.user1, self.project, "项目总结.docx")
        self.project.with_user(self.user1).action_start()
        project_att.with_user(self.user1).write({"name": "项目总结（改名）.docx"})
        self.project.with_user(self.user1).action_done()
        with self.assertRaises(UserError):
            project_att.with_user(self.user1).unlink()
        self.assertTrue(project_att.exists())

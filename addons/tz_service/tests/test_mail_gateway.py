from odoo.addons.mail.tests.common import MailCommon
from odoo.tests import tagged

MAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
Date: Mon, 02 Mar 2026 08:16:26 +0000
Message-ID: {msg_id}
{extra}

打印机 LJ-M1136 一直卡纸，请尽快派人处理。
"""


@tagged("post_install", "-at_install")
class TestServiceMailGateway(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["tz.service.team"].create(
            {
                "name": "邮件服务组",
                "alias_name": "tz-helpdesk",
                "alias_contact": "everyone",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "孙红", "email": "sunhong@kehu.example.cn"}
        )

    def test_email_creates_then_updates_request(self):
        self.assertEqual(self.team.alias_id.alias_model_id.model, "tz.service.request")
        to = f"tz-helpdesk@{self.alias_domain}"
        msg_id = "<tz-service-1@kehu.example.cn>"
        request = self.format_and_process(
            MAIL,
            self.customer.email_formatted,
            to,
            subject="打印机卡纸",
            msg_id=msg_id,
            target_model="tz.service.request",
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.name, "打印机卡纸")
        self.assertEqual(request.team_id, self.team)
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.partner_id, self.customer)
        self.assertIn("一直卡纸", request.description)
        self.assertTrue(request.number.startswith("SR"))
        # index is filled from the email content
        found = self.env["tz.service.request"].search([("fts_query", "ilike", "卡纸")])
        self.assertIn(request, found)

        # the customer answers after the request was closed: reopened and updated
        request.action_close()
        self.assertTrue(request.is_closed)
        messages_before = len(request.message_ids)
        self.format_and_process(
            MAIL,
            self.customer.email_formatted,
            to,
            subject="Re: 打印机卡纸",
            msg_id="<tz-service-2@kehu.example.cn>",
            extra=f"In-Reply-To: {msg_id}",
            target_model="tz.service.request",
        )
        self.assertEqual(
            self.env["tz.service.request"].search_count(
                [("team_id", "=", self.team.id)]
            ),
            1,
        )
        self.assertGreater(len(request.message_ids), messages_before)
        self.assertFalse(request.is_closed, "a customer reply reopens the request")

    def test_email_from_unknown_sender_creates_contact(self):
        to = f"tz-helpdesk@{self.alias_domain}"
        request = self.format_and_process(
            MAIL,
            "新客户 <new.customer@unknown.example.cn>",
            to,
            subject="路由器掉线",
            target_model="tz.service.request",
        )
        self.assertEqual(request.partner_id.email, "new.customer@unknown.example.cn")
        self.assertEqual(request.company_id, self.team.company_id)

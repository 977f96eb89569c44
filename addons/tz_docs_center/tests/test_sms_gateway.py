import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch
from urllib.parse import parse_qsl, urlparse

from odoo.addons.tz_docs_center.lib import sms_signing
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TzDocsCommon

KEY_ID = "LTAI-test-id"
SECRET = "test-secret-密钥"


class FakeProviderHandler(BaseHTTPRequestHandler):
    """Minimal Aliyun / Tencent / generic SMS API checking the signatures."""

    def log_message(self, *args):
        pass

    def _reply(self, status, payload):
        body = json.dumps(payload).encode()
        # the late reply finds the gateway gone (it gave up waiting, as it
        # should): nothing to answer
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def do_GET(self):  # Aliyun RPC style
        url = urlparse(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        self.server.requests.append(("aliyun", params))
        if not sms_signing.aliyun_verify(params, SECRET):
            return self._reply(
                400,
                {
                    "Code": "SignatureDoesNotMatch",
                    "Message": "Specified signature is not matched",
                },
            )
        phone = params.get("PhoneNumbers")
        if phone == "13900000001":
            return self._reply(
                200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
            )
        if phone == "13900000002":
            return self._reply(500, {"Code": "InternalError", "Message": "服务器错误"})
        if phone == "13900000003":
            time.sleep(1.5)  # longer than the gateway timeout
            return self._reply(200, {"Code": "OK", "BizId": "late"})
        self.server.counter += 1
        return self._reply(
            200, {"Code": "OK", "BizId": f"biz-{self.server.counter}", "RequestId": "r"}
        )

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        headers = dict(self.headers.items())
        if self.path.startswith("/generic"):
            self.server.requests.append(("http", json.loads(body)))
            ok = sms_signing.generic_verify(
                SECRET, int(headers["X-Tz-Timestamp"]), body, headers["X-Tz-Signature"]
            )
            if not ok:
                return self._reply(401, {"code": 401, "message": "bad signature"})
            return self._reply(200, {"code": 0, "message_id": "gen-1"})
        self.server.requests.append(("tencent", json.loads(body)))
        if not sms_signing.tc3_verify(headers, body, KEY_ID, SECRET):
            return self._reply(
                200,
                {
                    "Response": {
                        "Error": {
                            "Code": "AuthFailure.SignatureFailure",
                            "Message": "bad",
                        }
                    }
                },
            )
        return self._reply(
            200,
            {
                "Response": {
                    "SendStatusSet": [
                        {
                            "Code": "Ok",
                            "SerialNo": "2028:serial-1",
                            "Message": "send success",
                        }
                    ],
                    "RequestId": "req-1",
                }
            },
        )


@tagged("post_install", "-at_install")
class TestSmsGateway(TzDocsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProviderHandler)
        cls.server.daemon_threads = True
        cls.server.requests = []
        cls.server.counter = 0
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.base_url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        # only our gateways are active during these tests
        cls.env["tz.sms.gateway"].search([]).active = False
        cls.gateway = cls.env["tz.sms.gateway"].create(
            {
                "name": "阿里云测试",
                "provider": "aliyun",
                "endpoint": f"{cls.base_url}/",
                "access_key_id": KEY_ID,
                "access_key_secret": SECRET,
                "sign_name": "天纵营销",
                "template_code": "SMS_123",
                "template_param_mapping": '{"content": "body", "name": "partner"}',
                "rate_limit": 0,
                "timeout": 0.5,
            }
        )

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.server.requests.clear()

    def _sms(self, number, body="您好,欢迎参加天纵新品发布会"):
        return self.env["sms.sms"].create({"number": number, "body": body})

    def test_aliyun_batch_with_errors_continues(self):
        ok1 = self._sms("13800138000")
        illegal = self._sms("13900000001")
        http500 = self._sms("13900000002")
        timeout = self._sms("13900000003")
        ok2 = self._sms("+86 138 0013 8001")
        no_number = self._sms(False)
        batch = ok1 | illegal | http500 | timeout | ok2 | no_number
        batch.send(unlink_sent=False)
        # every message with a number reached the server, in order
        phones = [
            p["PhoneNumbers"] for kind, p in self.server.requests if kind == "aliyun"
        ]
        self.assertEqual(
            phones,
            ["13800138000", "13900000001", "13900000002", "13900000003", "13800138001"],
        )
        params = self.server.requests[0][1]
        self.assertEqual(params["SignName"], "天纵营销")
        self.assertEqual(params["TemplateCode"], "SMS_123")
        self.assertEqual(
            json.loads(params["TemplateParam"])["content"],
            "您好,欢迎参加天纵新品发布会",
        )
        self.assertEqual(params["OutId"], ok1.uuid)
        self.assertEqual(ok1.state, "pending")
        self.assertTrue(ok1.tz_provider_message_id.startswith("biz-"))
        self.assertEqual(ok1.tz_gateway_id, self.gateway)
        self.assertEqual(ok2.state, "pending")
        self.assertNotEqual(ok1.tz_provider_message_id, ok2.tz_provider_message_id)
        self.assertEqual(illegal.state, "error")
        self.assertEqual(illegal.failure_type, "sms_number_format")
        self.assertIn("isv.MOBILE_NUMBER_ILLEGAL", illegal.tz_error_message)
        self.assertEqual(http500.state, "error")
        self.assertEqual(http500.failure_type, "sms_server")
        self.assertIn("HTTP 500", http500.tz_error_message)
        self.assertEqual(timeout.state, "error")
        self.assertIn("Timeout", timeout.tz_error_message)
        self.assertEqual(no_number.state, "error")
        self.assertEqual(no_number.failure_type, "sms_number_missing")
        self.assertEqual(self.gateway.sent_count, 2)
        self.assertEqual(self.gateway.error_count, 4)

    def test_aliyun_wrong_secret(self):
        self.gateway.access_key_secret = "wrong"
        sms = self._sms("13800138000")
        sms.send(unlink_sent=False)
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertIn("SignatureDoesNotMatch", sms.tz_error_message)

    def test_tencent_tc3(self):
        self.gateway.active = False
        tencent = self.env["tz.sms.gateway"].create(
            {
                "name": "腾讯云测试",
                "provider": "tencent",
                "endpoint": f"{self.base_url}/",
                "access_key_id": KEY_ID,
                "access_key_secret": SECRET,
                "sdk_app_id": "1400000001",
                "sign_name": "天纵营销",
                "template_code": "100001",
                "template_param_mapping": '["body"]',
            }
        )
        sms = self._sms("13800138000", "验证码 1234")
        sms.send(unlink_sent=False)
        kind, payload = self.server.requests[0]
        self.assertEqual(kind, "tencent")
        self.assertEqual(payload["PhoneNumberSet"], ["+8613800138000"])
        self.assertEqual(payload["TemplateParamSet"], ["验证码 1234"])
        self.assertEqual(payload["SmsSdkAppId"], "1400000001")
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.tz_provider_message_id, "2028:serial-1")
        self.assertEqual(sms.tz_gateway_id, tencent)
        tencent.access_key_secret = "bad"
        sms2 = self._sms("13800138001")
        sms2.send(unlink_sent=False)
        self.assertEqual(sms2.state, "error")
        self.assertEqual(sms2.failure_type, "sms_acc")

    def test_generic_http(self):
        self.gateway.active = False
        self.env["tz.sms.gateway"].create(
            {
                "name": "通用网关",
                "provider": "http",
                "endpoint": f"{self.base_url}/generic",
                "access_key_id": "k",
                "access_key_secret": SECRET,
            }
        )
        sms = self._sms("13800138000")
        sms.send(unlink_sent=False)
        self.assertEqual(self.server.requests[0][1]["mobile"], "+8613800138000")
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.tz_provider_message_id, "gen-1")

    def test_no_active_gateway(self):
        self.gateway.active = False
        sms = self._sms("13800138000")
        sms.send(unlink_sent=False)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertIn("No active SMS gateway", sms.tz_error_message)
        self.assertFalse(self.server.requests)
        sms2 = self._sms("13800138001")
        with self.assertRaises(UserError):
            sms2.send(raise_exception=True)

    def test_person_sms_through_gateway_updates_notification(self):
        person = self.Person.create({"name": "张伟", "mobile": "13800138000"})
        person._message_sms("新品发布会邀请", partner_ids=False, number_field="mobile")
        sms = self.env["sms.sms"].search([("number", "=", "+8613800138000")], limit=1)
        self.assertTrue(sms)
        # sent at once by the chatter through the gateway
        self.assertEqual(sms.state, "pending")
        self.assertTrue(sms.tz_provider_message_id)
        notif = self.env["mail.notification"].search([("sms_id_int", "=", sms.id)])
        self.assertEqual(notif.notification_status, "pending")

    def test_mass_sms_campaign_to_persons(self):
        ok = self.Person.create({"name": "收信人", "mobile": "13800138000"})
        opted = self.Person.create(
            {"name": "退订人", "mobile": "13800138001", "opt_out": True}
        )
        black = self.Person.create({"name": "黑名单", "mobile": "13800138002"})
        self.env["phone.blacklist"].sudo().add("+8613800138002")
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "双十一短信",
                "mailing_type": "sms",
                "body_plaintext": "天纵双十一优惠 回T退订",
                "mailing_model_id": self.env["ir.model"]._get("tz.directory.person").id,
                "mailing_domain": [("id", "in", (ok | opted | black).ids)],
                "sms_allow_unsubscribe": False,
            }
        )
        mailing.action_send_sms()
        outgoing = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        outgoing.filtered(lambda s: s.state == "outgoing").send(unlink_sent=False)
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id)]
        )
        by_res = {t.res_id: t for t in traces}
        self.assertEqual(by_res[opted.id].trace_status, "cancel")
        self.assertEqual(by_res[opted.id].failure_type, "sms_optout")
        self.assertEqual(by_res[black.id].trace_status, "cancel")
        self.assertEqual(by_res[black.id].failure_type, "sms_blacklist")
        self.assertIn(by_res[ok.id].trace_status, ("pending", "sent"))
        sent = outgoing.filtered(lambda s: s.number == "+8613800138000")
        self.assertEqual(sent.state, "pending")
        self.assertTrue(sent.tz_provider_message_id.startswith("biz-"))
        phones = [
            p["PhoneNumbers"] for kind, p in self.server.requests if kind == "aliyun"
        ]
        self.assertEqual(phones, ["13800138000"])

    def test_send_sms_wizard_on_persons(self):
        persons = self.Person.create(
            [
                {"name": "王芳", "mobile": "13588886666"},
                {"name": "李娜", "mobile": "18621345678"},
            ]
        )
        action = persons.action_send_sms()
        composer = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"body": "展会邀请 A-108 展位见", "mass_force_send": True})
        )
        composer.action_send_sms()
        phones = sorted(
            p["PhoneNumbers"] for kind, p in self.server.requests if kind == "aliyun"
        )
        self.assertEqual(phones, ["13588886666", "18621345678"])
        sms = self.env["sms.sms"].search([("tz_gateway_id", "=", self.gateway.id)])
        self.assertEqual(len(sms), 2)
        self.assertEqual(set(sms.mapped("state")), {"pending"})

    def test_rate_limit_applied_per_message(self):
        self.gateway.rate_limit = 5
        batch = (
            self._sms("13800138000")
            | self._sms("13800138001")
            | self._sms("13800138002")
        )
        with patch.object(sms_signing.RateLimiter, "wait", return_value=0.0) as wait:
            batch.send(unlink_sent=False)
        self.assertEqual(wait.call_count, 3)
        self.assertEqual(set(batch.mapped("state")), {"pending"})

    def test_credentials_admin_only(self):
        gateway = self.gateway.with_user(self.manager)
        self.assertEqual(gateway.name, "阿里云测试")
        with self.assertRaises(AccessError):
            gateway.read(["access_key_secret"])
        with self.assertRaises(AccessError):
            self.gateway.with_user(self.user).read(["name"])
        self.assertEqual(self.gateway.access_key_secret, SECRET)

    def test_gateway_bad_config(self):
        with self.assertRaises(ValidationError):
            self.env["tz.sms.gateway"].create({"name": "坏网关", "provider": "http"})
        with self.assertRaises(ValidationError):
            self.gateway.template_param_mapping = "{not json"
        with self.assertRaises(ValidationError):
            self.gateway.rate_limit = -1

    def test_send_test_button(self):
        self.gateway.test_number = "13800138000"
        action = self.gateway.action_send_test()
        self.assertEqual(action["params"]["type"], "success")
        self.gateway.test_number = False
        with self.assertRaises(UserError):
            self.gateway.action_send_test()

    # ------------------------------------------------------------------
    # gateways are per company
    # ------------------------------------------------------------------
    def _company_b_gateway(self):
        company_b = self.env["res.company"].create({"name": "天纵深圳分公司"})
        gateway_b = self.env["tz.sms.gateway"].create(
            {
                "name": "深圳网关",
                "provider": "aliyun",
                "company_id": company_b.id,
                "endpoint": f"{self.base_url}/",
                "access_key_id": KEY_ID,
                "access_key_secret": SECRET,
                "sign_name": "天纵深圳",
                "template_code": "SMS_SZ",
                "rate_limit": 0,
                "timeout": 0.5,
            }
        )
        return company_b, gateway_b

    def _sign_names(self):
        return [p["SignName"] for kind, p in self.server.requests if kind == "aliyun"]

    def test_sms_sent_through_gateway_of_record_company(self):
        company_b, gateway_b = self._company_b_gateway()
        self.assertEqual(self.env.company, self.gateway.company_id)
        person_a = self.Person.create({"name": "总部客户", "mobile": "13800138000"})
        person_b = self.Person.create(
            {"name": "深圳客户", "mobile": "13800138001", "company_id": company_b.id}
        )
        # sent from the chatter by a user whose current company is the head office
        person_b._message_sms("深圳展会邀请", partner_ids=False, number_field="mobile")
        sms_b = self.env["sms.sms"].search([("number", "=", "+8613800138001")])
        self.assertEqual(sms_b.tz_company_id, company_b)
        self.assertEqual(sms_b.tz_gateway_id, gateway_b)
        self.assertEqual(self._sign_names(), ["天纵深圳"])
        person_a._message_sms("总部展会邀请", partner_ids=False, number_field="mobile")
        sms_a = self.env["sms.sms"].search([("number", "=", "+8613800138000")])
        self.assertEqual(sms_a.tz_gateway_id, self.gateway)
        self.assertEqual(self._sign_names(), ["天纵深圳", "天纵营销"])
        self.assertEqual((self.gateway.sent_count, gateway_b.sent_count), (1, 1))

    def test_mixed_batch_and_queue_split_by_company(self):
        company_b, gateway_b = self._company_b_gateway()
        persons = self.Person.create(
            [
                {"name": "甲", "mobile": "13800138000"},
                {"name": "乙", "mobile": "13800138001", "company_id": company_b.id},
            ]
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "两家公司的短信",
                "mailing_type": "sms",
                "body_plaintext": "新品上市",
                "mailing_model_id": self.env["ir.model"]._get("tz.directory.person").id,
                "mailing_domain": [("id", "in", persons.ids)],
                "sms_allow_unsubscribe": False,
            }
        )
        mailing.action_send_sms()
        outgoing = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(len(outgoing), 2)
        by_number = {s.number: s for s in outgoing}
        self.assertEqual(by_number["+8613800138001"].tz_company_id, company_b)
        # the queue cron runs in the head office: each SMS keeps its own gateway
        self.env["sms.sms"].with_company(self.env.company)._process_queue(outgoing.ids)
        self.assertEqual(by_number["+8613800138000"].tz_gateway_id, self.gateway)
        self.assertEqual(by_number["+8613800138001"].tz_gateway_id, gateway_b)
        self.assertEqual(sorted(self._sign_names()), ["天纵深圳", "天纵营销"])

    def test_company_without_gateway_does_not_borrow_one(self):
        company_c = self.env["res.company"].create({"name": "无网关分公司"})
        person = self.Person.create(
            {"name": "无网关", "mobile": "13800138002", "company_id": company_c.id}
        )
        person._message_sms("测试", partner_ids=False, number_field="mobile")
        sms = self.env["sms.sms"].search([("number", "=", "+8613800138002")])
        self.assertEqual(sms.state, "error")
        self.assertIn("无网关分公司", sms.tz_error_message)
        self.assertFalse(self.server.requests)
        # an SMS without a record goes through the company it was created in
        company_b, gateway_b = self._company_b_gateway()
        loose = (
            self.env["sms.sms"]
            .with_company(company_b)
            .create({"number": "13800138003", "body": "无来源"})
        )
        self.assertEqual(loose.tz_company_id, company_b)
        loose.send(unlink_sent=False)
        self.assertEqual(loose.tz_gateway_id, gateway_b)

    def test_marketing_user_sms_campaign(self):
        """Marketing user (mass mailing rights + Docs user): an SMS campaign on
        the person directory reaches the entries they see, through the gateway
        of the company, never the private entries of others."""
        marketer = new_test_user(
            self.env,
            login="sms_marketing_user",
            groups="base.group_user,mass_mailing.group_mass_mailing_user,"
            "tz_docs_center.group_docs_user",
        )
        public = self.Person.create({"name": "活动收信人", "mobile": "13800138050"})
        book = self.env["tz.address.book"].with_user(self.user)._get_private_book()
        private = self.Person.with_user(self.user).create(
            {
                "name": "私人收信人",
                "mobile": "13800138051",
                "address_book_ids": [(4, book.id)],
            }
        )
        mailing = (
            self.env["mailing.mailing"]
            .with_user(marketer)
            .create(
                {
                    "subject": "春季活动短信",
                    "mailing_type": "sms",
                    "body_plaintext": "天纵春季活动",
                    "mailing_model_id": self.env["ir.model"]
                    ._get("tz.directory.person")
                    .id,
                    "mailing_domain": [("id", "in", (public | private).ids)],
                    "sms_allow_unsubscribe": False,
                }
            )
        )
        mailing.action_send_sms()
        outgoing = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(outgoing.mapped("number"), ["+8613800138050"])
        self.env["sms.sms"]._process_queue(outgoing.ids)
        self.assertEqual(outgoing.tz_gateway_id, self.gateway)
        self.assertEqual(outgoing.state, "pending")
        # the campaign's statistics, grouped as in its pivot
        groups = (
            self.env["mailing.trace"]
            .with_user(marketer)
            .read_group(
                [("mass_mailing_id", "=", mailing.id)],
                ["trace_status"],
                ["trace_status"],
            )
        )
        self.assertEqual(sum(g["trace_status_count"] for g in groups), 1)

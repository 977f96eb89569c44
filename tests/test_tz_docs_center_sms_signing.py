import json

import pytest
from conftest import load_addon_lib

sig = load_addon_lib("tz_docs_center", "sms_signing")

# Known-answer vector published in Aliyun's SMS (dysmsapi) signature docs.
ALIYUN_DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}


def test_aliyun_doc_vector():
    assert sig.aliyun_signature(ALIYUN_DOC_PARAMS, "testSecret") == (
        "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    )


def test_aliyun_string_to_sign_prefix():
    to_sign = sig.aliyun_string_to_sign(ALIYUN_DOC_PARAMS)
    assert to_sign.startswith("GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms")
    assert "TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D" in to_sign


def test_percent_encode_rules():
    assert sig.percent_encode("a b") == "a%20b"
    assert sig.percent_encode("*") == "%2A"
    assert sig.percent_encode("~") == "~"
    assert sig.percent_encode("/") == "%2F"


def test_aliyun_send_params_roundtrip():
    params = sig.aliyun_send_sms_params(
        "id", "secret", "13800138000", "天纵", "SMS_1", {"code": "1234"}
    )
    assert params["Action"] == "SendSms"
    assert json.loads(params["TemplateParam"]) == {"code": "1234"}
    assert sig.aliyun_verify(params, "secret")
    assert not sig.aliyun_verify(params, "other")
    params["PhoneNumbers"] = "13900000000"
    assert not sig.aliyun_verify(params, "secret")


# Known-answer vector of Tencent Cloud API 3.0 signature docs (CVM example,
# masked keys used literally as most SDK tests do).
TC3_BODY = (
    '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
    '"Name": "instance-name"}]}'
)


def test_tc3_canonical_request_hash():
    canonical = sig.tc3_canonical_request(TC3_BODY, "cvm.tencentcloudapi.com")
    assert canonical.endswith(
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    to_sign = sig.tc3_string_to_sign(canonical, 1551113065, "cvm")
    assert to_sign == (
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )


def test_tc3_doc_vector():
    auth = sig.tc3_authorization(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
        "Gu5t9xGARNpq86cd98joQYCN3*******",
        "cvm",
        "cvm.tencentcloudapi.com",
        TC3_BODY,
        1551113065,
    )
    assert auth == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/"
        "2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, "
        "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
    )


def test_tencent_request_verifies():
    headers, body = sig.tencent_send_sms_request(
        "AKID",
        "KEY",
        "1400000000",
        "+8613800138000",
        "天纵",
        "123",
        ["5678"],
        host="127.0.0.1:9",
        timestamp=1700000000,
    )
    assert json.loads(body)["PhoneNumberSet"] == ["+8613800138000"]
    assert headers["X-TC-Action"] == "SendSms"
    assert sig.tc3_verify(headers, body, "AKID", "KEY")
    assert not sig.tc3_verify(headers, body.replace("5678", "0000"), "AKID", "KEY")


def test_generic_signature():
    s = sig.generic_signature("k", 1700000000, '{"a":1}')
    assert len(s) == 64
    assert sig.generic_verify("k", 1700000000, b'{"a":1}', s)
    assert not sig.generic_verify("k", 1700000001, '{"a":1}', s)


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_waits_when_exceeded():
    fc = FakeClock()
    rl = sig.RateLimiter(2, clock=fc.clock, sleep=fc.sleep)
    assert rl.wait() == 0
    assert rl.wait() == 0
    waited = rl.wait()
    assert waited == pytest.approx(1.0)
    assert fc.slept == [pytest.approx(1.0)]
    fc.now += 2
    assert rl.wait() == 0


def test_rate_limiter_disabled():
    fc = FakeClock()
    rl = sig.RateLimiter(0, clock=fc.clock, sleep=fc.sleep)
    for _ in range(100):
        rl.wait()
    assert fc.slept == []

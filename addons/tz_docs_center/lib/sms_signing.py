"""Request signing for Chinese SMS providers (pure Python, no Odoo import).

* Aliyun (阿里云短信, dysmsapi) uses the RPC "signature version 1.0":
  HMAC-SHA1 over ``METHOD&%2F&percentEncode(canonicalQuery)`` with the key
  ``AccessKeySecret + "&"``, base64 encoded.
* Tencent Cloud (腾讯云短信, API 3.0) uses ``TC3-HMAC-SHA256``: a canonical
  request hashed with SHA-256, a string to sign, and a key derived by chained
  HMAC-SHA256 over date, service and ``tc3_request``.
* The generic HTTP gateway signs ``timestamp + "\\n" + body`` with
  HMAC-SHA256 (hex) and sends it in the ``X-Tz-Signature`` header.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import quote

# --------------------------------------------------------------------------
# Aliyun RPC signature
# --------------------------------------------------------------------------


def percent_encode(value):
    """Percent-encode as Aliyun POP requires (RFC 3986, ``~`` kept)."""
    return quote(str(value), safe="~")


def aliyun_canonical_query(params):
    """Sorted, percent-encoded ``k=v&k=v`` string (``Signature`` excluded)."""
    items = sorted((k, v) for k, v in params.items() if k != "Signature")
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in items)


def aliyun_string_to_sign(params, method="GET"):
    return "&".join(
        [
            method.upper(),
            percent_encode("/"),
            percent_encode(aliyun_canonical_query(params)),
        ]
    )


def aliyun_signature(params, access_key_secret, method="GET"):
    """Return the base64 HMAC-SHA1 signature of ``params``."""
    key = (access_key_secret + "&").encode("utf-8")
    msg = aliyun_string_to_sign(params, method).encode("utf-8")
    return base64.b64encode(hmac.new(key, msg, hashlib.sha1).digest()).decode()


def aliyun_send_sms_params(
    access_key_id,
    access_key_secret,
    phone,
    sign_name,
    template_code,
    template_param,
    region="cn-hangzhou",
    out_id=None,
    timestamp=None,
    nonce=None,
    method="GET",
):
    """Full, signed parameter dict of an Aliyun ``SendSms`` call."""
    params = {
        "AccessKeyId": access_key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": phone,
        "RegionId": region,
        "SignName": sign_name,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "TemplateCode": template_code,
        "TemplateParam": json.dumps(
            template_param, ensure_ascii=False, separators=(",", ":")
        )
        if not isinstance(template_param, str)
        else template_param,
        "Timestamp": timestamp
        or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
    }
    if out_id:
        params["OutId"] = str(out_id)
    params["Signature"] = aliyun_signature(params, access_key_secret, method)
    return params


def aliyun_verify(params, access_key_secret, method="GET"):
    """Check the ``Signature`` of received params (used by test servers)."""
    given = params.get("Signature", "")
    expected = aliyun_signature(params, access_key_secret, method)
    return hmac.compare_digest(given, expected)


# --------------------------------------------------------------------------
# Tencent Cloud TC3-HMAC-SHA256
# --------------------------------------------------------------------------

TC3_ALGORITHM = "TC3-HMAC-SHA256"


def _sha256_hex(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _hmac_sha256(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def tc3_canonical_request(
    payload,
    host,
    content_type="application/json; charset=utf-8",
    method="POST",
    uri="/",
    query="",
):
    canonical_headers = f"content-type:{content_type}\nhost:{host}\n"
    signed_headers = "content-type;host"
    return "\n".join(
        [method, uri, query, canonical_headers, signed_headers, _sha256_hex(payload)]
    )


def tc3_date(timestamp):
    return datetime.fromtimestamp(int(timestamp), timezone.utc).strftime("%Y-%m-%d")


def tc3_string_to_sign(canonical_request, timestamp, service):
    scope = f"{tc3_date(timestamp)}/{service}/tc3_request"
    return "\n".join(
        [TC3_ALGORITHM, str(int(timestamp)), scope, _sha256_hex(canonical_request)]
    )


def tc3_signature(secret_key, timestamp, service, string_to_sign):
    secret_date = _hmac_sha256(
        ("TC3" + secret_key).encode("utf-8"), tc3_date(timestamp)
    )
    secret_service = _hmac_sha256(secret_date, service)
    secret_signing = _hmac_sha256(secret_service, "tc3_request")
    return hmac.new(
        secret_signing, string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def tc3_authorization(
    secret_id,
    secret_key,
    service,
    host,
    payload,
    timestamp,
    content_type="application/json; charset=utf-8",
):
    """Return the ``Authorization`` header value of a TC3 request."""
    canonical = tc3_canonical_request(payload, host, content_type)
    to_sign = tc3_string_to_sign(canonical, timestamp, service)
    signature = tc3_signature(secret_key, timestamp, service, to_sign)
    scope = f"{tc3_date(timestamp)}/{service}/tc3_request"
    return (
        f"{TC3_ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


def tencent_send_sms_request(
    secret_id,
    secret_key,
    sdk_app_id,
    phone,
    sign_name,
    template_id,
    template_params,
    host="sms.tencentcloudapi.com",
    region="ap-guangzhou",
    timestamp=None,
    session_context=None,
):
    """Return ``(headers, body)`` of a signed Tencent ``SendSms`` call."""
    timestamp = int(timestamp if timestamp is not None else time.time())
    payload = {
        "PhoneNumberSet": [phone],
        "SmsSdkAppId": sdk_app_id,
        "SignName": sign_name,
        "TemplateId": template_id,
        "TemplateParamSet": [str(v) for v in template_params],
    }
    if session_context:
        payload["SessionContext"] = str(session_context)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    content_type = "application/json; charset=utf-8"
    headers = {
        "Authorization": tc3_authorization(
            secret_id, secret_key, "sms", host, body, timestamp, content_type
        ),
        "Content-Type": content_type,
        "Host": host,
        "X-TC-Action": "SendSms",
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Version": "2021-01-11",
        "X-TC-Region": region,
    }
    return headers, body


def tc3_verify(headers, body, secret_id, secret_key, service="sms"):
    """Check the Authorization header of a received TC3 request."""
    lower = {k.lower(): v for k, v in headers.items()}
    expected = tc3_authorization(
        secret_id,
        secret_key,
        service,
        lower.get("host", ""),
        body,
        int(lower.get("x-tc-timestamp", "0")),
        lower.get("content-type", ""),
    )
    return hmac.compare_digest(lower.get("authorization", ""), expected)


# --------------------------------------------------------------------------
# Generic HTTP gateway
# --------------------------------------------------------------------------


def generic_signature(secret, timestamp, body):
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    msg = f"{int(timestamp)}\n{body}".encode()
    return hmac.new(secret.encode("utf-8"), msg, hashlib.sha256).hexdigest()


def generic_verify(secret, timestamp, body, signature):
    return hmac.compare_digest(
        generic_signature(secret, timestamp, body), signature or ""
    )


# --------------------------------------------------------------------------
# Rate limiting
# --------------------------------------------------------------------------


class RateLimiter:
    """Allow at most ``rate`` calls per second (sliding one-second window).

    ``clock`` and ``sleep`` are injectable so the behaviour is testable.
    """

    def __init__(self, rate, clock=time.monotonic, sleep=time.sleep):
        self.rate = max(int(rate or 0), 0)
        self.clock = clock
        self.sleep = sleep
        self._stamps = []

    def wait(self):
        """Block until one more call is allowed; return the seconds waited."""
        if not self.rate:
            return 0.0
        now = self.clock()
        self._stamps = [t for t in self._stamps if now - t < 1.0]
        waited = 0.0
        if len(self._stamps) >= self.rate:
            delay = 1.0 - (now - self._stamps[0])
            if delay > 0:
                self.sleep(delay)
                waited = delay
            now = self.clock()
            self._stamps = [t for t in self._stamps if now - t < 1.0]
        self._stamps.append(now)
        return waited

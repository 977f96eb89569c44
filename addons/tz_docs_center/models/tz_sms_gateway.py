import json
import logging
import time
import uuid

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import phone as phone_lib
from ..lib import sms_signing

_logger = logging.getLogger(__name__)

DEFAULT_ENDPOINTS = {
    "aliyun": "https://dysmsapi.aliyuncs.com/",
    "tencent": "https://sms.tencentcloudapi.com/",
    "http": False,
}

# provider error code -> sms.sms failure_type
ALIYUN_FAILURES = {
    "isv.MOBILE_NUMBER_ILLEGAL": "sms_number_format",
    "isv.AMOUNT_NOT_ENOUGH": "sms_credit",
    "isv.OUT_OF_SERVICE": "sms_credit",
    "isv.ACCOUNT_NOT_EXISTS": "sms_acc",
    "isv.ACCOUNT_ABNORMAL": "sms_acc",
    "InvalidAccessKeyId.NotFound": "sms_acc",
    "SignatureDoesNotMatch": "sms_acc",
}
TENCENT_FAILURES = {
    "InvalidParameterValue.IncorrectPhoneNumber": "sms_number_format",
    "FailedOperation.InsufficientBalanceInSmsPackage": "sms_credit",
    "AuthFailure.SignatureFailure": "sms_acc",
    "AuthFailure.SecretIdNotFound": "sms_acc",
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail": "sms_acc",
}


class SmsSendResult:
    __slots__ = ("error", "failure_type", "message_id", "ok")

    def __init__(self, ok, message_id=None, failure_type=None, error=None):
        self.ok = ok
        self.message_id = message_id
        self.failure_type = failure_type
        self.error = error


class TzSmsGateway(models.Model):
    _name = "tz.sms.gateway"
    _description = "SMS Gateway"
    _inherit = ["mail.thread", "tz.guarded.mixin"]
    _order = "sequence, id"
    # counters are the gateway's own record of what it sent
    _tz_workflow_fields = ("sent_count", "error_count", "last_error")

    name = fields.Char(required=True, tracking=True)
    provider = fields.Selection(
        [
            ("aliyun", "Aliyun SMS"),
            ("tencent", "Tencent Cloud SMS"),
            ("http", "Generic HTTP"),
        ],
        required=True,
        default="aliyun",
        tracking=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    endpoint = fields.Char(
        string="Endpoint URL",
        help="Leave the default of the provider; change it for a private gateway.",
    )
    region = fields.Char(default="cn-hangzhou")
    access_key_id = fields.Char(
        string="Access Key ID / SecretId", groups="base.group_system", copy=False
    )
    access_key_secret = fields.Char(
        string="Access Key Secret / SecretKey", groups="base.group_system", copy=False
    )
    sdk_app_id = fields.Char(string="SDK App ID", help="Tencent Cloud SmsSdkAppId.")
    sign_name = fields.Char(string="Signature", help="SMS signature (短信签名).")
    template_code = fields.Char(help="Aliyun TemplateCode or Tencent TemplateId.")
    template_param_mapping = fields.Text(
        string="Template Parameters",
        default='{"content": "body"}',
        help="JSON object: template parameter -> value source. Sources: body (SMS "
        "text), number, partner (recipient name); other values are sent as "
        "literals. Tencent uses the values in order.",
    )
    rate_limit = fields.Integer(
        string="Rate Limit (SMS/second)",
        default=10,
        help="Maximum number of requests per second; 0 means unlimited.",
    )
    timeout = fields.Float(string="Timeout (s)", default=10.0)
    http_id_field = fields.Char(
        string="Message ID Field",
        default="message_id",
        help="Generic HTTP: key of the provider message id in the JSON answer.",
    )
    sent_count = fields.Integer(readonly=True, copy=False)
    error_count = fields.Integer(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    test_number = fields.Char(string="Test Mobile")

    @api.constrains("template_param_mapping")
    def _check_template_param_mapping(self):
        for gateway in self:
            try:
                mapping = json.loads(gateway.template_param_mapping or "{}")
            except ValueError as exc:
                raise ValidationError(
                    _(
                        "The template parameters of %(name)s must be valid JSON.",
                        name=gateway.name,
                    )
                ) from exc
            if not isinstance(mapping, dict | list):
                raise ValidationError(
                    _("The template parameters must be a JSON object or list.")
                )

    @api.constrains("rate_limit", "timeout")
    def _check_limits(self):
        for gateway in self:
            if gateway.rate_limit < 0 or gateway.timeout <= 0:
                raise ValidationError(
                    _(
                        "The rate limit cannot be negative and the timeout must be "
                        "positive."
                    )
                )

    @api.constrains("provider", "endpoint")
    def _check_endpoint(self):
        for gateway in self:
            if gateway.provider == "http" and not gateway.endpoint:
                raise ValidationError(
                    _("A generic HTTP gateway needs an endpoint URL.")
                )

    @api.model
    def _tz_get_active_gateway(self, company=None):
        company = company or self.env.company
        return self.sudo().search(
            [("active", "=", True), ("company_id", "in", [company.id, False])],
            limit=1,
        )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _tz_template_values(self, sms):
        mapping = json.loads(self.template_param_mapping or "{}")
        sources = {
            "body": sms.body or "",
            "number": sms.number or "",
            "partner": sms.partner_id.name or "",
        }
        if isinstance(mapping, list):
            return [sources.get(src, src) for src in mapping]
        return {key: sources.get(src, src) for key, src in mapping.items()}

    def _tz_endpoint(self):
        return self.endpoint or DEFAULT_ENDPOINTS.get(self.provider)

    def _tz_send_aliyun(self, sms, number):
        params = sms_signing.aliyun_send_sms_params(
            self.access_key_id or "",
            self.access_key_secret or "",
            phone_lib.national(number),
            self.sign_name or "",
            self.template_code or "",
            self._tz_template_values(sms),
            region=self.region or "cn-hangzhou",
            out_id=sms.uuid,
        )
        resp = requests.get(self._tz_endpoint(), params=params, timeout=self.timeout)
        data = _json(resp)
        code = data.get("Code")
        if resp.ok and code == "OK":
            return SmsSendResult(True, message_id=data.get("BizId"))
        return SmsSendResult(
            False,
            failure_type=ALIYUN_FAILURES.get(code, "sms_server"),
            error=f"HTTP {resp.status_code} {code or ''}: "
            f"{data.get('Message') or resp.text[:200]}",
        )

    def _tz_send_tencent(self, sms, number):
        endpoint = self._tz_endpoint()
        host = requests.utils.urlparse(endpoint).netloc
        values = self._tz_template_values(sms)
        if isinstance(values, dict):
            values = list(values.values())
        headers, body = sms_signing.tencent_send_sms_request(
            self.access_key_id or "",
            self.access_key_secret or "",
            self.sdk_app_id or "",
            number,
            self.sign_name or "",
            self.template_code or "",
            values,
            host=host,
            region=self.region or "ap-guangzhou",
            session_context=sms.uuid,
        )
        resp = requests.post(
            endpoint, data=body.encode("utf-8"), headers=headers, timeout=self.timeout
        )
        data = _json(resp).get("Response", {})
        if data.get("Error"):
            code = data["Error"].get("Code")
            return SmsSendResult(
                False,
                failure_type=TENCENT_FAILURES.get(code, "sms_server"),
                error=f"HTTP {resp.status_code} {code}: {data['Error'].get('Message')}",
            )
        statuses = data.get("SendStatusSet") or []
        status = statuses[0] if statuses else {}
        if resp.ok and status.get("Code") == "Ok":
            return SmsSendResult(True, message_id=status.get("SerialNo"))
        code = status.get("Code")
        return SmsSendResult(
            False,
            failure_type=TENCENT_FAILURES.get(code, "sms_server"),
            error=f"HTTP {resp.status_code} {code or ''}: "
            f"{status.get('Message') or resp.text[:200]}",
        )

    def _tz_send_http(self, sms, number):
        payload = {
            "mobile": number,
            "content": sms.body or "",
            "sign": self.sign_name or "",
            "template": self.template_code or "",
            "params": self._tz_template_values(sms),
            "out_id": sms.uuid,
        }
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Tz-Key": self.access_key_id or "",
            "X-Tz-Timestamp": str(timestamp),
            "X-Tz-Signature": sms_signing.generic_signature(
                self.access_key_secret or "", timestamp, body
            ),
        }
        resp = requests.post(
            self.endpoint,
            data=body.encode("utf-8"),
            headers=headers,
            timeout=self.timeout,
        )
        data = _json(resp)
        if resp.ok and str(data.get("code", "0")) in ("0", "OK", "ok", "200"):
            return SmsSendResult(
                True,
                message_id=str(data.get(self.http_id_field or "message_id") or "")
                or None,
            )
        return SmsSendResult(
            False,
            failure_type="sms_server",
            error=f"HTTP {resp.status_code}: "
            f"{data.get('message') or data.get('msg') or resp.text[:200]}",
        )

    def _tz_send_one(self, sms):
        """Send one ``sms.sms``; never raises, returns a :class:`SmsSendResult`."""
        self.ensure_one()
        if not sms.number:
            return SmsSendResult(
                False, failure_type="sms_number_missing", error=_("Missing number")
            )
        try:
            number = phone_lib.normalize(sms.number, "CN")
        except phone_lib.InvalidPhone:
            return SmsSendResult(
                False,
                failure_type="sms_number_format",
                error=_("Invalid number %(number)s", number=sms.number),
            )
        sender = getattr(self, f"_tz_send_{self.provider}")
        try:
            return sender(sms, number)
        except requests.Timeout:
            return SmsSendResult(
                False,
                failure_type="sms_server",
                error=_("Timeout after %(seconds)s s", seconds=self.timeout),
            )
        except requests.RequestException as exc:
            return SmsSendResult(
                False,
                failure_type="sms_server",
                error=_("Connection error: %(error)s", error=str(exc)[:300]),
            )
        except Exception as exc:  # a batch must go on
            _logger.exception("SMS gateway %s failed", self.name)
            return SmsSendResult(False, failure_type="unknown", error=str(exc)[:300])

    def _tz_send_batch(self, sms_records):
        """Send each message, respecting the rate limit; return results by id."""
        self.ensure_one()
        limiter = sms_signing.RateLimiter(self.rate_limit)
        results = {}
        for sms in sms_records:
            limiter.wait()
            results[sms.id] = self._tz_send_one(sms)
        ok = sum(1 for r in results.values() if r.ok)
        errors = [r.error for r in results.values() if not r.ok]
        vals = {
            "sent_count": self.sent_count + ok,
            "error_count": self.error_count + len(errors),
        }
        if errors:
            vals["last_error"] = errors[-1]
        self.sudo().write(vals)
        return results

    def action_send_test(self):
        self.ensure_one()
        if not self.test_number:
            raise UserError(_("Enter a test mobile number first."))
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create(
                {
                    "number": self.test_number,
                    "body": _("Test message from %(name)s", name=self.name),
                    "tz_company_id": self.company_id.id,
                }
            )
        )
        results = self._tz_send_batch(sms)
        sms._tz_apply_gateway_results(self, results, unlink_sent=False)
        result = results[sms.id]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("SMS Gateway Test"),
                "message": _("Sent, provider id %(id)s", id=result.message_id or "-")
                if result.ok
                else result.error,
                "type": "success" if result.ok else "danger",
                "sticky": not result.ok,
            },
        }

    @api.model
    def _tz_new_uuid(self):
        return uuid.uuid4().hex


def _json(resp):
    try:
        data = resp.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}

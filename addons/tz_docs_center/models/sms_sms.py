import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    tz_gateway_id = fields.Many2one(
        "tz.sms.gateway", string="Gateway", readonly=True, index="btree_not_null"
    )
    tz_provider_message_id = fields.Char(
        string="Provider Message ID", readonly=True, index="btree_not_null"
    )
    tz_error_message = fields.Text(string="Gateway Error", readonly=True)
    tz_company_id = fields.Many2one(
        "res.company",
        string="Sending Company",
        readonly=True,
        index="btree_not_null",
        help="Company whose SMS gateway sends this message: the company of the "
        "record it is sent from, else the company it was created in.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered(lambda sms: not sms.tz_company_id)._tz_set_company()
        return records

    def _tz_origin_company(self):
        """Company of the record this SMS is sent from (chatter message or
        mass-mailing trace), or an empty recordset."""
        self.ensure_one()
        # sudo: only the company of the origin record is read, to route the SMS
        sms = self.sudo()
        origins = [(sms.mail_message_id.model, sms.mail_message_id.res_id)]
        origins += [(t.model, t.res_id) for t in sms.mailing_trace_ids]
        for model_name, res_id in origins:
            if not model_name or not res_id or model_name not in self.env:
                continue
            origin = self.env[model_name].sudo().browse(res_id).exists()
            if origin and "company_id" in origin._fields and origin.company_id:
                return origin.company_id[:1]
        if sms.partner_id.company_id:
            return sms.partner_id.company_id
        return self.env["res.company"]

    def _tz_set_company(self):
        by_company = {}
        for sms in self:
            company = sms._tz_origin_company() or self.env.company
            by_company.setdefault(company, self.browse())
            by_company[company] |= sms
        for company, sms_records in by_company.items():
            sms_records.sudo().write({"tz_company_id": company.id})

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Route each message through the active gateway of its own company."""
        for company, sms_records in self.grouped(
            lambda sms: (
                sms.tz_company_id or sms._tz_origin_company() or self.env.company
            )
        ).items():
            sms_records._tz_send_company(
                company,
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        return None

    def _tz_send_company(
        self, company, unlink_failed=False, unlink_sent=True, raise_exception=False
    ):
        gateway = self.env["tz.sms.gateway"]._tz_get_active_gateway(company)
        if not gateway:
            icp = self.env["ir.config_parameter"].sudo()
            if icp.get_param("tz_docs_center.sms_iap_fallback"):
                return super()._send(
                    unlink_failed=unlink_failed,
                    unlink_sent=unlink_sent,
                    raise_exception=raise_exception,
                )
            message = _(
                "No active SMS gateway for %(company)s: configure one in Docs "
                "Center > Configuration > SMS Gateways.",
                company=company.name,
            )
            if raise_exception:
                raise UserError(message)
            _logger.warning("SMS batch %s not sent: no active gateway", self.ids)
            sms_sudo = self.sudo().with_context(sms_skip_msg_notification=True)
            sms_sudo.sms_tracker_id._action_update_from_sms_state(
                "error", failure_type="sms_server", failure_reason=message
            )
            sms_sudo.write(
                {
                    "state": "error",
                    "failure_type": "sms_server",
                    "tz_error_message": message,
                    **({"to_delete": True} if unlink_failed else {}),
                }
            )
            sms_sudo.mail_message_id._notify_message_notification_update()
            return None
        results = gateway._tz_send_batch(self.sudo())
        self._tz_apply_gateway_results(
            gateway, results, unlink_sent=unlink_sent, unlink_failed=unlink_failed
        )
        return None

    def _tz_apply_gateway_results(
        self, gateway, results, unlink_sent=True, unlink_failed=False
    ):
        sms_all = self.sudo().with_context(sms_skip_msg_notification=True)
        for sms in sms_all:
            result = results.get(sms.id)
            if result is None:
                continue
            if result.ok:
                sms.sms_tracker_id._action_update_from_sms_state("pending")
                sms.write(
                    {
                        "state": "pending",
                        "failure_type": False,
                        "tz_gateway_id": gateway.id,
                        "tz_provider_message_id": result.message_id or False,
                        "tz_error_message": False,
                        **({"to_delete": True} if unlink_sent else {}),
                    }
                )
            else:
                sms.sms_tracker_id._action_update_from_sms_state(
                    "error",
                    failure_type=result.failure_type or "unknown",
                    failure_reason=result.error,
                )
                sms.write(
                    {
                        "state": "error",
                        "failure_type": result.failure_type or "unknown",
                        "tz_gateway_id": gateway.id,
                        "tz_error_message": result.error,
                        **({"to_delete": True} if unlink_failed else {}),
                    }
                )
        sms_all.mail_message_id._notify_message_notification_update()

import logging
from collections import defaultdict

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

    def _tz_origin_companies(self):
        """{sms id: company} of the records these SMS are sent from (chatter
        message or mass-mailing trace), else of their partner; SMS with
        neither are left out. One read per origin model."""
        # sudo: only the company of the origin records is read, to route the SMS
        sms_all = self.sudo()
        res_ids = defaultdict(dict)  # model -> {sms id: res id}
        for sms in sms_all:
            message = sms.mail_message_id
            pairs = [(message.model, message.res_id)]
            pairs += [(trace.model, trace.res_id) for trace in sms.mailing_trace_ids]
            for model_name, res_id in pairs:
                if (
                    model_name in self.env
                    and res_id
                    and self.env[model_name]._fields.get("company_id", False)
                    and self.env[model_name]._fields["company_id"].type == "many2one"
                ):
                    res_ids[model_name][sms.id] = res_id
                    break
        result = {}
        for model_name, by_sms in res_ids.items():
            origins = self.env[model_name].sudo().browse(set(by_sms.values()))
            companies = {rec.id: rec.company_id for rec in origins.exists()}
            for sms_id, res_id in by_sms.items():
                if companies.get(res_id):
                    result[sms_id] = companies[res_id]
        for sms in sms_all:
            if sms.id not in result and sms.partner_id.company_id:
                result[sms.id] = sms.partner_id.company_id
        return result

    def _tz_set_company(self):
        origins = self._tz_origin_companies()
        for company, sms_records in self.grouped(
            lambda sms: origins.get(sms.id) or self.env.company
        ).items():
            sms_records.sudo().write({"tz_company_id": company.id})

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Route each message through the active gateway of its own company."""
        # SMS queued before the sending company was recorded: by their origin
        origins = self.filtered(
            lambda sms: not sms.tz_company_id
        )._tz_origin_companies()
        for company, sms_records in self.grouped(
            lambda sms: sms.tz_company_id or origins.get(sms.id) or self.env.company
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

import logging

from odoo import _, fields, models
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

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Route the batch through the active Chinese SMS gateway."""
        gateway = self.env["tz.sms.gateway"]._tz_get_active_gateway()
        if not gateway:
            icp = self.env["ir.config_parameter"].sudo()
            if icp.get_param("tz_docs_center.sms_iap_fallback"):
                return super()._send(
                    unlink_failed=unlink_failed,
                    unlink_sent=unlink_sent,
                    raise_exception=raise_exception,
                )
            message = _(
                "No active SMS gateway: configure one in Docs Center > "
                "Configuration > SMS Gateways."
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

import logging

from odoo import Command, api, models

_logger = logging.getLogger(__name__)

# The tz models where a change matters to an auditor, with auditlog's log
# type: "full" diffs every stored field before/after; "fast" logs only the
# values written, for the models batch runs write by thousands.
AUDITED_MODELS = {
    "tz.credit.limit.temp": "full",
    "tz.credit.approval": "full",
    "tz.collection.plan": "fast",
    "tz.collection.log": "fast",
    "tz.commission.plan": "full",
    "tz.commission.line": "fast",
    "tz.commission.settlement": "full",
    "tz.customer.handover": "full",
    "tz.customer.interaction": "full",
    "tz.inspection": "full",
    "tz.price.history": "fast",
    "tz.market.plan": "full",
}
# Customers' credit limits live on res.partner, which auditlog would patch as
# a whole (every partner write of every app); these fields are logged by
# tz_system's own res.partner.write into auditlog's tables instead.
PARTNER_CREDIT_FIELDS = ("credit_limit", "use_partner_credit_limit")
NOISE_PREFIXES = ("message_", "activity_", "website_message", "rating_")


class TzSystemAudit(models.AbstractModel):
    _name = "tz.system.audit"
    _description = "Audit Rules of the tz Models"

    def _register_hook(self):
        # tz_system does not depend on the tz modules: installed with them in
        # one run, its post-init hook may come before theirs. At the end of
        # every install/upgrade run (never at a plain server start, which
        # may be on a read replica), the installed tz models get their rules.
        super()._register_hook()
        if self.env.registry.updated_modules:
            self._tz_ensure_audit_rules()

    @api.model
    def _tz_audited_models(self):
        return [model for model in AUDITED_MODELS if model in self.env]

    @api.model
    def _tz_ensure_audit_rules(self):
        """Create and subscribe the auditlog rule of every installed tz model
        that has none. Idempotent: run at install, by a daily job and from
        Settings, so rules follow tz modules installed later."""
        Rule = self.env["auditlog.rule"].sudo().with_context(active_test=False)
        IrModel = self.env["ir.model"].sudo()
        root = self.env.ref("base.user_root")
        auditors = self.env.ref("tz_system.group_tz_auditor") | self.env.ref(
            "base.group_system"
        )
        created = Rule.browse()
        for model_name in self._tz_audited_models():
            model = IrModel._get(model_name)
            if Rule.search_count([("model_id", "=", model.id)]):
                continue
            noise = model.field_id.filtered(lambda f: f.name.startswith(NOISE_PREFIXES))
            created |= Rule.create(
                {
                    "name": self.env._("Audit: %s", model.name),
                    "model_id": model.id,
                    "log_type": AUDITED_MODELS[model_name],
                    "log_create": True,
                    "log_write": True,
                    "log_unlink": True,
                    "log_read": False,
                    "log_export_data": False,
                    "capture_record": True,
                    # scheduled runs act as OdooBot: their inputs are audited
                    "users_to_exclude_ids": [Command.set(root.ids)],
                    "fields_to_exclude_ids": [Command.set(noise.ids)],
                }
            )
        if created:
            created.subscribe()
            created.action_id.write(
                {
                    "name": self.env._("Audit log"),
                    "groups_id": [Command.set(auditors.ids)],
                }
            )
            _logger.info(
                "audit rules subscribed: %s", ", ".join(created.mapped("model_model"))
            )
        return created

    @api.model
    def _tz_log_partner_credit(self, partners, names, old_values):
        """Write auditlog records for credit-limit changes of ``partners``."""
        IrModel = self.env["ir.model"].sudo()
        model = IrModel._get("res.partner")
        field_ids = {
            f.name: f for f in model.field_id.filtered(lambda f: f.name in names)
        }
        request = self.env["auditlog.http.request"].sudo().current_http_request()
        session = self.env["auditlog.http.session"].sudo().current_http_session()
        vals_list = []
        for partner in partners.sudo():
            lines = []
            for name in names:
                old, new = old_values[partner.id][name], partner[name]
                if old == new or name not in field_ids:
                    continue
                lines.append(
                    Command.create(
                        {
                            "field_id": field_ids[name].id,
                            "old_value": old,
                            "old_value_text": old,
                            "new_value": new,
                            "new_value_text": new,
                        }
                    )
                )
            if lines:
                vals_list.append(
                    {
                        "name": partner.display_name,
                        "model_id": model.id,
                        "res_id": partner.id,
                        "method": "write",
                        "user_id": self.env.uid,
                        "log_type": "full",
                        "http_request_id": request,
                        "http_session_id": session,
                        "line_ids": lines,
                    }
                )
        if vals_list:
            self.env["auditlog.log"].sudo().create(vals_list)

    @api.model
    def _tz_partner_credit_enabled(self):
        return self.env["ir.config_parameter"].sudo().get_param(
            "tz_system.audit_partner_credit", "1"
        ) not in ("0", "False", "")

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tz_backup_hour = fields.Integer(
        string="Backup hour (Asia/Shanghai)",
        config_parameter="tz_system.backup_hour",
        default=2,
    )
    tz_backup_days_to_keep = fields.Integer(
        string="Keep backups (days)", compute="_compute_tz_backup", readonly=False
    )
    tz_backup_folder = fields.Char(
        string="Backup folder", compute="_compute_tz_backup", readonly=False
    )
    tz_auditlog_vacuum_days = fields.Integer(
        string="Keep audit logs (days)",
        config_parameter="tz_system.auditlog_vacuum_days",
        default=365,
    )
    tz_audit_partner_credit = fields.Boolean(
        string="Audit customers' credit limits",
        config_parameter="tz_system.audit_partner_credit",
        default=True,
    )

    @api.depends("company_id")
    def _compute_tz_backup(self):
        backup = self.env.ref("tz_system.db_backup_daily", False)
        for settings in self:
            settings.tz_backup_days_to_keep = backup.days_to_keep if backup else 14
            settings.tz_backup_folder = backup.folder if backup else False

    @api.constrains("tz_backup_hour", "tz_auditlog_vacuum_days")
    def _check_tz_system(self):
        for settings in self:
            if not 0 <= settings.tz_backup_hour <= 23:
                raise ValidationError(
                    self.env._("The backup hour is between 0 and 23.")
                )
            if settings.tz_auditlog_vacuum_days < 30:
                raise ValidationError(
                    self.env._("Audit logs are kept at least 30 days.")
                )

    def set_values(self):
        result = super().set_values()
        backup = self.env.ref("tz_system.db_backup_daily", False)
        if backup:
            vals = {"days_to_keep": self.tz_backup_days_to_keep}
            if self.tz_backup_folder:
                vals["folder"] = self.tz_backup_folder
            backup.sudo().write(vals)
        self.env["db.backup"]._tz_schedule_default_backup()
        cron = self.env.ref("auditlog.ir_cron_auditlog_autovacuum", False)
        if cron:
            cron.sudo().write(
                {
                    "code": f"model.autovacuum({int(self.tz_auditlog_vacuum_days)})",
                    "active": True,
                }
            )
        return result

    def action_tz_apply_audit_rules(self):
        self.env["tz.system.audit"].sudo()._tz_ensure_audit_rules()
        return True

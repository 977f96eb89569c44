import os
import re

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.service import db as db_service

from ..models.tz_backup_drill import restoring

DB_NAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


class TzBackupRestoreWizard(models.TransientModel):
    """Restore a backup into a NEW database, through Odoo's own database
    service, guarded by the master password like the database manager."""

    _name = "tz.backup.restore.wizard"
    _description = "Restore a Backup into a New Database"

    backup_file = fields.Selection(selection="_selection_backup_file", required=True)
    new_database = fields.Char(required=True)
    master_password = fields.Char(required=True)

    @api.model
    def _selection_backup_file(self):
        files = []
        for backup in self.env["db.backup"].sudo().search([("method", "=", "local")]):
            files += backup._tz_backup_files()
        return [(path, os.path.basename(path)) for path in sorted(files, reverse=True)]

    def action_restore(self):
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessDenied()
        if not DB_NAME_RE.match(self.new_database or ""):
            raise UserError(
                self.env._(
                    "A database name uses letters, digits, '_', '-' and '.' only."
                )
            )
        if self.new_database in db_service.list_dbs(True):
            raise UserError(
                self.env._(
                    "The database %s already exists: choose a new name.",
                    self.new_database,
                )
            )
        if self.backup_file not in dict(self._selection_backup_file()):
            raise UserError(self.env._("This backup file is not in a backup folder."))
        try:
            db_service.check_super(self.master_password)
        except AccessDenied as exc:
            raise UserError(self.env._("The master password is wrong.")) from exc
        with restoring():
            db_service.restore_db(self.new_database, self.backup_file, copy=True)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Backup restored"),
                "message": self.env._(
                    "The backup was restored into the new database %s.",
                    self.new_database,
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

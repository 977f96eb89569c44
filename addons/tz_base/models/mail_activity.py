import logging

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _tz_one_open_per_record(self, activity_type_xmlid):
        """At most one open activity of this type per record, held by a
        partial unique index: the reminders a daily job puts on records (a
        visit overdue, a stock alert) cannot be doubled by two runners.

        Called from the module's data (install and every upgrade); the index
        names the type's id, so it is made again if the type was re-created.
        Doubles left by an earlier version are removed first, oldest kept."""
        activity_type = self.env.ref(activity_type_xmlid, raise_if_not_found=False)
        if not activity_type:
            return False
        name = ("tz_one_open_" + activity_type_xmlid.replace(".", "_"))[:63]
        predicate = f"(activity_type_id = {int(activity_type.id)})"
        cr = self.env.cr
        cr.execute(SQL("SELECT indexdef FROM pg_indexes WHERE indexname = %s", name))
        row = cr.fetchone()
        if row and predicate in row[0]:
            return True
        if row:
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        self.flush_model()
        cr.execute(
            SQL(
                """
                DELETE FROM mail_activity a
                 USING mail_activity b
                 WHERE a.activity_type_id = %(type)s AND b.activity_type_id = %(type)s
                   AND a.active AND b.active
                   AND a.res_model = b.res_model AND a.res_id = b.res_id
                   AND a.id > b.id
                """,
                type=activity_type.id,
            )
        )
        if cr.rowcount:
            _logger.info(
                "%s: %s doubled open activities removed",
                activity_type_xmlid,
                cr.rowcount,
            )
            self.invalidate_model()
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON mail_activity (res_model, res_id) "
                "WHERE activity_type_id = %s AND active",
                SQL.identifier(name),
                activity_type.id,
            )
        )
        return True

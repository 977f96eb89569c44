"""Remove what deleted credit approvals left behind.

Before 18.0.1.3.0, deleting a quotation (an administrator, or a draft
request) let the database cascade delete its credit approvals without the
ORM: their activities stayed on the credit managers and broke their activity
menu. Activities, followers and messages of approvals that no longer exist
are removed."""

import logging

_logger = logging.getLogger(__name__)

# constant table and column names: the f-string below takes nothing else
ORPHANS = (
    ("mail_activity", "res_model"),
    ("mail_followers", "res_model"),
    ("mail_message", "model"),
)


def migrate(cr, version):
    for table, model_column in ORPHANS:
        cr.execute(
            f"""
            DELETE FROM {table} x
             WHERE x.{model_column} = 'tz.credit.approval'
               AND NOT EXISTS (SELECT 1 FROM tz_credit_approval a WHERE a.id = x.res_id)
            """
        )
        if cr.rowcount:
            _logger.info(
                "%s %s rows of deleted credit approvals removed", cr.rowcount, table
            )

from odoo.tools import SQL

from . import models
from . import wizard
from .models.tz_credit_lock import CREDIT_CHECK_INDEXES


def uninstall_hook(env):
    """Drop the database function of the credit check and its indexes on
    core tables (see ``models/tz_credit_lock.py``); its own table goes with
    the model."""
    env.cr.execute("DROP FUNCTION IF EXISTS tz_credit_check")
    for name, *_rest in CREDIT_CHECK_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))

from . import models
from . import wizard


def post_init_hook(env):
    env["tz.system.audit"]._tz_ensure_audit_rules()
    env["db.backup"]._tz_schedule_default_backup()

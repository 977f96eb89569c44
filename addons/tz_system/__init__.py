import os

from . import models
from . import wizard


def post_init_hook(env):
    # a folder of its own: auto_backup names a configuration after its folder,
    # and its default folder is what a user's first configuration gets
    daily = env.ref("tz_system.db_backup_daily")
    daily.folder = os.path.join(daily.folder, "daily")
    env["tz.system.audit"]._tz_ensure_audit_rules()
    env["db.backup"]._tz_schedule_default_backup()

from . import tz_backup_restore_wizard

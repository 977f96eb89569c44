from . import base
from . import db_backup
from . import res_config_settings
from . import res_partner
from . import tz_backup_drill
from . import tz_system_audit
from . import tz_system_health

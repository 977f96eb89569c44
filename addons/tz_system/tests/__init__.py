from . import test_audit
from . import test_backup_drill
from . import test_health

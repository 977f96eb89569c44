from . import tz_commission_settle_wizard
from . import tz_commission_export_wizard

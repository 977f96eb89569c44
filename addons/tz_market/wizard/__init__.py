from . import tz_market_info_verify_wizard
from . import tz_market_lead_wizard
from . import crm_lead_lost

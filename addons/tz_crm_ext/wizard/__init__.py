from . import tz_lead_assign_wizard
from . import tz_customer_handover_wizard

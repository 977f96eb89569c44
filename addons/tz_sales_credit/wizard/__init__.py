from . import tz_collection_call_wizard
from . import tz_collection_cancel_wizard

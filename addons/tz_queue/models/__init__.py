from . import tz_queue_split
from . import tz_collection_plan
from . import res_partner
from . import tz_stock_level
from . import tz_service_request

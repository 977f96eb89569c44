from . import test_inspection
from . import test_supply_info
from . import test_stock_level
from . import test_access
from . import test_tour
from . import test_rules
from . import test_roles
from . import test_multi_company

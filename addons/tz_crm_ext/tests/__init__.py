from . import test_assignment
from . import test_interaction
from . import test_visit_cycle
from . import test_customer_value
from . import test_handover
from . import test_security
from . import test_customer_360
from . import test_tour

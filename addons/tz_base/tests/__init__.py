from . import test_guard
from . import test_company_numbers
from . import test_single_run

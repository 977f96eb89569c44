from . import test_guard
from . import test_company_numbers

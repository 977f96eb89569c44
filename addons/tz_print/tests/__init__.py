from . import test_tz_print_layout
from . import test_tz_print_pdf

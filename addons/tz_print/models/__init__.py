from . import ir_actions_report
from . import tz_print_layout
from . import tz_print_layout_item
from . import tz_print_layout_column
from . import tz_print_offset

from . import tz_guarded_mixin
from . import ir_attachment
from . import res_company

from . import tz_guarded_mixin
from . import ir_attachment
from . import res_company
from . import tz_single_run
from . import mail_activity

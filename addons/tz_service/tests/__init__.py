from . import test_service_request
from . import test_mail_gateway
from . import test_kb_article
from . import test_diagnosis
from . import test_search
from . import test_portal

from . import test_directory
from . import test_address_book
from . import test_documents
from . import test_sms_gateway
from . import test_import_export
from . import test_tour

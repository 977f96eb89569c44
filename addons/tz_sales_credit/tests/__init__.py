from . import test_credit_check
from . import test_credit_approval
from . import test_credit_paths
from . import test_credit_concurrency
from . import test_rmb_amount
from . import test_credit_tour
from . import test_collection
from . import test_collection_tour

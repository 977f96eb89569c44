from . import test_tz_queue_split

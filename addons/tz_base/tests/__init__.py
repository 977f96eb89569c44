from . import test_guard

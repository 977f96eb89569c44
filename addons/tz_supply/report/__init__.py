from . import tz_vendor_comparison

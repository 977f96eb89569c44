from . import tz_market_plan_report

"""Calendar periods (month / quarter / year) used by targets and settlements."""

import calendar
import datetime

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"


def period_start(day, period_type):
    """First day of the period of ``period_type`` containing ``day``."""
    if period_type == MONTH:
        return day.replace(day=1)
    if period_type == QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period_type == YEAR:
        return datetime.date(day.year, 1, 1)
    raise ValueError(f"Unknown period type {period_type!r}")


def period_end(start, period_type):
    """Last day of the period of ``period_type`` starting on ``start``."""
    months = {MONTH: 1, QUARTER: 3, YEAR: 12}.get(period_type)
    if months is None:
        raise ValueError(f"Unknown period type {period_type!r}")
    month_index = start.month - 1 + months - 1
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(day, period_type):
    start = period_start(day, period_type)
    return start, period_end(start, period_type)


def is_period_start(day, period_type):
    return period_start(day, period_type) == day


def period_label(start, period_type):
    """Short label: 2026-03, 2026-Q1, 2026."""
    if period_type == MONTH:
        return f"{start.year}-{start.month:02d}"
    if period_type == QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}"


def overlaps(a_from, a_to, b_from, b_to):
    """Closed date intervals overlap; ``None`` bound means unbounded."""
    if a_to is not None and b_from is not None and a_to < b_from:
        return False
    return not (b_to is not None and a_from is not None and b_to < a_from)

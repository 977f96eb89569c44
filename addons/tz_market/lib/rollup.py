"""Pure roll-up arithmetic and period helpers for market plans (no Odoo import)."""

import calendar
import datetime


def safe_div(numerator, denominator):
    """Divide, returning 0.0 when the denominator is zero or empty."""
    if not denominator:
        return 0.0
    return numerator / denominator


def cost_per_lead(cost, lead_count):
    """Cost of one lead; 0.0 when there are no leads."""
    return safe_div(cost, lead_count)


def roi_percent(revenue, cost):
    """Return on investment in percent: (revenue - cost) / cost * 100."""
    if not cost:
        return 0.0
    return (revenue - cost) / cost * 100.0


def progress_percent(actual, target):
    """Progress of ``actual`` towards ``target`` in percent (0 when no target)."""
    return safe_div(actual, target) * 100.0


def month_bounds(day):
    """First and last day of the month containing ``day``."""
    first = day.replace(day=1)
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return first, last


def previous_month_bounds(day):
    """First and last day of the month before the one containing ``day``."""
    first_of_current = day.replace(day=1)
    return month_bounds(first_of_current - datetime.timedelta(days=1))


def previous_period(date_from, date_to):
    """The period of the same length that ends the day before ``date_from``."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    length = (date_to - date_from).days
    prev_to = date_from - datetime.timedelta(days=1)
    return prev_to - datetime.timedelta(days=length), prev_to


def prorate_annual(annual_amount, date_from, date_to):
    """Part of a yearly amount that falls on the days of [date_from, date_to]."""
    if not annual_amount or date_to < date_from:
        return 0.0
    days = (date_to - date_from).days + 1
    return annual_amount * days / 365.0


def summarize_outcomes(rows, won_stage_ids):
    """Turn grouped lead rows into counters.

    ``rows`` is an iterable of ``(key, lead_type, stage_id, active, count)``.
    Returns ``{key: {"leads", "opportunities", "won", "lost"}}``.
    A lead is won when its stage is a won stage, lost when it is archived
    and not won.
    """
    result = {}
    for key, lead_type, stage_id, active, count in rows:
        acc = result.setdefault(
            key, {"leads": 0, "opportunities": 0, "won": 0, "lost": 0}
        )
        acc["leads"] += count
        if lead_type == "opportunity":
            acc["opportunities"] += count
        if stage_id in won_stage_ids and lead_type == "opportunity":
            acc["won"] += count
        elif not active:
            acc["lost"] += count
    return result

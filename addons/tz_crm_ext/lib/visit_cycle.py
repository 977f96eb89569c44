"""Visit-cycle date logic (no Odoo import).

A customer must be visited every ``interval`` days (calendar days) or, when
the company enables it, every ``interval`` *working days*.  Working days follow
the official Chinese calendar (``chinesecalendar``: statutory holidays and the
adjusted working weekends, 调休).  ``chinesecalendar`` only knows the years for
which the State Council published the schedule; for any other year (or when the
library is not installed) the count falls back to plain weekdays (Mon-Fri).
"""

import datetime
from functools import lru_cache

try:  # optional dependency
    import chinese_calendar
except ImportError:  # pragma: no cover - depends on the environment
    chinese_calendar = None


def chinese_calendar_available():
    return chinese_calendar is not None


@lru_cache(maxsize=64)
def chinese_calendar_covers(year):
    """True when ``chinesecalendar`` has official data for ``year``."""
    if chinese_calendar is None:
        return False
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=4096)
def is_working_day(day, use_chinese_calendar=True):
    """Working day per the Chinese calendar, weekdays when it is not covered."""
    if use_chinese_calendar and chinese_calendar_covers(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


@lru_cache(maxsize=65536)
def add_days(start, days, working_days=False):
    """Return ``start`` + ``days`` calendar days or working days.

    With ``working_days`` the result is the ``days``-th working day strictly
    after ``start`` (``days == 0`` returns ``start``).
    """
    if days is None or days < 0:
        raise ValueError("The visit interval cannot be negative.")
    if not working_days:
        return start + datetime.timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_due_date(last_date, interval, working_days=False):
    """Date by which the customer must be visited again.

    ``last_date`` is the last interaction (or, without any, the date the
    customer was created).  ``interval`` <= 0 or ``None`` means no visit cycle
    and returns ``None``.
    """
    if not last_date or not interval or interval <= 0:
        return None
    if isinstance(last_date, datetime.datetime):
        last_date = last_date.date()
    return add_days(last_date, int(interval), bool(working_days))


def is_overdue(due_date, today):
    """A customer is overdue the day after its due date."""
    return bool(due_date) and due_date < today


def days_overdue(due_date, today, working_days=False):
    """Number of (calendar or working) days the visit is late, 0 if not late."""
    if not is_overdue(due_date, today):
        return 0
    if not working_days:
        return (today - due_date).days
    count = 0
    day = due_date
    while day < today:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count

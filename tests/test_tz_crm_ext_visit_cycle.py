import datetime as dt

import pytest
from conftest import load_addon_lib

visit_cycle = load_addon_lib("tz_crm_ext", "visit_cycle")

D = dt.date


def test_calendar_days():
    assert visit_cycle.add_days(D(2026, 1, 30), 30) == D(2026, 3, 1)
    assert visit_cycle.next_due_date(D(2026, 6, 1), 14) == D(2026, 6, 15)
    assert visit_cycle.next_due_date(dt.datetime(2026, 6, 1, 23, 0), 1) == D(2026, 6, 2)


def test_no_cycle_and_negative():
    assert visit_cycle.next_due_date(D(2026, 6, 1), 0) is None
    assert visit_cycle.next_due_date(None, 7) is None
    with pytest.raises(ValueError):
        visit_cycle.add_days(D(2026, 6, 1), -1)


@pytest.mark.skipif(
    not visit_cycle.chinese_calendar_covers(2026), reason="chinesecalendar missing"
)
def test_chinese_working_days_national_day():
    # 2026-10-01..07 holidays; 2026-10-10 (Saturday) is an adjusted working day
    assert not visit_cycle.is_working_day(D(2026, 10, 1))
    assert visit_cycle.is_working_day(D(2026, 10, 10))
    assert visit_cycle.add_days(D(2026, 9, 30), 1, True) == D(2026, 10, 8)
    assert visit_cycle.add_days(D(2026, 9, 30), 7, True) == D(2026, 10, 15)


def test_fallback_to_weekdays_for_uncovered_year():
    assert not visit_cycle.chinese_calendar_covers(2099)
    # 2099-01-02 is a Friday: next working day is Monday 5th
    assert visit_cycle.add_days(D(2099, 1, 2), 1, True) == D(2099, 1, 5)
    assert visit_cycle.is_working_day(D(2099, 1, 1))  # Thursday, holiday unknown
    assert not visit_cycle.is_working_day(D(2099, 1, 3))


def test_weekdays_without_library(monkeypatch):
    monkeypatch.setattr(visit_cycle, "chinese_calendar", None)
    visit_cycle.chinese_calendar_covers.cache_clear()
    visit_cycle.is_working_day.cache_clear()
    try:
        assert not visit_cycle.chinese_calendar_covers(2026)
        assert visit_cycle.is_working_day(D(2026, 10, 1))  # plain Thursday
    finally:
        visit_cycle.chinese_calendar_covers.cache_clear()
        visit_cycle.is_working_day.cache_clear()


def test_overdue():
    assert not visit_cycle.is_overdue(D(2026, 6, 15), D(2026, 6, 15))
    assert visit_cycle.is_overdue(D(2026, 6, 15), D(2026, 6, 16))
    assert not visit_cycle.is_overdue(None, D(2026, 6, 16))
    assert visit_cycle.days_overdue(D(2026, 6, 15), D(2026, 6, 20)) == 5
    assert visit_cycle.days_overdue(D(2026, 6, 15), D(2026, 6, 10)) == 0
    # Friday -> next Monday: 1 working day late
    assert visit_cycle.days_overdue(D(2099, 1, 2), D(2099, 1, 5), True) == 1

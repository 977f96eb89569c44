import datetime as dt

import pytest
from conftest import load_addon_lib

periods = load_addon_lib("tz_commission", "periods")


@pytest.mark.parametrize(
    "day,ptype,start,end",
    [
        (dt.date(2026, 2, 14), "month", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 14), "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2026, 11, 5), "quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 5, 5), "quarter", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), "year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_bounds(day, ptype, start, end):
    assert periods.period_bounds(day, ptype) == (start, end)


def test_labels_and_start_check():
    assert periods.period_label(dt.date(2026, 4, 1), "quarter") == "2026-Q2"
    assert periods.period_label(dt.date(2026, 4, 1), "month") == "2026-04"
    assert periods.period_label(dt.date(2026, 1, 1), "year") == "2026"
    assert periods.is_period_start(dt.date(2026, 4, 1), "quarter")
    assert not periods.is_period_start(dt.date(2026, 5, 1), "quarter")


def test_overlaps():
    d = dt.date
    assert periods.overlaps(d(2026, 1, 1), d(2026, 1, 31), d(2026, 1, 31), None)
    assert not periods.overlaps(d(2026, 1, 1), d(2026, 1, 31), d(2026, 2, 1), None)
    assert periods.overlaps(None, None, d(2026, 2, 1), d(2026, 2, 2))
    assert not periods.overlaps(d(2026, 3, 1), None, None, d(2026, 2, 28))


def test_unknown_type():
    with pytest.raises(ValueError):
        periods.period_start(dt.date(2026, 1, 1), "week")
    with pytest.raises(ValueError):
        periods.period_end(dt.date(2026, 1, 1), "week")

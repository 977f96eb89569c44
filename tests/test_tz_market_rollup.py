import datetime

import pytest
from conftest import load_addon_lib

rollup = load_addon_lib("tz_market", "rollup")


def test_ratios():
    assert rollup.cost_per_lead(35_000, 5) == 7_000
    assert rollup.cost_per_lead(35_000, 0) == 0.0
    assert rollup.roi_percent(500_000, 35_000) == pytest.approx(1328.5714, rel=1e-6)
    assert rollup.roi_percent(0, 10_000) == -100.0
    assert rollup.roi_percent(1_000, 0) == 0.0
    assert rollup.progress_percent(500_000, 1_000_000) == 50.0
    assert rollup.progress_percent(3, 0) == 0.0


def test_month_bounds():
    d = datetime.date
    assert rollup.month_bounds(d(2024, 2, 15)) == (d(2024, 2, 1), d(2024, 2, 29))
    assert rollup.previous_month_bounds(d(2025, 1, 3)) == (
        d(2024, 12, 1),
        d(2024, 12, 31),
    )
    assert rollup.previous_month_bounds(d(2015, 4, 1)) == (
        d(2015, 3, 1),
        d(2015, 3, 31),
    )


def test_previous_period():
    d = datetime.date
    assert rollup.previous_period(d(2015, 3, 1), d(2015, 3, 31)) == (
        d(2015, 1, 29),
        d(2015, 2, 28),
    )
    assert rollup.previous_period(d(2024, 1, 1), d(2024, 1, 1)) == (
        d(2023, 12, 31),
        d(2023, 12, 31),
    )
    with pytest.raises(ValueError):
        rollup.previous_period(d(2024, 2, 1), d(2024, 1, 1))


def test_prorate_annual():
    d = datetime.date
    assert rollup.prorate_annual(36_500, d(2015, 3, 1), d(2015, 3, 31)) == 3_100
    assert rollup.prorate_annual(0, d(2015, 3, 1), d(2015, 3, 31)) == 0.0
    assert rollup.prorate_annual(36_500, d(2015, 3, 2), d(2015, 3, 1)) == 0.0


def test_summarize_outcomes():
    won_stages = {4}
    rows = [
        (1, "lead", 1, True, 3),  # open leads
        (1, "opportunity", 2, True, 2),  # open opportunities
        (1, "opportunity", 4, True, 1),  # won
        (1, "opportunity", 2, False, 2),  # lost (archived, not won)
        (2, "lead", False, False, 1),  # archived lead counts as lost
        (2, "lead", 4, True, 1),  # a lead in a won stage is not a won deal
    ]
    result = rollup.summarize_outcomes(rows, won_stages)
    assert result[1] == {"leads": 8, "opportunities": 5, "won": 1, "lost": 2}
    assert result[2] == {"leads": 2, "opportunities": 0, "won": 0, "lost": 1}
    assert rollup.summarize_outcomes([], won_stages) == {}

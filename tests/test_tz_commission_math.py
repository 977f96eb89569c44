import pytest
from conftest import load_addon_lib

cm = load_addon_lib("tz_commission", "commission_math")

TIERS = [(0, 80, 2), (80, 100, 3), (100, None, 5)]


def test_validate_ok_sorted_output():
    norm = cm.validate_tiers([(100, None, 5), (0, 80, 2), (80, 100, 3)])
    assert norm == [(0.0, 80.0, 2.0), (80.0, 100.0, 3.0), (100.0, None, 5.0)]


@pytest.mark.parametrize(
    "tiers,code",
    [
        ([], "empty"),
        ([(0, 80, 2), (70, None, 3)], "overlap"),
        ([(0, 80, 2), (90, None, 3)], "gap"),
        ([(10, None, 2)], "gap"),
        ([(0, 80, 2), (80, 120, 3)], "gap"),
        ([(0, 80, -1), (80, None, 3)], "rate"),
        ([(0, 80, 2), (80, None, 100.5)], "rate"),
        ([(0, 80, 2), (80, 80, 3), (80, None, 4)], "bounds"),
        ([(0, None, 2), (80, None, 3)], "overlap"),
    ],
)
def test_validate_errors(tiers, code):
    with pytest.raises(cm.TierError) as err:
        cm.validate_tiers(tiers)
    assert err.value.code == code


def test_rate_bounds_inclusive():
    assert cm.validate_rate(0) == 0
    assert cm.validate_rate(100) == 100


def test_tier_for_boundaries():
    assert cm.tier_for(79.99, TIERS)[2] == 2
    assert cm.tier_for(80, TIERS)[2] == 3
    assert cm.tier_for(100, TIERS)[2] == 5
    assert cm.tier_for(None, TIERS)[2] == 2


def test_fixed():
    assert cm.cumulative_commission(10000, 0, mode=cm.FIXED, rate=3) == 300


def test_whole_mode_known_numbers():
    # target 100 000: 90 000 sold -> 90 % -> 3 % on everything
    assert cm.cumulative_commission(90000, 100000, TIERS, cm.WHOLE) == pytest.approx(
        2700
    )
    assert cm.cumulative_commission(120000, 100000, TIERS, cm.WHOLE) == pytest.approx(
        6000
    )


def test_progressive_mode_known_numbers():
    # 80 000 at 2 % + 20 000 at 3 % + 20 000 at 5 %
    value = cm.cumulative_commission(120000, 100000, TIERS, cm.PROGRESSIVE)
    assert value == pytest.approx(1600 + 600 + 1000)
    assert cm.cumulative_commission(
        50000, 100000, TIERS, cm.PROGRESSIVE
    ) == pytest.approx(1000)


def test_no_target_uses_first_tier():
    assert cm.cumulative_commission(50000, 0, TIERS, cm.WHOLE) == pytest.approx(1000)
    assert cm.cumulative_commission(
        50000, None, TIERS, cm.PROGRESSIVE
    ) == pytest.approx(1000)


@pytest.mark.parametrize("mode", [cm.WHOLE, cm.PROGRESSIVE])
def test_events_sum_to_period_total_in_any_order(mode):
    deltas = [30000, 60000, -10000, 40000, 5000]
    x = 0.0
    total = 0.0
    for delta in deltas:
        total += cm.event_commission(x, delta, 100000, TIERS, mode)
        x += delta
    assert total == pytest.approx(cm.cumulative_commission(x, 100000, TIERS, mode))


def test_whole_mode_crossing_tier_rerates_previous_sales():
    # 70 000 earned at 2 % = 1 400; selling 20 000 more crosses 80 %:
    # whole basis 90 000 at 3 % = 2 700 -> the event is worth 1 300
    assert cm.event_commission(70000, 20000, 100000, TIERS, cm.WHOLE) == pytest.approx(
        1300
    )


def test_clawback_is_negative_event():
    value = cm.event_commission(90000, -20000, 100000, TIERS, cm.WHOLE)
    assert value == pytest.approx(70000 * 0.02 - 90000 * 0.03)


def test_next_tier_gap_whole_and_progressive():
    gap = cm.next_tier_gap(70000, 100000, TIERS, cm.WHOLE)
    assert gap["needed"] == pytest.approx(10000)
    assert gap["next_rate"] == 3
    assert gap["worth"] == pytest.approx(80000 * 0.03 - 70000 * 0.02)
    gap = cm.next_tier_gap(90000, 100000, TIERS, cm.PROGRESSIVE)
    assert gap["needed"] == pytest.approx(10000)
    assert gap["worth"] == pytest.approx(300)
    assert cm.next_tier_gap(130000, 100000, TIERS, cm.WHOLE) is None
    assert cm.next_tier_gap(1000, 0, TIERS, cm.WHOLE) is None
    assert cm.next_tier_gap(1000, 100, mode=cm.FIXED, rate=3) is None


def test_effective_rate_and_achievement():
    assert cm.achievement(50, 200) == 25
    assert cm.achievement(50, 0) is None
    assert cm.effective_rate(0, 100000, TIERS, cm.WHOLE) == 2
    assert cm.effective_rate(120000, 100000, TIERS, cm.PROGRESSIVE) == pytest.approx(
        3200 / 120000 * 100
    )


def test_unknown_mode():
    with pytest.raises(ValueError):
        cm.cumulative_commission(10, 10, TIERS, "bogus")


def test_clawback_of_earlier_period_is_last_in_first_out():
    """Credit note of 30 000 against November's 120 000 (target 100 000):
    it takes back what the top 30 000 earned in November's tiers."""
    kwargs = {"tiers": TIERS, "mode": cm.PROGRESSIVE}
    november = cm.cumulative_commission(120000, 100000, **kwargs)
    assert november == pytest.approx(3200)
    clawback = cm.event_commission(120000, -30000, 100000, **kwargs)
    assert clawback == pytest.approx(-1300)  # 20 000 x 5 % + 10 000 x 3 %
    assert november + clawback == pytest.approx(
        cm.cumulative_commission(90000, 100000, **kwargs)
    )
    # the defect priced it at the position of an empty December: entry tier
    assert cm.event_commission(0, -30000, 100000, **kwargs) == pytest.approx(-600)

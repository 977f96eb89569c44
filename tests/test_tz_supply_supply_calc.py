import pytest
from conftest import load_addon_lib

calc = load_addon_lib("tz_supply", "supply_calc")


class TestSampleSize:
    def test_all(self):
        assert calc.sample_size("all", 40) == 40

    def test_fixed_capped_by_received(self):
        assert calc.sample_size("fixed", 40, fixed_qty=5) == 5
        assert calc.sample_size("fixed", 3, fixed_qty=5) == 3

    def test_percentage_rounds_up(self):
        assert calc.sample_size("percentage", 40, percent=10) == 4
        assert calc.sample_size("percentage", 41, percent=10) == 5
        assert calc.sample_size("percentage", 3, percent=1) == 1

    def test_percentage_decimal_rounding(self):
        assert calc.sample_size("percentage", 2.5, percent=10, rounding=0.01) == 0.25

    def test_nothing_received(self):
        assert calc.sample_size("percentage", 0, percent=10) == 0

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"method": "fixed", "received_qty": 5, "fixed_qty": -1},
            {"method": "percentage", "received_qty": 5, "percent": 120},
            {"method": "percentage", "received_qty": -5, "percent": 10},
            {"method": "bogus", "received_qty": 5},
        ],
    )
    def test_bad_input(self, kwargs):
        with pytest.raises(ValueError):
            calc.sample_size(**kwargs)


def test_acceptance_rate():
    assert calc.acceptance_rate(8, 10) == 80.0
    assert calc.acceptance_rate(0, 0) is None


class TestPrices:
    def test_change(self):
        assert calc.price_change_pct(100, 115) == 15.0
        assert calc.price_change_pct(100, 90) == -10.0
        assert calc.price_change_pct(0, 90) is None

    def test_alert_both_directions(self):
        assert calc.is_price_alert(100, 111, 10)
        assert calc.is_price_alert(100, 85, 10)
        assert not calc.is_price_alert(100, 110, 10)
        assert not calc.is_price_alert(None, 110, 10)

    def test_negative_threshold(self):
        with pytest.raises(ValueError):
            calc.is_price_alert(100, 110, -1)

    def test_stats(self):
        stats = calc.price_stats([10, 12, 8, 11])
        assert stats == {"last": 11, "avg": 10.25, "min": 8, "count": 4}
        assert calc.price_stats([])["last"] is None


def test_lead_time_stats():
    stats = calc.lead_time_stats([(7, 7), (7, 10), (5, 4)])
    assert stats["avg_promised"] == 6.33
    assert stats["avg_actual"] == 7.0
    assert stats["avg_delay"] == 0.67
    assert stats["on_time_rate"] == 66.67
    assert calc.lead_time_stats([])["count"] == 0


class TestCover:
    def test_avg_daily(self):
        assert calc.avg_daily_consumption(300, 30) == 10
        with pytest.raises(ValueError):
            calc.avg_daily_consumption(300, 0)

    def test_days_of_cover(self):
        assert calc.days_of_cover(100, 10) == 10
        assert calc.days_of_cover(100, 0) is None
        assert calc.days_of_cover(-5, 10) == 0

    def test_shortage_within_lead_time(self):
        res = calc.classify(on_hand=50, daily_consumption=10, lead_days=7, min_qty=20)
        # 50 - 70 = -20 < 20
        assert res["shortage"] and res["state"] == "shortage"
        assert res["projected_qty"] == -20
        assert res["shortage_qty"] == 40

    def test_incoming_prevents_shortage(self):
        res = calc.classify(
            on_hand=50, daily_consumption=10, lead_days=7, min_qty=20, incoming_qty=60
        )
        assert not res["shortage"]
        assert res["state"] == "ok"

    def test_planned_outgoing_counts_when_bigger(self):
        res = calc.classify(
            on_hand=100, daily_consumption=1, lead_days=5, outgoing_qty=90
        )
        assert res["projected_qty"] == 10

    def test_overstock_by_qty(self):
        res = calc.classify(
            on_hand=500, daily_consumption=10, lead_days=7, min_qty=10, max_qty=300
        )
        assert res["overstock"] and res["state"] == "overstock"
        assert res["excess_qty"] == 200
        assert res["days_cover"] == 50

    def test_overstock_by_days(self):
        res = calc.classify(
            on_hand=500, daily_consumption=10, lead_days=7, max_days_cover=30
        )
        assert res["overstock"]
        assert res["excess_qty"] == 200

    def test_slow_moving(self):
        res = calc.classify(
            on_hand=5,
            daily_consumption=0,
            lead_days=7,
            days_since_last_out=120,
            slow_moving_days=90,
        )
        assert res["slow_moving"] and res["state"] == "slow"
        never = calc.classify(
            on_hand=5, daily_consumption=0, lead_days=7, slow_moving_days=90
        )
        assert never["slow_moving"]
        empty = calc.classify(
            on_hand=0, daily_consumption=0, lead_days=7, slow_moving_days=90
        )
        assert empty["state"] == "ok"

    def test_negative_limits(self):
        with pytest.raises(ValueError):
            calc.classify(on_hand=5, daily_consumption=1, lead_days=7, max_qty=-1)

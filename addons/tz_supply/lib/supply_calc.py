"""Pure supply computations of tz_supply (no Odoo import).

Sampling size of an incoming inspection, price change and lead time figures,
stock cover and the shortage / overstock / slow-moving classification used by
the daily stock monitoring job.
"""

import math

SAMPLING_METHODS = ("all", "fixed", "percentage")

STATE_OK = "ok"
STATE_SHORTAGE = "shortage"
STATE_OVERSTOCK = "overstock"
STATE_SLOW = "slow"


def _check_non_negative(**values):
    for name, value in values.items():
        if value is not None and value < 0:
            raise ValueError(f"{name} must not be negative (got {value})")


def sample_size(method, received_qty, fixed_qty=0.0, percent=0.0, rounding=1.0):
    """Quantity to sample from ``received_qty`` following an inspection plan.

    * ``all``: every received unit is inspected;
    * ``fixed``: ``fixed_qty`` units, at most the received quantity;
    * ``percentage``: ``percent`` % of the received quantity, rounded *up* to
      the unit ``rounding`` (at least one rounding step when something was
      received), at most the received quantity.
    """
    if method not in SAMPLING_METHODS:
        raise ValueError(f"unknown sampling method {method!r}")
    _check_non_negative(received_qty=received_qty, fixed_qty=fixed_qty, percent=percent)
    if percent > 100:
        raise ValueError("percent must be between 0 and 100")
    if rounding <= 0:
        raise ValueError("rounding must be positive")
    if not received_qty:
        return 0.0
    if method == "all":
        return float(received_qty)
    if method == "fixed":
        return float(min(fixed_qty, received_qty))
    raw = received_qty * percent / 100.0
    steps = math.ceil(round(raw / rounding, 9))
    qty = max(steps, 1) * rounding
    return float(min(qty, received_qty))


def acceptance_rate(accepted_qty, inspected_qty):
    """Accepted share in percent (0-100); ``None`` when nothing was inspected."""
    _check_non_negative(accepted_qty=accepted_qty, inspected_qty=inspected_qty)
    if not inspected_qty:
        return None
    return round(100.0 * accepted_qty / inspected_qty, 2)


def price_change_pct(last_price, new_price):
    """Relative change of ``new_price`` vs ``last_price`` in percent.

    ``None`` when there is no usable last price (none or zero).
    """
    if not last_price:
        return None
    return round(100.0 * (new_price - last_price) / last_price, 2)


def is_price_alert(last_price, new_price, threshold_pct):
    """True when the price moved (up or down) by more than ``threshold_pct`` %."""
    _check_non_negative(threshold_pct=threshold_pct)
    change = price_change_pct(last_price, new_price)
    if change is None:
        return False
    return abs(change) > threshold_pct


def price_stats(prices):
    """Last, average and minimum of chronologically ordered prices."""
    prices = [p for p in prices if p is not None]
    if not prices:
        return {"last": None, "avg": None, "min": None, "count": 0}
    return {
        "last": prices[-1],
        "avg": round(sum(prices) / len(prices), 6),
        "min": min(prices),
        "count": len(prices),
    }


def lead_time_stats(pairs):
    """Figures of (promised_days, actual_days) pairs of received deliveries.

    Returns average promised and actual lead time, average delay (actual minus
    promised, positive = late) and the on-time rate in percent.
    """
    pairs = list(pairs)
    if not pairs:
        return {
            "avg_promised": None,
            "avg_actual": None,
            "avg_delay": None,
            "on_time_rate": None,
            "count": 0,
        }
    count = len(pairs)
    promised = sum(p for p, _a in pairs) / count
    actual = sum(a for _p, a in pairs) / count
    on_time = sum(1 for p, a in pairs if a <= p)
    return {
        "avg_promised": round(promised, 2),
        "avg_actual": round(actual, 2),
        "avg_delay": round(actual - promised, 2),
        "on_time_rate": round(100.0 * on_time / count, 2),
        "count": count,
    }


def avg_daily_consumption(consumed_qty, window_days):
    """Average quantity consumed per day over the window."""
    if window_days <= 0:
        raise ValueError("window_days must be positive")
    _check_non_negative(consumed_qty=consumed_qty)
    return consumed_qty / float(window_days)


def days_of_cover(on_hand, daily_consumption):
    """Days the on-hand quantity lasts; ``None`` means no consumption (infinite)."""
    if daily_consumption <= 0:
        return None
    return max(on_hand, 0.0) / daily_consumption


def classify(
    on_hand,
    daily_consumption,
    lead_days,
    min_qty=0.0,
    max_qty=0.0,
    max_days_cover=0.0,
    incoming_qty=0.0,
    outgoing_qty=0.0,
    days_since_last_out=None,
    slow_moving_days=0,
):
    """Classify one product in one warehouse.

    * projected quantity at the end of the lead time = on hand + incoming
      expected within the lead time - the larger of the planned outgoing
      quantity and the average consumption over the lead time;
    * **shortage** when the projected quantity is below the minimum (the core
      reordering rule minimum; 0 when there is none);
    * **overstock** when on hand exceeds the maximum level, or the days of cover
      exceed the maximum days of cover (0 = not checked);
    * **slow-moving** when there is stock and no outgoing move for
      ``slow_moving_days`` days (never moved out counts as slow-moving).

    The state gives priority to shortage, then overstock, then slow-moving.
    """
    _check_non_negative(
        min_qty=min_qty,
        max_qty=max_qty,
        max_days_cover=max_days_cover,
        lead_days=lead_days,
        slow_moving_days=slow_moving_days,
    )
    cover = days_of_cover(on_hand, daily_consumption)
    demand = max(outgoing_qty, daily_consumption * lead_days)
    projected = on_hand + incoming_qty - demand
    shortage = projected < min_qty
    over_by_qty = max_qty > 0 and on_hand > max_qty
    over_by_days = (
        max_days_cover > 0 and on_hand > 0 and (cover is None or cover > max_days_cover)
    )
    overstock = bool(over_by_qty or over_by_days)
    slow = bool(
        slow_moving_days
        and on_hand > 0
        and (days_since_last_out is None or days_since_last_out >= slow_moving_days)
    )
    excess = 0.0
    if overstock:
        limits = []
        if max_qty > 0:
            limits.append(max_qty)
        if max_days_cover > 0:
            limits.append(daily_consumption * max_days_cover)
        limit = min(limits) if limits else on_hand
        excess = max(on_hand - limit, 0.0)
    if shortage:
        state = STATE_SHORTAGE
    elif overstock:
        state = STATE_OVERSTOCK
    elif slow:
        state = STATE_SLOW
    else:
        state = STATE_OK
    return {
        "days_cover": cover,
        "projected_qty": projected,
        "shortage": shortage,
        "shortage_qty": max(min_qty - projected, 0.0) if shortage else 0.0,
        "overstock": overstock,
        "excess_qty": excess,
        "slow_moving": slow,
        "state": state,
    }

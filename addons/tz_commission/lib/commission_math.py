"""Pure commission arithmetic: tier validation, fixed/whole/progressive rates.

No Odoo import here: this module is loaded both by the addon and by the
plain pytest suite of the repository.

Vocabulary
----------
* ``x``        cumulative commission basis of the period (may be negative
               after claw-backs).
* ``target``   the target amount the achievement is measured against;
               ``0``/``None`` means "no target": the first tier applies.
* ``tiers``    list of ``(from_pct, to_pct, rate_pct)``; ``to_pct`` is
               ``None`` (or 0) for the open-ended last tier.  Percentages
               are achievement percentages (100 = target reached) and rate
               percentages (5 = 5 %).

Modes
-----
* ``whole``        the rate of the tier reached applies to the whole basis
                   (crossing a tier re-rates everything already earned).
* ``progressive``  each slice of the basis is paid at the rate of the tier
                   it falls in (like income-tax brackets).

Commission of a single event is always ``C(x + delta) - C(x)``, so the sum
of all events of a period equals ``C(total)`` whatever their order.
"""

FIXED = "fixed"
WHOLE = "whole"
PROGRESSIVE = "progressive"

_EPS = 1e-9


class TierError(ValueError):
    """Raised for an invalid tier table; ``code`` tells which rule failed."""

    def __init__(self, code, message, index=None):
        super().__init__(message)
        self.code = code
        self.index = index


def _upper(tier):
    upper = tier[1]
    return None if upper in (None, 0, False) else float(upper)


def normalize_tiers(tiers):
    """Return the tiers sorted by lower bound as ``(from, to|None, rate)``."""
    result = []
    for tier in tiers:
        result.append((float(tier[0] or 0.0), _upper(tier), float(tier[2] or 0.0)))
    result.sort(key=lambda t: t[0])
    return result


def validate_rate(rate):
    """A rate is a percentage between 0 and 100 (inclusive)."""
    if rate is None or rate < 0 or rate > 100:
        raise TierError("rate", f"Rate {rate} is outside 0-100 %")
    return float(rate)


def validate_tiers(tiers):
    """Check a tier table; raise :class:`TierError` on the first problem.

    Rules: at least one tier; each rate in 0..100 %; bounds not negative;
    ``from < to``; the first tier starts at 0 %; each tier starts exactly
    where the previous one ends (no overlap, no gap); only the last tier is
    open-ended (otherwise achievements above it would have no rate).
    """
    if not tiers:
        raise TierError("empty", "A tiered plan needs at least one tier")
    norm = normalize_tiers(tiers)
    for index, (low, up, rate) in enumerate(norm):
        validate_rate(rate)
        if low < 0:
            raise TierError("negative", f"Tier bound {low} is negative", index)
        if up is not None and up <= low + _EPS:
            raise TierError(
                "bounds", f"Tier {low}-{up}: upper bound must exceed lower", index
            )
    if abs(norm[0][0]) > _EPS:
        raise TierError("gap", f"Tiers must start at 0 %, not {norm[0][0]}", 0)
    for index in range(1, len(norm)):
        prev_up = norm[index - 1][1]
        low = norm[index][0]
        if prev_up is None or low < prev_up - _EPS:
            raise TierError(
                "overlap", f"Tier starting at {low} % overlaps the previous", index
            )
        if low > prev_up + _EPS:
            raise TierError(
                "gap", f"Gap between {prev_up} % and {low} % in the tiers", index
            )
    if norm[-1][1] is not None:
        raise TierError(
            "gap",
            f"The last tier must be open-ended (no rate above {norm[-1][1]} %)",
            len(norm) - 1,
        )
    return norm


def achievement(actual, target):
    """Achievement in percent, ``None`` when there is no positive target."""
    if not target or target <= 0:
        return None
    return actual / target * 100.0


def tier_for(achievement_pct, tiers):
    """Tier ``(from, to, rate)`` containing an achievement (None -> first)."""
    norm = normalize_tiers(tiers)
    if achievement_pct is None or achievement_pct < norm[0][0]:
        return norm[0]
    for tier in norm:
        if tier[1] is None or achievement_pct < tier[1] - _EPS:
            return tier
    return norm[-1]


def cumulative_commission(x, target, tiers=None, mode=FIXED, rate=0.0):
    """Commission due on a cumulative basis ``x`` for the whole period."""
    if mode == FIXED:
        return x * rate / 100.0
    norm = normalize_tiers(tiers or [])
    if not norm:
        return 0.0
    if not target or target <= 0 or x <= 0:
        # no target: everything at the entry tier; a negative balance is
        # clawed back at the entry tier as well.
        return x * norm[0][2] / 100.0
    if mode == WHOLE:
        return x * tier_for(x / target * 100.0, norm)[2] / 100.0
    if mode == PROGRESSIVE:
        total = 0.0
        for low, up, tier_rate in norm:
            band_low = low * target / 100.0
            band_up = x if up is None else min(x, up * target / 100.0)
            if band_up > band_low:
                total += (band_up - band_low) * tier_rate / 100.0
        return total
    raise ValueError(f"Unknown commission mode {mode!r}")


def event_commission(x_before, delta, target, tiers=None, mode=FIXED, rate=0.0):
    """Commission of one event moving the cumulative basis by ``delta``."""
    after = cumulative_commission(x_before + delta, target, tiers, mode, rate)
    before = cumulative_commission(x_before, target, tiers, mode, rate)
    return after - before


def effective_rate(x, target, tiers=None, mode=FIXED, rate=0.0):
    """Average rate (percent) of the period at cumulative basis ``x``."""
    if not x:
        if mode == FIXED:
            return rate
        return tier_for(None, tiers)[2] if tiers else 0.0
    return cumulative_commission(x, target, tiers, mode, rate) / x * 100.0


def next_tier_gap(x, target, tiers=None, mode=FIXED, rate=0.0):
    """What it takes to reach the next tier from cumulative basis ``x``.

    Returns ``None`` when there is no next tier (fixed plan, no target, top
    tier reached) else a dict with ``needed`` (basis still to sell),
    ``threshold`` (basis at which the next tier starts), ``next_rate`` and
    ``worth``: the extra commission earned by selling exactly ``needed``
    (includes the re-rating of the whole basis in ``whole`` mode).
    """
    if mode == FIXED or not tiers or not target or target <= 0:
        return None
    norm = normalize_tiers(tiers)
    current = x / target * 100.0 if x > 0 else 0.0
    for low, _up, tier_rate in norm:
        if low > current + _EPS:
            threshold = low * target / 100.0
            needed = threshold - x
            worth = event_commission(x, needed, target, norm, mode)
            return {
                "needed": needed,
                "threshold": threshold,
                "next_rate": tier_rate,
                "next_from": low,
                "worth": worth,
            }
    return None

"""Customer value model (客户价值), no Odoo import.

The seed splits customer value into *realised* value (既成价值: invoiced revenue
and margin of the last 12 months), *potential* value (潜在价值: open pipeline
weighted by probability) and *model* value (模型价值).  The model value is an
RFM-style score from 0 to 100::

    score = 100 * (W_R * R + W_F * F + W_M * M + W_P * P) / (W_R + W_F + W_M + W_P)

with the documented weights ``WEIGHTS`` and four sub-scores in [0, 1]:

* **R - recency** of the last invoice or interaction: 1 within
  ``RECENCY_FULL_DAYS`` (30) days, decreasing linearly to 0 at
  ``RECENCY_ZERO_DAYS`` (365) days, 0 without any.
* **F - frequency**: invoices in the last 12 months / ``frequency_ref``
  (default 12, i.e. one per month gives the full sub-score), capped at 1.
* **M - monetary**: log10(1 + revenue) / log10(1 + ``monetary_ref``), capped at 1
  (default reference 1,000,000 in company currency).  The log scale keeps
  small customers distinguishable from each other.
* **P - potential**: same log scale on the weighted open pipeline with
  ``potential_ref`` (default 500,000).

The suggested grade is the grade with the highest minimum score that the
customer reaches (A >= 75, B >= 50, C >= 25, D >= 0 by default).
"""

import math

WEIGHTS = {"recency": 25, "frequency": 25, "monetary": 35, "potential": 15}
RECENCY_FULL_DAYS = 30
RECENCY_ZERO_DAYS = 365
DEFAULT_FREQUENCY_REF = 12
DEFAULT_MONETARY_REF = 1_000_000.0
DEFAULT_POTENTIAL_REF = 500_000.0


def recency_score(days_since):
    if days_since is None:
        return 0.0
    days_since = max(days_since, 0)
    if days_since <= RECENCY_FULL_DAYS:
        return 1.0
    if days_since >= RECENCY_ZERO_DAYS:
        return 0.0
    span = RECENCY_ZERO_DAYS - RECENCY_FULL_DAYS
    return (RECENCY_ZERO_DAYS - days_since) / span


def frequency_score(count, reference=DEFAULT_FREQUENCY_REF):
    if not count or count <= 0 or reference <= 0:
        return 0.0
    return min(count / reference, 1.0)


def log_score(amount, reference):
    if not amount or amount <= 0 or reference <= 0:
        return 0.0
    return min(math.log10(1 + amount) / math.log10(1 + reference), 1.0)


def model_score(
    days_since,
    count,
    revenue,
    potential,
    frequency_ref=DEFAULT_FREQUENCY_REF,
    monetary_ref=DEFAULT_MONETARY_REF,
    potential_ref=DEFAULT_POTENTIAL_REF,
    weights=None,
):
    """Return the RFM-style model value as an integer in [0, 100]."""
    weights = weights or WEIGHTS
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("The weights must add up to a positive number.")
    value = (
        weights["recency"] * recency_score(days_since)
        + weights["frequency"] * frequency_score(count, frequency_ref)
        + weights["monetary"] * log_score(revenue, monetary_ref)
        + weights["potential"] * log_score(potential, potential_ref)
    )
    return round(100.0 * value / total)


def suggest_grade(score, thresholds):
    """Return the key of the best grade reached by ``score``.

    ``thresholds`` is an iterable of ``(key, min_score)``; ``None`` when the
    score reaches none of them.
    """
    best = None
    best_min = None
    for key, min_score in thresholds:
        if score >= min_score and (best_min is None or min_score > best_min):
            best, best_min = key, min_score
    return best

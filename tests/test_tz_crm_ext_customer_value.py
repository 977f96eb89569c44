import math

import pytest
from conftest import load_addon_lib

cv = load_addon_lib("tz_crm_ext", "customer_value")


def test_recency():
    assert cv.recency_score(None) == 0
    assert cv.recency_score(0) == 1
    assert cv.recency_score(30) == 1
    assert cv.recency_score(365) == 0
    assert cv.recency_score(1000) == 0
    assert cv.recency_score(197.5) == pytest.approx(0.5)


def test_frequency_and_log_scores():
    assert cv.frequency_score(0) == 0
    assert cv.frequency_score(6) == 0.5
    assert cv.frequency_score(30) == 1
    assert cv.log_score(0, 100) == 0
    assert cv.log_score(-5, 100) == 0
    assert cv.log_score(100, 100) == 1
    assert cv.log_score(10**9, 100) == 1
    assert cv.log_score(9, 99) == pytest.approx(0.5)


def test_model_score_known_values():
    assert cv.model_score(None, 0, 0, 0) == 0
    assert cv.model_score(0, 12, 1_000_000, 500_000) == 100
    expected = (
        100
        * (
            25 * 1
            + 25 * (1 / 12)
            + 35 * math.log10(101) / math.log10(1_000_001)
            + 15 * math.log10(3001) / math.log10(500_001)
        )
        / 100
    )
    assert cv.model_score(0, 1, 100, 3000) == round(expected) == 48


def test_weights_documented_and_sum_to_100():
    assert sum(cv.WEIGHTS.values()) == 100
    assert "W_R" in cv.__doc__
    with pytest.raises(ValueError):
        cv.model_score(0, 1, 1, 1, weights=dict.fromkeys(cv.WEIGHTS, 0))


def test_suggest_grade():
    grades = [("A", 75), ("B", 50), ("C", 25), ("D", 0)]
    assert cv.suggest_grade(90, grades) == "A"
    assert cv.suggest_grade(75, grades) == "A"
    assert cv.suggest_grade(74, grades) == "B"
    assert cv.suggest_grade(0, grades) == "D"
    assert cv.suggest_grade(10, [("A", 75)]) is None

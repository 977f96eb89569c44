import datetime

import pytest
from conftest import load_addon_lib

formats = load_addon_lib("tz_print", "formats")
rmb = load_addon_lib("tz_base", "rmb")

AMOUNTS = [
    (0, "零元整", ["", "", "", "", "", "", "", "¥", "0", "0", "0"]),
    (0.05, "伍分", ["", "", "", "", "", "", "", "¥", "0", "0", "5"]),
    (10, "壹拾元整", ["", "", "", "", "", "", "¥", "1", "0", "0", "0"]),
    (
        100000.01,
        "壹拾万元零壹分",
        ["", "", "¥", "1", "0", "0", "0", "0", "0", "0", "1"],
    ),
    (
        12345678.90,
        "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角",
        ["¥", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
    ),
]


@pytest.mark.parametrize(("amount", "upper", "boxes"), AMOUNTS)
def test_rmb_upper_exact(amount, upper, boxes):
    assert rmb.rmb_upper(amount) == upper


@pytest.mark.parametrize(("amount", "upper", "boxes"), AMOUNTS)
def test_digit_boxes_exact(amount, upper, boxes):
    assert formats.digit_boxes(amount) == boxes
    assert len(formats.DIGIT_BOX_CAPTIONS) == 11


def test_digit_boxes_full_and_overflow():
    assert formats.digit_boxes(123456789.01) == list("12345678901")
    with pytest.raises(ValueError):
        formats.digit_boxes(1234567890.00)
    with pytest.raises(ValueError):
        formats.digit_boxes(-1)


def test_format_amount():
    assert formats.format_amount(1234567.8) == "1,234,567.80"
    assert formats.format_amount(1234567.8, prefix="¥") == "¥1,234,567.80"
    assert formats.format_amount(-5.005, prefix="¥") == "-¥5.01"
    assert formats.format_amount(1000, thousands=False) == "1000.00"
    assert formats.format_amount(3, places=0) == "3"
    with pytest.raises(ValueError):
        formats.format_amount("abc")


def test_dates():
    day = datetime.date(2026, 12, 1)
    assert formats.format_date_cn(day) == "2026年12月01日"
    assert formats.format_date_iso(day) == "2026-12-01"


def test_shrink():
    # 10 CJK chars at 10pt are ~35.3 mm wide
    assert formats.text_width_mm("销" * 10, 10) == pytest.approx(35.28, abs=0.01)
    assert formats.shrink_font_size("销" * 10, 10, 40) == 10
    assert formats.shrink_font_size("销" * 10, 10, 17.64) == pytest.approx(
        5.0, abs=0.01
    )
    assert formats.shrink_font_size("销" * 10, 10, 1) == 5.0
    assert formats.shrink_font_size("abc", 10, 0) == 10

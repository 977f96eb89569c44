import pytest
from conftest import load_addon_lib

rmb = load_addon_lib("tz_base", "rmb")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "零元整"),
        (0.05, "伍分"),
        (10.00, "壹拾元整"),
        (100000001.1, "壹亿零壹元壹角"),
        (12345.67, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (1000.01, "壹仟元零壹分"),
        (100, "壹佰元整"),
        (0.5, "伍角"),
        ("12.345", "壹拾贰元叁角伍分"),
        (-3.2, "负叁元贰角"),
    ],
)
def test_rmb_upper(amount, expected):
    assert rmb.rmb_upper(amount) == expected


def test_rmb_upper_rounds_to_fen():
    # 0.005 rounds half up to one fen, 0.004 to nothing
    assert rmb.rmb_upper(0.005) == "壹分"
    assert rmb.rmb_upper(0.004) == "零元整"


@pytest.mark.parametrize("bad", ["abc", None, float("nan"), float("inf")])
def test_rmb_upper_rejects_non_amounts(bad):
    with pytest.raises(ValueError):
        rmb.rmb_upper(bad)

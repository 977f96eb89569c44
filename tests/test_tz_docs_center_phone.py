import pytest
from conftest import load_addon_lib

ph = load_addon_lib("tz_docs_center", "phone")


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "0086 13800138000",
        " 138 0013 8000 ",
    ],
)
def test_cn_mobile_normalised(raw):
    assert ph.normalize(raw, mobile=True) == "+8613800138000"


def test_invalid_numbers():
    for raw in ["12345", "abc", "", None, "1380013800"]:
        with pytest.raises(ph.InvalidPhone):
            ph.normalize(raw, mobile=True)


def test_landline_is_not_mobile():
    assert ph.normalize("021-62345678") == "+862162345678"
    with pytest.raises(ph.InvalidPhone):
        ph.normalize("021-62345678", mobile=True)


def test_loose_and_national():
    assert ph.normalize_loose("021 6234 5678") == "+862162345678"
    assert ph.normalize_loose("12-34") == "1234"
    assert ph.national("+8613800138000") == "13800138000"
    assert ph.national("+85291234567") == "+85291234567"

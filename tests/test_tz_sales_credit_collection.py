import io

import pytest
from conftest import load_addon_lib

collection = load_addon_lib("tz_sales_credit", "collection")


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-10, "not_due"),
        (0, "not_due"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "90_plus"),
        (1000, "90_plus"),
        (None, "not_due"),
    ],
)
def test_aging_bucket(days, bucket):
    assert collection.aging_bucket(days) == bucket


OFFSETS = [-3, 1, 7, 15, 30]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(-5, None), (-3, -3), (0, -3), (1, 1), (6, 1), (7, 7), (29, 15), (400, 30)],
)
def test_select_offset(days, expected):
    assert collection.select_offset(OFFSETS, days) == expected


def test_select_offset_empty():
    assert collection.select_offset([], 10) is None


def test_next_offset():
    assert collection.next_offset(OFFSETS, None) == -3
    assert collection.next_offset(OFFSETS, -3) == 1
    assert collection.next_offset(OFFSETS, 15) == 30
    assert collection.next_offset(OFFSETS, 30) is None
    assert collection.next_offset(list(reversed(OFFSETS)), 7) == 15


def test_check_offsets():
    assert collection.check_offsets([1, 7, 1, 3, 7, 7]) == [1, 7]
    assert collection.check_offsets(OFFSETS) == []


def test_aging_rows_totals():
    lines = [
        ("B公司", "李明", 5, 100.0),
        ("A公司", "李明", -2, 50.0),
        ("A公司", "李明", 45, 25.5),
        ("A公司", "李明", 120, 10.0),
        ("B公司", "李明", 70, 1.25),
    ]
    rows, totals = collection.aging_rows(lines)
    assert [r[0] for r in rows] == ["A公司", "B公司"]
    assert rows[0][2]["not_due"] == 50.0
    assert rows[0][2]["31_60"] == 25.5
    assert rows[0][3] == 85.5
    assert totals["1_30"] == 100.0
    assert totals["61_90"] == 1.25
    assert totals["total"] == 186.75


def test_aging_xlsx_chinese_headers():
    openpyxl = pytest.importorskip("openpyxl")
    data = collection.aging_xlsx(
        [("A公司", "李明", 10, 100.0), ("A公司", "李明", 95, 40.0)], lang="zh_CN"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["客户", "销售员", "未到期"]
    assert header[-1] == "合计"
    assert sheet.cell(2, 4).value == 100.0
    assert sheet.cell(3, 1).value == "合计"
    assert sheet.cell(3, 8).value == 140.0
    english = collection.aging_xlsx([], lang="en_US")
    assert openpyxl.load_workbook(io.BytesIO(english)).active["A1"].value == "Customer"

import io

import openpyxl
from conftest import load_addon_lib

xlsx_export = load_addon_lib("tz_market", "xlsx_export")


def test_workbook_layout():
    columns = [
        ("名称", "text"),
        ("线索", "int"),
        ("赢单收入", "money"),
        ("ROI", "percent"),
    ]
    rows = [
        ["华东华南计划", 5, 500000.0, 1328.57],
        ["  长三角项目", 4, 500000.0, 1900.0],
        ["    上海展会", 3, 200000.0, 900.0],
    ]
    content = xlsx_export.build_rollup_workbook(
        "华东华南计划", [("期间", "2030-01-01 - 2030-12-31")], columns, rows, "汇总"
    )
    assert content[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["汇总"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "华东华南计划"
    assert values[2][:2] == ["期间", "2030-01-01 - 2030-12-31"]
    header_index = next(i for i, r in enumerate(values) if r[0] == "名称")
    assert values[header_index][:4] == ["名称", "线索", "赢单收入", "ROI"]
    assert values[header_index + 1][:4] == ["华东华南计划", 5, 500000, 1328.57]
    assert values[header_index + 3][0] == "    上海展会"
    assert sheet.freeze_panes == f"B{header_index + 2}"


def test_long_sheet_name_is_truncated():
    content = xlsx_export.build_rollup_workbook(
        "t", [], [("a", "text")], [["x"]], sheet_name="x" * 40
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["x" * 31]

import datetime
import io
import zipfile

from conftest import load_addon_lib
from openpyxl import Workbook, load_workbook

tx = load_addon_lib("tz_docs_center", "text_extract")


def test_txt_utf8_and_gbk():
    assert tx.extract_text("合同条款 ABC".encode(), "a.txt") == "合同条款 ABC"
    assert tx.extract_text("合同条款".encode("gb18030"), "a.txt") == "合同条款"


def _docx(paragraphs):
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        f'<?xml version="1.0"?><w:document xmlns:w="{ns}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_docx():
    text = tx.extract_text(_docx(["产品手册", "第二段"]), "manual.docx")
    assert text == "产品手册\n第二段"


def test_xlsx():
    wb = Workbook()
    wb.active.append(["客户", "金额"])
    wb.active.append(["杭州天纵", 1200])
    buf = io.BytesIO()
    wb.save(buf)
    text = tx.extract_text(buf.getvalue(), "list.xlsx")
    assert "杭州天纵 1200" in text


def test_broken_and_unknown_files_give_empty_text():
    assert tx.extract_text(b"not a zip", "x.docx") == ""
    assert tx.extract_text(b"\x00\x01", "x.bin") == ""
    assert tx.extract_text(b"", "x.txt") == ""
    assert tx.extract_text(b"hello", None, "text/plain") == "hello"


def test_xlsx_export_roundtrip():
    xe = load_addon_lib("tz_docs_center", "xlsx_export")
    rows = (["张三", 12, datetime.date(2024, 5, 1), None] for _ in range(50))
    data, count = xe.write_xlsx(["姓名", "数量", "日期", "空"], rows, "个人名录")
    assert count == 50
    wb = load_workbook(io.BytesIO(data), read_only=True)
    ws = wb["个人名录"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("姓名", "数量", "日期", "空")
    assert len(values) == 51
    assert values[1][0] == "张三" and values[1][1] == 12

"""Write a roll-up table to an xlsx workbook (pure Python, uses xlsxwriter)."""

import io

import xlsxwriter


def build_rollup_workbook(title, summary, columns, rows, sheet_name="Roll-up"):
    """Return the bytes of an xlsx file.

    :param title: title written in the first row
    :param summary: list of ``(label, value)`` pairs written under the title
    :param columns: list of ``(header, kind)``; kind in text/int/money/percent
    :param rows: list of lists of cell values, one per table row; a row whose
        first value starts with ``"  "`` is written indented (child level)
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True})
    title_fmt = workbook.add_format({"bold": True, "font_size": 14})
    header_fmt = workbook.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
    )
    formats = {
        "text": workbook.add_format({"border": 1}),
        "int": workbook.add_format({"border": 1, "num_format": "0"}),
        "money": workbook.add_format({"border": 1, "num_format": "#,##0.00"}),
        "percent": workbook.add_format({"border": 1, "num_format": "0.00"}),
    }
    sheet.write(0, 0, title, title_fmt)
    row_index = 2
    for label, value in summary:
        sheet.write(row_index, 0, label, bold)
        sheet.write(row_index, 1, value)
        row_index += 1
    row_index += 1
    for col, (header, _kind) in enumerate(columns):
        sheet.write(row_index, col, header, header_fmt)
        sheet.set_column(col, col, 32 if col == 0 else 14)
    row_index += 1
    for values in rows:
        for col, value in enumerate(values):
            kind = columns[col][1] if col < len(columns) else "text"
            sheet.write(row_index, col, value, formats.get(kind, formats["text"]))
        row_index += 1
    sheet.freeze_panes(row_index - len(rows), 1)
    workbook.close()
    return buffer.getvalue()

"""Streaming xlsx writer for large exports (pure Python, xlsxwriter).

``constant_memory`` mode writes each row to a temporary file as soon as it is
complete, so memory stays flat whatever the number of rows.
"""

import datetime
import io

import xlsxwriter


def write_xlsx(headers, rows, sheet_name="Sheet1"):
    """Write ``rows`` (an iterable of sequences) under ``headers``; return bytes."""
    buf = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buf, {"constant_memory": True, "in_memory": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2"})
    date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, str(header), bold)
        sheet.set_column(col, col, 18)
    count = 0
    for row_idx, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value is False:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row_idx, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(row_idx, col, value)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row_idx, col, value, date_fmt)
            else:
                sheet.write_string(row_idx, col, str(value))
        count = row_idx
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buf.getvalue(), count

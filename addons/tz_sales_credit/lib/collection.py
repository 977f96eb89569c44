"""Pure helpers of the collection plans (催收计划): aging buckets, level choice
and the aging workbook. No Odoo import."""

import io

# (key, lowest days overdue, highest days overdue or None)
BUCKETS = [
    ("not_due", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("90_plus", 91, None),
]
BUCKET_KEYS = [key for key, _low, _high in BUCKETS]

BUCKET_LABELS = {
    "en": {
        "not_due": "Not Due",
        "1_30": "1-30",
        "31_60": "31-60",
        "61_90": "61-90",
        "90_plus": "90+",
    },
    "zh": {
        "not_due": "未到期",
        "1_30": "1-30天",
        "31_60": "31-60天",
        "61_90": "61-90天",
        "90_plus": "90天以上",
    },
}
HEADER_LABELS = {
    "en": {"partner": "Customer", "user": "Salesperson", "total": "Total"},
    "zh": {"partner": "客户", "user": "销售员", "total": "合计"},
}


def aging_bucket(days_overdue):
    """Bucket key of a receivable overdue by ``days_overdue`` days (<= 0: not due)."""
    days = int(days_overdue or 0)
    for key, low, high in BUCKETS:
        if (low is None or days >= low) and (high is None or days <= high):
            return key
    raise ValueError(days_overdue)  # pragma: no cover (buckets cover all ints)


def select_offset(offsets, days_overdue):
    """Highest level offset reached at ``days_overdue`` (None if none yet).

    Offsets are days relative to the due date (negative = before it).
    """
    reached = [o for o in offsets if o <= days_overdue]
    return max(reached) if reached else None


def next_offset(offsets, current):
    """The offset following ``current`` (None: last level; current None: first)."""
    later = [o for o in offsets if current is None or o > current]
    return min(later) if later else None


def check_offsets(offsets):
    """Return the offsets that appear more than once."""
    seen, dupes = set(), set()
    for offset in offsets:
        if offset in seen:
            dupes.add(offset)
        seen.add(offset)
    return sorted(dupes)


def aging_rows(lines):
    """Group ``lines`` ``(partner, user, days_overdue, amount)`` into rows.

    Returns ``(rows, totals)``: rows are ``(partner, user, {bucket: amount},
    total)`` sorted by partner then user, totals is ``{bucket: amount}`` with
    ``"total"``.
    """
    grouped = {}
    for partner, user, days, amount in lines:
        row = grouped.setdefault((partner, user), dict.fromkeys(BUCKET_KEYS, 0.0))
        row[aging_bucket(days)] += amount
    rows = []
    totals = dict.fromkeys([*BUCKET_KEYS, "total"], 0.0)
    for (partner, user), amounts in sorted(
        grouped.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")
    ):
        total = round(sum(amounts.values()), 2)
        rows.append(
            (partner, user, {k: round(v, 2) for k, v in amounts.items()}, total)
        )
        for key, value in amounts.items():
            totals[key] += value
        totals["total"] += total
    return rows, {k: round(v, 2) for k, v in totals.items()}


def aging_xlsx(lines, lang="en", title="Aging"):
    """Build the aging workbook (xlsx bytes): one row per customer and
    salesperson, buckets as columns, a total column and a total row."""
    import xlsxwriter  # noqa: PLC0415 (optional at import time for pure tests)

    key = "zh" if (lang or "").startswith("zh") else "en"
    labels, headers = BUCKET_LABELS[key], HEADER_LABELS[key]
    rows, totals = aging_rows(lines)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    head = [headers["partner"], headers["user"]]
    head += [labels[k] for k in BUCKET_KEYS] + [headers["total"]]
    sheet.write_row(0, 0, head, bold)
    sheet.set_column(0, 1, 28)
    sheet.set_column(2, len(head) - 1, 14)
    for index, (partner, user, amounts, total) in enumerate(rows, start=1):
        sheet.write(index, 0, partner or "")
        sheet.write(index, 1, user or "")
        for col, bucket in enumerate(BUCKET_KEYS, start=2):
            sheet.write_number(index, col, amounts[bucket], money)
        sheet.write_number(index, len(head) - 1, total, money)
    last = len(rows) + 1
    sheet.write(last, 0, headers["total"], bold)
    for col, bucket in enumerate([*BUCKET_KEYS, "total"], start=2):
        sheet.write_number(last, col, totals[bucket], money_bold)
    sheet.freeze_panes(1, 2)
    book.close()
    return out.getvalue()

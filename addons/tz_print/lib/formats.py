"""Formats printed on Chinese pre-printed forms (套打).

Pure Python (no Odoo import): amounts with thousands separators, the ``¥``
prefix, amounts split into the digit boxes of receipts (亿千百十万千百十元角分),
Chinese dates, and an estimate of the printed width of a text used to shrink
it into a box. 人民币大写 lives in ``tz_base/lib/rmb.py`` (shared with
tz_sales_credit).
"""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Box captions of a Chinese receipt, highest first (11 boxes).
DIGIT_BOX_CAPTIONS = ("亿", "千", "百", "十", "万", "千", "百", "十", "元", "角", "分")
YUAN_SIGN = "¥"
PT_TO_MM = 25.4 / 72.0


def to_decimal(amount, places=2):
    """Return ``amount`` as a Decimal rounded half-up to ``places``."""
    try:
        value = Decimal(str(amount if amount not in (None, False) else 0))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"Not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"Not an amount: {amount!r}")
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_amount(amount, places=2, thousands=True, prefix=""):
    """``1234567.8`` -> ``1,234,567.80`` (``prefix`` e.g. ``¥`` before the digits)."""
    value = to_decimal(amount, places)
    sign = "-" if value < 0 else ""
    text = format(abs(value), ",f" if thousands else "f")
    return f"{sign}{prefix}{text}"


def digit_boxes(amount, boxes=11):
    """Split ``amount`` into ``boxes`` digit boxes ending with 元角分.

    The box left of the highest digit gets ``¥`` and boxes further left stay
    empty, as handwritten on receipts: ``10`` -> ``['', ..., '¥', '1', '0',
    '0', '0']``. Raises ValueError for negative amounts or amounts that do not
    fit (a receipt cannot show them).
    """
    value = to_decimal(amount, 2)
    if value < 0:
        raise ValueError(f"Negative amount in digit boxes: {amount!r}")
    digits = str(int(value * 100))
    if len(digits) < 3:
        digits = digits.rjust(3, "0")
    if len(digits) > boxes:
        raise ValueError(f"Amount {amount!r} does not fit in {boxes} boxes")
    cells = [""] * (boxes - len(digits)) + list(digits)
    if len(digits) < boxes:
        cells[boxes - len(digits) - 1] = YUAN_SIGN
    return cells


def format_date_cn(value):
    """``date(2026, 12, 1)`` -> ``2026年12月01日``."""
    return f"{value.year:04d}年{value.month:02d}月{value.day:02d}日"


def format_date_iso(value):
    """``date(2026, 12, 1)`` -> ``2026-12-01``."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def char_em(char):
    """Approximate advance of ``char`` in em for a CJK sans font."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in "il.,:;'|!":
        return 0.3
    if char.isupper() or char in "mwMW@%":
        return 0.68
    return 0.56


def text_width_mm(text, font_size_pt):
    """Estimated printed width of ``text`` (single line) in mm."""
    return sum(char_em(c) for c in text or "") * font_size_pt * PT_TO_MM


def shrink_font_size(text, font_size_pt, max_width_mm, minimum=5.0):
    """Largest font size <= ``font_size_pt`` so ``text`` fits ``max_width_mm``."""
    if not max_width_mm or max_width_mm <= 0:
        return font_size_pt
    width = text_width_mm(text, font_size_pt)
    if width <= max_width_mm:
        return font_size_pt
    return max(minimum, round(font_size_pt * max_width_mm / width, 2))

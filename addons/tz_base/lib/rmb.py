"""Chinese amounts in words (人民币大写 and financial uppercase numerals).

Pure Python helpers (no Odoo import) around ``cn2an``. ``num2words`` has no
Chinese support, so Odoo's ``res.currency.amount_to_text`` falls back to English
for ``zh_CN``; these helpers produce what Chinese accounting documents print,
for example ``12345.67`` -> ``壹万贰仟叁佰肆拾伍元陆角柒分``.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

NEGATIVE_PREFIX = "负"


def _to_decimal(amount, places=2):
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"Not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"Not an amount: {amount!r}")
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def rmb_upper(amount):
    """Return the RMB uppercase text of ``amount`` (rounded to the fen).

    ``0`` -> ``零元整``, ``0.05`` -> ``伍分``, ``10`` -> ``壹拾元整``,
    ``100000001.1`` -> ``壹亿零壹元壹角``; negative amounts get ``负``.
    """
    value = _to_decimal(amount, 2)
    prefix = ""
    if value < 0:
        prefix = NEGATIVE_PREFIX
        value = -value
    text = cn2an.an2cn(format(value, "f"), "rmb")
    return prefix + text

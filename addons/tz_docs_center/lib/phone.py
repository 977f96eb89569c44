"""Phone number normalisation for the directories (pure Python).

Numbers are parsed with ``phonenumbers`` using China (``CN``) as the default
region and returned in E.164 form (``+8613800138000``).
"""

import re

import phonenumbers
from phonenumbers import PhoneNumberType

MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


class InvalidPhone(ValueError):
    """Raised when a number cannot be parsed or is not a valid number."""


def normalize(number, region="CN", mobile=False):
    """Return the E.164 form of ``number`` or raise :class:`InvalidPhone`.

    With ``mobile=True`` the number must be a mobile number.
    """
    if not number or not str(number).strip():
        raise InvalidPhone("empty")
    raw = str(number).strip()
    try:
        parsed = phonenumbers.parse(raw, region or "CN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone("invalid")
    if mobile and phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        raise InvalidPhone("not a mobile number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_loose(number, region="CN"):
    """E.164 when valid, else the digits only (for de-duplication keys)."""
    if not number:
        return ""
    try:
        return normalize(number, region)
    except InvalidPhone:
        digits = re.sub(r"\D", "", str(number))
        return digits


def national(e164):
    """National significant number for CN numbers (``13800138000``)."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", e164)
    if parsed.country_code == 86:
        return phonenumbers.national_significant_number(parsed)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

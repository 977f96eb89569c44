"""Pinyin search keys for Chinese names (pure Python, no Odoo import).

A name such as ``中国银行`` is turned into one search string holding

* the name itself (lower case, whitespace removed): ``中国银行``
* the full pinyin without tones: ``zhongguoyinhang``
* the initials: ``zgyh``

Polyphonic characters (多音字) are handled by storing several readings: the
phrase-aware reading that ``pypinyin`` picks first, plus the common readings
of each polyphonic character (at most ``MAX_READINGS`` per character, for the
first ``MAX_POLYPHONES`` polyphonic characters), so ``曾行长`` is found with
``zxz`` as well as ``cxz`` / ``chz``.  The string is meant to be stored in an
indexed (trigram) column and searched with ``ILIKE '%query%'``.
"""

import itertools
import re

from pypinyin import Style, lazy_pinyin

MAX_READINGS = 3
MAX_POLYPHONES = 3
MAX_VARIANTS = 8

# Common readings of frequent polyphonic characters (多音字) in company and
# person names.  Only these characters get alternative readings: pypinyin's
# full heteronym lists contain rare readings that would only add noise.
COMMON_POLYPHONES = {
    "行": ("hang", "xing"),
    "长": ("chang", "zhang"),
    "重": ("zhong", "chong"),
    "曾": ("zeng", "ceng"),
    "单": ("shan", "dan"),
    "解": ("xie", "jie"),
    "朴": ("piao", "pu"),
    "仇": ("qiu", "chou"),
    "区": ("ou", "qu"),
    "查": ("zha", "cha"),
    "乐": ("le", "yue"),
    "召": ("shao", "zhao"),
    "盖": ("ge", "gai"),
    "尉": ("yu", "wei"),
    "翟": ("zhai", "di"),
    "缪": ("miao", "mou"),
    "覃": ("qin", "tan"),
    "员": ("yuan", "yun"),
    "万": ("wan", "mo"),
    "厦": ("xia", "sha"),
    "藏": ("zang", "cang"),
    "传": ("chuan", "zhuan"),
    "调": ("tiao", "diao"),
    "发": ("fa",),
    "都": ("du", "dou"),
    "和": ("he", "huo"),
    "华": ("hua",),
    "会": ("hui", "kuai"),
    "角": ("jiao", "jue"),
    "乾": ("qian", "gan"),
    "沈": ("shen",),
    "石": ("shi", "dan"),
    "数": ("shu",),
    "属": ("shu", "zhu"),
    "弹": ("dan", "tan"),
    "恶": ("e", "wu"),
    "便": ("bian", "pian"),
    "参": ("can", "shen"),
    "差": ("cha", "chai"),
    "大": ("da", "dai"),
    "得": ("de", "dei"),
    "地": ("di", "de"),
    "给": ("gei", "ji"),
    "还": ("hai", "huan"),
    "假": ("jia",),
    "降": ("jiang", "xiang"),
    "率": ("lv", "shuai"),
    "莫": ("mo",),
    "宁": ("ning",),
    "强": ("qiang", "jiang"),
    "朝": ("chao", "zhao"),
    "种": ("zhong", "chong"),
    "省": ("sheng", "xing"),
    "奇": ("qi", "ji"),
    "盛": ("sheng", "cheng"),
    "薄": ("bo", "bao"),
    "秘": ("mi", "bi"),
    "繁": ("fan", "po"),
}

_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_STRIP_RE = re.compile(r"[\s\-_.,;:/\\()（）【】\[\]·、，。&'\"|]+")


def has_han(text):
    """Return True when ``text`` contains at least one Chinese character."""
    return bool(text and _HAN_RE.search(text))


def normalize_query(query):
    """Normalise what a user typed into the form used in the search column."""
    if not query:
        return ""
    return _STRIP_RE.sub("", str(query)).lower()


def _segments(text):
    """Split ``text`` into a list of (is_han, chunk) items, one han char each."""
    out = []
    buf = []
    for char in text:
        if _HAN_RE.match(char):
            if buf:
                out.append((False, "".join(buf)))
                buf = []
            out.append((True, char))
        else:
            buf.append(char)
    if buf:
        out.append((False, "".join(buf)))
    return out


def _char_readings(text):
    """Per segment, the list of readings: phrase reading first, then others."""
    phrase = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))
    # lazy_pinyin returns one item per han character and one per other char
    # (with the errors callback above), so we can walk both in parallel.
    segments = _segments(text)
    readings = []
    pos = 0
    for is_han, chunk in segments:
        if is_han:
            default = phrase[pos] if pos < len(phrase) else chunk
            pos += 1
            alts = COMMON_POLYPHONES.get(chunk, ())
            choice = [default]
            for alt in alts:
                if alt not in choice and len(choice) < MAX_READINGS:
                    choice.append(alt)
            readings.append((True, choice))
        else:
            pos += len(chunk)
            cleaned = normalize_query(chunk)
            if cleaned:
                readings.append((False, [cleaned]))
    return readings


def pinyin_variants(text):
    """Return the list of (full_pinyin, initials) pairs for ``text``.

    The first pair is the phrase-aware default reading.
    """
    if not text:
        return []
    readings = _char_readings(str(text))
    if not readings:
        return []
    is_han = [han for han, _r in readings]
    poly_idx = [i for i, (_h, r) in enumerate(readings) if len(r) > 1]
    fixed = [r[:1] for _h, r in readings]
    for i in poly_idx[:MAX_POLYPHONES]:
        fixed[i] = readings[i][1]
    variants = []
    seen = set()
    for combo in itertools.islice(itertools.product(*fixed), MAX_VARIANTS):
        full = "".join(combo)
        initials = "".join(
            part[0] if han else part for han, part in zip(is_han, combo, strict=True)
        )
        if (full, initials) not in seen:
            seen.add((full, initials))
            variants.append((full, initials))
    return variants


def search_text(*texts):
    """Build the stored search string for one or more texts (name, alias...)."""
    tokens = []
    for text in texts:
        if not text:
            continue
        plain = normalize_query(text)
        if plain:
            tokens.append(plain)
        if not has_han(text):
            continue
        for full, initials in pinyin_variants(text):
            tokens.append(full)
            tokens.append(initials)
    seen = set()
    unique = []
    for tok in tokens:
        if tok and tok not in seen:
            seen.add(tok)
            unique.append(tok)
    return " ".join(unique)


SHORT_QUERY = 3


def like_escape(value):
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def token_prefix_patterns(needle):
    """``=ilike`` patterns matching ``needle`` at the start of a stored token.

    Short queries (1-2 letters, e.g. the initials ``zw`` of 张伟) cannot use a
    trigram index as a substring, but a token prefix can: ``'zw%'`` and
    ``'% zw%'`` both give pg_trgm word-start trigrams.
    """
    escaped = like_escape(needle)
    return [f"{escaped}%", f"% {escaped}%"]


def matches(query, text):
    """Python-side check used by tests and small in-memory filters."""
    needle = normalize_query(query)
    if not needle:
        return False
    stored = search_text(text)
    if len(needle) < SHORT_QUERY:
        return any(tok.startswith(needle) for tok in stored.split())
    return needle in stored

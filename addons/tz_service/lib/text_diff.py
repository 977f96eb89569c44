"""Readable HTML diff of two plain texts (pure Python, no Odoo).

Chinese has no spaces, so the texts are compared per character for CJK and
per word for the rest; removed parts are wrapped in ``<del>``, added parts in
``<ins>``, everything is HTML escaped.
"""

import difflib
import html
import re

_TOKEN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]", re.UNICODE)


def tokenize(text):
    return _TOKEN_RE.findall(text or "")


def html_diff(old, new):
    """Return ``(html, added, removed)``; added/removed count tokens."""
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    out = []
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = html.escape("".join(old_tokens[i1:i2]))
        new_part = html.escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            out.append(new_part)
            continue
        if tag in ("delete", "replace"):
            out.append(f"<del>{old_part}</del>")
            removed += i2 - i1
        if tag in ("insert", "replace"):
            out.append(f"<ins>{new_part}</ins>")
            added += j2 - j1
    return "".join(out), added, removed

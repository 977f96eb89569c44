"""Chinese / mixed-language full-text search helpers (pure Python, no Odoo).

Index side
    ``index_tokens(text)`` turns a text into a space separated *token string*
    that PostgreSQL's ``to_tsvector('simple', ...)`` parses back into exactly
    the same lexemes (every token is made of ``[0-9a-z]`` or CJK characters
    only).  A CJK run contributes

    * the words of ``jieba.cut_for_search`` (search mode: long words and the
      dictionary words inside them, e.g. 打印机 -> 打印, 印机, 打印机),
    * every single character (so 1-character queries such as 卡 work),
    * every character bigram (so 2-character queries match every text that
      contains them, i.e. the recall of ``ilike`` is kept even when jieba cuts
      a word differently, e.g. 拍打/印章 still contains the bigram 打印).

    ASCII runs (English words, model numbers such as ``LJ-M1136``) contribute
    the joined form without separators (``ljm1136``) and each alphanumeric
    part (``lj``, ``m1136``).

Query side
    ``build_tsquery(query)`` returns a tsquery text (every term ANDed), used
    as ``%s::tsquery`` (its lexemes are already normalised, so the literal is
    the same as ``to_tsquery('simple', ...)`` and is parsed only once).
    A CJK word of 3+ characters becomes
    ``(word | (bigram1 & bigram2 ...))`` so that it matches whatever the
    segmentation of the document was; ASCII terms use prefix matching.

Ranking
    ``RANK_WEIGHTS`` are the ``ts_rank`` weights for ``{D, C, B, A}``:
    A = title, B = tags/products/keywords, C = body, D unused.
    ``build_rank_tsquery`` ORs every lexeme for ``ts_rank``, computed on the
    small title + keywords vector; a body-only match scores the C weight.
    ``combined_score`` adds the state boost (published first).

Snippets
    ``snippet(text, query)`` cuts the best window around the first matches
    and wraps every matched term in ``<mark>``; the rest is HTML escaped.
"""

import html
import re
import unicodedata

try:  # jieba is a declared external dependency; keep import errors explicit
    import jieba
except ImportError:  # pragma: no cover - reported by the manifest check
    jieba = None

# CJK Unified Ideographs (+ extension A and compatibility ideographs)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN_RE = re.compile(f"[{_CJK}]+")
ASCII_RUN_RE = re.compile(r"[0-9a-z]+(?:[-_./][0-9a-z]+)*")
ALNUM_RE = re.compile(r"[0-9a-z]+")
RUN_RE = re.compile(f"[{_CJK}]+|[0-9a-z]+(?:[-_./][0-9a-z]+)*")
TAG_RE = re.compile(r"<[^>]*>")
BLOCK_TAG_RE = re.compile(r"</?(p|div|br|li|h[1-6]|tr|td|th|ul|ol|table)\b[^>]*>", re.I)
SPACE_RE = re.compile(r"\s+")

#: ts_rank weights for {D, C, B, A}
RANK_WEIGHTS = (0.01, 0.1, 0.4, 1.0)
#: score boost per state (published articles first, then the others)
STATE_BOOST = {
    "published": 1.0,
    "review": 0.0,
    "draft": 0.0,
    "obsolete": -0.5,
    "solved": 0.3,
}

MAX_QUERY_TERMS = 12


def normalize(text):
    """NFKC (full-width -> half-width) and lower case; ``None`` -> ''."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", str(text)).lower()


def html_to_text(value):
    """Very small HTML to text conversion (tags removed, entities decoded)."""
    if not value:
        return ""
    value = BLOCK_TAG_RE.sub(" ", str(value))
    value = TAG_RE.sub("", value)
    return SPACE_RE.sub(" ", html.unescape(value)).strip()


def _jieba_words(run):
    if jieba is None:
        return []
    return [w for w in jieba.cut_for_search(run) if len(w) > 1]


def _cjk_tokens(run, ngrams=True):
    tokens = _jieba_words(run)
    if ngrams:
        tokens.extend(run)  # unigrams
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    elif len(run) == 1:
        tokens.append(run)
    return tokens


def _ascii_tokens(run):
    parts = ALNUM_RE.findall(run)
    tokens = []
    if len(parts) > 1:
        tokens.append("".join(parts))
    tokens.extend(parts)
    return tokens


def segment(text, ngrams=True):
    """Return the list of index tokens of ``text`` (order kept, duplicates kept).

    Duplicates are kept on purpose: they are the term frequency used by
    ``ts_rank``.
    """
    text = normalize(text)
    tokens = []
    for match in RUN_RE.finditer(text):
        run = match.group(0)
        if CJK_RUN_RE.fullmatch(run):
            tokens.extend(_cjk_tokens(run, ngrams=ngrams))
        else:
            tokens.extend(_ascii_tokens(run))
    return tokens


def index_tokens(*texts):
    """Token string stored in the database for ``to_tsvector('simple', ...)``."""
    tokens = []
    for text in texts:
        tokens.extend(segment(text))
    return " ".join(tokens)


def query_terms(query):
    """Split a user query into search terms (lower case, de-duplicated).

    CJK runs are cut with jieba (accurate mode, the query is short and the
    user typed words); a 1-character word stays a 1-character term.
    """
    query = normalize(query)
    terms = []
    for match in RUN_RE.finditer(query):
        run = match.group(0)
        if CJK_RUN_RE.fullmatch(run):
            words = list(jieba.cut(run)) if (jieba and len(run) > 2) else [run]
            terms.extend(w for w in words if w.strip())
        else:
            parts = ALNUM_RE.findall(run)
            terms.append("".join(parts))
    seen = set()
    result = []
    for term in terms:
        if term and term not in seen:
            seen.add(term)
            result.append(term)
    return result[:MAX_QUERY_TERMS]


def _term_tsquery(term):
    if CJK_RUN_RE.fullmatch(term):
        if len(term) <= 2:
            return term
        bigrams = sorted({term[i : i + 2] for i in range(len(term) - 1)})
        return "({} | ({}))".format(term, " & ".join(bigrams))
    return f"{term}:*"


def build_tsquery(query):
    """``to_tsquery('simple', ...)`` text for ``query`` or ``''`` if empty."""
    return " & ".join(_term_tsquery(t) for t in query_terms(query))


def _term_lexemes(term):
    if CJK_RUN_RE.fullmatch(term):
        if len(term) <= 2:
            return [term]
        return [term, *sorted({term[i : i + 2] for i in range(len(term) - 1)})]
    return [f"{term}:*"]


def build_rank_tsquery(query):
    """OR of every lexeme of ``query``, used only to *rank* the matches.

    ``ts_rank`` of an AND query saturates near 1 as soon as all terms match;
    with an OR query it averages, per term, the best weight where the term
    occurs (title A > tags B > body C) plus a decreasing term-frequency part.
    """
    lexemes = []
    for term in query_terms(query):
        for lexeme in _term_lexemes(term):
            if lexeme not in lexemes:
                lexemes.append(lexeme)
    return " | ".join(lexemes)


def combined_score(rank, state=None):
    """Final relevance: text rank plus the state boost."""
    return (rank or 0.0) + STATE_BOOST.get(state or "", 0.0)


def merge_results(*result_lists, limit=20):
    """Merge ``(score, key)`` lists of several models, best score first."""
    merged = [item for results in result_lists for item in results]
    merged.sort(key=lambda item: (-item[0], str(item[1])))
    return merged[:limit]


def _highlight_re(query):
    terms = query_terms(query)
    pieces = set()
    for term in terms:
        pieces.add(term)
        if CJK_RUN_RE.fullmatch(term) and len(term) > 2:
            # highlight the word itself; bigram matches are highlighted too
            pieces.update(term[i : i + 2] for i in range(len(term) - 1))
    if not pieces:
        return None
    alternatives = sorted(pieces, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in alternatives), re.I)


def snippet(text, query, width=80):
    """HTML snippet of ``text`` around the matches of ``query``.

    ``<mark>`` wraps every matched term; everything else is escaped.
    Returns the escaped beginning of the text when nothing matches.
    """
    text = SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()
    if not text:
        return ""
    regex = _highlight_re(query)
    first = regex.search(text) if regex else None
    if first is None:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    start = max(0, first.start() - width // 4)
    end = min(len(text), start + width)
    window = text[start:end]
    out = ["…"] if start > 0 else []
    pos = 0
    for match in regex.finditer(window):
        out.append(html.escape(window[pos : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(html.escape(window[pos:]))
    if end < len(text):
        out.append("…")
    return "".join(out)

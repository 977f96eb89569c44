"""Pure tests of the Chinese search helpers of tz_service (no Odoo)."""

import re

from conftest import load_addon_lib

zh_search = load_addon_lib("tz_service", "zh_search")
text_diff = load_addon_lib("tz_service", "text_diff")

TOKEN_RE = re.compile(r"^[0-9a-z\u3400-\u9fff\uf900-\ufaff]+$")


def test_segment_keeps_jieba_words_unigrams_and_bigrams():
    tokens = zh_search.segment("打印机卡纸")
    # jieba search mode words
    assert "打印机" in tokens
    assert "卡纸" in tokens
    # every character and every bigram (1- and 2-character queries)
    for char in "打印机卡纸":
        assert char in tokens
    for bigram in ("打印", "印机", "机卡", "卡纸"):
        assert bigram in tokens


def test_segment_cross_word_bigram_kept():
    # jieba cuts 拍打 / 印章 but ilike('%打印%') matches: the bigram keeps recall
    assert "打印" in zh_search.segment("拍打印章")


def test_segment_ascii_model_numbers_and_case():
    tokens = zh_search.segment("HP LaserJet LJ-M1136 Ｅ－０２")
    assert "laserjet" in tokens
    assert "ljm1136" in tokens and "lj" in tokens and "m1136" in tokens
    # full-width characters are normalised (NFKC)
    assert "e02" in tokens


def test_index_tokens_are_safe_for_to_tsvector():
    tokens = zh_search.index_tokens(
        "卡纸！Printer, v1.2 <b>E-02</b> 'quote'", "标签"
    ).split()
    assert tokens
    assert all(TOKEN_RE.match(token) for token in tokens)


def test_empty_inputs():
    assert zh_search.index_tokens(None, "", False) == ""
    assert zh_search.build_tsquery("") == ""
    assert zh_search.build_tsquery("  ，。！ ") == ""
    assert zh_search.snippet("", "卡纸") == ""


def test_query_terms_and_tsquery():
    assert zh_search.build_tsquery("卡") == "卡"
    assert zh_search.build_tsquery("卡纸") == "卡纸"
    query = zh_search.build_tsquery("打印机卡纸")
    # 3+ character words match the word or all of their bigrams
    assert "(打印机 | (印机 & 打印))" in query
    assert query.endswith("& 卡纸")
    assert zh_search.build_tsquery("LJ-M11") == "ljm11:*"
    assert zh_search.build_tsquery("Printer printer") == "printer:*"


def test_query_terms_limit():
    many = " ".join(f"w{i}" for i in range(40))
    assert len(zh_search.query_terms(many)) == zh_search.MAX_QUERY_TERMS


def test_snippet_highlights_and_escapes():
    text = "<script>x</script> 激光打印机经常卡纸，请检查进纸辊。" + "其他内容" * 50
    result = zh_search.snippet(text, "卡纸", width=40)
    assert "<mark>卡纸</mark>" in result
    assert "<script>" not in result
    assert result.endswith("…")


def test_snippet_multi_terms_and_no_match():
    result = zh_search.snippet("打印机卡纸的处理方法", "打印机 卡纸")
    assert result == "<mark>打印机</mark><mark>卡纸</mark>的处理方法"
    assert zh_search.snippet("没有匹配的内容", "路由器") == "没有匹配的内容"


def test_snippet_window_starts_near_match():
    text = "前言" * 100 + "卡纸" + "后记" * 100
    result = zh_search.snippet(text, "卡纸", width=40)
    assert result.startswith("…")
    assert "<mark>卡纸</mark>" in result


def test_combined_score_prefers_published():
    published = zh_search.combined_score(0.2, "published")
    draft = zh_search.combined_score(0.9, "draft")
    obsolete = zh_search.combined_score(0.9, "obsolete")
    assert published > draft > obsolete
    assert zh_search.combined_score(None) == 0.0


def test_rank_weights_order_title_tags_body():
    d, c, b, a = zh_search.RANK_WEIGHTS
    assert a > b > c > d
    # tags + everything else in the body cannot beat one title occurrence
    assert b + c * 0.65 < a


def test_merge_results():
    merged = zh_search.merge_results(
        [(0.5, ("a", 1)), (1.5, ("a", 2))], [(1.0, ("r", 1))], limit=2
    )
    assert merged == [(1.5, ("a", 2)), (1.0, ("r", 1))]


def test_html_to_text():
    assert zh_search.html_to_text("<p>第一段</p><p>第二&amp;段</p>") == "第一段 第二&段"
    assert zh_search.html_to_text(None) == ""


def test_html_diff_chinese_characters():
    html, added, removed = text_diff.html_diff("打印机卡纸", "打印机不进纸")
    assert "<del>卡</del>" in html
    assert "<ins>不进</ins>" in html
    assert added == 2 and removed == 1


def test_html_diff_escapes_and_identical():
    html, added, removed = text_diff.html_diff("<b>a</b>", "<b>a</b>")
    assert "<b>" not in html and added == removed == 0
    html, added, removed = text_diff.html_diff("", "new words")
    assert html == "<ins>new words</ins>" and added == 3

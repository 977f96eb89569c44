from conftest import load_addon_lib

py = load_addon_lib("tz_docs_center", "pinyin_search")


def test_full_pinyin_and_initials():
    text = py.search_text("中国银行")
    assert "zhongguoyinhang" in text.split()
    assert "zgyh" in text.split()
    assert "中国银行" in text.split()


def test_matches_initials_and_full():
    assert py.matches("zgyh", "中国银行")
    assert py.matches("ZhongGuo", "中国银行")
    assert py.matches("yinhang", "中国银行")
    assert not py.matches("gsyh", "中国银行")


def test_polyphones_store_common_readings():
    # 曾 as a surname is "zeng", pypinyin's phrase reading gives "ceng"
    assert py.matches("zxz", "曾行长")
    assert py.matches("zenghangzhang", "曾行长")
    # 重庆: phrase reading chongqing must be kept
    assert py.matches("cqyh", "重庆银行")
    assert py.matches("单田芳", "单田芳")
    assert py.matches("stf", "单田芳")
    assert py.matches("dtf", "单田芳")


def test_variants_are_bounded():
    text = "长行长行长行长行重重重"
    variants = py.pinyin_variants(text)
    assert 1 < len(variants) <= py.MAX_VARIANTS
    # default (phrase-aware) reading comes first
    assert variants[0][0].startswith("chang") or variants[0][0].startswith("zhang")


def test_mixed_latin_text():
    text = py.search_text("ABC科技 上海")
    assert "abckjsh" in text.split()
    assert "abckejishanghai" in text.split()
    assert py.search_text("Odoo SA") == "odoosa"


def test_normalize_query():
    assert py.normalize_query(" Zhong Guo ") == "zhongguo"
    assert py.normalize_query("") == ""
    assert py.normalize_query(None) == ""
    assert py.has_han("abc中") and not py.has_han("abc")


def test_empty():
    assert py.search_text(None, "") == ""
    assert py.pinyin_variants("") == []
    assert not py.matches("", "中国")


def test_short_queries_match_token_prefix():
    # 1-2 letters match the start of a token (indexable), not any substring
    assert py.matches("zw", "张伟")
    assert py.matches("zh", "张伟")
    assert not py.matches("hw", "张伟")
    assert py.token_prefix_patterns("zw") == ["zw%", "% zw%"]
    assert py.token_prefix_patterns("a_%") == ["a\\_\\%%", "% a\\_\\%%"]

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.clean import clean, drop_boilerplate, strip_glosses
from etl.read import ArticleError, decode, read_article

TEXT = "屯留经开区投资3亿余元,规划占地79亩。"


def test_utf8_and_bom():
    assert decode(TEXT.encode("utf-8"), "a.txt") == (TEXT, "utf-8")
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "a.txt") == (TEXT, "utf-8")


def test_gbk_file(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(TEXT.encode("gbk"))
    a = read_article(p)
    assert (a.text, a.encoding) == (TEXT, "gb18030")


def test_big5_file(tmp_path):
    trad = "蘇州工業園區實現工業總產值5311.7億元,產業集群發展迅速。"
    p = tmp_path / "big5.txt"
    p.write_bytes(trad.encode("big5"))
    a = read_article(p)
    assert (a.text, a.encoding) == (trad, "big5")
    assert clean(a.text).text == "苏州工业园区实现工业总产值5311.7亿元,产业集群发展迅速。"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "x.txt: empty file"),
        (b"   \n\n", "x.txt: empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.txt: binary file, not text"),
        (bytes(range(0, 32)) * 40, "x.txt: binary file, not text"),
    ],
)
def test_bad_files(data, message):
    with pytest.raises(ArticleError) as exc:
        decode(data, "x.txt")
    assert str(exc.value) == message


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError) as exc:
        read_article(tmp_path / "nope.txt")
    assert str(exc.value) == f"{tmp_path / 'nope.txt'}: no such file"


def test_five_megabyte_single_line(tmp_path):
    line = ("泉山区规上工业总产值45亿元," * 200_000)[: 5 * 1024 * 1024 // 3]
    p = tmp_path / "big.txt"
    p.write_text(line, encoding="utf-8")
    a = read_article(p)
    assert "\n" not in a.text
    from etl.extract import extract_text

    ex = extract_text(a.text, "big")
    assert len(ex.facts) > 10_000
    assert all(f.unit == "CNY" for f in ex.facts)


def test_glosses_removed_real_parentheses_kept():
    text, n = strip_glosses("強勁的產業(yè)支撐,推動區(qū)域發(fā)展,(國家)應急安全產業(yè)園,中興科工(天津)公司,GPT(AI)")
    assert text == "強勁的產業支撐,推動區域發展,(國家)應急安全產業園,中興科工(天津)公司,GPT(AI)"
    assert n == 4


def test_a_gloss_of_several_syllables_goes_too():
    text, n = strip_glosses("科技產業(chǎn yè)貢獻過半,企業(qǐ yè)312家,華為(Huawei)公司,研究所(zhong guo)")
    # (zhong guo) has no tone mark: it may be a name, and stays
    assert text == "科技產業貢獻過半,企業312家,華為(Huawei)公司,研究所(zhong guo)"
    assert n == 2


def test_clean_traditional_with_glosses():
    c = clean("蘇州工業(yè)園區(qū)的發(fā)展。")
    assert c.text == "苏州工业园区的发展。"
    assert c.script == "Hant"


def test_fullwidth_and_boilerplate():
    raw = "正文：投资３亿元，建设厂房。\n上一篇: 打好五张牌\n下一篇: 加快开发区\n© CopyRight 2020-2024 All Rights Reserved\n1 2 3 4 5\n"
    c = clean(raw)
    assert c.text == "正文:投资3亿元,建设厂房。"
    assert c.lines_dropped == 4


def test_related_news_tail_dropped():
    body = "\n".join(["锦江区计划投资13亿元建设5G基站。"] * 5)
    c = clean(body + "\n新闻推荐\n本报讯 11月26日,某法院召开大会,投资100亿元。")
    assert "100亿元" not in c.text
    assert c.text == body


def test_html_page_is_reduced_to_text():
    page = (
        "<html><head><style>p{color:red}</style><script>var x = '投资999亿元';</script></head><body>"
        "<h1>泉山区</h1><p>总投资&nbsp;52亿元的30个项目签约落户。</p><div>占地<b>98.5亩</b></div></body></html>"
    )
    c = clean(page)
    assert c.text == "泉山区\n总投资52亿元的30个项目签约落户。\n占地98.5亩"  # the space before a number goes too
    assert "999" not in c.text


def test_plain_text_with_angle_brackets_is_untouched():
    assert clean("增长率<5%的企业,a<b>c").text == "增长率<5%的企业,a<b>c"


def test_boilerplate_lines_of_every_kind():
    lines = [
        "锦江区投资13亿元。",
        "▲ 项目效果图",  # a caption
        "TOP",
        "返回顶部",
        "İstanbul 来源: 新华网",  # İ lower-cases to two characters: positions must still line up
        "本文来源:" + "锦江区投资13亿元建设5G基站," * 15,  # 200+ characters: article text, kept
        "更多信息请访问 WWW.EXAMPLE.CN",
        "泉山区占地98.5亩。",
    ]
    kept, dropped = drop_boilerplate(lines)
    assert kept == ["锦江区投资13亿元。", lines[5], "泉山区占地98.5亩。"]
    assert dropped == 5


def test_related_news_heading_early_in_page_is_not_a_tail():
    lines = ["推荐阅读", "锦江区投资13亿元。", "泉山区占地98.5亩。", "屯留区签约5个项目。"]
    kept, dropped = drop_boilerplate(lines)
    assert kept == lines[1:]  # the heading line itself is furniture; the story is kept
    assert dropped == 1


_LINE_ALPHABET = st.sampled_from(
    ["锦江", "投资", "3亿元", "来源:", "TOP", "top", "www.", "效果图", "▲", "推荐阅读", " ", "1", "İ", "a+ a-"]
)


@given(st.lists(st.lists(_LINE_ALPHABET, min_size=1, max_size=6).map("".join), min_size=1, max_size=12))
def test_drop_boilerplate_matches_a_line_by_line_reading(lines):
    """The whole-page scan decides exactly as checking each line on its own would."""
    from etl.clean import _BOILERPLATE_LATIN, _BOILERPLATE_WHOLE, _BOILERPLATE_WORDS, _TAIL_MARKERS

    expected = []
    for i, line in enumerate(lines):
        if _TAIL_MARKERS.match(line) and i >= len(lines) // 3:
            break
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in line)
        furniture = _BOILERPLATE_WORDS.search(line) or _BOILERPLATE_LATIN.search(low) or _BOILERPLATE_WHOLE.search(low)
        if not furniture or len(line) >= 200:
            expected.append(line)
    assert drop_boilerplate(lines) == (expected, len(lines) - len(expected))


@given(st.text(alphabet=st.sampled_from("，。：；！？（）ＡＢａ１２\u3000\xa0…①㎡\u0301\r\n 投资亿元Å")))
def test_normalize_is_exactly_nfkc(text):
    import unicodedata

    from etl.clean import normalize

    assert normalize(text) == unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))


@given(
    st.integers(min_value=1, max_value=99999),
    st.sampled_from(["亿元", "万元", "万亿元", "亩", "%"]),
    st.sampled_from([" ", "  ", "\u3000", "\u00a0", "\t"]),
)
def test_a_number_typeset_with_spaces_reads_as_written_without(n, unit, space):
    from etl.quantities import find_quantities

    spaced = clean(f"全区总投资{space}{n}{space}{unit},同比增长 5%。").text
    plain = clean(f"全区总投资{n}{unit},同比增长5%。").text
    assert spaced == plain
    assert [(q.raw, q.value) for q in find_quantities(spaced)][0][0] == f"{n}{unit}"

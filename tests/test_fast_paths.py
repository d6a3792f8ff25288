"""The ETL's fast paths decide exactly as the plain definitions they replace.

Each fast path (a pattern that starts with a literal so the regex engine can skip ahead, a
lookup instead of a loop, a run table instead of a backwards search) is checked against the
straightforward pattern, kept here as the reference, on generated text made of the characters
that matter to it.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl import context, quantities
from etl.quantities import CN_DIGITS, CN_NUM, NUM, find_quantities
from etl.resolve import year

PIECES = [
    "投资",
    "亿元",
    "大",
    "项目",
    "十",
    "三",
    "两",
    "百",
    "千亿元",
    "万亿元",
    "1",
    "2",
    "0",
    ".",
    ",",
    "。",
    ";",
    "!",
    "\n",
    "...",
    ":",
    "、",
    "——",
    "占",
    "/",
    "第",
    "产业园",
    "(A)",
    "·",
    " ",
    "以上项目",
    "分之",
    "到2025年",
    "今年",
    "年内",
    "过去一年",
    "一年来",
    "半",
    "未来三年",
    "2023年度",
    "“十五五”末",
    "十四五期末",
    "十三五",
    "二〇二五年",
    "本年度",
    "上年度",
    "一九九八年",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


@given(TEXT)
def test_sentence_and_clause_patterns(text):
    assert spans(context._SENTENCE_END, text) == spans(re.compile(r"[。!?;]+|\n|\.{3,}"), text)
    assert spans(context._CLAUSE_SEP, text) == spans(re.compile(r"(?<!\d),|,(?!\d)|[:、]|——"), text)


@given(TEXT)
def test_year_pattern(text):
    plain = re.compile(
        rf"(?P<y>(?:19|20)\d\d)年(?:度)?|(?P<rel>本年度|上年度|今年|去年|前年|明年|上年|本年|过去一年|一年来|(?<![\d{CN_DIGITS}十百半多几数近])年内)|"
        rf"(?P<n>\d{{1,2}}|{CN_NUM})年(?:内|后|之内|以内)|(?:未来|今后)(?P<m>\d{{1,2}}|{CN_NUM})年|"
        r"十(?P<plan>[三四五六])五[”\"」』]?(?:时期末|期末|末)|"
        r"(?P<cy>(?:一九|二[〇零])[〇零一二三四五六七八九]{2})年|"
        rf"(?P<label>(?<!\d)20[0-4]\d)(?=[\u4e00-\u9fff])(?!年)"
    )
    assert [(m.span(), m.groupdict()) for m in year._YEAR_RE.finditer(text)] == [
        (m.span(), m.groupdict()) for m in plain.finditer(text)
    ]


@given(TEXT)
def test_big_projects_found_from_the_word(text):
    plain = re.compile(rf"(?P<num>{NUM})大(?=[^,;。!?\n]{{0,12}}?项目)")
    expected = [
        m.span() for m in plain.finditer(text) if text[max(0, m.start() - 1) : m.start()] != "第" and m.end() - m.start() <= 25
    ]
    got = [(q.start, q.end) for q in quantities._big_projects(text)]
    assert got == [s for s in expected if _parses(text[s[0] : s[1] - 1])]


def _parses(num):
    try:
        quantities.parse_number(num)
        return True
    except ValueError:
        return False


@given(TEXT)
def test_round_money_needs_no_numeral_before(text):
    # (no numeral right before it, nor before the spaces right before it: "1.2 万亿元" is one figure)
    plain = re.compile(
        rf"(?<![{quantities.CN_DIGITS}十百千万\d.])(?<![{quantities.CN_DIGITS}十百千万\d.] )(?<![{quantities.CN_DIGITS}十百千万\d.]  )(?P<mult>千亿|百亿|万亿)元"
    )
    expected = [m.span() for m in plain.finditer(text) if not quantities._THRESHOLD_AFTER.match(text, m.end())]
    assert [(q.start, q.end) for q in quantities._round_money(text)] == expected


NAME_CHARS_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()·\-—]*$")  # the search _name_head replaced


@given(TEXT)
def test_name_head_is_the_backwards_search(text):
    for pos in range(len(text) + 1):
        for lo in (0, max(0, pos - 24), pos):
            if "\n" in text[lo:pos]:
                continue  # names are looked for inside one sentence, never across a line
            head = NAME_CHARS_TAIL.search(text, lo, pos)
            assert context._name_head(text, lo, pos) == (head.start() if head else pos)


@settings(max_examples=200)
@given(TEXT)
def test_quantities_never_overlap_and_sit_at_their_offsets(text):
    qs = find_quantities(text)
    for a, b in zip(qs, qs[1:], strict=False):
        assert a.end <= b.start
    assert all(text[q.start : q.end] == q.raw for q in qs)


SPACED = st.lists(
    st.sampled_from(
        ["1", "2.5", ".", " ", "  ", "亿元", "%", "年", "增长", "a", "\n", "占", "近", "三", "两", "成", "本", "一", "的"]
    ),
    max_size=30,
).map("".join)


@given(SPACED)
def test_number_space_pattern(text):
    from etl.clean import _NUMBER_SPACE, HAN

    plain = re.compile(rf"(?<=\d) (?=[{HAN}%])|(?<=[{HAN}]) (?=\d[\d.,]* ?[{HAN}%])")
    assert _NUMBER_SPACE.sub("", text) == plain.sub("", text)


@given(SPACED)
def test_tenths_pattern(text):
    plain = re.compile(r"(?<=[占近超约逾达的了长高降过])([一二两三四五六七八九])成(?![本果员为立功熟长交绩都品型分效就形套批])")
    assert [(m.start() - 1, m.end()) for m in quantities.TENTHS_RE.finditer(text)] == spans(plain, text)

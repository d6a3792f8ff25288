"""Find quantities in cleaned Chinese text: number + multiplier + unit + qualifier.

Knows nothing of metrics or files: ``find_quantities("投资3亿余元")`` is all it does.
Values are normalized to base units: yuan (or the currency's unit), square metres, count,
person, percent; physical quantities keep their own unit (tonnes, kW, kWh, km, m3, TEU).
Years, dates, durations, ordinals, phase numbers and labels such as 五大主导产业 are not
quantities.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from etl.clean import COLUMN_HEADER_HINT, TABLE_UNITS, may_hold_table
from etl.rules import alternation, word_list, word_map

CN_DIGITS = "零〇一二两三四五六七八九"
# one digit written as a numeral, read digit by digit (三十五点五's 五, 二〇二五年)
DIGIT_CHAR = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
CN_NUM = f"[{CN_DIGITS}十][{CN_DIGITS}十百千万亿]*"
AR_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
NUM = rf"(?:{AR_NUM}|{CN_NUM})"

# data/rules/zh/words.yaml: each list in the order the patterns below try its words
MULTIPLIERS = {w: float(f) for w, f in word_map("multipliers").items()}
_MULT = "|".join(MULTIPLIERS)
CURRENCIES = word_map("currencies")
AREAS = {w: float(f) for w, f in word_map("area_units").items()}
# Physical units (added codes): the figure is kept in the unit named here, times its factor.
PHYSICAL = {w: (unit, float(f)) for w, (unit, f) in word_map("physical_units").items()}
# 投资新台币45亿元, 港币3亿元: the currency named before the number, its 元 after
_CURRENCY_BEFORE = word_map("currency_before")
COUNT_WORDS = "".join(word_list("count_words"))
PERSON_WORDS = word_list("person_words")

_UNIT = "(?P<unit>" + "|".join([*CURRENCIES, *AREAS, "%", *PERSON_WORDS, *PHYSICAL, f"[{COUNT_WORDS}]"]) + ")"
_RANGE_SEP = "(?:-|~|—|–|至|到)"

QUANTITY_RE = re.compile(
    rf"(?=[\d{CN_DIGITS}十])(?P<num>{NUM})(?P<q1>余|多)?(?P<mult>{_MULT})?"
    # 3亿5000万元, 3亿5千万元, 1万2千人: a second part after the first multiplier
    rf"(?P<tail>(?<=亿)\d{{1,4}}(?:千万|万)|(?<=万)\d千)?(?P<q2>余|多)?"
    rf"(?:{_RANGE_SEP}(?P<num2>{NUM})(?P<q3>余|多)?(?P<mult2>{_MULT})?)?"
    rf"(?P<q4>余|多)?(?:{_UNIT}|(?P<bare>(?<=亿)))"
)
# 百余家, 千余名, 近千家, 上万人, 近百万千瓦: a round figure with no digit before its 百/千/万,
# only with 余/多 after it or 近/上/超/逾 before it (not 千家万户, 百万人口, 数百亿元)
ROUND_COUNT_RE = re.compile(rf"(?P<num>[百千万])(?P<q>余|多)?(?P<mult>万亿|亿|万)?{_UNIT}")
# 10大重点产业化项目: a count of projects; 五大主导产业 is a label and is not matched.
BIG_PROJECTS_RE = re.compile(rf"(?P<num>{NUM})大(?!批|量|型|规模)(?=[^,;。!?\n]{{0,12}}?项目)")  # not 一大批: vague
# after N大, words that make it a label of industries or areas (四大主导产业, 三大板块), not a count of projects
_BIG_LABEL = re.compile("(?:" + alternation("big_label_before") + ")?(?:" + alternation("big_label_nouns") + ")(?!化)")
_BIG_WORD = re.compile(r"大(?<=[\d零〇一二两三四五六七八九十百千万亿]大)(?=[^,;。!?\n]{0,12}?项目)")
FRACTION_RE = re.compile(r"占(?P<pre>[^,;。!?\n]{0,8}?)(?P<a>\d+)/(?P<b>\d+)(?![\d/])")
CN_FRACTION_RE = re.compile(rf"(?=[{CN_DIGITS}十])(?P<b>{CN_NUM})分之(?P<a>{CN_NUM})")
ROUND_MONEY_RE = re.compile(r"(?P<mult>千亿|百亿|万亿)元")  # and no numeral right before it
_NUMERAL_CHARS = frozenset(CN_DIGITS + "十百千万.0123456789")
PERCENT_WORD_RE = re.compile(rf"百分之(?P<num>{NUM})(?:点(?P<dec>[零〇一二三四五六七八九]+))?")  # 百分之三十五点五
# 常住人口52.3万: people, with the 人 left unwritten (only right after a population word)
POPULATION_RE = re.compile(
    rf"人口(?:总数)?(?:约为|约|为|达到|达|有|超过|突破|近)?(?P<num>{AR_NUM})(?P<q>余|多)?万(?![\u4e00-\u9fff])"
)
# 占全区的六成以上, 近三成, 超过四成: tenths. Only after a word that makes a share or a change of
# it (not 一成不变, 成本, 成都).
# The pattern matches the 成 alone (a literal first is what the engine finds fastest); the numeral
# is the character before it.
TENTHS_RE = re.compile(r"成(?<=[占近超约逾达的了长高降过][一二两三四五六七八九]成)(?![本果员为立功熟长交绩都品型分效就形套批])")

# 同比增长1.5倍: a growth of 150 % (not 是上年的1.4倍, a ratio, nor 增长到2倍)
MULTIPLE_RE = re.compile(
    rf"(?:增长|提高|增加|上升|扩大)了?(?:超过|近|约|逾|超)?(?P<num>{AR_NUM}|[一二两三四五六七八九十]{{1,3}})(?P<q>余|多)?倍(?P<q2>多|以上)?"
)

PREFIX_QUALIFIERS = tuple(word_map("qualifier_prefixes").items())  # data/rules/zh/words.yaml, in its order
SUFFIX_QUALIFIERS = tuple(word_map("qualifier_suffixes").items())

# After a count word these make a duration, a time or an abstract label, not a count.
_COUNT_STOP_AFTER = re.compile(r"^(?:月|小时|工作日|年头|季度|百分点|星期|礼拜|一体|之一|中心\b|班子)")  # 四套班子: a label
_OTHER_UNIT_AFTER = re.compile(alternation("other_unit_after"))
# 10亿元以上项目, 3000平方米以上的商务楼宇, 亿元级项目: a size class, not a figure
_THRESHOLD_NOUNS = alternation("threshold_nouns")
_THRESHOLD_AFTER = re.compile(rf"(?:以上|及以上)(?:的)?(?:重大|重点|产业|工业|招商|签约)?(?:{_THRESHOLD_NOUNS})|级(?:项目|企业)")
_BETWEEN_CLASS_AFTER = re.compile(r"之间的?(?:项目|企业)")  # 投资额在1亿元至10亿元之间的项目13个: a size class
_VAGUE_BEFORE = word_list("vague_before")
# 产值超百亿元企业9家, 营收超10亿元的工业企业87家: "over X yuan" right before the noun it sorts is
# a size class too. Only sums of money sort this way (逾300家企业 counts firms), and words in
# between name one project (投资超50亿元的智能制造项目).
_OVER_CLASS_AFTER = re.compile(r"(?:的)?(?:工业|制造业|规上|重点|科技型|高新技术|外资|民营)?(?:项目|企业|工程)")
_OVER_CLASS_BEFORE = word_list("over_class_before")  # 不低于50亿元的项目: a threshold too


def _size_class(text: str, start: int, end: int) -> bool:
    return text[max(0, start - 3) : start].endswith(_OVER_CLASS_BEFORE) and _OVER_CLASS_AFTER.match(text, end) is not None


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    raw: str
    value: float
    value_high: float | None
    unit: str  # CNY/USD/...; m2; count; person; percent; t, kW, kWh, km, m3, TEU
    kind: str  # money, area, count, person, percent, physical
    measure: str  # the unit word as written: 元, 亩, 个, 家, %, 大 ...
    qualifier: str  # exact, approx, over, under
    implicit_unit: bool = False  # 4万亿 with no 元 written
    label: str | None = None  # a table column's name (总投资), when the figure is a table cell


class ParseError(ValueError):
    pass


def parse_number(token: str) -> float:
    """Parse an Arabic or Chinese numeral: ``"5,311.7"``, ``"十三万"``, ``"两千"``."""
    if token.isdigit():
        return float(token)
    return _parse_number(token)


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def _cn_integer(token: str) -> float | None:
    """A Chinese integer in its written-out form (十二, 一千二百, 三亿五千万, 一百零五), or None for
    anything else (二〇二五, 三万五, 一点五: left to cn2an, imported only then)."""
    if not token or token[0] in "百千万亿":
        return None  # 百, 万: no number on their own
    if "亿" in token[:-1]:
        return None  # 一亿零五百万 and the like: rare in words, left to cn2an
    total = section = 0
    digit: int | None = None
    prev = ""
    last_unit = 10_000  # units within a section fall: 千 > 百 > 十
    after_big = False  # after 万 or 亿 a section starts at 千, or with 零 (一万零一十, not 一万一十)
    digit_after = ""  # what the last digit followed
    zero_below = 10_000  # after 零, the next unit skips a place at least (一千零一十)
    for i, ch in enumerate(token):
        if ch in "零〇" and len(token) > 1:
            nxt = token[i + 1 : i + 2]
            if digit is not None or prev not in ("百", "千", "万", "亿") or nxt not in _CN_DIGIT or nxt in "零〇":
                return None  # 二〇二五, 〇五, 十〇: digits, not a written-out number
            prev, after_big, zero_below = ch, False, last_unit // 100  # 一百零五: a place left empty
            continue
        if ch in _CN_DIGIT:
            if digit is not None:  # two digits in a row: 二〇二五, 一二
                return None
            digit, digit_after = _CN_DIGIT[ch], prev
        elif ch in _CN_UNIT:
            unit = _CN_UNIT[ch]
            if (
                digit == 0
                or unit >= last_unit
                or (digit is None and not (ch == "十" and prev == ""))
                or (after_big and unit != 1000)
                or unit > zero_below
            ):
                return None  # 十十, 百千, 零十, 一万一十, 一千零一百: not a number's form
            after_big, zero_below = False, 10_000
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        elif ch in "万亿":
            if section + (digit or 0) == 0 or prev in ("零", "〇") or (digit is not None and digit_after in ("百", "千")):
                return None  # 一千一万: a place left out without 零
            big = 10_000 if ch == "万" else 100_000_000
            if (ch == "万" and total % 100_000_000) or (ch == "亿" and total):
                return None  # 一万二万, 一万一亿: left to cn2an
            total = total + (section + (digit or 0)) * big if ch == "万" else (total + section + (digit or 0)) * big
            section, digit, last_unit, after_big, zero_below = 0, None, 10_000, True, 10_000
        else:
            return None
        prev = ch
    if digit is not None and prev and len(token) > 1 and token[-2] not in ("十", "零", "〇") and token[-2] not in _CN_DIGIT:
        return None  # 三万五, 一百二: a spoken short form (35000, 120), not 30005 or 102
    return float(total + section + (digit or 0))


@functools.lru_cache(maxsize=8192)
def _parse_number(token: str) -> float:
    token = token.replace(",", "")
    if not token:
        raise ParseError("empty number")
    if token[0].isdigit():
        return float(token)
    plain = _cn_integer(token)
    if plain is not None:
        return plain
    import cn2an  # imported on the first Chinese numeral: 0.15 s an extract that has none need not pay

    try:
        value = cn2an.cn2an(token, "normal")
    except (ValueError, KeyError) as exc:
        raise ParseError(f"not a number: {token!r}") from exc
    return float(value)


_PREFIX_1 = {w: q for w, q in PREFIX_QUALIFIERS if len(w) == 1}
_PREFIX_2 = {w: q for w, q in PREFIX_QUALIFIERS if len(w) == 2}
_SUFFIX_2 = dict(SUFFIX_QUALIFIERS)
assert all(len(w) in (1, 2) for w, _ in PREFIX_QUALIFIERS) and all(len(w) == 2 for w, _ in SUFFIX_QUALIFIERS)


# 不少于5000万元 is at least (over), 不超过 at most (under): a negation turns the word round
_NEGATED_PREFIX = word_map("negated_prefixes")


def _prefix_qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 3) : start]
    if before == "人民币":  # 约合人民币21.5亿元
        before = text[max(0, start - 5) : start - 3]
    q = _NEGATED_PREFIX.get(before) or _PREFIX_2.get(before[-2:]) or _PREFIX_1.get(before[-1:])
    if q:
        return q
    # 上1000亿元 (but not 以上/线上): "up to / over"
    if before.endswith("上") and not before.endswith(("以上", "线上", "之上", "年上", "街上")):
        return "over"
    return "exact"


def _kind_for(measure: str) -> tuple[str, str, float]:
    """measure word -> (kind, unit, factor)."""
    if measure in CURRENCIES:
        return "money", CURRENCIES[measure], 1.0
    if measure in AREAS:
        return "area", "m2", AREAS[measure]
    if measure == "%":
        return "percent", "percent", 1.0
    if measure in PERSON_WORDS:
        return "person", "person", 1.0
    if measure in PHYSICAL:
        unit, factor = PHYSICAL[measure]
        return "physical", unit, factor
    return "count", "count", 1.0


def _is_chinese(num: str) -> bool:
    return not num[0].isdigit()


_RANK_MEASURES = frozenset(("名", "位", "强"))
_ASCII_MEASURES = word_list("ascii_measures")


def _reject(text: str, m: re.Match[str], measure: str, value: float) -> bool:
    start, end = m.start(), m.end()
    num = m.group("num")
    before = text[max(0, start - 2) : start]
    if before.endswith("第"):
        return True  # ordinal: 第三
    if before.endswith(("前", "后")) and measure in _RANK_MEASURES:
        return True  # 综合排名前30名, 增速后三名: a rank, not people
    if (before.endswith(_VAGUE_BEFORE) or text[max(0, start - 2) : start] in _VAGUE_BEFORE) and (
        not num[:1].isdigit() or before.endswith("每")
    ):
        return True  # 数十位, 几个, 每10万人 (but 项目数285项 is 285)
    if num in CN_DIGITS and text[end : end + 1] == measure and measure in COUNT_WORDS:
        return True  # 一个个 reduplication
    if measure in COUNT_WORDS or measure in PERSON_WORDS:
        after = text[end : end + 4]
        if _COUNT_STOP_AFTER.match(after):
            return True
        if measure == "个" and after.startswith("百分点"):
            return True
        if measure == "场" and after.startswith(tuple("馆景地所站")):
            return True  # 3场馆, 场景, 场地: a noun, not so many events
        if _is_chinese(num) and value < 10:
            # 一个, 两个, 三位一体: words, not figures, unless it counts projects or buildings
            follow = text[end : end + 8]
            if measure in "个位名人条处所件" and "项目" not in follow:
                return True
            if num == "一" or (num == "两" and "项目" not in follow):
                return True
        if measure == "位" and not re.match(
            r"^(?:[^,;。!?\n]{0,6})(院士|专家|人才|员工|工人|人员|博士|教授|客户|嘉宾|代表)", text[end:]
        ):
            return True
    if measure == "%" and not num[0].isdigit():
        return True
    if measure in PHYSICAL and text[end : end + 1] == "级":
        return True  # 10万吨级泊位, 百万千瓦级机组: a size class, not a figure
    # an Arabic number glued to Latin letters or digits before it (G104, 5G) is a label, unless
    # the letters name a measure (GDP9650.19亿元)
    if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha() and not text.endswith(_ASCII_MEASURES, 0, start):
        return True
    return False


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, in order of position, without overlaps."""
    found = [q for q in map(_quantity_of, itertools.repeat(text), QUANTITY_RE.finditer(text)) if q is not None]
    found = [q for q in _merge_ranges(text, found) if q.value_high is None or not _BETWEEN_CLASS_AFTER.match(text, q.end)]
    found.extend(_big_projects(text))
    found.extend(_fractions(text))
    found.extend(_percent_words(text))
    found.extend(_tenths(text))
    found.extend(_multiples(text))
    found.extend(_populations(text))
    said = {(q.unit, q.value) for q in found}
    # a table repeating a figure the prose gives (GDP in both) would count it twice
    found.extend(q for q in _table_rows(text) if (q.unit, q.value) not in said)
    found.extend(_round_money(text))
    found.extend(_round_milestones(text))
    found.extend(_round_counts(text))
    found.extend(q for q in _column_tables(text) if (q.unit, q.value) not in said)
    return _no_overlaps(found)


def _quantity_of(text: str, m: re.Match[str]) -> Quantity | None:
    """One match of QUANTITY_RE as a quantity, or None when it is no figure (a threshold, a
    size class, a unit of another kind after a bare 亿)."""
    num, q1, mult_w, q2, num2, q3, mult2_w, q4, measure, bare_g = m.group(
        "num", "q1", "mult", "q2", "num2", "q3", "mult2", "q4", "unit", "bare"
    )
    start, end = m.span()
    bare = bare_g is not None
    if bare:
        # 4万亿, 166亿 with no unit written: money in these texts; 亿 must end the number
        nxt = text[end : end + 1]
        if nxt and (nxt in COUNT_WORDS or nxt in "人名位次级倍" or (nxt.isascii() and nxt.isalnum())):
            return None
        if _OTHER_UNIT_AFTER.match(text, end):
            return None  # 5亿千瓦时, 3亿吨: not money
        measure = "元"
    try:
        value = parse_number(num)
    except ParseError:
        return None
    if _reject(text, m, measure, value):
        return None
    if _THRESHOLD_AFTER.match(text, end) or (measure in CURRENCIES and _size_class(text, start, end)):
        return None
    mult = MULTIPLIERS.get(mult_w or "", 1.0)
    kind, unit, factor = _kind_for(measure)
    if measure == "元" and "币" in text[max(0, start - 1) : start]:
        before = text[max(0, start - 3) : start]
        unit = next((cur for word, cur in _CURRENCY_BEFORE.items() if before.endswith(word)), unit)
    value_high = None
    if num2:
        try:
            high = parse_number(num2)
        except ParseError:
            return None
        mult2 = MULTIPLIERS.get(mult2_w or "", 1.0)
        if mult2 != 1.0 and mult == 1.0:
            mult = mult2  # 20-30亿元: the multiplier applies to both ends
        value_high = high * (mult2 if mult2 != 1.0 else mult) * factor
        tail = re.search(r"(万亿|亿|万)$", num2)
        if tail and mult == 1.0 and not re.search(r"[万亿]", num):
            mult = MULTIPLIERS[tail.group(1)]  # 二十至三十亿元
    value = _with_tail(value, mult, m.group("tail")) * factor
    if value_high is not None and value_high < value:
        return None  # 2023-2025 style spans or nonsense
    q = "over" if (q1 or q2 or q3 or q4) else _prefix_qualifier(text, start)
    if q == "exact":
        q = _SUFFIX_2.get(text[end : end + 2], q)
    high = _round(value_high) if value_high is not None else None
    return Quantity(start, end, m.group(0), _round(value), high, unit, kind, measure if not bare else "", q, bare)


def _with_tail(value: float, mult: float, tail: str | None) -> float:
    """3亿5000万元: the number, its multiplier and the tail that follows it, as one value."""
    if not tail:
        return value * mult
    unit_w = "千万" if tail.endswith("千万") else tail[-1]
    return value * mult + float(tail[: -len(unit_w)]) * {"千万": 1e7, "万": 1e4, "千": 1e3}[unit_w]


_RANGE_GAP = re.compile(r"^(?:-|~|—|–|至|到)$")


def _merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """5000万元至1亿元: two figures joined by a range sign are one range."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.value_high is None
            and prev.unit == q.unit
            and prev.kind == q.kind
            and _RANGE_GAP.match(text[prev.end : q.start])
            and q.value > prev.value
        ):
            out[-1] = Quantity(
                prev.start, q.end, text[prev.start : q.end], prev.value, q.value, q.unit, q.kind, q.measure, prev.qualifier
            )
            continue
        out.append(q)
    return out


def _round(v: float) -> float:
    return float(round(v, 6)) if abs(v) < 1e6 else float(round(v, 2))


def _big_projects(text: str) -> list[Quantity]:
    out = []
    pos = 0
    for w in _BIG_WORD.finditer(text):
        # BIG_PROJECTS_RE from the leftmost place a numeral ending at this 大 can start
        lo = max(pos, w.start() - 24)
        m = None
        for s in range(lo, w.start()):
            m = BIG_PROJECTS_RE.match(text, s)
            if m and m.end() == w.end():
                break
            m = None
        if m is None:
            continue
        pos = m.end()
        if text[max(0, m.start() - 1) : m.start()] == "第" or _BIG_LABEL.match(text, m.end()):
            continue  # 第三大; 五大主导产业项目32个: a tier label of industries, not five projects
        try:
            value = parse_number(m.group("num"))
        except ParseError:
            continue
        out.append(
            Quantity(m.start(), m.end(), m.group(0), value, None, "count", "count", "大", _prefix_qualifier(text, m.start()))
        )
    return out


def _fractions(text: str) -> list[Quantity]:
    out = []
    for m in FRACTION_RE.finditer(text) if "/" in text else ():
        a, b = float(m.group("a")), float(m.group("b"))
        if b == 0 or a > b:
            continue
        s = m.start("a")
        out.append(Quantity(s, m.end(), text[s : m.end()], round(a / b * 100, 2), None, "percent", "percent", "/", "exact"))
    for m in CN_FRACTION_RE.finditer(text) if "分之" in text else ():
        if m.group(0).startswith("百分之"):
            continue
        try:
            b, a = parse_number(m.group("b")), parse_number(m.group("a"))
        except ParseError:
            continue
        if b == 0 or a > b:
            continue
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(0),
                round(a / b * 100, 2),
                None,
                "percent",
                "percent",
                "分之",
                _prefix_qualifier(text, m.start())
                if text[m.end() : m.end() + 2] not in _SUFFIX_2
                else _SUFFIX_2[text[m.end() : m.end() + 2]],
            )
        )
    return out


def _round_money(text: str) -> list[Quantity]:
    """千亿元, 百亿元: a round figure written without a leading digit."""
    out = []
    for m in ROUND_MONEY_RE.finditer(text):
        prev = text[max(0, m.start() - 3) : m.start()].rstrip(" ")[-1:]
        if prev and (prev in _NUMERAL_CHARS or prev.isdigit()):
            continue  # 3千亿元 is the ordinary regex's (and "1.2 万亿元" is no 万亿元 of its own)
        if prev and text[max(0, m.start() - 2) : m.start()].endswith(_VAGUE_BEFORE):
            continue  # 数百亿元, 几千亿元: no figure
        if _THRESHOLD_AFTER.match(text, m.end()) or _size_class(text, m.start(), m.end()):
            continue
        value = MULTIPLIERS[m.group("mult")]
        out.append(
            Quantity(m.start(), m.end(), m.group(0), value, None, "CNY", "money", "元", _prefix_qualifier(text, m.start()))
        )
    return out


# 突破万亿大关, GDP过万亿的城市: a milestone written without 元 (not 万亿城市, 万亿俱乐部, 万亿级)
_MILESTONE_RE = re.compile("(?:" + alternation("milestone_before") + r")(?:GDP)?(?P<mult>万亿|千亿)(?=大关|的|[,;。!]|$)", re.M)


def _round_milestones(text: str) -> list[Quantity]:
    out = []
    for m in _MILESTONE_RE.finditer(text) if "亿" in text else ():
        s = m.start("mult")
        out.append(Quantity(s, m.end(), m.group("mult"), MULTIPLIERS[m.group("mult")], None, "CNY", "money", "元", "over"))
    return out


def _round_counts(text: str) -> list[Quantity]:
    """百余家, 近千家, 上万人: 百, 千 or 万 standing for its number, said to be about or over it."""
    out = []
    for m in ROUND_COUNT_RE.finditer(text):
        start, end = m.span()
        prev = text[start - 1 : start]
        if prev and (prev in _NUMERAL_CHARS or prev.isdigit()):
            continue  # 一百余家, 3千余人: the ordinary regex's
        if text[max(0, start - 2) : start].endswith(_VAGUE_BEFORE) or text[max(0, start - 3) : start] in ("成百上", "成千上"):
            continue  # 数百家, 几千人, 成百上千: no figure
        if not m.group("q") and m.group("num") + (m.group("mult") or "") + m.group("unit") in ("百亿元", "千亿元", "万亿元"):
            continue  # 超百亿元: _round_money's
        q = "over" if m.group("q") else _prefix_qualifier(text, start)
        if q == "exact":
            continue  # 千家万户, 百万人口: words, not figures
        measure = m.group("unit")
        value = {"百": 100.0, "千": 1e3, "万": 1e4}[m.group("num")] * MULTIPLIERS.get(m.group("mult") or "", 1.0)
        if _reject(text, m, measure, value) or _THRESHOLD_AFTER.match(text, end):
            continue
        if measure in CURRENCIES and _size_class(text, start, end):
            continue
        kind, unit, factor = _kind_for(measure)
        if text[start - 1 : start] in ("上", "近", "超", "逾") and start > 0:
            start -= 1  # 上百个, 近千家: the word is part of the figure as written (千家 alone reads as exactly 1000)
        out.append(Quantity(start, end, text[start:end], _round(value * factor), None, unit, kind, measure, q))
    return out


# A statistics table flattened to text, one indicator a line, its unit beside its name:
#   地区生产总值 亿元 1012.36 5.8      社会消费品零售总额(亿元) 856.2 4.9
# The first number is the indicator's value; a second is its growth rate when the table's header
# says so (增长(%), 比上年增长%). Lines with more numbers (本月 累计 增长) are left alone.
# (the unit in parentheses, or after a space: "(open)" closes what it opened)
TABLE_ROW_RE = re.compile(
    r"^(?P<name>[\u4e00-\u9fffA-Za-z]{2,30}?)(?: ?(?P<open>\()| )"
    r"(?P<mult>万亿|亿|万)?(?P<measure>元|美元|平方米|平方公里|公顷|亩|个|家|项|户|人|%)(?(open)\))"
    r" ?(?P<value>\d+(?:,\d{3})*(?:\.\d+)?)(?: (?P<growth>[-+]?\d+(?:\.\d+)?))? ?$",
    re.MULTILINE,
)
TABLE_GROWTH = "增长(%)"  # the measure of a growth rate read from a table's growth column
_TABLE_HINT = re.compile(r"指标|单位")
_TABLE_GROWTH_HEADER = re.compile(r"(?:增长|增速|增幅|增减|比上年|同比)[^\n\d]{0,6}%")


def _table_rows(text: str) -> list[Quantity]:
    if _TABLE_HINT.search(text) is None:
        return []
    growth_column = _TABLE_GROWTH_HEADER.search(text) is not None
    out = []
    for m in TABLE_ROW_RE.finditer(text):
        measure = m.group("measure")
        kind, unit, factor = _kind_for(measure)
        value = float(m.group("value").replace(",", "")) * MULTIPLIERS.get(m.group("mult") or "", 1.0) * factor
        s, e = m.span("value")
        out.append(Quantity(s, e, m.group("value"), _round(value), None, unit, kind, measure, "exact", True))
        if m.group("growth") and growth_column:
            s, e = m.span("growth")
            out.append(
                Quantity(
                    s, e, m.group("growth"), float(m.group("growth")), None, "percent", "percent", TABLE_GROWTH, "exact", True
                )
            )
    return out


# A table whose header names each column's unit, one row a line, cells split by spaces or tabs:
#   序号 项目名称 总投资(亿元) 用地(亩) 建设内容
#   1 新能源汽车零部件产业园 25.6 320 建设标准化厂房及研发中心
# A number in a column with a unit is a figure; the column's name says what it measures. Or a
# table under a line naming its unit, the indicator first on each row:
#   单位:亿元
#   指标名称 10月 1-10月累计 同比增长(%)
#   规上工业增加值 12.5 126.3 8.2
# where a number in a column without a unit of its own is in the table's unit and measures
# what its row names.
_COLUMN_UNIT = re.compile(rf"^(?P<name>[\u4e00-\u9fffA-Za-z]{{1,12}})[((](?P<mult>万亿|亿|万)?(?P<measure>{TABLE_UNITS})[))]$")
_SERIAL_COLUMN = frozenset(word_list("serial_columns"))
_CELL = re.compile(r"[^ \t\n]+")
_CELL_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _column_tables(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    if not may_hold_table(text):
        return out
    for hint in COLUMN_HEADER_HINT.finditer(text):
        table_unit = (hint.group("mult"), hint.group("measure")) if hint.group("measure") else None
        if table_unit:  # 单位:亿元 — the header is the next line
            line_start = hint.end() + 1
        else:
            line_start = text.rfind("\n", 0, hint.start()) + 1
        if out and line_start < out[-1].end:
            continue  # a header already read (several unit columns)
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        header = [m.group(0) for m in _CELL.finditer(text, line_start, line_end)]
        # column -> (name, multiplier, measure, whether the column's name says what it measures)
        columns: dict[int, tuple[str, str | None, str, bool]] = {}
        for i, cell in enumerate(header):
            m = _COLUMN_UNIT.match(cell)
            if m:
                columns[i] = (m.group("name"), m.group("mult"), m.group("measure"), True)
            elif table_unit and i > 0 and cell not in _SERIAL_COLUMN:
                columns[i] = (cell, table_unit[0], table_unit[1], False)
        pos = line_end + 1
        while columns and pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            cells = list(_CELL.finditer(text, pos, end))
            if len(cells) != len(header):
                break  # the table ends (a blank line, prose, a row of another shape)
            for i, (name, mult, measure, by_column) in columns.items():
                cell = cells[i]
                if not _CELL_NUMBER.fullmatch(cell.group(0)):
                    continue
                kind, unit, factor = _kind_for(measure)
                value = float(cell.group(0).replace(",", "")) * MULTIPLIERS.get(mult or "", 1.0) * factor
                label = name if by_column else cells[0].group(0)
                out.append(
                    Quantity(
                        cell.start(), cell.end(), cell.group(0), _round(value), None, unit, kind, measure, "exact", True, label
                    )
                )
            pos = end + 1
    return out


def _tenths(text: str) -> list[Quantity]:
    out = []
    for m in TENTHS_RE.finditer(text):
        start = m.start() - 1
        value = float(parse_number(text[start]) * 10)
        q = _prefix_qualifier(text, start)
        if q == "exact":
            q = _SUFFIX_2.get(text[m.end() : m.end() + 2], q)
        out.append(Quantity(start, m.end(), text[start : m.end()], value, None, "percent", "percent", "成", q))
    return out


def _multiples(text: str) -> list[Quantity]:
    out = []
    for m in MULTIPLE_RE.finditer(text) if "倍" in text else ():
        try:
            value = parse_number(m.group("num"))
        except ParseError:
            continue
        s = m.start("num")
        q = "over" if m.group("q") or m.group("q2") else _prefix_qualifier(text, s)
        out.append(Quantity(s, m.end(), text[s : m.end()], _round(value * 100), None, "percent", "percent", "倍", q))
    return out


def _populations(text: str) -> list[Quantity]:
    out = []
    for m in POPULATION_RE.finditer(text) if "人口" in text else ():
        s = m.start("num")
        q = "over" if m.group("q") else _prefix_qualifier(text, s)
        value = _round(float(m.group("num").replace(",", "")) * 1e4)
        out.append(Quantity(s, m.end(), text[s : m.end()], value, None, "person", "person", "人", q))
    return out


def _percent_words(text: str) -> list[Quantity]:
    out = []
    for m in PERCENT_WORD_RE.finditer(text) if "百分之" in text else ():
        try:
            value = parse_number(m.group("num"))
            if m.group("dec"):
                value = float(f"{int(value)}.{''.join(DIGIT_CHAR[c] for c in m.group('dec'))}")
        except ParseError:
            continue
        out.append(
            Quantity(m.start(), m.end(), m.group(0), value, None, "percent", "percent", "%", _prefix_qualifier(text, m.start()))
        )
    return out


def _no_overlaps(qs: list[Quantity]) -> list[Quantity]:
    qs = sorted(qs, key=lambda q: (q.start, -(q.end - q.start)))
    out: list[Quantity] = []
    for q in qs:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out

"""Year: the year a figure is for (a year written before it, a horizon, a period, the title's year), never a comparison base."""

from __future__ import annotations

import functools
import re
from datetime import date

from etl.context import _PLAN_END, Span
from etl.cues import _listed_run
from etl.quantities import CN_DIGITS, CN_NUM, DIGIT_CHAR, Quantity, parse_number
from etl.resolve.base import Draft, Run
from etl.rules import alternation, word_map

_REL = word_map("relative_years")  # data/rules/zh/words.yaml: word -> years from the publication year
_YEAR_RE = re.compile(
    rf"(?=[\d今去前明上本未年过{CN_DIGITS}十])(?:(?P<y>(?:19|20)\d\d)年(?:度)?|(?P<rel>"
    + "|".join(sorted((w for w in _REL if w != "年内"), key=len, reverse=True))
    + rf"|(?<![\d{CN_DIGITS}十百半多几数近])年内)|"
    rf"(?P<n>\d{{1,2}}|{CN_NUM})年(?:内|后|之内|以内)(?![就便已])|(?:未来|今后)(?P<m>\d{{1,2}}|{CN_NUM})年|"  # 一年内就…: done, no horizon
    r"十(?P<plan>[三四五六])五[”\"」』]?(?:时期末|期末|末)|"  # 到“十五五”末: the plan's last year (2030)
    r"(?P<cy>(?:一九|二[〇零])[〇零一二三四五六七八九]{2})年|"  # 二〇二五年
    rf"(?P<label>(?<!\d)20[0-4]\d)(?=[\u4e00-\u9fff])(?![年万亿千百元个家项亩人名位余多件辆台套座栋户条吨米]))"  # 2000万元 is no year
)


def _year_value(m: re.Match[str], published: date | None) -> int | None:
    if m.group("y"):
        return int(m.group("y"))
    if m.group("plan"):
        return _PLAN_END[m.group("plan")]
    if m.group("cy"):
        return int("".join(DIGIT_CHAR[c] for c in m.group("cy")))
    if m.group("label"):
        return int(m.group("label"))
    if published is None:
        return None
    if m.group("rel"):
        return published.year + _REL[m.group("rel")]
    n = m.group("n") or m.group("m")
    try:
        return published.year + int(parse_number(n))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _years_in(text: str, start: int, end: int) -> tuple[re.Match[str], ...]:
    return tuple(_YEAR_RE.finditer(text, start, end))


def _aside(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The brackets a year stands in, if it stands in any: (含2023年结转项目) is an aside about
    the figure before it, not the year of the sentences after. (Cleaning made full-width
    brackets ASCII.)"""
    opened = text.rfind("(", max(0, m.start() - 30), m.start())
    if opened < 0 or text.rfind(")", opened, m.start()) >= 0:
        return None
    close = text.find(")", m.end(), m.end() + 30)
    return (opened, close) if close >= 0 else None


def _outside_asides(text: str, years, pos: int | None = None) -> list[re.Match[str]]:
    """``years`` but those in brackets that do not also hold ``pos`` (the figure)."""
    out = []
    for m in years:
        span = _aside(text, m)
        if span is None or (pos is not None and span[0] < pos < span[1]):
            out.append(m)
    return out


_THAT_YEAR = re.compile("(?:当年|同年)(?!度)")
_ANNUAL_PLAN = re.compile(alternation("annual_plan_cues"))
_WRITTEN_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def _last_year_before(text: str, pos: int, reach: int = 400) -> int | None:
    """The last year written (2007年) in the ``reach`` characters before ``pos``: what 当年 refers to."""
    years = _WRITTEN_YEAR.findall(text, max(0, pos - reach), pos)
    return int(years[-1]) if years else None


YearWhy = tuple[int | None, str, str | None]  # (year, rule id, the expression that decided)


def resolve_year(
    text: str,
    q: Quantity,
    sent: Span,
    prev_sents: list[Span],
    published: date | None,
    status: str,
    report_year: int | None = None,
) -> YearWhy:
    """The year a figure is for: the nearest year expression before it in its sentence; else
    the first after it (targets and N年内 horizons); else the last one in the up to three
    sentences before it in the same paragraph (全年完成… after 2023年…). A year that is only the
    base of a comparison (比上年, 较去年同期, 比2023年) is not the figure's. An achieved figure for a
    part of the year (1-10月, 前三季度, 上半年) with no year written is for the latest such period
    by the publication date."""
    if "每年" in text[max(sent.start, q.start - 12) : q.start]:
        return None, "year.yearly_sum", "每年"  # 区财政每年安排不少于5000万元: a yearly sum, for no one year
    in_sent = [m for m in _outside_asides(text, _years_in(text, sent.start, sent.end), q.start) if not _comparison_base(text, m)]
    before = [m for m in in_sent if m.end() <= q.start]
    candidates = [m for m in before if not m.group("label")] or before  # a label year (2023中国…) only when no other
    chosen, rule = (candidates[-1], "year.before_in_sentence") if candidates else (None, "year.none_written")
    if chosen is None and _THAT_YEAR.search(text, sent.start, q.start):
        that = _last_year_before(text, sent.start)
        if that is not None:
            return that, "year.that_year", "当年"  # 2007年…。当年,宁德GDP仅470.51亿元: the year just named
    if (
        chosen is None
        and status == "target"
        and published is not None
        and "全年" in text[max(sent.start, q.start - 20) : q.start]
    ):
        # 确保全年增速保持在8%以上,力争到2026年…: this year's goal (in a bulletin, its year's)
        return _checked(report_year or published.year, None, text, status, published), "year.whole_year_goal", "全年"
    if chosen is None and published is not None and _ANNUAL_PLAN.search(text, max(sent.start, q.start - 12), q.start):
        # 年度计划投资46.5亿元: this year's plan (a bulletin's year, in a bulletin)
        return report_year or published.year, "year.annual_plan", "年度计划"
    if chosen is None:  # a goal's or an N年内 horizon's year may come after it
        after = [m for m in in_sent if m.start() >= q.end and not m.group("label")]
        if after and (status == "target" or after[0].group("n") or after[0].group("m")):
            chosen, rule = after[0], "year.after_in_sentence"
    period = status in ("actual", "signed") and published is not None
    if chosen is None and period:
        found = _period_or_full_year(text, q, sent, published, status, report_year)
        if found is not None:
            return found
    if chosen is None:
        chosen, found = _earlier_sentences(text, prev_sents, published if period else None)
        if found is not None:
            return found
        rule = "year.earlier_sentence"
    if chosen is None:
        return None, "year.none_written", None
    return _checked(_year_value(chosen, published), chosen, text, status, published), rule, chosen.group(0)


def _earlier_sentences(text: str, prev_sents: list[Span], period_of: date | None) -> tuple[re.Match[str] | None, YearWhy | None]:
    """The last year of the nearest earlier sentence that writes one (an aside in brackets is
    not carried); or, for an achieved figure (``period_of``: the publication date), a period an
    earlier sentence names first (前三季度,…)."""
    for earlier in prev_sents:
        prev = [
            m
            for m in _outside_asides(text, _years_in(text, earlier.start, earlier.end))
            if not m.group("label") and not _comparison_base(text, m)
        ]
        if prev:
            return prev[-1], None
        if period_of is not None:
            year = _period_year(text, earlier.start, earlier.end, period_of)
            if year is not None:
                return None, (year, "year.period_earlier_sentence", None)
    return None, None


def _period_or_full_year(
    text: str, q: Quantity, sent: Span, published: date, status: str, report_year: int | None
) -> YearWhy | None:
    year = _period_year(text, sent.start, q.start, published)
    if year is not None:
        return year, "year.period", None
    if status == "actual" and "全年" in text[sent.start : q.start]:
        # 全年完成固定资产投资156亿元: in a January article, last year's; in December, this year's
        if published.month <= 3:
            return report_year or published.year - 1, "year.full_year_early", "全年"
        if published.month >= 11:
            return report_year or published.year, "year.full_year_late", "全年"
    return None


def _checked(year: int | None, chosen: re.Match[str] | None, text: str, status: str, published: date | None) -> int | None:
    if (
        chosen is not None
        and published is not None
        and year is not None
        and (year < published.year - 1 or (year == published.year - 1 and published.month > 3))
        and text.startswith("以来", chosen.end())
    ):
        # 2024年以来新增市场主体2.3万户 in an August 2025 article: a sum over several years, for no
        # one year (2023年以来 in January 2024 is 2023's)
        return None
    if year is None or not 1949 <= year <= 2100:
        return None
    if status == "target" and published is not None and year < published.year:
        return None
    return year


_TIMES_AFTER = re.compile(r"的[\d.一二三四五六七八九十两]{1,4}倍")


def _comparison_base(text: str, m: re.Match[str]) -> bool:
    """比上年同期增加6家, 较去年提高, 比2023年增长5%, 是2020年的1.4倍: the year is what the figure
    is compared with."""
    return (
        text[m.start() - 1 : m.start()] in ("比", "较")
        # 与去年同期相比 (but 去年同期,全区地区生产总值为493亿元 is last year's figure)
        or (
            text[m.end() : m.end() + 2] == "同期"
            and (text[m.start() - 1 : m.start()] in ("与", "和", "同") or "相比" in text[m.end() + 2 : m.end() + 6])
        )
        or (text[m.end() : m.end() + 1] == "的" and _TIMES_AFTER.match(text, m.end()) is not None)
    )


# 1-10月, 1至10月, 前三季度, 上半年, 一季度, 截至10月底: part of a year, by the month it ends;
# a day (11月6日) or a word for about now (近日): by the publication date
_PERIOD_RE = re.compile(
    r"(?<![\d年])1(?:-|至|~|—)(\d{1,2})月|前三季度|上半年|一季度|前两个月|前(\d{1,2})个月"
    r"|(?<![\d年\-至~—.])(\d{1,2})月份"  # 12月份: one month
    r"|(?:截至|截止|截止到|到)(\d{1,2})月(?:底|末)"  # 截至10月底: the year so far
    r"|(?<![\d年\-至~—.])(\d{1,2})月(\d{1,2})日"  # 11月6日,…现场签约: a day, the latest such by publication
    r"|(近日|日前|近期|今天|今日|昨天|昨日)"  # 近日集中签约: about when the article was published
)


_PERIOD_END = word_map("period_end_months")


def _period_year(text: str, start: int, end: int, published: date) -> int | None:
    found = None
    for m in _PERIOD_RE.finditer(text, start, end):
        found = m
    if found is None:
        return None
    if found.group(7):
        return published.year
    if found.group(5):
        month, day = int(found.group(5)), int(found.group(6))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return published.year if (month, day) <= (published.month, published.day) else published.year - 1
    month = int(found.group(1) or found.group(2) or found.group(3) or found.group(4) or 0) or _PERIOD_END[found.group(0)]
    if not 1 <= month <= 12:
        return None
    # a period is reported after it ends: 1-10月 in a November article is this year's, in March last year's
    return published.year if month < published.month or (month == published.month and published.day > 20) else published.year - 1


_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)年?(?:-|~|—|至|到)((?:19|20)\d\d)年")


_YEAR_ITEM = re.compile(r"((?:19|20)\d\d)年")


def _respective_year(text: str, sent: Span, i: int, n: int, r: int) -> int | None:
    """The i-th of the n years listed before 分别: 2023年、2024年分别…, 2022-2024年…分别为…"""
    spans = list(_YEAR_SPAN.finditer(text, sent.start, r))
    if spans:
        a, b = int(spans[-1].group(1)), int(spans[-1].group(2))
        return a + i if b - a + 1 == n else None
    items = list(_YEAR_ITEM.finditer(text, sent.start, r))
    group = items[len(items) - len(_listed_run(text, [m.span() for m in items])) :]
    return int(group[i].group(1)) if len(group) == n and n > 1 else None


_THIS_EVENT = re.compile(alternation("this_event_words"))  # 本次集中开工项目32个: the event the article reports
_CUMULATIVE = re.compile(alternation("cumulative_words"))  # 累计签约项目300个: over several years, none


SETS_WRITTEN, NEEDS_WRITTEN = ("written_year",), ("cued_status",)
SETS, NEEDS = ("year",), ("status", "written_year")


def resolve_written(run: Run, d: Draft) -> None:
    year, rule, cue = resolve_year(run.text, d.q, d.sent, d.prev_sents, run.published, d.cued_status, run.doc.report_year)
    d.written_year = year
    d.why("year", rule, cue)


def resolve(run: Run, d: Draft) -> None:
    """The written year, else the title's (a report's year, its period, a plan's due year);
    the i-th listed year for the i-th figure after 分别."""
    doc, year = run.doc, d.written_year
    if year is None and d.status == "actual" and doc.report_year is not None:
        year = doc.report_year
        d.why("year", "year.report_title", None)
    elif year is None and d.status in ("actual", "signed") and run.title_period is not None:
        year = run.title_period  # 前三季度嘉定区经济运行稳中向好: the title's period dates the report
        d.why("year", "year.title_period", None)
    reported = d.status == "signed" or (d.status == "actual" and _THIS_EVENT.search(run.text, d.sent.start, d.q.start))
    if year is None and reported and run.published is not None and not _CUMULATIVE.search(run.text, d.sent.start, d.q.start):
        # 本次集中签约项目55个, 本次集中开工项目32个: a signing or an event the article reports
        # happened in its year (a report's, in a report)
        year = doc.report_year or run.title_period or run.published.year
        d.why("year", "year.signing_reported", None)
    if year is None and d.status == "plan" and doc.plan_year is not None:
        year = doc.plan_year  # 2026年重点招商项目表: its planned figures are 2026's
        d.why("year", "year.plan_title", None)
    if d.resp is not None:
        listed = _respective_year(run.text, d.sent, *d.resp)
        if listed is not None:
            year = listed
            d.why("year", "year.respectively", None)
    d.year = year

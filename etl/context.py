"""What every resolver reads, built once per article: sentences and clauses, the title and what it says (a plan, a report on a year), the place mentions (``Doc``)."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from etl.places import MUNICIPALITIES, Mention, find_mentions, is_zone, level_of, province_full_name, title_zone
from etl.rules import alternation, word_list, word_map

# Patterns that run over whole texts start with a set or a literal (lookbehinds come after it):
# Python's regex engine then skips to candidate characters instead of trying every position.
_SENTENCE_END = re.compile(r"[。!?;\n.](?:(?<=[。!?;])[。!?;]*|(?<=\n)|(?<=\.)\.\.+)")  # 。!?; runs, \n, ...


_CLAUSE_SEP = re.compile(r",(?<!\d,)|,(?!\d)|:|、|——")  # a comma not inside 1,000


_NAME_RUN_BACK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()·\-—]*")


@functools.lru_cache(maxsize=4)
def _reversed(text: str) -> str:
    return text[::-1]


def _name_head(text: str, lo: int, pos: int) -> int:
    """Where the run of name characters ending at ``pos`` starts, not before ``lo`` (what a
    search for ``[name chars]*$`` in ``text[lo:pos]`` finds when no newline lies in between),
    read as one forward match over the reversed text."""
    if pos <= lo:
        return pos
    n = len(text)
    m = _NAME_RUN_BACK.match(_reversed(text), n - pos, n - lo)
    return pos - (m.end() - m.start())


class Span(NamedTuple):
    start: int
    end: int


MAX_SENTENCE = 400


def sentences(text: str) -> list[Span]:
    """Sentence spans; a run-on 'sentence' longer than MAX_SENTENCE is cut at clause
    boundaries so that a page with no full stops costs linear time, not quadratic."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        start, end = m.span()
        if text[start] == "\n":
            end = start
        if end > pos and not text[pos:end].isspace():
            if end - pos <= MAX_SENTENCE:
                spans.append(Span(pos, end))
            else:
                spans.extend(_cut_long(text, pos, end))
        pos = m.end()
    if text[pos:].strip():
        spans.extend(_cut_long(text, pos, len(text)))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[Span]:
    if end - start <= MAX_SENTENCE:
        return [Span(start, end)]
    out = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cut = max(window.rfind(","), window.rfind(";"), window.rfind(" "))
        if cut < MAX_SENTENCE // 4 or cut < 0:
            cut = MAX_SENTENCE - 1
            while cut > 1 and text[start + cut].isdigit():
                cut -= 1  # never cut through a number
        out.append(Span(start, start + cut + 1))
        start += cut + 1
    out.append(Span(start, end))
    return out


@functools.lru_cache(maxsize=64)
def _clauses_cached(text: str, start: int, end: int) -> tuple[Span, ...]:
    return tuple(_clauses(text, Span(start, end)))


@functools.lru_cache(maxsize=64)
def _clause_starts(text: str, start: int, end: int) -> list[int]:
    return [c.start for c in _clauses_cached(text, start, end)]


def clauses(text: str, sent: Span) -> tuple[Span, ...]:
    return _clauses_cached(text, sent.start, sent.end)


def _clauses(text: str, sent: Span) -> list[Span]:
    out, pos = [], sent.start
    for m in _CLAUSE_SEP.finditer(text, sent.start, sent.end):
        out.append(Span(pos, m.start()))
        pos = m.end()
    out.append(Span(pos, sent.end))
    return out


def _clause_at(text: str, sent: Span, pos: int) -> Span:
    """The clause of ``sent`` holding ``pos`` (clause starts strictly increase, so only the
    last clause starting at or before ``pos`` can hold it); the sentence when none does."""
    cls = _clauses_cached(text, sent.start, sent.end)
    i = bisect.bisect_right(_clause_starts(text, sent.start, sent.end), pos) - 1
    if i >= 0 and pos < max(cls[i].end, cls[i].start + 1):
        return cls[i]
    return sent


def _strip_quote(text: str, sent: Span) -> str:
    return text[sent.start : sent.end].strip()


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


_PLAN_END = word_map("five_year_plan_end")  # 十三五 2016-2020, 十四五 2021-2025 … (data/rules/zh/words.yaml)


@dataclass
class Doc:
    text: str
    sents: list[Span]
    sent_starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]
    default_district: str | None
    default_scope: str = "district"  # the article's own place's scope: city for an article on a city
    name_spans: list = field(default_factory=list)  # every place name, venues too: numerals in them are no figures
    name_counts: dict = field(default_factory=dict)  # place key -> how often it is named (venues too)
    district_memo: dict = field(default_factory=dict)
    quotes: dict = field(default_factory=dict)
    report_year: int | None = None
    plan_title: bool = False
    plan_year: int | None = None  # the year a plan's title names: its planned figures' year
    # section headings that name a place (武汉:…, 一、鼓楼区): (start, key, scope, name), by start
    sections: list = field(default_factory=list)
    section_starts: list = field(default_factory=list)

    def section_start(self, pos: int) -> int:
        """Where the section holding ``pos`` starts (0 before any heading)."""
        i = bisect.bisect_right(self.section_starts, pos) - 1
        return self.sections[i][0] if i >= 0 else 0

    def section_place(self, pos: int) -> tuple[str, str, str] | None:
        """(key, scope, name) of the place the section holding ``pos`` is headed by, else None."""
        i = bisect.bisect_right(self.section_starts, pos) - 1
        return self.sections[i][1:] if i >= 0 and self.sections[i][1] else None

    def quote(self, sent: Span) -> str:
        q = self.quotes.get(sent)
        if q is None:
            q = self.quotes[sent] = _strip_quote(self.text, sent)
        return q


def prepare(text: str, known: tuple[str, ...]) -> Doc:
    sents = sentences(text)
    named = find_mentions(text, known)
    # a venue (在九龙坡区举行) is where an event was held, never whose figures they are; nor is
    # a former name (南区(原城西工业集中区))
    mentions = [
        m
        for m in named
        if not _venue(text, m)
        and not (text[m.start - 1 : m.start] in _FORMER_LAST and text.endswith(_FORMER, 0, m.start))
        and not _organiser(text, m)
    ]
    default, default_scope = (known[0], "district") if known else _main_place(text, mentions)
    if default is None:
        default = title_zone(_title(text))
        default_scope = "zone" if default else "district"
    sections = section_headings(text, mentions)
    return Doc(
        text,
        sents,
        [s.start for s in sents],
        mentions,
        [m.start for m in mentions],
        default,
        default_scope=default_scope,
        name_spans=[(m.start, m.end) for m in named],
        name_counts=Counter(m.key for m in named),
        report_year=report_year(text),
        plan_title=(is_plan := plan_title(text)),
        plan_year=plan_due_year(text) if is_plan else None,
        sections=sections,
        section_starts=[h[0] for h in sections],
    )


# A section heading: a short line of its own, no sentence in it, opening with a numbering
# (一、 (一) 1. 第一) or with a place and a colon (长沙:打造数字经济先行城市).
_HEADING_NUMBER = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[、.](?!\d)|第[一二三四五六七八九十]{1,3}[,、:]?)\s*"
)
MAX_HEADING = 40


def _heading_kind(line: str) -> tuple[str, int] | None:
    """(kind of numbering, where the heading's words start) for a heading line, else None."""
    if len(line) > MAX_HEADING or "。" in line or line.endswith(("!", "?", ";")) or line.count(",") > 1:
        return None
    m = _HEADING_NUMBER.match(line)
    if m is None:
        return ("colon", 0) if re.match(r"[\u4e00-\u9fff]{2,12}:", line) else None
    kind = "cn" if line[0] in "一二三四五六七八九十" else "paren" if line[0] == "(" else "第" if line[0] == "第" else "num"
    return kind, m.end()


def section_headings(text: str, mentions: list[Mention]) -> list[tuple[int, str | None, str | None, str | None]]:
    """Headings that head sections (the title is none), each with the place it names at its
    start: (start, key, scope, name). A place heading holds until the next heading of its kind
    (a 武汉: heading until 郑州:, a 一、鼓楼区 until 二、…) or one naming another place."""
    out: list = []
    starts = [m.start for m in mentions]
    current_kind = None
    title_end = text.find("\n")
    for hit in _HEADING_START.finditer(text, title_end + 1 if title_end >= 0 else len(text)):
        pos = hit.end()
        end = text.find("\n", pos)
        line = text[pos : len(text) if end < 0 else end].rstrip()
        heading = _heading_kind(line)
        if heading is None:
            continue
        kind, words = heading
        i = bisect.bisect_left(starts, pos + words)
        m = mentions[i] if i < len(mentions) and mentions[i].start == pos + words else None
        if (
            m is not None
            and _level(m) in ("district", "city", "province")
            and (kind != "colon" or text[m.end : m.end + 1] == ":")
        ):
            out.append((pos, m.city_key or m.key, "city" if m.city_key else _scope_of(m), m.name))
            current_kind = kind
        elif kind == current_kind:
            out.append((pos, None, None, None))  # the next heading of the same kind: the place's section ends
            current_kind = None
    return out


# where a heading may start: a line opening with a numbering or with a name and a colon (one
# pass over the text; each candidate line is then checked whole)
_HEADING_START = re.compile(
    rf"^(?=[^\n]{{1,{MAX_HEADING}}}$)[ \t]*(?=[一二三四五六七八九十(第\d]|[\u4e00-\u9fff]{{2,12}}:)", re.M
)


# 江宁区2024年国民经济和社会发展统计公报, 2024年工作总结: a report on the year in its title.
# (Not 2025年政府工作报告: it is given in 2025 and reports what 2024 achieved.)
_REPORT_TITLE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)年(?:度)?[^\n]{0,30}?(?:统计公报|公报|年报|工作总结|经济运行情况|主要经济指标|经济指标|年鉴)"
)


# 2024年泉山区重点项目建设计划, 十四五产业发展规划(摘要), 招商项目清单: a plan, not a report of results
# (关于2023年计划执行情况的报告 ends in 报告: it reports results).
_PLAN_TITLE = re.compile("(?:" + alternation("plan_title_words") + r")(?:\([^()]{0,10}\))?[\s。]*$")


# 十四五规划, “十五五”发展规划, 第十五个五年规划纲要: a five-year plan, due in its last year
_FIVE_YEAR_PLAN = re.compile(r"十([三四五六])五[”\"」』]?|第十([三四五六])个五年")


_RESULTS_TITLE = re.compile(alternation("results_title_words"))  # 重点项目完成情况一览表: results, not a plan


def _title(text: str) -> str:
    """The first line (a headline), or the first 80 characters of a one-line text."""
    return text[: text.find("\n")] if "\n" in text else text[:80]


def plan_title(text: str) -> bool:
    """Whether the title (the first line) names the document a plan or a project list: its
    figures with no cue of achievement are planned, not achieved."""
    title = _title(text)
    return len(title) <= 80 and _PLAN_TITLE.search(title) is not None and _RESULTS_TITLE.search(title) is None


def title_year(text: str) -> int | None:
    """The one year the title names (2026年重点招商项目表), else None."""
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)年", _title(text)))
    return int(years.pop()) if len(years) == 1 else None


def plan_due_year(text: str) -> int | None:
    """The year a plan's figures are due: the one its title names (2026年重点招商项目表), or a
    five-year plan's last (十四五规划: 2025; 第十五个五年规划纲要: 2030)."""
    year = title_year(text)
    if year is not None:
        return year
    m = _FIVE_YEAR_PLAN.search(_title(text))
    return _PLAN_END[m.group(1) or m.group(2)] if m else None


def report_year(text: str) -> int | None:
    """The year a period report is about, when its title (the first line) names exactly one
    year: its achieved figures with no year of their own are for that year (全年完成…)."""
    title = _title(text)
    m = _REPORT_TITLE.search(title)
    if m is None or len(set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", title))) != 1:
        return None
    return int(m.group(1))


def _main_place(text: str, mentions: list[Mention]) -> tuple[str | None, str]:
    """(key, scope) of the article's own place: the title's subject (a county before its city),
    else the county or city named most often (a county on a tie)."""
    title_end = len(_title(text))
    in_title = [
        m
        for m in mentions
        if m.end <= title_end
        and _level(m) in ("district", "city", "province")
        and (not names_more(text, m) or _whole_province_article(text, m, title_end, mentions))
    ]
    if in_title:
        m = min(in_title, key=lambda m: (("district", "city", "province").index(_level(m)), m.start))
        return m.key, _scope_of(m)
    counts: dict[str, tuple[int, bool, Mention]] = {}
    for m in mentions:
        if _level(m) in ("district", "city") or _municipality(m):
            key = m.key.removesuffix("市") if _municipality(m) else m.key  # 重庆 and 重庆市 are one place
            n = counts[key][0] if key in counts else 0
            counts[key] = (n + 1, _level(m) == "district", m)
    if not counts:
        return None, "district"
    key, (_, _, m) = max(counts.items(), key=lambda kv: (kv[1][0], kv[1][1], not kv[0].startswith("unknown")))
    return key, _scope_of(m)


def _whole_province_article(text: str, m: Mention, title_end: int, mentions: list[Mention]) -> bool:
    """A province's short name in the title (宁夏扩大有效投资…) whose body speaks of the whole
    province (全省, or 全区 for an autonomous region): the province is the article's subject, not
    the first word of a longer name (四川万源…, 宁德时代…)."""
    if _level(m) != "province" or _municipality(m):
        return False
    if any(o is not m and o.end <= title_end for o in mentions):
        return False  # 2022赣抚同城暨抚州产业招商推介会: the title names another place too
    whole = "全区" if province_full_name(m.name).endswith("自治区") else "全省"
    return text.find(whole, title_end) >= 0


def _municipality(m: Mention) -> bool:
    """北京, 天津, 上海, 重庆: provinces in the table, cities in what a figure is about."""
    return _level(m) == "province" and m.name.startswith(MUNICIPALITIES)


_SUBJECT_FOLLOW = frozenset(word_list("city_subject_follow"))


def names_more(text: str, m: Mention) -> bool:
    """Whether a city's name, not followed as a subject is, starts a longer name: 宁德时代,
    南京软件谷, 成都某科技有限公司; its full name (合肥市) only when a company's name runs on from
    it (苏州市华远精工电器有限公司)."""
    if m.level != "name":
        return False
    if not m.name.endswith("市"):
        return text[m.end : m.end + 1] not in _SUBJECT_FOLLOW
    return _COMPANY_RUN.match(text, m.end, m.end + 24) is not None


_COMPANY_RUN = re.compile(r"[\u4e00-\u9fff()]{1,16}?(?:有限公司|有限责任公司|集团|公司)")


def _level(m: Mention) -> str:
    return (level_of(m.name) or m.level) if m.level == "name" else m.level


def _scope_of(m: Mention) -> str:
    level = "city" if _municipality(m) else _level(m)
    if level == "district":
        return "zone" if is_zone(m.key) else "district"
    return level


_FORMER = word_list("former_name_before")  # 南区(原城西工业集中区): a former name is no figure's place
_FORMER_LAST = frozenset(w[-1] for w in _FORMER)


_VENUE_BEFORE = re.compile(r"在[\u4e00-\u9fff]{0,6}$")


def _venue(text: str, m: Mention) -> bool:
    """在九龙坡区举行, 在重庆市九龙坡区召开: the place an event was held in."""
    if m.level != "district" or not _VENUE_BEFORE.search(text, max(0, m.start - 7), m.start):
        return False
    return _VENUE_AFTER.match(text, m.end, min(len(text), m.end + 14)) is not None


_VENUE_AFTER = re.compile("[^,;。!?\n]{0,12}?(?:" + alternation("venue_verbs") + ")")
_ORGANISER_AFTER = re.compile("[^,;。!?\n]{0,16}?(?:" + alternation("organiser_verbs") + ")")


def _organiser(text: str, m: Mention) -> bool:
    """本次活动由临川区人民政府主办, 宜春市与袁州区联合举办推介会: a place whose clause says it
    organises or hosts an event (主办, 承办, 协办) is no subject of the figures reported from it."""
    if m.level == "province":
        return False
    return _ORGANISER_AFTER.match(text, m.end, min(len(text), m.end + 24)) is not None

"""Place and scope: the district, city, province or zone a figure is about (its sentence's subject, 分别 lists, towns, 全国/全省/全市)."""

from __future__ import annotations

import bisect
import re

from etl.context import Doc, Span
from etl.cues import _listed_run
from etl.places import Mention, in_city, is_zone
from etl.quantities import Quantity


def _district_before(doc: Doc, pos: int, known: tuple[str, ...]) -> str | None:
    """The last district-level place named before ``pos`` (carried across sentences)."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0:
        m = doc.mentions[i]
        if m.level == "district" and (not known or m.key in known or m.key.startswith("unknown:")):
            if known and m.key.startswith("unknown:"):
                i -= 1
                continue
            return m.key
        i -= 1
    return None


def place_and_scope(
    doc: Doc, q: Quantity, clause: Span, sent: Span, known: tuple[str, ...]
) -> tuple[str | None, str, str | None]:
    """(district key, scope, place name) for a figure."""
    i = bisect.bisect_left(doc.mention_starts, q.start) - 1
    while i >= 0 and doc.mentions[i].start >= sent.start:
        m = doc.mentions[i]
        if m.level == "district":
            return m.key, "zone" if is_zone(m.key) else "district", m.name
        if m.level == "city" and (m.start >= clause.start - 12 or not doc.text[sent.start : m.start].strip()):
            # near the figure, or opening its sentence (杭州市1-10月…4312亿元,同比增长6.8%: both the city's)
            if m.city_key:
                return m.city_key, "city", m.name
            # a city figure in an article about one of its districts belongs to that district
            home = _district_before(doc, m.start, known) or doc.default_district
            return (home if in_city(home, m.name) else f"unknown:{m.name}"), "city", m.name
        if m.level == "province" and (m.start >= clause.start - 12 or not doc.text[sent.start : m.start].strip()):
            return f"unknown:{m.name}", "province", m.name  # 山东省地区生产总值突破10万亿元
        i -= 1
    carried = _district_before(doc, sent.start, known)
    if carried and is_zone(carried) and _WHOLE_PLACE.search(doc.text, sent.start, min(q.start, sent.start + 12)):
        # 全市进出口总额… after a sentence on 义乌经济技术开发区: the whole place's, not the zone's
        carried = _outer_place(doc, sent.start) or carried
    district = carried or doc.default_district
    return district, "zone" if is_zone(district) else "district", None


_WHOLE_PLACE = re.compile(r"全[区县市]")


def _outer_place(doc: Doc, pos: int) -> str | None:
    """The last place before ``pos`` that is no zone (义乌市 before 义乌经济技术开发区), else the
    article's own place when it is none."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0:
        m = doc.mentions[i]
        if m.level == "district" and not is_zone(m.key):
            return m.key
        i -= 1
    return doc.default_district if doc.default_district and not is_zone(doc.default_district) else None


_RANKED_AFTER = re.compile(r"首|第|百强|\d+强|唯一|领先|前列|一流|范围内|同类|知名|重点|示范")


_WHOLE = {"全国": "national", "全省": "province", "全市": "city"}


def _respective(
    quantities: list[Quantity], q_starts: list[int], q: Quantity, text: str, sent: Span
) -> tuple[int, int, int] | None:
    """(i, n, position of 分别) when ``q`` is the i-th of n figures of its kind after the last
    分别 before it (up to the next 分别 of the sentence): 'A、B分别…X、Y'."""
    r = text.rfind("分别", sent.start, q.start)
    if r < 0:
        return None
    nxt = text.find("分别", r + 2, sent.end)
    lo, hi = bisect.bisect_left(q_starts, r), bisect.bisect_left(q_starts, nxt if nxt >= 0 else sent.end)
    figures = [x for x in quantities[lo:hi] if x.kind == q.kind]
    if len(figures) < 2 or q not in figures:
        return None
    return figures.index(q), len(figures), r


def _respective_place(doc: Doc, sent: Span, i: int, n: int, r: int) -> Mention | None:
    """The i-th of the n places named together last before 分别 (鼓楼区、玄武区分别…)."""
    text = doc.text
    lo, hi = bisect.bisect_left(doc.mention_starts, sent.start), bisect.bisect_left(doc.mention_starts, r)
    named = doc.mentions[lo:hi]
    group = named[len(named) - len(_listed_run(text, [(m.start, m.end) for m in named])) :]
    if len({m.level if m.level != "name" else "city" for m in group}) > 1:
        return None  # 杭州市、滨江区分别…: not places of one kind, not one list
    while 0 < len(group) < n and text[group[0].start - 1 : group[0].start] in ("、", "和", "与", "及"):
        # 鼓楼区、玄武区分别…: a listed name the place finder could not place (鼓楼区 is in four
        # cities) is still a place of its own, not the next one's
        j = group[0].start - 1
        m = _LISTED_PLACE.search(text, max(sent.start, j - 8), j)
        if m is None:
            break
        group.insert(0, Mention(m.start(1), j, m.group(1), "district", None, f"unknown:{m.group(1)}"))
    return group[i] if len(group) == n else None


_LISTED_PLACE = re.compile(r"([\u4e00-\u9fff]{2,6}?[区县市旗])$")


# 渔泽镇, 麟绛街道, 王家乡: a township (not 城镇, 乡镇, 特色小镇, 工业重镇, 城镇化)
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?(?<![城乡集小重古强大名])(?:镇|乡|街道))(?![化企居村级民域])")


def _town_before(text: str, clause: Span, sent: Span, pos: int) -> str | None:
    """The township a figure is given for: named in its clause before it, or opening its sentence."""
    found = None
    seg = text[sent.start : pos]
    if "镇" not in seg and "乡" not in seg and "街道" not in seg:
        return None
    for m in _TOWN.finditer(text, clause.start, pos):
        found = m
    if found is None and clause.start > sent.start:
        found = _TOWN.match(text, sent.start, min(sent.end, sent.start + 8))
    if found is None or found.group(1).startswith(_LOCATED) or text[max(0, found.start() - 2) : found.start()].endswith(_LOCATED):
        return None  # 位于瓜沥镇的吉利项目: where something else is, not whose figure
    return found.group(1)


_LOCATED = ("位于", "地处", "落户", "坐落", "在", "于")


def _whole_country_or_province(text: str, start: int, end: int) -> tuple[str, str] | None:
    """今年全国规模以上工业增加值增长5.8%, 全省地区生产总值突破10万亿元: the figure is the
    country's or the province's. Not when the whole is what the figure is compared with or a
    share of (占全省的12%, 增速高于全省1.2个百分点, 居全国第一)."""
    for word, scope in _WHOLE.items():
        i = text.find(word, start, end)
        if i >= 0 and text[max(start, i - 2) : i][-1:] not in ("占", "于", "比", "较", "居", "的", "超", "达"):
            if _RANKED_AFTER.match(text, i + 2):
                continue  # 全国首店15家, 全省百强企业: a rank or a kind, not the whole's figure
            return word, scope
    return None


def _in_place_name(doc: Doc, q: Quantity) -> bool:
    """三台县, 五台县, 三元区, 九台区: a numeral and a measure word inside a place's name are no figure."""
    i = bisect.bisect_right(doc.mention_starts, q.start) - 1
    if i >= 0 and doc.mentions[i].end > q.start:
        return True
    return i + 1 < len(doc.mentions) and doc.mentions[i + 1].start < q.end


def _district_at(doc: Doc, pos: int, sent: Span, known: tuple[str, ...]) -> str | None:
    """The district a word at ``pos`` is about: the last district named before it in its
    sentence, else the one carried from earlier sentences, else the article's."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    key = (i, sent.start)  # the answer depends only on the places named before pos
    if key not in doc.district_memo:
        doc.district_memo[key] = _district_at_uncached(doc, i, sent, known)
    return doc.district_memo[key]


def _district_at_uncached(doc: Doc, i: int, sent: Span, known: tuple[str, ...]) -> str | None:
    while i >= 0 and doc.mentions[i].start >= sent.start:
        if doc.mentions[i].level == "district":
            return doc.mentions[i].key
        i -= 1
    return _district_before(doc, sent.start, known) or doc.default_district

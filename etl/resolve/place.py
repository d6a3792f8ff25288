"""Place and scope: the district, city, province or zone a figure is about (its sentence's subject, 分别 lists, towns, 全国/全省/全市)."""

from __future__ import annotations

import bisect
import re

from etl import reference
from etl.context import Doc, Span, names_more
from etl.cues import _listed_run
from etl.places import MUNICIPALITIES, Mention, in_city, is_zone, level_of, parents
from etl.quantities import Quantity
from etl.resolve.base import Draft, Run
from etl.resolve.entity import _ENTITY_CUT, _GENERIC_PROJECT
from etl.rules import alternation, word_list, word_map


def _district_before(doc: Doc, pos: int, known: tuple[str, ...], lo: int = 0) -> str | None:
    """The last district-level place named in text[lo:pos] (carried across sentences)."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0 and doc.mentions[i].start >= lo:
        m = doc.mentions[i]
        if m.level == "district" and (not known or m.key in known or m.key.startswith("unknown:")):
            if (known and m.key.startswith("unknown:")) or (is_zone(m.key) and _in_project_name(doc.text, m)):
                i -= 1  # (吴忠太阳山开发区热电联产项目: a project's name, not a zone to carry on)
                continue
            return m.key
        i -= 1
    return None


_PROJECT_NAME_AFTER = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:项目|工程)")


def _in_project_name(text: str, m: Mention) -> bool:
    """Whether a zone's name runs on into a project's (某开发区热电联产项目), not a kind (某开发区重点项目)."""
    after = _PROJECT_NAME_AFTER.match(text, m.end, m.end + 16)
    if after is None or _ENTITY_CUT.match(after.group(1)):
        return False  # 开发区今年以来新招引项目: a sentence goes on, no name
    return not _GENERIC_PROJECT.fullmatch(after.group(1) + "项目")


def place_and_scope(
    doc: Doc, q: Quantity, clause: Span, sent: Span, known: tuple[str, ...]
) -> tuple[str | None, str, str | None, str]:
    """(district key, scope, place name, rule) for a figure: the place it modifies, else the place
    named for it in its sentence, else the paragraph's, the section's or the article's."""
    return _owner_after(doc, q) or _named_in_sentence(doc, q, clause, sent, known) or _from_context(doc, q, sent, known)


Placed = tuple[str | None, str, str | None, str]


def _named_in_sentence(doc: Doc, q: Quantity, clause: Span, sent: Span, known: tuple[str, ...]) -> Placed | None:
    """The county, city or province named for the figure in its sentence, nearest first."""
    i = bisect.bisect_left(doc.mention_starts, q.start) - 1
    while i >= 0 and doc.mentions[i].start >= sent.start:
        m = doc.mentions[i]
        if doc.text.endswith(_BASE_BEFORE, max(sent.start, m.start - 2), m.start) and not _RIGHT_BEFORE.fullmatch(
            doc.text, m.end, q.start
        ):
            # 占抚州市的25%, 比南城县多120亿元: the whole or the place compared with, not the owner
            # (but 低于佛山超2000亿元的产业规模: the place right before its own figure owns it)
            i -= 1
            continue
        if m.level == "district":
            return m.key, "zone" if is_zone(m.key) else "district", m.name, "place.named_before"
        named_city = (
            m.level == "name"
            and level_of(m.name) == "city"
            and (
                (not names_more(doc.text, m) and _opens(doc.text, sent, m))  # not 宁德时代, 南京软件谷
                or _RIGHT_BEFORE.fullmatch(doc.text, m.end, q.start) is not None  # 远低于佛山超2000亿元的产业规模
            )
        )
        if (m.level == "city" and (m.start >= clause.start - 12 or _opens(doc.text, sent, m))) or named_city:
            # near the figure, or opening its sentence (杭州市1-10月…4312亿元,同比增长6.8%: both the city's)
            return _city_key(doc, m, known), "city", m.name, "place.city_named"
        named_province = (
            m.level == "name" and level_of(m.name) == "province" and not names_more(doc.text, m) and _opens(doc.text, sent, m)
        )  # 2021年江西数字经济规模达0.9万亿元
        if named_province or (m.level == "province" and (m.start >= clause.start - 12 or _opens(doc.text, sent, m))):
            # 山东省地区生产总值突破10万亿元 (重庆市全市…: a municipality is a city)
            scope = "city" if m.name.startswith(MUNICIPALITIES) else "province"
            return f"unknown:{m.name}", scope, m.name, "place.province_named"
        i -= 1
    return None


def _city_key(doc: Doc, m: Mention, known: tuple[str, ...]) -> str:
    """A city's figure is the city's (unknown:宁德), never a county's named elsewhere; in an
    article on one of the six, it is filed under the gazetteer district with scope city (the
    contract's)."""
    if m.city_key:
        return m.city_key
    home = _district_before(doc, m.start, known) or doc.default_district
    return home if home in reference.district_ids() and in_city(home, m.name) else f"unknown:{m.name}"


def _city_of(doc: Doc, district: str | None) -> str | None:
    """The city a county outside the gazetteer lies in, as the article names it (its own place
    when that is the city), else from cpca's table; a gazetteer district stays (the contract files
    its city's figures under it, scope city)."""
    if not district or not district.startswith("unknown:") or is_zone(district):
        return district
    if doc.default_scope == "city" and doc.default_district and in_city(district, doc.default_district.removeprefix("unknown:")):
        return doc.default_district
    _, city = parents(district.removeprefix("unknown:"))
    return f"unknown:{city}" if city else district


def _whole_place(doc: Doc, d: Draft, district: str | None, scope: str, entity: str | None) -> tuple[str | None, str, str | None]:
    """全国, national (no place's); 全省, the province's; 全市, the city's (unless the place is a
    county-level city): the whole named before the figure, in its clause or opening its sentence."""
    text, q = doc.text, d.q
    whole = _whole_country_or_province(text, d.clause.start, q.start) or _whole_country_or_province(
        text,
        d.sent.start,
        min(d.sent.start + 10, d.clause.start),  # 前三季度,全市规上工业总产值、…分别增长6.1%、4.3%
    )
    if not whole or (whole[1] == "city" and (district or "").endswith("市")):
        return district, scope, entity
    d.why("scope", "scope.whole_" + whole[1], whole[0])
    d.why("entity", "entity.whole", whole[0])
    if whole[1] == "city":
        return _city_of(doc, district), "city", whole[0]  # 全市… after a county's sentence: the city's
    if whole[1] == "province":
        return _province_of(doc, district), "province", whole[0]
    return None, whole[1], whole[0]  # 全国…: the country's, no place's


def _province_of(doc: Doc, district: str | None) -> str | None:
    """The province a place lies in (unknown:江苏省): the gazetteer's for the six, else from
    cpca's table; the place itself when it is a province or its province is unknown."""
    if not district:
        return district
    gazetteer = {d.id: d for d in reference.districts()}.get(district)
    if gazetteer is not None:
        return f"unknown:{gazetteer.province_zh}"
    name = district.removeprefix("unknown:")
    if level_of(name) == "province":
        return district
    province, _ = parents(name)
    return f"unknown:{province}" if province else district


def _city_carried(doc: Doc, lo: int, pos: int) -> Mention | None:
    """The last city named in text[lo:pos] as the subject of its sentence (再看西安,地区生产总值…):
    it carries over the later sentences of its paragraph, as a county does."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0 and doc.mentions[i].start >= lo:
        m = doc.mentions[i]
        if m.level == "city" or (m.level == "name" and level_of(m.name) == "city" and not names_more(doc.text, m)):
            j = bisect.bisect_right(doc.sent_starts, m.start) - 1
            if j >= 0 and (_opens(doc.text, doc.sents[j], m) or _topic(doc.text, doc.sents[j], m)):
                return m
        i -= 1
    return None


def _topic(text: str, sent: Span, m: Mention) -> bool:
    """再看西安,…; 至于成都,…: a city standing as its clause's topic, a word or two after the clause's start."""
    return m.start - _clause_start(text, sent.start, m.start) <= 2 and text[m.end : m.end + 1] == ","


def _from_context(doc: Doc, q: Quantity, sent: Span, known: tuple[str, ...]) -> Placed:
    """With no place in its sentence: the county its paragraph is about, the section heading's
    place, a county named as often as the article's own, else the article's own place."""
    # a county carries over the sentences of its paragraph; a later paragraph is the article's own
    # place's again (an article comparing cities names a county in passing: 福鼎市 is not 宁德)
    para = doc.text.rfind("\n", 0, sent.start) + 1
    carried = _district_before(doc, sent.start, known, para)
    if carried is None and para < sent.start:
        city = _city_carried(doc, para, sent.start)
        if city is not None:
            return _city_key(doc, city, known), "city", city.name, "place.city_carried"
    section = doc.section_place(sent.start)
    if section is not None and carried is not None and not _subject(doc, carried, sent.start):
        carried = None  # 新增芜湖高新区、镜湖区为示范单位 under a 芜湖: heading: named, not the subject
    section = section if carried is None else None
    if section is not None:
        # 长沙:打造数字经济先行城市 heading the paragraphs under it: their figures are 长沙's
        return section[0], section[1], section[2], "place.section"
    if carried is None:
        # (not across a section heading: 三、全市情况 after 二、南城县 is no 南城县 section)
        earlier = _district_before(doc, sent.start, known, doc.section_start(sent.start))
        if (
            earlier
            and doc.default_scope != "province"
            and doc.name_counts.get(earlier, 0) >= doc.name_counts.get(doc.default_district, 0)
        ):
            # a county named as often as the article's own place: the article is about it (not in an
            # article on a province, whose lists name its counties: 宁夏…各县区投资增速前三名)
            carried = earlier
    rule = "place.carried" if carried else "place.article"
    if carried and is_zone(carried) and _WHOLE_PLACE.search(doc.text, sent.start, min(q.start, sent.start + 12)):
        # 全市进出口总额… after a sentence on 义乌经济技术开发区: the whole place's, not the zone's
        carried, rule = _outer_place(doc, sent.start) or carried, "place.whole_after_zone"
    if carried:
        return carried, "zone" if is_zone(carried) else "district", None, rule
    return doc.default_district, doc.default_scope if doc.default_district else "district", None, rule


_WHOLE_PLACE = re.compile(r"全[区县市]")
_BASE_BEFORE = word_list("comparison_base_before")  # data/rules/zh/words.yaml
# between a place and its own figure: a measure's name or a qualifier, nothing else (佛山超2000亿元)
_RIGHT_BEFORE = re.compile("(?:GDP)?(?:" + alternation("qualifier_prefixes") + ")?")
# what may stand before a city that opens a clause as its subject (其中,绍兴以…; 2021年芜湖市数字经济…)
_SUBJECT_LEAD = re.compile(
    r"(?:其中|而|但|同时|此外|另外|目前|当年|同年)?(?:(?:19|20)\d\d年|去年|今年|上半年|前三季度|1-\d{1,2}月)*"
)


def _subject(doc: Doc, key: str, pos: int) -> bool:
    """Whether the last mention of ``key`` before ``pos`` opens its clause (after a year or 其中):
    the subject of what it says, not a place named in passing."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0 and doc.mentions[i].key != key:
        i -= 1
    if i < 0:
        return False
    m = doc.mentions[i]
    return _SUBJECT_LEAD.fullmatch(doc.text, _clause_start(doc.text, 0, m.start, ",:;。!?\n"), m.start) is not None


def _owner_after(doc: Doc, q: Quantity) -> tuple[str, str, str, str] | None:
    """GDP近6000亿的临沂,也正…: a figure modifying the place right after it (figure, 的, the place
    ending its clause) is that place's."""
    text = doc.text
    if text[q.end : q.end + 1] != "的":
        return None
    i = bisect.bisect_left(doc.mention_starts, q.end + 1)
    if i >= len(doc.mentions) or doc.mention_starts[i] != q.end + 1:
        return None
    m = doc.mentions[i]
    if text[m.end : m.end + 1] not in (",", ":") or names_more(text, m):
        return None
    level = level_of(m.name) if m.level == "name" else m.level
    if level == "district":
        return m.key, "zone" if is_zone(m.key) else "district", m.name, "place.owner_after"
    if level in ("city", "province"):
        scope = "city" if level == "city" or m.name.startswith(MUNICIPALITIES) else "province"
        return m.city_key or m.key, scope, m.name, "place.owner_after"
    return None


def _clause_start(text: str, lo: int, pos: int, separators: str = ",:;") -> int:
    """Where the clause holding ``pos`` starts: after the last separator in text[lo:pos], else ``lo``."""
    return max(lo, *(text.rfind(c, lo, pos) + 1 for c in separators))


def _opens(text: str, sent: Span, m: Mention) -> bool:
    """Whether a place opens a clause of the sentence as its subject: at the clause's start
    (after a year or 其中: 2023年,绍兴地区生产总值…达到7800亿元), or as the head of a phrase that
    ends the clause (GDP近6000亿的临沂,也正加快…)."""
    if _SUBJECT_LEAD.fullmatch(text, _clause_start(text, sent.start, m.start), m.start):
        return True
    return text[m.start - 1 : m.start] == "的" and text[m.end : m.end + 1] == ","


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


_RANKED_AFTER = re.compile(alternation("ranked_after") + r"|\d+强")


_WHOLE = word_map("whole_places")


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


def _town_before(text: str, clause: Span, sent: Span, pos: int, after: int = -1) -> str | None:
    """The township a figure is given for: named in its clause before it, or opening its
    sentence; never starting before ``after`` (the end of the county named before it: 屯留区渔泽镇
    is 渔泽镇 of 屯留区)."""
    found = None
    seg = text[sent.start : pos]
    if "镇" not in seg and "乡" not in seg and "街道" not in seg:
        return None
    for m in _TOWN.finditer(text, max(clause.start, after), pos):
        found = m
    if found is None and clause.start > sent.start:
        opening = max(sent.start, after) if after <= sent.start + 8 else sent.start
        found = _TOWN.match(text, opening, min(sent.end, opening + 8))
    if found is None or found.group(1).startswith(_LOCATED) or text[max(0, found.start() - 2) : found.start()].endswith(_LOCATED):
        return None  # 位于瓜沥镇的吉利项目: where something else is, not whose figure
    if text.startswith(_MEDIA_AFTER, found.end()):
        return None  # 祖山镇招商网讯: a news source's name
    return found.group(1)


def _last_place_end(doc: Doc, lo: int, pos: int) -> int:
    """Where the last place named in text[lo:pos] ends (-1 when none is)."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0 and doc.mentions[i].start >= lo:
        if doc.mentions[i].end <= pos:
            return doc.mentions[i].end
        i -= 1
    return -1


_LOCATED = word_list("located")  # data/rules/zh/words.yaml
_MEDIA_AFTER = word_list("media_after")


# a count of a kind of place: 230个国家级经开区, 178个国家高新区
_PLACE_KIND_AFTER = re.compile(r"(?:国家级|国家)?[\u4e00-\u9fff]{0,4}?(?:" + alternation("place_kind_nouns") + ")")


def _national_count(text: str, q: Quantity) -> bool:
    """A count of the whole country's places of a kind (全国178个国家高新区, 230个国家级经开区),
    with 全国 or 中国 just before it or 国家级 just after."""
    m = _PLACE_KIND_AFTER.match(text, q.end)
    if m is None or "\n" in m.group(0):
        return False
    return text[max(0, q.start - 2) : q.start] in ("全国", "中国") or text.startswith(("国家级", "国家"), q.end)


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
    spans = doc.name_spans
    i = bisect.bisect_right(spans, (q.start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > q.start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < q.end


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


SETS, NEEDS = ("district", "scope", "entity"), ("named",)


def resolve(run: Run, d: Draft) -> None:
    """The place a figure is about and its scope: the place named for it (or the i-th listed
    before 分别), a named project or zone after it, a town, the whole country, province or city."""
    doc, text, q = run.doc, run.text, d.q
    district, scope, place_name, rule = place_and_scope(doc, q, d.clause, d.sent, run.known)
    if d.resp is not None:
        m = _respective_place(doc, d.sent, *d.resp)
        if m is not None:
            # 鼓楼区、玄武区分别实现地区生产总值1850亿元、1120亿元: the i-th figure is the i-th place's;
            # 宁波、温州两市分别完成…: each city's own figure (江苏、浙江分别…: each province's)
            district, place_name, rule = m.key, m.name, "place.respectively"
            if m.level in ("city", "name", "province"):
                scope = "province" if m.level == "province" else "city"
            else:
                scope = "zone" if is_zone(m.key) else "district"
    d.why("district", rule, place_name)
    entity, ent_pos, ent_scope = d.named
    place_pos = -1
    if place_name:
        i = bisect.bisect_left(doc.mention_starts, q.start) - 1
        place_pos = doc.mentions[i].start if i >= 0 else -1
    if entity and ent_scope and (ent_pos >= place_pos or ent_pos > q.start):
        if entity not in run.district_names:
            scope = ent_scope
            d.why("scope", "scope.named_" + ent_scope, entity)
    elif place_name:
        entity = place_name
        d.why("entity", "entity.place_named", place_name)
    else:
        entity = run.gazetteer_names.get(district or "", (district or "").removeprefix("unknown:") or None)
        d.why("entity", "entity.place_of_article", None)
    town = (
        _town_before(text, d.clause, d.sent, q.start, _last_place_end(doc, d.sent.start, q.start))
        if scope in ("district", "zone")
        else None
    )
    if town and not (entity and ent_scope == "project" and ent_pos > place_pos):
        entity, scope = town, "town"  # 渔泽镇实现工业产值52亿元: a town's, not the district's total
        d.why("scope", "scope.town", town)
        d.why("entity", "entity.town", town)
        if not place_name and is_zone(district or ""):
            # 佛堂镇… after a sentence on 义乌经济技术开发区: a town of the place, not of the zone
            district = _outer_place(doc, d.sent.start) or district
    if scope == "district" and not place_name:
        district, scope, entity = _whole_place(doc, d, district, scope, entity)
    if q.unit == "count" and _national_count(text, q):
        # 在230个国家级经开区中, 跻身全国178个国家高新区: the country's zones, counted; no one place's
        district, scope, entity = None, "national", None
        d.why("district", "place.national_count", text[q.start : q.end + 12])
        d.why("scope", "scope.whole_national", None)
        d.why("entity", "entity.whole", None)
    if "scope" not in d.rules:
        d.why("scope", "scope.of_place", place_name)
    d.district, d.scope, d.entity = district, scope, entity

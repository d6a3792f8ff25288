"""Recognize places in cleaned text: the gazetteer's districts (with aliases) and every
province, city and county of China (names and coordinates from the cpca package's
administrative-division table), so articles about places outside the gazetteer get
``unknown:<name as written>``."""

from __future__ import annotations

import bisect
import csv
import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs

from etl import reference
from etl.paths import REFERENCE_DIR
from etl.rules import alternation, word_list, word_map

ADMIN_SUFFIX = re.compile(r"(省|市|区|县|旗|自治州|地区|盟|开发区|经开区|高新区|新区|园区|园)$")
_NOT_PLACES = frozenset(word_list("not_places"))  # data/rules/zh/words.yaml
# County names that are also common words (活力品质新城区, 城东区): trusted only right after
# their city's name (西安市新城区) or when the article is known to be about them.
_GENERIC = {
    "新城区",
    "城中区",
    "城东区",
    "城西区",
    "城南区",
    "城北区",
    "市中区",
    "城关区",
    "开发区",
    "高新区",
    "中心区",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "新市区",
    "老城区",
    "经济开发区",
}
_CITY_SUBJECT = re.compile(
    r"^(市)?(的|全市|全年|实现|完成|经济|数字经济|工业|规上|规模以上|地区生产总值|GDP|社会消费品|固定资产|,|:"
    r"|(?:19|20)\d\d年|\d{1,2}(?:-|至|~|—)\d{1,2}月|前三季度|上半年|下半年|一季度|今年|去年)"  # 杭州市1-10月规上工业…
)
_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|自治州)$")


@dataclass(frozen=True)
class PlaceName:
    name: str
    level: str  # province, city, district
    district_id: str | None  # gazetteer id, when known
    adcodes: tuple[str, ...]  # candidate admin codes (several when the name is ambiguous)
    needs_context: bool  # short or ambiguous alias: only trusted with its city in the text
    bounded: bool = False  # a two-character county (沛县): only where it cannot be the end of a word (提高县域)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    name: str
    level: str
    district_id: str | None  # resolved gazetteer id or None
    key: str  # gazetteer id, or unknown:<name>
    city_key: str | None = None  # for a city mention: the gazetteer district in that city


@dataclass(frozen=True)
class AdminUnit:
    adcode: str
    name: str
    lat: float
    lon: float


@functools.cache
def admin_units() -> tuple[AdminUnit, ...]:
    spec = importlib.util.find_spec("cpca")  # locate the data file without importing cpca (and jieba)
    assert spec is not None and spec.submodule_search_locations, "the cpca package is not installed"
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    units = []
    # cpca's table, then the counties created after it (data/reference/admin_added.csv: 深圳市光明区, 杭州市临平区 …)
    for table in (path, REFERENCE_DIR / "admin_added.csv"):
        with open(table, encoding="utf-8") as fh:
            units += [
                AdminUnit(r["adcode"], r["name"], float(r["latitude"] or 0), float(r["longitude"] or 0))
                for r in csv.DictReader(fh)
            ]
    return tuple(units)


def _level(adcode: str) -> str:
    if adcode.endswith("0000000000"):
        return "province"
    if adcode.endswith("00000000"):
        return "city"
    return "district"


@functools.cache
def _names() -> dict[str, PlaceName]:
    by_name: dict[str, list[AdminUnit]] = {}
    for u in admin_units():
        by_name.setdefault(u.name, []).append(u)
    names: dict[str, PlaceName] = {}
    for name, units in by_name.items():
        if len(name) < 2:
            continue  # 重庆's "县" group is not a place name
        level = _level(units[0].adcode)
        codes = tuple(u.adcode for u in units)
        if level == "district":
            if len(name) == 2 and name.endswith("县") and len(units) == 1:
                names[name] = PlaceName(name, level, None, codes, needs_context=False, bounded=True)
                continue
            if len(name) < 3 or name in _NOT_PLACES:
                continue
            names[name] = PlaceName(name, level, None, codes, needs_context=len(units) > 1 or name in _GENERIC)
        else:
            names[name] = PlaceName(name, level, None, codes, needs_context=False)
            short = (_PROVINCE_SUFFIX if level == "province" else _CITY_SUFFIX).sub("", name)
            if len(short) >= 2 and short not in names:
                names[short] = PlaceName(short, level, None, codes, needs_context=False)
    county_count = {n: len(p.adcodes) for n, p in names.items() if p.level == "district"}
    for d in reference.districts():
        for alias in d.aliases:
            ambiguous = county_count.get(alias, 0) > 1 or not ADMIN_SUFFIX.search(alias)
            names[alias] = PlaceName(alias, "district", d.id, (d.adcode,), needs_context=ambiguous)
    return names


@functools.cache
def _automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[str]]:
    """Leftmost-longest Aho-Corasick over every place name (a DFA in Rust: one pass, no
    per-character Python)."""
    words = list(_names())
    auto = ahocorasick_rs.AhoCorasick(
        words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=ahocorasick_rs.Implementation.DFA
    )
    return auto, words


def _city_of(district_id: str) -> tuple[str, ...]:
    for d in reference.districts():
        if d.id == district_id:
            return d.city_aliases
    return ()


@functools.cache
def _gazetteer() -> dict[str, reference.District]:
    return {d.id: d for d in reference.districts()}


def find_mentions(text: str, known: tuple[str, ...] = ()) -> list[Mention]:
    """Places named in ``text``, leftmost-longest, without overlaps.

    ``known`` lists gazetteer ids the article is known to be about (from the manifest):
    their short or ambiguous aliases (泉山, 市中区) are trusted; otherwise such an alias
    counts only when its city, or its full name, also appears in the text.
    """
    # leftmost-longest, non-overlapping: 济南市中区 wins over 济南市 + 市中区
    auto, words = _automaton()
    chosen = [(start, end, words[i]) for i, start, end in auto.find_matches_as_indexes(text)]
    scan = _Scan(text, known, {h[2] for h in chosen})
    for start, end, name in _with_zones(text, chosen):
        if name.startswith("\x00zone:"):
            zone, _, written = name.removeprefix("\x00zone:").partition("\x00")
            scan.out.append(Mention(start, end, written or zone, "district", None, f"unknown:{zone}"))
            continue
        written = name
        if name.startswith("\x00gaz:"):
            name, _, written = name.removeprefix("\x00gaz:").partition("\x00")
        p = scan.names[name]
        if p.district_id:
            m = scan.gazetteer_district(start, end, name, written, p)
        elif p.level == "district":
            m = scan.county(start, end, name, p)
        else:
            m = scan.city_or_province(start, end, name, p)
        if m is not None:
            scan.out.append(m)
    return _with_county_shorts(text, scan.out)


_SHORT_LEAD = word_list("county_short_lead")  # what may open a clause before a county's short name (其中阳新签约…)


def _with_county_shorts(text: str, out: list[Mention]) -> list[Mention]:
    """阳新 after the article has written 阳新县: a county's short name (one county's and no other
    place's) standing on its own is that county, wherever the article named it in full."""
    full: dict[str, Mention] = {}
    for m in out:
        if m.level == "district" and m.district_id is None:
            short = _short_of(m.name)
            if short is not None and short not in full and m.key == "unknown:" + m.name:
                full[short] = m
    if not full:
        return out
    spans: list[tuple[int, int]] | None = None
    added = []
    for short, m in full.items():
        pos = text.find(short)
        while pos >= 0:
            end = pos + len(short)
            if _short_stands_alone(text, pos, end):  # cheap checks first: most hits are the full name
                if spans is None:
                    spans = [(x.start, x.end) for x in out]
                if _free(spans, pos, end):
                    added.append(Mention(pos, end, m.name, "district", None, m.key))  # named in full: one entity
            pos = text.find(short, end)
    return sorted(out + added, key=lambda m: m.start) if added else out


@functools.lru_cache(maxsize=8192)
def _short_of(name: str) -> str | None:
    """阳新 for 阳新县, when no other unit and no other place name is 阳新."""
    return name[:-1] if _county_shorts().get(name[:-1]) == name else None


def _short_stands_alone(text: str, start: int, end: int) -> bool:
    after = text[end : end + 1]
    if (
        after in ("县", "市", "区")
        or after in _AFTER_SHORT_COUNTY
        or ("\u4e00" <= after <= "\u9fff" and after not in _SHORT_FOLLOW)
    ):
        return False  # 阳新县 (the full name, found already), 福安康: not the short name alone
    before = text[start - 1 : start] if start else ""
    return (
        not before or not "\u4e00" <= before <= "\u9fff" or before in _BEFORE_SHORT_COUNTY or text.endswith(_SHORT_LEAD, 0, start)
    )


_SHORT_FOLLOW = frozenset(word_list("city_subject_follow")) | frozenset(word_list("county_short_follow"))


class _Scan:
    """One article's place finding: what it has found so far and the names present in it."""

    def __init__(self, text: str, known: tuple[str, ...], present: set[str]):
        self.text, self.known, self.present = text, known, present
        self.names, self.gaz = _names(), _gazetteer()
        self.out: list[Mention] = []
        self._cities: dict[str, str] | None = None  # city code prefix -> the city's name as written, when needed

    @property
    def cities(self) -> dict[str, str]:
        if self._cities is None:
            self._cities = _cities_present(self.names, self.present)
        return self._cities

    def gazetteer_district(self, start: int, end: int, name: str, written: str, p) -> Mention | None:
        """One of the six, when its alias is trusted (the manifest's, its city or full name named)."""
        trusted = not p.needs_context or p.district_id in self.known
        if not trusted:
            d = self.gaz[p.district_id]
            trusted = any(a in self.present for a in d.city_aliases) or any(
                a in self.present and not self.names[a].needs_context for a in d.aliases
            )
        if trusted:
            return Mention(start, end, written, "district", p.district_id, p.district_id)
        if ADMIN_SUFFIX.search(name):
            # another city's 市中区 (枣庄市市中区, or 市中区 in an article naming 乐山市): its city's
            codes = tuple(u.adcode for u in _units_by_name().get(name, ()))
            return _with_its_city(self.out, start, end, name, codes, self.cities) or Mention(
                start, end, name, "district", None, f"unknown:{name}"
            )
        return None

    def county(self, start: int, end: int, name: str, p) -> Mention | None:
        if self.text[start] in _ACROSS_SECOND and start and self.text[start - 1 : start + 1] in _WORD_ACROSS:
            return None  # 新增城区: the 增 of 新增, not 增城区
        if p.bounded and not _stands_alone(self.text, start, end, self.out):
            return None  # 提高县域, 信息县级平台, 代县长: words, not 高县, 息县, 代县
        if not p.needs_context:
            return Mention(start, end, name, "district", None, f"unknown:{name}")
        # 南京鼓楼区, or 鼓楼区 in an article that names 南京 elsewhere: Nanjing's, not Fuzhou's
        m = _with_its_city(self.out, start, end, name, () if name in _GENERIC else p.adcodes, self.cities)
        if m is None and name not in _GENERIC:
            # 鼓楼区 in an article naming none of its cities: the place as written (whose it
            # is, the text does not say); not so for words like 新城区
            m = Mention(start, end, name, "district", None, f"unknown:{name}")
        return m

    def city_or_province(self, start: int, end: int, name: str, p) -> Mention:
        city_key = None
        if p.level == "city":
            for d in self.gaz.values():
                if name in d.city_aliases and (d.id in self.known or any(a in self.present for a in d.aliases)):
                    city_key = d.id
                    break
        key = city_key or f"unknown:{name}"
        subject = bool(_CITY_SUBJECT.match(self.text[end : end + 6]))
        return Mention(start, end, name, p.level if subject else "name", None, key, city_key)


_WORD_ACROSS = frozenset(word_list("words_across_county_start"))
_ACROSS_SECOND = frozenset(w[1] for w in _WORD_ACROSS)
# what may come right before a two-character county's name (沛县): a date, a preposition, a list
_BEFORE_SHORT_COUNTY = frozenset(word_list("short_county_before"))
_AFTER_SHORT_COUNTY = frozenset(word_list("short_county_after"))  # 代县长, 县委, 县域, 县级: the 县 is a word of its own


def _stands_alone(text: str, start: int, end: int, out: list[Mention]) -> bool:
    before = text[start - 1 : start] if start else ""
    if text[end : end + 1] in _AFTER_SHORT_COUNTY:
        return False
    if not before or not ("\u4e00" <= before <= "\u9fff") or before in _BEFORE_SHORT_COUNTY:
        return True
    return bool(out) and out[-1].end == start  # 徐州市沛县: right after its city


def _with_its_city(
    out: list[Mention], start: int, end: int, name: str, adcodes: tuple[str, ...], cities: dict[str, str]
) -> Mention | None:
    """A county name several cities share, as one of their places: glued to the city named right
    before it (南京鼓楼区: that mention is taken back from ``out``), or of a city the article names
    elsewhere; None when neither."""
    prev = out[-1] if out else None
    if prev and prev.end == start and prev.level in ("city", "name") and not prev.district_id:
        out.pop()
        return Mention(prev.start, end, prev.name + name, "district", None, f"unknown:{_full_city(prev.name)}{name}")
    city = next((cities[c[:4]] for c in adcodes if c[:4] in cities), None)
    return Mention(start, end, name, "district", None, f"unknown:{_full_city(city)}{name}") if city else None


@functools.lru_cache(maxsize=1024)
def _full_city(name: str) -> str:
    """A city's name in full (深圳 -> 深圳市), so that 深圳南山区 and 深圳市南山区 are one place's key."""
    p = _names().get(name)
    if p is None or p.level != "city" or len(p.adcodes) != 1:
        return name
    return _names_by_code().get(p.adcodes[0], name)


def _cities_present(names: dict[str, PlaceName], present: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for n in sorted(present, key=lambda n: (-len(n), n)):  # 南京市 before 南京: one key however written
        p = names.get(n)
        if p is not None and p.level == "city" and len(p.adcodes) == 1:
            out.setdefault(p.adcodes[0][:4], n)
    return out


_ZONE_WORDS = "(" + alternation("zone_words") + ")"  # data/rules/zh/words.yaml
_ZONE_AFTER = re.compile(_ZONE_WORDS)
# 东莞市松山湖高新区, 武汉东湖高新区, 重庆两江新区: a city, a short name of its own, a zone word
_NAMED_ZONE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,4}?)" + _ZONE_WORDS)
MUNICIPALITIES = _MUNICIPALITIES = word_list("municipalities")  # provinces that are cities (not 浙江江山经开区: a county's zone)
_NOT_IN_ZONE = word_map("not_in_zone_name")
_NOT_IN_ZONE_NAME = re.compile("[" + _NOT_IN_ZONE["characters"] + "]|" + "|".join(_NOT_IN_ZONE["words"]))


_ZONE_FIRST = frozenset(w[0] for w in word_list("zone_words"))  # first characters of the zone words: others need no match


def _with_zones(text: str, chosen: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A place name followed by a zone word (合肥高新区) becomes one zone name."""
    out = []
    names = _names()
    named: dict[str, str] = {}  # 松山湖高新区 -> 东莞市松山湖高新区: later bare mentions are the same zone
    for k, (start, end, name) in enumerate(chosen):
        p = names[name]
        m = _ZONE_AFTER.match(text, end) if text[end : end + 1] in _ZONE_FIRST else None
        if m is None and (p.level == "city" or name.startswith(_MUNICIPALITIES)) and not p.district_id:
            m = _NAMED_ZONE_AFTER.match(text, end)
            nxt = chosen[k + 1][0] if k + 1 < len(chosen) else len(text)
            if m and (nxt < m.end() or _NOT_IN_ZONE_NAME.search(m.group(1))):
                m = None
            if m:
                named.setdefault(text[end : m.end()], text[start : m.end()])
        if m and not p.district_id and p.level in ("city", "district", "province"):
            zone = text[start : m.end()]
            short = (_CITY_SUFFIX if p.level == "city" else _PROVINCE_SUFFIX).sub("", name) + text[end : m.end()]
            gaz = names.get(zone) or names.get(short)  # 苏州市工业园区 is the gazetteer's 苏州工业园区
            if gaz is not None and gaz.district_id:
                out.append((start, m.end(), "\x00gaz:" + gaz.name + "\x00" + zone))
            else:
                out.append((start, m.end(), "\x00zone:" + zone))
        else:
            out.append((start, end, name))
    for bare, full in named.items():
        out = _add_bare_zone(text, out, bare, full)
    return _county_zones(text, out)


@functools.cache
def _county_shorts() -> dict[str, str]:
    """Short names of county-level cities, counties and districts (昆山 for 昆山市, 临平 for 临平区)
    that are one unit's and no other place's, with the full name: written so only before a zone
    word (昆山开发区, 宜兴经开区, 临平开发区)."""
    by_short: dict[str, list[str]] = {}
    for u in admin_units():
        if _level(u.adcode) == "district" and len(u.name) >= 3 and u.name.endswith(("市", "县", "区")):
            by_short.setdefault(u.name[:-1], []).append(u.name)
    names = _names()
    return {short: full[0] for short, full in by_short.items() if len(full) == 1 and short not in names}


def _county_zones(text: str, chosen: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """昆山开发区: a county's short name and a zone word make a zone no name list holds."""
    added = []
    shorts = _county_shorts()
    ends = {e for _, e, _ in chosen}
    for hit in _ZONE_WORD_END.finditer(text):
        word = next(w for w in _ZONE_WORD_LIST if text.endswith(w, 0, hit.end()))
        z = hit.end() - len(word)
        if z in ends:
            continue  # 合肥高新区: already a place's zone
        for k in (4, 3, 2):
            short = text[z - k : z] if z >= k else ""
            if short in shorts:
                # a district's zone (临平开发区) only where the district itself is not named: where it is
                # (江宁区 … 江宁经济技术开发区), the zone is the district's, its name the figures' entity
                if not (shorts[short].endswith("区") and shorts[short] in text):
                    added.append((z - k, hit.end(), "\x00zone:" + text[z - k : hit.end()]))
                break
    if not added:
        return chosen
    spans = sorted(chosen)
    out = list(spans)
    for a in added:
        if not any(s < a[1] and a[0] < e for s, e, _ in spans):
            out.append(a)
    return sorted(out)


# every zone word ends in 区: find that literal first (three times faster than the alternation),
# then check which word ends there, longest first
_ZONE_WORD_LIST = sorted(_ZONE_WORDS.strip("()").split("|"), key=len, reverse=True)
assert all(w.endswith("区") for w in _ZONE_WORD_LIST)
_ZONE_WORD_END = re.compile(
    "区(?:"
    + "|".join(
        f"(?<={'|'.join(ws)})"
        for ws in ([w for w in _ZONE_WORD_LIST if len(w) == n] for n in sorted({len(w) for w in _ZONE_WORD_LIST}))
    )
    + ")"
)


@functools.lru_cache(maxsize=4096)
def is_zone(key: str | None) -> bool:
    """Whether a place key is a zone outside the gazetteer (unknown:昆山开发区)."""
    return bool(key) and key.startswith("unknown:") and _ZONE_END.search(key) is not None and key[8:] not in _names()


_ZONE_END = re.compile(_ZONE_WORDS + "$")
# a title that opens with a zone's own name (前海深港合作区今年…, 雄安新区…): the article's place
# when the text names no county at all
_TITLE_ZONE = re.compile(r"(?:(?:19|20)\d\d年)?([\u4e00-\u9fff]{2,6}?" + _ZONE_WORDS + ")")


def title_zone(title: str) -> str | None:
    """unknown:<zone> for a title that opens with a zone named on its own, else None."""
    m = _TITLE_ZONE.match(title)
    if m is None or _NOT_IN_ZONE_NAME.search(m.group(1)[: -len(m.group(2))]):
        return None
    return f"unknown:{m.group(1)}"


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether text[start:end] overlaps none of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return (i < 0 or spans[i][1] <= start) and (i + 1 >= len(spans) or spans[i + 1][0] >= end)


def _add_bare_zone(text: str, chosen: list[tuple[int, int, str]], bare: str, full: str) -> list[tuple[int, int, str]]:
    """Mentions of a zone's own name (松山湖高新区) after the article gave it with its city."""
    spans = [(s, e) for s, e, _ in chosen]
    added = []
    pos = text.find(bare)
    while pos >= 0:
        end = pos + len(bare)
        if _free(spans, pos, end):
            added.append((pos, end, "\x00zone:" + full + "\x00" + bare))
        pos = text.find(bare, end)
    return sorted(chosen + added) if added else chosen


@functools.lru_cache(maxsize=64)
def province_full_name(name: str) -> str:
    """A province's name in full (宁夏 -> 宁夏回族自治区); the name itself when it is not one."""
    p = _names().get(name)
    if p is None or p.level != "province":
        return name
    return next((u.name for u in admin_units() if u.adcode == p.adcodes[0]), name)


def level_of(name: str) -> str | None:
    """The level of a place name (province, city, district), whatever its mention's."""
    p = _names().get(name)
    return p.level if p is not None else None


def in_city(district_key: str | None, city_name: str) -> bool:
    """Whether a district (gazetteer id or unknown:<name>) lies in the named city."""
    if not district_key:
        return False
    gaz = _gazetteer().get(district_key)
    if gaz is not None:
        return city_name in gaz.city_aliases
    names = _names()
    d = names.get(district_key.removeprefix("unknown:"))
    c = names.get(city_name)
    if d is None or c is None or c.level != "city":
        return False
    return any(a[:4] == b[:4] for a in d.adcodes for b in c.adcodes)


def locate(name: str) -> AdminUnit | None:
    """Coordinates of a place outside the gazetteer, when its name is unambiguous."""
    name = name.removeprefix("unknown:")
    by_name = _units_by_name()
    matches = by_name.get(name, ())
    if len(matches) == 1:
        return matches[0]
    # a county several cities share, written with its city: 南京市鼓楼区, 南京鼓楼区
    for i in range(2, len(name) - 1):
        city, county = name[:i], name[i:]
        cities = [u for c in (city, city + "市") for u in by_name.get(c, ()) if u.adcode.endswith("00000000")]
        found = [u for u in by_name.get(county, ()) for c in cities if u.adcode[:4] == c.adcode[:4]]
        if len(found) == 1:
            return found[0]
    return None


@functools.cache
def _units_by_name() -> dict[str, tuple[AdminUnit, ...]]:
    out: dict[str, list[AdminUnit]] = {}
    for u in admin_units():
        out.setdefault(u.name, []).append(u)
    return {k: tuple(v) for k, v in out.items()}


def warm_up() -> None:
    """Build the place tables and automaton now (a build does it before starting its workers,
    which then inherit them instead of each building its own)."""
    _automaton()
    _units_by_name()


# an administrative suffix and its English, longest first (自治县 before 县)
_EN_SUFFIX = (
    ("自治县", "Autonomous County"),
    ("自治州", "Autonomous Prefecture"),
    ("自治旗", "Autonomous Banner"),
    ("开发区", "Development Zone"),
    ("新区", "New Area"),
    ("园区", "Park"),
    ("地区", "Prefecture"),
    ("县", "County"),
    ("区", "District"),
    ("市", "City"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("省", "Province"),
)


@functools.lru_cache(maxsize=8192)
def english_name(name: str) -> str:
    """A place's English name where no one has written it: its pinyin and its kind
    (绿春县 -> Lüchun County, 鼓楼区 -> Gulou District); the Chinese when pypinyin is missing."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        return name
    for zh, en in _EN_SUFFIX:
        if name.endswith(zh) and len(name) > len(zh):
            stem = "".join(lazy_pinyin(name[: -len(zh)], v_to_u=True)).capitalize()
            return f"{stem} {en}"
    return "".join(lazy_pinyin(name, v_to_u=True)).capitalize()


@functools.lru_cache(maxsize=8192)
def parents(name: str) -> tuple[str, str]:
    """(province, city) of a place outside the gazetteer when its name is unambiguous, else ('', '')."""
    unit = locate(name)
    if unit is None:
        return "", ""
    by_code = _names_by_code()
    province = by_code.get(unit.adcode[:2] + "0" * 10, "")
    city = by_code.get(unit.adcode[:4] + "0" * 8, "") if not unit.adcode.endswith("00000000") else ""
    return province, "" if city == province else city


@functools.lru_cache(maxsize=8192)
def english_place_name(name: str) -> str:
    """A place key's English name: 绿春县 -> Lüchun County; 南京市鼓楼区 (a shared county name with
    its city) -> Gulou District, Nanjing."""
    name = name.removeprefix("unknown:")
    unit = locate(name)
    if unit is not None and unit.name != name:
        _, city = parents(name)
        if city:
            return f"{english_name(unit.name)}, {english_name(city).removesuffix(' City')}"
    return english_name(name)


@functools.cache
def _names_by_code() -> dict[str, str]:
    return {u.adcode: u.name for u in admin_units()}

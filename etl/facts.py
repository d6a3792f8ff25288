"""Facts: every quantity of an article with its metric, status, year, place, scope, entity and cluster, decided by the resolvers in etl/resolve/."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass
from datetime import date

from etl import reference
from etl.context import Doc, Span, _clause_at, prepare
from etl.cues import _cluster_automaton, _cluster_regex, _live_cues
from etl.places import is_zone
from etl.quantities import find_quantities
from etl.resolve.cluster import _cluster_in_sentence, find_cluster
from etl.resolve.entity import _OTHERS, _antecedent_project, _entities_in, _listed_project, find_entity, scope_of_entity
from etl.resolve.metric import _falls, _growth_of, _list_metric, _metric_unit, _respective_metric, _unlabelled, classify_metric
from etl.resolve.place import (
    _district_at,
    _in_place_name,
    _outer_place,
    _respective,
    _respective_place,
    _town_before,
    _whole_country_or_province,
    place_and_scope,
)
from etl.resolve.status import _achieved, _list_status, classify_status
from etl.resolve.year import _period_year, _respective_year, resolve_year

FACT_COLUMNS = (
    "fact_id",
    "doc_id",
    "district",
    "scope",
    "entity",
    "metric",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "status",
    "year",
    "cluster",
    "raw",
    "quote",
    "start",
    "end",
)


@dataclass
class Fact:
    fact_id: str
    doc_id: str
    district: str | None
    scope: str
    entity: str | None
    metric: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    status: str
    year: int | None
    cluster: str | None
    raw: str
    quote: str
    start: int
    end: int
    of_metric: str | None = None  # a growth rate's: the metric that grew (gdp for 地区生产总值增长6.1%)

    def as_dict(self) -> dict:
        # all fields are plain values: a shallow copy is the same as dataclasses.asdict, 10x faster
        return dict(self.__dict__)

    def contract_dict(self) -> dict:
        """The columns of the data contract only (``python -m etl extract`` prints these)."""
        d = dict(self.__dict__)
        del d["of_metric"]
        return d


@dataclass
class ClusterMention:
    doc_id: str
    district: str | None
    cluster: str
    cue: str
    start: int
    end: int
    quote: str


@dataclass
class EntityMention:
    doc_id: str
    district: str | None
    entity: str
    scope: str
    start: int
    end: int
    quote: str


def fact_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def extract_facts(
    text: str, doc_id: str, published: date | None = None, districts: tuple[str, ...] = (), doc: Doc | None = None
) -> list[Fact]:
    """Every fact in cleaned ``text``. ``districts`` are gazetteer ids known from the manifest."""
    doc = doc or prepare(text, districts)
    district_names = {m.name for m in doc.mentions if m.level == "district"}
    facts: list[Fact] = []
    gaz_names = {d.id: d.name_zh for d in reference.districts()}
    quantities = find_quantities(text)
    q_starts = [q.start for q in quantities]
    last_status: dict[tuple[int, str], str] = {}  # (sentence, kind) -> status of its last figure of that kind
    title_end = text.find("\n")
    title_period = _period_year(text, 0, title_end, published) if published is not None and 0 < title_end <= 80 else None
    for q in quantities:
        si = bisect.bisect_right(doc.sent_starts, q.start) - 1
        if si < 0 or _in_place_name(doc, q):
            continue
        sent = doc.sents[si]
        if q.end > sent.end:  # figure straddles a sentence end: sentence splitting broke it
            sent = Span(sent.start, max(q.end, sent.end))
        prev_sents = []
        j = si - 1
        while (
            j >= 0
            # three sentences back, or further along a list joined by ';' (主要预期目标是:…;…;…)
            and (len(prev_sents) < 3 or (len(prev_sents) < 10 and text[doc.sents[j].end - 1 : doc.sents[j].end] == ";"))
            and "\n" not in text[doc.sents[j].end : (prev_sents[-1] if prev_sents else sent).start]
        ):
            prev_sents.append(doc.sents[j])
            j -= 1
        clause = _clause_at(text, sent, q.start)
        if clause.end < q.end:
            clause = Span(clause.start, q.end)
        metric = classify_metric(text, q, clause, sent)
        if metric == "other" and q.kind == "money" and si > 0 and _unlabelled(doc, clause.start, q.start):
            metric = _list_metric(text, doc.sents, si) or metric
        status = classify_status(text, q, clause, sent, metric, published)
        if status == "actual" and si > 0 and not _live_cues(text, sent.start, sent.end, published):
            status = _list_status(text, doc.sents, si, published) or status
            if status == "actual" and text.startswith("其中", sent.start):
                # 共签约项目16个,总投资128亿元。其中,歌尔…项目总投资35亿元: a part of the sentence
                # before's figure of its kind (a sum of a sum, a count of a count) has its status
                status = last_status.get((si - 1, q.kind), status)
        year = resolve_year(text, q, sent, prev_sents, published, status, doc.report_year)
        if status == "actual" and doc.plan_title and not _achieved(text, sent, year, published):
            status = "plan"  # a plan's 总投资18亿元 is planned, unless said done or dated before it
        if year is None and status == "actual" and doc.report_year is not None:
            year = doc.report_year
        elif year is None and status in ("actual", "signed") and title_period is not None:
            year = title_period  # 前三季度嘉定区经济运行稳中向好: the title's period dates the report
        if year is None and status == "plan" and doc.plan_year is not None:
            year = doc.plan_year  # 2026年重点招商项目表: its planned figures are 2026's
        district, scope, place_name = place_and_scope(doc, q, clause, sent, districts)
        resp = _respective(quantities, q_starts, q, text, sent) if "分别" in text[sent.start : q.start] else None
        if resp is not None:
            # 鼓楼区、玄武区分别实现地区生产总值1850亿元、1120亿元: the i-th figure is the i-th place's;
            # 规上工业总产值、营业收入分别达到320亿元、150亿元: the i-th metric's
            m = _respective_place(doc, sent, *resp)
            if m is not None:
                if m.level in ("city", "name", "province"):
                    # 宁波、温州两市分别完成…: each city's own figure (江苏、浙江分别…: each province's)
                    district, scope, place_name = m.key, "province" if m.level == "province" else "city", m.name
                else:
                    district, scope, place_name = m.key, "zone" if is_zone(m.key) else "district", m.name
            if q.kind not in ("percent", "person"):
                metric = _respective_metric(text, q, sent, *resp) or metric
            year = _respective_year(text, sent, *resp) or year
        entity, ent_pos = find_entity(text, q, clause, sent)
        ent_scope = scope_of_entity(entity) if entity else None
        if entity is None:
            entity, ent_pos = _listed_project(text, q)
            ent_scope = "project" if entity else None
        if entity is None and "该项目" in text[sent.start : q.start]:
            entity, ent_pos = _antecedent_project(text, sent.start)
            ent_scope = "project" if entity else None
            ent_pos = q.start if entity else ent_pos  # it is this sentence's subject
        place_pos = -1
        if place_name:
            i = bisect.bisect_left(doc.mention_starts, q.start) - 1
            place_pos = doc.mentions[i].start if i >= 0 else -1
        if entity and ent_scope and (ent_pos >= place_pos or ent_pos > q.start):
            if entity not in district_names:
                scope = ent_scope
            else:
                entity = entity
        elif place_name:
            entity = place_name
        else:
            entity = gaz_names.get(district or "", (district or "").removeprefix("unknown:") or None)
        town = _town_before(text, clause, sent, q.start) if scope in ("district", "zone") else None
        if town and not (entity and ent_scope == "project" and ent_pos > place_pos):
            entity, scope = town, "town"  # 渔泽镇实现工业产值52亿元: a town's, not the district's total
            if not place_name and is_zone(district or ""):
                # 佛堂镇… after a sentence on 义乌经济技术开发区: a town of the place, not of the zone
                district = _outer_place(doc, sent.start) or district
        if scope == "district" and not place_name:
            whole = _whole_country_or_province(text, clause.start, q.start) or _whole_country_or_province(
                text,
                sent.start,
                min(sent.start + 10, clause.start),  # 前三季度,全市规上工业总产值、…分别增长6.1%、4.3%
            )
            if whole and not (whole[1] == "city" and (district or "").endswith("市")):
                # 全国, national; 全省, province; 全市, city (unless the place is a county-level city)
                entity, scope = whole
        cluster = find_cluster(text, clause.start, clause.end, q.start)
        if cluster is None and not text.startswith(_OTHERS, clause.start):
            # earlier clauses (not for 另有8个项目: others than those named before), and later ones
            # that have no figure of their own
            # (力争地区生产总值突破2600亿元,金融业增加值增长8%: the 2600亿元 is no finance figure)
            cluster = _cluster_in_sentence(text, sent, clause, q.start, q_starts, own_metric=q.kind == "money")
        if cluster is None and entity:
            cluster = find_cluster(entity, 0, len(entity), 0)
        value, value_high = q.value, q.value_high
        start, raw = q.start, q.raw
        if metric == "growth" and text[q.start - 1 : q.start] in ("-", "−") and not text[q.start - 2 : q.start - 1].isdigit():
            # 同比增长-3.2%, 增速为-2.1%: a written minus, part of the figure as written
            value, value_high = (-value_high, -value) if value_high is not None else (-value, None)
            start, raw = q.start - 1, text[q.start - 1 : q.end]
        elif metric == "growth" and _falls(text, clause.start, q.start):
            # 下降3%-5%: from -5 to -3 (the lower bound first, as for any range)
            value, value_high = (-value_high, -value) if value_high is not None else (-value, None)
        if q.kind == "money" and q.unit != "CNY":
            unit = q.unit
        else:
            unit = _metric_unit(metric, q.unit)
        of_metric = _growth_of(text, q, clause, sent, facts, resp) if metric == "growth" else None
        last_status[(si, q.kind)] = status
        facts.append(
            Fact(
                fact_id=fact_id(doc_id, start, q.end),
                doc_id=doc_id,
                district=district,
                scope=scope,
                entity=entity,
                metric=metric,
                value=value,
                value_high=value_high,
                unit=unit,
                qualifier=q.qualifier,
                status=status,
                year=year,
                cluster=cluster,
                raw=raw,
                quote=doc.quote(sent),
                start=start,
                end=q.end,
                of_metric=of_metric,
            )
        )
    return _without_title_repeats(text, facts)


def _without_title_repeats(text: str, facts: list[Fact]) -> list[Fact]:
    """A headline figure the body gives again (锦江区签约10个项目总投资52亿元 … 总投资52亿元) is one
    figure: the body's is kept (its sentence says more), so a sum counts it once."""
    title_end = text.find("\n")
    if title_end < 0 or title_end > 80 or not facts or facts[0].start >= title_end:
        return facts
    body = {(f.metric, f.unit, f.value, f.value_high) for f in facts if f.start > title_end}
    return [f for f in facts if f.start > title_end or (f.metric, f.unit, f.value, f.value_high) not in body]


def extract_cluster_mentions(
    text: str, doc_id: str, districts: tuple[str, ...] = (), doc: Doc | None = None
) -> list[ClusterMention]:
    """Every cluster cue in the text, attributed to the place it is about."""
    doc = doc or prepare(text, districts)
    _, cue_map = _cluster_regex()
    out = []
    auto, cues = _cluster_automaton()
    for i, start, end in auto.find_matches_as_indexes(text):  # leftmost-longest, like the regex
        cue = cues[i]
        si = bisect.bisect_right(doc.sent_starts, start) - 1
        if si < 0:
            continue
        sent = doc.sents[si]
        district = _district_at(doc, start, sent, districts)
        out.append(ClusterMention(doc_id, district, cue_map[cue], cue, start, end, doc.quote(sent)))
    return out


def extract_entities(text: str, doc_id: str, districts: tuple[str, ...] = (), doc: Doc | None = None) -> list[EntityMention]:
    """Named projects, parks and zones (first mention per article), with or without figures:
    an article that names its flagship park but gives no number still says what it builds."""
    doc = doc or prepare(text, districts)
    district_names = {m.name for m in doc.mentions}
    seen: set[str] = set()
    out = []
    for sent in doc.sents:
        for s, e, name in _entities_in(text, sent.start, sent.end):
            scope = scope_of_entity(name)
            if not scope or name in seen or name in district_names or len(name) < 5:
                continue
            seen.add(name)
            district = _district_at(doc, s, sent, districts)
            out.append(EntityMention(doc_id, district, name, scope, s, e, doc.quote(sent)))
    return out

"""Facts: every quantity of an article with its metric, status, year, place, scope, entity and cluster, decided by the resolvers in etl/resolve/."""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from etl import reference
from etl.context import Doc, prepare
from etl.cues import _cluster_automaton, _cluster_regex
from etl.quantities import find_quantities
from etl.resolve import cluster, entity, metric, place, status, year
from etl.resolve.base import Draft, Run
from etl.resolve.entity import _entities_in, scope_of_entity
from etl.resolve.place import _district_at, _in_place_name
from etl.resolve.year import _period_year

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
    rules: dict = field(default_factory=dict, compare=False)  # field -> (rule id, cue): why each field is what it is

    def as_dict(self) -> dict:
        """The warehouse row: every field, ``rules`` as a JSON object {field: [rule id, cue]}."""
        d = dict(self.__dict__)  # all fields but rules are plain values: a shallow copy, 10x faster than asdict
        d["rules"] = json.dumps(self.rules, ensure_ascii=False, separators=(",", ":"))
        return d

    def contract_dict(self) -> dict:
        """The columns of the data contract only (``python -m etl extract`` prints these)."""
        d = dict(self.__dict__)
        del d["of_metric"], d["rules"]
        return d

    def explained(self) -> dict:
        """The contract's columns and ``rules``: for each field, the rule that decided it and its cue."""
        d = self.contract_dict()
        d["rules"] = {k: {"rule": r, "cue": c} for k, (r, c) in self.rules.items()}
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


# The resolvers in the order they run; each module declares the fields a step SETS and NEEDS
# (tests/test_pipeline.py checks that every field is set once, before any step reads it).
PIPELINE = (
    ("metric", metric.resolve, metric.SETS, metric.NEEDS),
    ("status cues", status.resolve_cues, status.SETS_CUES, status.NEEDS_CUES),
    ("written year", year.resolve_written, year.SETS_WRITTEN, year.NEEDS_WRITTEN),
    ("status", status.resolve, status.SETS, status.NEEDS),
    ("year", year.resolve, year.SETS, year.NEEDS),
    ("entity", entity.resolve, entity.SETS, entity.NEEDS),
    ("place and scope", place.resolve, place.SETS, place.NEEDS),
    ("cluster", cluster.resolve, cluster.SETS, cluster.NEEDS),
    ("value", metric.resolve_value, metric.SETS_VALUE, metric.NEEDS_VALUE),
)


def extract_facts(
    text: str, doc_id: str, published: date | None = None, districts: tuple[str, ...] = (), doc: Doc | None = None
) -> list[Fact]:
    """Every fact in cleaned ``text``. ``districts`` are gazetteer ids known from the manifest."""
    doc = doc or prepare(text, districts)
    quantities = find_quantities(text)
    title_end = text.find("\n")
    run = Run(
        doc,
        published,
        districts,
        quantities,
        [q.start for q in quantities],
        _period_year(text, 0, title_end, published) if published is not None and 0 < title_end <= 80 else None,
        {m.name for m in doc.mentions if m.level == "district"},
        _gazetteer_names(),
    )
    for q in quantities:
        d = run.draft(q, _in_place_name)
        if d is None:
            continue
        for _name, step, _sets, _needs in PIPELINE:
            step(run, d)
        run.last_status[(d.si, q.kind)] = d.status
        run.last_metric[(d.si, q.kind)] = d.metric
        run.facts.append(_fact(doc_id, doc, d))
    return _without_title_repeats(text, run.facts)


@functools.cache
def _gazetteer_names() -> dict[str, str]:
    return {g.id: g.name_zh for g in reference.districts()}


def _fact(doc_id: str, doc: Doc, d: Draft) -> Fact:
    return Fact(
        fact_id=fact_id(doc_id, d.start, d.q.end),
        doc_id=doc_id,
        district=d.district,
        scope=d.scope,
        entity=d.entity,
        metric=d.metric,
        value=d.value,
        value_high=d.value_high,
        unit=d.unit,
        qualifier=d.q.qualifier,
        status=d.status,
        year=d.year,
        cluster=d.cluster,
        raw=d.raw,
        quote=doc.quote(d.sent),
        start=d.start,
        end=d.q.end,
        of_metric=d.of_metric,
        rules=d.rules,
    )


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

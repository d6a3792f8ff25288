"""One article in, its cleaned text, facts and cluster mentions out (no files written)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from etl.clean import CleanText, clean
from etl.facts import ClusterMention, EntityMention, Fact, extract_cluster_mentions, extract_entities, extract_facts, prepare


@dataclass(frozen=True)
class Extraction:
    cleaned: CleanText
    facts: list[Fact]
    clusters: list[ClusterMention]
    entities: list[EntityMention]


def extract_text(raw_text: str, doc_id: str, published: date | None = None, districts: tuple[str, ...] = ()) -> Extraction:
    cleaned = clean(raw_text)
    doc = prepare(cleaned.text, districts)
    facts = extract_facts(cleaned.text, doc_id, published, districts, doc)
    mentions = extract_cluster_mentions(cleaned.text, doc_id, districts, doc)
    entities = extract_entities(cleaned.text, doc_id, districts, doc)
    for f in facts:
        assert cleaned.text[f.start : f.end] == f.raw, f"{doc_id}: fact {f.fact_id} raw not at its offsets"
    return Extraction(cleaned, facts, mentions, entities)


_WARM_UP_TEXT = (
    "蘇州工業(yè)園區2023年實現地區生產總值3686億元,同比增長5.1%。\n锦江区力争到2025年签约10个项目,总投资约52亿元,占地98.5亩。"
)


def warm_up() -> None:
    """Load vocabularies, automata and the converter once, in the process that will fork the
    extraction workers, so that each worker starts with them instead of building its own."""
    from etl.places import warm_up as places_warm_up

    extract_text(_WARM_UP_TEXT, "warm-up", date(2024, 1, 1), ())
    places_warm_up()

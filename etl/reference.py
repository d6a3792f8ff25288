"""Reference vocabularies (gazetteer, metrics, clusters, labels) read from data/reference."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from etl.paths import REFERENCE_DIR


def _rows(name: str, ref_dir: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    with open(ref_dir / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


@dataclass(frozen=True)
class District:
    id: str
    name_zh: str
    name_en: str
    city_zh: str
    city_en: str
    province_zh: str
    province_en: str
    lat: float
    lon: float
    adcode: str
    aliases: tuple[str, ...]
    city_aliases: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    code: str
    label_zh: str
    label_en: str
    unit: str
    kinds: tuple[str, ...]
    cues: tuple[str, ...]
    description: str
    contract: str = ""  # for a code added here, the data contract's code it falls under (profit: other)


@dataclass(frozen=True)
class Cluster:
    code: str
    label_zh: str
    label_en: str
    cues: tuple[str, ...]


@functools.cache
def districts() -> tuple[District, ...]:
    out = []
    for r in _rows("districts.csv"):
        out.append(
            District(
                id=r["id"],
                name_zh=r["name_zh"],
                name_en=r["name_en"],
                city_zh=r["city_zh"],
                city_en=r["city_en"],
                province_zh=r["province_zh"],
                province_en=r["province_en"],
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                adcode=r["adcode"],
                aliases=_split(r["aliases"]),
                city_aliases=_split(r["city_aliases"]),
            )
        )
    return tuple(out)


@functools.cache
def district_ids() -> frozenset[str]:
    return frozenset(d.id for d in districts())


@functools.cache
def metrics() -> tuple[Metric, ...]:
    return tuple(
        Metric(
            code=r["code"],
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            unit=r["unit"],
            kinds=_split(r["kinds"]),
            cues=_split(r["cues"]),
            description=r["description"],
            contract=r["contract"],
        )
        for r in _rows("metrics.csv")
    )


@functools.cache
def clusters() -> tuple[Cluster, ...]:
    return tuple(
        Cluster(code=r["code"], label_zh=r["label_zh"], label_en=r["label_en"], cues=_split(r["cues"]))
        for r in _rows("clusters.csv")
    )


@functools.cache
def labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(group, code) -> (label_zh, label_en) for statuses, scopes, qualifiers and units."""
    return {(r["group"], r["code"]): (r["label_zh"], r["label_en"]) for r in _rows("labels.csv")}

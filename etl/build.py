"""Build step: data/raw -> data/warehouse (Parquet), swapped in atomically.

The warehouse path is a symlink to a finished build folder; a new build is written beside it
and the link is replaced in one rename, so a build that fails or is killed leaves the previous
warehouse untouched. One bad article is reported by name and the others are still built.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl import EXTRACTOR_VERSION, reference
from etl.extract import extract_text
from etl.manifest import Entry, read_manifest
from etl.overrides import apply_overrides, read_overrides
from etl.paths import OVERRIDES_FILE, raw_dir, warehouse_dir
from etl.places import locate
from etl.read import ArticleError, read_article
from etl.schema import TABLES, arrow_schema, column_metadata

BUILD_INFO = "build.json"
METADATA = "metadata.json"


@dataclass
class BuildReport:
    documents: int = 0
    facts: int = 0
    facts_per_district: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    stale_overrides: list[str] = field(default_factory=list)
    overrides_applied: int = 0
    cached: int = 0
    seconds: float = 0.0
    bytes_read: int = 0
    warehouse: str = ""

    def summary(self) -> str:
        lines = [
            f"built {self.documents} documents ({self.cached} unchanged, from the cache), {self.facts} facts in {self.seconds:.2f}s -> {self.warehouse}",
        ]
        for d, n in sorted(self.facts_per_district.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {d:28} {n:6d} facts")
        if self.overrides_applied:
            lines.append(f"overrides applied: {self.overrides_applied}")
        for s in self.stale_overrides:
            lines.append(f"stale override: {s}")
        for e in self.errors:
            lines.append(f"error: {e}")
        return "\n".join(lines)


def _cache_key(entry: Entry, raw_sha: str) -> str:
    """Same article bytes, manifest facts, extractor version and vocabularies: same result."""
    parts = [
        raw_sha,
        entry.doc_id,
        entry.published.isoformat(),
        ";".join(entry.districts),
        EXTRACTOR_VERSION,
        _reference_digest(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@functools.cache
def _reference_digest() -> str:
    h = hashlib.sha256()
    for p in sorted(reference.REFERENCE_DIR.glob("*.csv")):
        h.update(p.read_bytes())
    h.update(Path(__file__).with_name("facts.py").read_bytes())
    h.update(Path(__file__).with_name("quantities.py").read_bytes())
    h.update(Path(__file__).with_name("clean.py").read_bytes())
    h.update(Path(__file__).with_name("places.py").read_bytes())
    return h.hexdigest()[:16]


def _extract_one(args: tuple[str, Entry, str | None]) -> tuple[str, dict | None, str | None]:
    path, entry, cache_dir = args
    if cache_dir and entry.sha256:
        cached = Path(cache_dir) / f"{_cache_key(entry, entry.sha256)}.pickle"
        if cached.exists():
            try:
                res = pickle.loads(cached.read_bytes())
                res["cached"] = True
                return entry.doc_id, res, None
            except (OSError, pickle.UnpicklingError, EOFError):
                pass
    doc_id, res, err = _extract_fresh(path, entry)
    if res is not None and cache_dir:
        target = Path(cache_dir) / f"{_cache_key(entry, res['doc']['sha256'])}.pickle"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
    return doc_id, res, err


def _extract_fresh(path: str, entry: Entry) -> tuple[str, dict | None, str | None]:
    try:
        raw = read_article(path)
    except ArticleError as exc:
        return entry.doc_id, None, str(exc)
    if entry.sha256 and raw.sha256 != entry.sha256:
        return entry.doc_id, None, f"{path}: checksum {raw.sha256[:12]}… does not match the manifest's {entry.sha256[:12]}…"
    try:
        ex = extract_text(raw.text, entry.doc_id, entry.published, entry.districts)
    except Exception as exc:  # a parser bug on one article must not lose the others
        return entry.doc_id, None, f"{path}: extraction failed: {type(exc).__name__}: {exc}"
    doc = {
        "doc_id": entry.doc_id,
        "file": entry.file,
        "districts": ";".join(entry.districts),
        "published": entry.published,
        "published_precision": entry.published_precision,
        "script": ex.cleaned.script,
        "encoding": raw.encoding,
        "source": entry.source,
        "url": entry.url,
        "title_zh": entry.title_zh,
        "sha256": raw.sha256,
        "n_chars": len(ex.cleaned.text),
        "n_facts": len(ex.facts),
        "text": ex.cleaned.text,
        "_bytes": raw.size,
    }
    return (
        entry.doc_id,
        {
            "doc": doc,
            "facts": [f.as_dict() for f in ex.facts],
            "clusters": [vars(c) for c in ex.clusters],
            "entities": [vars(e) for e in ex.entities],
        },
        None,
    )


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = arrow_schema(name)
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.table(cols, schema=schema)


def _districts_rows(facts: list[dict], docs: list[dict]) -> list[dict]:
    n_facts = Counter(f["district"] for f in facts if f["district"])
    n_docs: Counter[str] = Counter()
    for d in docs:
        for i in d["districts"].split(";"):
            n_docs[i] += 1
    rows = []
    for d in reference.districts():
        rows.append(
            {
                "id": d.id,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "city_zh": d.city_zh,
                "city_en": d.city_en,
                "province_zh": d.province_zh,
                "province_en": d.province_en,
                "lat": d.lat,
                "lon": d.lon,
                "in_gazetteer": True,
                "n_docs": n_docs.get(d.id, 0),
                "n_facts": n_facts.get(d.id, 0),
            }
        )
    for key in sorted(set(n_facts) | set(n_docs)):
        if key in reference.district_ids():
            continue
        name = key.removeprefix("unknown:")
        unit = locate(name)
        rows.append(
            {
                "id": key,
                "name_zh": name,
                "name_en": name,
                "city_zh": None,
                "city_en": None,
                "province_zh": None,
                "province_en": None,
                "lat": unit.lat if unit else None,
                "lon": unit.lon if unit else None,
                "in_gazetteer": False,
                "n_docs": n_docs.get(key, 0),
                "n_facts": n_facts.get(key, 0),
            }
        )
    return rows


def _metrics_rows() -> list[dict]:
    return [
        {"code": m.code, "label_zh": m.label_zh, "label_en": m.label_en, "unit": m.unit, "description": m.description}
        for m in reference.metrics()
    ]


PARTITION_ABOVE = 1_000_000  # facts; larger warehouses are hive-partitioned by (province, year)


def _province_codes(districts: list[str | None]) -> list[str]:
    """Two-digit province code of each district (32 = Jiangsu), '00' when unknown."""
    gaz = {d.id: d.adcode[:2] for d in reference.districts()}
    cache: dict[str | None, str] = {}
    out = []
    for d in districts:
        if d not in cache:
            if d in gaz:
                cache[d] = gaz[d]
            else:
                unit = locate(d) if d else None
                cache[d] = unit.adcode[:2] if unit else "00"
        out.append(cache[d])
    return out


def write_warehouse(out: Path, tables: dict[str, pa.Table], info: dict, partition: bool = False) -> Path:
    """Write tables to a fresh build folder, then point ``out`` at it in one atomic rename."""
    out = Path(out)
    builds = out.parent / f".{out.name}.builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = builds / f"build-{stamp}-{os.getpid()}"
    partial = builds / f".partial-{stamp}-{os.getpid()}"
    partial.mkdir()
    try:
        for name, table in tables.items():
            if name == "facts" and partition:
                table = table.append_column(
                    "province", pa.array(_province_codes(table.column("district").to_pylist()), pa.string())
                )
                pq.write_to_dataset(table, root_path=partial / "facts", partition_cols=["province", "year"])
            else:
                pq.write_table(table, partial / f"{name}.parquet")
        (partial / METADATA).write_text(json.dumps(column_metadata(), ensure_ascii=False, indent=1), encoding="utf-8")
        (partial / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        os.rename(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    previous = out.resolve() if out.is_symlink() else None
    if out.exists() and not out.is_symlink():
        # an older plain folder: keep it as a build so the swap below stays one rename
        legacy = builds / f"legacy-{stamp}"
        os.rename(out, legacy)
        previous = legacy
    link_tmp = out.parent / f".{out.name}.link-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(os.path.relpath(target, out.parent), link_tmp)
    os.replace(link_tmp, out)
    if previous and previous != target and previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
    for stale in builds.glob(".partial-*"):
        if stale != partial:
            shutil.rmtree(stale, ignore_errors=True)
    return target


def run(
    raw: Path | None = None,
    out: Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
    overrides: Path | None = OVERRIDES_FILE,
    resume: bool = True,
    engine: str = "local",
    partition: bool | None = None,
) -> BuildReport:
    """raw articles + manifest -> warehouse. Raises nothing for a bad article: it is reported."""
    t0 = time.perf_counter()
    raw = Path(raw) if raw else raw_dir()
    out = Path(out) if out else warehouse_dir()
    report = BuildReport(warehouse=str(out))
    entries, errors = read_manifest(raw)
    report.errors.extend(errors)
    cache_dir = None
    if resume:
        cache = out.parent / f".{out.name}.cache"
        cache.mkdir(parents=True, exist_ok=True)
        cache_dir = str(cache)
    work = [(str(raw / e.file), e, cache_dir) for e in entries]
    results: list[tuple[str, dict | None, str | None]] = []
    jobs = jobs or (os.cpu_count() or 1)
    if engine == "dask":
        from etl.distributed import extract_with_dask

        results = extract_with_dask(_extract_one, work, workers=jobs)
    elif jobs > 1 and len(work) >= 50:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for i, res in enumerate(pool.map(_extract_one, work, chunksize=16), start=1):
                results.append(res)
                _progress(progress, i, len(work))
    else:
        for i, item in enumerate(work, start=1):
            results.append(_extract_one(item))
            _progress(progress, i, len(work))
    docs, facts, mentions, entities = [], [], [], []
    for _doc_id, res, err in results:
        if err:
            report.errors.append(err)
            continue
        assert res is not None
        if res.pop("cached", False):
            report.cached += 1
        report.bytes_read += res["doc"].pop("_bytes")
        docs.append(res["doc"])
        facts.extend(res["facts"])
        mentions.extend(res["clusters"])
        entities.extend(res["entities"])
    if overrides is not None:
        ovs = read_overrides(Path(overrides)) if Path(overrides).exists() else []
        facts, applied, stale = apply_overrides(facts, ovs)
        report.overrides_applied, report.stale_overrides = applied, stale
    counts = Counter(f["doc_id"] for f in facts)
    for d in docs:
        d["n_facts"] = counts.get(d["doc_id"], 0)
    ids = [f["fact_id"] for f in facts]
    assert len(ids) == len(set(ids)), "fact ids are not unique"
    assert all(f["value"] >= 0 for f in facts), "a fact has a negative value"
    tables = {
        "documents": _table("documents", docs),
        "facts": _table("facts", facts),
        "districts": _table("districts", _districts_rows(facts, docs)),
        "clusters": _table("clusters", mentions),
        "entities": _table("entities", entities),
        "metrics": _table("metrics", _metrics_rows()),
    }
    assert set(tables) == set(TABLES), "a table is missing its schema"
    report.documents, report.facts = len(docs), len(facts)
    report.facts_per_district = dict(Counter(f["district"] or "(none)" for f in facts))
    info = {
        "built_at": datetime.now(UTC).isoformat(),
        "extractor_version": EXTRACTOR_VERSION,
        "raw": str(raw),
        "documents": report.documents,
        "facts": report.facts,
        "errors": report.errors,
        "stale_overrides": report.stale_overrides,
    }
    if partition is None:
        partition = len(facts) > PARTITION_ABOVE
    info["partitioned"] = bool(partition)
    write_warehouse(out, tables, info, partition=bool(partition))
    report.seconds = time.perf_counter() - t0
    return report


def _progress(enabled: bool, i: int, n: int) -> None:
    if enabled and n >= 20 and (i % max(1, n // 20) == 0 or i == n):
        tty = sys.stderr.isatty()
        print(
            f"{chr(13) if tty else ''}  extracting {i}/{n} articles",
            end="" if tty and i < n else "\n",
            file=sys.stderr,
            flush=True,
        )


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when the warehouse is missing or older than anything in the raw folder."""
    raw = Path(raw) if raw else raw_dir()
    out = Path(out) if out else warehouse_dir()
    info = out / BUILD_INFO
    if not info.exists() or not ((out / "facts.parquet").exists() or (out / "facts").is_dir()):
        return True
    built = info.stat().st_mtime
    newest = max((p.stat().st_mtime for p in raw.iterdir()), default=0.0)
    ref = max((p.stat().st_mtime for p in reference.REFERENCE_DIR.iterdir()), default=0.0)
    cur = OVERRIDES_FILE.stat().st_mtime if OVERRIDES_FILE.exists() else 0.0
    return max(newest, ref, cur) > built

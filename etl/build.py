"""Build step: data/raw -> data/warehouse (Parquet), swapped in atomically.

The warehouse path is a symlink to a finished build folder; a new build is written beside it
and the link is replaced in one rename, so a build that fails or is killed leaves the previous
warehouse untouched. One bad article is reported by name and the others are still built.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import operator
import os
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl import EXTRACTOR_VERSION, reference
from etl.cache import close_cache, open_cache, prepare_cache
from etl.extract import extract_text, warm_up
from etl.lock import build_lock
from etl.manifest import Entry, count_rows, iter_manifest
from etl.overrides import OverrideIndex, read_overrides
from etl.paths import MANIFEST_NAME, OVERRIDES_FILE, overrides_file, raw_dir, warehouse_dir
from etl.places import english_name, english_place_name, locate, parents
from etl.read import ArticleError, read_article
from etl.rules import RULES_DIR
from etl.schema import SIGNED_METRICS, TABLES, arrow_schema, column_metadata
from etl.stale import BUILD_INFO, is_stale  # noqa: F401 - is_stale re-exported: etl.build.is_stale

METADATA = "metadata.json"


SUMMARY_DISTRICTS = 25
SHRINK_GUARD = 0.5  # a build with fewer than half the documents of the warehouse it replaces is refused


class BuildRefused(ValueError):
    """A build that finished but was not swapped in; the previous warehouse is kept."""

    def __init__(self, message: str, report: BuildReport):
        super().__init__(message)
        self.report = report


@dataclass
class BuildReport:
    documents: int = 0
    facts: int = 0
    facts_per_district: Counter = field(default_factory=Counter)
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
        ranked = sorted(self.facts_per_district.items(), key=lambda kv: (-kv[1], kv[0]))
        for d, n in ranked[:SUMMARY_DISTRICTS]:
            lines.append(f"  {d:28} {n:6d} facts")
        if len(ranked) > SUMMARY_DISTRICTS:  # a national corpus has thousands: the rest in one line
            rest = ranked[SUMMARY_DISTRICTS:]
            lines.append(f"  … and {len(rest)} more districts with {sum(n for _, n in rest)} facts")
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


READING_CODE = (
    "read.py",
    "clean.py",
    "quantities.py",
    "places.py",
    "context.py",
    "cues.py",
    "rules.py",
    "facts.py",
    "extract.py",
)


@functools.cache
def _reference_digest() -> str:
    """What the extraction depends on besides the article: vocabularies, rules and reading code."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    files = [
        *sorted(reference.REFERENCE_DIR.glob("*.csv")),
        *sorted(RULES_DIR.glob("*.yaml")),
        *(here / m for m in READING_CODE),
        *sorted((here / "resolve").glob("*.py")),
    ]
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())  # any change to the reading code or its data
    return h.hexdigest()[:16]


def _extract_one(args: tuple[str, Entry, str | None]) -> tuple[str, dict | None, str | None]:
    """One article (the function the Dask path maps): from the cache, or extracted and cached."""
    return _extract_many([args])[0]


def _extract_many(items: list[tuple[str, Entry, str | None]]) -> list[tuple[str, dict | None, str | None]]:
    """Articles of one batch, in order: cached results are read in one query and new ones are
    stored in one transaction (an article whose manifest row has no checksum is looked up by
    the checksum of its bytes next time, once the manifest has it)."""
    cache_dir = items[0][2] if items else None
    if not cache_dir:
        return [_extract_fresh(path, entry) for path, entry, _ in items]
    cache = open_cache(cache_dir)
    keys = [_cache_key(entry, entry.sha256) if entry.sha256 else None for _, entry, _ in items]
    hits = cache.get_many(k for k in keys if k)
    out, new = [], {}
    for (path, entry, _), key in zip(items, keys, strict=True):
        res = hits.get(key) if key else None
        if res is not None:
            res["cached"] = True
            out.append((entry.doc_id, res, None))
            continue
        doc_id, res, err = _extract_fresh(path, entry)
        if res is not None:
            new[_cache_key(entry, res["doc"]["sha256"])] = res
        out.append((doc_id, res, err))
    cache.put_many(new)  # before _assemble, which takes fields out of the results
    return out


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


@dataclass
class Batch:
    """What a worker sends back for a batch of articles: its rows already as Arrow tables
    (cheap to send, nothing left to convert in the writing process) and the counts."""

    tables: dict[str, pa.Table]
    errors: list[str] = field(default_factory=list)
    articles: int = 0
    documents: int = 0
    cached: int = 0
    bytes_read: int = 0
    facts_per_district: Counter = field(default_factory=Counter)  # district or "(none)"
    docs_per_district: Counter = field(default_factory=Counter)  # manifest districts
    matched_overrides: set[str] = field(default_factory=set)
    overrides_applied: int = 0


def _assemble(results: list[tuple[str, dict | None, str | None]], index: OverrideIndex) -> Batch:
    """Per-article extraction results -> one Batch (overrides applied, checks run)."""
    rows: dict[str, list[dict]] = {"documents": [], "facts": [], "clusters": [], "entities": []}
    batch = Batch(tables={}, articles=len(results))
    index = OverrideIndex(index.overrides)  # counts of this batch only; the caller adds them up
    for _doc_id, res, err in results:
        if err:
            batch.errors.append(err)
            continue
        assert res is not None
        if res.pop("cached", False):
            batch.cached += 1
        doc = res["doc"]
        batch.bytes_read += doc.pop("_bytes")
        facts = index.apply(res["facts"])
        assert len({f["fact_id"] for f in facts}) == len(facts), f"{doc['doc_id']}: fact ids are not unique"
        assert all(f["value"] >= 0 or f["metric"] in SIGNED_METRICS for f in facts), (
            f"{doc['doc_id']}: a fact has a negative value"
        )
        doc["n_facts"] = len(facts)
        batch.facts_per_district.update(f["district"] or "(none)" for f in facts)
        batch.docs_per_district.update(doc["districts"].split(";"))
        batch.documents += 1
        rows["documents"].append(doc)
        rows["facts"].extend(facts)
        rows["clusters"].extend(res["clusters"])
        rows["entities"].extend(res["entities"])
    batch.tables = {name: _table(name, r) for name, r in rows.items()}
    batch.matched_overrides = index.matched
    batch.overrides_applied = index.applied
    return batch


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = arrow_schema(name)
    names = schema.names
    try:  # every row has every column (the usual case): transpose in C
        getter = operator.itemgetter(*names) if len(names) > 1 else (lambda r: (r[names[0]],))
        columns = list(zip(*map(getter, rows), strict=True)) if rows else [()] * len(names)
    except KeyError:
        columns = [[r.get(n) for r in rows] for n in names]
    return pa.table(dict(zip(names, columns, strict=True)), schema=schema)


def _districts_rows(n_facts: Counter, n_docs: Counter) -> list[dict]:
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
        province, city = parents(name)
        rows.append(
            {
                "id": key,
                "name_zh": name,
                "name_en": english_place_name(name),  # pinyin where no English name is known
                "city_zh": city or None,
                "city_en": english_name(city) if city else None,
                "province_zh": province or None,
                "province_en": english_name(province) if province else None,
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


PARTITION_ABOVE_ARTICLES = 100_000  # about a million facts: larger corpora are hive-partitioned by (province, year)


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


BATCH_ROWS = 50_000


class WarehouseWriter:
    """Writes the tables of one build into a partial folder, a batch at a time (memory stays
    flat however large the corpus), then swaps it in atomically with ``commit``."""

    def __init__(self, out: Path, partition: bool = False):
        self.out = Path(out)
        self.partition = partition
        self.builds = self.out.parent / f".{self.out.name}.builds"
        self.builds.mkdir(parents=True, exist_ok=True)
        self.stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        self.partial = self.builds / f".partial-{self.stamp}-{os.getpid()}"
        self.partial.mkdir()
        self._buf: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
        self._rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._batches = 0

    def add(self, table: str, rows: list[dict]) -> None:
        self.add_table(table, _table(table, rows))

    def add_table(self, table: str, data: pa.Table) -> None:
        self._buf[table].append(data)
        self._rows[table] += data.num_rows
        if self._rows[table] >= (BATCH_ROWS // 25 if table == "documents" else BATCH_ROWS):  # documents carry their text
            self._flush(table)

    def _flush(self, table: str) -> None:
        parts, self._buf[table], self._rows[table] = self._buf[table], [], 0
        data = pa.concat_tables(parts) if parts else _table(table, [])
        if table == "facts" and self.partition:
            if not data.num_rows:
                return
            data = data.append_column("province", pa.array(_province_codes(data.column("district").to_pylist()), pa.string()))
            pq.write_to_dataset(
                data,
                root_path=self.partial / "facts",
                partition_cols=["province", "year"],
                basename_template=f"part-{self._batches:05d}-{{i}}.parquet",
            )
            self._batches += 1
            return
        writer = self._writers.get(table)
        if writer is None:
            writer = self._writers[table] = pq.ParquetWriter(self.partial / f"{table}.parquet", arrow_schema(table))
        writer.write_table(data)

    def commit(self, info: dict) -> Path:
        try:
            for table in TABLES:
                if (self.partial / table).is_dir() and not self.partition:
                    continue  # placed as part files (append): no single file beside them
                self._flush(table)
            for writer in self._writers.values():
                writer.close()
            (self.partial / METADATA).write_text(json.dumps(column_metadata(), ensure_ascii=False, indent=1), encoding="utf-8")
            (self.partial / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
            target = self.builds / f"build-{self.stamp}-{os.getpid()}"
            os.rename(self.partial, target)
        except BaseException:
            self.abort()
            raise
        return _swap_in(self.out, self.builds, target, self.stamp, self.partial)

    def abort(self) -> None:
        for writer in self._writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - closing a broken writer on the way out
                pass
        shutil.rmtree(self.partial, ignore_errors=True)


def _swap_in(out: Path, builds: Path, target: Path, stamp: str, partial: Path) -> Path:
    """Point ``out`` at ``target`` in one atomic rename of a symlink; drop the old build."""
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
    # what killed builds left (partial folders, a whole build killed before its swap): the build
    # lock says no other build is running, so nothing but the new target is in use
    for stale in [*builds.glob(".partial-*"), *builds.glob("build-*"), *builds.glob("legacy-*")]:
        if stale not in (partial, target):
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
    strict: bool = False,
    allow_shrink: bool = False,
) -> BuildReport:
    """raw articles + manifest -> warehouse. Raises nothing for a bad article: it is reported.

    One build at a time per warehouse (BuildLocked for a second one). The new warehouse is not
    swapped in (BuildRefused, the previous one kept) when ``strict`` and anything failed, or
    when it would drop more than half of the previous warehouse's documents (all of them, when
    every manifest row is bad) unless ``allow_shrink``."""
    out = Path(out) if out else warehouse_dir()
    with build_lock(out):
        if overrides is OVERRIDES_FILE:  # the default: the environment may point elsewhere
            overrides = overrides_file()
        return _run(raw, out, jobs, progress, overrides, resume, engine, partition, strict, allow_shrink)


def _refusal(report: BuildReport, out: Path, strict: bool, allow_shrink: bool) -> str | None:
    if strict and report.errors:
        return f"{len(report.errors)} errors and --strict: nothing swapped in"
    try:
        before = int(json.loads((out / BUILD_INFO).read_text(encoding="utf-8")).get("documents", 0))
    except (OSError, ValueError, TypeError):
        return None
    if before and not allow_shrink and report.documents < before * SHRINK_GUARD:
        return (
            f"this build has {report.documents} documents where {out} has {before} "
            f"({len(report.errors)} errors); to replace it all the same, build with --allow-shrink"
        )
    return None


def _run(raw, out: Path, jobs, progress, overrides, resume, engine, partition, strict, allow_shrink) -> BuildReport:
    t0 = time.perf_counter()
    raw = Path(raw) if raw else raw_dir()
    report = BuildReport(warehouse=str(out))
    total = count_rows(raw) if (raw / MANIFEST_NAME).exists() else 0
    manifest = iter_manifest(raw)
    cache_dir = None
    if resume:
        cache_dir = prepare_cache(out.parent / f".{out.name}.cache")

    def work():
        for item in manifest:
            if isinstance(item, str):
                report.errors.append(item)  # a broken manifest row, reported by line
            else:
                yield (str(raw / item.file), item, cache_dir)

    jobs = jobs or (os.cpu_count() or 1)
    if partition is None:
        partition = total > PARTITION_ABOVE_ARTICLES
    index = OverrideIndex(read_overrides(Path(overrides)) if overrides is not None and Path(overrides).exists() else [])
    writer = WarehouseWriter(out, partition=bool(partition))
    n_facts: Counter[str] = Counter()
    n_docs: Counter[str] = Counter()
    try:
        done = 0
        for batch in _batches(work(), jobs, engine, total, index):
            _progress(progress, done + batch.articles, total, done)
            done += batch.articles
            report.errors.extend(batch.errors)
            report.cached += batch.cached
            report.bytes_read += batch.bytes_read
            report.documents += batch.documents
            report.facts += batch.tables["facts"].num_rows
            report.facts_per_district.update(batch.facts_per_district)
            n_facts.update({d: n for d, n in batch.facts_per_district.items() if d != "(none)"})
            n_docs.update(batch.docs_per_district)
            index.matched |= batch.matched_overrides
            index.applied += batch.overrides_applied
            for name, table in batch.tables.items():
                writer.add_table(name, table)
        writer.add("districts", _districts_rows(n_facts, n_docs))
        writer.add("metrics", _metrics_rows())
        report.overrides_applied, report.stale_overrides = index.applied, index.stale()
        info = {
            "built_at": datetime.now(UTC).isoformat(),
            "extractor_version": EXTRACTOR_VERSION,
            "raw": str(raw),
            "documents": report.documents,
            "facts": report.facts,
            "errors": report.errors,
            "stale_overrides": report.stale_overrides,
            "partitioned": bool(partition),
            **_overrides_stamp(overrides),
        }
        refused = _refusal(report, out, strict, allow_shrink)
        if refused:
            raise BuildRefused(refused, report)
        writer.commit(info)
    except BaseException:
        writer.abort()
        raise
    finally:
        if cache_dir:
            close_cache(cache_dir)  # no connection of this process is left for a later fork to inherit
    report.seconds = time.perf_counter() - t0
    return report


def _batches(work: Iterator, jobs: int, engine: str, total: int, index: OverrideIndex) -> Iterator[Batch]:
    """Extraction results in manifest order, a batch at a time (never all held at once)."""
    if engine == "dask":
        from etl.distributed import extract_with_dask

        results = extract_with_dask(_extract_one, list(work), workers=jobs)
        for i in range(0, len(results), BATCH_ARTICLES):
            yield _assemble(results[i : i + BATCH_ARTICLES], index)
    elif jobs > 1 and total >= 50:
        warm_up()  # forked workers inherit the loaded vocabularies and automata
        # at most 2 batches per worker in flight: results never pile up ahead of the writer
        with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            pending: deque = deque()
            while items := list(itertools.islice(work, BATCH_ARTICLES)):
                pending.append(pool.submit(_extract_batch, items, index))
                if len(pending) >= 2 * jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    else:
        while items := list(itertools.islice(work, BATCH_ARTICLES)):
            yield _extract_batch(items, index)


BATCH_ARTICLES = 16


def _die_with_parent(parent: int) -> None:
    """A pool worker ends when its build does, even after a ``kill -9`` of the build (Linux's
    parent-death signal); elsewhere it ends at its next batch, when the pool's pipe is gone."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before the signal was set
        os._exit(1)


def _extract_batch(items: list, index: OverrideIndex) -> Batch:
    """One worker's job: extract a batch of articles and assemble their tables."""
    return _assemble(_extract_many(items), index)


def _progress(enabled: bool, i: int, n: int, before: int = -1) -> None:
    """A line each time another 5% of the articles are done (``before``: the count at the
    previous call, as results come a batch at a time)."""
    step = max(1, n // 20)
    if enabled and n >= 20 and (i // step != max(before, 0) // step or i == n) and i != before:
        tty = sys.stderr.isatty()
        print(
            f"{chr(13) if tty else ''}  extracting {i}/{n} articles",
            end="" if tty and i < n else "\n",
            file=sys.stderr,
            flush=True,
        )


def _overrides_stamp(path: Path | None, rows: int | None = None) -> dict:
    """The overrides a build applied: how many rows, and a digest of those rows (the first
    ``rows`` when given), so that a later append can tell rows only added from rows changed."""
    found = read_overrides(Path(path)) if path is not None and Path(path).exists() else []
    n = len(found) if rows is None else rows
    text = "\n".join("\t".join((o.fact_id, o.action, o.field, o.value, o.reason, o.reviewer)) for o in found[:n])
    return {"overrides_rows": n, "overrides_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


APPENDED_TABLES = ("documents", "facts", "clusters", "entities")


def _parts(out: Path, name: str) -> list[Path]:
    """A table's files in order: ``<name>.parquet``, or the part files of ``<name>/``."""
    single = out / f"{name}.parquet"
    return [single] if single.exists() else sorted((out / name).glob("part-*.parquet"))


def _link_parts(out: Path, partial: Path, name: str, new: pa.Table | None) -> None:
    """The table in the new build as part files: the previous build's files hard-linked (never
    copied or read: the files of a finished build do not change), then one with the new rows."""
    folder = partial / name
    folder.mkdir()
    old = _parts(out, name)
    for i, src in enumerate(old):
        dst = folder / f"part-{i:05d}.parquet"
        try:
            os.link(src.resolve(), dst)
        except OSError:  # another file system: a copy
            shutil.copy2(src, dst)
    if new is not None and new.num_rows:
        pq.write_table(new.cast(arrow_schema(name)), folder / f"part-{len(old):05d}.parquet")


class AppendRefused(RuntimeError):
    """The warehouse cannot take new articles by appending; a full (cached) build can."""


def append(entries: list[Entry], raw: Path | None = None, out: Path | None = None) -> BuildReport:
    """New manifest entries into the warehouse without reading the others again: the new
    articles are extracted (overrides applied), the existing tables are copied column by column
    into a new build with the new rows after them, the districts' counts are added up, and the
    build is swapped in as a full build is. The result equals a full build's (tests compare
    them). Refused (AppendRefused) where only a full build is right: another raw folder, another
    extractor version, a partitioned warehouse, or reviewers' corrections changed since it was
    built."""
    t0 = time.perf_counter()
    raw = Path(raw) if raw else raw_dir()
    out = Path(out) if out else warehouse_dir()
    with build_lock(out):
        try:
            info = json.loads((out / BUILD_INFO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise AppendRefused("no warehouse to append to") from None
        if not info.get("raw") or Path(info["raw"]).resolve() != raw.resolve():
            raise AppendRefused(f"the warehouse was built from {info.get('raw')}, not {raw}")
        if info.get("extractor_version") != EXTRACTOR_VERSION or info.get("partitioned"):
            raise AppendRefused("the warehouse needs a full build (another extractor version, or partitioned)")
        ov = overrides_file()
        rows = read_overrides(ov) if ov.exists() else []
        known = info.get("overrides_rows")
        if known is None or _overrides_stamp(ov, known)["overrides_sha256"] != info.get("overrides_sha256"):
            raise AppendRefused("reviewers' corrections changed since the last build")
        if rows[known:]:  # rows added since: only for the new articles' figures (a preview's rejections)
            have = {i for p in _parts(out, "facts") for i in pq.read_table(p, columns=["fact_id"]).column(0).to_pylist()}
            if any(o.fact_id in have for o in rows[known:]):
                raise AppendRefused("reviewers' corrections of figures already in the warehouse need a full build")
        index = OverrideIndex(rows)
        cache_dir = prepare_cache(out.parent / f".{out.name}.cache")
        try:
            batch = _extract_batch([(str(raw / e.file), e, cache_dir) for e in entries], index)
        finally:
            close_cache(cache_dir)
        report = BuildReport(warehouse=str(out))
        report.errors = list(info.get("errors", [])) + batch.errors
        report.documents = int(info.get("documents", 0)) + batch.documents
        report.facts = int(info.get("facts", 0)) + batch.tables["facts"].num_rows
        report.cached = batch.cached
        report.bytes_read = batch.bytes_read
        report.overrides_applied = batch.overrides_applied
        old_districts = pq.read_table(out / "districts.parquet").to_pylist()
        n_facts = Counter({r["id"]: r["n_facts"] for r in old_districts if r["n_facts"]})
        n_docs = Counter({r["id"]: r["n_docs"] for r in old_districts if r["n_docs"]})
        n_facts.update({d: n for d, n in batch.facts_per_district.items() if d != "(none)"})
        n_docs.update(batch.docs_per_district)
        report.facts_per_district = Counter(n_facts)
        writer = WarehouseWriter(out, partition=False)
        try:
            for name in APPENDED_TABLES:
                _link_parts(out, writer.partial, name, batch.tables.get(name))
            writer.add("districts", _districts_rows(n_facts, n_docs))
            writer.add("metrics", _metrics_rows())
            stale = [s for s in info.get("stale_overrides", []) if not any(f" {fid} " in s for fid in batch.matched_overrides)]
            report.stale_overrides = stale
            writer.commit(
                {
                    **info,
                    "built_at": datetime.now(UTC).isoformat(),
                    "documents": report.documents,
                    "facts": report.facts,
                    "errors": report.errors,
                    "stale_overrides": stale,
                    "appended": [e.doc_id for e in entries],
                    **_overrides_stamp(ov),
                }
            )
        except BaseException:
            writer.abort()
            raise
    report.seconds = time.perf_counter() - t0
    return report

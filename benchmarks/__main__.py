"""Benchmarks: python -m benchmarks [--sizes 1000,10000] [--facts 1000000,10000000] [--quick]

Prints a Markdown table (the figure, the naive baseline measured in the same run, their ratio)
with the command and the machine. Nothing here is a test: it measures and prints.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ALL6 = ("suzhou-sip", "weifang-kuiwen", "changzhi-tunliu", "jinan-shizhong", "chengdu-jinjiang", "xuzhou-quanshan")


class PeakMemory:
    """Peak resident memory of a process (this one by default) and its children, every 50 ms."""

    def __init__(self, pid: int | None = None) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        import psutil

        try:
            total = self.proc.memory_info().rss
            children = self.proc.children(recursive=True)
        except psutil.Error:  # the process ended between two readings
            return 0
        for c in children:
            try:
                total += c.memory_info().rss
            except Exception:  # noqa: BLE001 - a child may exit between listing and reading
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.05)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def bench_etl(sizes: list[int], tmp: Path, dense: bool = False) -> list[tuple]:
    from etl.build import run
    from etl.synth import generate

    rows = []
    cores = os.cpu_count() or 1
    style = "dense mix" if dense else "seed-like"
    for n in sizes:
        raw = tmp / f"raw{n}"
        generate(n, raw, dense=dense)
        mb = sum(p.stat().st_size for p in raw.glob("*.txt")) / 1e6
        # the build runs as its own process, so its peak memory is its own
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(tmp / f"wh{n}"), "--no-resume", "--quiet"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        with PeakMemory(proc.pid) as mem:
            _, err = proc.communicate()
        wall = time.perf_counter() - t0
        found = re.search(r"documents \(\d+ unchanged, from the cache\), (\d+) facts in ([\d.]+)s", err)
        facts, dt = int(found.group(1)), float(found.group(2))  # the build's own time: interpreter start-up not counted
        base_n = min(n, 1000)
        sub = tmp / f"raw{n}_base"
        generate(base_n, sub, dense=dense)
        base_mb = sum(p.stat().st_size for p in sub.glob("*.txt")) / 1e6
        t0 = time.perf_counter()
        run(raw=sub, out=tmp / f"wh{n}_base", jobs=1, progress=False, resume=False, overrides=None)
        base = base_mb / (time.perf_counter() - t0)
        rows.append(
            (
                f"ETL build, {n:,} articles, {style} ({mb:.0f} MB, {facts:,} facts, {mb * 1e6 / max(facts, 1):.0f} bytes/fact)",
                f"{mb / dt:.2f} MB/s · {n / dt:,.0f} articles/s · **{mb / dt / cores:.2f} MB/s/core** · peak {mem.peak / 1e6:,.0f} MB"
                f" ({wall:.1f} s with start-up)",
                f"1 process: {base:.2f} MB/s",
                f"{(mb / dt) / base:.2f}×",
            )
        )
        # resume: the same corpus again, nothing changed
        t0 = time.perf_counter()
        again = run(raw=raw, out=tmp / f"wh{n}r", jobs=cores, progress=False, resume=True, overrides=None)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = run(raw=raw, out=tmp / f"wh{n}r", jobs=cores, progress=False, resume=True, overrides=None)
        second = time.perf_counter() - t0
        rows.append(
            (
                f"ETL rebuild, {n:,} unchanged articles (resume)",
                f"{second:.2f} s ({again.cached:,} from the cache)",
                f"first build: {first:.2f} s",
                f"{first / second:.1f}× faster",
            )
        )
        rows.append(_bench_add_one(raw, tmp / f"wh{n}r", n, cores))
        shutil.rmtree(sub, ignore_errors=True)
    return rows


def _bench_add_one(raw: Path, out: Path, n: int, cores: int) -> tuple:
    """One article added to a warehouse of ``n``: saved into raw (intake) and appended, beside a
    full cached build of the same raw folder afterwards (what a save would cost without append)."""
    from datetime import date

    from etl import intake
    from etl.build import append, run

    draft = intake.pasted(f"绿春县2023年签约项目{n % 97 + 3}个,总投资58亿元。", f"绿春县简报 {n}")
    t0 = time.perf_counter()
    saved = intake.save(raw, [draft], intake.resolve_place("绿春县"), date(2024, 6, 1), "month")
    report = append(saved.entries, raw=raw, out=out)
    added = time.perf_counter() - t0
    t0 = time.perf_counter()
    run(raw=raw, out=out, jobs=cores, progress=False, resume=True)
    full = time.perf_counter() - t0
    return (
        f"add one article to a warehouse of {n:,} (save + append)",
        f"{added:.2f} s ({report.facts:,} facts after)",
        f"full cached build: {full:.2f} s",
        f"{full / added:.1f}× faster",
    )


def make_facts_warehouse(seed_wh: Path, n_facts: int, out: Path) -> Path:
    """A warehouse of ``n_facts`` facts, hive-partitioned, made by replicating a synthetic one
    across many districts (the gazetteer's six among them)."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    for t in ("documents", "clusters", "entities", "metrics", "districts"):
        shutil.copy(seed_wh / f"{t}.parquet", out / f"{t}.parquet")
    shutil.copy(seed_wh / "metadata.json", out / "metadata.json")
    shutil.copy(seed_wh / "build.json", out / "build.json")
    con = duckdb.connect()
    src = str(seed_wh / "facts.parquet") if (seed_wh / "facts.parquet").exists() else str(seed_wh / "facts" / "**" / "*.parquet")
    con.execute(
        "CREATE TABLE base AS SELECT * EXCLUDE (province) FROM read_parquet(?, hive_partitioning=true)"
        if not (seed_wh / "facts.parquet").exists()
        else "CREATE TABLE base AS SELECT * FROM read_parquet(?)",
        [src],
    )
    k = max(1, n_facts // con.execute("SELECT count(*) FROM base").fetchone()[0] + 1)
    districts = list(ALL6) + [f"unknown:synthetic-{i:04d}" for i in range(2800)]
    con.execute(
        f"""COPY (
            SELECT b.fact_id || '-' || r.range::VARCHAR AS fact_id, b.doc_id,
                   list_extract($districts::VARCHAR[], ((hash(b.fact_id) + r.range * 7919) % {len(districts)})::INTEGER + 1) AS district,
                   b.scope, b.entity, b.metric, b.of_metric, b.value * (1 + (r.range % 7) / 10.0) AS value, b.value_high, b.unit,
                   b.qualifier, b.status, b.year, b.cluster, b.raw, b.quote, b.start, b."end", b.checked_by,
                   lpad(((r.range % 31) + 11)::VARCHAR, 2, '0') AS province
            FROM base b, range({k}) r
            LIMIT {n_facts}
        ) TO '{out / "facts"}' (FORMAT parquet, PARTITION_BY (province, year), OVERWRITE_OR_IGNORE true)""",
        {"districts": districts},
    )
    return out


def bench_queries(wh: Path, label: str, repeats: int) -> list[tuple]:
    from dashboard import queries as q

    con = q.connect(wh)
    f = q.Filters(districts=ALL6)
    builders = {
        "district_summary": q.district_summary(f),
        "output_facts": q.output_facts(f),
        "physical_facts": q.physical_facts(f),
        "targets_vs_actuals": q.targets_vs_actuals(f),
        "investment_totals": q.investment_totals(f),
        "largest_investments": q.largest_investments(f, 20),
        "investment_leaves": q.investment_leaves(f),
        "cluster_mentions": q.cluster_mentions(f),
        "cluster_money": q.cluster_money(f),
        "benchmark_candidates": q.benchmark_candidates(f),
        "timeline_facts (district page)": q.timeline_facts(q.Filters(districts=ALL6[:1])),
        "facts (sources page, search)": q.facts(f, search="投资", limit=5000),
        "year_range": q.year_range(),
        "named_entities": q.named_entities(f),
        "documents": q.documents(f),
        "all_districts": q.all_districts(),
    }
    rows = []
    facts_src = str(wh / "facts" / "**" / "*.parquet")
    t0 = time.perf_counter()
    import pyarrow.dataset as ds

    df = (
        ds.dataset(wh / "facts", format="parquet")
        .to_table(columns=["district", "metric", "status", "scope", "value"])
        .to_pandas()
    )
    naive_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = df[df["district"].isin(ALL6) & (df["metric"] == "investment")].groupby(["district", "status", "scope"])["value"].sum()
    naive_filter = time.perf_counter() - t0
    del df, naive
    for name, query in builders.items():
        gc.collect()  # the pandas baseline's frames are gone before the timings start
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            q.run(con, query)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        base = (naive_load + naive_filter) * 1000 if name == "investment_totals" else None
        rows.append(
            (
                f"query {name}, {label}",
                f"p50 {p50:.1f} ms · p95 {p95:.1f} ms",
                f"pandas read + filter: {base:.0f} ms" if base else "",
                f"{base / p95:.0f}× faster" if base else "",
            )
        )
    del facts_src
    return rows


PAGE_RERUNS = 5


def bench_pages(wh: Path, label: str) -> list[tuple]:
    from streamlit.testing.v1 import AppTest

    os.environ["DISTRICTS_WAREHOUSE"] = str(wh)
    rows = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    for page in ("overview", "output", "investment", "clusters", "benchmark", "district", "sources", "sql", "presentation"):
        at.switch_page(f"pages/{page}.py")
        at.run()  # warm: caches filled as a returning user has them
        times = []
        for _ in range(PAGE_RERUNS):  # one rerun is one sample of a noisy machine: the median of several, and the worst
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
        failed = [e.message for e in at.exception] + [e.value for e in at.error]
        figure = (
            f"median {statistics.median(times):.0f} ms · worst {max(times):.0f} ms ({PAGE_RERUNS} reruns)"
            if not failed
            else f"**failed**: {failed[0][:120]}"  # a broken page is no timing
        )
        rows.append((f"page {page}, full rerun, {label}", figure, "", ""))
    return rows


def _alone(fn, *args) -> list[tuple]:
    """Run one measurement in a fresh process, as a freshly started dashboard: nothing left over
    from an earlier one (a cached connection, page threads, garbage) weighs on its timings."""
    import importlib
    import multiprocessing

    # by its importable name: a fresh process cannot find functions of the running __main__
    fn = getattr(importlib.import_module("benchmarks.__main__"), fn.__name__)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--sizes", default="1000,10000", help="ETL corpus sizes (articles)")
    p.add_argument("--facts", default="1000000,10000000", help="fact-table sizes for the query benchmarks")
    p.add_argument("--pages-at", type=int, default=1_000_000, help="fact count for the page timings (0 to skip)")
    p.add_argument("--repeats", type=int, default=30)
    p.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    p.add_argument("--dense", action="store_true", help="ETL on the dense synthetic mix (3x the seeds' figures per byte)")
    p.add_argument("--first-chart", type=int, default=3, help="starts of the dashboard to time to its first chart (0 to skip)")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.facts, args.pages_at, args.repeats = "200", "100000", 100_000, 5
    sizes = [int(s) for s in args.sizes.split(",") if s]
    fact_sizes = [int(s) for s in args.facts.split(",") if s]
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    rows: list[tuple] = []
    try:
        if args.first_chart:
            from benchmarks import first_chart

            rows += first_chart.measure(args.first_chart)  # the embedded data, as `make run` opens it
        rows += bench_etl(sizes, tmp, dense=args.dense)
        seed = tmp / f"wh{sizes[-1]}"
        for n in fact_sizes:
            wh = make_facts_warehouse(seed, n, tmp / f"facts{n}")
            rows += _alone(bench_queries, wh, f"{n:,} facts", args.repeats)
            if n == args.pages_at:
                rows += _alone(bench_pages, wh, f"{n:,} facts")
        if args.pages_at and args.pages_at not in fact_sizes:
            wh = make_facts_warehouse(seed, args.pages_at, tmp / f"facts{args.pages_at}")
            rows += _alone(bench_pages, wh, f"{args.pages_at:,} facts")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from benchmarks import print_table

    command = f"python -m benchmarks {' '.join(argv if argv is not None else sys.argv[1:])}"
    print_table(command, rows, ("what", "figure", "naive baseline (same run)", "ratio"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

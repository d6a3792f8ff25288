"""Scale features on small corpora: the synthetic generator, resume, the Dask path, the
hive-partitioned layout."""

import hashlib

import pyarrow.parquet as pq
import pytest

from etl.build import run
from etl.synth import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("synth") / "raw"
    generate(60, raw, seed=7)
    return raw


def _digest(folder):
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.iterdir()))).hexdigest()


def test_synth_is_deterministic_and_mixed(corpus, tmp_path):
    generate(60, tmp_path / "again", seed=7)
    assert _digest(corpus) == _digest(tmp_path / "again")
    manifest = (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 61
    assert any(",Hant," in row for row in manifest)
    assert any("synthetic (gbk)" in row for row in manifest)
    gbk = next(r.split(",")[1] for r in manifest[1:] if "synthetic (gbk)" in r)
    with pytest.raises(UnicodeDecodeError):
        (corpus / gbk).read_bytes().decode("utf-8")


def test_synth_corpus_builds_clean(corpus, tmp_path):
    from etl.validate import run as validate

    report = run(raw=corpus, out=tmp_path / "wh", progress=False, overrides=None)
    assert report.errors == [] and report.documents == 60
    assert report.facts > 400
    assert validate(tmp_path / "wh") == []


def test_resume_skips_unchanged_articles(corpus, tmp_path):
    first = run(raw=corpus, out=tmp_path / "wh", progress=False, overrides=None)
    second = run(raw=corpus, out=tmp_path / "wh", progress=False, overrides=None)
    assert (first.cached, second.cached) == (0, 60)
    a = pq.read_table(tmp_path / "wh" / "facts.parquet").to_pylist()
    assert second.facts == first.facts == len(a)


def test_dask_path_gives_exactly_the_local_facts(corpus, tmp_path):
    local = run(raw=corpus, out=tmp_path / "local", progress=False, overrides=None, resume=False)
    dask = run(raw=corpus, out=tmp_path / "dask", progress=False, overrides=None, resume=False, engine="dask", jobs=2)
    assert dask.facts == local.facts
    for table in ("facts", "documents", "clusters", "entities"):
        assert (
            pq.read_table(tmp_path / "dask" / f"{table}.parquet").to_pylist()
            == pq.read_table(tmp_path / "local" / f"{table}.parquet").to_pylist()
        )


def test_partitioned_warehouse_validates_and_answers_the_same(corpus, tmp_path):
    from dashboard import queries as q
    from etl.validate import run as validate

    run(raw=corpus, out=tmp_path / "flat", progress=False, overrides=None, partition=False)
    run(raw=corpus, out=tmp_path / "hive", progress=False, overrides=None, partition=True)
    assert (tmp_path / "hive" / "facts").is_dir() and not (tmp_path / "hive" / "facts.parquet").exists()
    assert any(p.name.startswith("province=") for p in (tmp_path / "hive" / "facts").iterdir())
    assert validate(tmp_path / "hive") == []
    districts = tuple(q.run(q.connect(tmp_path / "flat"), q.all_districts())["id"])
    f = q.Filters(districts=districts)
    for mode in ("memory", "view"):
        a = q.run(q.connect(tmp_path / "flat"), q.investment_totals(f))
        b = q.run(q.connect(tmp_path / "hive", mode=mode), q.investment_totals(f))
        assert a.to_dict("records") == b.to_dict("records")


def test_streaming_batches_give_the_same_tables(corpus, tmp_path, monkeypatch):
    import etl.build as build_mod

    run(raw=corpus, out=tmp_path / "one", progress=False, overrides=None, resume=False)
    monkeypatch.setattr(build_mod, "BATCH_ROWS", 7)  # many small row groups
    monkeypatch.setattr(build_mod, "BATCH_ARTICLES", 2)  # from many small extraction batches
    run(raw=corpus, out=tmp_path / "many", progress=False, overrides=None, resume=False)
    meta = pq.ParquetFile(tmp_path / "many" / "facts.parquet").metadata
    assert meta.num_row_groups > 10
    for table in ("facts", "documents", "clusters", "entities", "districts"):
        assert (
            pq.read_table(tmp_path / "many" / f"{table}.parquet").to_pylist()
            == pq.read_table(tmp_path / "one" / f"{table}.parquet").to_pylist()
        )


def test_synth_density_is_the_seeds_and_dense_is_three_times_that(corpus, tmp_path):
    """The default corpus carries about as many bytes per figure as the seeds (their 36 KB hold
    58 facts, 606 bytes each); --dense about a third of that."""
    seeds = run(out=tmp_path / "seeds", progress=False, overrides=None, resume=False)
    default = run(raw=corpus, out=tmp_path / "default", progress=False, overrides=None, resume=False)
    generate(60, tmp_path / "dense", seed=7, dense=True)
    dense = run(raw=tmp_path / "dense", out=tmp_path / "dwh", progress=False, overrides=None, resume=False)
    per_fact = {name: r.bytes_read / r.facts for name, r in (("seeds", seeds), ("default", default), ("dense", dense))}
    assert 0.7 < per_fact["default"] / per_fact["seeds"] < 1.2, per_fact
    assert 2.5 < per_fact["seeds"] / per_fact["dense"] < 3.5, per_fact

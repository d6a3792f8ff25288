"""The extraction cache behind resume: one SQLite file, whole batches or nothing, and a cache
that cannot be used costs speed, never facts."""

import multiprocessing
import sqlite3

import pyarrow.parquet as pq

from etl.build import run
from etl.cache import CACHE_FILE, ExtractionCache, prepare_cache


def test_results_round_trip_by_key(tmp_path):
    cache = ExtractionCache(tmp_path / "c")
    cache.put_many({"k1": {"facts": [1, 2]}, "k2": {"facts": []}})
    assert cache.get_many(["k2", "k1", "missing", "k1"]) == {"k1": {"facts": [1, 2]}, "k2": {"facts": []}}
    assert cache.get_many([]) == {}
    assert len(cache) == 2


def test_a_damaged_entry_is_left_out_and_the_others_still_read(tmp_path):
    cache = ExtractionCache(tmp_path / "c")
    cache.put_many({"good": {"x": 1}})
    con = sqlite3.connect(cache.path)
    con.execute("INSERT INTO results VALUES ('bad', X'80049500')")  # a truncated pickle
    con.commit()
    con.close()
    assert cache.get_many(["good", "bad"]) == {"good": {"x": 1}}


def test_a_write_that_fails_stores_none_of_its_batch(tmp_path, capsys):
    cache = ExtractionCache(tmp_path / "c")
    cache.put_many({"before": {"x": 0}})
    con = sqlite3.connect(cache.path)
    con.execute(
        "CREATE TRIGGER no_third BEFORE INSERT ON results WHEN NEW.key = 'k3' BEGIN SELECT RAISE(ABORT, 'disk died'); END"
    )
    con.commit()
    con.close()
    cache.put_many({"k1": {"x": 1}, "k2": {"x": 2}, "k3": {"x": 3}})  # dies on the third row
    assert "unusable (disk died); extracting without it" in capsys.readouterr().err
    assert ExtractionCache(tmp_path / "c").get_many(["before", "k1", "k2", "k3"]) == {"before": {"x": 0}}


def _put(folder: str, n: int, tag: str) -> None:
    cache = ExtractionCache(folder)
    for i in range(n):
        cache.put_many({f"{tag}{i}-{j}": {"i": i} for j in range(5)})


def test_two_processes_write_at_once(tmp_path):
    ExtractionCache(tmp_path / "c").create()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_put, args=(str(tmp_path / "c"), 40, tag)) for tag in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert len(ExtractionCache(tmp_path / "c")) == 2 * 40 * 5


def test_a_corrupt_cache_file_costs_time_not_facts(tmp_path, capsys):
    raw = tmp_path / "raw"
    from etl.synth import generate

    generate(60, raw, seed=3)
    first = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None)
    (tmp_path / ".wh.cache" / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    for side in (tmp_path / ".wh.cache").glob(f"{CACHE_FILE}-*"):
        side.unlink()
    second = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None)
    assert f"extraction cache {tmp_path / '.wh.cache' / CACHE_FILE} damaged; starting a new one" in capsys.readouterr().err
    assert (second.cached, second.documents, second.facts, second.errors) == (0, 60, first.facts, [])
    assert pq.read_table(tmp_path / "wh" / "facts.parquet").num_rows == first.facts
    third = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None)  # the new cache serves
    assert (third.cached, third.facts) == (60, first.facts)


def test_a_truncated_cache_is_started_again_once(tmp_path, capsys):
    """A cache file cut short (a copy or a disk that stopped half way) opens, then answers
    'database disk image is malformed': it is found by its header and started again, once."""
    raw = tmp_path / "raw"
    from etl.synth import generate

    generate(60, raw, seed=4)
    first = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None, jobs=1)
    path = tmp_path / ".wh.cache" / CACHE_FILE
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    capsys.readouterr()
    second = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None, jobs=1)
    assert capsys.readouterr().err == f"warning: extraction cache {path} damaged; starting a new one\n"
    assert (second.cached, second.facts, second.errors) == (0, first.facts, [])
    third = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None, jobs=1)
    assert capsys.readouterr().err == ""
    assert (third.cached, third.facts) == (60, first.facts)


def test_damage_found_while_reading_is_marked_for_the_next_build(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "d").mkdir()
    cache = ExtractionCache(tmp_path / "c")
    cache._give_up(sqlite3.DatabaseError("database disk image is malformed"))
    assert (tmp_path / "c" / "damaged").exists()
    assert prepare_cache(tmp_path / "c") == str(tmp_path / "c")
    assert not (tmp_path / "c" / "damaged").exists()
    locked = ExtractionCache(tmp_path / "d")
    locked._give_up(sqlite3.OperationalError("database is locked"))  # busy, not damaged
    assert not (tmp_path / "d" / "damaged").exists()


def test_the_cache_key_covers_every_reading_module_and_rule_file():
    """A change to a resolver or a rule file must not be served from the cache."""
    from pathlib import Path

    from etl import build

    here = Path(build.__file__).parent
    reading = {p.name for p in here.glob("*.py")} - {
        "__init__.py",
        "__main__.py",
        "build.py",
        "cache.py",
        "distributed.py",
        "golden.py",
        "evaluate.py",
        "lock.py",
        "manifest.py",
        "overrides.py",
        "paths.py",
        "schema.py",
        "synth.py",
        "validate.py",
        "csvfile.py",
        "reference.py",
        "stale.py",  # is the warehouse older than its inputs: no reading
        "intake.py",  # adding articles: writes raw files, reads nothing into facts
    }
    assert reading == set(build.READING_CODE)

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import build as build_mod
from etl.build import run
from etl.paths import RAW_DIR, ROOT
from etl.schema import TABLES, column_metadata


def _copy_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


def test_every_column_has_metadata(warehouse):
    meta = json.loads((warehouse / "metadata.json").read_text(encoding="utf-8"))
    for table in TABLES:
        cols = pq.read_schema(warehouse / f"{table}.parquet").names
        assert sorted(meta[table]) == sorted(cols)
        for col in cols:
            assert meta[table][col]["title"] and meta[table][col]["description"], (table, col)
    assert meta == column_metadata()


def test_fact_columns_match_the_contract(warehouse):
    contract = (
        "fact_id doc_id district scope entity metric value value_high unit qualifier status year cluster raw quote start end"
    )
    # the contract's columns in its order, then those added: what a growth rate measures, the
    # rules that read each field, who checked the figure
    assert pq.read_schema(warehouse / "facts.parquet").names == contract.split() + ["of_metric", "rules", "checked_by"]


def test_build_summary_and_validate(warehouse):
    from etl.validate import run as validate

    assert validate(warehouse) == []
    info = json.loads((warehouse / "build.json").read_text())
    assert info["documents"] == 5 and info["errors"] == []
    docs = pq.read_table(warehouse / "documents.parquet").to_pylist()
    assert {d["doc_id"]: d["encoding"] for d in docs}["000_002978428de8ce94"] == "utf-8"
    assert {d["doc_id"]: d["script"] for d in docs}["000_002978428de8ce94"] == "Hant"


def test_raw_files_are_never_modified(warehouse):
    import hashlib

    from etl.manifest import read_manifest

    entries, errors = read_manifest(RAW_DIR)
    assert errors == [] and len(entries) == 5
    for e in entries:
        assert hashlib.sha256((RAW_DIR / e.file).read_bytes()).hexdigest() == e.sha256


def test_bad_article_reported_by_name_others_kept(tmp_path):
    raw = _copy_raw(tmp_path)
    (raw / "001_1f6a9ef297c2c3df.txt").write_bytes(b"")
    rows = (raw / "manifest.csv").read_text(encoding="utf-8").splitlines()
    # the checksum no longer matches either: drop it so the empty-file message is what we see
    rows = [r if not r.startswith("001_") else ",".join(r.split(",")[:-1] + [""]) for r in rows]
    rows.append("009_bad,009_bad.txt,nowhere-district,2024-13,month,,Hans,x,,bad,")
    (raw / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = run(raw=raw, out=tmp_path / "wh", progress=False)
    assert report.documents == 4
    assert f"{raw / '001_1f6a9ef297c2c3df.txt'}: empty file" in report.errors
    assert any(e.startswith("manifest.csv line 7 (009_bad.txt): bad date '2024-13'") for e in report.errors), report.errors


def test_unknown_district_in_manifest(tmp_path):
    raw = _copy_raw(tmp_path)
    with open(raw / "manifest.csv", "a", encoding="utf-8") as fh:
        fh.write("009_bad,009_bad.txt,atlantis,2024-01-01,day,,Hans,x,,bad,\n")
    report = run(raw=raw, out=tmp_path / "wh", progress=False)
    assert report.errors[0].startswith("manifest.csv line 7 (009_bad.txt): unknown district 'atlantis'")


def test_failed_write_keeps_previous_warehouse(tmp_path, monkeypatch):
    out = tmp_path / "wh"
    run(raw=RAW_DIR, out=out, progress=False)
    before = pq.read_table(out / "facts.parquet").num_rows
    calls = {"n": 0}
    real = build_mod.pq.ParquetWriter.write_table

    def dying(self, table, *a, **k):
        calls["n"] += 1
        if calls["n"] == 2:  # the second table written dies half way
            raise OSError("disk full")
        return real(self, table, *a, **k)

    monkeypatch.setattr(build_mod.pq.ParquetWriter, "write_table", dying)
    with pytest.raises(OSError, match="disk full"):
        run(raw=RAW_DIR, out=out, progress=False)
    assert pq.read_table(out / "facts.parquet").num_rows == before
    assert not list((tmp_path / ".wh.builds").glob(".partial-*"))


def test_killed_build_keeps_previous_warehouse(tmp_path):
    out = tmp_path / "wh"
    run(raw=RAW_DIR, out=out, progress=False)
    target = out.resolve()
    code = (
        "import os, etl.build as b\n"
        "real = b.pq.ParquetWriter.write_table\n"
        "def w(self, t, *a, **k):\n"
        "    real(self, t, *a, **k)\n"
        "    os._exit(9)\n"
        "b.pq.ParquetWriter.write_table = w\n"
        f"b.run(raw={str(RAW_DIR)!r}, out={str(out)!r}, progress=False)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert proc.returncode == 9
    assert out.resolve() == target
    assert pq.read_table(out / "facts.parquet").num_rows > 0
    # the next build cleans the leftover partial folder
    run(raw=RAW_DIR, out=out, progress=False)
    assert not list((tmp_path / ".wh.builds").glob(".partial-*"))


def test_overrides_applied_and_stale_reported(tmp_path, facts):
    target = next(f for f in facts if f["raw"] == "166亿")
    dropped = next(f for f in facts if f["raw"] == "97%")
    ov = tmp_path / "overrides.csv"
    ov.write_text(
        "fact_id,action,field,value,reason\n"
        f"{target['fact_id']},set,scope,project,the 166亿 is a group of named projects\n"
        f"{dropped['fact_id']},reject,,,luxury penetration is not a growth figure\n"
        "deadbeefdeadbeef,set,year,2020,old id\n",
        encoding="utf-8",
    )
    report = run(raw=RAW_DIR, out=tmp_path / "wh", progress=False, overrides=ov)
    out = {f["fact_id"]: f for f in pq.read_table(tmp_path / "wh" / "facts.parquet").to_pylist()}
    assert out[target["fact_id"]]["scope"] == "project"
    assert dropped["fact_id"] not in out
    assert report.overrides_applied == 2
    assert report.stale_overrides == ["line 4: fact deadbeefdeadbeef not found (set year: old id)"]


def test_bad_override_row(tmp_path):
    from etl.overrides import OverrideError, read_overrides

    ov = tmp_path / "o.csv"
    ov.write_text("fact_id,action,field,value,reason\nabc,set,status,done,why\n", encoding="utf-8")
    with pytest.raises(OverrideError, match=r"^o.csv line 2: status must be one of actual, target, plan, signed$"):
        read_overrides(ov)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=cwd, capture_output=True, text=True)


def test_extract_cli_prints_json_lines_only():
    p = _cli("extract", str(RAW_DIR / "004_110e340a1f0fd8ac.txt"), "--published", "2024-01-25")
    assert p.returncode == 0
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(rows) == 17  # seed 004: its facts in tests/test_seeds.py
    first = rows[0]
    assert (
        list(first)
        == "fact_id doc_id district scope entity metric value value_high unit qualifier status year cluster raw quote start end".split()
    )
    assert (first["raw"], first["value"], first["district"], first["status"], first["year"]) == (
        "52亿元",
        5.2e9,
        "xuzhou-quanshan",
        "signed",
        2023,
    )
    assert "17 facts" in p.stderr


def test_extract_unknown_place(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("南京市江宁区今年签约项目48个,总投资达620亿元。\n", encoding="utf-8")
    p = _cli("extract", str(art), "--published", "2024-05-01")
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [(r["raw"], r["metric"], r["district"], r["status"], r["year"]) for r in rows] == [
        ("48个", "projects", "unknown:江宁区", "signed", 2024),
        ("620亿元", "investment", "unknown:江宁区", "signed", 2024),
    ]


def test_extract_cli_errors(tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    p = _cli("extract", str(empty))
    assert (p.returncode, p.stdout, p.stderr) == (1, "", f"error: {empty}: empty file\n")
    p = _cli("extract", str(RAW_DIR / "004_110e340a1f0fd8ac.txt"), "--published", "2024-13-01")
    assert p.returncode == 2
    assert p.stderr == "error: --published: bad date '2024-13-01': month must be in 1..12\n"


def test_add_refuses_duplicates_and_bad_district(tmp_path):
    raw = _copy_raw(tmp_path)
    art = tmp_path / "new.txt"
    art.write_text("江宁区签约项目48个,总投资620亿元。", encoding="utf-8")
    p = _cli("add", str(art), "--district", "atlantis", "--published", "2024-05-01", "--raw", str(raw))
    assert p.returncode == 1 and "unknown district 'atlantis'" in p.stderr
    p = _cli(
        "add", str(art), "--district", "unknown:江宁区", "--published", "2024-05-01", "--raw", str(raw), "--source", "http://x"
    )
    assert p.returncode == 0, p.stderr
    p = _cli("add", str(art), "--district", "unknown:江宁区", "--published", "2024-05-01", "--raw", str(raw))
    assert p.returncode == 1 and "same sha256" in p.stderr
    seed = RAW_DIR / "000_002978428de8ce94.txt"
    p = _cli("add", str(seed), "--district", "suzhou-sip", "--published", "2021-12-01", "--raw", str(raw))
    assert p.returncode == 1 and "already in the manifest as 000_002978428de8ce94" in p.stderr
    report = run(raw=raw, out=tmp_path / "wh", progress=False)
    assert report.documents == 6 and report.errors == []


def test_summary_of_a_national_corpus_stays_short():
    from collections import Counter

    from etl.build import BuildReport

    counts = Counter({f"unknown:县{i:03d}": 100 + i for i in range(40)})
    lines = BuildReport(documents=40, facts=sum(counts.values()), facts_per_district=counts).summary().splitlines()
    assert len(lines) == 1 + 25 + 1
    assert lines[1].split() == ["unknown:县039", "139", "facts"]
    assert lines[-1] == "  … and 15 more districts with 1605 facts"  # 100+…+114


def test_validate_allows_a_fall_only_in_a_growth_rate(warehouse, tmp_path):
    import shutil

    from etl.validate import run as validate

    wh = tmp_path / "wh"
    shutil.copytree(warehouse, wh)
    facts = pq.read_table(wh / "facts.parquet").to_pylist()
    money = next(i for i, f in enumerate(facts) if f["metric"] == "investment")
    growth = next(i for i, f in enumerate(facts) if i != money)
    facts[growth].update(metric="growth", unit="percent", value=-3.2, value_high=None)  # 同比下降3.2%
    facts[money]["value"] = -1.0
    pq.write_table(pa.Table.from_pylist(facts, schema=pq.read_schema(wh / "facts.parquet")), wh / "facts.parquet")
    assert validate(wh) == [f"fact {facts[money]['fact_id']}: negative or missing value -1.0"]


def test_a_warehouse_built_by_another_extractor_version_is_stale(tmp_path):
    raw = _copy_raw(tmp_path)
    out = tmp_path / "wh"
    run(raw=raw, out=out, progress=False)
    assert build_mod.is_stale(raw, out) is False
    info = out / "build.json"
    built = json.loads(info.read_text(encoding="utf-8"))
    # an older build (no of_metric column, older readings): the dashboard must rebuild it
    info.write_text(json.dumps({**built, "extractor_version": "1.3.0"}), encoding="utf-8")
    assert build_mod.is_stale(raw, out) is True
    info.write_text("{not json", encoding="utf-8")
    assert build_mod.is_stale(raw, out) is True

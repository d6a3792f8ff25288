"""The ETL under hostile or broken input never loses or leaks data: manifest rows that point
outside the raw folder, builds that would empty the warehouse, two builds at once, a build
killed with its workers, and files whose messages must name file and line."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.build import BuildRefused, run
from etl.lock import BuildLocked, build_lock
from etl.manifest import COLUMNS, ManifestError, read_manifest
from etl.overrides import OverrideError, read_overrides
from etl.paths import RAW_DIR, ROOT

HEADER = ",".join(COLUMNS)
ARTICLE = "泉山区招商\n泉山区2024年签约项目12个,总投资58亿元。\n"


def _raw(tmp_path: Path, rows: list[str], files: dict[str, str] | None = None) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, text in (files or {"a.txt": ARTICLE}).items():
        (raw / name).write_text(text, encoding="utf-8")
    (raw / "manifest.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return raw


def _row(doc_id: str, file: str, published: str = "2024-05-01") -> str:
    return f"{doc_id},{file},xuzhou-quanshan,{published},day,,Hans,test,,t,"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, check=False)


# --------------------------------------------------------------------------- path traversal


def test_a_row_naming_a_file_outside_the_raw_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("泉山区秘密:投资1亿元。", encoding="utf-8")
    raw = _raw(
        tmp_path, [_row("a", "a.txt"), _row("b", "../../../../../../etc/passwd"), _row("c", "/etc/passwd"), _row("d", "link.txt")]
    )
    (raw / "link.txt").symlink_to(outside)
    entries, errors = read_manifest(raw)
    home = raw.resolve()
    assert [e.doc_id for e in entries] == ["a"]
    assert errors == [
        f"manifest.csv line 3 (../../../../../../etc/passwd): file '../../../../../../etc/passwd' is outside the raw folder {home}",
        "manifest.csv line 4 (/etc/passwd): file '/etc/passwd' is an absolute path; name a file inside the raw folder",
        f"manifest.csv line 5 (link.txt): file 'link.txt' is outside the raw folder {home}",
    ]
    report = run(raw=raw, out=tmp_path / "wh", progress=False, overrides=None)
    texts = pq.read_table(tmp_path / "wh" / "documents.parquet").column("text").to_pylist()
    assert report.documents == 1 and not any("root:" in t or "秘密" in t for t in texts)


# --------------------------------------------------------------------------- a build that would empty the warehouse


def test_a_build_of_only_bad_rows_keeps_the_good_warehouse(tmp_path):
    out = tmp_path / "wh"
    run(raw=RAW_DIR, out=out, progress=False)
    before = out.resolve()
    raw = _raw(tmp_path, [_row("a", "a.txt", "31/12/2024")])
    p = _cli("build", "--raw", str(raw), "--out", str(out), "--quiet")
    assert p.returncode == 1
    assert p.stderr.splitlines()[-1] == (
        f"error: build not swapped in, previous warehouse kept: this build has 0 documents where {out} has 5 "
        "(1 errors); to replace it all the same, build with --allow-shrink"
    )
    assert out.resolve() == before and pq.read_table(out / "documents.parquet").num_rows == 5
    p = _cli("build", "--raw", str(raw), "--out", str(out), "--quiet", "--allow-shrink")
    assert p.returncode == 0 and pq.read_table(out / "documents.parquet").num_rows == 0


def test_strict_never_swaps_on_error(tmp_path):
    out = tmp_path / "wh"
    raw = _raw(tmp_path, [_row("a", "a.txt"), _row("b", "missing.txt")])
    with pytest.raises(BuildRefused, match=r"^1 errors and --strict: nothing swapped in$") as exc:
        run(raw=raw, out=out, progress=False, overrides=None, strict=True)
    assert exc.value.report.errors == ["missing.txt: " + str(raw / "missing.txt") + ": no such file"] or exc.value.report.errors
    assert not out.exists()
    p = _cli("build", "--raw", str(raw), "--out", str(out), "--quiet", "--strict")
    assert p.returncode == 1 and "nothing swapped in" in p.stderr and not out.exists()
    assert run(raw=raw, out=out, progress=False, overrides=None).documents == 1  # without --strict it lands


# --------------------------------------------------------------------------- two builds at once


def test_a_second_build_is_refused_while_one_holds_the_lock(tmp_path):
    out = tmp_path / "wh"
    raw = _raw(tmp_path, [_row("a", "a.txt")])
    with build_lock(out):
        with pytest.raises(BuildLocked, match=rf"^another build \(pid {os.getpid()}\) is writing {out}; wait for it"):
            run(raw=raw, out=out, progress=False, overrides=None)
        p = _cli("build", "--raw", str(raw), "--out", str(out), "--quiet")
        assert (p.returncode, p.stderr.startswith(f"error: another build (pid {os.getpid()}) is writing")) == (1, True)
    assert run(raw=raw, out=out, progress=False, overrides=None).documents == 1  # released


def test_a_lock_left_by_a_killed_build_is_no_obstacle(tmp_path):
    out = tmp_path / "wh"
    code = f"import os, etl.lock as l\nwith l.build_lock({str(out)!r}):\n    os.kill(os.getpid(), 9)\n"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == -9
    assert (tmp_path / ".wh.lock").exists()  # the file stays, the lock went with the process
    raw = _raw(tmp_path, [_row("a", "a.txt")])
    assert run(raw=raw, out=out, progress=False, overrides=None).documents == 1


# --------------------------------------------------------------------------- kill -9 of a build


def _children(pid: int) -> set[int]:
    import psutil

    try:
        return {c.pid for c in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def test_kill_9_of_a_build_takes_its_workers_and_the_next_build_cleans_up(tmp_path):
    import psutil

    from etl.synth import generate

    raw = tmp_path / "raw"
    generate(600, raw, seed=5)
    out = tmp_path / "wh"
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(out), "--quiet", "--jobs", "2", "--no-resume"],
        cwd=ROOT,
    )
    workers: set[int] = set()
    deadline = time.time() + 60
    while len(workers) < 2 and time.time() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    time.sleep(1)
    alive = [p for p in workers if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
    assert alive == []
    # a build killed just before its swap leaves a whole build-* folder: the next build removes it
    builds = tmp_path / ".wh.builds"
    (builds / "build-20200101T000000000000-1").mkdir(parents=True)
    run(raw=raw, out=out, progress=False, overrides=None)
    assert sorted(p.name for p in builds.iterdir()) == [out.resolve().name]


# --------------------------------------------------------------------------- messages that name file and line


@pytest.mark.parametrize(
    "content,message",
    [
        (
            (HEADER + "\n" + _row("a", "a.txt").replace(",t,", ",泉山区,") + "\n").encode("gbk"),
            "manifest.csv line 2: not UTF-8 text",
        ),
        (b"\x00\x01\x02binary" * 50, "manifest.csv line 1: NUL bytes: a binary file, not CSV text"),
        (
            (HEADER + "\n" + _row("a", "a.txt").replace(",t,", "," + "长" * 1_100_000 + ",") + "\n").encode(),
            "manifest.csv line 2: a field longer than 1,048,576 characters",
        ),
    ],
    ids=["gbk", "binary", "huge-field"],
)
def test_unreadable_manifests_name_the_file_and_line(tmp_path, content, message):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / "manifest.csv").write_bytes(content)
    with pytest.raises(ManifestError) as exc:
        read_manifest(raw)
    assert str(exc.value).startswith(f"{raw}/{message}")
    p = _cli("build", "--raw", str(raw), "--out", str(tmp_path / "wh"), "--quiet")
    assert p.returncode == 1 and p.stderr.startswith(f"error: build failed, previous warehouse kept: {raw}/{message}")
    assert "Traceback" not in p.stderr


def test_a_manifest_with_a_bom_and_a_128_kb_field_is_read(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE, encoding="utf-8")
    row = _row("a", "a.txt").replace(",t,", "," + "长" * 140_000 + ",")
    (raw / "manifest.csv").write_bytes(b"\xef\xbb\xbf" + (HEADER + "\n" + row + "\n").encode())
    entries, errors = read_manifest(raw)
    assert (errors, [e.doc_id for e in entries], len(entries[0].title_zh)) == ([], ["a"], 140_000)


@pytest.mark.parametrize(
    "body,encoding,message",
    [
        ("abc,set,value,notanumber,why\n", "utf-8", "o.csv line 2: value must be a number (or empty), not 'notanumber'"),
        ("abc,set,value,nan,why\n", "utf-8", "o.csv line 2: value must be a finite number, not 'nan'"),
        ("abc,set,year,20x4,why\n", "utf-8", "o.csv line 2: year must be a year such as 2024 (or empty), not '20x4'"),
        (
            "abc,set,entity,泉山区,理由\n",
            "gbk",
            "o.csv line 2: not UTF-8 text (saved as GBK or another encoding?); save it as UTF-8",
        ),
    ],
    ids=["not-a-number", "nan", "bad-year", "gbk"],
)
def test_bad_override_rows_name_the_file_and_line(tmp_path, body, encoding, message):
    ov = tmp_path / "o.csv"
    ov.write_bytes(("fact_id,action,field,value,reason\n" + body).encode(encoding))
    with pytest.raises(OverrideError) as exc:
        read_overrides(ov)
    assert str(exc.value) == message


def test_nul_bytes_after_the_first_64_kb_are_refused(tmp_path):
    from etl.read import ArticleError, read_article

    path = tmp_path / "a.txt"
    path.write_bytes(("泉山区投资1亿元。" * 8000).encode() + b"\x00\x00" + "尾".encode())
    with pytest.raises(ArticleError, match=r"a.txt: NUL byte at character 72,000: a binary file, not text$"):
        read_article(path)


# --------------------------------------------------------------------------- fuzz: only the ETL's own errors

_CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["a.txt", "../a.txt", "/etc/passwd", "2024-05-01", "2024-13-01", "31/12/2024", "xuzhou-quanshan", "unknown:某县", ""]
    ),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=13), max_size=6), junk=st.binary(max_size=40))
def test_fuzzed_manifests_raise_only_manifest_errors(tmp_path, rows, junk):
    import csv
    import io

    raw = tmp_path / "fuzz"
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE, encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    w.writerows(rows)
    (raw / "manifest.csv").write_bytes(buf.getvalue().encode("utf-8", "surrogatepass") + junk)
    try:
        entries, errors = read_manifest(raw)
    except ManifestError as exc:
        assert str(exc).startswith(str(raw))
        return
    assert all(e.file and (raw / e.file).resolve().is_relative_to(raw.resolve()) for e in entries)
    assert all(msg.startswith("manifest.csv line ") for msg in errors)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.text(max_size=8),
            st.sampled_from(["set", "reject", "", "SET", "x"]),
            st.sampled_from(["value", "year", "status", "scope", "entity", "metric", "fact_id", ""]),
            st.one_of(st.text(max_size=10), st.sampled_from(["1e9", "2024", "20x4", "nan", "inf", "plan", "-3"])),
            st.text(max_size=6),
        ),
        max_size=5,
    ),
    junk=st.binary(max_size=20),
)
def test_fuzzed_overrides_raise_only_override_errors(tmp_path, rows, junk):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["fact_id", "action", "field", "value", "reason"])
    w.writerows(rows)
    ov = tmp_path / "fuzz.csv"
    ov.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass") + junk)
    try:
        out = read_overrides(ov)
    except OverrideError as exc:
        assert str(exc).startswith("fuzz.csv")
        return
    from etl.overrides import _convert

    for o in out:
        if o.action == "set":
            _convert(o.field, o.value)  # every accepted value converts

"""Adding one's own articles: any place of China, checked files, an atomic save (etl/intake.py,
python -m etl add)."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from datetime import date

import pytest

from etl import intake
from etl.manifest import read_manifest
from etl.paths import RAW_DIR, ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def raw(tmp_path):
    out = tmp_path / "raw"
    shutil.copytree(RAW_DIR, out)
    return out


@pytest.mark.parametrize(
    "text,key,label",
    [
        ("绿春县", "unknown:绿春县", "绿春县 (云南省 红河哈尼族彝族自治州)"),  # cpca's table: any county of China
        ("南京市鼓楼区", "unknown:南京市鼓楼区", "鼓楼区 (江苏省 南京市)"),  # a shared name, keyed with its city
        ("济南市中区", "jinan-shizhong", "市中区 (山东 济南)"),  # the gazetteer's, as it is written
        ("屯留区", "changzhi-tunliu", "屯留区 (山西 长治)"),  # newer than cpca's table: the gazetteer knows it
        ("changzhi-tunliu", "changzhi-tunliu", "屯留区 (山西 长治)"),
    ],
)
def test_a_place_is_any_place_of_china(text, key, label):
    place = intake.resolve_place(text)
    assert (place.key, place.label(), place.known) == (key, label, True)


def test_a_shared_name_is_refused_with_its_candidates_and_an_unknown_one_is_kept_flagged():
    with pytest.raises(intake.IntakeError) as exc:
        intake.resolve_place("鼓楼区")
    assert str(exc.value) == (
        "place '鼓楼区' is ambiguous: 河南省开封市鼓楼区; 江苏省南京市鼓楼区; 福建省福州市鼓楼区; 江苏省徐州市鼓楼区. "
        "Write it with its city (e.g. 开封市鼓楼区)"
    )
    with pytest.raises(intake.IntakeError, match="^place .市中区. is ambiguous: 山东济南市中区; 四川省乐山市市中区; "):
        intake.resolve_place("市中区")  # the gazetteer's alias too: four places share it
    odd = intake.resolve_place("某某新区")
    assert (odd.key, odd.known, odd.label()) == ("unknown:某某新区", False, "某某新区 (?)")


def test_place_search_box_finds_by_any_part():
    assert [p.label() for p in intake.search_places("绿春")] == ["绿春县 (云南省 红河哈尼族彝族自治州)"]
    found = [p.label() for p in intake.search_places("济南市中")]
    assert found == ["市中区 (山东 济南)"]
    assert intake.search_places("屯留")[0].key == "changzhi-tunliu"  # the gazetteer knows it, cpca does not
    assert intake.search_places("  ") == []


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("a.txt", b"", "a.txt: the file is empty"),
        ("a.txt", b"  \n ", "a.txt: the file is empty"),
        ("../etc/a.txt", "泉山区".encode(), "'../etc/a.txt': a file name without folders is needed"),
        ("a.pdf", b"%PDF-1.4", "a.pdf: only .txt, .html, .htm files are read"),
        ("a.txt", b"x" * (intake.UPLOAD_LIMIT + 1), "a.txt: 5,242,881 bytes, over the 5 MB limit"),
    ],
)
def test_bad_uploads_get_a_clear_error(name, data, message):
    with pytest.raises(intake.IntakeError) as exc:
        intake.read_upload(name, data)
    assert str(exc.value) == message


def test_gbk_and_big5_uploads_read_as_the_etl_reads_them():
    text = "绿春县2023年签约项目12个,总投资58亿元。"
    d = intake.read_upload("gbk.txt", text.encode("gbk"))
    assert (d.text, d.encoding) == (text, "gb18030")
    d = intake.read_upload("big5.txt", "綠春縣簽約項目12個,總投資58億元。".encode("big5"))
    assert d.encoding == "big5" and d.text.startswith("綠春縣")


def test_a_date_in_the_future_is_refused():
    assert intake.check_date("2024-05", today=date(2026, 12, 1)) == (date(2024, 5, 1), "month")
    with pytest.raises(intake.IntakeError) as exc:
        intake.check_date("2027-01-02", today=date(2026, 12, 1))
    assert str(exc.value) == "publication date 2027-01-02 is in the future (today is 2026-12-01)"


def test_save_writes_files_then_the_manifest_and_refuses_a_duplicate(raw):
    place = intake.resolve_place("绿春县")
    a = intake.read_upload("lc.txt", "绿春县简报\n绿春县2023年签约项目12个,总投资58亿元。\n".encode())
    saved = intake.save(raw, [a], place, date(2024, 5, 1), "day", source="https://example.org/a")
    (e,) = saved.entries
    assert e.doc_id == f"005_{a.sha256[:16]}" and e.districts == ("unknown:绿春县",) and e.url == "https://example.org/a"
    assert (raw / e.file).read_bytes() == a.data
    entries, errors = read_manifest(raw)
    assert [x.doc_id for x in entries][-1] == e.doc_id and errors == []
    with pytest.raises(intake.IntakeError) as exc:
        intake.save(raw, [a], place, date(2024, 5, 1), "day")
    assert str(exc.value) == f"lc.txt: already in the manifest as {e.doc_id} (same sha256)"
    # the same title again: saved, and flagged as a likely repost
    b = intake.read_upload("lc2.txt", "绿春县简报\n另一版本。\n".encode())
    again = intake.save(raw, [b], place, date(2024, 5, 2), "day")
    assert again.flagged == [f"lc2.txt: same title as {e.doc_id}; a repost? saved as {again.entries[0].doc_id}"]


def test_a_save_that_dies_half_way_leaves_raw_and_manifest_as_they_were(raw, monkeypatch):
    before = sorted(p.name for p in raw.iterdir())
    manifest = (raw / "manifest.csv").read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(intake, "_append_manifest", boom)
    drafts = [intake.read_upload(f"{i}.txt", f"绿春县第{i}篇,投资{i}亿元。".encode()) for i in range(3)]
    with pytest.raises(OSError, match="disk full"):
        intake.save(raw, drafts, intake.resolve_place("绿春县"), date(2024, 5, 1), "day")
    assert sorted(p.name for p in raw.iterdir() if p.name != ".intake.lock") == before
    assert (raw / "manifest.csv").read_bytes() == manifest


def test_two_saves_at_once_the_second_is_refused(raw):
    with open(raw / ".intake.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(intake.IntakeError) as exc:
            intake.save(
                raw, [intake.read_upload("a.txt", "绿春县".encode())], intake.resolve_place("绿春县"), date(2024, 5, 1), "day"
            )
    assert str(exc.value) == "another save is writing to data/raw now; try again in a moment"


def test_rejected_figures_become_override_rows(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("fact_id,action,field,value,reason\nabc,reject,,,old row\n", encoding="utf-8")
    intake.add_overrides([("f1", "reject", "", "", "a page number"), ("f2", "set", "status", "plan", "计划投资")], "王五", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "fact_id,action,field,value,reason,reviewer,date"
    assert lines[1] == "abc,reject,,,old row,,"
    assert lines[2] == f"f1,reject,,,a page number,王五,{date.today().isoformat()}"
    assert lines[3].startswith("f2,set,status,plan,计划投资,王五,")
    from etl.overrides import read_overrides

    assert [(o.fact_id, o.action) for o in read_overrides(path)] == [("abc", "reject"), ("f1", "reject"), ("f2", "set")]
    with pytest.raises(intake.IntakeError, match="a reason is needed"):
        intake.add_overrides([("f3", "reject", "", "", " ")], "王五", path)


def test_cli_adds_a_folder_about_any_place_then_builds(raw, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.txt").write_text("绿春县动态\n2023年,绿春县签约项目30个,签约金额120亿元。\n", encoding="utf-8")
    (folder / "b.html").write_text("<html><body><p>绿春县2024年地区生产总值增长6.1%。</p></body></html>", encoding="gbk")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not an article: left alone
    p = _cli("add", str(folder), "--place", "绿春县", "--published", "2024-06", "--raw", str(raw))
    assert p.returncode == 0, p.stderr
    assert p.stderr.count("about 绿春县 (云南省 红河哈尼族彝族自治州)") == 2
    p = _cli("add", str(folder / "a.txt"), "--place", "鼓楼区", "--published", "2024-06", "--raw", str(raw))
    assert p.returncode == 1 and p.stderr.startswith("error: place '鼓楼区' is ambiguous")
    p = _cli("add", str(folder / "a.txt"), "--place", "绿春县", "--published", "2999-01", "--raw", str(raw))
    assert p.returncode == 1 and "is in the future" in p.stderr
    p = _cli("add", str(folder / "a.txt"), "--published", "2024-06", "--raw", str(raw))
    assert p.returncode == 1 and "give the place: --place NAME" in p.stderr
    from etl.build import run

    out = tmp_path / "wh"
    assert run(raw=raw, out=out, progress=False).errors == []
    import pyarrow.parquet as pq

    districts = {r["id"]: r for r in pq.read_table(out / "districts.parquet").to_pylist()}
    lc = districts["unknown:绿春县"]
    assert (lc["name_en"], lc["city_zh"], lc["province_zh"], lc["n_docs"]) == (
        "Lüchun County",
        "红河哈尼族彝族自治州",
        "云南省",
        2,
    )
    assert lc["lat"] == pytest.approx(23.0, abs=0.3)


def test_preview_corrections_are_saved_and_applied_by_the_build(raw, tmp_path, monkeypatch):

    from dashboard import adding

    out, overrides = tmp_path / "wh", tmp_path / "overrides.csv"
    monkeypatch.setenv("DISTRICTS_WAREHOUSE", str(out))
    monkeypatch.setenv("DISTRICTS_OVERRIDES", str(overrides))
    place = intake.resolve_place("绿春县")
    draft = intake.pasted(
        "2023年,绿春县新签约项目30个,签约金额120亿元。绿春县计划投资15亿元建设茶叶加工园区。\n第3页", "绿春县简报"
    )
    p = adding.make_preview(draft, place, date(2024, 6, 1), intake.doc_id_for(raw, draft))
    by_raw = {r.raw: r.fact_id for r in p.facts.itertuples()}
    assert set(by_raw) >= {"30个", "120亿元", "15亿元"}
    edited = p.facts[adding.PREVIEW_COLUMNS].copy()
    edited.loc[edited["raw"] == "30个", "keep"] = False  # rejected
    edited.loc[edited["raw"] == "15亿元", "status"] = "signed"  # corrected
    saved, report = adding.save_and_build(raw, [p], {p.doc_id: edited}, place, date(2024, 6, 1), "month", "", "李四")
    assert report.errors == [] and saved.entries[0].doc_id == p.doc_id
    rows = overrides.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith(f"{by_raw['30个']},reject,,,rejected in the preview,李四,")
    assert rows[2].startswith(f"{by_raw['15亿元']},set,status,signed,corrected in the preview,李四,")
    facts = {r["raw"]: r for r in _tables(out)["facts"] if r["doc_id"] == p.doc_id}
    assert "30个" not in facts and facts["15亿元"]["status"] == "signed" and facts["120亿元"]["status"] == "signed"
    assert report.overrides_applied == 2
    # a preview made before another save no longer matches: refused, nothing written
    other = intake.pasted("绿春县另一篇,投资3亿元。")
    stale = adding.make_preview(other, place, None, "004_0000000000000000")
    with pytest.raises(intake.IntakeError, match="preview again"):
        adding.save_and_build(raw, [stale], {}, place, date(2024, 6, 1), "month", "", "")


def test_a_checked_or_corrected_figure_carries_its_reviewers(tmp_path):
    from etl.overrides import OverrideIndex, read_overrides

    path = tmp_path / "overrides.csv"
    intake.add_overrides(
        [("a", "check", "", "", "与原文一致"), ("b", "set", "status", "plan", "计划投资"), ("c", "reject", "", "", "页码")],
        "张三",
        path,
    )
    intake.add_overrides([("a", "check", "", "", "复核")], "李四", path)
    index = OverrideIndex(read_overrides(path))
    facts = index.apply([{"fact_id": i, "status": "actual"} for i in ("a", "b", "c", "d")])
    assert facts == [
        {"fact_id": "a", "status": "actual", "checked_by": "张三; 李四"},
        {"fact_id": "b", "status": "plan", "checked_by": "张三"},
        {"fact_id": "d", "status": "actual"},
    ]
    with pytest.raises(intake.IntakeError) as exc:  # a row that would stop every build is never written
        intake.add_overrides([("a", "set", "status", "maybe", "x")], "张三", path)
    assert str(exc.value) == "status must be one of actual, target, plan, signed"
    assert len(read_overrides(path)) == 4


def test_deck_footnote_says_how_many_figures_were_checked_and_by_whom():
    import pandas as pd

    from dashboard import exports

    data = pd.DataFrame({"fact_id": ["a", "b", "c"], "checked_by": ["张三", None, "张三; 李四"]})
    assert exports.checked_note(data, "zh") == "已审核 2/3 条数据(审核人:张三、李四)"
    assert exports.checked_note(data, "en") == "2 of 3 figures checked (by 张三, 李四)"
    assert exports.checked_note(pd.DataFrame({"district": ["x"]}), "zh") == ""


@pytest.mark.parametrize(
    "key,english,where",
    [
        ("unknown:绿春县", "Lüchun County", ("云南省", "红河哈尼族彝族自治州")),
        ("unknown:南京市鼓楼区", "Gulou District, Nanjing", ("江苏省", "南京市")),  # a shared name, with its city
        ("unknown:福州鼓楼区", "Gulou District, Fuzhou", ("福建省", "福州市")),
        ("unknown:鼓楼区", "Gulou District", ("", "")),  # whose, the name does not say: no coordinates either
    ],
)
def test_places_outside_the_gazetteer_have_english_names_and_a_city(key, english, where):
    from etl.places import english_place_name, locate, parents

    name = key.removeprefix("unknown:")
    assert english_place_name(key) == english
    assert parents(name) == where
    assert (locate(key) is None) == (where == ("", ""))


def _tables(out):
    import pyarrow.parquet as pq

    got = {}
    for name in ("facts", "documents", "clusters", "entities", "districts", "metrics"):
        single = out / f"{name}.parquet"
        rows = pq.read_table(single if single.exists() else out / name).to_pylist()  # part files after an append
        got[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str, ensure_ascii=False))
    return got


def test_appending_articles_equals_a_full_build(raw, tmp_path, monkeypatch):
    """Adding articles to a warehouse reads only them, and gives the same tables a full build
    of the same raw folder gives; rejections made in the preview are applied to them."""
    from etl.build import AppendRefused, append, run

    overrides = tmp_path / "overrides.csv"
    monkeypatch.setenv("DISTRICTS_OVERRIDES", str(overrides))
    out = tmp_path / "wh"
    assert run(raw=raw, out=out, progress=False).errors == []
    place = intake.resolve_place("绿春县")
    drafts = [
        intake.pasted("2023年,绿春县新签约项目30个,签约金额120亿元。", "绿春县简报一"),
        intake.pasted("绿春县计划投资15亿元建设茶叶加工园区,数字经济项目8个。", "绿春县简报二"),
    ]
    from dashboard import adding

    previews = [adding.make_preview(d, place, date(2024, 6, 1), intake.doc_id_for(raw, d, i)) for i, d in enumerate(drafts)]
    reject = previews[1].facts.loc[previews[1].facts["raw"] == "8个", "fact_id"].tolist()
    saved = intake.save(raw, drafts, place, date(2024, 6, 1), "month", rejected={previews[1].doc_id: reject})
    before = (out / "facts.parquet").stat().st_ino
    report = append(saved.entries, raw=raw, out=out)
    assert report.cached == 0 and report.documents == 7 and report.errors == []
    full = tmp_path / "full"
    assert run(raw=raw, out=full, progress=False).facts == report.facts
    assert _tables(out) == _tables(full)
    # the earlier build's files are linked, not copied: appending reads none of them
    assert sorted(p.name for p in (out / "facts").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert (out / "facts" / "part-00000.parquet").stat().st_ino == before
    from etl.validate import run as validate

    assert validate(out) == []
    from dashboard import queries as q

    con = q.connect(out)  # the dashboard reads part files as it reads one file
    n = q.run(con, ("SELECT count(*) AS n FROM facts WHERE district = ?", ["unknown:绿春县"]))["n"][0]
    assert n == sum(1 for r in _tables(full)["facts"] if r["district"] == "unknown:绿春县")
    facts = [r for r in _tables(out)["facts"] if r["doc_id"] == previews[1].doc_id]
    assert "8个" not in {r["raw"] for r in facts} and "15亿元" in {r["raw"] for r in facts}
    # a correction of a figure already in the warehouse: only a full build applies it
    old = _tables(out)["facts"][0]["fact_id"]
    intake.add_overrides([(old, "check", "", "", "与原文一致")], "张三")
    third = intake.pasted("绿春县另一篇,投资3亿元。", "绿春县简报三")
    saved = intake.save(raw, [third], place, date(2024, 6, 2), "day")
    with pytest.raises(AppendRefused, match="need a full build"):
        append(saved.entries, raw=raw, out=out)
    with pytest.raises(AppendRefused, match="built from"):
        append(saved.entries, raw=tmp_path / "elsewhere", out=out)

"""python -m etl evaluate: matching, excused headline repeats, place containment, the figures and
the listing, on an article and gold written for this test."""

import json
import subprocess
import sys

import pytest

from etl.evaluate import EvaluationError, read_dates, read_gold, same_place, score_file, summary

ARTICLE = "某县签约项目12个\n某县今年签约项目12个,总投资58亿元。全县新增企业30家,规上工业增加值增长6.5%,年产钢材10万吨。\n"


def _g(raw, value, unit, metric, status="actual", core=True, start=0, **kw):
    base = {"file": "a.txt", "district": "unknown:某县", "scope": "district", "entity": "某县", "year": 2024, "cluster": None}
    return {
        **base,
        "raw": raw,
        "value": value,
        "unit": unit,
        "metric": metric,
        "status": status,
        "core": core,
        "start": start,
        "end": start + len(raw),
        "quote": kw.pop("quote", ""),
        "qualifier": "exact",
        **kw,
    }


def _p(raw, value, unit, metric, start, status="actual", district="unknown:某县", scope="district", year=2024):
    return {
        "raw": raw,
        "value": value,
        "unit": unit,
        "metric": metric,
        "status": status,
        "district": district,
        "scope": scope,
        "year": year,
        "start": start,
        "quote": "",
    }


def test_same_place_by_containment_and_a_gazetteer_city():
    assert same_place("unknown:深圳市光明区", "district", "unknown:光明区")
    assert same_place("unknown:光明区", "district", "unknown:深圳市光明区")
    assert not same_place("unknown:苏州市", "city", "unknown:苏州高新区")
    assert same_place("suzhou-sip", "city", "unknown:苏州")  # the gazetteer id with scope city is its city
    assert same_place("weifang-kuiwen", "city", "unknown:潍坊") and not same_place("weifang-kuiwen", "district", "unknown:潍坊")
    assert same_place("suzhou-sip", "zone", "unknown:苏州工业园区")
    assert same_place(None, "district", None) and not same_place(None, "district", "unknown:某县")


def test_matching_setting_aside_excusing_and_the_figures():
    gold = [
        _g("12个", 12, "count", "projects", start=6),  # the title's figure, repeated in the body
        _g("12个", 12, "count", "projects", status="signed", start=20),
        _g("58亿元", 58e8, "CNY", "investment", status="plan", start=27),
        _g("30家", 30, "count", "enterprises", start=40),
        _g("7个", 7, "count", "projects", start=60),  # missed
    ]
    preds = [
        _p("12个", 12, "count", "projects", 20, status="signed"),
        _p("58亿元", 58e8 * 1.004, "CNY", "investment", 27, status="signed", district="unknown:某市", scope="city"),
        _p("30家", 30, "count", "enterprises", 40, year=None),
        _p("6.5%", 6.5, "percent", "growth", 50),  # set aside: a growth rate
        _p("10万吨", 1e5, "t", "production", 55),  # set aside: a physical unit
        _p("9亩", 6000, "m2", "land_area", 70),  # extra
    ]
    fs = score_file("a.txt", ARTICLE, gold, preds, len(ARTICLE))
    assert fs.set_aside == 2
    assert [(p.gold["start"], p.pred["start"]) for p in fs.pairs] == [(20, 20), (27, 27), (40, 40)]
    assert [g["start"] for g in fs.excused] == [6] and [g["raw"] for g in fs.missed] == ["7个"]
    assert [p["raw"] for p in fs.extra] == ["9亩"]
    assert summary([fs]) == {
        "files": 1,
        "gold": 4,
        "predicted": 4,
        "matched": 3,
        "precision": 0.75,
        "recall": 0.75,
        "core_recall": 0.75,
        "metric_agreement": 1.0,
        "status_agreement": 0.667,
        "year_agreement": 0.667,
        "district_agreement": 0.667,
        "scope_agreement": 0.667,
    }


def test_an_added_metric_code_is_scored_as_the_contract_s():
    gold = [_g("3亿元", 3e8, "CNY", "other", start=0)]
    fs = score_file("a.txt", "x" * 50, gold, [_p("3亿元", 3e8, "CNY", "profit", 0)], 50)
    assert fs.pairs[0].agree["metric"] is True


def test_bad_gold_and_manifest_name_their_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_g("1个", 1, "count", "projects")) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"gold.jsonl:2: not a gold fact"):
        read_gold(gold)
    man = tmp_path / "m.csv"
    man.write_text("file,published\na.txt,2024-13-01\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"m.csv:2: bad date '2024-13-01': month must be in 1..12"):
        read_dates(man)


def test_cli_scores_an_article(tmp_path):
    art = tmp_path / "articles"
    art.mkdir()
    (art / "a.txt").write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("58亿元")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_g("58亿元", 58e8, "CNY", "investment", status="signed", start=start), ensure_ascii=False) + "\n")
    (tmp_path / "m.csv").write_text("file,published\na.txt,2024-05-01\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "etl", "evaluate", str(gold), str(art), "--manifest", str(tmp_path / "m.csv"), "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    got = json.loads(p.stdout)
    assert (got["gold"], got["matched"], got["recall"], got["status_agreement"], got["metric_agreement"]) == (1, 1, 1.0, 1.0, 1.0)
    assert got["predicted"] == 3  # 12个 (once: the headline repeat is dropped), 58亿元, 30家; not 6.5% nor 10万吨

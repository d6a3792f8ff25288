"""Articles in other styles and places, written for these tests (tests/corpus): a work
report, a news brief with ranges and dollars, a Big5 Traditional text, a GBK numbered list.
Expected facts are read off the texts by hand. Precision and recall on money, area and
project-count figures must clear 0.95 and 0.9."""

import json
import subprocess
import sys

import pytest

from etl.paths import ROOT

FIX = ROOT / "tests" / "corpus"
MU = 10000 / 15

# file -> [(raw, value, unit, metric, status, year, district)]
EXPECTED = {
    "cities_and_districts.txt": [
        ("5140.6亿元", 5140.6e8, "CNY", "gdp", "actual", 2023, "unknown:昆山市"),
        ("1.1万亿元", 1.1e12, "CNY", "industrial_output", "actual", 2023, "unknown:昆山市"),
        ("180亿元", 180e8, "CNY", "investment", "actual", 2024, "unknown:余杭区"),
        ("1200亿元", 1200e8, "CNY", "investment", "actual", 2024, "unknown:杭州"),  # 杭州全市…: the city's
    ],
    "tricky_report.txt": [  # 某某区2023年经济运行情况: achieved figures with no year of their own are 2023's
        ("128个", 128, "count", "projects", "actual", 2023, None),
        ("356.8亿元", 356.8e8, "CNY", "investment", "actual", 2023, None),
        ("45个", 45, "count", "projects", "actual", 2023, None),
        ("32个", 32, "count", "projects", "actual", 2023, None),
        ("30平方公里", 30e6, "m2", "land_area", "plan", None, None),
        ("12平方公里", 12e6, "m2", "land_area", "actual", 2023, None),
        ("150亩", 150 * MU, "m2", "land_area", "actual", 2023, None),
        ("12万平方米", 12e4, "m2", "floor_area", "actual", 2023, None),
        # a project's total (and its phase's) is planned, for no one year, even in a year's report
        ("15亿元", 15e8, "CNY", "investment", "plan", None, None),
        ("8亿元", 8e8, "CNY", "investment", "plan", None, None),
        ("百亿元", 1e10, "CNY", "revenue", "target", None, None),
        # the signings a 2023 report reports are 2023's (year.signing_reported)
        ("28个", 28, "count", "projects", "signed", 2023, None),
        ("435亿元", 435e8, "CNY", "investment", "signed", 2023, None),
        ("2个", 2, "count", "projects", "signed", 2023, None),
        ("1.2亿美元", 1.2e8, "USD", "investment", "plan", None, None),
        ("80公顷", 80e4, "m2", "land_area", None, 2023, None),
        ("20万平方米", 20e4, "m2", "floor_area", None, 2023, None),
        ("5000万元至1亿元", 5e7, "CNY", "investment", None, 2023, None),
        ("30亿至50亿元", 3e9, "CNY", "output_value", "target", None, None),  # 年产值可达: a projection
        ("2.5万m2", 2.5e4, "m2", "floor_area", None, 2023, None),
        ("10.5亿人民币", 10.5e8, "CNY", "investment", "plan", None, None),
    ],
    "report_jiangning.txt": [
        ("3050.2亿元", 3050.2e8, "CNY", "gdp", "actual", 2023, "unknown:江宁区"),
        ("236亿元", 236e8, "CNY", "tax_revenue", "actual", 2023, "unknown:江宁区"),
        ("1200亿元", 1200e8, "CNY", "investment", "actual", 2023, "unknown:江宁区"),
        ("480亿元", 480e8, "CNY", "investment", "actual", 2023, "unknown:江宁区"),
        ("156个", 156, "count", "projects", "signed", 2023, "unknown:江宁区"),
        ("2000亿元", 2000e8, "CNY", "investment", "signed", 2023, "unknown:江宁区"),
        ("3300亿元", 3300e8, "CNY", "gdp", "target", 2024, "unknown:江宁区"),
    ],
    "news_hefei.txt": [
        ("20-30亿元", 20e8, "CNY", "investment", "signed", 2024, "unknown:合肥高新区"),  # 近日: about publication
        ("200亩", 200 * MU, "m2", "land_area", "plan", None, "unknown:合肥高新区"),
        ("50亿元", 50e8, "CNY", "output_value", "target", None, "unknown:合肥高新区"),
        # 另一外资项目…: the same paragraph, opened by 近日
        ("1.2亿美元", 1.2e8, "USD", "investment", None, 2024, "unknown:合肥高新区"),
        ("5.6万平方米", 5.6e4, "m2", "floor_area", None, 2024, "unknown:合肥高新区"),
    ],
    "big5_nanshan.txt": [
        ("8035亿元", 8035e8, "CNY", "gdp", "actual", 2022, "unknown:深圳市南山区"),
        ("1.3万亿元", 1.3e12, "CNY", "industrial_output", "actual", 2022, "unknown:深圳市南山区"),
        ("11.5平方公里", 11.5e6, "m2", "land_area", "actual", None, "unknown:深圳市南山区"),
    ],
    "list_style_gbk.txt": [
        # 全年引进项目八十五个…: the whole of last year, in a February article
        ("八十五个", 85, "count", "projects", "actual", 2023, None),
        ("十二个", 12, "count", "projects", "actual", 2023, None),
        ("四十五亿元", 45e8, "CNY", "investment", "actual", 2023, None),
        ("二十万平方米", 20e4, "m2", "floor_area", "actual", None, None),
        ("一千二百亩", 1200 * MU, "m2", "land_area", "actual", None, None),
        ("500亿元", 500e8, "CNY", "value_added", "target", 2025, None),
    ],
}


def extract(name):
    p = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(FIX / name), "--published", "2024-02-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()]


@pytest.fixture(scope="module")
def extracted():
    return {name: extract(name) for name in EXPECTED}


def _in_scope(f):
    return f["unit"] in ("CNY", "USD", "EUR", "HKD", "m2") or f["metric"] == "projects"


def test_precision_and_recall(extracted):
    tp = fp = fn = 0
    for name, expected in EXPECTED.items():
        got = {(f["raw"], f["metric"]): f for f in extracted[name] if _in_scope(f)}
        want = {(e[0], e[3]): e for e in expected}
        for key, e in want.items():
            if key in got and got[key]["value"] == pytest.approx(e[1]) and got[key]["unit"] == e[2]:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for key in got if key not in want)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_year_and_place(extracted, name):
    got = {(f["raw"], f["metric"]): f for f in extracted[name]}
    for raw, _value, _unit, metric, status, year, district in EXPECTED[name]:
        f = got[(raw, metric)]
        if status:
            assert f["status"] == status, (raw, f["status"])
        assert f["year"] == year, (raw, f["year"])
        assert f["district"] == district, (raw, f["district"])


def test_range_keeps_both_ends(extracted):
    f = next(f for f in extracted["news_hefei.txt"] if f["raw"] == "20-30亿元")
    assert (f["value"], f["value_high"], f["qualifier"]) == (2e9, 3e9, "exact")


def test_dollars_are_not_yuan(extracted):
    f = next(f for f in extracted["news_hefei.txt"] if f["raw"] == "1.2亿美元")
    assert (f["unit"], f["value"]) == ("USD", 1.2e8)


def test_city_figure_in_a_district_article_is_the_city_s(extracted):
    # the contract: a city's own figures are the city's, never those of a county named elsewhere
    f = next(f for f in extracted["cities_and_districts.txt"] if f["raw"] == "1200亿元")
    assert (f["district"], f["scope"], f["entity"]) == ("unknown:杭州", "city", "杭州")

"""Chart hover text and the benchmark table: article text shown as text, falls kept out of ratios."""

import html

import numpy as np
import pandas as pd

from dashboard import analysis, charts

HOSTILE = "<a href='javascript:alert(1)'>点此</a><b>粗</b> 投资5亿元"


def test_article_text_in_a_hover_is_escaped_not_rendered():
    wrapped = charts._wrap(HOSTILE, width=10)
    assert "<a" not in wrapped and "<b>" not in wrapped
    assert wrapped.startswith("&lt;a href='j<br>avascript:<br>alert(1)'&gt;<br>")
    # nothing lost: the text comes back once the entities are read (wrapping only drops spaces)
    assert html.unescape(wrapped.replace("<br>", "")).replace(" ", "") == HOSTILE.replace(" ", "")
    # an entity is never cut in half by the wrapping
    assert all(not part.endswith(("&", "&l", "&lt")) for part in wrapped.split("<br>"))


def _headline(rows):
    base = {"unit": "percent", "scope": "district", "year": 2024, "status": "actual", "raw": "x", "quote": "q"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_benchmark_ratio_left_blank_for_a_fall():
    head = _headline(
        [
            {"district": "a", "metric": "growth", "of_metric": "gdp", "value": -3.2, "raw": "3.2%", "quote": HOSTILE},
            {"district": "b", "metric": "growth", "of_metric": "gdp", "value": 4.0},
            {"district": "c", "metric": "growth", "of_metric": "gdp", "value": 6.0},
        ]
    )
    table = analysis.benchmark(head, "a", ["b", "c"], "en")
    got = {r.district: (r.rank, r.ratio) for r in table.itertuples()}
    assert got["a"][0] == 3 and np.isnan(got["a"][1])  # ranked last, no ratio to a positive median
    assert got["b"] == (2, 0.8) and got["c"] == (1, 1.2)  # median of the peers: 5.0
    hover = table.loc[table["district"] == "a", "hover"].iloc[0]
    assert "<a" not in hover and "&lt;a href=" in hover


def test_benchmark_compares_growth_rates_of_the_same_metric_only():
    head = _headline(
        [
            {"district": "a", "metric": "growth", "of_metric": "gdp", "value": 5.1},
            {"district": "b", "metric": "growth", "of_metric": "gdp", "value": 6.0},
            {"district": "b", "metric": "growth", "of_metric": "fdi", "value": 52.0},
            {"district": "c", "metric": "growth", "of_metric": "fdi", "value": 48.0},
        ]
    )
    table = analysis.benchmark(head, "a", ["b", "c"], "en")
    # b's GDP growth is a's peer; the FDI growth rates are nobody's: a reports none
    assert table[["metric_label", "district", "rank", "ratio", "comparable"]].values.tolist() == [
        ["Growth rate: GDP", "b", 1, 1.0, "comparable"],  # the peers' median is b's 6.0
        ["Growth rate: GDP", "a", 2, 0.85, "comparable"],
    ]
    zh = analysis.benchmark(head, "a", ["b", "c"], "zh")
    assert zh["metric_label"].tolist() == ["增速:地区生产总值", "增速:地区生产总值"]


def test_benchmark_shows_mixed_measures_without_rank_or_ratio():
    head = _headline(
        [
            {"district": "a", "metric": "share", "value": 15.3, "raw": "15.3%"},
            {"district": "b", "metric": "share", "value": 66.67, "raw": "2/3"},
            {"district": "a", "metric": "growth", "value": 8.0},  # growth of what: the text did not say
            {"district": "b", "metric": "growth", "value": 9.0},
        ]
    )
    table = analysis.benchmark(head, "a", ["b"], "en")
    verdict = "Not comparable: each article measures something else: not ranked, read the quotes"
    assert table[["metric", "district", "display", "comparable"]].values.tolist() == [
        ["growth", "b", "9%", verdict],
        ["growth", "a", "8%", verdict],
        ["share", "b", "66.67%", verdict],
        ["share", "a", "15.3%", verdict],
    ]
    assert table["rank"].isna().all() and table["ratio"].isna().all()
    # the ratio chart draws only ranked figures: here none
    fig = charts.benchmark_figure(table, "en", "a")
    assert len(fig.data) == 0


def test_benchmark_leaves_value_added_and_output_value_unranked():
    # 规上工业增加值 beside 第三产业增加值, one cluster's 产值 beside a district's: not one measure
    figures = [("value_added", None, 1.0e11, 1.1e11), ("growth", "value_added", 8.1, 6.0), ("output_value", None, 3e10, 5e10)]
    head = _headline(
        [
            {"district": d, "metric": metric, "of_metric": of, "unit": "percent" if metric == "growth" else "CNY", "value": v}
            for metric, of, va, vb in figures
            for d, v in (("a", va), ("b", vb))
        ]
    )
    table = analysis.benchmark(head, "a", ["b"], "en")
    assert len(table) == 6 and table["rank"].isna().all() and table["ratio"].isna().all()
    assert set(table["metric_label"]) == {"Value added", "Growth rate: Value added", "Output value"}


def test_benchmark_leaves_enterprise_counts_and_floor_areas_unranked():
    # 国际知名品牌585个 beside 8家企业升规入库; a 3100平方米 centre beside a park's 7万余平方米 of buildings
    figures = [("enterprises", "count", 585.0, 8.0), ("floor_area", "m2", 3100.0, 70000.0), ("investment", "CNY", 1.52e10, 5.2e9)]
    head = _headline(
        [
            {"district": d, "metric": metric, "unit": unit, "value": v}
            for metric, unit, va, vb in figures
            for d, v in (("a", va), ("b", vb))
        ]
    )
    table = analysis.benchmark(head, "a", ["b"], "en")
    ranked = table[table["rank"].notna()]
    assert ranked[["metric", "district", "rank"]].values.tolist() == [["investment", "a", 1], ["investment", "b", 2]]
    assert table[table["metric"] != "investment"]["ratio"].isna().all()


def test_benchmark_says_a_peer_s_figure_has_no_year():
    head = _headline(
        [
            {"district": "a", "metric": "investment", "unit": "CNY", "status": "signed", "value": 52e8, "year": 2023},
            {"district": "b", "metric": "investment", "unit": "CNY", "status": "signed", "value": 152e8, "year": None},
            {"district": "c", "metric": "investment", "unit": "CNY", "status": "signed", "value": 250e8, "year": 2023},
        ]
    )
    table = analysis.benchmark(head, "a", ["b", "c"], "zh").set_index("district")
    # an undated peer figure is the nearest there is: compared, and the table says it has no year
    assert table.loc["b", "comparable"] == "可比 (最近年份: 未注明)"
    assert table.loc["c", "comparable"] == "可比"
    assert table["rank"].to_dict() == {"c": 1, "b": 2, "a": 3}

"""Figures in physical units (万吨, 万千瓦, 亿千瓦时 …) from the ETL to the output page's panel:
the query, its parameters, the figure (one panel per unit) and the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import catalog, charts
from dashboard import queries as q


@pytest.fixture(scope="module")
def energy_warehouse(fixture_warehouse) -> Path:
    return fixture_warehouse("energy", [("energy", "county_energy.txt", "unknown:寿光市", "2026-01-20")])


def test_physical_query_is_parameterized():
    sql, params = q.physical_facts(q.Filters(districts=("unknown:寿光市",)))
    assert "list_contains(?::VARCHAR[], f.unit)" in sql and sql.endswith("ORDER BY f.unit, f.district, f.value DESC, f.fact_id")
    assert params[0] == "unknown:寿光市" and params[-1] == ["t", "kW", "kWh", "km", "m3", "TEU"]


def test_physical_figures_from_the_article(energy_warehouse):
    con = q.connect(energy_warehouse)
    df = q.run(con, q.physical_facts(q.Filters(districts=("unknown:寿光市",))))
    # 年产蔬菜450万吨, 年交易量达到900万吨, 装机容量50万千瓦, 年发电量约6亿千瓦时 (read off the article)
    assert list(zip(df["raw"], df["unit"], df["value"], df["metric"])) == [
        ("50万千瓦", "kW", 500_000.0, "other"),
        ("6亿千瓦时", "kWh", 600_000_000.0, "production"),
        ("900万吨", "t", 9_000_000.0, "other"),
        ("450万吨", "t", 4_500_000.0, "production"),
    ]
    # the money output chart never shows them
    assert not set(q.run(con, q.output_facts(q.Filters(districts=("unknown:寿光市",))))["unit"]) - {"CNY"}


def test_one_panel_per_unit_in_the_reader_s_units(energy_warehouse):
    con = q.connect(energy_warehouse)
    chart = catalog.physical_chart(lambda query: q.run(con, query), q.Filters(districts=("unknown:寿光市",)), "zh")
    assert not chart.empty and chart.doc_ids == ["energy"]
    fig = chart.fig
    assert [a.text for a in fig.layout.annotations] == ["万千瓦", "亿千瓦时", "万吨"]
    # one bar per figure, in 万千瓦 / 亿千瓦时 / 万吨, in its unit's panel (x, x2, x3)
    assert [(tr.xaxis, list(tr.y), list(tr.x)) for tr in fig.data] == [
        ("x", ["寿光市 · 其他 · 未注明 · 50万千瓦"], [50.0]),
        ("x2", ["寿光市 · 产量 · 未注明 · 6亿千瓦时"], [6.0]),
        ("x3", ["寿光市 · 产量 · 未注明 · 450万吨", "寿光市 · 寿光农产品物流园 · 其他 · 2025 · 900万吨"], [450.0, 900.0]),
    ]
    assert [tr.showlegend for tr in fig.data] == [True, False, False]  # one legend entry per status
    en = catalog.physical_chart(lambda query: q.run(con, query), q.Filters(districts=("unknown:寿光市",)), "en")
    assert [a.text for a in en.fig.layout.annotations] == ["MW", "GWh", "t"]


def test_empty_physical_figure_says_so():
    import pandas as pd

    fig = charts.physical_figure(pd.DataFrame(), "en")
    assert fig.layout.annotations[0].text == "No figure in physical units (tonnes, kWh …) under these filters."


def test_the_output_page_shows_the_physical_panel(energy_warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from etl.paths import ROOT

    monkeypatch.setenv("DISTRICTS_WAREHOUSE", str(energy_warehouse))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["d"] = "unknown:寿光市"
    at.run()
    at.switch_page("pages/output.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.main.header] == ["目标与实际对比", "实物产量与能力"]
    assert len(at.get("plotly_chart")) == 3  # money output, targets against actuals, physical units

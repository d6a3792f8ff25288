"""A warehouse of places outside the gazetteer (fixtures written for these tests): the
dashboard opens on them, and a province's or the country's figures never stand for a district's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import queries as q
from dashboard.filters import default_districts

ARTICLES = [
    ("energy", "county_energy.txt", "unknown:寿光市", "2026-01-20"),
    ("nj", "city_bulletin_respectively.txt", "unknown:玄武区", "2025-10-25"),
    ("lx", "press_conference.txt", "unknown:历下区", "2025-12-28"),
]


@pytest.fixture(scope="module")
def other_warehouse(fixture_warehouse) -> Path:
    return fixture_warehouse("other", ARTICLES)


def test_default_districts():
    dists = pd.DataFrame(
        {
            "id": ["suzhou-sip", "weifang-kuiwen", "unknown:a", "unknown:b"],
            "in_gazetteer": [True, True, False, False],
            "n_docs": [1, 0, 1, 2],
            "n_facts": [5, 0, 9, 3],
        }
    )
    assert default_districts(dists) == ["suzhou-sip"]  # the gazetteer's with articles
    none_here = dists.assign(n_docs=[0, 0, 1, 2], n_facts=[0, 0, 9, 3])
    assert default_districts(none_here) == ["unknown:a", "unknown:b"]  # most facts first


def test_headline_never_takes_a_province_s_figure(other_warehouse):
    con = q.connect(other_warehouse)
    f = q.Filters(districts=("unknown:历下区",), statuses=("actual",))
    sql, params = q.benchmark_candidates(f)
    assert "AND f.scope NOT IN ('province', 'national') " in sql and params[-1] == "unknown:历下区"
    head = q.run(con, (sql, params))
    # 全省地区生产总值突破10万亿元 (the province) is larger, but 历下区's own is 2450亿元
    assert head.loc[head["metric"] == "gdp", "raw"].tolist() == ["2450亿元"]
    # 今年全国规模以上工业增加值增长5.8% is the country's: no headline is a province's or the country's
    assert set(head["scope"]) == {"district"}


def test_the_app_opens_on_the_places_it_has(other_warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from etl.paths import ROOT

    monkeypatch.setenv("DISTRICTS_WAREHOUSE", str(other_warehouse))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    chosen = at.sidebar.multiselect[0].value
    # no gazetteer district has an article: the districts with the most facts, most first
    assert chosen[:2] == ["unknown:历下区", "unknown:寿光市"] and "suzhou-sip" not in chosen
    body = " ".join(m.value for m in at.markdown)
    # 历下区's largest output figure of its own, not the province's 10万亿元
    assert "**最大产值数据:** 2,600亿元 (2600亿元 · 地区生产总值 · 目标 · 区县 · 2026)" in body and "10万亿元" not in body


def test_benchmark_page_compares_growth_by_what_grew(other_warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from etl.paths import ROOT

    monkeypatch.setenv("DISTRICTS_WAREHOUSE", str(other_warehouse))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.sidebar.multiselect[0].set_value(["unknown:历下区", "unknown:玄武区"]).run()
    at.switch_page("pages/benchmark.py").run()
    assert not at.exception, [e.value for e in at.exception]
    df = at.dataframe[0].value.set_index(["指标", "区县"])
    # 历下区 2025: 地区生产总值…增长6.1%; 玄武区: …分别增长5.6%和4.9% (the second place's)
    gdp_growth = df.loc["增速:地区生产总值"]
    assert gdp_growth["数值"].tolist() == ["6.1%", "4.9%"] and gdp_growth["与对比区县中位数之比"].tolist() == [1.2449, 1.0]
    assert gdp_growth["可比性"].tolist() == ["可比", "可比"]
    # 实际使用外资…同比增长1.5倍 is not set beside anyone's GDP growth
    assert df.loc[("增速:利用外资", "历下区"), "可比性"] == "不可比: 对比区县无此指标"
    # 占比 (25% of what?): shown, not ranked
    share = df.loc[("占比", "历下区")]
    assert pd.isna(share["排名"]) and share["可比性"] == "不可比: 各篇所测对象不同,不排名,请读原文"

import duckdb
import pandas as pd
import pytest

from dashboard import queries as q

ALL6 = ("suzhou-sip", "weifang-kuiwen", "changzhi-tunliu", "jinan-shizhong", "chengdu-jinjiang", "xuzhou-quanshan")


@pytest.fixture(scope="module")
def con(warehouse):
    return q.connect(warehouse)


def test_where_is_parameterized():
    sql, params = q.where(q.Filters(districts=("xuzhou-quanshan",), year_min=2020, year_max=2024, include_undated=False))
    assert sql == (
        "f.district IN (?) AND list_contains(?::VARCHAR[], f.status) "
        "AND list_contains(?::VARCHAR[], f.scope) AND ((f.year BETWEEN ? AND ?) OR (? AND f.year IS NULL))"
    )
    assert params == ["xuzhou-quanshan", ["actual", "target", "plan", "signed"], list(q.SCOPES), 2020, 2024, False]
    two, _ = q.where(q.Filters(districts=("a", "b")))
    assert two.startswith("f.district IN (?, ?) AND")
    none, params = q.where(q.Filters(districts=()))
    assert none.startswith("f.district IN (NULL) AND") and params[0] == ["actual", "target", "plan", "signed"]


def test_hostile_filter_values_stay_values(con):
    evil = "x') OR 1=1; DROP TABLE facts; --"
    f = q.Filters(districts=(evil,))
    sql, params = q.facts(f, search=evil)
    assert evil not in sql and params[0] == evil and params[-1] == evil
    assert q.run(con, (sql, params)).empty
    assert q.run(con, ("SELECT count(*) AS n FROM facts", [])).n[0] > 0


def test_facts_search(con):
    sql, params = q.facts(q.Filters(districts=ALL6), search="冷链")
    assert sql.endswith(
        "AND (contains(f.quote, ?) OR contains(coalesce(f.entity, ''), ?) OR contains(f.raw, ?)) ORDER BY f.district, f.doc_id, f.start"
    )
    assert params[-3:] == ["冷链", "冷链", "冷链"]
    df = q.run(con, (sql, params))
    assert df["raw"].tolist() == ["220个", "20亿元"]


def test_investment_totals_for_quanshan(con):
    df = q.run(con, q.investment_totals(q.Filters(districts=("xuzhou-quanshan",))))
    got = {(r.status, r.scope): (r.value, r.n_facts) for r in df.itertuples()}
    # read from the article: 52亿元 signed at the 2023 conference; the total investments of three projects
    # (50亿元 and 3.2亿元 under way, 20亿元 to come) are planned: a project's total is, even once building has started
    assert got == {("signed", "district"): (52e8, 1), ("plan", "project"): (73.2e8, 3)}


def test_status_and_year_filters(con):
    f = q.Filters(districts=ALL6, statuses=("target",), year_min=2028, year_max=2028, include_undated=False)
    df = q.run(con, q.output_facts(f))
    assert sorted(df["raw"]) == ["1000亿元", "500余亿元"]
    assert set(df["district"]) == {"jinan-shizhong"}


def test_no_district_means_nothing(con):
    assert q.run(con, q.facts(q.Filters(districts=()))).empty


def test_largest_investments(con):
    df = q.run(con, q.largest_investments(q.Filters(districts=ALL6), limit=3))
    assert df["raw"].tolist() == ["520亿元", "250.42亿元", "166亿"]
    sql, params = q.largest_investments(q.Filters(districts=ALL6), limit=3)
    assert params[-1] == 3 and sql.endswith("ORDER BY f.value DESC, f.fact_id LIMIT ?")


def test_city_figures_stay_out_of_the_treemap(con):
    df = q.run(con, q.investment_leaves(q.Filters(districts=ALL6)))
    assert "city" not in set(df["scope"])


def test_cluster_mentions_include_kuiwen(con):
    df = q.run(con, q.cluster_mentions(q.Filters(districts=("weifang-kuiwen",))))
    top = df.sort_values("mentions", ascending=False).iloc[0]
    assert top["cluster"] == "emergency_safety" and top["mentions"] >= 5


def test_district_summary_keeps_districts_without_facts(con):
    f = q.Filters(districts=("weifang-kuiwen", "xuzhou-quanshan"))
    sql, params = q.district_summary(f, status="plan", scope="project")
    w = q.where(f)[1]
    assert params == [*w, "plan", "project", "plan", "project", *w, ["weifang-kuiwen", "xuzhou-quanshan"]]
    df = q.run(con, (sql, params))
    rows = {r.district: (r.n_facts, r.status, r.scope, r.investment, r.n_investment) for r in df.itertuples()}
    # Quanshan's three projects' planned totals (50 + 20 + 3.2亿), its 52亿 signed left out
    assert rows == {"weifang-kuiwen": (0, "plan", "project", 0.0, 0), "xuzhou-quanshan": (17, "plan", "project", 73.2e8, 3)}
    df = q.run(con, q.district_summary(f))  # signed and the district's own by default
    assert df.set_index("district")["investment"].to_dict() == {"weifang-kuiwen": 0.0, "xuzhou-quanshan": 52e8}


def test_benchmark_candidates_and_the_focal_figure(con):
    from dashboard import analysis

    f = q.Filters(districts=("chengdu-jinjiang",))
    sql, params = q.benchmark_candidates(f)
    # ranked on key columns in a CTE; the district list is bound twice (CTE and outer scan)
    assert sql.startswith("WITH pick AS (SELECT f.fact_id FROM facts f WHERE f.district IN (?) AND")
    assert "PARTITION BY f.district, f.metric, f.of_metric, f.unit, f.scope, f.status, f.year ORDER BY f.value DESC" in sql
    assert sql.endswith("WHERE f.district IN (?) ORDER BY f.metric, f.district, f.scope, f.status, f.year, f.fact_id")
    assert params == [*q.where(f)[1], "chengdu-jinjiang"]
    df = q.run(con, (sql, params))
    assert df.groupby(["district", "metric", "unit", "scope", "status", "year"], dropna=False).size().max() == 1
    inv = df[df["metric"] == "investment"]
    # the largest planned figure (71亿 of 13, 71, 8, 13), the signed 152亿 and the 2022 target
    assert sorted(zip(inv["status"], inv["raw"])) == [("plan", "71亿元"), ("signed", "152亿元"), ("target", "105亿元")]
    # Jinjiang's investment is the 152亿元 signed, never the target for 2022 (105亿元)
    table = analysis.benchmark(df, "chengdu-jinjiang", [], "zh")
    row = table[table["metric"] == "investment"].iloc[0]
    assert (row["raw"], row["status"], row["comparable"]) == ("152亿元", "signed", "不可比: 对比区县无此指标")
    assert pd.isna(row["rank"])  # no peer reports it: no rank 1 of 1


def test_connection_is_locked(con):
    with pytest.raises(duckdb.PermissionException):
        con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    with pytest.raises(duckdb.Error, match="lock"):
        con.execute("SET enable_external_access = true")


def test_facts_count_wraps_the_same_query(con):
    f = q.Filters(districts=ALL6)
    sql, params = q.facts_count(f, search="冷链")
    inner, inner_params = q.facts(f, search="冷链")
    assert sql == f"SELECT count(*) AS n FROM ({inner})" and params == inner_params
    assert q.run(con, (sql, params))["n"][0] == 2


def test_figure_lists_have_a_fixed_order():
    # equal values are ordered by fact id, so a chart and its export come out the same every time
    f = q.Filters(districts=ALL6)
    assert q.output_facts(f)[0].endswith("ORDER BY f.district, f.value DESC, f.fact_id")
    assert q.investment_leaves(f)[0].endswith("ORDER BY f.value DESC, f.fact_id")


def test_fact_rules_query():
    assert q.fact_rules("abc") == (
        "SELECT metric, status, year, district, scope, entity, cluster, value, rules FROM facts WHERE fact_id = ?",
        ["abc"],
    )

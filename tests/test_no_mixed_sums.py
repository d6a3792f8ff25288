"""Nothing in the app adds statuses, scopes or units together: a signed sum is never added to a
planned one, a district's total never to its projects', yuan never to square metres.

The seeds' facts are copied into every status, every scope and three units (so that every query
has something to mix). Then, for each status in turn, every other status's values are set to
zero and every query and chart is run again; then the same for each scope and each unit. A row
of a result (named by its non-numeric columns) may carry a non-zero value in one status's run
only (one scope's, one unit's): a value non-zero in two runs was added from both.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import catalog
from dashboard import queries as q

DISTRICTS = ("chengdu-jinjiang", "xuzhou-quanshan", "jinan-shizhong", "changzhi-tunliu", "suzhou-sip", "weifang-kuiwen")
F = q.Filters(districts=DISTRICTS)
VALUE_COLUMNS = ("value", "value_high", "investment", "actual_value", "target_value", "shown")
KEY_COLUMNS = (
    "fact_id",
    "district",
    "metric",
    "of_metric",
    "status",
    "scope",
    "unit",
    "cluster",
    "entity",
    "year",
    "raw",
    "doc_id",
    "key",
    "bar",
)
UNITS = ("CNY", "USD", "m2")


@pytest.fixture(scope="module")
def con(warehouse):
    con = q.connect(warehouse)
    statuses = ", ".join(f"('{s}')" for s in q.STATUSES)
    scopes = ", ".join(f"('{s}')" for s in q.SCOPES)
    units = ", ".join(f"('{u}')" for u in UNITS)
    con.execute(
        "CREATE TABLE seed_facts AS SELECT * FROM facts WHERE metric IN ('investment', 'industrial_output', 'gdp', 'revenue')"
    )
    con.execute(
        "INSERT INTO facts SELECT seed_facts.* REPLACE (st AS status, sc AS scope, un AS unit, "
        "fact_id || '-' || st || '-' || sc || '-' || un AS fact_id) "
        f"FROM seed_facts, (VALUES {statuses}) s(st), (VALUES {scopes}) c(sc), (VALUES {units}) u(un) "
        "WHERE NOT (status = st AND scope = sc AND unit = un)"
    )
    con.execute("CREATE TABLE original_values AS SELECT fact_id, value, value_high FROM facts")
    return con


GROUPS = [("status", s) for s in q.STATUSES] + [("scope", s) for s in q.SCOPES] + [("unit", u) for u in UNITS]


def _only(con, group) -> None:
    """Every fact outside ``group`` (a status, a scope or a unit) has value zero."""
    column, code = group
    con.execute(
        f"UPDATE facts SET value = CASE WHEN {column} = ? THEN o.value ELSE 0 END, "
        f"value_high = CASE WHEN {column} = ? THEN o.value_high ELSE NULL END "
        "FROM original_values o WHERE o.fact_id = facts.fact_id",
        [code, code],
    )


def _queries():
    out = {
        "facts": q.facts(F),
        "output_facts": q.output_facts(F),
        "physical_facts": q.physical_facts(F),
        "targets_vs_actuals": q.targets_vs_actuals(F),
        "investment_totals": q.investment_totals(F),
        "largest_investments": q.largest_investments(F, limit=10_000),
        "investment_leaves": q.investment_leaves(F),
        "benchmark_candidates": q.benchmark_candidates(F),
        **{f"cluster_money/{s}": q.cluster_money(F, status=s) for s in q.STATUSES},
        **{
            f"district_summary/{s}/{c}": q.district_summary(F, status=s, scope=c)
            for s in q.STATUSES
            for c in ("district", "project")
        },
    }
    return out


def _charts(fetch):
    out = {}
    for key, build in catalog.CHARTS.items():
        if key == "map":
            for s, c in (("signed", "district"), ("plan", "project")):  # the query's other choices are run above
                out[f"map/{s}/{c}"] = build(fetch, F, "zh", status=s, scope=c).data
        elif key == "cluster_money":
            out["cluster_money/signed"] = build(fetch, F, "zh").data
        elif key == "benchmark":
            for focal in DISTRICTS[:2]:
                out[f"benchmark/{focal}"] = build(fetch, F, "zh", focal=focal).data
        else:
            out[key] = build(fetch, F, "zh").data
    return out


def _treemap_nodes(fetch) -> pd.DataFrame:
    tr = catalog.treemap_chart(fetch, F, "zh").fig.data[0]
    return pd.DataFrame({"key": list(tr.ids), "value": list(tr.values)})


def _cells(name: str, df: pd.DataFrame) -> dict:
    """(result, row key, value column) -> value, for every non-zero value."""
    cells = {}
    if df is None or df.empty:
        return cells
    keys = [c for c in KEY_COLUMNS if c in df.columns]
    for col in (c for c in VALUE_COLUMNS if c in df.columns):
        for row_key, v in zip(df[keys].astype(str).itertuples(index=False, name=None), df[col]):
            if pd.notna(v) and float(v) != 0.0:
                cells[(name, row_key, col)] = v
    return cells


def test_no_query_or_chart_adds_statuses_scopes_or_units(con):
    def fetch(query):
        return q.run(con, query)

    seen: dict = {}
    assert con.execute("SELECT count(DISTINCT (status, scope, unit)) FROM facts").fetchone()[0] >= 4 * 7 * 3
    for group in GROUPS:
        _only(con, group)
        results = {name: fetch(query) for name, query in _queries().items()}
        results.update(_charts(fetch))
        results["treemap_nodes"] = _treemap_nodes(fetch)
        for cell in {c for name, df in results.items() for c in _cells(name, df)}:
            seen.setdefault((group[0], *cell), []).append(group)
    mixed = {cell: gs for cell, gs in seen.items() if len(gs) > 1}
    assert not mixed, list(mixed.items())[:5]
    # and the check can fail: a sum over statuses is caught
    for column in ("status", "scope", "unit"):
        seen = {}
        for group in (g for g in GROUPS if g[0] == column):
            _only(con, group)
            df = fetch(
                (
                    f"SELECT district, {', '.join(c for c in ('status', 'scope', 'unit') if c != column)}, sum(value) AS value FROM facts GROUP BY ALL",
                    [],
                )
            )
            for cell in _cells("bad", df):
                seen.setdefault(cell, []).append(group)
        assert any(len(gs) > 1 for gs in seen.values()), column

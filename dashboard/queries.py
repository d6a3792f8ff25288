"""Query layer: DuckDB over the warehouse Parquet, parameterized SQL only, no Streamlit.

Every query builder returns ``(sql, params)`` so tests can assert both; ``run`` executes one
on a cursor of the shared read-only connection and returns a DataFrame.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.sql_worker import REMOTE, TABLES, table_source
from etl.schema import PHYSICAL_UNITS

OUTPUT_METRICS = ("industrial_output", "output_value", "gdp", "value_added", "revenue", "retail_sales")
STATUSES = ("actual", "target", "plan", "signed")
SCOPES = ("district", "zone", "project", "town", "city", "national", "province")

Query = tuple[str, list]


@dataclass(frozen=True)
class Filters:
    districts: tuple[str, ...]
    year_min: int = 1949
    year_max: int = 2100
    include_undated: bool = True
    statuses: tuple[str, ...] = STATUSES
    scopes: tuple[str, ...] = SCOPES
    checked_only: bool = False  # only figures a reviewer checked or corrected (facts.checked_by)
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def connect(warehouse: Path | str, memory_limit: str | None = None, mode: str | None = None) -> duckdb.DuckDBPyConnection:
    """The dashboard's connection. ``memory`` (small local warehouses): the tables are loaded
    into memory and the connection is locked (no file or network access, no configuration
    changes). ``view`` (partitioned or remote warehouses): views over the Parquet, so DuckDB
    prunes (province, year) partitions and reads only what a query needs; user input never
    reaches this connection (parameters only), the SQL page has its own sandbox."""
    memory_limit = memory_limit or os.environ.get("DISTRICTS_DUCKDB_MEMORY", "6GB")
    remote = str(warehouse).startswith(REMOTE)
    mode = mode or os.environ.get("DISTRICTS_QUERY_MODE") or ("view" if remote else "memory")
    spill = Path(tempfile.gettempdir()) / "districts-duckdb"
    con = duckdb.connect(":memory:", config={"memory_limit": memory_limit, "threads": 2, "temp_directory": str(spill)})
    con.execute("SET enable_object_cache = true")  # Parquet footers read once, not per query
    con.execute("SET enable_progress_bar = false")  # a server prints no progress bars (loading 10M facts drew one)
    if remote:
        con.execute("INSTALL httpfs")
        con.execute("LOAD httpfs")
    kind = "TABLE" if mode == "memory" else "VIEW"
    for table in TABLES:
        src = table_source(warehouse, table)
        if kind == "VIEW":  # a view cannot hold a parameter: the path is ours, quoted as a literal
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_literal(src)}, hive_partitioning = true)")
        else:  # facts sorted by district: the district IN (...) filter skips whole row groups
            order = " ORDER BY district, year" if table == "facts" else ""
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?, hive_partitioning = true){order}", [src])
    if mode == "memory":
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def run(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    sql, params = query
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()


# --------------------------------------------------------------------------- builders


def where(f: Filters, alias: str = "f") -> Query:
    """The shared filter as a WHERE fragment and its parameters."""
    sql = (
        f"{alias}.district IN ({_marks(f.districts)}) AND list_contains(?::VARCHAR[], {alias}.status) "
        f"AND list_contains(?::VARCHAR[], {alias}.scope) "
        f"AND (({alias}.year BETWEEN ? AND ?) OR (? AND {alias}.year IS NULL))"
        f"{f' AND {alias}.checked_by IS NOT NULL' if f.checked_only else ''}"  # a fixed fragment, no user text
    )
    return sql, [*f.districts, list(f.statuses), list(f.scopes), f.year_min, f.year_max, f.include_undated]


def _marks(values) -> str:
    """One placeholder per value (an IN list DuckDB can push into the scan and prune row
    groups with), or NULL for an empty choice, which matches nothing."""
    return ", ".join("?" for _ in values) or "NULL"


_FACT_COLUMNS = (
    "f.fact_id, f.doc_id, f.district, f.scope, f.entity, f.metric, f.of_metric, f.value, f.value_high, f.unit, f.qualifier, "
    'f.status, f.year, f.cluster, f.raw, f.quote, f.start, f."end", f.checked_by, d.title_zh, d.published'
)


def facts(f: Filters, metrics: tuple[str, ...] | None = None, search: str | None = None, limit: int | None = None) -> Query:
    w, params = where(f)
    sql = f"SELECT {_FACT_COLUMNS} FROM facts f JOIN documents d USING (doc_id) WHERE {w}"
    if metrics is not None:
        sql += " AND list_contains(?::VARCHAR[], f.metric)"
        params.append(list(metrics))
    if search:
        sql += " AND (contains(f.quote, ?) OR contains(coalesce(f.entity, ''), ?) OR contains(f.raw, ?))"
        params += [search, search, search]
    sql += " ORDER BY f.district, f.doc_id, f.start"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql, params


def fact_rules(fact_id: str) -> Query:
    """A fact's fields and the rules that decided them (facts.rules, JSON)."""
    return (
        "SELECT metric, status, year, district, scope, entity, cluster, value, rules FROM facts WHERE fact_id = ?",
        [fact_id],
    )


def facts_count(f: Filters, search: str | None = None) -> Query:
    sql, params = facts(f, search=search)
    return f"SELECT count(*) AS n FROM ({sql})", params


def output_facts(f: Filters) -> Query:
    w, params = where(f)
    sql = (
        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN documents d USING (doc_id) "
        f"WHERE {w} AND list_contains(?::VARCHAR[], f.metric) AND f.unit = 'CNY' "
        "ORDER BY f.district, f.value DESC, f.fact_id"  # ties in a fixed order: the same chart every time
    )
    return sql, params + [list(OUTPUT_METRICS)]


def physical_facts(f: Filters) -> Query:
    """Figures in physical units (tonnes, kW, kWh, km, m3, TEU): what places produce and build,
    one row each, never added across units."""
    w, params = where(f)
    sql = (
        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN documents d USING (doc_id) "
        f"WHERE {w} AND list_contains(?::VARCHAR[], f.unit) "
        "ORDER BY f.unit, f.district, f.value DESC, f.fact_id"
    )
    return sql, params + [list(PHYSICAL_UNITS)]


def targets_vs_actuals(f: Filters) -> Query:
    """For each district, metric and scope with both: the latest actual and the latest-due target."""
    w, params = where(f)
    sql = f"""
        WITH base AS (
            SELECT f.* FROM facts f WHERE {w} AND list_contains(?::VARCHAR[], f.metric) AND f.unit = 'CNY'
        ),
        a AS (
            SELECT district, metric, scope, value, year, raw, quote FROM base WHERE status = 'actual'
            QUALIFY row_number() OVER (PARTITION BY district, metric, scope ORDER BY year DESC NULLS LAST, value DESC) = 1
        ),
        t AS (
            SELECT district, metric, scope, value, year, raw, quote FROM base WHERE status = 'target'
            QUALIFY row_number() OVER (PARTITION BY district, metric, scope ORDER BY year DESC NULLS LAST, value DESC) = 1
        )
        SELECT a.district, a.metric, a.scope,
               a.value AS actual_value, a.year AS actual_year, a.raw AS actual_raw, a.quote AS actual_quote,
               t.value AS target_value, t.year AS target_year, t.raw AS target_raw, t.quote AS target_quote
        FROM a JOIN t USING (district, metric, scope)
        ORDER BY a.district, a.metric
    """
    return sql, params + [list(OUTPUT_METRICS)]


# the same figure reposted (the same sentence in another article) is counted once in a sum: one
# row per place, status, scope, unit, year, value, entity and sentence
_ONCE = (
    "SELECT DISTINCT ON (f.district, f.status, f.scope, f.unit, f.year, f.value, f.entity, f.quote) f.* "
    "FROM facts f WHERE {w} AND f.metric = 'investment' AND f.unit = 'CNY' "
    "ORDER BY f.district, f.status, f.scope, f.unit, f.year, f.value, f.entity, f.quote, f.doc_id"  # the first article keeps it
)


def investment_totals(f: Filters) -> Query:
    """Investment summed per district, status and scope (never across them), each figure once."""
    w, params = where(f)
    sql = (
        "SELECT f.district, f.status, f.scope, f.unit, sum(f.value) AS value, count(*) AS n_facts, "
        "min(f.year) AS year_min, max(f.year) AS year_max, "
        "string_agg(DISTINCT f.doc_id, ';' ORDER BY f.doc_id) AS doc_ids "
        f"FROM ({_ONCE.format(w=w)}) f "
        "GROUP BY ALL ORDER BY f.district, f.status, f.scope"
    )
    return sql, params


def largest_investments(f: Filters, limit: int = 20) -> Query:
    w, params = where(f)
    sql = (
        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN documents d USING (doc_id) "
        f"WHERE {w} AND f.metric = 'investment' AND f.unit = 'CNY' ORDER BY f.value DESC, f.fact_id LIMIT ?"
    )
    return sql, params + [int(limit)]


def investment_leaves(f: Filters) -> Query:
    """Investment figures below city level, one row each, for the status · scope -> district ->
    cluster -> figure treemap."""
    w, params = where(f)
    sql = (
        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN documents d USING (doc_id) "
        f"WHERE {w} AND f.metric = 'investment' AND f.unit = 'CNY' AND f.scope NOT IN ('city', 'province', 'national') ORDER BY f.value DESC, f.fact_id"
    )
    return sql, params


def cluster_mentions(f: Filters) -> Query:
    sql = (
        "SELECT c.district, c.cluster, count(*) AS mentions, count(DISTINCT c.doc_id) AS n_docs, "
        "string_agg(DISTINCT c.doc_id, ';' ORDER BY c.doc_id) AS doc_ids, min(c.quote) AS example_quote "
        f"FROM clusters c WHERE c.district IN ({_marks(f.districts)}) GROUP BY ALL ORDER BY c.district, mentions DESC, c.cluster"
    )
    return sql, [*f.districts]


def cluster_money(f: Filters, status: str = "signed") -> Query:
    """Investment attributed to clusters, for one status, per district, cluster and scope (a
    district's cluster total is never added to its projects'), each figure once."""
    w, params = where(f)
    sql = (
        "SELECT f.district, f.cluster, f.status, f.scope, f.unit, sum(f.value) AS value, count(*) AS n_facts, "
        "string_agg(DISTINCT f.doc_id, ';' ORDER BY f.doc_id) AS doc_ids "
        f"FROM ({_ONCE.format(w=w)}) f "
        "WHERE f.status = ? AND f.cluster IS NOT NULL AND f.scope NOT IN ('city', 'province', 'national') "
        "GROUP BY ALL ORDER BY f.district, f.scope, value DESC, f.cluster"
    )
    return sql, params + [status]


def benchmark_candidates(f: Filters) -> Query:
    """What a benchmark compares: per district, metric (a growth rate by what grew), unit,
    scope, status and year, the largest figure. analysis.benchmark picks the focal district's
    and, for each peer, the one of the same scope and status in the same or nearest year. Never
    a province's or the country's figure."""
    w, params = where(f)
    # the window runs over the key columns only; the picked rows are read whole afterwards
    sql = (
        f"WITH pick AS (SELECT f.fact_id FROM facts f WHERE {w} "
        "AND f.scope NOT IN ('province', 'national') "
        "QUALIFY row_number() OVER (PARTITION BY f.district, f.metric, f.of_metric, f.unit, f.scope, f.status, f.year "
        "ORDER BY f.value DESC, f.fact_id) = 1) "
        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN pick USING (fact_id) JOIN documents d USING (doc_id) "
        f"WHERE f.district IN ({_marks(f.districts)}) ORDER BY f.metric, f.district, f.scope, f.status, f.year, f.fact_id"
    )
    return sql, params + [*f.districts]


def timeline_facts(f: Filters) -> Query:
    """A place's own figures over time (its district or zone scope, dated): per metric (a growth
    rate by what grew), unit, status and year, the largest figure (the same one reported twice
    is one point). A line is one metric of one status; statuses and scopes are never joined."""
    w, params = where(f)
    sql = (
        f"WITH pick AS (SELECT f.fact_id FROM facts f WHERE {w} AND f.year IS NOT NULL AND f.scope IN ('district', 'zone') "
        "QUALIFY row_number() OVER (PARTITION BY f.district, f.metric, f.of_metric, f.unit, f.status, f.scope, f.year "
        "ORDER BY f.value DESC, f.fact_id) = 1) "
        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN pick USING (fact_id) JOIN documents d USING (doc_id) "
        f"WHERE f.district IN ({_marks(f.districts)}) ORDER BY f.district, f.metric, f.of_metric, f.unit, f.status, f.year"
    )
    return sql, params + [*f.districts]


def district_summary(f: Filters, status: str = "signed", scope: str = "district") -> Query:
    """One row per district (those without facts too): its facts, and its investment of one
    status and one scope (``investment``: what the map's bubble shows; never a sum of statuses
    or scopes), each figure once."""
    w, params = where(f)
    sql = f"""
        WITH inv AS (
            SELECT f.district, sum(f.value) AS investment, count(*) AS n_investment,
                   string_agg(DISTINCT f.doc_id, ';' ORDER BY f.doc_id) AS doc_ids
            FROM ({_ONCE.format(w=w)}) f WHERE f.status = ? AND f.scope = ? GROUP BY ALL
        )
        SELECT g.id AS district, g.name_zh, g.name_en, g.lat, g.lon,
               count(f.fact_id) AS n_facts, ? AS status, ? AS scope, 'CNY' AS unit,
               coalesce(any_value(inv.investment), 0) AS investment, coalesce(any_value(inv.n_investment), 0) AS n_investment,
               any_value(inv.doc_ids) AS doc_ids
        FROM districts g LEFT JOIN facts f ON f.district = g.id AND {w}
        LEFT JOIN inv ON inv.district = g.id
        WHERE list_contains(?::VARCHAR[], g.id)
        GROUP BY g.id, g.name_zh, g.name_en, g.lat, g.lon ORDER BY g.id
    """
    return sql, params + [status, scope, status, scope] + params + [list(f.districts)]


def named_entities(f: Filters) -> Query:
    """Projects and zones the articles name, figures or not (first mention per article)."""
    sql = (
        "SELECT e.district, e.entity, e.scope, e.doc_id, e.quote FROM entities e "
        f"WHERE e.district IN ({_marks(f.districts)}) ORDER BY e.district, e.doc_id, e.start"
    )
    return sql, [*f.districts]


def documents(f: Filters) -> Query:
    sql = (
        "SELECT d.doc_id, d.title_zh, d.published, d.published_precision, d.source, d.url, d.districts, d.n_facts "
        "FROM documents d WHERE list_has_any(string_split(d.districts, ';'), ?::VARCHAR[]) ORDER BY d.published, d.doc_id"
    )
    return sql, [list(f.districts)]


def document_text(doc_id: str) -> Query:
    return "SELECT doc_id, title_zh, published, published_precision, text FROM documents WHERE doc_id = ?", [doc_id]


def documents_by_id(doc_ids: list[str]) -> Query:
    return (
        "SELECT doc_id, title_zh, published, published_precision, source, url FROM documents WHERE list_contains(?::VARCHAR[], doc_id) ORDER BY published, doc_id",
        [list(doc_ids)],
    )


def all_districts() -> Query:
    return "SELECT * FROM districts ORDER BY in_gazetteer DESC, n_facts DESC, id", []


def year_range() -> Query:
    return "SELECT min(year) AS lo, max(year) AS hi FROM facts", []

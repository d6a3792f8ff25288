"""Every chart the product offers, each as one function: (fetch, filters, lang) -> ChartData.

Pages and the slide deck both build charts from here, so a slide is the page's figure.
``fetch`` runs a query-layer ``(sql, params)``: the cached wrapper in the app, a plain
``queries.run`` on a connection from the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import analysis, charts
from dashboard import queries as q
from dashboard.i18n import t

Fetch = Callable[[q.Query], pd.DataFrame]


@dataclass
class ChartData:
    key: str
    title: str
    fig: go.Figure
    data: pd.DataFrame
    doc_ids: list[str]
    empty: bool


def _ids(df: pd.DataFrame) -> list[str]:
    col = "doc_id" if "doc_id" in df else "doc_ids" if "doc_ids" in df else None
    if col is None or df.empty:
        return []
    return sorted({d for v in df[col].dropna() for d in str(v).split(";") if d})


def map_chart(fetch: Fetch, f: q.Filters, lang: str, status: str = "signed", scope: str = "district") -> ChartData:
    """The map; its data is what each bubble shows (one status, one scope), the plotted value
    in the CSV."""
    summary = fetch(q.district_summary(f, status=status, scope=scope))
    data = summary[["district", "status", "scope", "unit", "investment", "n_investment", "n_facts", "lat", "lon", "doc_ids"]]
    data = data.rename(columns={"investment": "value"})
    docs = fetch(q.documents(f))  # every article behind the map's places (facts found, bubbles)
    return ChartData("map", t("map_title", lang), charts.map_figure(summary, lang), data, docs["doc_id"].tolist(), summary.empty)


def output_chart(fetch: Fetch, f: q.Filters, lang: str, log: bool = False) -> ChartData:
    df = fetch(q.output_facts(f))
    return ChartData("output", t("output_title", lang), charts.output_figure(df, lang, log=log), df, _ids(df), df.empty)


def physical_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.physical_facts(f))
    return ChartData("physical", t("physical_title", lang), charts.physical_figure(df, lang), df, _ids(df), df.empty)


def tva_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.targets_vs_actuals(f))
    docs = fetch(q.output_facts(f))
    return ChartData("targets", t("tva_title", lang), charts.targets_vs_actuals_figure(df, lang), df, _ids(docs), df.empty)


def investment_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.investment_totals(f))
    return ChartData("investment", t("inv_totals_title", lang), charts.investment_totals_figure(df, lang), df, _ids(df), df.empty)


def treemap_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.investment_leaves(f))
    return ChartData("treemap", t("treemap_title", lang), charts.treemap_figure(df, lang), df, _ids(df), df.empty)


def cluster_heatmap_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.cluster_mentions(f))
    m = analysis.cluster_matrix(df)
    quotes = (
        df.pivot_table(index="district", columns="cluster", values="example_quote", aggfunc="first") if not df.empty else None
    )
    fig = charts.heatmap_figure(m, lang, "heatmap_title", t("mentions", lang), quotes=quotes)
    return ChartData("clusters", t("heatmap_title", lang), fig, df, _ids(df), df.empty)


def cluster_money_chart(fetch: Fetch, f: q.Filters, lang: str, status: str = "signed") -> ChartData:
    """District × cluster investment of one status, one panel per scope."""
    from dashboard.i18n import code_label

    df = fetch(q.cluster_money(f, status=status))
    title = f"{t('heatmap_money_title', lang)}: {code_label('status', status, lang)} ({t('money_note', lang)})"
    fig = charts.money_heatmap_figure(df, lang, title)
    return ChartData("cluster_money", title, fig, df, _ids(df), df.empty)


def portfolio_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.cluster_mentions(f))
    return ChartData("portfolio", t("portfolio_title", lang), charts.portfolio_figure(df, lang), df, _ids(df), df.empty)


def similarity_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.cluster_mentions(f))
    sim = analysis.similarity(analysis.cluster_matrix(df))
    # long, one row per pair, so that a CSV holds the numbers (a wide matrix kept only its first column)
    data = (
        sim.rename_axis(index="district", columns="peer").stack().rename("similarity").reset_index()
        if not sim.empty
        else pd.DataFrame(columns=["district", "peer", "similarity"])
    )
    return ChartData("similarity", t("similarity_title", lang), charts.similarity_figure(sim, lang), data, _ids(df), sim.empty)


def benchmark_chart(fetch: Fetch, f: q.Filters, lang: str, focal: str | None = None, peers: list[str] | None = None) -> ChartData:
    focal = focal or (f.districts[0] if f.districts else "")
    peers = peers if peers is not None else [d for d in f.districts if d != focal]
    head = fetch(q.benchmark_candidates(f))
    table = analysis.benchmark(head, focal, peers, lang)
    ids = _ids(head[head["district"].isin([focal, *peers])]) if not head.empty else []
    return ChartData(
        "benchmark", t("benchmark_chart", lang), charts.benchmark_figure(table, lang, focal), table, ids, table.empty
    )


def timeline_chart(fetch: Fetch, f: q.Filters, lang: str) -> ChartData:
    df = fetch(q.timeline_facts(f))
    fig = charts.timeline_figure(df, lang)
    plotted = len(fig.data) > 0
    return ChartData("timeline", t("timeline_title", lang), fig, df, _ids(df), not plotted)


CHARTS: dict[str, Callable[..., ChartData]] = {
    "map": map_chart,
    "output": output_chart,
    "targets": tva_chart,
    "physical": physical_chart,
    "investment": investment_chart,
    "treemap": treemap_chart,
    "clusters": cluster_heatmap_chart,
    "cluster_money": cluster_money_chart,
    "portfolio": portfolio_chart,
    "similarity": similarity_chart,
    "benchmark": benchmark_chart,
    "timeline": timeline_chart,
}

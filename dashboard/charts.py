"""Chart builders: pure functions of a DataFrame and a language, returning plotly Figures.

No DuckDB, no Streamlit. The dashboard and every export (PNG, SVG, PPTX) use these same
figures, so a slide shows exactly what the page showed.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import code_label, district_name, label_frame, t
from dashboard.units import display, scale

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
STATUS_COLORS = {"actual": "#1f77b4", "target": "#ff7f0e", "plan": "#2ca02c", "signed": "#9467bd"}


# every figure gets plotly_white when it is made, once; setting it again on each figure cost
# about 15 ms a chart (the template is validated and copied every time)
pio.templates.default = "plotly_white"


def _wrap(text: str | None, width: int = 40) -> str:
    """Article text for a hover label: wrapped, and escaped, so that plotly's tag subset
    (<a>, <b>, <br> …) in an article is shown as text, never rendered."""
    if not text:
        return ""
    return "<br>".join(html.escape(line, quote=False) for line in textwrap.wrap(str(text), width))


def _style(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"title": None},
    )
    return fig


def _status_color_map(df: pd.DataFrame) -> dict[str, str]:
    return {row.status_label: STATUS_COLORS.get(row.status, "#888") for row in df.drop_duplicates("status").itertuples()}


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _style(fig, "")


def map_figure(summary: pd.DataFrame, lang: str) -> go.Figure:
    """Districts on a map of China; bubble area from their investment figures."""
    df = summary.dropna(subset=["lat", "lon"]).copy()
    df["name"] = [district_name(d, lang) for d in df["district"]]
    divisor, unit = scale("investment", "CNY", lang)
    df["inv"] = df["investment_all"] / divisor
    df["size"] = df["inv"].clip(lower=0) + df["inv"].max() * 0.05 + 1
    df["hover"] = [
        f"<b>{n}</b><br>{t('facts_found', lang)}: {k}<br>{t('signed_investment', lang)}: {display(s, 'investment', 'CNY', lang)}"
        for n, k, s in zip(df["name"], df["n_facts"], df["signed_investment"])
    ]
    fig = px.scatter_geo(
        df, lat="lat", lon="lon", size="size", text="name", hover_name="name", custom_data=["hover"], size_max=45
    )
    # alternate label sides so that neighbouring districts (Jinan, Weifang, Xuzhou) stay legible
    sides = ["top center", "bottom center", "middle right", "middle left"]
    order = df["lat"].rank(method="first").astype(int).tolist()
    fig.update_traces(
        hovertemplate="%{customdata[0]}<extra></extra>",
        textposition=[sides[(o - 1) % len(sides)] for o in order],
        marker={"color": "#d62728", "opacity": 0.7},
    )
    fig.update_geos(
        scope="asia",
        projection_type="mercator",
        center={"lon": 108, "lat": 34},
        projection_scale=3.0,
        showcountries=True,
        countrycolor="#999",
        showland=True,
        landcolor="#f3f3f3",
        showocean=True,
        oceancolor="#eaf2fb",
        resolution=50,
    )
    return _style(fig, f"{t('map_title', lang)} ({unit})", height=520)


def _fact_hover(df: pd.DataFrame, lang: str) -> list[str]:
    return [
        f"<b>{r.district_label}</b> · {r.metric_label}<br>{display(r.value, r.metric, r.unit, lang)} ({r.raw}) · "
        f"{r.status_label} · {r.scope_label} · {r.year if pd.notna(r.year) else t('undated', lang)}<br>"
        f"{_wrap(r.entity)}<br><i>{_wrap(r.quote)}</i>"
        for r in df.itertuples()
    ]


def output_figure(facts: pd.DataFrame, lang: str, log: bool = False) -> go.Figure:
    """One horizontal bar per reported output figure, coloured by status, labelled with year and scope."""
    if facts.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(facts, lang)
    divisor, unit = scale("output_value", "CNY", lang)
    df["shown"] = df["value"] / divisor
    year = [str(int(y)) if pd.notna(y) else t("undated", lang) for y in df["year"]]
    # a city-wide, zone or project figure names its entity (苏州, 中央活力区) beside the district
    who = [
        d if sc == "district" or not isinstance(e, str) else f"{d} · {e}"
        for d, e, sc in zip(df["district_label"], df["entity"], df["scope"])
    ]
    df["bar"] = [
        f"{w} · {m} · {s} · {y} · {r}" for w, m, s, y, r in zip(who, df["metric_label"], df["scope_label"], year, df["raw"])
    ]
    df["label"] = [f"{y} · {s}" for y, s in zip(year, df["scope_label"])]
    df["hover"] = _fact_hover(df, lang)
    df = df.sort_values(["district_label", "shown"])
    fig = px.bar(
        df,
        x="shown",
        y="bar",
        color="status_label",
        orientation="h",
        text="label",
        custom_data=["hover"],
        color_discrete_map=_status_color_map(df),
        log_x=log,
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>", textposition="auto", cliponaxis=False)
    fig.update_layout(xaxis_title=unit, yaxis_title=None, yaxis={"categoryorder": "array", "categoryarray": df["bar"].tolist()})
    return _style(fig, f"{t('output_title', lang)} ({unit})", height=max(360, 36 * len(df) + 120))


def physical_figure(facts: pd.DataFrame, lang: str) -> go.Figure:
    """Figures in physical units: one panel per unit (tonnes are never set against kWh), one bar
    per reported figure, coloured by status."""
    if facts.empty:
        return empty_figure(t("no_physical", lang))
    from plotly.subplots import make_subplots

    df = label_frame(facts, lang)
    units = list(dict.fromkeys(df["unit"]))
    labels = [scale(df[df["unit"] == u]["metric"].iloc[0], u, lang) for u in units]
    sizes = [int((df["unit"] == u).sum()) for u in units]
    fig = make_subplots(
        rows=len(units),
        cols=1,
        subplot_titles=[label for _, label in labels],
        row_heights=[max(n, 2) for n in sizes],
        vertical_spacing=0.3 / len(units) if len(units) > 1 else 0.0,
    )
    colors = {row.status_label: STATUS_COLORS.get(row.status, "#888") for row in df.drop_duplicates("status").itertuples()}
    shown_legend: set[str] = set()
    for row_no, (unit, (divisor, _)) in enumerate(zip(units, labels), start=1):
        part = df[df["unit"] == unit].copy()
        part["shown"] = part["value"] / divisor
        year = [str(int(y)) if pd.notna(y) else t("undated", lang) for y in part["year"]]
        who = [  # a zone's or project's figure names it beside the district, as on the money chart
            d if sc == "district" or not isinstance(e, str) else f"{d} · {e}"
            for d, e, sc in zip(part["district_label"], part["entity"], part["scope"])
        ]
        part["bar"] = [f"{w} · {m} · {y} · {r}" for w, m, y, r in zip(who, part["metric_label"], year, part["raw"])]
        part["hover"] = _fact_hover(part, lang)
        part = part.sort_values("shown")
        for status_label, g in part.groupby("status_label", sort=False):
            fig.add_trace(
                go.Bar(
                    x=g["shown"],
                    y=g["bar"],
                    orientation="h",
                    name=status_label,
                    marker_color=colors[status_label],
                    customdata=g[["hover"]],
                    hovertemplate="%{customdata[0]}<extra></extra>",
                    legendgroup=status_label,
                    showlegend=status_label not in shown_legend,
                ),
                row=row_no,
                col=1,
            )
            shown_legend.add(status_label)
    fig.update_yaxes(title_text=None)
    fig.update_annotations(font={"size": 15}, xanchor="left", x=0)  # each panel's unit, above it
    return _style(fig, t("physical_title", lang), height=max(360, 36 * len(df) + 140 * len(units)))


def targets_vs_actuals_figure(pairs: pd.DataFrame, lang: str) -> go.Figure:
    if pairs.empty:
        return empty_figure(t("no_pairs", lang))
    df = label_frame(pairs, lang)
    divisor, unit = scale("output_value", "CNY", lang)
    rows = []
    for r in df.itertuples():
        key = f"{r.district_label} · {r.metric_label} · {r.scope_label}"
        for status, value, year, raw, quote in (
            ("actual", r.actual_value, r.actual_year, r.actual_raw, r.actual_quote),
            ("target", r.target_value, r.target_year, r.target_raw, r.target_quote),
        ):
            y = str(int(year)) if pd.notna(year) else t("undated", lang)
            rows.append(
                {
                    "key": key,
                    "status": status,
                    "status_label": code_label("status", status, lang),
                    "shown": value / divisor,
                    "text": f"{y} · {raw}",
                    "hover": f"{key}<br>{raw} · {y}<br><i>{_wrap(quote)}</i>",
                }
            )
    long = pd.DataFrame(rows)
    fig = px.bar(
        long,
        x="key",
        y="shown",
        color="status_label",
        barmode="group",
        text="text",
        custom_data=["hover"],
        color_discrete_map=_status_color_map(long),
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>", textposition="outside", cliponaxis=False)
    fig.update_layout(yaxis_title=unit, xaxis_title=None)
    return _style(fig, f"{t('tva_title', lang)} ({unit})")


def investment_totals_figure(totals: pd.DataFrame, lang: str) -> go.Figure:
    if totals.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(totals, lang)
    divisor, unit = scale("investment", "CNY", lang)
    df["shown"] = df["value"] / divisor
    df["hover"] = [
        f"<b>{d}</b><br>{s} · {sc}<br>{display(v, 'investment', 'CNY', lang)} · {n} {t('facts_found', lang)}"
        for d, s, sc, v, n in zip(df["district_label"], df["status_label"], df["scope_label"], df["value"], df["n_facts"])
    ]
    fig = px.bar(
        df,
        x="district_label",
        y="shown",
        color="status_label",
        facet_col="scope_label",
        barmode="group",
        custom_data=["hover"],
        color_discrete_map=_status_color_map(df),
        text_auto=".3~s",
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>")
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    fig.update_layout(yaxis_title=unit)
    fig.update_xaxes(title=None)
    return _style(fig, f"{t('inv_totals_title', lang)} ({unit})")


def treemap_figure(leaves: pd.DataFrame, lang: str) -> go.Figure:
    """Status → district → cluster → figure. Each status is a tree of its own: a signed sum is
    never added to a planned or a target one."""
    if leaves.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(leaves, lang)
    divisor, unit = scale("investment", "CNY", lang)
    df["shown"] = df["value"] / divisor
    df["leaf"] = [f"{e or d} · {r}" for e, d, r in zip(df["entity"], df["district_label"], df["raw"])]
    dup = df.duplicated(["status", "leaf"], keep=False)
    df.loc[dup, "leaf"] = df.loc[dup, "leaf"] + " #" + df.loc[dup, "fact_id"].str[:4]
    # built node by node so that every leaf's hover carries its source sentence
    ids: list[str] = []
    labels: list[str] = []
    parents: list[str] = []
    values: list[float] = []
    hovers: list[str] = []

    def node(node_id: str, label: str, parent: str, value: float, hover: str = "") -> None:
        ids.append(node_id)
        labels.append(label)
        parents.append(parent)
        values.append(value)
        hovers.append(hover)

    order = {code: i for i, code in enumerate(("signed", "actual", "plan", "target"))}
    for status, by_status in sorted(df.groupby("status", sort=False), key=lambda kv: order.get(kv[0], 9)):
        node(status, by_status["status_label"].iloc[0], "", float(by_status["shown"].sum()))
        for dist, by_dist in by_status.groupby("district_label", sort=False):
            node(f"{status}/{dist}", dist, status, float(by_dist["shown"].sum()))
            for clus, g in by_dist.groupby("cluster_label", sort=False):
                parent = f"{status}/{dist}/{clus}"
                node(parent, clus, f"{status}/{dist}", float(g["shown"].sum()))
                for fid, leaf, shown, quote in zip(g["fact_id"], g["leaf"], g["shown"], g["quote"]):
                    node(f"{parent}/{fid}", leaf, parent, float(shown), f"<br><i>{_wrap(quote)}</i>")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            customdata=hovers,
            hovertemplate="%{label}<br>%{value:.4~g} " + unit + "%{customdata}<extra></extra>",
            root_color="#eee",
        )
    )
    return _style(fig, f"{t('treemap_title', lang)} ({unit})", height=560)


def heatmap_figure(
    matrix: pd.DataFrame, lang: str, title_key: str, value_label: str, quotes: pd.DataFrame | None = None
) -> go.Figure:
    """matrix: index = district codes, columns = cluster codes; ``quotes`` (same shape) adds an
    example source sentence to each cell's hover."""
    if matrix.empty:
        return empty_figure(t("no_match", lang))
    from dashboard.i18n import cluster_label

    fig = px.imshow(
        matrix.values,
        x=[cluster_label(c, lang) for c in matrix.columns],
        y=[district_name(d, lang) for d in matrix.index],
        color_continuous_scale="Blues",
        text_auto=".3~g",
        aspect="auto",
        labels={"color": value_label},
    )
    fig.update_xaxes(tickangle=-35)
    if quotes is not None:
        q = quotes.reindex(index=matrix.index, columns=matrix.columns).fillna("")
        fig.update_traces(
            customdata=[[_wrap(v) for v in row] for row in q.to_numpy()],
            hovertemplate="%{y} · %{x}: %{z}<br><i>%{customdata}</i><extra></extra>",
        )
    return _style(fig, t(title_key, lang), height=max(360, 60 * len(matrix) + 180))


def portfolio_figure(mentions: pd.DataFrame, lang: str) -> go.Figure:
    if mentions.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(mentions, lang)
    total = df.groupby("district")["mentions"].transform("sum")
    df["share"] = df["mentions"] / total * 100
    fig = px.bar(df, x="share", y="district_label", color="cluster_label", orientation="h", custom_data=["mentions"])
    fig.update_traces(hovertemplate="%{y} · %{fullData.name}: %{x:.1f}% (%{customdata[0]})<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_title=t("share_pct", lang), yaxis_title=None)
    return _style(fig, t("portfolio_title", lang), height=max(320, 50 * df["district"].nunique() + 160))


def similarity_figure(sim: pd.DataFrame, lang: str) -> go.Figure:
    if sim.empty:
        return empty_figure(t("no_match", lang))
    names = [district_name(d, lang) for d in sim.index]
    fig = px.imshow(
        sim.values,
        x=names,
        y=names,
        zmin=0,
        zmax=1,
        color_continuous_scale="Viridis",
        text_auto=".2f",
        labels={"color": t("similarity", lang)},
    )
    return _style(fig, t("similarity_title", lang), height=max(360, 60 * len(sim) + 160))


def benchmark_figure(table: pd.DataFrame, lang: str, focal: str) -> go.Figure:
    """Ratio of each district's figure to the peer median, metric by metric (1 = median);
    figures that are not ranked (different measures under one code) are left out."""
    df = table[table["rank"].notna()].copy() if not table.empty else table
    if df.empty:
        return empty_figure(t("no_match", lang))
    df["who"] = [district_name(d, lang) for d in df["district"]]
    df["is_focal"] = df["district"] == focal
    fig = px.scatter(
        df,
        x="ratio",
        y="metric_label",
        color="who",
        symbol="is_focal",
        size=[14 if f else 8 for f in df["is_focal"]],
        custom_data=["hover"],
        log_x=True,
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>")
    fig.add_vline(x=1, line_dash="dot", line_color="#888")
    fig.update_layout(xaxis_title=t("ratio_median", lang), yaxis_title=None)
    return _style(fig, t("benchmark_chart", lang), height=max(320, 50 * df["metric"].nunique() + 160))

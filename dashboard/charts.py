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
# one palette per code across every chart, slide and export: a status is the same colour
# everywhere, and each cluster has a colour of its own
STATUS_COLORS = {"actual": "#1f77b4", "target": "#ff7f0e", "plan": "#2ca02c", "signed": "#9467bd"}
CLUSTER_PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#637939", "#ad494a", "#7b4173", "#e7ba52",
    "#3182bd", "#31a354", "#756bb1", "#636363",
)  # fmt: skip
UNCLASSIFIED_COLOR = "#b0b0b0"
PEER_COLORS = tuple(c for c in CLUSTER_PALETTE if c != "#d62728")  # red is the focal district's


def cluster_colors(lang: str) -> dict[str, str]:
    """Cluster label -> colour, in the reference table's order (each of the 13+ its own)."""
    from dashboard.i18n import cluster_label
    from etl import reference

    out = {cluster_label(c.code, lang): CLUSTER_PALETTE[i % len(CLUSTER_PALETTE)] for i, c in enumerate(reference.clusters())}
    out[t("unclassified", lang)] = UNCLASSIFIED_COLOR
    return out


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


# The on-screen map (projection_scale 3, 520 px high) draws about 16 px per degree of longitude;
# labels are 13 px text. Exports draw the map larger, so labels apart on screen stay apart there.
MAP_PX_PER_DEGREE = 16.0
MAP_LABEL_PX = 13.0
# a label's candidate places around its marker, in order of preference
LABEL_SIDES = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "bottom right",
    "top left",
    "bottom left",
)


def _map_xy(lat: float, lon: float) -> tuple[float, float]:
    """Mercator pixels on the on-screen map (y grows downwards)."""
    import math

    r = MAP_PX_PER_DEGREE * 180 / math.pi
    return lon * MAP_PX_PER_DEGREE, -r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _text_px(text: str) -> float:
    return sum(MAP_LABEL_PX if ord(c) > 0x2E7F else MAP_LABEL_PX * 0.55 for c in text)


def _label_box(side: str, x: float, y: float, r: float, w: float, h: float = MAP_LABEL_PX + 3) -> tuple:
    g = 3.0  # plotly's gap between a marker and its text
    v, u = side.split()
    if u == "center":
        x0 = x - w / 2
    else:
        off = r + g if v == "middle" else r * 0.7
        x0 = x + off if u == "right" else x - off - w
    if v == "middle":
        y0 = y - h / 2
    else:
        off = r + g if u == "center" else r * 0.7
        y0 = y - off - h if v == "top" else y + off
    return (x0, y0, x0 + w, y0 + h)


def _overlap(a: tuple, b: tuple) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _label_sides(lat: list[float], lon: list[float], names: list[str], diameters: list[float], obstacles=()) -> list[str]:
    """Each place's label where it covers the least of the other labels and markers (a greedy
    placement, the largest bubble first; ties go to the earlier of LABEL_SIDES), in on-screen
    pixels: Jinan's big bubble beside Weifang's ring, and its label beside Changzhi's, no longer
    write over each other. ``obstacles`` are further (lat, lon, diameter, label) markers, such as
    the size legend's."""
    pts = [(*_map_xy(a, o), d / 2) for a, o, d in zip(lat, lon, diameters)]
    boxes = [(x - r, y - r, x + r, y + r) for x, y, r in pts]
    fixed = []
    for a, o, d, text in obstacles:
        x, y = _map_xy(a, o)
        fixed.append((x - d / 2, y - d / 2, x + d / 2, y + d / 2))
        if text:
            fixed.append(_label_box("middle right", x, y, d / 2, _text_px(text)))
    sides: list[str] = [LABEL_SIDES[0]] * len(pts)
    placed: list[tuple] = []
    for i in sorted(range(len(pts)), key=lambda k: -diameters[k]):
        x, y, r = pts[i]
        w = _text_px(names[i])
        others = [b for j, b in enumerate(boxes) if j != i] + fixed + placed
        candidates = [(_label_box(side, x, y, r, w), side) for side in LABEL_SIDES]
        costs = [sum(_overlap(box, b) for b in others) for box, _ in candidates]
        box, sides[i] = candidates[costs.index(min(costs))]  # the first of the cheapest
        placed.append(box)
    return sides


def _nice(v: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``v``."""
    import math

    if v <= 0:
        return 0.0
    p = 10 ** math.floor(math.log10(v))
    return max(m * p for m in (1, 2, 5) if m * p <= v)


MAP_BUBBLE_MAX = 45  # px diameter of the largest bubble
MAP_BUBBLE_MIN = 4


def _diameter(v: float, vmax: float) -> float:
    """A bubble's diameter in px as plotly draws it (area mode, the largest MAP_BUBBLE_MAX)."""
    import math

    return max(MAP_BUBBLE_MIN, MAP_BUBBLE_MAX * math.sqrt(v / vmax)) if vmax > 0 else MAP_BUBBLE_MIN


def map_figure(summary: pd.DataFrame, lang: str) -> go.Figure:
    """Districts on a map of China; bubble area from one status's and one scope's investment
    (``summary.investment``, never a sum of statuses or scopes), with a size legend; a place
    with none of it is a hollow ring."""
    df = summary.dropna(subset=["lat", "lon"]).copy()
    df["name"] = [district_name(d, lang) for d in df["district"]]
    divisor, unit = scale("investment", "CNY", lang)
    df["shown"] = df["investment"] / divisor
    status = df["status"].iloc[0] if not df.empty else "signed"
    scope = df["scope"].iloc[0] if not df.empty else "district"
    what = f"{code_label('status', status, lang)} · {code_label('scope', scope, lang)}"
    df["hover"] = [
        f"<b>{html.escape(n)}</b><br>{t('facts_found', lang)}: {k}<br>{what}: "
        + (display(v, "investment", "CNY", lang) if v > 0 else t("none", lang))
        for n, k, v in zip(df["name"], df["n_facts"], df["investment"])
    ]
    vmax = float(df["shown"].max()) if not df.empty else 0.0
    sizeref = 2.0 * vmax / MAP_BUBBLE_MAX**2 if vmax > 0 else 1.0
    refs = sorted({_nice(vmax), _nice(vmax / 4), _nice(vmax / 16)} - {0.0}, reverse=True) if vmax > 0 else []
    ref_text = [f"{r:,.4g} {unit}" if lang == "en" else f"{r:,.4g}{unit}" for r in refs]
    ref_lat = [30 - 3.0 * i for i in range(len(refs))]
    # the size legend: reference bubbles at sea, east of Taiwan, drawn to the same scale
    legend = [(a, 127.0, _diameter(r, vmax), x) for a, r, x in zip(ref_lat, refs, ref_text)]
    diameters = [_diameter(v, vmax) if v > 0 else 11.0 for v in df["shown"]]  # a ring: 9 px and its line
    df["side"] = _label_sides(df["lat"].tolist(), df["lon"].tolist(), df["name"].tolist(), diameters, legend)
    fig = go.Figure()
    has = df[df["shown"] > 0]
    none = df[~(df["shown"] > 0)]
    bubbles = {
        "size": has["shown"].tolist(),
        "sizemode": "area",
        "sizeref": sizeref,
        "sizemin": MAP_BUBBLE_MIN,
        "color": "#d62728",
        "opacity": 0.7,
    }
    rings = {"size": 9, "symbol": "circle-open", "color": "#555", "line": {"width": 2}}
    for part, marker, name in ((has, bubbles, what), (none, rings, t("none", lang))):
        fig.add_trace(
            go.Scattergeo(
                lat=part["lat"],
                lon=part["lon"],
                text=part["name"],
                customdata=part[["hover"]],
                mode="markers+text",
                textposition=part["side"].tolist(),
                marker=marker,
                hovertemplate="%{customdata[0]}<extra></extra>",
                name=name,
                showlegend=False,
            )
        )
    if refs:
        fig.add_trace(
            go.Scattergeo(
                lat=ref_lat,
                lon=[127] * len(refs),
                text=ref_text,
                mode="markers+text",
                textposition="middle right",
                marker={
                    "size": refs,
                    "sizemode": "area",
                    "sizeref": sizeref,
                    "color": "rgba(214,39,40,0.25)",
                    "line": {"color": "#d62728", "width": 1},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_geos(
        scope="asia",
        projection_type="mercator",
        center={"lon": 110, "lat": 33},
        projection_scale=3.0,
        showcountries=True,
        countrycolor="#999",
        showland=True,
        landcolor="#f3f3f3",
        showocean=True,
        oceancolor="#eaf2fb",
        resolution=110,  # on screen: a seventh of the outlines to fetch and draw; exports draw 50m (exports.slide_figure)
    )
    return _style(fig, f"{t('map_title', lang)}: {what} ({unit})", height=520)


def _fact_hover(df: pd.DataFrame, lang: str) -> list[str]:
    return [
        f"<b>{r.district_label}</b> · {r.metric_label}<br>{display(r.value, r.metric, r.unit, lang)} ({r.raw}) · "
        f"{r.status_label} · {r.scope_label} · {r.year if pd.notna(r.year) else t('undated', lang)}<br>"
        f"{_wrap(r.entity)}<br><i>{_wrap(r.quote)}</i>"
        for r in df.itertuples()
    ]


def wide_range(values) -> bool:
    """True when positive values span more than two orders of magnitude (a city's 4万亿 beside a
    district's 50亿): the output chart then opens on a log axis."""
    v = [float(x) for x in values if x is not None and not pd.isna(x) and float(x) > 0]
    return len(v) > 1 and max(v) / min(v) > 100


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
    df["bar"] = [f"{w} · {m} · {s} · {y}" for w, m, s, y in zip(who, df["metric_label"], df["scope_label"], year)]
    dup = df["bar"].duplicated(keep=False)
    df.loc[dup, "bar"] = df.loc[dup, "bar"] + " · " + df.loc[dup, "raw"]
    dup = df["bar"].duplicated(keep=False)  # the same figure twice (two articles): each its own bar
    df.loc[dup, "bar"] = df.loc[dup, "bar"] + " · " + df.loc[dup, "doc_id"]
    df["hover"] = _fact_hover(df, lang)
    df = df.sort_values(["district_label", "shown"])
    fig = px.bar(
        df,
        x="shown",
        y="bar",
        color="status_label",
        orientation="h",
        text="raw",  # the figure as written; year and scope are in the bar's label, once
        custom_data=["hover"],
        color_discrete_map=_status_color_map(df),
        log_x=log,
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>", textposition="outside", cliponaxis=False)
    fig.update_layout(yaxis_title=None, yaxis={"categoryorder": "array", "categoryarray": df["bar"].tolist()})
    # 40,000 亿元, never "40k 亿元"
    fig.update_xaxes(title=unit, exponentformat="none", separatethousands=True, automargin=True)
    fig.update_yaxes(automargin=True)
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
    """Investment per district, one bar per status, one panel per scope (never added across
    either); horizontal so that names and values stay level and legible in both languages."""
    if totals.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(totals, lang)
    divisor, unit = scale("investment", "CNY", lang)
    df["shown"] = df["value"] / divisor
    df["text"] = [display(v, "investment", "CNY", lang) for v in df["value"]]
    df["hover"] = [
        f"<b>{d}</b><br>{s} · {sc}<br>{display(v, 'investment', 'CNY', lang)} · {t('facts_found', lang)}: {n}"
        for d, s, sc, v, n in zip(df["district_label"], df["status_label"], df["scope_label"], df["value"], df["n_facts"])
    ]
    scope_order = [code_label("scope", s, lang) for s in ("district", "zone", "town", "project") if s in set(df["scope"])]
    status_order = [code_label("status", s, lang) for s in ("signed", "actual", "plan", "target") if s in set(df["status"])]
    fig = px.bar(
        df,
        x="shown",
        y="district_label",
        color="status_label",
        facet_col="scope_label",
        orientation="h",
        barmode="group",
        text="text",
        custom_data=["hover"],
        color_discrete_map=_status_color_map(df),
        category_orders={"scope_label": scope_order, "status_label": status_order},
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>", textposition="outside", textangle=0, cliponaxis=False)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1], font={"size": 15}))
    fig.update_xaxes(title=None, matches=None, rangemode="tozero")  # the unit is in the title
    fig.for_each_xaxis(lambda ax: ax.update(range=[0, float(df["shown"].max()) * 1.35]))
    fig.update_yaxes(title=None, automargin=True)
    n = df["district"].nunique() * max(1, df["status"].nunique())
    return _style(fig, f"{t('inv_totals_title', lang)} ({unit})", height=max(360, 28 * n + 160))


def treemap_figure(leaves: pd.DataFrame, lang: str) -> go.Figure:
    """(status · scope) → district → cluster → figure. Each status and scope is a tree of its
    own: a signed sum is never added to a planned one, nor a district's total to its projects'.
    Labels are names and figures as written (no internal ids); each status keeps its colour."""
    if leaves.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(leaves, lang)
    divisor, unit = scale("investment", "CNY", lang)
    df["shown"] = df["value"] / divisor
    df["leaf"] = [f"{e or d} · {r}" for e, d, r in zip(df["entity"], df["district_label"], df["raw"])]
    ids: list[str] = []
    labels: list[str] = []
    parents: list[str] = []
    values: list[float] = []
    hovers: list[str] = []
    colors: list[str] = []

    def node(node_id: str, label: str, parent: str, value: float, color: str, hover: str = "") -> None:
        ids.append(node_id)
        labels.append(label)
        parents.append(parent)
        values.append(value)
        colors.append(color)
        hovers.append(hover)

    order = {code: i for i, code in enumerate(("signed", "actual", "plan", "target"))}
    scope_order = {code: i for i, code in enumerate(("district", "zone", "town", "project"))}
    groups = sorted(
        df.groupby(["status", "scope"], sort=False), key=lambda kv: (order.get(kv[0][0], 9), scope_order.get(kv[0][1], 9))
    )
    for (status, scope), by_root in groups:
        color = STATUS_COLORS.get(status, "#888")
        root = f"{status}/{scope}"
        node(
            root,
            f"{by_root['status_label'].iloc[0]} · {by_root['scope_label'].iloc[0]}",
            "",
            float(by_root["shown"].sum()),
            color,
        )
        for dist, by_dist in by_root.groupby("district_label", sort=False):
            node(f"{root}/{dist}", dist, root, float(by_dist["shown"].sum()), color)
            for clus, g in by_dist.groupby("cluster_label", sort=False):
                parent = f"{root}/{dist}/{clus}"
                node(parent, clus, f"{root}/{dist}", float(g["shown"].sum()), color)
                for fid, leaf, shown, quote in zip(g["fact_id"], g["leaf"], g["shown"], g["quote"]):
                    node(f"{parent}/{fid}", html.escape(leaf), parent, float(shown), color, f"<br><i>{_wrap(quote)}</i>")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            customdata=hovers,
            marker={"colors": colors, "line": {"color": "#fff", "width": 1}},
            textinfo="label+value",
            texttemplate="%{label}<br>%{value:,.4~g} " + unit,
            hovertemplate="%{label}<br>%{value:,.4~g} " + unit + "%{customdata}<extra></extra>",
            root_color="#eee",
            maxdepth=3,
        )
    )
    fig.update_layout(uniformtext={"minsize": 11, "mode": "hide"})  # a leaf too small to read shows no text
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
    fig.update_xaxes(tickangle=-35, automargin=True)
    fig.update_yaxes(automargin=True)
    who = f"{t('col_district', lang)}: %{{y}}<br>{t('col_cluster', lang)}: %{{x}}<br>{value_label}: %{{z}}"
    if quotes is not None:
        q = quotes.reindex(index=matrix.index, columns=matrix.columns).fillna("")
        fig.update_traces(
            customdata=[[_wrap(v) for v in row] for row in q.to_numpy()],
            hovertemplate=who + "<br><i>%{customdata}</i><extra></extra>",
        )
    else:
        fig.update_traces(hovertemplate=who + "<extra></extra>")
    fig = _style(fig, t(title_key, lang), height=max(360, 60 * len(matrix) + 220))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def money_heatmap_figure(df: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """District × cluster investment of one status: one panel per scope (a district's cluster
    total and its projects' are never added), cells in the reader's money unit."""
    if df.empty:
        return empty_figure(t("no_match", lang))
    from plotly.subplots import make_subplots

    from dashboard.i18n import cluster_label

    divisor, unit = scale("investment", "CNY", lang)
    scopes = [s for s in ("district", "zone", "town", "project") if s in set(df["scope"])]
    clusters = list(df.groupby("cluster")["value"].sum().sort_values(ascending=False).index)
    fig = make_subplots(
        rows=len(scopes),
        cols=1,
        subplot_titles=[code_label("scope", s, lang) for s in scopes],
        vertical_spacing=0.08 if len(scopes) > 1 else 0.0,
        shared_xaxes=True,  # the clusters once, under the last panel
    )
    for i, sc in enumerate(scopes, start=1):
        part = df[df["scope"] == sc]
        m = part.pivot_table(index="district", columns="cluster", values="value", aggfunc="sum").reindex(columns=clusters)
        z = m.to_numpy() / divisor
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=[cluster_label(c, lang) for c in m.columns],
                y=[district_name(d, lang) for d in m.index],
                text=[["" if pd.isna(v) else f"{v:,.4g}" for v in row] for row in z],
                texttemplate="%{text}",
                coloraxis="coloraxis",
                hovertemplate=f"{t('col_district', lang)}: %{{y}}<br>{t('col_cluster', lang)}: %{{x}}<br>"
                f"{code_label('scope', sc, lang)}: %{{z:,.4g}} {unit}<extra></extra>",
                hoverongaps=False,
            ),
            row=i,
            col=1,
        )
    fig.update_xaxes(tickangle=-35, automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(coloraxis={"colorscale": "Blues", "colorbar": {"title": {"text": unit}}})
    fig.update_annotations(font={"size": 15}, xanchor="left", x=0)
    rows = sum(df[df["scope"] == s]["district"].nunique() for s in scopes)
    return _style(fig, title, height=max(380, 60 * rows + 200 * len(scopes)))


def portfolio_figure(mentions: pd.DataFrame, lang: str) -> go.Figure:
    if mentions.empty:
        return empty_figure(t("no_match", lang))
    df = label_frame(mentions, lang)
    total = df.groupby("district")["mentions"].transform("sum")
    df["share"] = df["mentions"] / total * 100
    fig = px.bar(
        df,
        x="share",
        y="district_label",
        color="cluster_label",
        orientation="h",
        custom_data=["mentions"],
        color_discrete_map=cluster_colors(lang),
    )
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
    """Ratio of each ranked figure to the peer median, metric by metric (1 = median): one
    trace per district, named in the legend (the focal district first, a larger diamond).
    Figures that are not ranked (not like the focal's, or codes lumping different measures)
    are left out."""
    df = table[table["rank"].notna() & table["ratio"].notna()].copy() if not table.empty else table
    if df.empty:
        return empty_figure(t("no_match", lang))
    fig = go.Figure()
    order = [focal] + [d for d in dict.fromkeys(df["district"]) if d != focal]
    for i, d in enumerate(order):
        part = df[df["district"] == d]
        if part.empty:
            continue
        is_focal = d == focal
        fig.add_trace(
            go.Scatter(
                x=part["ratio"],
                y=part["metric_label"],
                mode="markers",
                name=district_name(d, lang) + (" " + t("focal_marker", lang) if is_focal else ""),
                marker={
                    "size": 16 if is_focal else 10,
                    "symbol": "diamond" if is_focal else "circle",
                    "color": "#d62728" if is_focal else PEER_COLORS[(i - 1) % len(PEER_COLORS)],
                    "line": {"width": 1, "color": "#333"},
                },
                customdata=part[["hover"]],
                hovertemplate=f"<b>{html.escape(district_name(d, lang))}</b> · %{{y}}<br>%{{x:.2f}}× · %{{customdata[0]}}<extra></extra>",
            )
        )
    fig.add_vline(x=1, line_dash="dot", line_color="#888")
    fig.update_xaxes(type="log", title=t("ratio_median", lang))
    fig.update_yaxes(title=None, automargin=True)
    return _style(fig, t("benchmark_chart", lang), height=max(320, 50 * df["metric_label"].nunique() + 160))


def timeline_figure(facts: pd.DataFrame, lang: str) -> go.Figure:
    """A place's figures over time: one panel per metric (each with its own unit), one line per
    status (a target's line never joins an actual's), only where a metric has two years or more."""
    if facts.empty:
        return empty_figure(t("no_timeline", lang))
    df = label_frame(facts, lang)
    df["series"] = list(zip(df["metric"], df["of_metric"].fillna(""), df["unit"], df["status"], df["scope"]))
    years = df.groupby("series")["year"].nunique()
    df = df[df["series"].map(years) >= 2]
    if df.empty:
        return empty_figure(t("no_timeline", lang))
    from plotly.subplots import make_subplots

    panels = list(dict.fromkeys(zip(df["metric"], df["of_metric"].fillna(""), df["unit"])))
    titles = []
    for metric, of, unit in panels:
        _, label = scale(metric, unit, lang)
        titles.append(f"{df[(df['metric'] == metric) & (df['of_metric'].fillna('') == of)]['metric_label'].iloc[0]} ({label})")
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=titles, vertical_spacing=0.25 / max(1, len(panels)))
    shown: set[str] = set()
    for row, (metric, of, unit) in enumerate(panels, start=1):
        divisor, _ = scale(metric, unit, lang)
        part = df[(df["metric"] == metric) & (df["of_metric"].fillna("") == of) & (df["unit"] == unit)]
        for (status, scope), g in part.groupby(["status", "scope"], sort=False):
            g = g.sort_values("year")
            name = f"{g['status_label'].iloc[0]}" + (f" · {g['scope_label'].iloc[0]}" if scope != "district" else "")
            fig.add_trace(
                go.Scatter(
                    x=g["year"].astype(int).tolist(),
                    y=(g["value"] / divisor).tolist(),
                    mode="lines+markers+text",
                    text=g["raw"],
                    textposition="top center",
                    name=name,
                    legendgroup=name,
                    showlegend=name not in shown,
                    line={"color": STATUS_COLORS.get(status, "#888"), "dash": "dot" if status in ("target", "plan") else "solid"},
                    customdata=_fact_hover(g, lang),
                    hovertemplate="%{customdata}<extra></extra>",
                ),
                row=row,
                col=1,
            )
            shown.add(name)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(rangemode="tozero", exponentformat="none", separatethousands=True)
    fig.update_annotations(font={"size": 15}, xanchor="left", x=0)
    return _style(fig, t("timeline_title", lang), height=max(360, 260 * len(panels) + 80))

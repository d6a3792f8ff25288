"""Layout helpers shared by pages: context, chart blocks with captions and downloads."""

from __future__ import annotations

import html
import re
import threading

import pandas as pd
import streamlit as st

from dashboard import data, exports
from dashboard import queries as q
from dashboard.i18n import date_text, district_name, join, t
from etl.paths import TOPOJSON_URL

_run = threading.local()


def begin_app_run(lang: str, filters: q.Filters) -> None:
    """app.py hands the pages this run's language and filters."""
    _run.context = (lang, filters)


def end_app_run() -> None:
    _run.context = None


def context() -> tuple[str, q.Filters]:
    """(language, filters) for this run. A page that Streamlit ran without app.py (a first
    request for a page URL on a fresh server) draws the shared sidebar itself."""
    ctx = getattr(_run, "context", None)
    if ctx is not None:
        return ctx
    from dashboard import filters, preload

    preload.charts()  # as app.py does: the sidebar's first element
    data.ensure_warehouse()
    lang = filters.language()
    return lang, filters.sidebar(lang)


def start_page(title_key: str) -> tuple[str, q.Filters]:
    """A page's title and its (language, filters); a page with no district chosen says so and stops."""
    lang, f = context()
    st.title(t(title_key, lang))
    if not f.districts:
        no_match(lang)
        st.stop()
    return lang, f


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=^\"'@%/])")


def plain(text: object) -> str:
    """Text from an article, a manifest or an override, made literal for Streamlit's Markdown:
    every ASCII punctuation character is backslash-escaped (CommonMark), so ``[x](url)`` is no
    link, ``![i](url)`` loads no image, ``$$x$$`` is no formula and ``:red[x]`` no colour."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", " ")


def highlight_html(text: str, start: int, end: int) -> str:
    """The article with one span highlighted. Every character of article text is escaped:
    the only markup is ours."""
    body = (
        html.escape(text[:start])
        + '<mark style="background:#ffe066;font-weight:600">'
        + html.escape(text[start:end])
        + "</mark>"
        + html.escape(text[end:])
    )
    return f'<div class="article" style="white-space:pre-wrap;line-height:1.7;max-height:480px;overflow:auto">{body}</div>'


def no_match(lang: str) -> None:
    st.info(t("no_match", lang))


def source_caption(doc_ids, lang: str) -> str:
    ids = sorted({d for v in doc_ids for d in str(v).split(";") if d and d != "nan"})
    if not ids:
        return ""
    docs = data.fetch(q.documents_by_id(ids))
    parts = [
        f"{plain(r.title_zh)} ({date_text(r.published, getattr(r, 'published_precision', 'day'))})" for r in docs.itertuples()
    ]
    return f"{t('source_caption', lang)} " + "; ".join(parts)


def chart_or_message(chart, lang: str, empty_key: str = "no_match") -> None:
    """A catalog chart, or the message ``empty_key`` says when nothing matches."""
    if chart.empty:
        st.info(t(empty_key, lang))
    else:
        chart_block(chart, lang)


def chart_block(chart, lang: str, key: str | None = None) -> None:
    """A catalog chart: the figure, its source caption, and its exports (CSV, XLSX, PNG, SVG)."""
    key = key or chart.key
    st.plotly_chart(
        chart.fig,
        width="stretch",
        key=f"chart_{key}",
        config={
            "displaylogo": False,
            "topojsonURL": TOPOJSON_URL,
            "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "filename": key},
        },
    )
    cap = source_caption(chart.doc_ids, lang)
    if cap:
        st.caption(cap)
    if chart.empty:
        return
    downloads(chart, lang, key)


def downloads(chart, lang: str, key: str) -> None:
    """Every file is made when its button is pressed, not on each rerun."""

    def table():
        return exports.export_table(chart.data, lang)

    def xlsx() -> bytes:
        return _xlsx_with_sources(table(), chart.doc_ids, lang)

    cols = st.columns(5)
    cols[0].download_button(
        "CSV", lambda: exports.csv_bytes(table()), f"{key}.csv", "text/csv", key=f"csv_{key}", on_click="ignore"
    )
    cols[1].download_button("XLSX", xlsx, f"{key}.xlsx", XLSX_MIME, key=f"xlsx_{key}", on_click="ignore")
    ready = exports.image_readiness()
    if not ready.ok:
        cols[2].caption(ready.message)
        return
    fig = chart.fig

    def image(fmt: str, factor: float = 1.0) -> bytes:  # with its source line at the foot
        docs = data.fetch(q.documents_by_id(sorted(chart.doc_ids))) if chart.doc_ids else pd.DataFrame()
        return exports.image_bytes(fig, fmt, factor, source=exports.source_line(docs, lang))

    cols[2].download_button("PNG 1920×1080", lambda: image("png"), f"{key}.png", "image/png", key=f"png_{key}", on_click="ignore")
    cols[3].download_button(
        "PNG 2×", lambda: image("png", 2.0), f"{key}@2x.png", "image/png", key=f"png2_{key}", on_click="ignore"
    )
    cols[4].download_button("SVG", lambda: image("svg"), f"{key}.svg", "image/svg+xml", key=f"svg_{key}", on_click="ignore")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(table: pd.DataFrame, doc_ids, lang: str, key: str, name: str) -> None:
    """CSV and XLSX (with a sources sheet for ``doc_ids``) of a table, each made when its
    button is pressed, not on each rerun (an XLSX of 10,000 rows takes seconds)."""

    def xlsx() -> bytes:
        return _xlsx_with_sources(table, doc_ids, lang)

    c1, c2 = st.columns(2)
    c1.download_button(
        t("download_csv", lang), lambda: exports.csv_bytes(table), f"{name}.csv", "text/csv", key=f"{key}_csv", on_click="ignore"
    )
    c2.download_button(t("download_xlsx", lang), xlsx, f"{name}.xlsx", XLSX_MIME, key=f"{key}_xlsx", on_click="ignore")


def _xlsx_with_sources(table: pd.DataFrame, doc_ids, lang: str) -> bytes:
    """The table as XLSX with a sheet listing the articles ``doc_ids`` (empty when none)."""
    docs = data.fetch(q.documents_by_id(sorted(doc_ids))) if doc_ids else pd.DataFrame()
    return exports.xlsx_bytes(table, exports.sources_table(docs, lang), lang)


def rules_table(row: pd.Series, lang: str) -> pd.DataFrame:
    """A fact's rules as a table: each field, its value, the rule that decided it, the cue it
    found in the text and what the rule says (data/rules/zh, docs/rules.md)."""
    import json

    from etl.rules import by_id

    try:
        recorded = json.loads(row.get("rules") or "{}")
    except (TypeError, ValueError):
        recorded = {}
    catalogue = by_id()
    rows = []
    for fld, (rule, cue) in recorded.items():
        value = row.get(fld)
        rows.append(
            {
                t("why_field", lang): fld,
                t("why_value", lang): "—" if value is None or pd.isna(value) else str(value),
                t("why_rule", lang): rule,
                t("why_cue", lang): cue or "—",
                t("why_doc", lang): catalogue[rule].doc if rule in catalogue else "",
            }
        )
    return pd.DataFrame(rows)


def keep_choice(key: str, options: list, chosen=None) -> None:
    """Before a selectbox keyed ``key`` over ``options`` is drawn: take ``chosen`` (a row picked
    in a table) when given, and fall back to the first option when the kept value is not one of
    them. The browser sends back the *label* of the last choice; once the options change (a new
    search, another language) that label is no option at all, and comparing it or looking it up
    failed (the Sources page's TypeError)."""
    ss = st.session_state
    if chosen is not None:
        ss[key] = chosen
    elif ss.get(key) not in options:
        ss[key] = options[0] if options else None


def documents_table(docs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The articles table for people: headers in the reader's language, places by name, each
    date to the precision it is known (2020-12, never 2020-12-01 00:00:00)."""
    precision = docs["published_precision"] if "published_precision" in docs else ["day"] * len(docs)
    return pd.DataFrame(
        {
            t("col_doc", lang): docs["doc_id"],
            t("col_title", lang): docs["title_zh"],
            t("col_published", lang): [date_text(p, pr) for p, pr in zip(docs["published"], precision)],
            t("col_district", lang): [
                join((district_name(x, lang) for x in str(s).split(";") if x), lang) for s in docs["districts"]
            ],
            t("col_n_facts", lang): docs["n_facts"],
            t("col_source", lang): [u if isinstance(u, str) and u else s for u, s in zip(docs["url"], docs["source"])],
        }
    )


def quick_chart_refusal(frame: pd.DataFrame, x: str, y: str, lang: str) -> str | None:
    """Why the SQL page's quick chart is not drawn, or None. A bar chart stacks rows that share
    a label, so it would add them: refused when rows of one label repeat, or when the rows hold
    more than one unit (yuan beside m² beside counts) or status."""
    zh = lang == "zh"
    for col, what_zh, what_en in (("unit", "单位", "units"), ("status", "状态", "statuses"), ("scope", "范围", "scopes")):
        if col in frame and frame[col].nunique(dropna=True) > 1:
            return (
                f"结果含多种{what_zh}({join(sorted(map(str, frame[col].dropna().unique())), lang)}),不画在同一坐标上;请在 SQL 中只选一种。"
                if zh
                else f"The rows hold several {what_en} ({join(sorted(map(str, frame[col].dropna().unique())), lang)}); "
                "they are not drawn on one axis: select one in the SQL."
            )
    if frame[x].duplicated().any():
        return (
            f"「{x}」有重复值,柱状图会把它们相加;请按它分组或选另一列。"
            if zh
            else f"'{x}' repeats, and a bar chart would add its rows: group by it or pick another column."
        )
    return None

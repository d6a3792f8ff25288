import pandas as pd
import streamlit as st

from dashboard import data, filters, ui
from dashboard import queries as q
from dashboard.i18n import cluster_label, code_label, district_name, join, metric_label, t
from dashboard.units import display

lang, f = ui.start_page("page_overview")

c1, c2 = st.columns(2)
with c1:
    save = filters.control("ov_status", "ms", "signed", valid=lambda v: v in q.STATUSES)
    status = (
        st.segmented_control(
            t("map_status", lang),
            q.STATUSES,
            format_func=lambda v: code_label("status", v, lang),
            key="ov_status",
            on_change=save,
        )
        or "signed"
    )
with c2:
    own = ("district", "zone", "project", "town")
    save = filters.control("ov_scope", "mc", "district", valid=lambda v: v in own)
    scope = (
        st.segmented_control(
            t("map_scope", lang), own, format_func=lambda v: code_label("scope", v, lang), key="ov_scope", on_change=save
        )
        or "district"
    )
filters.to_url("ms", status)
filters.to_url("mc", scope)
ui.chart_block(data.chart("map", f, lang, status=status, scope=scope), lang)
st.caption(t("map_size", lang))

summary = data.fetch(q.district_summary(f)).set_index("district")
totals = data.fetch(q.investment_totals(f))
signed = totals[totals["status"] == "signed"]
output = data.fetch(q.output_facts(f))
mentions = data.fetch(q.cluster_mentions(f))
projects = data.fetch(q.largest_investments(f, limit=200))
named = data.fetch(q.named_entities(f))

for i, d in enumerate(f.districts):
    if i % 3 == 0:
        cols = st.columns(3)
    with cols[i % 3].container(border=True):
        st.subheader(ui.plain(district_name(d, lang)))
        n = int(summary.loc[d, "n_facts"]) if d in summary.index else 0
        st.metric(t("facts_found", lang), n)
        if n == 0:
            st.info(t("no_figures", lang))
        out = output[output["district"] == d]
        own = out[~out["scope"].isin(["city", "province", "national", "town"])]  # a city's only when it has none
        top = (own if not own.empty else out[out["scope"] == "city"]).sort_values("value", ascending=False).head(1)
        card = []  # one Markdown block per card: a few elements for the browser to draw, not a dozen
        if not top.empty:
            top = top.iloc[0]
            year = int(top["year"]) if pd.notna(top["year"]) else t("undated", lang)
            card.append(
                f"**{t('largest_output', lang)}:** {display(top['value'], top['metric'], top['unit'], lang)} "
                f"({ui.plain(top['raw'])} · {metric_label(top['metric'], lang)}"
                + (f" · {cluster_label(top['cluster'], lang)}" if isinstance(top["cluster"], str) else "")
                + f" · {code_label('status', top['status'], lang)} · {code_label('scope', top['scope'], lang)} · {year})"
            )
        mine = signed[signed["district"] == d]  # one sum per scope: a district's total and its projects' are never added
        parts = [
            display(v, "investment", "CNY", lang) + (f" ({code_label('scope', sc, lang)})" if sc != "district" else "")
            for sc, v in zip(mine["scope"], mine["value"])
        ]
        card.append(f"**{t('signed_investment', lang)}:** {'; '.join(parts) or t('none', lang)}")
        cl = mentions[mentions["district"] == d].head(3)
        card.append(
            f"**{t('top_clusters', lang)}:** " + (join((cluster_label(c, lang) for c in cl["cluster"]), lang) or t("none", lang))
        )
        pr = projects[
            (projects["district"] == d) & projects["entity"].notna() & projects["scope"].isin(["project", "zone"])
        ].head(3)
        lines = [f"- {ui.plain(e)}: {display(v, 'investment', 'CNY', lang)}" for e, v in zip(pr["entity"], pr["value"])]
        if not lines:
            mine = named[named["district"] == d].sort_values("scope", key=lambda s: s != "project", kind="stable")
            lines = [f"- {ui.plain(e)}" for e in mine["entity"].head(3)]
        card.append(f"**{t('headline_projects', lang)}:**\n" + ("\n".join(lines) or t("none", lang)))
        st.markdown("\n\n".join(card))

st.header(t("articles", lang))
docs = data.fetch(q.documents(f))
st.dataframe(ui.documents_table(docs, lang), hide_index=True, width="stretch", placeholder="—")

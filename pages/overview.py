import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard import queries as q
from dashboard.i18n import cluster_label, code_label, district_name, metric_label, t
from dashboard.units import display

lang, f = ui.start_page("page_overview")

ui.chart_block(data.chart("map", f, lang), lang)
st.caption(t("map_size", lang))

summary = data.fetch(q.district_summary(f)).set_index("district")
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
        if not top.empty:
            top = top.iloc[0]
            year = int(top["year"]) if pd.notna(top["year"]) else t("undated", lang)
            st.markdown(
                f"**{t('largest_output', lang)}:** {display(top['value'], top['metric'], top['unit'], lang)} "
                f"({ui.plain(top['raw'])} · {metric_label(top['metric'], lang)}"
                + (f" · {cluster_label(top['cluster'], lang)}" if isinstance(top["cluster"], str) else "")
                + f" · {code_label('status', top['status'], lang)} · {code_label('scope', top['scope'], lang)} · {year})"
            )
        signed = float(summary.loc[d, "signed_investment"]) if d in summary.index else 0.0
        st.markdown(
            f"**{t('signed_investment', lang)}:** {display(signed, 'investment', 'CNY', lang) if signed else t('none', lang)}"
        )
        cl = mentions[mentions["district"] == d].head(3)
        st.markdown(
            f"**{t('top_clusters', lang)}:** " + ("、".join(cluster_label(c, lang) for c in cl["cluster"]) or t("none", lang))
        )
        pr = projects[
            (projects["district"] == d) & projects["entity"].notna() & projects["scope"].isin(["project", "zone"])
        ].head(3)
        lines = [f"- {ui.plain(e)}: {display(v, 'investment', 'CNY', lang)}" for e, v in zip(pr["entity"], pr["value"])]
        if not lines:
            mine = named[named["district"] == d].sort_values("scope", key=lambda s: s != "project", kind="stable")
            lines = [f"- {ui.plain(e)}" for e in mine["entity"].head(3)]
        st.markdown(f"**{t('headline_projects', lang)}:**\n" + ("\n".join(lines) or t("none", lang)))

st.header(t("articles", lang))
docs = data.fetch(q.documents(f))
st.dataframe(
    docs.assign(districts=[", ".join(district_name(x, lang) for x in s.split(";")) for s in docs["districts"]]),
    hide_index=True,
    width="stretch",
    placeholder="—",
)

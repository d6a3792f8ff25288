import dataclasses

import streamlit as st

from dashboard import data, exports, filters, ui
from dashboard import queries as q
from dashboard.i18n import district_name, t

lang, f0 = ui.context()  # the sidebar's years, statuses and scopes; the place is this page's own
st.title(t("page_district", lang))

places = data.fetch(q.all_districts())
have = places[(places["n_docs"] > 0) | (places["n_facts"] > 0)]
options = have["id"].tolist()
if not options:
    ui.no_match(lang)
    st.stop()
first = next((d for d in f0.districts if d in options), options[0])
save = filters.control("dp_district", "district", first, valid=lambda v: v in options)
district = st.selectbox(
    t("pick_district", lang), options, format_func=lambda v: district_name(v, lang), key="dp_district", on_change=save
)
filters.to_url("district", district)
row = have.set_index("id").loc[district]
st.caption(
    f"{t('district_where', lang)}: "
    + (f"{row['province_zh']} {row['city_zh']}" if lang == "zh" else f"{row['city_en']}, {row['province_en']}")
    + f" · {t('facts_found', lang)}: {int(row['n_facts'])} · {t('articles', lang)}: {int(row['n_docs'])}"
)

f = dataclasses.replace(f0, districts=(district,))
ui.chart_or_message(data.chart("timeline", f, lang), lang, "no_timeline")

st.header(t("district_facts", lang))
facts = data.fetch(q.facts(f, limit=5000))
table = exports.export_table(facts, lang)
st.dataframe(table, hide_index=True, width="stretch", placeholder="—")
ui.table_downloads(table, set(facts["doc_id"]), lang, key="dp", name=f"{district}-facts")

st.header(t("district_clusters", lang))
ui.chart_or_message(data.chart("portfolio", f, lang), lang)

st.header(t("district_projects", lang))
named = data.fetch(q.named_entities(f))
if named.empty:
    st.info(t("none", lang))
else:
    st.dataframe(
        named.drop_duplicates("entity").rename(
            columns={
                "entity": t("col_entity", lang),
                "scope": t("col_scope", lang),
                "doc_id": t("col_doc", lang),
                "quote": t("col_quote", lang),
            }
        )[[t("col_entity", lang), t("col_scope", lang), t("col_quote", lang), t("col_doc", lang)]],
        hide_index=True,
        width="stretch",
    )

st.header(t("articles", lang))
docs = data.fetch(q.documents(f))
st.dataframe(ui.documents_table(docs, lang), hide_index=True, width="stretch", placeholder="—")

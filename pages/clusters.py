import streamlit as st

from dashboard import catalog, data, ui
from dashboard.i18n import t

lang, f = ui.start_page("page_clusters")

heat = catalog.cluster_heatmap_chart(data.fetch, f, lang)
if heat.empty:
    ui.no_match(lang)
    st.stop()
ui.chart_block(heat, lang)
money = catalog.cluster_money_chart(data.fetch, f, lang)
if not money.empty:
    ui.chart_block(money, lang)
ui.chart_block(catalog.portfolio_chart(data.fetch, f, lang), lang)
ui.chart_block(catalog.similarity_chart(data.fetch, f, lang), lang)
st.caption(t("similarity_note", lang))

import streamlit as st

from dashboard import data, ui
from dashboard.i18n import t

lang, f = ui.start_page("page_clusters")

heat = data.chart("clusters", f, lang)
if heat.empty:
    ui.no_match(lang)
    st.stop()
ui.chart_block(heat, lang)
money = data.chart("cluster_money", f, lang)
if not money.empty:
    ui.chart_block(money, lang)
ui.chart_block(data.chart("portfolio", f, lang), lang)
ui.chart_block(data.chart("similarity", f, lang), lang)
st.caption(t("similarity_note", lang))

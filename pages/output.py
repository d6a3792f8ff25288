import streamlit as st

from dashboard import data, ui
from dashboard.i18n import t

lang, f = ui.start_page("page_output")

log = st.toggle(t("log_scale", lang), key="output_log")
chart = data.chart("output", f, lang, log=log)
if chart.empty:
    ui.no_match(lang)
else:
    ui.chart_block(chart, lang)

st.header(t("targets_vs_actuals", lang))
tva = data.chart("targets", f, lang)
if tva.empty:
    st.info(t("no_pairs", lang))
else:
    ui.chart_block(tva, lang)

st.header(t("physical_heading", lang))
physical = data.chart("physical", f, lang)
if physical.empty:
    st.info(t("no_physical", lang))
else:
    ui.chart_block(physical, lang)

import streamlit as st

from dashboard import data, ui
from dashboard.i18n import t

lang, f = ui.start_page("page_output")

log = st.toggle(t("log_scale", lang), key="output_log")
ui.chart_or_message(data.chart("output", f, lang, log=log), lang)

st.header(t("targets_vs_actuals", lang))
ui.chart_or_message(data.chart("targets", f, lang), lang, "no_pairs")

st.header(t("physical_heading", lang))
ui.chart_or_message(data.chart("physical", f, lang), lang, "no_physical")

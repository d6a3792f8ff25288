import streamlit as st

from dashboard import data, filters, ui
from dashboard import queries as q
from dashboard.charts import wide_range
from dashboard.i18n import t

lang, f = ui.start_page("page_output")

# a log axis by default when the figures span more than two orders of magnitude
auto = wide_range(data.fetch(q.output_facts(f))["value"])
save = filters.control("output_log", "log", auto, parse=filters.parse_bool, valid=lambda v: isinstance(v, bool))
log = st.toggle(t("log_scale", lang), key="output_log", on_change=save)
filters.to_url("log", "1" if log else "0")
ui.chart_or_message(data.chart("output", f, lang, log=log), lang)

st.header(t("targets_vs_actuals", lang))
ui.chart_or_message(data.chart("targets", f, lang), lang, "no_pairs")

st.header(t("physical_heading", lang))
ui.chart_or_message(data.chart("physical", f, lang), lang, "no_physical")

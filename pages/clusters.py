import streamlit as st

from dashboard import data, filters, ui
from dashboard import queries as q
from dashboard.i18n import code_label, t

lang, f = ui.start_page("page_clusters")

heat = data.chart("clusters", f, lang)
if heat.empty:
    ui.no_match(lang)
    st.stop()
ui.chart_block(heat, lang)
save = filters.control("cm_status", "cs", "signed", valid=lambda v: v in q.STATUSES)
status = (
    st.segmented_control(
        t("money_status", lang), q.STATUSES, format_func=lambda v: code_label("status", v, lang), key="cm_status", on_change=save
    )
    or "signed"
)
filters.to_url("cs", status)
ui.chart_or_message(data.chart("cluster_money", f, lang, status=status), lang)
ui.chart_block(data.chart("portfolio", f, lang), lang)
ui.chart_block(data.chart("similarity", f, lang), lang)
st.caption(t("similarity_note", lang))

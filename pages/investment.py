import streamlit as st

from dashboard import data, exports, ui
from dashboard import queries as q
from dashboard.i18n import t

lang, f = ui.start_page("page_investment")

totals = data.chart("investment", f, lang)
if totals.empty:
    ui.no_match(lang)
    st.stop()
ui.chart_block(totals, lang)

st.header(t("largest_projects", lang))
n = st.slider(t("rows_shown", lang), 5, 50, 10, key="inv_top_n")
top = data.fetch(q.largest_investments(f, limit=n))
st.dataframe(exports.export_table(top, lang), hide_index=True, width="stretch", placeholder="—")

ui.chart_block(data.chart("treemap", f, lang), lang)
st.caption(t("treemap_note", lang))

from datetime import date

import streamlit as st

from dashboard import data, exports, ui
from dashboard import queries as q
from dashboard.i18n import district_name, t

lang, f = ui.start_page("page_presentation")
zh = lang == "zh"

names = {
    "map": t("map_title", lang),
    "output": t("page_output", lang),
    "targets": t("targets_vs_actuals", lang),
    "physical": t("physical_heading", lang),
    "investment": t("inv_totals_title", lang),
    "treemap": t("treemap_title", lang),
    "clusters": t("heatmap_title", lang),
    "cluster_money": t("heatmap_money_title", lang),
    "portfolio": t("portfolio_title", lang),
    "similarity": t("similarity_title", lang),
    "benchmark": t("benchmark_chart", lang),
    "timeline": t("timeline_title", lang),
}
st.session_state.setdefault("deck_districts", list(f.districts))
st.session_state["deck_districts"] = [d for d in st.session_state["deck_districts"] if d in f.districts] or list(f.districts)
districts = st.multiselect(
    t("districts", lang), list(f.districts), format_func=lambda v: district_name(v, lang), key="deck_districts"
)
st.session_state.setdefault("deck_charts", ["output", "investment", "clusters"])
chosen = st.multiselect("图表" if zh else "Charts", list(names), format_func=lambda k: names[k], key="deck_charts")

ready = exports.image_readiness()
if not ready.ok:
    st.error(ready.message)
    st.stop()
if not districts or not chosen:
    st.info("请选择区县与图表。" if zh else "Pick districts and charts.")
    st.stop()

checked = st.toggle(t("checked_only", lang), key="deck_checked")
deck_filters = q.Filters(
    districts=tuple(districts),
    year_min=f.year_min,
    year_max=f.year_max,
    include_undated=f.include_undated,
    statuses=f.statuses,
    scopes=f.scopes,
    checked_only=checked,
)
built = [data.chart(k, deck_filters, lang) for k in chosen]
st.write(("将生成 " if zh else "Slides: ") + f"{len(built) + 2}" + (" 页幻灯片" if zh else ""))


def docs_for(ids):
    return data.fetch(q.documents_by_id(list(ids)))


c1, c2 = st.columns(2)
c1.download_button(
    "下载 PPTX" if zh else "Download PPTX",
    lambda: exports.build_deck(built, docs_for, districts, lang, date.today()),
    "districts.pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    key="deck_pptx",
    on_click="ignore",
    type="primary",
)
c2.download_button(
    "下载 ZIP(PNG、SVG、CSV)" if zh else "Download ZIP (PNG, SVG, CSV)",
    lambda: exports.build_zip(built, docs_for, lang),
    "charts.zip",
    "application/zip",
    key="deck_zip",
    on_click="ignore",
)

import streamlit as st

from dashboard import data, ui
from dashboard.i18n import district_name, t

lang, f = ui.start_page("page_benchmark")

options = list(f.districts)
if st.session_state.get("bm_focal") not in options:
    st.session_state["bm_focal"] = options[0]
focal = st.selectbox(t("focal", lang), options, format_func=lambda v: district_name(v, lang), key="bm_focal")
peer_options = [d for d in options if d != focal]
st.session_state["bm_peers"] = [p for p in st.session_state.get("bm_peers", peer_options) if p in peer_options] or peer_options
peers = st.multiselect(t("peers", lang), peer_options, format_func=lambda v: district_name(v, lang), key="bm_peers")

chart = data.chart("benchmark", f, lang, focal=focal, peers=peers)
if chart.empty:
    ui.no_match(lang)
    st.stop()
table = chart.data
st.header(t("benchmark_title", lang))
show = table.assign(district=[district_name(d, lang) for d in table["district"]])[
    ["metric_label", "district", "display", "rank", "ratio", "comparable", "raw", "quote"]
].rename(
    columns={
        "metric_label": t("col_metric", lang),
        "district": t("col_district", lang),
        "display": t("col_value", lang),
        "rank": t("rank", lang),
        "ratio": t("ratio_median", lang),
        "comparable": t("comparable", lang),
        "raw": t("col_raw", lang),
        "quote": t("col_quote", lang),
    }
)
st.dataframe(show, hide_index=True, width="stretch", placeholder="—")  # not ranked: blank, not "None"
mine = table[(table["district"] == focal) & (table["comparable"] != t("ok", lang))]
ranked, unranked = mine[mine["rank"].notna()], mine[mine["rank"].isna()]
if not ranked.empty:
    st.warning(
        f"{ui.plain(district_name(focal, lang))}: {t('not_comparable', lang)}\n\n"
        + "\n".join(
            f"- {m}: {v.removeprefix(t('not_comparable', lang)).strip()}"
            for m, v in zip(ranked["metric_label"], ranked["comparable"])
        )
    )
if not unranked.empty:
    st.info(t("not_ranked", lang) + ("、" if lang == "zh" else ", ").join(dict.fromkeys(unranked["metric_label"])))
ui.chart_block(chart, lang)

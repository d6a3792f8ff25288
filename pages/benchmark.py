import dataclasses

import streamlit as st

from dashboard import data, filters, ui
from dashboard.i18n import code_label, district_name, join, t

lang, f = ui.start_page("page_benchmark")

options = list(f.districts)
save_focal = filters.control("bm_focal", "focal", options[0], valid=lambda v: v in options)


def focal_changed() -> None:
    """The district that was focal becomes a peer (it was dropped from the peers silently)."""
    ss = st.session_state
    old = ss.get("_keep_bm_focal")
    save_focal()
    peers = [p for p in ss.get("_keep_bm_peers", []) if p != ss["bm_focal"]]
    if old and old != ss["bm_focal"] and old not in peers:
        peers.append(old)
    ss["_keep_bm_peers"] = peers


focal = st.selectbox(
    t("focal", lang), options, format_func=lambda v: district_name(v, lang), key="bm_focal", on_change=focal_changed
)
peer_options = [d for d in options if d != focal]
save_peers = filters.control("bm_peers", "peers", peer_options, parse=filters.parse_list, valid=lambda v: isinstance(v, list))
st.session_state["bm_peers"] = [p for p in st.session_state["bm_peers"] if p in peer_options]
peers = st.multiselect(
    t("peers", lang), peer_options, format_func=lambda v: district_name(v, lang), key="bm_peers", on_change=save_peers
)
filters.to_url("focal", focal)
filters.to_url("peers", ",".join(peers))

save_checked = filters.control("bm_checked", "checked", False, parse=filters.parse_bool, valid=lambda v: isinstance(v, bool))
if st.toggle(t("checked_only", lang), key="bm_checked", on_change=save_checked):
    f = dataclasses.replace(f, checked_only=True)
filters.to_url("checked", "1" if f.checked_only else "0")
chart = data.chart("benchmark", f, lang, focal=focal, peers=peers)
if chart.empty:
    ui.no_match(lang)
    st.stop()
table = chart.data
st.header(t("benchmark_title", lang))
show = table.assign(
    district=[district_name(d, lang) for d in table["district"]],
    status=[code_label("status", s, lang) for s in table["status"]],
    scope=[code_label("scope", s, lang) for s in table["scope"]],
)[["metric_label", "district", "display", "year", "status", "scope", "rank", "ratio", "comparable", "raw", "quote"]].rename(
    columns={
        "metric_label": t("col_metric", lang),
        "district": t("col_district", lang),
        "display": t("col_value", lang),
        "year": t("col_year", lang),
        "status": t("col_status", lang),
        "scope": t("col_scope", lang),
        "rank": t("rank", lang),
        "ratio": t("ratio_median", lang),
        "comparable": t("comparable", lang),
        "raw": t("col_raw", lang),
        "quote": t("col_quote", lang),
    }
)
st.dataframe(show, hide_index=True, width="stretch", placeholder="—")  # not ranked: blank, not "None"
nc = t("not_comparable", lang)
unlike = table[~table["is_focal"] & table["comparable"].str.startswith(nc) & table["rank"].isna()]
unlike = unlike[~unlike["metric"].isin(table.loc[table["comparable"].str.contains(t("differs_measure", lang)), "metric"])]
alone = table[table["is_focal"] & (table["comparable"] == f"{nc} {t('no_peer_value', lang)}")]
if not unlike.empty or not alone.empty:
    lines = [
        f"- {m}: "
        + join(
            (
                f"{ui.plain(district_name(d, lang))} ({v.removeprefix(nc).strip()})"
                for d, v in zip(g["district"], g["comparable"])
            ),
            lang,
        )
        for m, g in unlike.groupby("metric_label", sort=False)
    ] + [f"- {m}: {t('no_peer_value', lang)}" for m in alone["metric_label"] if m not in set(unlike["metric_label"])]
    st.warning(f"{ui.plain(district_name(focal, lang))}: {nc}\n\n" + "\n".join(lines))
mixed = table[table["comparable"].str.contains(t("differs_measure", lang), regex=False)]
if not mixed.empty:
    st.info(t("not_ranked", lang) + join(dict.fromkeys(mixed["metric_label"]), lang))
ui.chart_block(chart, lang)

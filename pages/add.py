from datetime import date

import streamlit as st

from dashboard import adding, ui
from dashboard.i18n import t
from etl import intake
from etl.paths import raw_dir

lang, _ = ui.context()
st.title(t("page_add", lang))
st.caption(t("add_intro", lang))
done = st.session_state.pop("add_done", None)  # the last save's outcome, shown after the rerun that reads it
if done:
    st.success(done["message"])
    for note in done["flagged"]:
        st.warning(ui.plain(note))

files = st.file_uploader(
    t("add_files", lang), type=["txt", "html", "htm"], accept_multiple_files=True, key="add_files", max_upload_size=5
)
with st.expander(t("add_paste", lang), expanded=not files):
    pasted_title = st.text_input(t("add_paste_title", lang), key="add_paste_title")
    pasted = st.text_area(t("add_paste_text", lang), key="add_paste_text", height=160)

query = st.text_input(t("add_place", lang), key="add_place_query", placeholder="绿春县 / 济南市市中区")
found = intake.search_places(query) if query.strip() else []
labels = {p.key + "|" + p.adcode: p for p in found}
if query.strip() and not found:
    st.warning(t("add_place_unknown", lang).format(name=ui.plain(query.strip())))
pick = (
    st.selectbox(t("add_place_pick", lang), list(labels), format_func=lambda k: labels[k].label(), key="add_place")
    if found
    else None
)
c1, c2, c3 = st.columns(3)
published_text = c1.text_input(t("add_published", lang), value=date.today().isoformat(), key="add_published")
source = c2.text_input(t("add_source", lang), key="add_source")
reviewer = c3.text_input(t("add_reviewer", lang), key="add_reviewer")

drafts, problems = [], []
for up in files or []:
    try:
        drafts.append(intake.read_upload(up.name, up.getvalue()))
    except intake.IntakeError as exc:
        problems.append(str(exc))
if pasted.strip():
    try:
        drafts.append(intake.pasted(pasted, pasted_title))
    except intake.IntakeError as exc:
        problems.append(str(exc))
for p in problems:
    st.error(ui.plain(p))  # the file named, the reason; nothing else is lost
if not drafts:
    st.info(t("add_nothing", lang))
    st.stop()
try:
    place = labels[pick] if pick else intake.resolve_place(query)
    published, precision = intake.check_date(published_text)
except intake.IntakeError as exc:
    st.error(ui.plain(str(exc)))
    st.stop()
if not place.known:
    st.warning(t("add_place_unknown", lang).format(name=ui.plain(place.name)))

raw = raw_dir()
bar = st.progress(0.0, text=t("add_reading", lang).format(i=0, n=len(drafts))) if len(drafts) > 1 else None
previews = []
for i, d in enumerate(drafts):
    previews.append(adding.make_preview(d, place, published, intake.doc_id_for(raw, d, i)))
    if bar is not None:
        bar.progress((i + 1) / len(drafts), text=t("add_reading", lang).format(i=i + 1, n=len(drafts)))
st.header(t("add_preview", lang))
st.caption(t("add_preview_note", lang))
edited = {}
for p in previews:
    st.subheader(f"{ui.plain(p.draft.title or p.draft.name)} · {len(p.facts)} · {p.draft.encoding}")
    if p.facts.empty:
        st.info(t("add_no_figures", lang))
        continue
    edited[p.doc_id] = st.data_editor(
        p.facts[adding.PREVIEW_COLUMNS],
        hide_index=True,
        width="stretch",
        disabled=["raw", "district", "entity", "quote", "fact_id"],
        column_config={
            "keep": st.column_config.CheckboxColumn(t("add_keep", lang)),
            "raw": st.column_config.TextColumn(t("col_raw", lang)),
            "district": st.column_config.TextColumn(t("col_district", lang)),
            "entity": st.column_config.TextColumn(t("col_entity", lang)),
            "quote": st.column_config.TextColumn(t("col_quote", lang), width="large"),
            "fact_id": st.column_config.TextColumn(t("col_fact", lang)),
            "metric": st.column_config.SelectboxColumn(t("col_metric", lang), options=adding.metric_codes()),
            "status": st.column_config.SelectboxColumn(t("col_status", lang), options=adding.codes("status")),
            "scope": st.column_config.SelectboxColumn(t("col_scope", lang), options=adding.codes("scope")),
            "year": st.column_config.NumberColumn(t("col_year", lang), min_value=1949, max_value=2100, step=1, format="%d"),
        },
        key=f"add_edit_{p.doc_id}",
    )
    ids = p.facts["fact_id"].tolist()
    shown = {r.fact_id: f"{r.raw} · {r.metric} · {r.status}" for r in p.facts.itertuples()}
    ui.keep_choice(f"add_pick_{p.doc_id}", ids)
    fid = st.selectbox(t("pick_fact", lang), ids, format_func=lambda i, shown=shown: shown.get(i, i), key=f"add_pick_{p.doc_id}")
    row = p.facts.set_index("fact_id").loc[fid]
    st.html(ui.highlight_html(p.text, int(row["start"]), int(row["end"])))
    st.dataframe(ui.rules_table(row, lang), hide_index=True, width="stretch")

if st.button(t("add_save", lang), type="primary", key="add_save_button"):
    try:
        with st.spinner(t("add_saving", lang)):
            saved, report = adding.save_and_build(raw, previews, edited, place, published, precision, source, reviewer)
    except intake.IntakeError as exc:
        st.error(ui.plain(str(exc)))
        st.stop()
    st.session_state["add_saved"] = [e.doc_id for e in saved.entries]
    for note in saved.flagged:
        st.warning(ui.plain(note))
    st.success(
        t("add_saved", lang).format(n=len(saved.entries), facts=report.facts, ids=", ".join(e.doc_id for e in saved.entries))
    )

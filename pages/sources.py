import streamlit as st

from dashboard import adding, data, exports, ui
from dashboard import queries as q
from dashboard.i18n import date_text, t
from etl import intake

lang, f = ui.start_page("page_sources")

SHOWN = 1000
search = st.text_input(t("search", lang), key="src_search").strip()
total = int(data.fetch(q.facts_count(f, search=search or None))["n"][0])
if total == 0:
    ui.no_match(lang)
    st.stop()
facts = data.fetch(q.facts(f, search=search or None, limit=SHOWN))

table = exports.export_table(facts, lang)
st.subheader(f"{t('facts_table', lang)} ({total:,})")
if total > SHOWN:
    st.caption(t("first_rows", lang).format(shown=SHOWN, total=total))
event = st.dataframe(
    table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="src_table", placeholder="—"
)
ui.table_downloads(table, set(facts["doc_id"]), lang, key="src", name="facts")

rows = event.selection.rows if event and event.selection else []
ids = facts["fact_id"].tolist()
labels = dict(zip(ids, (f"{r.raw} · {r.entity or ''} · {r.doc_id}" for r in facts.itertuples())))
ui.keep_choice("src_pick", ids, ids[rows[0]] if rows else None)
pick = st.selectbox(t("pick_fact", lang), ids, format_func=lambda i: labels.get(i, str(i)), key="src_pick")
fact = facts.iloc[ids.index(pick)]
doc = data.fetch(q.document_text(fact["doc_id"])).iloc[0]
st.subheader(f"{t('article', lang)}: {ui.plain(doc['title_zh'])} ({date_text(doc['published'], doc['published_precision'])})")
st.html(ui.highlight_html(doc["text"], int(fact["start"]), int(fact["end"])))
st.subheader(t("why_title", lang))
why = ui.rules_table(data.fetch(q.fact_rules(fact["fact_id"])).iloc[0], lang)
if why.empty:
    st.info(t("why_none", lang))
else:
    st.dataframe(why, hide_index=True, width="stretch")

with st.expander(t("review_title", lang)):
    review = {"check": t("review_check", lang), "reject": t("review_reject", lang), "set": t("review_set", lang)}
    action = st.radio(t("review_action", lang), list(review), format_func=review.get, key="rv_action", horizontal=True)
    fld, value = "", ""
    if action == "set":
        c1, c2 = st.columns(2)
        fld = c1.selectbox(t("review_field", lang), adding.REVIEW_FIELDS, key="rv_field")
        value = c2.text_input(t("review_value", lang), value=adding.shown_value(fact, fld), key="rv_value")
    reason = st.text_input(t("review_reason", lang), key="rv_reason")
    reviewer = st.text_input(t("add_reviewer", lang), key="rv_reviewer")
    if st.button(t("review_save", lang), key="rv_save"):
        try:
            with st.spinner(t("add_saving", lang)):
                adding.review(fact["fact_id"], action, fld, value, reason, reviewer)
        except (intake.IntakeError, ValueError) as exc:
            st.error(ui.plain(str(exc)))
        else:
            st.session_state["rv_done"] = t("review_saved", lang)
            st.rerun()
done = st.session_state.pop("rv_done", None)
if done:
    st.success(done)

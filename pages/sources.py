import streamlit as st

from dashboard import data, exports, ui
from dashboard import queries as q
from dashboard.i18n import t

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
labels = [f"{r.raw} · {r.entity or ''} · {r.doc_id}" for r in facts.itertuples()]
st.session_state.setdefault("src_pick", 0)
if rows:
    st.session_state["src_pick"] = rows[0]
if st.session_state["src_pick"] >= len(facts):
    st.session_state["src_pick"] = 0
pick = st.selectbox(t("pick_fact", lang), range(len(facts)), format_func=lambda i: labels[i], key="src_pick")
fact = facts.iloc[pick]
doc = data.fetch(q.document_text(fact["doc_id"])).iloc[0]
st.subheader(f"{t('article', lang)}: {ui.plain(doc['title_zh'])} ({str(doc['published'])[:10]})")
st.html(ui.highlight_html(doc["text"], int(fact["start"]), int(fact["end"])))
st.subheader(t("why_title", lang))
why = ui.rules_table(data.fetch(q.fact_rules(fact["fact_id"])).iloc[0], lang)
if why.empty:
    st.info(t("why_none", lang))
else:
    st.dataframe(why, hide_index=True, width="stretch")

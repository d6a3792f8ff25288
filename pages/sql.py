import plotly.express as px
import streamlit as st

from dashboard import data, ui
from dashboard.charts import FONT
from dashboard.i18n import t
from dashboard.sandbox import EXAMPLES, SandboxError

lang, _ = ui.context()
st.title(t("page_sql", lang))
zh = lang == "zh"

if "sql_query" not in st.session_state:
    st.session_state["sql_query"] = st.query_params.get("q") or EXAMPLES["largest_signed"][1]

left, right = st.columns([3, 1])
with right:
    st.subheader("表与字段" if zh else "Tables and columns")
    meta = data.column_metadata()
    for table, cols in meta.items():
        with st.expander(table):
            st.dataframe(
                [{"column": c, "unit": m["unit"], "description": m["description"]} for c, m in cols.items()],
                hide_index=True,
                width="stretch",
            )
    st.subheader("示例查询" if zh else "Examples")
    for key, (label, sql) in EXAMPLES.items():
        if st.button(label, key=f"ex_{key}", width="stretch"):
            st.session_state["sql_query"] = sql

with left:
    query = st.text_area("SQL", key="sql_query", height=180)
    st.query_params["q"] = query
    st.caption(
        "只读:仅允许单条 SELECT;无文件或网络访问;每次查询限时 5 秒、最多 10,000 行。"
        "侧边栏的筛选条件不作用于此处:查询读取全部数据,请在 SQL 中写明条件。"
        if zh
        else "Read-only: one SELECT at a time; no file or network access; 5 s and 10,000 rows per query. "
        "The sidebar's filters do not apply here: a query reads every fact; put its conditions in the SQL."
    )
    try:
        result = data.sandbox().run(query)
    except SandboxError as exc:
        st.error(ui.plain(exc.message(lang)))  # plain text: a query or an error quoting it is never Markdown
        st.stop()
    if result.notice:
        st.warning(result.notice_in(lang))
    frame = result.frame
    st.caption(f"{len(frame):,} rows · {result.seconds * 1000:.0f} ms")
    st.dataframe(frame, hide_index=True, width="stretch")
    ui.table_downloads(frame, (), lang, key="sql", name="query")
    numeric = [c for c in frame.columns if frame[c].dtype.kind in "if"]
    labels = [c for c in frame.columns if frame[c].dtype.kind in "OUS"]
    if numeric and labels and len(frame) <= 200:
        st.subheader("快速图表" if zh else "Quick chart")
        y = st.selectbox("Y", numeric, key="sql_y")
        x = st.selectbox("X", labels, key="sql_x")
        refusal = ui.quick_chart_refusal(frame, x, y, lang)
        if refusal:
            st.info(refusal)
        else:
            fig = px.bar(frame, x=x, y=y, title=f"{y} · {x}")
            fig.update_layout(font={"family": FONT})
            st.plotly_chart(fig, width="stretch", key="sql_chart")

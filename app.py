"""District industrial growth compared: streamlit run app.py"""

from pathlib import Path

import streamlit as st

# a local SVG: an emoji makes Streamlit load its emoji catalogue (0.15 s), a Material icon is fetched from Google
ICON = str(Path(__file__).parent / "static" / "favicon.svg")
st.set_page_config(page_title="区县产业发展对比 · District growth", page_icon=ICON, layout="wide")

from dashboard import preload  # noqa: E402  (imports only streamlit)

preload.charts()  # first, so that the browser fetches and compiles plotly while the imports below run

from dashboard import data, filters, ui  # noqa: E402
from dashboard.i18n import t  # noqa: E402

with st.spinner("正在从原始文章构建数据仓库…… / Building the warehouse from the raw articles…"):
    build_errors = data.ensure_warehouse()

lang = filters.language()
if build_errors:
    st.sidebar.warning(t("build_errors", lang) + "\n\n" + "\n".join(f"- {ui.plain(e)}" for e in build_errors))
ui.begin_app_run(lang, filters.sidebar(lang))

PAGES = [
    ("pages/overview.py", "page_overview", "overview", ":material/map:"),
    ("pages/output.py", "page_output", "output", ":material/factory:"),
    ("pages/investment.py", "page_investment", "investment", ":material/payments:"),
    ("pages/clusters.py", "page_clusters", "clusters", ":material/hub:"),
    ("pages/benchmark.py", "page_benchmark", "benchmark", ":material/leaderboard:"),
    ("pages/district.py", "page_district", "district", ":material/location_city:"),
    ("pages/sources.py", "page_sources", "sources", ":material/article:"),
    ("pages/add.py", "page_add", "add", ":material/note_add:"),
    ("pages/sql.py", "page_sql", "sql", ":material/terminal:"),
    ("pages/presentation.py", "page_presentation", "presentation", ":material/slideshow:"),
]
nav = st.navigation(
    [
        st.Page(path, title=t(key, lang), url_path=url, icon=icon, default=(i == 0))
        for i, (path, key, url, icon) in enumerate(PAGES)
    ]
)
nav.run()

"""The chart preload: which of Streamlit's front-end files it names, and the element it sends."""

import re
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import preload
from etl.paths import ROOT

STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"


def test_it_names_the_very_chunk_streamlits_own_lazy_import_loads():
    """A module is loaded once per URL: the preload helps only if its file is the one Streamlit's
    index module imports for a plotly chart. A Streamlit release that renames or drops the chunk
    fails here, not silently in a user's browser."""
    (name,) = preload.chunk_names()
    assert name.startswith("PlotlyChart.") and name.endswith(".js") and (STATIC_JS / name).is_file()
    page = (STATIC_JS.parent.parent / "index.html").read_text(encoding="utf-8")
    (entry,) = re.findall(r'<script type="module" crossorigin src="\./static/js/(index\.[^"/]+\.js)">', page)
    assert f"import(`./{name}`)" in (STATIC_JS / entry).read_text(encoding="utf-8")  # the script finds the entry by src*=


def test_chunk_names_keep_their_order_and_leave_out_what_is_missing(tmp_path, monkeypatch):
    for f in ("DataFrame.abc123.js", "PlotlyChart.x_y-9.js", "PlotlyChartExtra.js.map"):
        (tmp_path / f).write_text("", encoding="utf-8")
    monkeypatch.setattr(preload, "CHUNKS", ("PlotlyChart", "Missing", "DataFrame"))
    preload.chunk_names.cache_clear()
    try:
        assert preload.chunk_names(tmp_path) == ("PlotlyChart.x_y-9.js", "DataFrame.abc123.js")
        assert preload.chunk_names(tmp_path / "nowhere") == ()
    finally:
        preload.chunk_names.cache_clear()


def test_the_script_imports_each_name_beside_streamlits_index_module():
    js = preload.script(("PlotlyChart.D9Z0_fxz.js", "A.b.js"))
    assert 'for (const name of ["PlotlyChart.D9Z0_fxz.js", "A.b.js"]) import(new URL(name, base).href)' in js
    assert 'src*="/static/js/index."' in js and 'box.style.display = "none"' in js
    assert js.startswith("<script>") and js.endswith("</script>") and "NAMES" not in js


def test_the_app_sends_it_first_in_the_sidebar_on_every_run(warehouse):
    """app.py sends it on its runs; a page run without app.py (AppTest's reruns, or a page URL
    first asked of a fresh server) sends it from ui.context, as the same first element."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for _ in range(3):
        at.run()
        assert not at.exception
        el = at.sidebar.children[0]  # the sidebar's first element
        assert el.type == "html" and el.proto.unsafe_allow_javascript is True
        assert el.proto.body == preload.script(preload.chunk_names())
        assert [h.proto.body for h in at.get("html")] == [el.proto.body]  # the only one: none in the main area

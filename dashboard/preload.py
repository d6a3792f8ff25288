"""Start loading the chart library in the browser while the script is still working.

Streamlit's front end fetches its 4.7 MB plotly chunk only when the first chart arrives, and then
spends most of a second evaluating it before it draws: on a first visit that was the longest wait
for the Overview's map. ``charts()`` asks the browser for the same chunk (the same URL, so the same
module: Streamlit's own lazy import then finds it loaded) as the sidebar's first element of every
run, before pandas, DuckDB and plotly are even imported here, so that fetching and evaluating it
overlap the script's work. The script is this module's own fixed text: no user or article text.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

CHUNKS = ("PlotlyChart",)  # Streamlit's front-end chunks to load at once (by name, without the hash)

# hides its own (empty) element, then imports each chunk next to Streamlit's index module
_SCRIPT = """<script>
(() => {
  const box = document.currentScript && document.currentScript.closest('[data-testid="stElementContainer"]');
  if (box) box.style.display = "none";
  const index = document.querySelector('script[type="module"][src*="/static/js/index."]');
  const base = index ? new URL(".", index.src) : new URL("static/js/", document.baseURI);
  for (const name of NAMES) import(new URL(name, base).href).catch(() => {});
})();
</script>"""


@cache
def chunk_names(static_js: Path | None = None) -> tuple[str, ...]:
    """The file names of CHUNKS in this Streamlit's front end (their hashes change with each
    release); a chunk that is not there is left out."""
    js = static_js or Path(st.__file__).parent / "static" / "static" / "js"
    return tuple(found[0].name for c in CHUNKS if (found := sorted(js.glob(f"{c}.*.js"))))


def script(names: tuple[str, ...]) -> str:
    return _SCRIPT.replace("NAMES", json.dumps(list(names)))


def charts() -> None:
    """The preload, as the sidebar's first element on every run: the same element each time, so a
    rerun neither moves other elements nor runs the script again (a second import of a loaded
    module would do nothing anyway). In the sidebar, the page's own elements stay the main area's."""
    names = chunk_names()
    if names:
        st.sidebar.html(script(names), unsafe_allow_javascript=True)

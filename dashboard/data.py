"""Caching wrappers, all in one place. Pages call these; these call the query layer.

The connection is passed as ``_con`` so Streamlit does not hash it; ``build_id`` (the
warehouse's build stamp) is part of every cache key, the connection's and the sandbox's too
(a parameter named with a leading underscore would be left out of the key), so a rebuild is
read on the next rerun.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import queries as q
from etl.paths import warehouse_dir


def ensure_warehouse() -> list[str]:
    """Build the warehouse if it is missing or older than data/raw. Returns build errors; a
    build that another process is running, or that was refused, leaves the warehouse as it is
    and says why."""
    from etl.stale import is_stale

    if not is_stale():
        return []  # the ETL itself is not even imported
    from etl.build import BuildRefused, run
    from etl.lock import BuildLocked

    try:
        return run(progress=False).errors
    except BuildRefused as exc:
        return [*exc.report.errors, str(exc)]
    except (BuildLocked, ValueError) as exc:  # ManifestError and OverrideError are ValueErrors
        return [str(exc)]


def build_id() -> str:
    info = warehouse_dir() / "build.json"
    try:
        return json.loads(info.read_text(encoding="utf-8"))["built_at"] + str(warehouse_dir().resolve())
    except (OSError, KeyError, ValueError):
        return "none"


@st.cache_resource(show_spinner=False, max_entries=2)
def connection(build: str, path: str):
    return q.connect(Path(path))


def con():
    return connection(build_id(), str(warehouse_dir()))


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(_con, build: str, sql: str, params_json: str) -> pd.DataFrame:
    return q.run(_con, (sql, json.loads(params_json)))


def fetch(query: q.Query) -> pd.DataFrame:
    sql, params = query
    return _cached(con(), build_id(), sql, json.dumps(params, ensure_ascii=False, default=str))


@st.cache_resource(show_spinner=False, max_entries=64)  # a chart is a figure and its table: tens of kB to a few MB
def _chart(build: str, key: str, filters: q.Filters, lang: str, options: tuple):
    from dashboard import catalog

    return catalog.CHARTS[key](fetch, filters, lang, **dict(options))


def chart(key: str, filters: q.Filters, lang: str, **options):
    """A built chart (figure, table, source ids) from the catalog, kept across reruns: a rerun
    with the same filters need not build it again. Shared, not copied: nothing changes it in
    place (st.plotly_chart sends a copy of the figure, the exports style a deep copy, pages
    derive new tables from its data). ``options`` are the chart's own (log=, focal=, peers=)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))
    return _chart(build_id(), key, filters, lang, frozen)


def column_metadata() -> dict:
    try:
        return json.loads((warehouse_dir() / "metadata.json").read_text(encoding="utf-8"))
    except OSError:
        return {}


def _close(box) -> None:
    box.close()


@st.cache_resource(show_spinner=False, max_entries=1, on_release=_close)  # its worker processes end with it
def _sandbox(build: str, path: str):
    from dashboard.sandbox import Sandbox

    return Sandbox(Path(path))


def sandbox():
    return _sandbox(build_id(), str(warehouse_dir()))

"""Shared sidebar filters and language, kept in the URL's query parameters.

Streamlit clears query parameters when the page changes; the values live in session state
too and are written back to the URL on every run, so every page's URL reopens the view.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard import queries as q
from dashboard.i18n import code_label, district_name, t

KEYS = ("lang", "d", "y", "u", "s", "c")


def _get_list(name: str) -> list[str] | None:
    if name not in st.query_params:
        return None
    raw = st.query_params.get(name, "")
    return [v for v in raw.split(",") if v]


def init_from_url() -> None:
    """First run of a session: take filter values from the URL."""
    if st.session_state.get("_filters_loaded"):
        return
    st.session_state["_filters_loaded"] = True
    ss = st.session_state
    ss["_url0"] = st.query_params.to_dict()  # a page's own controls read theirs from it (control())
    lang = st.query_params.get("lang")
    if lang in ("zh", "en"):
        ss["_keep_lang"] = lang
    for key, name in (("f_districts", "d"), ("f_status", "s"), ("f_scope", "c")):
        v = _get_list(name)
        if v is not None:
            ss[f"_keep_{key}"] = v
    y = st.query_params.get("y")
    if y and "-" in y:
        lo, hi = y.split("-", 1)
        if lo.isdigit() and hi.isdigit():
            ss["_keep_f_years"] = (int(lo), int(hi))
    u = st.query_params.get("u")
    if u in ("0", "1"):
        ss["_keep_f_undated"] = u == "1"


def _persist(key: str, default) -> None:
    """Streamlit drops a widget's state when a run does not draw it (a page change, or
    AppTest's reruns under st.navigation); keep a shadow copy and restore it before drawing."""
    ss = st.session_state
    shadow = f"_keep_{key}"
    if shadow not in ss:
        ss[shadow] = ss.get(key, default)
    ss[key] = ss[shadow]


def _saver(key: str):
    def save() -> None:
        st.session_state[f"_keep_{key}"] = st.session_state[key]

    return save


def language() -> str:
    init_from_url()
    _persist("lang", "zh")
    lang = st.sidebar.segmented_control(
        "语言 / Language",
        options=["zh", "en"],
        format_func=lambda v: "中文" if v == "zh" else "English",
        key="lang",
        on_change=_saver("lang"),
    )
    return lang or "zh"


def default_districts(dists) -> list[str]:
    """The gazetteer's districts that have articles; in a warehouse with none (a corpus of other
    places), the twelve districts with the most facts. ``dists`` is the districts table."""
    have = dists[(dists["n_docs"] > 0) | (dists["n_facts"] > 0)]
    gaz = have[have["in_gazetteer"]]["id"].tolist()
    if gaz:
        return gaz[:12]
    return have.sort_values(["n_facts", "id"], ascending=[False, True])["id"].head(12).tolist()


def sidebar(lang: str) -> q.Filters:
    """Draw the shared filters; return them. Values a URL names but the data lacks are dropped."""
    st.sidebar.header(t("filters", lang))
    dists = data.fetch(q.all_districts())
    options = dists["id"].tolist()
    ss = st.session_state
    _persist("f_districts", default_districts(dists))
    ss["f_districts"] = ss["_keep_f_districts"] = [v for v in ss["f_districts"] if v in options]
    chosen = st.sidebar.multiselect(
        t("districts", lang),
        options,
        format_func=lambda v: district_name(v, lang),
        key="f_districts",
        on_change=_saver("f_districts"),
    )
    yr = data.fetch(q.year_range())
    lo = int(yr["lo"].iloc[0]) if yr["lo"].notna().iloc[0] else 2000
    hi = int(yr["hi"].iloc[0]) if yr["hi"].notna().iloc[0] else 2030
    if lo == hi:
        hi = lo + 1
    _persist("f_years", (lo, hi))
    if tuple(ss["f_years"]) == ss.get("_f_years_full", (lo, hi)):
        ss["f_years"] = (lo, hi)  # every year stays every year when a rebuild widens the range
    ss["_f_years_full"] = (lo, hi)
    a, b = ss["f_years"]
    ss["f_years"] = ss["_keep_f_years"] = (max(lo, min(int(a), hi)), min(hi, max(int(b), lo)))
    years = st.sidebar.slider(t("years", lang), lo, hi, key="f_years", on_change=_saver("f_years"))
    _persist("f_undated", True)
    undated = st.sidebar.checkbox(t("include_undated", lang), key="f_undated", on_change=_saver("f_undated"))
    statuses = _code_multiselect("status", q.STATUSES, "f_status", lang)
    scopes = _code_multiselect("scope", q.SCOPES, "f_scope", lang)
    f = q.Filters(
        districts=tuple(chosen),
        year_min=int(years[0]),
        year_max=int(years[1]),
        include_undated=bool(undated),
        statuses=tuple(statuses),
        scopes=tuple(scopes),
    )
    write_url(f, lang)
    return f


def _code_multiselect(group: str, codes: tuple[str, ...], key: str, lang: str) -> list[str]:
    """A multiselect over status or scope codes, all selected at first, labels in ``lang``."""
    _persist(key, list(codes))
    st.session_state[key] = st.session_state[f"_keep_{key}"] = [v for v in st.session_state[key] if v in codes]
    return st.sidebar.multiselect(
        t(group, lang), list(codes), format_func=lambda v: code_label(group, v, lang), key=key, on_change=_saver(key)
    )


def write_url(f: q.Filters, lang: str) -> None:
    params = {
        "lang": lang,
        "d": ",".join(f.districts),
        "y": f"{f.year_min}-{f.year_max}",
        "u": "1" if f.include_undated else "0",
        "s": ",".join(f.statuses),
        "c": ",".join(f.scopes),
    }
    extra = {k: v for k, v in st.query_params.to_dict().items() if k not in KEYS}
    if {k: st.query_params.get(k) for k in params} != params:
        st.query_params.from_dict({**extra, **params})


def control(key: str, name: str, default, parse=str, valid=lambda v: True):
    """A page's own control (log scale, focal district, status …) kept in the URL as ``name``,
    like the sidebar filters: on the session's first run its value comes from the URL when
    ``parse`` reads it and ``valid`` accepts it, else ``default``; it survives page changes.
    Call before drawing the widget keyed ``key``; pass the result as its ``on_change``, then
    call ``to_url`` with the value drawn."""
    ss = st.session_state
    shadow = f"_keep_{key}"
    if shadow not in ss:
        raw = ss.get("_url0", {}).get(name)
        value = default
        if raw is not None:
            try:
                parsed = parse(raw)
            except (TypeError, ValueError):
                parsed = None
            if parsed is not None and valid(parsed):
                value = parsed
        ss[shadow] = value
    if not valid(ss[shadow]):
        ss[shadow] = default
    ss[key] = ss[shadow]
    return _saver(key)


def to_url(name: str, value: str) -> None:
    if st.query_params.get(name) != value:
        st.query_params[name] = value


def parse_list(raw: str) -> list[str]:
    return [v for v in raw.split(",") if v]


def parse_bool(raw: str) -> bool | None:
    return {"1": True, "0": False}.get(raw)

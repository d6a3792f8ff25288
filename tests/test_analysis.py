"""Chart hover text and the benchmark table: article text shown as text, falls kept out of ratios."""

import html

import numpy as np
import pandas as pd

from dashboard import analysis, charts

HOSTILE = "<a href='javascript:alert(1)'>点此</a><b>粗</b> 投资5亿元"


def test_article_text_in_a_hover_is_escaped_not_rendered():
    wrapped = charts._wrap(HOSTILE, width=10)
    assert "<a" not in wrapped and "<b>" not in wrapped
    assert wrapped.startswith("&lt;a href='j<br>avascript:<br>alert(1)'&gt;<br>")
    # nothing lost: the text comes back once the entities are read (wrapping only drops spaces)
    assert html.unescape(wrapped.replace("<br>", "")).replace(" ", "") == HOSTILE.replace(" ", "")
    # an entity is never cut in half by the wrapping
    assert all(not part.endswith(("&", "&l", "&lt")) for part in wrapped.split("<br>"))


def _headline(rows):
    base = {"unit": "percent", "scope": "district", "year": 2024, "status": "actual", "raw": "x", "quote": "q"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_benchmark_ratio_left_blank_for_a_fall():
    head = _headline(
        [
            {"district": "a", "metric": "growth", "value": -3.2, "raw": "3.2%", "quote": HOSTILE},
            {"district": "b", "metric": "growth", "value": 4.0},
            {"district": "c", "metric": "growth", "value": 6.0},
        ]
    )
    table = analysis.benchmark(head, "a", ["b", "c"], "en")
    got = {r.district: (r.rank, r.ratio) for r in table.itertuples()}
    assert got["a"][0] == 3 and np.isnan(got["a"][1])  # ranked last, no ratio to a positive median
    assert got["b"] == (2, 0.8) and got["c"] == (1, 1.2)  # median of the peers: 5.0
    hover = table.loc[table["district"] == "a", "hover"].iloc[0]
    assert "<a" not in hover and "&lt;a href=" in hover

"""The Add articles page's work, out of the page: drafts from uploads and pasted text, their
preview (the ETL's figures, editable), and the save that writes raw files, the manifest and
the corrections, then brings the warehouse up to date (a cached build: only new articles are
read). Pure functions of their inputs, tested without Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl import intake

# what a reviewer may correct in the preview, and the codes each takes
EDITABLE = ("metric", "status", "year", "scope")
PREVIEW_COLUMNS = ["keep", "raw", "metric", "status", "year", "scope", "district", "entity", "quote", "fact_id"]


@dataclass
class Preview:
    draft: intake.Draft
    doc_id: str
    text: str  # the cleaned text the figures' offsets point into
    facts: pd.DataFrame  # PREVIEW_COLUMNS, plus start, end and rules


def make_preview(draft: intake.Draft, place: intake.Place, published: date | None, doc_id: str) -> Preview:
    ex = intake.preview(draft, place, published, doc_id)
    rows = [f.as_dict() for f in ex.facts]
    df = pd.DataFrame(rows, columns=[*PREVIEW_COLUMNS[1:], "start", "end", "rules", "value", "unit", "cluster", "of_metric"])
    df.insert(0, "keep", True)
    df["year"] = df["year"].astype("Int64")
    return Preview(draft, doc_id, ex.cleaned.text, df)


def corrections(original: pd.DataFrame, edited: pd.DataFrame) -> tuple[list[str], list[tuple[str, str, str, str, str]]]:
    """(rejected fact ids, override rows) from the preview as shown and as the user left it:
    a row unticked is rejected; a changed metric, status, year or scope is a ``set`` row."""
    rejected = edited.loc[~edited["keep"].astype(bool), "fact_id"].tolist()
    rows = []
    before = original.set_index("fact_id")
    for r in edited[edited["keep"].astype(bool)].itertuples():
        for fld in EDITABLE:
            old, new = before.loc[r.fact_id, fld], getattr(r, fld)
            if (pd.isna(old) and pd.isna(new)) or (not pd.isna(old) and not pd.isna(new) and str(old) == str(new)):
                continue
            value = "" if pd.isna(new) else str(int(new)) if fld == "year" else str(new)
            rows.append((r.fact_id, "set", fld, value, "corrected in the preview"))
    return rejected, rows


def save_and_build(
    raw: Path,
    previews: list[Preview],
    edited: dict[str, pd.DataFrame],
    place: intake.Place,
    published: date,
    precision: str,
    source: str,
    reviewer: str,
):
    """Save the previewed articles (refused when the manifest changed since the preview, so the
    figures' ids still hold), the user's rejections and corrections, then build. Returns
    (Saved, build report)."""
    for i, p in enumerate(previews):
        if intake.doc_id_for(raw, p.draft, i) != p.doc_id:
            raise intake.IntakeError("the articles changed since this preview (another save?): preview again")
    rejected, sets = {}, []
    for p in previews:
        r, s = corrections(p.facts, edited.get(p.doc_id, p.facts))
        rejected[p.doc_id] = r
        sets += s
    saved = intake.save(raw, [p.draft for p in previews], place, published, precision, source, rejected, reviewer or "")
    if sets:
        intake.add_overrides(sets, reviewer or "")
    return saved, update_warehouse(raw, saved.entries)


def update_warehouse(raw: Path, entries):
    """The new articles into the warehouse: appended (only they are read, the rest copied), or a
    full cached build where appending is not right (see etl.build.append)."""
    from etl.build import AppendRefused, append, run

    try:
        return append(entries, raw=raw)
    except AppendRefused:
        return run(raw=raw, progress=False)


def metric_codes() -> list[str]:
    from etl import reference

    return [m.code for m in reference.metrics()]


def codes(group: str) -> list[str]:
    from etl.schema import SCOPES, STATUSES

    return list({"status": STATUSES, "scope": SCOPES}[group])


REVIEW_FIELDS = ("metric", "status", "year", "scope", "district", "entity", "cluster", "value", "unit", "qualifier")


def shown_value(fact, fld: str) -> str:
    v = fact.get(fld)
    if v is None or pd.isna(v):
        return ""
    return str(int(v)) if fld == "year" else str(v)


def review(fact_id: str, action: str, fld: str, value: str, reason: str, reviewer: str) -> None:
    """A reviewer's verdict on one figure (checked, rejected, or one field set), written to the
    overrides file (checked first, atomically), then a cached build applies it."""
    if not reviewer.strip():
        raise intake.IntakeError("a reviewer name is needed")
    intake.add_overrides(
        [(fact_id, action, fld if action == "set" else "", value if action == "set" else "", reason)], reviewer.strip()
    )
    from etl.build import run

    run(progress=False)

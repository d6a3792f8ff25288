"""Reviewers' corrections, applied at build: data/curated/overrides.csv.

Columns: fact_id, action (``set``, ``reject`` or ``check``), field, value, reason, and optionally
reviewer and date. A ``set`` row changes one field of one fact; a ``reject`` row drops the fact; a
``check`` row says a reviewer read the fact against its article and found it right. A fact that a
reviewer checked or corrected carries the reviewer's name in ``facts.checked_by``. Rows that match
no fact are stale and are reported by the build, never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.csvfile import CsvFileError, dict_rows
from etl.schema import QUALIFIERS, SCOPES, STATUSES

EDITABLE = {
    "district": str,
    "scope": str,
    "entity": str,
    "metric": str,
    "value": float,
    "value_high": float,
    "unit": str,
    "qualifier": str,
    "status": str,
    "year": int,
    "cluster": str,
}
_ENUMS = {"status": STATUSES, "scope": SCOPES, "qualifier": QUALIFIERS}


class OverrideError(ValueError):
    pass


@dataclass(frozen=True)
class Override:
    fact_id: str
    action: str
    field: str
    value: str
    reason: str
    line: int
    reviewer: str = ""


def read_overrides(path: Path) -> list[Override]:
    """Every row checked; the first bad one raises OverrideError naming the file and line."""
    out = []
    try:
        names, rows = dict_rows(path)
    except CsvFileError as exc:
        raise OverrideError(str(exc)) from None
    missing = [c for c in ("fact_id", "action", "field", "value", "reason") if c not in names]
    if missing:
        raise OverrideError(f"{path.name}: missing columns {', '.join(missing)}")
    try:
        for lineno, row in rows:
            out.append(_override(path, lineno, row))
    except CsvFileError as exc:
        raise OverrideError(str(exc)) from None
    return out


def _override(path: Path, lineno: int, row: dict) -> Override:
    where = f"{path.name} line {lineno}"
    action = (row.get("action") or "").strip()
    if action not in ("set", "reject", "check"):
        raise OverrideError(f"{where}: action must be 'set', 'reject' or 'check', not {action!r}")
    if not (row.get("reason") or "").strip():
        raise OverrideError(f"{where}: a reason is required")
    fld = (row.get("field") or "").strip()
    val = (row.get("value") or "").strip()
    if action == "set":
        if fld not in EDITABLE:
            raise OverrideError(f"{where}: field {fld!r} cannot be overridden")
        if fld in _ENUMS and val not in _ENUMS[fld]:
            raise OverrideError(f"{where}: {fld} must be one of {', '.join(_ENUMS[fld])}")
        _check_value(where, fld, val)
    reviewer = (row.get("reviewer") or "").strip()
    return Override((row.get("fact_id") or "").strip(), action, fld, val, row["reason"].strip(), lineno, reviewer)


def _check_value(where: str, field: str, value: str) -> None:
    if value == "":
        return
    if EDITABLE[field] is int and not (value.isascii() and value.isdigit() and len(value) == 4):
        raise OverrideError(f"{where}: {field} must be a year such as 2024 (or empty), not {value!r}")
    if EDITABLE[field] is float:
        try:
            number = float(value)
        except ValueError:
            raise OverrideError(f"{where}: {field} must be a number (or empty), not {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise OverrideError(f"{where}: {field} must be a finite number, not {value!r}")


def _convert(field: str, value: str):
    if value == "":
        return None
    return EDITABLE[field](value)


class OverrideIndex:
    """Overrides applied one article at a time during a streaming build; remembers which
    matched so the ones that never did are reported as stale."""

    def __init__(self, overrides: list[Override]):
        self.by_id: dict[str, list[Override]] = {}
        for o in overrides:
            self.by_id.setdefault(o.fact_id, []).append(o)
        self.overrides = overrides
        self.matched: set[str] = set()
        self.applied = 0

    def apply(self, facts: list[dict]) -> list[dict]:
        if not self.by_id:
            return facts
        out = []
        for fact in facts:
            rejected = False
            for o in self.by_id.get(fact["fact_id"], ()):
                self.matched.add(o.fact_id)
                self.applied += 1
                if o.action == "reject":
                    rejected = True
                    continue
                if o.action == "set":
                    fact[o.field] = _convert(o.field, o.value)
                # checked, or corrected: read by a reviewer (named when the row names one)
                who = o.reviewer or "reviewer"
                names = [n for n in (fact.get("checked_by") or "").split("; ") if n]
                fact["checked_by"] = "; ".join(dict.fromkeys([*names, who]))
            if not rejected:
                out.append(fact)
        return out

    def stale(self) -> list[str]:
        return [
            f"line {o.line}: fact {o.fact_id} not found ({o.action} {o.field}: {o.reason})"
            for o in self.overrides
            if o.fact_id not in self.matched
        ]

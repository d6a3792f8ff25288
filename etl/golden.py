"""The golden corpus: every fact of every test article and seed, every column, kept in
``tests/corpus/<name>.facts.jsonl``.

Any change in the extractor's output shows as a difference against these files, field by field
(``python -m etl golden``); ``python -m etl golden --update`` rewrites them, so that a change in
output is a diff reviewed in the commit that makes it (as OWID's datadiff does for their data).

The articles: the test fixtures listed in ``tests/corpus/corpus.csv`` (with the publication date
and districts they are read with) and every row of the embedded ``data/raw/manifest.csv``.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl.paths import RAW_DIR, ROOT

CORPUS_DIR = ROOT / "tests" / "corpus"
CORPUS_MANIFEST = CORPUS_DIR / "corpus.csv"


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    doc_id: str
    published: date | None
    districts: tuple[str, ...]

    @property
    def golden(self) -> Path:
        return CORPUS_DIR / f"{self.name}.facts.jsonl"


def cases() -> list[Case]:
    """The fixtures of ``tests/corpus/corpus.csv``, then the embedded seeds, in a fixed order."""
    from etl.manifest import check_districts, parse_date, read_manifest

    out: list[Case] = []
    with open(CORPUS_MANIFEST, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            districts = check_districts(row["districts"]) if row["districts"].strip() else ()
            out.append(Case(row["name"], ROOT / row["file"], row["name"], parse_date(row["published"])[0], districts))
    entries, errors = read_manifest(RAW_DIR)
    if errors:
        raise ValueError(f"{RAW_DIR / 'manifest.csv'}: {errors[0]}")
    for e in entries:
        out.append(Case(f"seed_{e.doc_id}", RAW_DIR / e.file, e.doc_id, e.published, e.districts))
    return out


def extract_case(case: Case) -> list[dict]:
    """Every fact of one case, every column (the warehouse's, not only the contract's)."""
    from etl.extract import extract_text
    from etl.read import read_article

    raw = read_article(case.path)
    out = []
    for f in extract_text(raw.text, case.doc_id, case.published, case.districts).facts:
        d = f.as_dict()
        d["rules"] = json.loads(d["rules"])  # an object in the golden file, so its diff reads field by field
        out.append(d)
    return out


def load(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dump(path: Path, facts: Iterable[dict]) -> None:
    """Atomic write, one fact per line, keys in the extractor's column order."""
    text = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _label(f: dict) -> str:
    return f"{f['raw']} @{f['start']}"


def diff(expected: list[dict], got: list[dict]) -> list[str]:
    """Differences between two fact lists, one line each: a fact lost (-), a fact gained (+), a
    field changed (~ raw @start: field old -> new). Facts are paired by their span."""
    old = {(f["start"], f["end"]): f for f in expected}
    new = {(f["start"], f["end"]): f for f in got}
    lines: list[str] = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if b is None:
            lines.append(f"- {_label(a)}: {a['metric']} {a['status']} {a['year']} {a['district']} (fact lost)")
        elif a is None:
            lines.append(f"+ {_label(b)}: {b['metric']} {b['status']} {b['year']} {b['district']} (new fact)")
        else:
            for field in dict.fromkeys([*a, *b]):
                if a.get(field) != b.get(field):
                    lines.append(f"~ {_label(b)}: {field} {a.get(field)!r} -> {b.get(field)!r}")
    return lines


def run(update: bool = False, names: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    """Compare (or with ``update`` rewrite) the golden files; returns (cases changed, report lines)."""
    changed = 0
    report: list[str] = []
    for case in cases():
        if names and case.name not in names:
            continue
        got = extract_case(case)
        lines = diff(load(case.golden), got)
        if not lines:
            continue
        changed += 1
        report.append(f"{case.name}: {len(lines)} differences")
        report.extend(f"  {ln}" for ln in lines)
        if update:
            dump(case.golden, got)
    return changed, report

"""The raw manifest: one row per article, checked row by row with messages that name the row."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl import reference
from etl.csvfile import CsvFileError, dict_rows
from etl.paths import MANIFEST_NAME

COLUMNS = (
    "doc_id",
    "file",
    "districts",
    "published",
    "published_precision",
    "published_basis",
    "script",
    "source",
    "url",
    "title_zh",
    "sha256",
)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    doc_id: str
    file: str
    districts: tuple[str, ...]
    published: date
    published_precision: str
    published_basis: str
    script: str
    source: str
    url: str
    title_zh: str
    sha256: str

    def row(self) -> dict[str, str]:
        p = self.published
        text = {"year": f"{p.year:04d}", "month": f"{p.year:04d}-{p.month:02d}"}.get(self.published_precision, p.isoformat())
        return {
            "doc_id": self.doc_id,
            "file": self.file,
            "districts": ";".join(self.districts),
            "published": text,
            "published_precision": self.published_precision,
            "published_basis": self.published_basis,
            "script": self.script,
            "source": self.source,
            "url": self.url,
            "title_zh": self.title_zh,
            "sha256": self.sha256,
        }


def parse_date(value: str) -> tuple[date, str]:
    """'2024-01-25' -> (date, 'day'); '2021-12' -> (2021-12-01, 'month'); '2021' -> year."""
    m = _DATE.match(value.strip())
    if not m:
        raise ManifestError(f"bad date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        parsed = date(y, mo, d)
    except ValueError as exc:
        raise ManifestError(f"bad date {value!r}: {exc}") from exc
    precision = "day" if m.group(3) else "month" if m.group(2) else "year"
    return parsed, precision


def check_districts(value: str, *, allow_unknown: bool = True) -> tuple[str, ...]:
    ids = tuple(v.strip() for v in value.split(";") if v.strip())
    if not ids:
        raise ManifestError("no district given")
    for i in ids:
        if i not in reference.district_ids() and not (allow_unknown and i.startswith("unknown:") and len(i) > 8):
            raise ManifestError(f"unknown district {i!r} (gazetteer ids: {', '.join(sorted(reference.district_ids()))})")
    return ids


def iter_manifest(raw_dir: Path) -> Iterator[Entry | str]:
    """Each row as an Entry, or as an error message naming the row and the problem; read as a
    stream, so a manifest of a million articles is never held in memory."""
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        raise ManifestError(f"{path}: no manifest")
    seen: set[str] = set()
    home = raw_dir.resolve()
    try:
        names, rows = dict_rows(path)
        missing = [c for c in ("doc_id", "file", "districts", "published") if c not in names]
        if missing:
            raise ManifestError(f"{path}: missing columns {', '.join(missing)}")
        for lineno, row in rows:
            where = f"{path.name} line {lineno} ({row.get('file') or row.get('doc_id') or '?'})"
            try:
                if not row.get("file") or not row.get("doc_id"):
                    raise ManifestError("doc_id and file are required")
                if row["doc_id"] in seen:
                    raise ManifestError(f"duplicate doc_id {row['doc_id']!r}")
                inside_raw(home, row["file"])
                published, precision = parse_date(row.get("published") or "")
                entry = Entry(
                    doc_id=row["doc_id"],
                    file=row["file"],
                    districts=check_districts(row.get("districts") or ""),
                    published=published,
                    published_precision=row.get("published_precision") or precision,
                    published_basis=row.get("published_basis") or "",
                    script=row.get("script") or "",
                    source=row.get("source") or "",
                    url=row.get("url") or "",
                    title_zh=row.get("title_zh") or "",
                    sha256=row.get("sha256") or "",
                )
                seen.add(row["doc_id"])
                yield entry
            except ManifestError as exc:
                yield f"{where}: {exc}"
    except CsvFileError as exc:
        raise ManifestError(f"{path.parent}/{exc}") from None


def inside_raw(home: Path, file: str) -> Path:
    """The article a manifest row names, refused unless it resolves inside the raw folder (no
    ``../``, no absolute path, no symlink that leads out)."""
    if Path(file).is_absolute():
        raise ManifestError(f"file {file!r} is an absolute path; name a file inside the raw folder")
    try:
        target = (home / file).resolve()
    except (OSError, ValueError) as exc:  # a NUL byte, a name too long for the system
        raise ManifestError(f"file {file[:80]!r} is not a usable file name ({exc})") from None
    if not target.is_relative_to(home):
        raise ManifestError(f"file {file!r} is outside the raw folder {home}")
    return target


def read_manifest(raw_dir: Path) -> tuple[list[Entry], list[str]]:
    """Valid entries and one error message per broken row (naming the row and problem)."""
    entries: list[Entry] = []
    errors: list[str] = []
    for item in iter_manifest(raw_dir):
        (errors if isinstance(item, str) else entries).append(item)
    return entries, errors


def count_rows(raw_dir: Path) -> int:
    """Rows of the manifest, for progress only: 0 for a file that is not UTF-8 CSV (reading it
    then reports the line that is not)."""
    try:
        with open(raw_dir / MANIFEST_NAME, encoding="utf-8-sig", newline="") as fh:
            return max(0, sum(1 for _ in csv.reader(fh)) - 1)
    except (UnicodeDecodeError, csv.Error):
        return 0


def write_manifest(raw_dir: Path, entries: list[Entry]) -> None:
    """Atomic rewrite of the manifest."""
    path = raw_dir / MANIFEST_NAME
    fd, tmp = tempfile.mkstemp(dir=raw_dir, prefix=".manifest.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            for e in entries:
                w.writerow(e.row())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

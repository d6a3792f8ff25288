"""A user's own articles into data/raw: the place they are about (any county, district, city or
zone of China, from cpca's table), checked uploads, a preview of the figures, and an atomic save.

The Add articles page and ``python -m etl add`` both call this module, so an article reads and
saves the same way from either. Nothing here touches the warehouse: a build (cached, so only the
new articles are read) follows a save.
"""

from __future__ import annotations

import csv
import fcntl
import functools
import hashlib
import io
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl import reference
from etl.manifest import COLUMNS, Entry, ManifestError, parse_date, read_manifest, write_manifest
from etl.paths import MANIFEST_NAME
from etl.read import ArticleError, decode

UPLOAD_LIMIT = 5 * 1024 * 1024  # bytes per article added from the dashboard or the command line
SUFFIXES = (".txt", ".html", ".htm")


class IntakeError(ValueError):
    """An article or a place that cannot be added; the message says which and why."""


@dataclass(frozen=True)
class Place:
    key: str  # the gazetteer id, or unknown:<name> (the warehouse's key for any other place)
    name: str
    city: str  # '' for a city, a province or a place cpca does not know
    province: str
    adcode: str  # '' when cpca does not know it
    lat: float | None
    lon: float | None

    @property
    def known(self) -> bool:
        return bool(self.adcode)

    def label(self) -> str:
        where = " ".join(p for p in (self.province, self.city) if p and p != self.name)
        return f"{self.name} ({where})" if where else self.name + ("" if self.known else " (?)")


def _units():
    from etl.places import admin_units

    return admin_units()


@functools.cache
def _gazetteer_by_code() -> dict[str, str]:
    return {d.adcode[:6]: d.id for d in reference.districts()}


@functools.cache
def _all_places() -> tuple[tuple[object, Place], ...]:
    """Every unit of cpca's table with its Place, made once (a search runs over all of them)."""
    return tuple((u, _place(u)) for u in _units())


def _gazetteer_place(d: reference.District) -> Place:
    return Place(d.id, d.name_zh, d.city_zh, d.province_zh, d.adcode, d.lat, d.lon)


def _place(unit) -> Place:
    from etl.places import _names_by_code, _units_by_name

    codes = _names_by_code()
    province = codes.get(unit.adcode[:2] + "0" * 10, "")
    city = codes.get(unit.adcode[:4] + "0" * 8, "") if not unit.adcode.endswith("00000000") else ""

    # a name several counties share is keyed with its city, as the reader keys 南京市鼓楼区
    shared = len(_units_by_name().get(unit.name, ())) > 1 and city
    key = _gazetteer_by_code().get(unit.adcode[:6]) or f"unknown:{city + unit.name if shared else unit.name}"
    return Place(key, unit.name, city, province, unit.adcode, unit.lat or None, unit.lon or None)


def search_places(query: str, limit: int = 20) -> list[Place]:
    """Places whose name, or province + city + name, contains ``query`` (济南市中区, 市中区,
    绿春): exact names first, then counties before cities and provinces."""
    query = re.sub(r"\s+", "", query or "")
    if not query:
        return []
    found = []
    gaz = {}
    for d in reference.districts():  # the gazetteer's first: 屯留区 is newer than cpca's table
        names = (d.name_zh, d.city_zh + d.name_zh, d.province_zh + d.city_zh + d.name_zh, *d.aliases)
        if any(query in n for n in names):
            gaz[d.id] = _gazetteer_place(d)
            found.append((query not in (d.name_zh, d.city_zh + d.name_zh), -1, 0, gaz[d.id]))
    for u, p in _all_places():
        if p.key in gaz:
            continue
        variants = (p.name, p.province + p.city + p.name, p.city + p.name, p.city.removesuffix("市") + p.name)
        if any(query in v for v in variants):
            exact = query in variants
            level = 0 if not u.adcode.endswith("00000000") else 1 if not u.adcode.endswith("0000000000") else 2
            found.append((not exact, level, len(variants[1]), p))
    found.sort(key=lambda x: x[:3])
    return [p for *_, p in found[:limit]]


def resolve_place(text: str) -> Place:
    """The one place ``text`` names (绿春县, 济南市市中区, a gazetteer id). A name several places
    share is refused with the candidates; a name cpca does not know is kept as written, flagged
    (``known`` is False)."""
    text = (text or "").strip()
    if not text:
        raise IntakeError("no place given")
    if text in reference.district_ids():
        return _gazetteer_place(next(d for d in reference.districts() if d.id == text))
    name = text.removeprefix("unknown:")
    from etl.places import _units_by_name

    shared = len(_units_by_name().get(name, ())) > 1  # 市中区 is four places: only with its city
    for d in reference.districts():  # the gazetteer's own names (屯留区 is newer than cpca's table)
        if len(name) >= 3 and (
            name in (d.city_zh + d.name_zh, d.city_zh + "市" + d.name_zh) or (name in d.aliases and not shared)
        ):
            return _gazetteer_place(d)
    exact = [p for p in search_places(name, limit=200) if name in (p.name, p.province + p.city + p.name, p.city + p.name)]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        options = "; ".join(f"{p.province}{p.city}{p.name}" for p in exact[:8])
        raise IntakeError(f"place {name!r} is ambiguous: {options}. Write it with its city (e.g. {exact[0].city}{exact[0].name})")
    if len(name) < 2:
        raise IntakeError(f"place {name!r} is too short to be a place name")
    return Place(f"unknown:{name}", name, "", "", "", None, None)


def check_date(value: str, today: date | None = None) -> tuple[date, str]:
    """YYYY, YYYY-MM or YYYY-MM-DD, not in the future."""
    try:
        published, precision = parse_date(value)
    except ManifestError as exc:
        raise IntakeError(str(exc)) from None
    today = today or date.today()
    if published > today:
        raise IntakeError(f"publication date {value} is in the future (today is {today.isoformat()})")
    return published, precision


@dataclass
class Draft:
    """One article read from an upload or a file, before it is saved."""

    name: str
    data: bytes
    text: str
    encoding: str
    sha256: str
    title: str
    warnings: list[str] = field(default_factory=list)


def read_upload(name: str, data: bytes) -> Draft:
    """An uploaded or given file, checked: a plain file name (no folders), a text or HTML file,
    within UPLOAD_LIMIT, not empty, not binary, decoded as the ETL decodes (UTF-8, GB18030/GBK,
    Big5)."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise IntakeError(f"{name!r}: a file name without folders is needed")
    if not name.lower().endswith(SUFFIXES):
        raise IntakeError(f"{name}: only {', '.join(SUFFIXES)} files are read")
    if len(data) > UPLOAD_LIMIT:
        raise IntakeError(f"{name}: {len(data):,} bytes, over the {UPLOAD_LIMIT // (1024 * 1024)} MB limit")
    if not data.strip():
        raise IntakeError(f"{name}: the file is empty")
    try:
        text, encoding = decode(data, name)
    except ArticleError as exc:
        raise IntakeError(str(exc)) from None
    if "\x00" in text:
        raise IntakeError(f"{name}: NUL bytes: a binary file, not text")
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:80]
    return Draft(name, data, text, encoding, hashlib.sha256(data).hexdigest(), title)


def pasted(text: str, title: str = "") -> Draft:
    """Pasted text as a draft (UTF-8), named after its checksum."""
    body = (title.strip() + "\n" if title.strip() and not text.lstrip().startswith(title.strip()) else "") + text
    data = body.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return read_upload(f"pasted-{digest[:12]}.txt", data)


@dataclass
class ManifestIndex:
    """What a save needs of the manifest, read in one pass without checking every row's file
    (a build does that): how many rows, their checksums and titles, the header."""

    rows: int
    by_sha: dict[str, str]
    titles: dict[str, str]
    header: list[str]


def manifest_index(raw: Path) -> ManifestIndex:
    path = raw / MANIFEST_NAME
    if not path.exists():
        return ManifestIndex(0, {}, {}, list(COLUMNS))
    by_sha, titles, n = {}, {}, 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            n += 1
            if row.get("sha256"):
                by_sha[row["sha256"].strip()] = (row.get("doc_id") or "").strip()
            title = (row.get("title_zh") or "").strip()
            if title:
                titles.setdefault(title, (row.get("doc_id") or "").strip())
        header = list(reader.fieldnames or [])
    return ManifestIndex(n, by_sha, titles, header)


def _append_manifest(raw: Path, index: ManifestIndex, new: list[Entry]) -> None:
    """The manifest with ``new`` rows after the others, written beside it and swapped in; the
    old rows are copied as bytes (a manifest of 100,000 rows is not parsed again)."""
    path = raw / MANIFEST_NAME
    if not path.exists() or index.header != list(COLUMNS):
        entries, _ = read_manifest(raw) if path.exists() else ([], [])
        write_manifest(raw, entries + new)
        return
    old = path.read_bytes()
    fd, tmp = tempfile.mkstemp(dir=raw, prefix=".manifest.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(old if old.endswith(b"\n") or not old else old + b"\n")
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
            for e in new:
                w.writerow(e.row())
            fh.write(buf.getvalue().encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def doc_id_for(raw: Path, draft: Draft, offset: int = 0) -> str:
    """The doc id a save will give ``draft`` (the ``offset``-th of this save): the preview's
    figures carry the ids the warehouse will."""
    return f"{manifest_index(raw).rows + offset:03d}_{draft.sha256[:16]}"


def preview(draft: Draft, place: Place, published: date | None, doc_id: str):
    """The figures the ETL reads in ``draft`` about ``place``: an Extraction (cleaned text, facts
    with their rules)."""
    from etl.extract import extract_text

    return extract_text(draft.text, doc_id, published, (place.key,))


@contextmanager
def _save_lock(raw: Path):
    path = raw / ".intake.lock"
    fh = open(path, "a+")  # noqa: SIM115 - held for the whole save
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IntakeError("another save is writing to data/raw now; try again in a moment") from None
        yield
    finally:
        fh.close()


@dataclass
class Saved:
    entries: list[Entry]
    flagged: list[str]  # near-duplicates and places cpca does not know: saved, and said so


def save(
    raw: Path,
    drafts: list[Draft],
    place: Place,
    published: date,
    precision: str,
    source: str = "",
    rejected: dict[str, list[str]] | None = None,
    reviewer: str = "",
) -> Saved:
    """Write ``drafts`` into ``raw`` and its manifest: each file first (a temporary name, then
    renamed), then the manifest once, atomically; a failure removes the files it wrote, so the
    raw folder and manifest are as before. An article already there (same checksum) is refused
    with its doc id; one with the same title as another is saved and flagged. Figures the user
    rejected in the preview (``rejected``: doc id -> fact ids) become reject rows in
    data/curated/overrides.csv, written atomically too."""
    if not drafts:
        raise IntakeError("no article to save")
    raw.mkdir(parents=True, exist_ok=True)
    with _save_lock(raw):
        index = manifest_index(raw)
        by_sha, titles = index.by_sha, index.titles
        seen: set[str] = set()
        for d in drafts:
            if d.sha256 in by_sha:
                raise IntakeError(f"{d.name}: already in the manifest as {by_sha[d.sha256]} (same sha256)")
            if d.sha256 in seen:
                raise IntakeError(f"{d.name}: given twice")
            seen.add(d.sha256)
        from etl.clean import clean

        n = index.rows
        new, written, flagged = [], [], []
        if not place.known:
            flagged.append(f"{place.name}: not a place in cpca's table; kept as written ({place.key})")
        try:
            for i, d in enumerate(drafts):
                doc_id = f"{n + i:03d}_{d.sha256[:16]}"
                suffix = Path(d.name).suffix.lower() or ".txt"
                name = f"{doc_id}{suffix}"
                dest = raw / name
                if dest.exists():
                    raise IntakeError(f"{dest}: exists already")
                fd, tmp = tempfile.mkstemp(dir=raw, prefix=f".{name}.", suffix=".tmp")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(d.data)
                os.replace(tmp, dest)
                written.append(dest)
                if d.title.strip() in titles:
                    flagged.append(f"{d.name}: same title as {titles[d.title.strip()]}; a repost? saved as {doc_id}")
                new.append(
                    Entry(
                        doc_id=doc_id,
                        file=name,
                        districts=(place.key,),
                        published=published,
                        published_precision=precision,
                        published_basis="given when added",
                        script=clean(d.text).script,
                        source=source,
                        url=source if source.startswith(("http://", "https://")) else "",
                        title_zh=d.title,
                        sha256=d.sha256,
                    )
                )
            _append_manifest(raw, index, new)
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
        if rejected:
            add_overrides(
                [(fid, "reject", "", "", "rejected in the preview") for ids in rejected.values() for fid in ids], reviewer
            )
    return Saved(new, flagged)


OVERRIDE_COLUMNS = ["fact_id", "action", "field", "value", "reason", "reviewer", "date"]


def add_overrides(rows: list[tuple[str, str, str, str, str]], reviewer: str, path: Path | None = None) -> None:
    """Append reviewers' rows (fact_id, action, field, value, reason) to the overrides file,
    atomically: the file is rewritten beside itself and swapped in, so it is always whole."""
    from etl.paths import overrides_file

    path = path or overrides_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    old: list[dict] = []
    names = list(OVERRIDE_COLUMNS)
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            names = list(reader.fieldnames or []) + [c for c in OVERRIDE_COLUMNS if c not in (reader.fieldnames or [])]
            old = list(reader)
    today = date.today().isoformat()
    from etl.overrides import OverrideError, _override

    for fid, action, fld, value, reason in rows:
        if not reason.strip():
            raise IntakeError("a reason is needed for every correction")
        try:  # the same checks a build makes: a row that would stop every build is never written
            _override(path, 0, {"fact_id": fid, "action": action, "field": fld, "value": value, "reason": reason})
        except OverrideError as exc:
            raise IntakeError(str(exc).replace(f"{path.name} line 0: ", "")) from None
        old.append(
            {
                "fact_id": fid,
                "action": action,
                "field": fld,
                "value": value,
                "reason": reason,
                "reviewer": reviewer,
                "date": today,
            }
        )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".overrides.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=names, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(old)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def files_in(paths: list[Path]) -> list[Path]:
    """The articles named: files as given, folders by their .txt/.html files in name order."""
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out

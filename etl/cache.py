"""The extraction cache behind ``python -m etl build``'s resume: one SQLite file beside the
warehouse, extraction results by cache key (article bytes, manifest row, extractor version and
vocabularies: see ``build._cache_key``).

One file instead of one pickle per article: a worker stores a batch of results in one
transaction, where a file per article cost a create and a rename each (a 10,000-article build
took 12.6 s with those files and 9.6 s without any cache). Each write is a transaction, so a
build killed half way leaves whole entries or none. The cache only saves work: an entry that
cannot be read is extracted again, and a cache that cannot be written is reported once and
the build goes on without it.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

CACHE_FILE = "extractions.sqlite"
DAMAGED = "damaged"  # left by a process that found the file damaged: the next build starts it again
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID"
# the keys go in as one JSON array parameter: one statement however many keys, no SQL built from values
_SELECT = "SELECT key, value FROM results WHERE key IN (SELECT value FROM json_each(?))"


class ExtractionCache:
    """Results by key in ``<folder>/extractions.sqlite``. Safe to use from several processes:
    each opens its own connection (also after a fork), and SQLite's write-ahead log lets one
    write while the others read."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.path = self.folder / CACHE_FILE
        self._con: sqlite3.Connection | None = None
        self._pid = -1
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._con is None or self._pid != os.getpid():
            try:
                if not self.path.exists():
                    self.create()
                con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                con.execute("PRAGMA synchronous=NORMAL")  # a cache: a power cut may lose the last entries, never corrupt
            except sqlite3.Error as exc:
                self._give_up(exc)
                return None
            self._con, self._pid = con, os.getpid()
        return self._con

    def create(self) -> None:
        """Make the file, its table and its write-ahead log (persistent in the file), once,
        before the workers start: two processes doing it at the same moment would collide."""
        self.folder.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(_SCHEMA)
        finally:
            con.close()

    def reset(self) -> None:
        """Delete the file (and its log) and create it again: for a file that is no database."""
        for p in (self.path, self.path.with_name(CACHE_FILE + "-wal"), self.path.with_name(CACHE_FILE + "-shm")):
            p.unlink(missing_ok=True)
        self.create()

    def _give_up(self, exc: Exception) -> None:
        self._broken = True
        if _is_damage(exc):
            try:
                (self.folder / DAMAGED).touch()
            except OSError:
                pass
        print(f"warning: extraction cache {self.path} unusable ({exc}); extracting without it", file=sys.stderr)

    def get_many(self, keys: Iterable[str]) -> dict[str, dict]:
        """The cached results among ``keys`` (an entry that does not unpickle is left out)."""
        keys = list(dict.fromkeys(keys))
        con = self._connect() if keys else None
        if con is None:
            return {}
        out: dict[str, dict] = {}
        try:
            for key, blob in con.execute(_SELECT, (json.dumps(keys),)):
                try:
                    out[key] = pickle.loads(blob)
                except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                    continue  # a damaged entry: extracted again, and overwritten
        except sqlite3.Error as exc:
            self._give_up(exc)
            return {}
        return out

    def put_many(self, results: dict[str, dict]) -> None:
        """Store ``results`` in one transaction (all of them or, if it fails, none)."""
        con = self._connect() if results else None
        if con is None:
            return
        rows = [(k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in results.items()]
        try:
            with con:  # a transaction: committed at the end, rolled back on an error
                con.execute("BEGIN IMMEDIATE")
                con.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self._give_up(exc)

    def __len__(self) -> int:
        con = self._connect()
        return con.execute("SELECT count(*) FROM results").fetchone()[0] if con is not None else 0

    def close(self) -> None:
        if self._con is not None and self._pid == os.getpid():
            self._con.close()
        self._con = None


def prepare_cache(folder: Path) -> str | None:
    """Make the cache ready before a build's workers start: the folder, the file (started again
    if it is no database), and no pickles left from the cache before 1.2. Returns the folder
    to pass to the workers, or None to build without a cache."""
    folder.mkdir(parents=True, exist_ok=True)
    for legacy in folder.glob("*.pickle"):  # the cache was a pickle per article before 1.2
        legacy.unlink(missing_ok=True)
    cache = ExtractionCache(folder)
    if (folder / DAMAGED).exists() or truncated(cache.path):
        print(f"warning: extraction cache {cache.path} damaged; starting a new one", file=sys.stderr)
        try:
            cache.reset()
            (folder / DAMAGED).unlink(missing_ok=True)
        except (sqlite3.Error, OSError) as exc:
            print(f"warning: extraction cache in {folder} unusable ({exc}); extracting without it", file=sys.stderr)
            return None
    try:
        cache.create()
    except sqlite3.DatabaseError as exc:  # not a database (any more): a cache, so start it again
        print(f"warning: extraction cache in {folder} unreadable ({exc}); starting a new one", file=sys.stderr)
        try:
            ExtractionCache(folder).reset()
        except (sqlite3.Error, OSError) as again:
            print(f"warning: extraction cache in {folder} unusable ({again}); extracting without it", file=sys.stderr)
            return None
    return str(folder)


def _is_damage(exc: Exception) -> bool:
    msg = str(exc)
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in msg or "not a database" in msg or "encrypted" in msg)


def truncated(path: Path) -> bool:
    """Whether a SQLite file is shorter than its header says (a copy or a disk that stopped
    half way): a check of 100 bytes, where an integrity check would read the whole file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    if not head:
        return False  # an empty file is an empty database
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return True
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]  # the page count is valid when the change counters agree
    return header_valid and pages * page > size


_OPEN: dict[str, ExtractionCache] = {}


def close_cache(folder: str) -> None:
    cache = _OPEN.pop(folder, None)
    if cache is not None:
        cache.close()


def open_cache(folder: str) -> ExtractionCache:
    """This process's cache object for ``folder`` (a worker reuses its connection across batches)."""
    cache = _OPEN.get(folder)
    if cache is None:
        cache = _OPEN[folder] = ExtractionCache(folder)
    return cache

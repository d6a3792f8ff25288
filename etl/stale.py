"""Is the warehouse older than what it is built from? Light on imports: the dashboard asks on
every start, and only a stale warehouse needs the ETL itself (etl.build) loaded."""

from __future__ import annotations

import json
from pathlib import Path

from etl import EXTRACTOR_VERSION, reference
from etl.paths import overrides_file, raw_dir, warehouse_dir
from etl.rules import RULES_DIR

BUILD_INFO = "build.json"


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when the warehouse is missing, built by another extractor version, or older than
    anything in the raw folder."""
    raw = Path(raw) if raw else raw_dir()
    out = Path(out) if out else warehouse_dir()
    info = out / BUILD_INFO
    if not info.exists() or not ((out / "facts.parquet").exists() or (out / "facts").is_dir()):
        return True
    try:
        version = json.loads(info.read_text(encoding="utf-8")).get("extractor_version")
    except (OSError, ValueError):
        return True
    if version != EXTRACTOR_VERSION:
        return True  # built by another extractor: its columns or readings differ
    built = info.stat().st_mtime
    newest = max((p.stat().st_mtime for p in raw.iterdir()), default=0.0)
    ref = max((p.stat().st_mtime for d in (reference.REFERENCE_DIR, RULES_DIR) for p in d.iterdir()), default=0.0)
    cur = overrides_file().stat().st_mtime if overrides_file().exists() else 0.0
    return max(newest, ref, cur) > built

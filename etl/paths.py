"""Every path the project uses, in one place."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW_DIR = DATA / "raw"
REFERENCE_DIR = DATA / "reference"
CURATED_DIR = DATA / "curated"
OVERRIDES_FILE = CURATED_DIR / "overrides.csv"
MANIFEST_NAME = "manifest.csv"
STATIC_DIR = ROOT / "static"
TOPOJSON_DIR = STATIC_DIR / "topojson"
TOPOJSON_URL = "/app/static/topojson/"  # where Streamlit's static serving puts TOPOJSON_DIR


def warehouse_dir() -> Path:
    """Where the warehouse lives: ``$DISTRICTS_WAREHOUSE`` or ``data/warehouse``."""
    return Path(os.environ.get("DISTRICTS_WAREHOUSE", DATA / "warehouse"))


def raw_dir() -> Path:
    """Where raw articles live: ``$DISTRICTS_RAW`` or ``data/raw``."""
    return Path(os.environ.get("DISTRICTS_RAW", RAW_DIR))


def overrides_file() -> Path:
    """Reviewers' corrections: ``$DISTRICTS_OVERRIDES`` or ``data/curated/overrides.csv``."""
    return Path(os.environ.get("DISTRICTS_OVERRIDES", OVERRIDES_FILE))

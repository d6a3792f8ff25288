"""One session fixture builds a small warehouse from the seed articles; every other test reads it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: speed is measured by the benchmarks, not by tests (a first example
# that loads the OpenCC tables, on a busy machine, failed a property test here once).
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.paths import RAW_DIR  # noqa: E402


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    from etl.build import run

    out = tmp_path_factory.mktemp("wh") / "warehouse"
    report = run(raw=RAW_DIR, out=out, progress=False)
    assert report.errors == []
    os.environ["DISTRICTS_WAREHOUSE"] = str(out)
    return out


@pytest.fixture(scope="session")
def facts(warehouse):
    import pyarrow.parquet as pq

    return pq.read_table(warehouse / "facts.parquet").to_pylist()

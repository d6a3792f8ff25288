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


FIXTURES = Path(__file__).parent / "corpus"


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory):
    """Builds a warehouse from fixture articles: fixture_warehouse(name, [(doc_id, file in
    corpus/, district, published), ...]) -> its folder."""

    def build(name: str, articles: list[tuple[str, str, str, str]]) -> Path:
        return _build_fixture_warehouse(tmp_path_factory, name, articles)

    return build


def _build_fixture_warehouse(tmp_path_factory, name: str, articles: list[tuple[str, str, str, str]]) -> Path:
    import shutil

    from etl.build import run

    raw = tmp_path_factory.mktemp(name) / "raw"
    raw.mkdir()
    from etl.manifest import COLUMNS

    rows = [",".join(COLUMNS)]
    for doc_id, file, district, published in articles:
        shutil.copy(FIXTURES / file, raw / file)
        rows.append(f"{doc_id},{file},{district},{published},day,,Hans,test fixture,,{file},")
    (raw / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = raw.parent / "warehouse"
    report = run(raw=raw, out=out, progress=False)
    assert report.errors == [], report.errors
    return out

"""The golden corpus: the extractor's whole output on every test article and seed, every column,
compared exactly with tests/corpus/<name>.facts.jsonl. A change in output fails here with the
differences listed field by field; `python -m etl golden --update` accepts it as a reviewed diff."""

import subprocess
import sys

import pytest

from etl import golden

CASES = golden.cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_output_is_the_golden_file(case):
    assert case.golden.exists(), f"{case.golden} missing: run python -m etl golden --update and review it"
    lines = golden.diff(golden.load(case.golden), golden.extract_case(case))
    assert not lines, f"{case.name}: output differs from {case.golden.name}\n" + "\n".join(lines)


def test_every_corpus_article_is_a_case_and_every_golden_file_has_one():
    listed = {c.path.name for c in CASES if c.path.parent == golden.CORPUS_DIR}
    assert listed == {p.name for p in golden.CORPUS_DIR.glob("*.txt")}
    assert {c.golden.name for c in CASES} == {p.name for p in golden.CORPUS_DIR.glob("*.facts.jsonl")}
    assert sum(c.name.startswith("seed_") for c in CASES) == 5


def _fact(**kw):
    base = {"raw": "5亿元", "start": 10, "end": 13, "metric": "investment", "status": "plan", "year": 2024, "district": "x"}
    return {**base, **kw}


def test_diff_names_each_lost_gained_and_changed_field():
    old = [_fact(), _fact(raw="3个", start=20, end=22, metric="projects")]
    new = [_fact(status="signed", year=None), _fact(raw="8亩", start=30, end=32, metric="land_area")]
    assert golden.diff(old, new) == [
        "~ 5亿元 @10: status 'plan' -> 'signed'",
        "~ 5亿元 @10: year 2024 -> None",
        "- 3个 @20: projects plan 2024 x (fact lost)",
        "+ 8亩 @30: land_area plan 2024 x (new fact)",
    ]
    assert golden.diff(old, old) == []


def test_cli_exits_0_when_the_corpus_is_unchanged():
    p = subprocess.run([sys.executable, "-m", "etl", "golden"], capture_output=True, text=True, check=False)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "golden corpus: no differences\n")

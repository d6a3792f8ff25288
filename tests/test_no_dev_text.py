"""The dev set's articles are third-party texts: none of their sentences, nor a run of twelve
characters from them, may be copied into the project (rules' examples, comments, test
articles). Statistical terms every bulletin uses are allowed."""

import functools
from pathlib import Path

import pytest

from etl.paths import ROOT

DEV = ROOT.parent / "shared" / "dev" / "articles"
RUN = 12  # characters in a row, at least ten of them Chinese
# phrases of the trade that any article may share with another
COMMON = ("社会消费品零售总额", "一般公共预算收入", "固定资产投资", "新能源科技股份有限公司")
PROJECT = ("etl", "data/rules", "data/reference", "data/curated", "tests", "docs", "dashboard", "pages", "benchmarks")
SUFFIXES = (".py", ".yaml", ".md", ".csv", ".txt", ".jsonl", ".json", ".toml")


@functools.cache
def _dev_runs() -> frozenset[str]:
    from opencc import OpenCC

    t2s = OpenCC("t2s").convert
    runs = set()
    for f in DEV.iterdir():
        raw = f.read_text(encoding="utf-8", errors="ignore")
        for text in (raw, t2s(raw)):
            for i in range(len(text) - RUN + 1):
                g = text[i : i + RUN]
                if "\n" not in g and sum("\u4e00" <= c <= "\u9fff" for c in g) >= RUN - 2:
                    runs.add(g)
    return frozenset(runs)


def shared_runs(text: str, runs: frozenset[str]) -> set[str]:
    found = {text[i : i + RUN] for i in range(len(text) - RUN + 1) if text[i : i + RUN] in runs}
    return {g for g in found if not any(c[k : k + 5] in g for c in COMMON for k in range(len(c) - 4))}


def test_shared_runs_finds_a_copied_run_and_allows_the_trades_terms():
    runs = frozenset({"甲乙县新开工项目二十个整", "全区实现社会消费品零售总"})
    assert shared_runs("据报道,甲乙县新开工项目二十个整。", runs) == {"甲乙县新开工项目二十个整"}
    assert shared_runs("全区实现社会消费品零售总额", runs) == set()


@pytest.mark.skipif(not DEV.is_dir(), reason="the dev set (../shared/dev) is not beside this checkout")
def test_no_run_of_a_dev_article_is_in_the_project():
    runs = _dev_runs()
    copied = {}
    for top in PROJECT:
        for p in (ROOT / top).rglob("*"):
            if p.is_file() and p.suffix in SUFFIXES and p.name != Path(__file__).name:
                found = shared_runs(p.read_text(encoding="utf-8", errors="ignore"), runs)
                if found:
                    copied[str(p.relative_to(ROOT))] = sorted(found)[:3]
    assert copied == {}

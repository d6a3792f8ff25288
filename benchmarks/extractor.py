"""The extractor alone, this tree against a baseline commit, in the same run:
MB of article text per CPU-second in one process (read, clean, extract), on the synthetic
seed-like corpus.

    python -m benchmarks.extractor [--baseline REV] [--articles N] [--rounds R]

The baseline's ``etl/`` and ``data/reference/`` are taken from git (``git archive``) into a
temporary folder; each round times the baseline and this tree one after the other, each in a
fresh process on the same files. Reported: the best round of each, and the median of the
rounds' ratios (paired rounds cancel the drift of this machine's speed, which moves the same
code by ±20 % from one minute to the next).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TIMER = r"""
import sys, time, resource
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from etl.extract import extract_text, warm_up
from etl.read import read_article
warm_up()
paths = sorted(Path(sys.argv[2]).glob("*.txt"))
t0 = resource.getrusage(resource.RUSAGE_SELF)
n = size = 0
for p in paths:
    raw = read_article(p)
    n += len(extract_text(raw.text, p.stem, None, ()).facts)
    size += raw.size
t1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime)
print(size / 1e6 / cpu, n)
"""


def _time(tree: Path, corpus: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", _TIMER, str(tree), str(corpus)], capture_output=True, text=True, check=True)
    mbs, facts = out.stdout.split()
    return float(mbs), int(facts)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.extractor", description=__doc__)
    p.add_argument("--baseline", default="HEAD", help="the commit to compare with (default HEAD)")
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from etl.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        generate(args.articles, corpus)
        base = tmp_path / "baseline"
        base.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.baseline, "etl", "data/reference", "data/rules"], cwd=ROOT, capture_output=True
        )
        if archive.returncode != 0:  # a baseline from before data/rules
            archive = subprocess.run(
                ["git", "archive", args.baseline, "etl", "data/reference"], cwd=ROOT, capture_output=True, check=True
            )
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        mb = sum(f.stat().st_size for f in corpus.glob("*.txt")) / 1e6
        best_base = best_new = 0.0
        facts = {}
        ratios = []
        for i in range(args.rounds):
            first, second = (base, ROOT) if i % 2 == 0 else (ROOT, base)  # alternate who goes first
            x, fx = _time(first, corpus)
            y, fy = _time(second, corpus)
            (b, n), (facts["baseline"], facts["this tree"]) = ((x, y), (fx, fy)) if first is base else ((y, x), (fy, fx))
            ratios.append(n / b)
            best_base, best_new = max(best_base, b), max(best_new, n)
    print(f"extractor, {args.articles:,} seed-like articles ({mb:.1f} MB), one process, best of {args.rounds}")
    print(f"  baseline {args.baseline}: {best_base:.2f} MB per CPU-second ({facts['baseline']:,} facts)")
    print(f"  this tree:      {best_new:.2f} MB per CPU-second ({facts['this tree']:,} facts)")
    print(f"  speed-up:       {best_new / best_base:.2f}x (best against best)")
    ratios.sort()
    print(f"  paired rounds:  median {ratios[len(ratios) // 2]:.2f}x, from {ratios[0]:.2f}x to {ratios[-1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The first chart after `streamlit run`: python -m benchmarks.first_chart [--starts 7] [--baseline REV]

What a user waits for: seconds from starting the server to the Overview's map drawn in a headless
Chromium, on the embedded data. Each round starts, in turn, this tree's dashboard, a bare Streamlit
app that draws one map of the same kind (the floor: Streamlit's own start-up and plotly's bundle,
with nothing of ours), and, with ``--baseline``, the dashboard of an earlier revision (its
``app.py``, ``pages/``, ``dashboard/``, ``etl/``, ``data/`` and ``static/`` from git, with its own
warehouse built before any timing). Interleaving them puts this machine's drift on all alike; only
ratios from one run mean anything. Nothing here is a test: it measures and prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks import print_table

ROOT = Path(__file__).resolve().parent.parent

# the floor: Streamlit, plotly and one geo map, drawn from the same offline outlines as ours
FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st

fig = go.Figure(go.Scattergeo(lat=[31.3, 36.7], lon=[120.7, 117.0], mode="markers"))
fig.update_geos(scope="asia", resolution=110, showcountries=True)
st.plotly_chart(fig, config={"topojsonURL": "/app/static/topojson/"})
"""


def floor_tree(tmp: Path) -> Path:
    tree = tmp / "floor"
    (tree / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", tree / ".streamlit" / "config.toml")
    shutil.copytree(ROOT / "static", tree / "static")
    (tree / "app.py").write_text(FLOOR_APP, encoding="utf-8")
    return tree


def baseline_tree(rev: str, tmp: Path) -> Path:
    """An earlier revision's dashboard with its own warehouse, built here so that no timing pays for it."""
    tree = tmp / "baseline"
    tree.mkdir()
    paths = ["app.py", "pages", "dashboard", "etl", "data", "static", ".streamlit"]
    archive = subprocess.run(["git", "archive", rev, *paths], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICTS_")}
    subprocess.run([sys.executable, "-m", "etl", "build"], cwd=tree, env=env, check=True, capture_output=True)
    return tree


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_start(browser, tree: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first chart drawn, seconds to the server's health check) of one start."""
    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        healthy = time.perf_counter() - t0
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url + "/")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        first = time.perf_counter() - t0
        page.close()
        return first, healthy
    finally:
        proc.terminate()
        proc.wait(10)


def measure(starts: int = 3, baseline: str | None = None, wh: Path | None = None) -> list[tuple]:
    """Rows for the benchmark table: this tree, beside the floor (and the baseline) of the same run."""
    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICTS_")}
    ours_env = dict(env, DISTRICTS_WAREHOUSE=str(wh)) if wh is not None else env
    tmp = Path(tempfile.mkdtemp(prefix="first-chart-"))
    try:
        trees = {"ours": (ROOT, ours_env), "floor": (floor_tree(tmp), env)}
        if baseline:
            trees[baseline] = (baseline_tree(baseline, tmp), env)
        times: dict[str, list[float]] = {k: [] for k in trees}
        healthy: list[float] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=["--no-sandbox"])
            for _ in range(starts):
                for name, (tree, e) in trees.items():
                    first, h = time_start(browser, tree, e)
                    times[name].append(first)
                    if name == "ours":
                        healthy.append(h)
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [
        (
            "first chart after `streamlit run` (Overview map, headless Chromium)",
            f"median {med['ours']:.2f} s · worst {max(times['ours']):.2f} s ({starts} starts; health check at {statistics.median(healthy):.2f} s)",
            f"bare Streamlit app drawing one map: median {med['floor']:.2f} s",
            f"{med['ours'] - med['floor']:+.2f} s over it",
        )
    ]
    if baseline:
        rows.append(
            (
                f"first chart after `streamlit run`, against {baseline}",
                f"median {med['ours']:.2f} s",
                f"{baseline}: median {med[baseline]:.2f} s · worst {max(times[baseline]):.2f} s",
                f"{med['ours'] - med[baseline]:+.2f} s ({med['ours'] / med[baseline]:.2f}×)",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.first_chart", description=__doc__)
    p.add_argument("--starts", type=int, default=7, help="starts of each app (interleaved)")
    p.add_argument("--baseline", help="an earlier revision to time beside this tree (a commit, tag or branch)")
    args = p.parse_args(argv)
    rows = measure(args.starts, args.baseline)
    command = f"python -m benchmarks.first_chart {' '.join(argv if argv is not None else sys.argv[1:])}"
    print_table(command, rows, ("what", "figure", "baseline (same run)", "difference"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

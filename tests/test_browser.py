"""A real browser: streamlit run app.py on a free local port, every page in headless Chromium.

Screenshots are kept in test-artifacts/ for a person to look at.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from etl.paths import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true",
        reason="Chromium not installed (apt-get install chromium)",
    ),
]
ARTIFACTS = ROOT / "test-artifacts"

# page path -> a figure from the seeds that must be visible on it
PAGES = {
    "": "152亿元",  # Overview: Jinjiang's signed investment on its card
    "output": "5311.7亿元",  # SIP's 2020 industrial output (a bar label)
    "investment": "520亿元",  # largest investment in the table
    "clusters": "安全应急",  # the heatmap's cluster axis
    "benchmark": "成都锦江区: 不可比:",  # the comparability warning for the focal district
    "district": "所在地: 四川 成都",  # the district page opens on the first district chosen
    "add": "上传文件",  # the Add articles page's uploader
    "sources": "3亿余元",  # the first fact, highlighted in its article (Tunliu's investment)
    "sql": "3 rows",  # the default example: the three signed investments in the seeds
    "presentation": "PPTX",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(warehouse):
    yield from _serve(dict(os.environ, DISTRICTS_WAREHOUSE=str(warehouse)))


@pytest.fixture
def own_server(tmp_path):
    """A server on a copy of the raw folder, its own warehouse and overrides: what a user adds
    here never reaches data/raw."""
    from etl.build import run
    from etl.paths import RAW_DIR

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    out = tmp_path / "wh"
    assert run(raw=raw, out=out, progress=False, overrides=None).errors == []
    env = dict(os.environ, DISTRICTS_WAREHOUSE=str(out), DISTRICTS_RAW=str(raw), DISTRICTS_OVERRIDES=str(tmp_path / "ov.csv"))
    for url in _serve(env):
        yield url, raw


def _serve(env):
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def test_every_page_in_a_real_browser(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    page.goto(server + "/")  # the entry page first: it registers st.navigation
    for path, figure in PAGES.items():
        page.goto(f"{server}/{path}")
        page.wait_for_selector("h1", timeout=60_000)
        if path in ("output", "investment", "clusters", "benchmark", ""):
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        # the first *visible* element with the figure: a grid cell rendered on canvas has a hidden twin
        target = (
            page.locator("mark", has_text=figure) if path == "sources" else page.get_by_text(figure).locator("visible=true").first
        )
        try:
            target.wait_for(timeout=60_000)
        finally:
            page.screenshot(path=str(ARTIFACTS / f"page_{path or 'overview'}.png"), full_page=True)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f"page_{path or 'overview'}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0, f"error box on /{path}"
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, f"error box on /{path}"


def test_map_draws_country_outlines_offline(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/")
    page.wait_for_selector(".js-plotly-plot .geo .countries path", timeout=60_000)
    assert page.locator(".js-plotly-plot .geo .countries path").count() >= 1


def test_the_chart_library_is_asked_for_at_once_by_streamlits_own_url_and_nothing_leaves_the_machine(server, browser):
    """The preload (dashboard/preload.py) asks for Streamlit's plotly chunk on every page, even one
    that draws no chart (the Add page), by the very URL Streamlit's own lazy import uses: on the
    Overview it is fetched once, not twice. Its element takes no room, and no request goes beyond
    this server (no icon from Google). How much sooner the map is drawn is measured by
    `python -m benchmarks.first_chart`, not here."""
    from urllib.parse import urlparse

    def visit(path: str, ready: str) -> list[str]:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})  # a new context: an empty cache
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{server}/{path}")
        page.wait_for_selector(ready, timeout=60_000)
        page.wait_for_load_state("networkidle")
        box = page.locator('[data-testid="stSidebar"] [data-testid="stElementContainer"]:has([data-testid="stHtml"])')
        assert box.count() == 1 and box.evaluate("e => getComputedStyle(e).display") == "none"
        icon = page.locator('link[rel="icon"], link[rel="shortcut icon"]').first.get_attribute("href")
        assert icon.startswith("data:image/svg+xml")
        page.close()
        return requests

    for path, ready in (("", ".js-plotly-plot .main-svg"), ("add", '[data-testid="stFileUploaderDropzone"]')):
        requests = visit(path, ready)
        chunks = [u.rsplit("/", 1)[-1].split(".")[0] for u in requests if "/static/js/" in u]
        assert chunks.count("PlotlyChart") == 1, path
        assert {urlparse(u).hostname for u in requests if not u.startswith("data:")} == {"127.0.0.1"}


def test_language_switch_in_the_browser(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/?lang=en")
    page.get_by_text("Weifang Kuiwen District").first.wait_for(timeout=60_000)
    page.get_by_text("Its sources report no figures").first.wait_for(timeout=30_000)
    assert "lang=en" in page.url


def _search(page, text: str) -> None:
    box = page.get_by_label("搜索(原文、主体、数值)")
    box.fill(text)
    box.press("Enter")
    page.wait_for_timeout(1500)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)


def test_sources_search_twice_clear_and_switch_language(server, browser):
    """The browser sends back the label of the last pick; once a new search changes the
    choices that label is no choice at all (it crashed the page with a TypeError)."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(server + "/sources")
    page.wait_for_selector("mark", timeout=60_000)
    for text in ("520", "百思利", "", "冷链"):
        _search(page, text)
        assert page.locator('[data-testid="stException"]').count() == 0, f"error after searching {text!r}"
        page.wait_for_selector("mark", timeout=30_000)
    assert page.locator("mark").first.inner_text() in ("220个", "20亿元")
    page.get_by_text("English").first.click()
    page.wait_for_timeout(1500)
    page.get_by_text("Pick a fact to read its article").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


MAGIC = {".png": b"\x89PNG", ".svg": b"<svg", ".xlsx": b"PK", ".pptx": b"PK", ".zip": b"PK", ".csv": b"\xef\xbb\xbf"}


def test_every_download_button_on_every_page(server, browser):
    """Each page at 1280x720, every download button pressed: each gives a file of its kind, and
    no page shows an error."""
    page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page.goto(server + "/")
    got: dict[str, list[str]] = {}
    for path in (p for p in PAGES if p != "add"):  # the Add page downloads nothing
        page.goto(f"{server}/{path}")
        page.wait_for_selector("h1", timeout=60_000)
        page.wait_for_selector('[data-testid="stDownloadButton"] button', timeout=60_000)
        page.wait_for_timeout(1000)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
        buttons = page.locator('[data-testid="stDownloadButton"] button')
        names = []
        for i in range(buttons.count()):
            button = buttons.nth(i)
            button.scroll_into_view_if_needed()
            with page.expect_download(timeout=120_000) as info:
                button.click()
            download = info.value
            body = open(download.path(), "rb").read()
            name = download.suggested_filename
            suffix = name[name.rindex(".") :]
            assert body.startswith(MAGIC[suffix]), (path, name, body[:20])
            names.append(name)
        got[path] = names
        assert page.locator('[data-testid="stException"]').count() == 0, f"error box on /{path}"
    print({p: len(v) for p, v in got.items()})
    assert "map.png" in got[""] and "facts.csv" in got["sources"] and "districts.pptx" in got["presentation"]
    assert {"benchmark.csv", "benchmark.xlsx", "benchmark.png", "benchmark@2x.png", "benchmark.svg"} <= set(got["benchmark"])
    assert all(got[p] for p in got if p != "sql") and "query.csv" in got["sql"]


def test_add_an_article_in_the_browser_and_find_it_on_sources(own_server, browser, tmp_path):
    url, raw = own_server
    article = tmp_path / "lvchun.txt"
    article.write_bytes("绿春县经济简报\n2023年,绿春县新签约项目30个,签约金额120亿元。\n".encode("gbk"))
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(url + "/add")
    page.wait_for_selector("h1", timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(article))
    box = page.get_by_label("地点(区县、县级市、城市或园区,中文)")
    box.fill("绿春")
    box.press("Enter")
    try:
        page.locator("mark", has_text="30个").wait_for(timeout=60_000)  # the preview: the figure in its sentence
    finally:
        page.screenshot(path=str(ARTIFACTS / "page_add_preview.png"), full_page=True)
    assert "绿春县 (云南省 红河哈尼族彝族自治州)" in page.content()  # the place picked from cpca's table
    page.get_by_role("button", name="保存并更新数据").click()
    page.get_by_text("已保存 1 篇文章").first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "绿春县经济简报" in (raw / "manifest.csv").read_text(encoding="utf-8")
    page.goto(url + "/sources?d=unknown:绿春县")
    page.locator("mark", has_text="30个").wait_for(timeout=60_000)

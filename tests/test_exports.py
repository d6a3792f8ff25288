import io
import os
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image

from dashboard import catalog, charts, exports
from dashboard import queries as q
from etl.paths import ROOT

ALL6 = ("suzhou-sip", "weifang-kuiwen", "changzhi-tunliu", "jinan-shizhong", "chengdu-jinjiang", "xuzhou-quanshan")

needs_chromium = pytest.mark.skipif(
    not exports.image_readiness().ok and os.environ.get("CI") != "true", reason=exports.image_readiness().message
)


@pytest.fixture(scope="module")
def fetch(warehouse):
    con = q.connect(warehouse)
    return lambda query: q.run(con, query)


def test_export_table_units_in_headers(fetch):
    chart = catalog.output_chart(fetch, q.Filters(districts=("suzhou-sip",)), "zh")
    table = exports.export_table(chart.data, "zh")
    assert "数值 (亿元)" in table.columns
    assert sorted(table["数值 (亿元)"].round(1)) == [5311.7, 40000.0]
    en = exports.export_table(chart.data, "en")
    assert sorted(en["Value (CNY bn)"].round(2)) == [531.17, 4000.0]
    assert sorted(en["Scope"]) == ["City", "District"]


def test_mixed_units_keep_base_values_and_a_unit_column(fetch):
    facts = fetch(q.facts(q.Filters(districts=("changzhi-tunliu",))))
    table = exports.export_table(facts, "en")
    assert "Value (base unit)" in table.columns and "Unit" in table.columns
    row = table[table["As written"] == "79亩"].iloc[0]
    assert row["Value (base unit)"] == pytest.approx(79 * 10000 / 15) and row["Unit"] == "m2"
    assert row["Value"] == "5.27 ha"  # 79 mu in hectares for an English reader
    assert table[table["As written"] == "3亿余元"].iloc[0]["Value"] == "0.3 CNY bn"


def test_xlsx_has_data_and_sources(fetch):
    chart = catalog.investment_chart(fetch, q.Filters(districts=("xuzhou-quanshan",)), "zh")
    docs = fetch(q.documents_by_id(chart.doc_ids))
    data = exports.xlsx_bytes(exports.export_table(chart.data, "zh"), exports.sources_table(docs, "zh"), "zh")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["数据", "来源"]
    header = [c.value for c in wb["数据"][1]]
    assert header == ["区县", "状态", "范围", "数值 (亿元)", "数据条数", "文档"]
    values = sorted(round(r[header.index("数值 (亿元)")], 2) for r in wb["数据"].iter_rows(min_row=2, values_only=True))
    assert values == [52.0, 73.2]  # 52亿 signed; the projects' totals 20 + 50 + 3.2亿 planned (never added to signed)
    src = list(wb["来源"].iter_rows(values_only=True))
    assert src[0][:3] == ("文档", "文章", "发布日期")
    assert src[1][1] == "徐州泉山：坚持“产业强区、创新驱动” 产业逐步攀高向新"


@pytest.fixture
def fresh_readiness():
    exports.image_readiness.cache_clear()
    yield
    exports.image_readiness.cache_clear()


def test_missing_chromium_says_what_to_install(monkeypatch, fresh_readiness):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(exports, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    ready = exports.image_readiness()
    assert ready == exports.Readiness(
        False,
        "Image export needs Chromium: sudo apt-get install chromium (the chart toolbar's camera icon still downloads a PNG).",
    )
    with pytest.raises(exports.ExportUnavailable, match="apt-get install chromium"):
        exports.image_bytes(charts.empty_figure("x"))


def test_missing_cjk_font_says_what_to_install(monkeypatch, fresh_readiness):
    monkeypatch.setattr(exports.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout="DejaVu Sans\n"))
    ready = exports.image_readiness()
    assert ready == exports.Readiness(
        False, "Image export needs a CJK font or Chinese renders as empty boxes: sudo apt-get install fonts-noto-cjk"
    )


@needs_chromium
def test_png_of_a_chinese_title_is_not_blank():
    fig = charts.empty_figure("")
    fig.update_layout(title={"text": "产业集群投资对比 苏州工业园区"})
    img = Image.open(io.BytesIO(exports.image_bytes(fig, "png"))).convert("L")
    assert img.size == (1920, 1080)
    title_box = img.crop((0, 0, 1200, 110))
    lo, hi = title_box.getextrema()
    assert hi - lo > 100, "the title area is blank"
    dark = sum(1 for p in title_box.getdata() if p < 128)
    assert dark > 500, "too few dark pixels: the CJK title did not render"
    blank = Image.open(io.BytesIO(exports.image_bytes(charts.empty_figure(""), "png"))).convert("L").crop((0, 0, 1200, 110))
    assert blank.getextrema()[1] - blank.getextrema()[0] < 10
    big = Image.open(io.BytesIO(exports.image_bytes(fig, "png", 2.0)))
    assert big.size == (3840, 2160)


@needs_chromium
def test_svg_export(fetch):
    chart = catalog.output_chart(fetch, q.Filters(districts=ALL6), "zh")
    svg = exports.image_bytes(chart.fig, "svg").decode("utf-8")
    assert svg.startswith("<svg") and "产值类数据" in svg


def deck_cli(warehouse, *args: str) -> subprocess.CompletedProcess:
    """python -m dashboard deck ARGS --warehouse WAREHOUSE, as a user would run it."""
    cmd = [sys.executable, "-m", "dashboard", "deck", *args, "--warehouse", str(warehouse)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


@needs_chromium
def test_deck_from_the_command_line(warehouse, tmp_path):
    out = tmp_path / "deck.pptx"
    p = deck_cli(
        warehouse,
        "--districts",
        "xuzhou-quanshan,chengdu-jinjiang",
        "--charts",
        "output,investment",
        "--lang",
        "zh",
        "--out",
        str(out),
    )
    assert p.returncode == 0, p.stderr
    from pptx import Presentation

    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert len(slides) == 4
    # the title slide is drawn for 16:9 (the template's title layout is 4:3): its boxes span the slide
    boxes = {s.name: s for s in slides[0].shapes}
    assert boxes["Title"].text_frame.text == "区县产业发展对比"
    assert "徐州泉山区、成都锦江区" in boxes["Subtitle"].text_frame.text
    assert deck.slide_width == 12192000 and deck.slide_height == 6858000
    for box in boxes.values():
        assert box.left + box.width <= deck.slide_width and box.left >= 0
        assert abs((box.left + box.width / 2) - deck.slide_width / 2) < 10  # centred on the wide slide
    titles = [next(s.text_frame.text for s in sl.shapes if s.name == "Title") for sl in slides[1:]]
    assert titles == ["产值类数据(每条为一项报告数据,不同范围不相加)", "各区县投资合计(按状态与范围分列)", "来源文章"]
    for sl in slides[1:3]:
        pics = [s for s in sl.shapes if s.shape_type == 13]
        assert len(pics) == 1 and pics[0].image.size == (1920, 1080) and pics[0].image.content_type == "image/png"
        foot_box = next(s for s in sl.shapes if s.name == "Footnote")
        title_box = next(s for s in sl.shapes if s.name == "Title")
        # the picture sits between the title and the footnote, overlapping neither
        assert title_box.top + title_box.height <= pics[0].top
        assert pics[0].top + pics[0].height <= foot_box.top <= foot_box.top + foot_box.height <= deck.slide_height
        assert pics[0].width * 1080 == pytest.approx(pics[0].height * 1920, rel=1e-3)  # not stretched
        foot = foot_box.text_frame.text
        assert foot.startswith("来源:") and "徐州泉山：坚持“产业强区、创新驱动” 产业逐步攀高向新 (2024-01-25)" in foot
    last = next(s.text_frame.text for s in slides[3].shapes if s.name == "Sources")
    # a month-precision date reads 2020-12, never as the first of the month
    assert last.splitlines() == [
        "锦江区都市工业暨数字新基建建设应用推进会 — 2020-12 — Chengdu news repost",
        "徐州泉山：坚持“产业强区、创新驱动” 产业逐步攀高向新 — 2024-01-25 — xjnnet.com repost of China Jiangsu Net",
    ]


def test_deck_cli_refuses_unknown_names(warehouse, tmp_path):
    p = deck_cli(warehouse, "--districts", "atlantis", "--charts", "output", "--out", str(tmp_path / "d.pptx"))
    assert p.returncode == 2 and p.stderr.startswith("error: unknown district(s) atlantis; choose from ")
    assert not (tmp_path / "d.pptx").exists()


@needs_chromium
def test_zip_has_png_svg_csv(fetch):
    f = q.Filters(districts=("xuzhou-quanshan",))
    built = [catalog.CHARTS["investment"](fetch, f, "en")]
    data = exports.build_zip(built, lambda ids: fetch(q.documents_by_id(list(ids))), "en")
    names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == ["01_investment.csv", "01_investment.png", "01_investment.svg", "sources.csv"]
    csv = zipfile.ZipFile(io.BytesIO(data)).read("01_investment.csv").decode("utf-8-sig")
    assert csv.splitlines()[0] == "District,Status,Scope,Value (CNY bn),Facts,Document"


def test_output_bars_name_the_city_of_a_city_figure(fetch):
    chart = catalog.output_chart(fetch, q.Filters(districts=("suzhou-sip",)), "zh")
    bars = {y: text for tr in chart.fig.data for y, text in zip(tr.y, tr.text)}
    # year and scope once, in the bar's label; the figure as written on the bar
    assert bars == {
        "苏州工业园区 · 苏州 · 工业总产值 · 城市 · 2021": "4万亿",
        "苏州工业园区 · 工业总产值 · 区县 · 2020": "5311.7亿元",
    }
    assert chart.fig.layout.xaxis.exponentformat == "none" and chart.fig.layout.xaxis.separatethousands  # 40,000, not 40k


def test_treemap_leaves_carry_their_quotes_and_parents_add_up(fetch):
    chart = catalog.treemap_chart(fetch, q.Filters(districts=("xuzhou-quanshan",)), "zh")
    tr = chart.fig.data[0]
    nodes = dict(zip(tr.ids, zip(tr.labels, tr.parents, tr.values, tr.customdata)))
    leaves = [v for k, v in nodes.items() if k.count("/") == 4]
    assert sorted(round(v[2], 2) for v in leaves) == [3.2, 20.0, 50.0, 52.0]  # 亿元, city figures excluded
    assert all(v[3].startswith("<br><i>") for v in leaves)
    assert not any("#" in v[0] for v in leaves)  # names and figures as written, no internal ids
    # each status and scope a tree of its own: 52亿 signed by the district; the projects' totals
    # (50, 3.2 and 20亿: a project's total investment is planned, even once building has started)
    # planned; never one sum
    roots = {k: (v[0], round(v[2], 2)) for k, v in nodes.items() if v[1] == ""}
    assert roots == {"signed/district": ("签约 · 区县", 52.0), "plan/project": ("计划 · 项目", 73.2)}
    assert nodes["plan/project/徐州泉山区"][2] == pytest.approx(73.2)
    # every node in its status's colour
    colors = dict(zip(tr.ids, tr.marker.colors))
    assert {colors[k] for k in tr.ids if k.startswith("plan/")} == {"#2ca02c"}
    assert {colors[k] for k in tr.ids if k.startswith("signed/")} == {"#9467bd"}


def test_cluster_heatmap_cells_carry_an_example_sentence(fetch):
    chart = catalog.cluster_heatmap_chart(fetch, q.Filters(districts=("weifang-kuiwen", "xuzhou-quanshan")), "zh")
    hm = chart.fig.data[0]
    row = list(hm.y).index("潍坊奎文区")
    col = list(hm.x).index("安全应急")
    assert hm.z[row][col] >= 5  # the article names its (国家)应急安全产业园 six times
    assert "安全" in hm.customdata[row][col]


def test_the_deck_page_keeps_built_charts_and_exports_never_change_them(warehouse):
    from dashboard import data

    f = q.Filters(districts=("suzhou-sip", "weifang-kuiwen", "jinan-shizhong", "chengdu-jinjiang"))
    first = data.chart("output", f, "en")
    assert data.chart("output", f, "en") is first  # a rerun reuses it
    assert data.chart("output", f, "zh") is not first
    before = first.fig.to_json()
    exports.slide_figure(first.fig)  # styling for a slide works on a copy
    assert first.fig.to_json() == before


def test_formulas_in_article_text_are_inert_in_csv_and_xlsx():
    """Article text such as =HYPERLINK(…) reaches quotes and titles: every text cell starting
    with = + - @ (or a tab or CR) is written with a leading apostrophe, numbers stay numbers."""
    import io

    import openpyxl
    import pandas as pd

    from dashboard import exports

    evil = '=HYPERLINK("https://evil.example/x","点击")'
    table = pd.DataFrame({"quote": [evil, "+1", "@SUM(A1)", "-2+3", "\tx", "锦江区"], "value": [1.5, -2.0, 3.0, 4.0, 5.0, 6.0]})
    sources = pd.DataFrame({"title": ["=1+1"]})
    text = exports.csv_bytes(table).decode("utf-8-sig")
    assert text.splitlines()[1:4] == ['"\'=HYPERLINK(""https://evil.example/x"",""点击"")",1.5', "'+1,-2.0", "'@SUM(A1),3.0"]
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table, sources, "en")))
    data = [[c.value for c in row] for row in book["data"].iter_rows(min_row=2)]
    assert data == [["'" + evil, 1.5], ["'+1", -2], ["'@SUM(A1)", 3], ["'-2+3", 4], ["'\tx", 5], ["锦江区", 6]]
    assert all(c.data_type != "f" for row in book["data"].iter_rows() for c in row)
    assert book["sources"]["A2"].value == "'=1+1"


def test_similarity_table_holds_the_numbers(fetch):
    chart = catalog.similarity_chart(fetch, q.Filters(districts=("chengdu-jinjiang", "xuzhou-quanshan")), "en")
    table = exports.export_table(chart.data, "en")
    assert list(table.columns) == ["District", "Peer", "Similarity"]
    pairs = {(a, b): v for a, b, v in table.itertuples(index=False)}
    assert pairs[("Chengdu Jinjiang District", "Chengdu Jinjiang District")] == 1.0
    v = pairs[("Chengdu Jinjiang District", "Xuzhou Quanshan District")]
    assert v == pairs[("Xuzhou Quanshan District", "Chengdu Jinjiang District")] and 0 < v < 1
    header = exports.csv_bytes(table).decode("utf-8-sig").splitlines()[0]
    assert header == "District,Peer,Similarity"


def test_download_headers_are_translated(fetch):
    f = q.Filters(districts=ALL6)
    for lang, expect in (
        ("zh", ["排名", "与对比区县中位数之比", "可比性"]),
        ("en", ["Rank", "Ratio to peer median", "Comparability"]),
    ):
        table = exports.export_table(catalog.benchmark_chart(fetch, f, lang).data, lang)
        assert all(c in table.columns for c in expect)
        assert not {"n_facts", "rank", "ratio", "comparable", "mentions"} & set(table.columns)


def test_source_line_names_the_articles_and_how_many_more():
    docs = pd.DataFrame(
        {
            "title_zh": [f"第{i}篇很长的文章标题用来测试来源行的长度是否合适" for i in range(8)],
            "published": pd.to_datetime(["2020-12-01"] * 8),
            "published_precision": ["month"] * 8,
        }
    )
    line = exports.source_line(docs, "zh")
    assert line.startswith("来源:第0篇很长的文章标题用来测试来源行的长度是否合适 (2020-12); 第1篇")
    assert line.endswith("; 第2篇很长的文章标题用来测试来源行的长度是否合适 (2020-12)…等 5 篇")
    assert exports._width(line) <= exports.SOURCE_LINE_WIDTH
    assert exports.source_line(docs.head(1), "en") == "Sources: 第0篇很长的文章标题用来测试来源行的长度是否合适 (2020-12)"
    assert exports.source_line(pd.DataFrame(), "zh") == ""


@needs_chromium
def test_exported_images_carry_their_source_line(fetch):
    chart = catalog.output_chart(fetch, q.Filters(districts=("xuzhou-quanshan",)), "zh")
    svg = exports.image_bytes(chart.fig, "svg", source="来源:徐州泉山 (2024-01-25)").decode("utf-8")
    assert "来源:徐州泉山 (2024-01-25)" in svg
    png = Image.open(io.BytesIO(exports.image_bytes(chart.fig, "png", source="来源:徐州泉山 (2024-01-25)"))).convert("L")
    plain = Image.open(io.BytesIO(exports.image_bytes(chart.fig, "png"))).convert("L")
    foot = (0, 1040, 900, 1080)  # the bottom-left strip, where the line is written

    def dark(img):
        return sum(1 for p in img.crop(foot).getdata() if p < 160)

    assert dark(png) > 200 and dark(png) > 5 * dark(plain) + 50


def test_an_image_asked_of_kaleido_before_its_tab_is_ready_is_asked_once_more(monkeypatch):
    class JavascriptError(Exception):  # kaleido's, by name: its module path is private
        pass

    calls = []

    def flaky(self, **kw):
        calls.append(kw["format"])
        if len(calls) == 1:
            raise JavascriptError("ReferenceError: kaleido_scopes is not defined")
        return b"PNG!"

    monkeypatch.setattr(charts.go.Figure, "to_image", flaky)
    assert exports._to_image(charts.go.Figure(), "png", 1.0) == b"PNG!" and calls == ["png", "png"]

    def broken(self, **kw):
        calls.append(kw["format"])
        raise ValueError("bad figure")

    calls.clear()
    monkeypatch.setattr(charts.go.Figure, "to_image", broken)
    with pytest.raises(ValueError, match="bad figure"):
        exports._to_image(charts.go.Figure(), "svg", 1.0)
    assert calls == ["svg"]  # any other error is not retried

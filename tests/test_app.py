"""AppTest for every page, driving its widgets, with real values from the seeds."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui import plain
from etl.paths import ROOT

ALL6 = ["chengdu-jinjiang", "xuzhou-quanshan", "jinan-shizhong", "changzhi-tunliu", "suzhou-sip", "weifang-kuiwen"]


@pytest.fixture
def app(warehouse):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def goto(at, page):
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at):
    return " ".join(m.value for m in at.markdown) + " " + " ".join(str(c.value) for c in at.caption)


def test_overview_cards_in_both_languages(app):
    assert app.title[0].value == "概览"
    subheaders = [s.value for s in app.subheader]
    assert subheaders[:6] == ["成都锦江区", "徐州泉山区", "济南市中区", "长治屯留区", "苏州工业园区", "潍坊奎文区"]
    assert [(m.label, m.value) for m in app.metric] == [("数据条数", v) for v in ("18", "17", "15", "5", "2", "0")]
    body = texts(app)
    assert "**签约投资合计:** 52亿元" in body  # Quanshan: 52亿元 signed at the 2023 conference
    assert "**签约投资合计:** 152亿元" in body  # Jinjiang: 152亿元 signed at the promotion meeting
    assert "百思利精密制造项目: 50亿元" in body
    # the largest output figure says what it measures (Jinjiang's is its 2019 retail sales)
    assert "**最大产值数据:** 1,144亿元 (1144亿元 · 社会消费品零售总额 · 商贸消费 · 实际 · 区县 · 2019)" in body
    assert "该区县的来源文章未报告任何数据" in " ".join(i.value for i in app.info)  # Kuiwen
    app.button_group(key="lang").set_value("en").run()
    assert app.title[0].value == "Overview"
    assert "Weifang Kuiwen District" in [s.value for s in app.subheader]
    assert "Its sources report no figures" in " ".join(i.value for i in app.info)
    assert "**Signed investment:** 5.2 CNY bn" in texts(app)


def test_filters_go_to_the_url_and_back(warehouse):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["d"] = "xuzhou-quanshan,weifang-kuiwen"
    at.query_params["lang"] = "en"
    at.query_params["s"] = "signed"
    at.run()
    assert at.sidebar.multiselect[0].value == ["xuzhou-quanshan", "weifang-kuiwen"]
    assert at.sidebar.multiselect[1].value == ["signed"]
    assert at.title[0].value == "Overview"
    at.sidebar.multiselect[0].set_value(["suzhou-sip"]).run()
    assert at.query_params["d"] == "suzhou-sip"
    assert at.query_params["s"] == "signed" and at.query_params["lang"] == "en"
    goto(at, "output")  # the filters survive a page change
    assert at.sidebar.multiselect[0].value == ["suzhou-sip"]
    assert at.query_params["d"] == "suzhou-sip"


def test_no_match_message(app):
    app.sidebar.multiselect[0].set_value([]).run()
    assert [i.value for i in app.info] == ["当前筛选条件下没有数据。请放宽区县、年份、状态或范围。"]
    goto(app, "investment")
    assert [i.value for i in app.info] == ["当前筛选条件下没有数据。请放宽区县、年份、状态或范围。"]


def test_output_page(app):
    goto(app, "output")
    assert app.title[0].value == "产值"
    assert len(app.get("plotly_chart")) == 1
    app.toggle[0].set_value(True).run()
    assert not app.exception
    assert app.info[0].value == "当前筛选下没有同时具有目标与实际的指标。"
    assert app.info[1].value == "当前筛选下没有以实物单位(吨、千瓦时等)报告的数据。"  # the seeds give none
    assert "锦江区都市工业暨数字新基建建设应用推进会 (2020-12)" in texts(app)


def test_investment_page(app):
    goto(app, "investment")
    table = app.dataframe[0].value
    assert table.iloc[0]["原文数值"] == "520亿元"
    app.slider[0].set_value(5).run()
    assert len(app.dataframe[0].value) == 5
    assert len(app.get("plotly_chart")) == 2


def test_clusters_page(app):
    goto(app, "clusters")
    assert len(app.get("plotly_chart")) == 4
    assert app.caption[-1].value.startswith("相似度为两区县产业集群提及向量的余弦相似度")


def test_benchmark_page(app):
    goto(app, "benchmark")
    app.selectbox[0].set_value("xuzhou-quanshan").run()
    df = app.dataframe[0].value
    row = df[(df["指标"] == "投资") & (df["区县"] == "徐州泉山区")].iloc[0]
    assert row["数值"] == "52亿元"
    warning = app.warning[0].value
    assert warning.startswith("徐州泉山区: 不可比:")
    # like with like: Quanshan's 52亿元 signed (2023) beside the peers' signed district figures
    # (Jinan 250.42亿元, Jinjiang 152亿元), ranked; Tunliu's 3亿余元 actual beside it, not ranked
    inv = df[df["指标"] == "投资"].set_index("区县")
    assert inv["原文数值"].to_dict() == {
        "济南市中区": "250.42亿元",
        "成都锦江区": "152亿元",
        "徐州泉山区": "52亿元",
        "长治屯留区": "3亿余元",
    }
    assert inv["排名"].tolist()[:3] == [1, 2, 3] and pd.isna(inv.loc["长治屯留区", "排名"])
    # Jinjiang's year-end signing of 2020 beside Quanshan's of 2023: the nearest year, said so
    assert inv.loc["成都锦江区", "可比性"] == "可比 (最近年份: 2020)"
    assert "- 投资: 长治屯留区 (状态不同)" in warning
    assert "- 营业收入: 对比区县无此指标" in warning  # Quanshan's 200亿元 revenue: no peer reports revenue
    # figures of codes that lump different measures are listed apart, not ranked
    assert "设施数" not in warning
    # 220个 (设施), 2/3 (占比), 585个 brands beside 24家 firms (企业数), a 3100平方米 centre beside 8000平方米 (建筑面积)
    assert app.info[0].value == "不排名(各篇所测对象不同,请读原文):企业数、设施数、建筑面积、占比"
    # an unranked figure's rank and ratio read blank, not "None"
    assert app.dataframe[0].proto.placeholder == "—"
    app.multiselect[0].set_value(["jinan-shizhong"]).run()
    df = app.dataframe[0].value
    assert set(df["区县"]) == {"徐州泉山区", "济南市中区"}


def test_sources_page_search_and_highlight(app):
    goto(app, "sources")
    app.text_input[0].set_value("冷链").run()
    df = app.dataframe[0].value
    assert df["原文数值"].tolist() == ["220个", "20亿元"]
    app.selectbox[0].select_index(1).run()
    html = app.get("html")[0].proto.body
    assert '<mark style="background:#ffe066;font-weight:600">20亿元</mark>' in html
    # why the figure reads as it does: each field, its rule and the cue it found
    why = app.dataframe[1].value
    assert list(why.columns) == ["字段", "取值", "规则", "依据文字", "规则说明"]
    rows = {r["字段"]: (r["取值"], r["规则"], r["依据文字"]) for r in why.to_dict("records")}
    assert rows == {
        "metric": ("investment", "metric.cue_before", "总投资"),
        "status": ("plan", "status.cue_before", "计划"),
        "year": ("—", "year.none_written", "—"),
        "entity": ("泉山雨润智慧冷链产业园", "entity.named_in_clause", "泉山雨润智慧冷链产业园"),
        "district": ("xuzhou-quanshan", "place.named_before", "泉山"),
        "scope": ("project", "scope.named_project", "泉山雨润智慧冷链产业园"),
        "cluster": ("logistics", "cluster.sentence", "—"),
    }
    assert app.subheader[-1].value == "为何这样读"


def test_article_text_is_escaped():
    from dashboard.ui import highlight_html

    text = "前<script>alert(1)</script>投资3亿元<img src=x onerror=alert(2)>后"
    s = text.index("3亿元")
    out = highlight_html(text, s, s + 3)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<mark style="background:#ffe066;font-weight:600">3亿元</mark>' in out


def test_sql_page(app):
    goto(app, "sql")
    app.text_area[0].set_value("SELECT district, count(*) AS n FROM facts GROUP BY 1 ORDER BY 1").run()
    df = app.dataframe[0].value
    assert dict(zip(df["district"], df["n"])) == {
        "changzhi-tunliu": 5,
        "chengdu-jinjiang": 18,
        "jinan-shizhong": 15,
        "suzhou-sip": 2,
        "xuzhou-quanshan": 17,  # 3000平方米以上的商务楼宇 is a size class, no figure (tenth session)
    }
    assert app.query_params["q"] == "SELECT district, count(*) AS n FROM facts GROUP BY 1 ORDER BY 1"
    app.text_area[0].set_value("DROP TABLE facts").run()
    assert app.error[0].value == plain("此处只允许 SELECT 查询(收到 DROP);数据为只读。")  # in the page's language
    app.text_area[0].set_value("SELECT * FROM read_csv('/etc/passwd')").run()
    assert app.error[0].value.startswith(plain("此处禁止访问文件和网络:"))
    goto(app, "overview")  # still serving
    assert app.title[0].value == "概览"


@pytest.mark.parametrize(
    "query,shown",
    [
        # a link, an image and a formula a URL's ?q= could put into the error message
        (
            "SELECT * FROM read_csv('[Session expired: log in again](https://evil.example/login)')",
            r"\[Session expired\: log in again\]\(https\:\/\/evil\.example\/login\)",
        ),
        ('SELECT "![i](https://evil.example/x.png)"', r"\!\[i\]\(https\:\/\/evil\.example\/x\.png\)"),
        ('SELECT "$$x$$ :red[y]"', r"\$\$x\$\$ \:red\[y\]"),
    ],
)
def test_sql_errors_are_plain_text(app, query, shown):
    goto(app, "sql")
    app.text_area[0].set_value(query).run()
    assert shown in app.error[0].value
    assert "](" not in app.error[0].value.replace("\\](", "")


def test_sql_examples(app):
    goto(app, "sql")
    app.button(key="ex_clusters_by_district").click().run()
    df = app.dataframe[0].value
    assert list(df.columns) == ["district", "cluster", "mentions"]


def test_presentation_page(app):
    goto(app, "presentation")
    app.multiselect[0].set_value(["xuzhou-quanshan"]).run()
    app.multiselect[1].set_value(["output", "investment"]).run()
    assert not app.exception
    assert "4" in " ".join(m.value for m in app.markdown)


def test_spreadsheets_are_made_on_click_not_on_each_rerun(app, monkeypatch):
    """An XLSX of the Sources table (1,000 rows) or of a 10,000-row query takes seconds: the
    pages hand the download buttons a function, so a rerun builds no file."""
    from dashboard import exports

    made = []
    monkeypatch.setattr(exports, "xlsx_bytes", lambda *a, **k: made.append("xlsx") or b"")
    monkeypatch.setattr(exports, "csv_bytes", lambda *a, **k: made.append("csv") or b"")
    goto(app, "sources")
    app.text_input[0].set_value("冷链").run()
    goto(app, "sql")
    app.text_area[0].set_value("SELECT * FROM facts").run()
    assert len(app.dataframe[0].value) == 57
    assert made == []


def _one_article_app(tmp_path, monkeypatch, title: str, body: str):
    """The app on a warehouse of one article about Quanshan (``title``, then ``body``), with
    Quanshan picked in the sidebar. Returns (AppTest, raw folder, warehouse)."""
    from etl.build import run
    from etl.manifest import COLUMNS

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(f"{title}\n{body}\n", encoding="utf-8")
    (raw / "manifest.csv").write_text(
        ",".join(COLUMNS) + "\na,a.txt,xuzhou-quanshan,2024-05-01,day,,Hans,test,," + title.replace(",", " ") + ",\n",
        encoding="utf-8",
    )
    out = tmp_path / "wh"
    assert run(raw=raw, out=out, progress=False).errors == []
    monkeypatch.setenv("DISTRICTS_WAREHOUSE", str(out))
    monkeypatch.setenv("DISTRICTS_RAW", str(raw))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.sidebar.multiselect[0].set_value(["xuzhou-quanshan"]).run()
    return at, raw, out


def test_article_titles_are_plain_text_everywhere(tmp_path, monkeypatch):
    """An article's first line is its title: Markdown in it (a remote image, a link, a formula)
    is shown as the characters typed, in chart captions and the Sources heading."""
    title = "![t](https://evil.example/p.png) [登录](https://evil.example/login) $$x$$"
    at, _, _ = _one_article_app(tmp_path, monkeypatch, title, "泉山区2024年签约项目12个,总投资58亿元。")
    goto(at, "investment")
    shown = [c.value for c in at.caption if "evil" in c.value]
    assert shown and all(plain(title) in c for c in shown)
    assert all("](" not in c.replace("\\](", "") for c in shown)
    goto(at, "sources")
    heading = next(s.value for s in at.subheader if "evil" in s.value)
    assert heading.startswith("原文: " + plain(title))


def test_a_shared_url_with_a_hostile_query_is_refused_and_the_app_serves_on(warehouse):
    import time

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["q"] = "SELECT len(range(1000000000))"
    at.run()
    t0 = time.perf_counter()
    goto(at, "sql")
    assert time.perf_counter() - t0 < 10
    assert at.text_area[0].value == "SELECT len(range(1000000000))"
    assert at.error[0].value == plain("查询已停止:所需内存超过 512MB 的上限。")
    at.text_area[0].set_value("SELECT count(*) AS n FROM documents").run()
    assert at.dataframe[0].value["n"][0] == 5


def test_sources_page_searches_twice_clears_and_changes_filters(app):
    """AppTest keeps the picked value itself (the browser sends its label, see test_browser);
    the page must survive every change of its choices and read the picked figure's article."""
    goto(app, "sources")
    for text in ("520", "百思利", ""):
        app.text_input(key="src_search").set_value(text).run()
        assert not app.exception, (text, [e.value for e in app.exception])
    app.multiselect(key="f_districts").unselect("chengdu-jinjiang").unselect("xuzhou-quanshan").run()
    assert not app.exception
    app.text_input(key="src_search").set_value("冷链").run()
    assert app.get("html") == [] or "<mark" not in app.get("html")[0].proto.body  # Quanshan's figure, filtered out
    app.multiselect(key="f_districts").select("xuzhou-quanshan").run()
    app.selectbox(key="src_pick").select_index(1).run()
    assert '<mark style="background:#ffe066;font-weight:600">20亿元</mark>' in app.get("html")[0].proto.body
    app.button_group(key="lang").set_value("en").run()
    assert not app.exception
    assert app.selectbox(key="src_pick").label == "Pick a fact to read its article"


def test_keep_choice_falls_back_to_the_first_option():
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from dashboard.ui import keep_choice

        st.session_state["pick"] = "a label the browser sent for an old choice"
        keep_choice("pick", ["f1", "f2"])
        st.write(st.session_state["pick"])
        keep_choice("pick", ["f1", "f2"], chosen="f2")
        st.write(st.session_state["pick"])
        keep_choice("none", [])
        st.write(repr(st.session_state["none"]))

    at = AppTest.from_function(script).run()
    assert [m.value for m in at.markdown] == ["f1", "f2", "None"]


def test_a_rebuild_is_read_on_the_next_rerun_on_every_page(tmp_path, monkeypatch):
    """With the app running, a build (python -m etl build, or an article added to data/raw) is
    read on the next rerun: new figures on the Overview, and the SQL page queries the new build
    (it failed with "No files found that match the pattern …/build-…/documents.parquet")."""
    from etl.build import run

    at, raw, out = _one_article_app(tmp_path, monkeypatch, "泉山区简报", "泉山区2024年签约项目12个,总投资58亿元。")
    assert [m.value for m in at.metric] == ["2"]
    goto(at, "sql")
    at.text_area[0].set_value("SELECT count(*) AS n FROM documents").run()
    assert at.dataframe[0].value["n"].tolist() == [1]

    # a build run from the command line while the app is open
    (raw / "b.txt").write_text("泉山区动态\n2023年,泉山区新签约项目30个,签约金额120亿元。\n", encoding="utf-8")
    with open(raw / "manifest.csv", "a", encoding="utf-8") as fh:
        fh.write("b,b.txt,xuzhou-quanshan,2024-06-01,day,,Hans,test,,泉山区动态,\n")
    assert run(raw=raw, out=out, progress=False).errors == []
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.dataframe[0].value["n"].tolist() == [2]
    goto(at, "overview")
    assert [m.value for m in at.metric] == ["4"]
    assert "**签约投资合计:** 178亿元" in texts(at)  # 58亿元 (2024) and 120亿元 (2023), both signed


def test_benchmark_view_is_in_the_url_and_a_focal_change_keeps_the_old_focal_as_a_peer(warehouse):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["focal"] = "xuzhou-quanshan"
    at.query_params["peers"] = "jinan-shizhong,chengdu-jinjiang"
    at.run()
    goto(at, "benchmark")
    assert at.selectbox(key="bm_focal").value == "xuzhou-quanshan"
    assert at.multiselect(key="bm_peers").value == ["jinan-shizhong", "chengdu-jinjiang"]
    # the legend names districts (it read "成都锦江区, True / 济南市中区, False")
    import json

    fig = at.get("plotly_chart")[0].proto.spec
    names = [tr.get("name") for tr in json.loads(fig)["data"]]
    assert names[0] == "徐州泉山区 (对标)" and sorted(names[1:]) == ["成都锦江区", "济南市中区"]
    at.selectbox(key="bm_focal").set_value("jinan-shizhong").run()
    assert at.multiselect(key="bm_peers").value == ["chengdu-jinjiang", "xuzhou-quanshan"]
    assert at.query_params["focal"] == "jinan-shizhong"
    assert at.query_params["peers"] == "chengdu-jinjiang,xuzhou-quanshan"
    at.multiselect(key="bm_peers").set_value([]).run()  # no peer: nothing ranked, no rank 1 of 1
    df = at.dataframe[0].value
    assert df["排名"].isna().all()


def test_page_controls_are_in_the_url(warehouse):
    """Output's log scale, the map's status and scope, the cluster money status: each view's own
    controls reopen from a shared URL, like the sidebar filters."""
    import json

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["ms"] = "plan"
    at.query_params["mc"] = "project"
    at.query_params["log"] = "0"
    at.query_params["cs"] = "target"
    at.run()
    assert at.button_group(key="ov_status").value == "plan" and at.button_group(key="ov_scope").value == "project"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bubbles = dict(zip(spec["data"][0]["text"], spec["data"][0]["marker"]["size"]))
    assert bubbles == {"徐州泉山区": pytest.approx(73.2)}  # three projects' planned totals, 亿元
    assert spec["layout"]["title"]["text"] == "各区县位置与投资规模: 计划 · 项目 (亿元)"
    at.button_group(key="ov_status").set_value("signed").run()
    assert at.query_params["ms"] == "signed"
    goto(at, "output")
    assert at.toggle(key="output_log").value is False  # the URL said linear, though the figures span 4万亿 to 45亿
    at.toggle(key="output_log").set_value(True).run()
    assert at.query_params["log"] == "1"
    goto(at, "clusters")
    assert at.button_group(key="cm_status").value == "target"
    money = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert money["layout"]["title"]["text"].startswith("区县 × 产业集群:归属投资额: 目标")


def test_output_opens_on_a_log_axis_when_figures_span_two_orders_of_magnitude(app):
    goto(app, "output")
    assert app.toggle(key="output_log").value is True  # Suzhou's 4万亿 beside Quanshan's 45亿
    assert app.query_params["log"] == "1"


def test_sql_page_says_the_filters_do_not_apply_and_never_adds_units(app):
    goto(app, "sql")
    assert "侧边栏的筛选条件不作用于此处" in " ".join(c.value for c in app.caption)
    # yuan, m² and counts in one result: no chart that would stack them
    app.text_area[0].set_value("SELECT metric, unit, sum(value) AS v FROM facts GROUP BY ALL ORDER BY ALL").run()
    assert app.info[0].value.startswith("结果含多种单位(CNY、count、m2")
    assert not app.get("plotly_chart")
    # one label repeated: the bars would add its rows
    app.text_area[0].set_value(
        "SELECT district, value FROM facts WHERE metric = 'investment' AND unit = 'CNY' AND status = 'plan' ORDER BY ALL"
    ).run()
    assert app.info[0].value == "「district」有重复值,柱状图会把它们相加;请按它分组或选另一列。"
    # one row per label, one unit: drawn
    app.text_area[0].set_value(
        "SELECT district, count(*) AS n FROM facts WHERE unit = 'CNY' GROUP BY district ORDER BY district"
    ).run()
    assert len(app.get("plotly_chart")) == 1 and not app.info


def test_streamlit_toolbar_is_for_users():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"  # no Deploy button, no developer options


def test_counts_read_without_a_unit_word_in_english():
    from dashboard.units import display

    assert display(6, "projects", "count", "en") == "6"
    assert display(6, "projects", "count", "zh") == "6个"
    assert display(5.2e9, "investment", "CNY", "en") == "5.2 CNY bn"


def test_district_page_shows_one_place_and_keeps_it_in_the_url(warehouse):
    import json

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["district"] = "chengdu-jinjiang"
    at.run()
    goto(at, "district")
    assert at.selectbox(key="dp_district").value == "chengdu-jinjiang"
    assert at.caption[0].value == "所在地: 四川 成都 · 数据条数: 18 · 来源文章: 1"
    facts = at.dataframe[0].value
    assert len(facts) == 18 and set(facts["区县"]) == {"成都锦江区"}
    # one dated metric of its own scope twice over: Jinjiang's output value targets for 2022 and 2023
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    lines = [(tr["name"], tr["x"], tr["text"]) for tr in spec["data"]]
    assert lines == [("目标", [2022, 2023], ["200亿元", "1000亿元"])]
    at.selectbox(key="dp_district").set_value("xuzhou-quanshan").run()
    assert at.query_params["district"] == "xuzhou-quanshan"
    assert set(at.dataframe[0].value["区县"]) == {"徐州泉山区"}
    assert "2024-01-25" in at.dataframe[-1].value["发布日期"].tolist()
    assert not at.exception


@pytest.fixture
def own_copy(tmp_path, monkeypatch):
    """The app on a copy of the seeds' raw folder, with a warehouse and an overrides file of its
    own: what a test adds or corrects never reaches data/. Returns (AppTest, overrides path)."""
    import shutil

    from etl.build import run
    from etl.paths import RAW_DIR

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    out = tmp_path / "wh"
    overrides = tmp_path / "overrides.csv"
    monkeypatch.setenv("DISTRICTS_WAREHOUSE", str(out))
    monkeypatch.setenv("DISTRICTS_RAW", str(raw))
    monkeypatch.setenv("DISTRICTS_OVERRIDES", str(overrides))
    assert run(raw=raw, out=out, progress=False).errors == []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    return at, overrides


def test_add_articles_page_preview_correct_save_and_see_it_everywhere(own_copy):
    """Paste an article about a place outside the gazetteer, correct one figure and reject
    another in the preview, save: the figures are on Overview and Sources without a restart,
    and the correction rows are in the overrides file."""
    at, overrides = own_copy
    goto(at, "add")
    at.text_input(key="add_paste_title").set_value("绿春县经济简报")
    at.text_area(key="add_paste_text").set_value(
        "2023年,绿春县新签约项目30个,签约金额120亿元。绿春县计划投资15亿元建设茶叶加工园区。\n第3页\n"
    )
    at.text_input(key="add_place_query").set_value("绿春").run()
    assert (
        at.selectbox(key="add_place").format_func(at.selectbox(key="add_place").value) == "绿春县 (云南省 红河哈尼族彝族自治州)"
    )
    at.text_input(key="add_published").set_value("2024-06").run()
    assert not at.exception, [e.value for e in at.exception]
    # the figures read, each highlighted in its sentence with its rules
    assert '<mark style="background:#ffe066;font-weight:600">30个</mark>' in at.get("html")[0].proto.body
    editor = at.data_editor[0]
    shown = editor.value
    row = {r: i for i, r in enumerate(shown["raw"])}
    ids = dict(zip(shown["raw"], shown["fact_id"]))
    assert shown.loc[row["15亿元"], "status"] == "plan"
    # correct one figure (15亿元: signed, says the reviewer) and reject another (30个)
    at.session_state[editor.key] = {
        "edited_rows": {row["15亿元"]: {"status": "signed"}, row["30个"]: {"keep": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="add_save_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("已保存 1 篇文章(005_")
    goto(at, "overview")
    at.sidebar.multiselect[0].set_value(["unknown:绿春县"]).run()
    assert at.subheader[0].value == "绿春县"
    assert "**签约投资合计:** 135亿元" in texts(at)  # 120亿元, and the 15亿元 the reviewer corrected to signed
    goto(at, "sources")
    table = at.dataframe[0].value.set_index("原文数值")
    assert "30个" not in table.index and table.loc["15亿元", "状态"] == "签约"  # rejected; corrected
    rows = overrides.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith(f"{ids['30个']},reject,,,rejected in the preview,")
    assert rows[2].startswith(f"{ids['15亿元']},set,status,signed,corrected in the preview,")


def test_review_a_figure_on_sources_and_limit_the_benchmark_to_checked_figures(own_copy):
    at, overrides = own_copy
    goto(at, "sources")
    at.text_input(key="src_search").set_value("冷链").run()
    at.selectbox(key="src_pick").select_index(1).run()  # 20亿元, Quanshan's cold-chain park
    at.text_input(key="rv_reason").set_value("与原文核对一致").run()
    at.button(key="rv_save").click().run()
    assert at.error[0].value == "a reviewer name is needed"  # refused, nothing written
    assert not overrides.exists()
    at.text_input(key="rv_reviewer").set_value("张三").run()
    at.button(key="rv_save").click().run()
    assert not at.exception and at.success[0].value == "已记录到 data/curated/overrides.csv,数据已更新。"
    row = overrides.read_text(encoding="utf-8").splitlines()[1]
    assert row.split(",")[1:6] == ["check", "", "", "与原文核对一致", "张三"]
    df = at.dataframe[0].value
    assert df.set_index("原文数值").loc["20亿元", "审核人"] == "张三"
    goto(at, "benchmark")
    at.selectbox(key="bm_focal").set_value("xuzhou-quanshan").run()
    at.toggle(key="bm_checked").set_value(True).run()
    table = at.dataframe[0].value
    assert table["原文数值"].tolist() == ["20亿元"] and at.query_params["checked"] == "1"

"""The README lists every page, setting, command and chart key the code has."""

import re

from dashboard import catalog
from dashboard.i18n import UI
from etl.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_is_documented_in_both_languages():
    pages = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
    assert pages == [
        "add",
        "benchmark",
        "clusters",
        "district",
        "investment",
        "output",
        "overview",
        "presentation",
        "sources",
        "sql",
    ]
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    for stem in pages:
        assert f"pages/{stem}.py" in app, f"{stem} is not in st.navigation"
        zh, en = UI[f"page_{stem}"]
        assert f"| {en} | {zh} |" in README, f"README does not list the {en} page"


def test_every_setting_is_documented():
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("etl", "dashboard") for p in (ROOT / d).glob("*.py"))
    settings = set(re.findall(r"os\.environ(?:\.get)?\(\s*\"([A-Z_]+)\"", code)) | set(
        re.findall(r"os\.environ\[\"([A-Z_]+)\"\]", code)
    )
    assert {"DISTRICTS_WAREHOUSE", "DISTRICTS_RAW", "BROWSER_PATH"} <= settings
    for s in settings:
        assert f"`{s}`" in README, f"README does not document {s}"


def test_every_command_and_chart_key_is_documented():
    for cmd in (
        "python -m etl build",
        "python -m etl extract",
        "python -m etl add",
        "python -m etl validate",
        "python -m etl golden",
        "python -m etl evaluate",
        "python -m dashboard sql",
        "python -m dashboard deck",
    ):
        assert cmd in README
    for key in catalog.CHARTS:
        assert f"`{key}`" in README


def test_readme_has_the_two_setup_commands_ci_uses():
    assert "make run" in README and "streamlit run app.py" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()

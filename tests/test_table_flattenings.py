"""One table, five flattenings (HTML cells, tabs, bars, runs of spaces, one cell a line): the
same four figures, each measured by its column's unit and given to its row's project."""

from datetime import date

import pytest

from etl.clean import clean, reflow_cell_tables
from etl.extract import extract_text

TITLE = "临川区2024年重点项目表"
HEADER = ["序号", "项目名称", "建设地点", "总投资（亿元）", "年度计划投资（亿元）"]
ROWS = [["1", "华丰食品产业园项目", "唱凯镇", "12.5", "3.2"], ["2", "润达包装扩建项目", "罗针镇", "4.8", "1.6"]]


def _html() -> str:
    cells = lambda row: "".join(f"<td>{c}</td>" for c in row)  # noqa: E731
    return f"<p>{TITLE}</p><table>" + "".join(f"<tr>{cells(r)}</tr>" for r in [HEADER, *ROWS]) + "</table>"


def _joined(sep: str) -> str:
    return "\n".join([TITLE, *(sep.join(r) for r in [HEADER, *ROWS])]) + "\n"


FLATTENINGS = {
    "html": _html(),
    "tabs": _joined("\t"),
    "bars": _joined(" | "),
    "spaces": _joined("  "),
    "one cell a line": "\n".join([TITLE, *HEADER, *(c for r in ROWS for c in r)]) + "\n",
}

EXPECTED = [
    ("12.5", 12.5e8, "华丰食品产业园"),
    ("3.2", 3.2e8, "华丰食品产业园"),
    ("4.8", 4.8e8, "润达包装扩建项目"),
    ("1.6", 1.6e8, "润达包装扩建项目"),
]


@pytest.mark.parametrize("name", FLATTENINGS)
def test_every_flattening_reads_the_same_project_figures(name):
    facts = extract_text(FLATTENINGS[name], "t", date(2024, 3, 1)).facts
    got = [(f.raw, f.value, f.entity) for f in facts]
    assert got == EXPECTED
    # a row's figures are its project's (never the district's totals), planned, for the title's year
    assert {(f.metric, f.unit, f.status, f.year, f.district, f.scope) for f in facts} == {
        ("investment", "CNY", "plan", 2024, "unknown:临川区", "project")
    }


def test_cells_on_lines_of_their_own_are_put_back_in_rows():
    text = clean(FLATTENINGS["one cell a line"]).text
    assert text.split("\n") == [
        TITLE,
        "序号 项目名称 建设地点 总投资(亿元) 年度计划投资(亿元)",
        "1 华丰食品产业园项目 唱凯镇 12.5 3.2",
        "2 润达包装扩建项目 罗针镇 4.8 1.6",
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["全区完成投资(亿元)", "今年以来全区经济稳中向好,完成固定资产投资85亿元。"],  # prose after a header-like line
        ["总投资(亿元)", "12.5", "3.2", "4.8"],  # numbers only: no row to read a name from
        ["项目名称", "总投资(亿元)", "华丰食品产业园项目", "12.5", "润达包装扩建项目"],  # a row cut short
    ],
)
def test_lines_that_are_no_cell_table_are_left_as_they_are(lines):
    assert reflow_cell_tables(lines) == lines

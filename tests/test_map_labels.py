"""The map's labels: placed where they cover no other label and no other marker, in on-screen pixels."""

import itertools

import pandas as pd
import pytest

from dashboard import charts

# the six seed districts (the gazetteer's coordinates) and a signed-investment map of them, in 亿元
SIX = [
    ("suzhou-sip", 31.32, 120.72, 0),
    ("weifang-kuiwen", 36.71, 119.13, 0),
    ("changzhi-tunliu", 36.32, 112.89, 0),
    ("jinan-shizhong", 36.65, 116.99, 250),
    ("chengdu-jinjiang", 30.65, 104.08, 152),
    ("xuzhou-quanshan", 34.24, 117.18, 52),
]


def _summary(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["district", "lat", "lon", "investment"])
    df["investment"] = df["investment"] * 1e8
    return df.assign(n_facts=1, status="signed", scope="district")


def _placed(fig):
    """(name, side, label box, marker box) of every district drawn, as the placer reckons them."""
    vmax = max(v for *_, v in SIX)
    out = []
    for trace in fig.data[:2]:
        for name, lat, lon, side, size in zip(
            trace.text, trace.lat, trace.lon, trace.textposition, trace.marker.size if trace.marker.sizeref else [9] * 9
        ):
            d = charts._diameter(size, vmax) if trace.marker.sizeref else 11.0
            x, y = charts._map_xy(lat, lon)
            out.append(
                (
                    name,
                    side,
                    charts._label_box(side, x, y, d / 2, charts._text_px(name)),
                    (x - d / 2, y - d / 2, x + d / 2, y + d / 2),
                )
            )
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_six_labels_cover_no_label_and_no_marker(lang):
    placed = _placed(charts.map_figure(_summary(SIX), lang))
    assert len(placed) == 6
    for (n1, _, box1, dot1), (n2, _, box2, dot2) in itertools.combinations(placed, 2):
        assert charts._overlap(box1, box2) == 0, (n1, n2)
        assert charts._overlap(box1, dot2) == 0 and charts._overlap(box2, dot1) == 0, (n1, n2)


def test_the_sides_chosen_for_the_six():
    """济南市中区's big bubble sits between 长治屯留区's ring (to its west) and 潍坊奎文区's (to its east):
    the old nearest-neighbour rule put both Jinan's and Changzhi's labels to the left, one over the
    other. Now Jinan's goes on top, and each other label takes the first free side."""
    fig = charts.map_figure(_summary(SIX), "zh")
    sides = {n: s for n, s, *_ in _placed(fig)}
    assert sides == {
        "济南市中区": "top center",
        "成都锦江区": "middle right",
        "徐州泉山区": "middle right",
        "苏州工业园区": "middle left",  # on its right: the size legend's 200亿元 bubble and label
        "潍坊奎文区": "middle right",
        "长治屯留区": "middle left",
    }


def test_a_lone_place_is_labelled_on_its_right_and_text_width_counts_cjk_wider():
    assert charts._label_sides([30.0], [110.0], ["某县"], [10.0]) == ["middle right"]
    assert charts._text_px("某县") == 2 * charts.MAP_LABEL_PX
    assert charts._text_px("ab") == pytest.approx(2 * 0.55 * charts.MAP_LABEL_PX)


def test_two_places_side_by_side_write_away_from_each_other():
    # 1° apart on one parallel: the left one's label cannot go right (it would cover the other's marker)
    assert charts._label_sides([32.0, 32.0], [110.0, 111.0], ["甲地方", "乙地方"], [30.0, 10.0]) == [
        "middle left",
        "middle right",
    ]


def test_a_label_box_sits_beside_its_marker():
    assert charts._label_box("middle right", 0, 0, 10, 40) == (13.0, -8.0, 53.0, 8.0)
    assert charts._label_box("middle left", 0, 0, 10, 40) == (-53.0, -8.0, -13.0, 8.0)
    assert charts._label_box("top center", 0, 0, 10, 40) == (-20.0, -29.0, 20.0, -13.0)
    assert charts._label_box("bottom center", 0, 0, 10, 40) == (-20.0, 13.0, 20.0, 29.0)

"""Values in the reader's convention: 亿元 / 万平方米 / 亩 in Chinese; CNY bn / m² / hectares in English."""

from __future__ import annotations

from etl.schema import CURRENCY_UNITS, PHYSICAL_UNITS

# (kind, lang) -> (divisor, unit label)
_SCALES = {
    ("money", "zh"): (1e8, "亿元"),
    ("money", "en"): (1e9, "CNY bn"),
    ("land", "zh"): (10000 / 15, "亩"),
    ("land", "en"): (1e4, "ha"),
    ("floor", "zh"): (1e4, "万平方米"),
    ("floor", "en"): (1.0, "m²"),
    ("count", "zh"): (1.0, "个"),
    ("count", "en"): (1.0, "count"),
    ("person", "zh"): (1e4, "万人"),
    ("person", "en"): (1.0, "people"),
    ("percent", "zh"): (1.0, "%"),
    ("percent", "en"): (1.0, "%"),
    # physical units keep their own unit (added codes)
    ("t", "zh"): (1e4, "万吨"),
    ("t", "en"): (1.0, "t"),
    ("kW", "zh"): (1e4, "万千瓦"),
    ("kW", "en"): (1e3, "MW"),
    ("kWh", "zh"): (1e8, "亿千瓦时"),
    ("kWh", "en"): (1e6, "GWh"),
    ("km", "zh"): (1.0, "公里"),
    ("km", "en"): (1.0, "km"),
    ("m3", "zh"): (1e4, "万立方米"),
    ("m3", "en"): (1.0, "m³"),
    ("TEU", "zh"): (1e4, "万标箱"),
    ("TEU", "en"): (1.0, "TEU"),
}
_CURRENCY_EN = {c: f"{c} bn" for c in CURRENCY_UNITS if c != "CNY"}
_CURRENCY_ZH = {
    "USD": "亿美元",
    "EUR": "亿欧元",
    "HKD": "亿港元",
    "JPY": "亿日元",
    "GBP": "亿英镑",
    "SGD": "亿新加坡元",
    "TWD": "亿新台币",
    "AUD": "亿澳元",
    "CAD": "亿加元",
    "KRW": "亿韩元",
}


def kind_of(metric: str, unit: str) -> str:
    if unit in ("CNY", *_CURRENCY_EN):
        return "money"
    if unit == "m2":
        return "land" if metric == "land_area" else "floor"
    if unit in ("person", "percent", *PHYSICAL_UNITS):
        return unit
    return "count"


def scale(metric: str, unit: str, lang: str) -> tuple[float, str]:
    """(divisor, unit label) to show a value of this metric/unit to a reader of ``lang``."""
    kind = kind_of(metric, unit)
    divisor, label = _SCALES[(kind, lang)]
    if kind == "money" and unit != "CNY":
        label = (_CURRENCY_ZH if lang == "zh" else _CURRENCY_EN)[unit]
    return divisor, label


def display(value: float, metric: str, unit: str, lang: str) -> str:
    divisor, label = scale(metric, unit, lang)
    v = value / divisor
    if abs(v) >= 100:
        text = f"{v:,.0f}"
    elif abs(v) >= 1:
        text = f"{v:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.4g}"
    if label == "count":  # "6", never "6 count"
        return text
    sep = "" if lang == "zh" or label == "%" else " "
    return f"{text}{sep}{label}"

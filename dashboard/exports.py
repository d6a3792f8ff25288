"""Exports fit for slides: PNG/SVG (kaleido + system Chromium), CSV/XLSX with units in the
headers and the sources on a second sheet, a PPTX deck and a ZIP. No Streamlit, no network.
"""

from __future__ import annotations

import copy
import functools
import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import code_label, date_text, district_name, label_frame, t
from dashboard.units import display, scale
from etl.paths import TOPOJSON_DIR

SLIDE_W, SLIDE_H = 1920, 1080
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ExportUnavailable(RuntimeError):
    """Image export cannot run here; the message says exactly what to install."""


@dataclass(frozen=True)
class Readiness:
    ok: bool
    message: str


@functools.cache
def image_readiness() -> Readiness:
    chrome = os.environ.get("BROWSER_PATH") or next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)
    if not chrome:
        return Readiness(
            False,
            "Image export needs Chromium: sudo apt-get install chromium (the chart toolbar's camera icon still downloads a PNG).",
        )
    try:
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        fonts = ""
    if "Noto Sans CJK" not in fonts and "Noto Serif CJK" not in fonts:
        return Readiness(
            False, "Image export needs a CJK font or Chinese renders as empty boxes: sudo apt-get install fonts-noto-cjk"
        )
    return Readiness(True, chrome)


def slide_figure(fig: go.Figure) -> go.Figure:
    """The same figure, with type sized for a 1920x1080 slide."""
    out = copy.deepcopy(fig)
    out.update_layout(
        font={"size": 24}, title={"font": {"size": 34}}, margin={"l": 40, "r": 40, "t": 110, "b": 40}, height=None, width=None
    )
    return out


def image_bytes(fig: go.Figure, fmt: str = "png", scale_factor: float = 1.0) -> bytes:
    ready = image_readiness()
    if not ready.ok:
        raise ExportUnavailable(ready.message)
    if "BROWSER_PATH" not in os.environ:
        os.environ["BROWSER_PATH"] = ready.message
    pio.defaults.topojson = TOPOJSON_DIR.resolve().as_uri() + "/"  # maps draw offline
    return slide_figure(fig).to_image(format=fmt, width=SLIDE_W, height=SLIDE_H, scale=scale_factor)


def export_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart's data for people: labels instead of codes, units in the column headers."""
    if df.empty:
        return df
    out = label_frame(df, lang)
    cols: dict[str, pd.Series] = {}
    for code, label_key in (
        ("district", "col_district"),
        ("entity", "col_entity"),
        ("metric", "col_metric"),
        ("cluster", "col_cluster"),
    ):
        if code in out:
            cols[t(label_key, lang)] = out[f"{code}_label"] if f"{code}_label" in out else out[code]
    for code in ("status", "scope", "qualifier"):
        if code in out:
            cols[t(f"col_{code}", lang)] = out[f"{code}_label"]
    if "year" in out:
        cols[t("col_year", lang)] = out["year"].astype("Int64")
    value_cols = [c for c in ("value", "value_high", "actual_value", "target_value") if c in out and out[c].notna().any()]
    if value_cols:
        metric = out["metric"] if "metric" in out else pd.Series(["investment"] * len(out), index=out.index)
        unit = out["unit"] if "unit" in out else pd.Series(["CNY"] * len(out), index=out.index)
        scales = {scale(m, u, lang) for m, u in zip(metric, unit)}
        for c in value_cols:
            name = {
                "value": t("col_value", lang),
                "value_high": t("col_value", lang) + " (max)",
                "actual_value": code_label("status", "actual", lang),
                "target_value": code_label("status", "target", lang),
            }[c]
            if len(scales) == 1:
                divisor, unit_label = next(iter(scales))
                cols[f"{name} ({unit_label})"] = out[c] / divisor
            else:
                if c == "value":  # mixed units: each figure in the reader's unit, then the base value
                    cols[name] = [display(v, m, u, lang) for v, m, u in zip(out[c], metric, unit)]
                cols[f"{name} ({'基础单位' if lang == 'zh' else 'base unit'})"] = out[c]
        if len(scales) != 1 and "unit" in out:
            cols[t("col_unit", lang)] = out["unit"]
    for c in ("mentions", "n_facts", "rank", "ratio", "comparable"):
        if c in out:
            cols[c] = out[c]
    for c, key in (
        ("raw", "col_raw"),
        ("quote", "col_quote"),
        ("title_zh", "col_title"),
        ("doc_id", "col_doc"),
        ("doc_ids", "col_doc"),
    ):
        if c in out:
            cols[t(key, lang)] = out[c]
    if not cols:
        return out
    return pd.DataFrame(cols)


def sources_table(docs: pd.DataFrame, lang: str) -> pd.DataFrame:
    if docs.empty:
        return pd.DataFrame({t("col_doc", lang): [], t("col_title", lang): [], t("col_published", lang): []})
    return pd.DataFrame(
        {
            t("col_doc", lang): docs["doc_id"],
            t("col_title", lang): docs["title_zh"],
            t("col_published", lang): [
                date_text(p, pr) for p, pr in zip(docs["published"], docs.get("published_precision", ["day"] * len(docs)))
            ],
            "URL / source": [u or s for u, s in zip(docs.get("url", ""), docs.get("source", ""))],
        }
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """A text cell a spreadsheet would read as a formula (=HYPERLINK(…), +1, @SUM, -2+3) gets a
    leading apostrophe, as OWASP advises for CSV injection; numbers and other text are unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def neutralized(df: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell and header made inert for spreadsheets."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_inert)
    out.columns = [_inert(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    return neutralized(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sources: pd.DataFrame, lang: str) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        neutralized(table).to_excel(xw, sheet_name="数据" if lang == "zh" else "data", index=False)
        neutralized(sources).to_excel(xw, sheet_name="来源" if lang == "zh" else "sources", index=False)
    return buf.getvalue()


def source_footnote(docs: pd.DataFrame, lang: str) -> str:
    if docs.empty:
        return ""
    parts = [f"{r.title_zh} ({date_text(r.published, getattr(r, 'published_precision', 'day'))})" for r in docs.itertuples()]
    return ("来源:" if lang == "zh" else "Sources: ") + "; ".join(parts)


def build_deck(charts: list, docs_for, districts: list[str], lang: str, today: date | None = None) -> bytes:
    """PPTX: a title slide, one slide per chart (title, picture, units in the chart title,
    source footnote), and a last slide listing every source article."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    today = today or date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    title_layout, blank = prs.slide_layouts[0], prs.slide_layouts[6]
    s = prs.slides.add_slide(title_layout)
    s.shapes.title.text = t("app_title", lang)
    s.placeholders[1].text = (
        "、".join(district_name(d, lang) for d in districts) + f"\n{today.isoformat()}"
        if lang == "zh"
        else ", ".join(district_name(d, lang) for d in districts) + f"\n{today.isoformat()}"
    )
    all_docs = []
    for c in charts:
        slide = prs.slides.add_slide(blank)
        tb = slide.shapes.add_textbox(Emu(457200), Emu(150000), Emu(11277600), Emu(600000))
        tb.text_frame.text = c.title
        tb.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        tb.name = "Title"
        png = image_bytes(c.fig, "png")
        pic_w = Emu(10800000)
        pic_h = Emu(int(pic_w * SLIDE_H / SLIDE_W))
        slide.shapes.add_picture(io.BytesIO(png), Emu((12192000 - pic_w) // 2), Emu(750000), pic_w, pic_h)
        docs = docs_for(c.doc_ids)
        all_docs.append(docs)
        foot = slide.shapes.add_textbox(Emu(457200), Emu(6858000 - 520000), Emu(11277600), Emu(420000))
        foot.name = "Footnote"
        foot.text_frame.word_wrap = True
        foot.text_frame.text = source_footnote(docs, lang) or ("来源:无" if lang == "zh" else "Sources: none")
        foot.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
    last = prs.slides.add_slide(blank)
    tb = last.shapes.add_textbox(Emu(457200), Emu(300000), Emu(11277600), Emu(600000))
    tb.name = "Title"
    tb.text_frame.text = "来源文章" if lang == "zh" else "Source articles"
    tb.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
    body = last.shapes.add_textbox(Emu(457200), Emu(1000000), Emu(11277600), Emu(5400000))
    body.name = "Sources"
    body.text_frame.word_wrap = True
    docs = pd.concat(all_docs).drop_duplicates("doc_id").sort_values(["published", "doc_id"]) if all_docs else pd.DataFrame()
    lines = (
        [
            f"{r.title_zh} — {date_text(r.published, getattr(r, 'published_precision', 'day'))} — {r.url or r.source}"
            for r in docs.itertuples()
        ]
        if not docs.empty
        else []
    )
    body.text_frame.text = "\n".join(lines) or "—"
    for p in body.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = Pt(14)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def build_zip(charts: list, docs_for, lang: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, c in enumerate(charts, start=1):
            stem = f"{i:02d}_{c.key}"
            z.writestr(f"{stem}.png", image_bytes(c.fig, "png"))
            z.writestr(f"{stem}.svg", image_bytes(c.fig, "svg"))
            z.writestr(f"{stem}.csv", csv_bytes(export_table(c.data, lang)))
        if charts:
            ids = sorted({d for c in charts for d in c.doc_ids})
            z.writestr("sources.csv", csv_bytes(sources_table(docs_for(ids), lang)))
    return buf.getvalue()


def chromium_path() -> str | None:
    return shutil.which("chromium") or next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)

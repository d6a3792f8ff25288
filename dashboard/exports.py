"""Exports fit for slides: PNG/SVG (kaleido + system Chromium), CSV/XLSX with units in the
headers and the sources on a second sheet, a PPTX deck and a ZIP. No Streamlit, no network.
"""

from __future__ import annotations

import copy
import functools
import html
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

from dashboard.i18n import code_label, date_text, district_name, join, label_frame, t
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
    out.update_annotations(font={"size": 24})  # panel titles (a facet's scope, a unit) at the slide's type size
    out.update_geos(resolution=50)  # a slide is big: the finer coastlines
    return out


SOURCE_LINE_WIDTH = 200  # one line of 16 px type across a 1920 px image, a CJK character counting 2


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def source_line(docs: pd.DataFrame, lang: str) -> str:
    """The articles behind a chart, in one line for the foot of its image: titles and dates,
    and how many more when they do not fit (the CSV and XLSX list every one)."""
    if docs is None or docs.empty:
        return ""
    head = "来源:" if lang == "zh" else "Sources: "
    parts = [f"{r.title_zh} ({date_text(r.published, getattr(r, 'published_precision', 'day'))})" for r in docs.itertuples()]
    line = head
    for i, part in enumerate(parts):
        more = len(parts) - i
        tail = f"…等 {more} 篇" if lang == "zh" else f"… and {more} more"
        candidate = line + ("; " if i else "") + part
        if _width(candidate + tail) > SOURCE_LINE_WIDTH and i:
            return line + tail
        line = candidate
    return line


SOURCE_STRIP = 44  # px kept free at the foot of an exported image for its source line
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, sans-serif"


@functools.cache
def _cjk_font_file() -> str | None:
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def _write_png_line(png: bytes, text: str, scale_factor: float) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.open(io.BytesIO(png)).convert("RGB")
    size = int(18 * scale_factor)
    path = _cjk_font_file()
    font = ImageFont.truetype(path, size) if path else ImageFont.load_default()
    draw = ImageDraw.Draw(img)
    draw.text((int(24 * scale_factor), img.height - int(12 * scale_factor)), text, fill=(85, 85, 85), font=font, anchor="ls")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@functools.cache
def _kaleido_server() -> bool:
    """One Chromium kept open for every image this process makes (kaleido's sync server): an
    image then takes about 0.4 s instead of 4 s, most of which was starting a browser. Closed
    when the process ends. False (each image starts its own browser) where it cannot start."""
    import atexit

    try:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
    except (AttributeError, RuntimeError, OSError):
        return False
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    return True


def _to_image(fig: go.Figure, fmt: str, scale_factor: float) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored if using a server")
        try:
            return fig.to_image(format=fmt, width=SLIDE_W, height=SLIDE_H, scale=scale_factor)
        except Exception as exc:
            if type(exc).__name__ != "JavascriptError":
                raise
            # on a loaded machine kaleido's tab can be asked before its scripts have loaded
            # ("kaleido_scopes is not defined"): once more, then the error stands
            return fig.to_image(format=fmt, width=SLIDE_W, height=SLIDE_H, scale=scale_factor)


def image_bytes(fig: go.Figure, fmt: str = "png", scale_factor: float = 1.0, source: str = "") -> bytes:
    """The figure as an image for a 1920x1080 slide. ``source`` (source_line) is written at its
    foot, so a chart pasted into a slide says where its figures come from."""
    ready = image_readiness()
    if not ready.ok:
        raise ExportUnavailable(ready.message)
    if "BROWSER_PATH" not in os.environ:
        os.environ["BROWSER_PATH"] = ready.message
    pio.defaults.topojson = TOPOJSON_DIR.resolve().as_uri() + "/"  # maps draw offline
    _kaleido_server()
    out = slide_figure(fig)
    if not source:
        return _to_image(out, fmt, scale_factor)
    # the line is written below everything plotly draws, from the image's left edge (plotly
    # places annotations relative to the plot area only, where axis labels and titles live)
    margin = out.layout.margin.b or 40
    out.update_layout(margin={"b": margin + SOURCE_STRIP})
    body = _to_image(out, fmt, scale_factor)
    if fmt == "svg":
        text = html.escape(source, quote=True)
        line = f'<text x="24" y="{SLIDE_H - 22}" font-family="{FONT_FAMILY}" font-size="18" fill="#555">{text}</text>'
        svg = body.decode("utf-8")
        return (svg[: svg.rindex("</svg>")] + line + "</svg>").encode("utf-8")
    return _write_png_line(body, source, scale_factor)


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
    if "peer" in out:  # the similarity matrix, long: one row per pair of districts
        cols[t("col_peer", lang)] = [district_name(d, lang) for d in out["peer"]]
    for c in ("mentions", "n_facts", "n_investment", "similarity", "rank", "ratio", "comparable", "lat", "lon"):
        if c in out:
            cols[t(f"col_{c}", lang)] = out[c]
    if "checked_by" in out:  # who read the figure against its article; blank when nobody has
        cols[t("col_checked_by", lang)] = out["checked_by"]
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


def checked_note(data: pd.DataFrame, lang: str) -> str:
    """How many of a chart's figures a reviewer checked, and who: for a slide's footnote."""
    if data is None or data.empty or "checked_by" not in data or "fact_id" not in data:
        return ""
    checked = data["checked_by"].dropna()
    names = join(sorted({n for v in checked for n in str(v).split("; ") if n}), lang)
    n, total = len(checked), data["fact_id"].nunique()
    if lang == "zh":
        return f"已审核 {n}/{total} 条数据" + (f"(审核人:{names})" if names else "")
    return f"{n} of {total} figures checked" + (f" (by {names})" if names else "")


def source_footnote(docs: pd.DataFrame, lang: str) -> str:
    if docs.empty:
        return ""
    parts = [f"{r.title_zh} ({date_text(r.published, getattr(r, 'published_precision', 'day'))})" for r in docs.itertuples()]
    return ("来源:" if lang == "zh" else "Sources: ") + "; ".join(parts)


SLIDE_EMU_W, SLIDE_EMU_H = 12192000, 6858000  # 13.33 x 7.5 in: 16:9
MARGIN = 457200
PICTURE_TOP = 800000
FOOTNOTE_H = 480000


def _text(slide, name: str, text: str, left, top, width, height, size, bold: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.name = name
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    for p in box.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = size
            r.font.bold = bold
    return box


def build_deck(charts: list, docs_for, districts: list[str], lang: str, today: date | None = None) -> bytes:
    """PPTX: a title slide, one slide per chart (title, picture, units in the chart title,
    source footnote), and a last slide listing every source article."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    today = today or date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_EMU_W), Emu(SLIDE_EMU_H)  # 16:9
    blank = prs.slide_layouts[6]  # every slide drawn on the blank layout: the template's others are 4:3
    s = prs.slides.add_slide(blank)
    _text(s, "Title", t("app_title", lang), Emu(MARGIN), Emu(2200000), Emu(SLIDE_EMU_W - 2 * MARGIN), Emu(1100000), Pt(44), True)
    places = join((district_name(d, lang) for d in districts), lang)
    _text(
        s,
        "Subtitle",
        f"{places}\n{today.isoformat()}",
        Emu(MARGIN),
        Emu(3400000),
        Emu(SLIDE_EMU_W - 2 * MARGIN),
        Emu(1200000),
        Pt(24),
    )
    all_docs = []
    for c in charts:
        slide = prs.slides.add_slide(blank)
        _text(slide, "Title", c.title, Emu(MARGIN), Emu(150000), Emu(SLIDE_EMU_W - 2 * MARGIN), Emu(600000), Pt(28))
        png = image_bytes(c.fig, "png")
        # the picture fits between the title and the footnote, never over either
        top, foot_top = PICTURE_TOP, SLIDE_EMU_H - FOOTNOTE_H - 60000
        pic_h = foot_top - top - 60000
        pic_w = int(pic_h * SLIDE_W / SLIDE_H)
        slide.shapes.add_picture(io.BytesIO(png), Emu((SLIDE_EMU_W - pic_w) // 2), Emu(top), Emu(pic_w), Emu(pic_h))
        docs = docs_for(c.doc_ids)
        all_docs.append(docs)
        foot = _text(
            slide,
            "Footnote",
            "  ".join(
                x
                for x in (
                    source_footnote(docs, lang) or ("来源:无" if lang == "zh" else "Sources: none"),
                    checked_note(c.data, lang),
                )
                if x
            ),
            Emu(MARGIN),
            Emu(foot_top),
            Emu(SLIDE_EMU_W - 2 * MARGIN),
            Emu(FOOTNOTE_H),
            Pt(11),
        )
        foot.text_frame.word_wrap = True
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
            line = source_line(docs_for(c.doc_ids), lang) if c.doc_ids else ""
            z.writestr(f"{stem}.png", image_bytes(c.fig, "png", source=line))
            z.writestr(f"{stem}.svg", image_bytes(c.fig, "svg", source=line))
            z.writestr(f"{stem}.csv", csv_bytes(export_table(c.data, lang)))
        if charts:
            ids = sorted({d for c in charts for d in c.doc_ids})
            z.writestr("sources.csv", csv_bytes(sources_table(docs_for(ids), lang)))
    return buf.getvalue()


def chromium_path() -> str | None:
    return shutil.which("chromium") or next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)

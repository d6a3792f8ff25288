"""Clean article text: pinyin glosses out, Traditional -> Simplified, width and spaces
normalized, site boilerplate dropped. Fact offsets point into the text returned here."""

from __future__ import annotations

import functools
import html
import operator
import re
import unicodedata
from dataclasses import dataclass

from etl.rules import alternation

HAN = "\u4e00-\u9fff"
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# 產業(yè) -> 產業, 產業(chǎn yè) -> 產業: lower-case pinyin syllables (up to four, one with a tone
# mark at least) in parentheses right after a Han character.
_GLOSS = re.compile(rf"\((?<=[{HAN}]\()([a-z{_TONE}]{{1,7}}(?: [a-z{_TONE}]{{1,7}}){{0,3}})\)")
_HAN_RE = re.compile(f"[{HAN}]")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b]+")
# "1.2 万亿元", "2024 年", "增长 5%": a space typeset between a number and a Chinese word goes,
# but not in a table row ("社会消费品零售总额 亿元 856.2 4.9": the number has no word after it).
# (The literal space first, then the look-arounds: the engine then jumps from space to space.)
_NUMBER_SPACE = re.compile(rf" (?:(?<=\d )(?=[{HAN}%])|(?<=[{HAN}] )(?=\d[\d.,]* ?[{HAN}%]))")

# Lines that are site furniture, never article text: a line containing one of these words or
# Latin-script markers (matched on the lower-cased page), or a line that is only a caption,
# "top" or digits. Three small patterns over the whole page instead of one per line.
_BOILERPLATE_WORDS = re.compile(
    r"上一篇|下一篇|版权所有|版权声明|网站声明|本站资料|本文仅代表|未经本站|免责声明|责任编辑|编辑:|来源:|"
    r"扫一扫|分享到|打印本页|关闭窗口|展开阅读全文|页面更新|标签:|上滑加载|友情链接|推荐阅读|更多:|欢迎您|门户网站"
)
_BOILERPLATE_LATIN = re.compile(r"copyright|all rights reserved|icp备|a\+[^\S\n]*a-|https?://|www\.")
_BOILERPLATE_WHOLE = re.compile(
    r"^(?:top|返回顶部|[\d \t]+|[▲△■]?[^\S\n]*[^,。!?;\n]{0,20}(?:示意图|效果图|鸟瞰图|区位图))$", re.MULTILINE
)
# Headings after which the rest of the page is another story (related news, comments).
_TAIL_MARKERS = re.compile(
    r"(?m)^(新闻推荐|推荐阅读|相关新闻|相关阅读|相关推荐|猜你喜欢|热门推荐|延伸阅读|热点推荐|上一篇|下一篇|网站声明)"
)


TABLE_UNITS = alternation("table_header_units")  # the units a table header may name (data/rules/zh/words.yaml)
# A table header cell naming its column's unit (总投资(亿元) 用地(亩)), or a line naming the
# whole table's unit (单位:亿元): the start of a table whose rows keep their cells.
COLUMN_HEADER_HINT = re.compile(
    rf"[((](?:万亿|亿|万)?(?:{TABLE_UNITS})[))](?= |$)|^单位[::] ?(?P<mult>万亿|亿|万)?(?P<measure>{TABLE_UNITS}) ?$",
    re.MULTILINE,
)


def may_hold_table(text: str) -> bool:
    """A cheap first look: only a text with a unit in parentheses or a 单位 line can hold such a table."""
    if ")" not in text:
        return "单位" in text
    return "单位" in text or "元)" in text or "亩)" in text or "%)" in text or "米)" in text or "个)" in text


def _is_table_row(line: str) -> bool:
    """Cells split by spaces (two or more) and no sentence in it."""
    return line.count(" ") >= 2 and "。" not in line and ";" not in line


# A table flattened one cell a line (a page's table copied as text, a converter that put each
# cell on its own line): the header's cells, then the rows' cells, each on a line of its own.
_UNIT_CELL = re.compile(rf"[{HAN}A-Za-z]{{1,12}}[((](?:万亿|亿|万)?(?:{TABLE_UNITS})[))]")
_UNIT_CELL_LINE = re.compile(rf"^[ \t]*{_UNIT_CELL.pattern}[ \t]*$", re.MULTILINE)
_NUMBER_CELL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
MAX_CELL = 30


def _is_cell(line: str) -> bool:
    return len(line) <= MAX_CELL and " " not in line and not any(c in line for c in "。;,!?")


def _row_length(flags: list[bool], longest: int = 12) -> int | None:
    """The length of a row whose pattern of number cells repeats over two rows or more."""
    for n in range(2, min(longest, len(flags) // 2) + 1):
        if any(flags[:n]) and not all(flags[:n]) and all(flags[k] == flags[k % n] for k in range(len(flags) // n * n)):
            return n
    return None


def reflow_cell_tables(lines: list[str]) -> list[str]:
    """Tables flattened one cell a line, put back one row a line (cells split by spaces), so a
    row's figures are read with its name and its columns' units:
    序号 / 项目名称 / 总投资(亿元) / 1 / 某某产业园项目 / 12.5 -> "序号 项目名称 总投资(亿元)", "1 某某产业园项目 12.5".
    The header is the run of cells ending at the last one that names a unit; the row length is
    the period of the number cells that follow; lines that are no cells end the table."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _UNIT_CELL.fullmatch(lines[i]) or (i + 1 < len(lines) and _UNIT_CELL.fullmatch(lines[i + 1])):
            out.append(lines[i])
            i += 1
            continue
        d = i + 1  # the data start after the header's last unit cell
        e = d
        while e < len(lines) and _is_cell(lines[e]):
            e += 1
        n = _row_length([_NUMBER_CELL.fullmatch(ln) is not None for ln in lines[d:e]])
        header = lines[d - n : d] if n and n <= d else []
        before = header[:-1]
        if (
            not header
            or not all(_is_cell(h) and not _NUMBER_CELL.fullmatch(h) for h in header)
            or out[len(out) - len(before) :] != before
        ):
            out.append(lines[i])
            i += 1
            continue
        rows = (e - d) // n
        del out[len(out) - len(before) :]
        out.append(" ".join(header))
        out.extend(" ".join(lines[d + r * n : d + (r + 1) * n]) for r in range(rows))
        i = d + rows * n
    return out


@dataclass(frozen=True)
class CleanText:
    text: str
    script: str  # "Hans" or "Hant" (before conversion)
    glosses_removed: int
    lines_dropped: int


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def strip_glosses(text: str) -> tuple[str, int]:
    """Remove pinyin glosses such as ``產業(yè)`` while leaving real parentheses alone."""

    def keep(m: re.Match[str]) -> str:
        syll = m.group(1)
        return m.group(0) if not any(c in _TONE for c in syll) else ""

    count = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal count
        out = keep(m)
        if not out:
            count += 1
        return out

    return _GLOSS.sub(sub, text), count


_HTML_HINT = re.compile(r"</?(?:p|div|br|span|a|td|tr|table|li|ul|h[1-6]|section|article|strong|font)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|tr|li|h[1-6]|section|article|table)\b[^>]*>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]{1,500}>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)


def strip_html(text: str) -> str:
    """A page saved as HTML: scripts and tags out (block tags become line breaks), entities
    decoded. Plain text is returned unchanged."""
    if not _HTML_HINT.search(text):
        return text
    text = _SCRIPT.sub("", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _CELL_END.sub(" ", text)  # <td>612.5</td><td>6.3</td>: cells a space apart, as a flattened table's
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


_COMMON_COMPAT_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " ", "\xa0": " ", "…": "..."}
_COMMON_COMPAT = re.compile("[\uff01-\uff5e\u3000\xa0…]")
assert all(unicodedata.normalize("NFKC", k) == v for k, v in _COMMON_COMPAT_MAP.items())


def normalize(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (NFKC); unify line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if unicodedata.is_normalized("NFKC", text):
        return text
    # Chinese pages need NFKC mostly for full-width punctuation, ideographic and no-break
    # spaces and the ellipsis: replaced directly (their NFKC forms), and the full
    # normalization (3x slower) runs only if something else is left.
    text = _COMMON_COMPAT.sub(lambda m: _COMMON_COMPAT_MAP[m.group()], text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def drop_boilerplate(lines: list[str]) -> tuple[list[str], int]:
    """Drop site-furniture lines (under 200 characters), and everything from a related-news
    heading on when it comes after the first third of the page. The patterns run once over
    the page (no line holds a newline), and each match is mapped back to its line."""
    n = len(lines)
    text = "\n".join(lines)
    lower = text.lower()
    if len(lower) != len(text):  # a few letters (İ) lower-case to two characters
        lower = _lower_same_length(text)

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos)  # a handful of hits per page: counting is cheapest

    cut, end = n, len(text)
    for m in _TAIL_MARKERS.finditer(text):
        if line_of(m.start()) >= n // 3:
            cut, end = line_of(m.start()), m.start()
            break
    hit_pos = [m.start() for m in _BOILERPLATE_WORDS.finditer(text, 0, end)]
    hit_pos += [m.start() for m in _BOILERPLATE_LATIN.finditer(lower, 0, end)]
    hit_pos += [m.start() for m in _BOILERPLATE_WHOLE.finditer(lower, 0, end)]
    if not hit_pos and cut == n:
        return lines, 0
    hits = {line_of(p) for p in hit_pos}
    kept = [ln for i, ln in enumerate(lines[:cut]) if i not in hits or len(ln) >= 200]
    return kept, n - len(kept)


def _lower_same_length(text: str) -> str:
    """Lower-case character by character, keeping positions (a character whose lower case is
    longer is kept as it is)."""
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


@functools.cache
def _convertible() -> re.Pattern[str]:
    """A character class of every Han character that T->S conversion changes on its own."""
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    converted = to_simplified("\n".join(chars)).split("\n")
    assert len(converted) == len(chars), "OpenCC changed the line structure"
    changed = "".join(c for c, s in zip(chars, converted, strict=True) if s != c)
    return re.compile(f"[{re.escape(changed)}]")


def _looks_traditional(sample: str) -> bool:
    """More than 2% of the Han characters change under T->S conversion (decided at once when
    no character of ``sample`` converts on its own: the common case)."""
    if not _convertible().search(sample):
        return False
    converted = to_simplified(sample)
    han = len(sample) - len(_HAN_RE.sub("", sample))
    changed = sum(map(operator.ne, sample, converted))
    return bool(han) and changed / han > 0.02


def clean(text: str) -> CleanText:
    text = normalize(strip_html(text))
    text, glosses = strip_glosses(text)
    # Convert only Traditional text: OpenCC would also "simplify" characters that are valid in
    # Simplified Chinese (乾安县 -> 干安县), so a Simplified article is left exactly as written.
    script = "Hant" if glosses or _looks_traditional(text[:4000]) else "Hans"
    simplified = to_simplified(text) if script == "Hant" else text
    spaced = _SPACES.sub(" ", simplified)
    if " " in spaced:
        if may_hold_table(spaced) and COLUMN_HEADER_HINT.search(spaced):
            # a table with units in its header (总投资(亿元) 用地(亩)): its rows keep their cells
            spaced = "\n".join(ln if _is_table_row(ln) else _NUMBER_SPACE.sub("", ln) for ln in spaced.split("\n"))
        else:
            spaced = _NUMBER_SPACE.sub("", spaced)
    lines = [ln for ln in map(str.strip, spaced.split("\n")) if ln]
    if may_hold_table(spaced) and _UNIT_CELL_LINE.search(spaced):
        lines = reflow_cell_tables(lines)  # a header cell on a line of its own: one cell a line
    kept, dropped = drop_boilerplate(lines)
    return CleanText(text="\n".join(kept), script=script, glosses_removed=glosses, lines_dropped=dropped)

"""Read raw article bytes: refuse what is not text, decode, never guess silently."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024


class ArticleError(ValueError):
    """An article that cannot be read. The message names the file and the problem."""


@dataclass(frozen=True)
class RawArticle:
    path: str
    text: str
    encoding: str
    sha256: str
    size: int


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > max(8, len(sample) // 100)


_HAN = re.compile("[\u4e00-\u9fff]+")
_SPACE = re.compile(r"\s+")


def _han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters."""
    if not text:
        return 0.0
    han = sum(map(len, _HAN.findall(text)))
    visible = len(text) - sum(map(len, _SPACE.findall(text)))
    return han / max(1, visible)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode article bytes. Returns (text, encoding) or raises ArticleError naming ``name``.

    UTF-8 (with or without BOM) is tried first; otherwise GB18030 (a superset of GBK/GB2312)
    and Big5 are tried strictly and the one that yields the most Han text wins (charset
    detection by charset-normalizer breaks a tie). The encoding used is always returned.
    """
    if not data or not data.strip():
        raise ArticleError(f"{name}: empty file")
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{name}: file is {len(data)} bytes, over the {MAX_BYTES} byte limit")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{name}: broken UTF-16 text ({exc.reason})") from exc
    if _looks_binary(data):
        raise ArticleError(f"{name}: binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for enc in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_han_ratio(text), enc, text))
    if not candidates:
        raise ArticleError(f"{name}: not UTF-8, GB18030/GBK or Big5 text")
    candidates.sort(reverse=True)
    if len(candidates) == 2 and abs(candidates[0][0] - candidates[1][0]) < 0.02:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is not None:
            enc = "gb18030" if best.encoding.startswith("gb") else "big5hkscs"
            text = next(t for _, e, t in candidates if e == enc)
            return text, _ENC_NAMES[enc]
    _, enc, text = candidates[0]
    return text, _ENC_NAMES[enc]


_ENC_NAMES = {"gb18030": "gb18030", "big5hkscs": "big5"}


def read_article(path: Path | str) -> RawArticle:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ArticleError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ArticleError(f"{path}: is a directory, not an article") from exc
    text, encoding = decode(data, str(path))
    nul = text.find("\x00")
    if nul >= 0:  # past the sample _looks_binary reads: never stored in the text
        raise ArticleError(f"{path}: NUL byte at character {nul:,}: a binary file, not text")
    return RawArticle(
        path=str(path),
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )

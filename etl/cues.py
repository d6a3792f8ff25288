"""Cue words and how they are found, shared by the resolvers below them: metric and cluster cues from data/reference, status cues, the cue nearest before a figure, the run of items listed together before 分别."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date

import ahocorasick_rs

from etl import reference
from etl.context import Span
from etl.rules import word_list, word_map

STATUS_CUES = {status: tuple(cues) for status, cues in word_map("status_cues").items()}  # data/rules/zh/words.yaml


@functools.cache
def _metric_cues() -> dict[str, list[tuple[str, str]]]:
    """kind -> [(cue, metric code)] longest cue first."""
    out: dict[str, list[tuple[str, str]]] = {}
    for m in reference.metrics():
        for kind in m.kinds:
            for cue in m.cues:
                out.setdefault(kind, []).append((cue, m.code))
    for kind in out:
        out[kind].sort(key=lambda c: -len(c[0]))
    return out


@functools.cache
def _cue_regex(kind: str) -> re.Pattern[str]:
    cues = [re.escape(c) for c, _ in _metric_cues().get(kind, [])]
    return re.compile("|".join(cues)) if cues else re.compile(r"(?!x)x")


@functools.cache
def _cue_metric(kind: str) -> dict[str, str]:
    return {c: m for c, m in _metric_cues().get(kind, [])}


@functools.cache
def _cluster_automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[str]]:
    _, cue_map = _cluster_regex()
    cues = list(cue_map)
    auto = ahocorasick_rs.AhoCorasick(
        cues, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=ahocorasick_rs.Implementation.DFA
    )
    return auto, cues


@functools.cache
def _cluster_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    pairs = [(cue, c.code) for c in reference.clusters() for cue in c.cues]
    pairs.sort(key=lambda p: -len(p[0]))
    return re.compile("|".join(re.escape(c) for c, _ in pairs)), dict(pairs)


def _last_cue(matches: list[re.Match[str]]) -> re.Match[str]:
    """The cue nearest before a figure: the one ending last, the longest of those."""
    return max(matches, key=lambda m: (m.end(), len(m.group(0))))


def _all_cue_matches(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """All cue matches overlapping allowed: try every start position (longest cue wins there)."""
    out = []
    pos = start
    while pos < end:
        m = pattern.search(text, pos, end)
        if not m:
            break
        out.append(m)
        pos = m.start() + 1
    return out


@functools.cache
def _status_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    cue_status = {cue: status for status, cues in STATUS_CUES.items() for cue in cues}
    alts = sorted(cue_status, key=len, reverse=True)
    # 未来三年, 未来五年: a horizon (not 未来工厂, 未来产业: names)
    horizon = r"(?:未来|今后)(?=[\d一二两三四五六七八九十几]|一段)|"
    not_before = word_map("status_cue_not_before")  # 建成区 is a noun: no 建成 cue
    words = "|".join(re.escape(c) + (f"(?!{'|'.join(map(re.escape, not_before[c]))})" if c in not_before else "") for c in alts)
    return re.compile(r"到\d{4}年|至\d{4}年|" + horizon + words), cue_status


@functools.lru_cache(maxsize=256)
def _sentence_cues(text: str, start: int, end: int) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, status, cue) of every status cue in a sentence, found once per sentence."""
    pattern, cue_status = _status_regex()
    titled = "《" in text[start:end]
    return tuple(
        (m.start(), m.end(), cue_status.get(m.group(0), "target"), m.group(0))
        for m in pattern.finditer(text, start, end)
        if not (titled and _in_book_title(text, start, m.start()))
    )


def _in_book_title(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a 《…》 title: 《数字经济发展规划(2020-2025年)》 names a document,
    its 规划 is no cue of the figures after it."""
    opened = text.rfind("《", lo, pos)
    return opened >= 0 and text.find("》", opened, pos) < 0


def _find_cues(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(position of cue end, status, cue) for every status cue in text[start:end]."""
    pattern, cue_status = _status_regex()
    out = []
    titled = "《" in text[max(0, start - 40) : end]
    for m in pattern.finditer(text, start, end):
        if titled and _in_book_title(text, max(0, start - 40), m.start()):
            continue
        cue = m.group(0)
        out.append((m.end(), cue_status.get(cue, "target"), cue))
    return out


_PRIORITY = {"signed": 3, "plan": 2, "target": 1, "actual": 0}


def _past_horizon(cue: str, published: date | None) -> bool:
    """到2025年 in a 2026 article (由2020年的1021亿元增加到2025年的1486亿元) looks back: no goal."""
    return published is not None and cue[:1] in "到至" and cue[1:5].isdigit() and int(cue[1:5]) < published.year


@functools.lru_cache(maxsize=256)
def _live_cues(text: str, start: int, end: int, published: date | None) -> tuple[tuple[int, int, str, str], ...]:
    cues = _sentence_cues(text, start, end)
    if published is None or not any(c[3][:1] in "到至" for c in cues):
        return cues
    return tuple(c for c in cues if not _past_horizon(c[3], published))


def _list_items_before(text: str, sents: list[Span], si: int) -> Iterator[Span]:
    """The earlier items of a list joined by ';' that sentence ``si`` ends (at most eight), nearest first."""
    j = si - 1
    while j >= 0 and si - j <= 8 and text[sents[j].end - 1 : sents[j].end] == ";":
        yield sents[j]
        j -= 1


def _outermost(matches: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """Cues not inside a longer one (生物医药, not its 医药)."""
    out: list[tuple[int, str]] = []
    for pos, cue in matches:
        if out and pos + len(cue) <= out[-1][0] + len(out[-1][1]):
            continue
        out.append((pos, cue))
    return out


_ITEM_JOINS = frozenset(word_list("item_joins"))


def _listed_run(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The last of ``spans`` (in order) that are listed together: each joined to the next by a
    list join (、, 和, 与 …): 鼓楼区、玄武区; 规上工业总产值、营业收入; 2023年、2024年."""
    k = len(spans) - 1
    while k > 0 and text[spans[k - 1][1] : spans[k][0]] in _ITEM_JOINS:
        k -= 1
    return spans[k:] if spans else []

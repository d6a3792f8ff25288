"""Cluster: the industry cluster a figure belongs to (the nearest cue in its clause, sentence or entity; not one item of a list of clusters)."""

from __future__ import annotations

import bisect
import functools

from etl.context import Span, _clause_at
from etl.cues import _all_cue_matches, _cluster_regex, _cue_regex, _outermost
from etl.resolve.base import Draft, Run
from etl.resolve.entity import _OTHERS
from etl.rules import word_list


@functools.lru_cache(maxsize=256)
def _cluster_cues_in(text: str, start: int, end: int) -> tuple[tuple[int, str], ...]:
    """(position, cue) of every cluster cue in text[start:end]; shared by a sentence's figures."""
    pattern, _ = _cluster_regex()
    return tuple((m.start(), m.group(0)) for m in _all_cue_matches(pattern, text, start, end))


def find_cluster(text: str, start: int, end: int, q_pos: int) -> str | None:
    return _pick_cluster(text, _cluster_cues_in(text, start, end), q_pos)


def _pick_cluster(text: str, matches: tuple[tuple[int, str], ...], q_pos: int) -> str | None:
    _, cue_map = _cluster_regex()
    if not matches:
        return None
    pos, cue = min(matches, key=lambda m: (abs(m[0] - q_pos), -len(m[1])))
    code = cue_map[cue]
    if len(matches) > 1 and _joined(text, matches) and _listed_with_others(text, _outermost(matches), cue_map, code, pos):
        return None  # 集成电路、人工智能、生物医药三大主导产业: a list of clusters, no one of them
    return code


_LIST_JOINS = frozenset(word_list("cluster_list_joins"))


def _joined(text: str, matches: tuple[tuple[int, str], ...]) -> bool:
    """Whether any list join lies between the cues at all (most sentences: none)."""
    span = text[matches[0][0] : matches[-1][0]]
    return "、" in span or "和" in span or "与" in span or "及" in span


def _listed_with_others(text: str, matches: list[tuple[int, str]], cue_map: dict[str, str], code: str, pos: int) -> bool:
    """Whether the chosen cue (at ``pos``) is one item of an enumeration (A、B和C) naming another cluster."""
    k = max(i for i, m in enumerate(matches) if m[0] <= pos)
    i = k
    while i > 0 and text[matches[i - 1][0] + len(matches[i - 1][1]) : matches[i][0]] in _LIST_JOINS:
        i -= 1
        if cue_map[matches[i][1]] != code:
            return True
    i = k
    while i + 1 < len(matches) and text[matches[i][0] + len(matches[i][1]) : matches[i + 1][0]] in _LIST_JOINS:
        i += 1
        if cue_map[matches[i][1]] != code:
            return True
    return False


def _cluster_in_sentence(
    text: str, sent: Span, clause: Span, q_pos: int, q_starts: list[int], own_metric: bool = False
) -> str | None:
    """find_cluster over the sentence, leaving out cues in later clauses that have a figure of
    their own, and, for a sum whose clause names its own metric, cues that are part of an earlier
    clause's metric name (社会消费品零售总额达到1120亿元,进出口总额3600亿元: no consumption export)."""
    matches = _cluster_cues_in(text, sent.start, sent.end)
    if not matches:
        return None
    if matches[-1][0] >= clause.end:
        matches = tuple(m for m in matches if m[0] < clause.end or not _has_figure(text, sent, m[0], q_starts))
    if own_metric and matches and matches[0][0] < clause.start and _cue_regex("money").search(text, clause.start, q_pos):
        matches = tuple(m for m in matches if m[0] >= clause.start or not _in_metric_name(text, sent, m))
    return _pick_cluster(text, matches, q_pos)


def _in_metric_name(text: str, sent: Span, cue: tuple[int, str]) -> bool:
    """Whether a cluster cue is part of a metric's name (the 消费 of 社会消费品零售总额)."""
    pos, word = cue
    lo, hi = max(sent.start, pos - 8), min(sent.end, pos + len(word) + 8)
    return any(m.start() <= pos and pos + len(word) <= m.end() for m in _all_cue_matches(_cue_regex("money"), text, lo, hi))


def _has_figure(text: str, sent: Span, pos: int, q_starts: list[int]) -> bool:
    c = _clause_at(text, sent, pos)
    i = bisect.bisect_left(q_starts, c.start)
    return i < len(q_starts) and q_starts[i] < c.end


SETS, NEEDS = ("cluster",), ("entity",)


def resolve(run: Run, d: Draft) -> None:
    """The nearest cluster cue in the figure's clause, else its sentence (not a later clause
    with a figure of its own, not for 另有… others), else its entity's name."""
    text, q, clause = run.text, d.q, d.clause
    matches = _cluster_cues_in(text, clause.start, clause.end)
    cluster, rule = _pick_cluster(text, matches, q.start), "cluster.clause"
    if cluster is None and not text.startswith(_OTHERS, clause.start):
        cluster, rule = (
            _cluster_in_sentence(text, d.sent, clause, q.start, run.q_starts, own_metric=q.kind == "money"),
            "cluster.sentence",
        )
    if cluster is None and d.entity:
        cluster, rule = find_cluster(d.entity, 0, len(d.entity), 0), "cluster.entity_name"
    d.cluster = cluster
    if cluster:
        d.why("cluster", rule, None)

"""Status: actual, target, plan or signed, from the nearest clause with a cue, a list's opener, a plan's title."""

from __future__ import annotations

import bisect
from datetime import date

from etl.context import Span, _clause_starts, clauses
from etl.cues import _PRIORITY, _find_cues, _list_items_before, _live_cues, _past_horizon, _sentence_cues
from etl.quantities import Quantity


def classify_status(text: str, q: Quantity, clause: Span, sent: Span, metric: str, published: date | None = None) -> str:
    """The nearest clause (going back from the figure) with a status cue decides; within that
    clause signed > plan > target > actual (力争三年内实现: a target, not an achievement)."""
    signed_ok = metric in ("investment", "fdi", "projects", "agreements", "enterprises", "other")
    in_sentence = _live_cues(text, sent.start, sent.end, published)
    if in_sentence and in_sentence[0][0] < q.start:
        cls = clauses(text, sent)
        for i in range(bisect.bisect_right(_clause_starts(text, sent.start, sent.end), q.start) - 1, -1, -1):
            cl = cls[i]
            stop = min(cl.end, q.start)
            best = None
            for b, e, st, _cue in in_sentence:
                if b >= cl.start and e <= stop and (st != "signed" or signed_ok):
                    if best is None or _PRIORITY[st] > _PRIORITY[best]:
                        best = st
            if best is not None:
                return best
    after_clause = _find_cues(text, q.end, clause.end)
    for _pos, status, cue in sorted(after_clause):
        if status in ("signed", "target") and (status != "signed" or signed_ok) and not _past_horizon(cue, published):
            return status
    # the next clauses of the sentence: a signing (152亿元新增投资,10大项目签约) or a horizon
    for _pos, status, cue in sorted(_find_cues(text, clause.end, sent.end)):
        if _past_horizon(cue, published):
            continue
        if status == "signed" and signed_ok:
            return "signed"
        # (not 年内: 企业超过1.2万家,年内新增1800家 counts firms there now)
        if status == "target" and ("年后" in cue or cue.startswith(("到", "至"))):
            return "target"
    return "actual"


def _list_status(text: str, sents: list[Span], si: int, published: date | None = None) -> str | None:
    """主要预期目标是:地区生产总值增长6%左右;规上工业增加值增长7%以上: items of a list joined by
    ';' share the target or plan cue that opened it. The nearest earlier item with a cue decides."""
    for item in _list_items_before(text, sents, si):
        cues = _live_cues(text, item.start, item.end, published)
        if cues:
            best = max((st for _, _, st, _ in cues if st != "signed"), key=_PRIORITY.__getitem__, default="actual")
            return best if best in ("target", "plan") else None
    return None


def _achieved(text: str, sent: Span, year: int | None, published: date | None) -> bool:
    """A figure reported as done: its sentence has a cue of achievement (已, 累计, 同比 …) and
    none of a goal or plan (年内建成: to be built), or its year is before the publication year."""
    if year is not None and published is not None and year < published.year:
        return True
    said = {st for _, _, st, _ in _sentence_cues(text, sent.start, sent.end)}
    return "actual" in said and not said & {"target", "plan", "signed"}

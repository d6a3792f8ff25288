"""What the resolvers share: one article's run (``Run``) and one figure's draft (``Draft``).

A draft holds the figure's context, computed once (its sentence, clause, the sentences before
it in its paragraph, its place in a 分别 list) and the fields the resolvers decide, each with
the rule that decided it (``rules``: field -> (rule id, the cue in the text or None)).
Each resolver module declares ``SETS`` (the fields it decides) and ``NEEDS`` (the fields it
reads); the pipeline in ``etl.facts`` runs them in an order a test checks against these.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from etl.context import Doc, Span, _clause_at
from etl.quantities import Quantity
from etl.rules import word_list


@dataclass
class Draft:
    q: Quantity
    si: int
    sent: Span
    clause: Span
    prev_sents: list[Span]
    resp: tuple[int, int, int] | None  # (i, n, position of 分别) when the figure is the i-th of n after 分别
    rules: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    metric: str = "other"
    status: str = "actual"
    cued_status: str = "actual"  # the status the text's cues give, before a plan's title is considered
    written_year: int | None = None  # the year the text gives the figure (before a title's year is considered)
    year: int | None = None
    district: str | None = None
    scope: str = "district"
    entity: str | None = None
    named: tuple[str | None, int, str | None] = (None, -1, None)  # (name, position, scope) of a named project or zone
    cluster: str | None = None
    value: float = 0.0
    value_high: float | None = None
    start: int = 0
    raw: str = ""
    unit: str = ""
    of_metric: str | None = None

    def why(self, fld: str, rule: str, cue: str | None = None) -> None:
        self.rules[fld] = (rule, cue)


@dataclass
class Run:
    """One article: its context and what the figures before the current one decided."""

    doc: Doc
    published: date | None
    known: tuple[str, ...]
    quantities: list[Quantity]
    q_starts: list[int]
    title_period: int | None
    district_names: set[str]
    gazetteer_names: dict[str, str]
    facts: list = field(default_factory=list)
    last_status: dict[tuple[int, str], str] = field(default_factory=dict)  # (sentence, kind) -> its last figure's status
    last_metric: dict[tuple[int, str], str] = field(default_factory=dict)  # (sentence, kind) -> its last figure's metric

    @property
    def text(self) -> str:
        return self.doc.text

    def draft(self, q: Quantity, in_place_name) -> Draft | None:
        """The figure's context, or None for a figure outside any sentence or inside a place's name."""
        doc, text = self.doc, self.doc.text
        si = bisect.bisect_right(doc.sent_starts, q.start) - 1
        if si < 0 or in_place_name(doc, q):
            return None
        sent = doc.sents[si]
        if q.end > sent.end:  # figure straddles a sentence end: sentence splitting broke it
            sent = Span(sent.start, max(q.end, sent.end))
        clause = _clause_at(text, sent, q.start)
        if clause.end < q.end:
            clause = Span(clause.start, q.end)
        resp = _respective(self.quantities, self.q_starts, q, text, sent) if "分别" in text[sent.start : q.start] else None
        return Draft(q, si, sent, clause, self.paragraph_before(si, sent), resp)

    def paragraph_before(self, si: int, sent: Span) -> list[Span]:
        """Up to three sentences before, nearest first, in the same paragraph; further along a
        list joined by ';' (主要预期目标是:…;…;…), up to ten. A paragraph that opens keeping the
        time of the one before (同时, 与此同时) goes on into that paragraph."""
        text, sents = self.doc.text, self.doc.sents
        prev: list[Span] = []
        j = si - 1
        crossed = False
        while j >= 0 and (len(prev) < 3 or (len(prev) < 10 and text[sents[j].end - 1 : sents[j].end] == ";")):
            nearer = prev[-1] if prev else sent
            if "\n" in text[sents[j].end : nearer.start]:
                if crossed or not text.startswith(_SAME_TIME, nearer.start):
                    break
                crossed = True
            prev.append(sents[j])
            j -= 1
        return prev


_SAME_TIME = word_list("same_time_words")  # 同时: a paragraph that keeps the time of the one before


def _respective(
    quantities: list[Quantity], q_starts: list[int], q: Quantity, text: str, sent: Span
) -> tuple[int, int, int] | None:
    """(i, n, position of 分别) when ``q`` is the i-th of n figures of its kind after the last
    分别 before it (up to the next 分别 of the sentence): 'A、B分别…X、Y'."""
    r = text.rfind("分别", sent.start, q.start)
    if r < 0:
        return None
    nxt = text.find("分别", r + 2, sent.end)
    lo, hi = bisect.bisect_left(q_starts, r), bisect.bisect_left(q_starts, nxt if nxt >= 0 else sent.end)
    figures = [x for x in quantities[lo:hi] if x.kind == q.kind]
    if len(figures) < 2 or q not in figures:
        return None
    return figures.index(q), len(figures), r

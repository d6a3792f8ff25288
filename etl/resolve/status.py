"""Status: actual, target, plan or signed, from the nearest clause with a cue, a list's opener, a plan's title."""

from __future__ import annotations

import bisect
import re
from datetime import date

from etl.context import Span, _clause_starts, _title, clauses
from etl.cues import _PRIORITY, _find_cues, _list_items_before, _live_cues, _past_horizon, _sentence_cues
from etl.quantities import Quantity
from etl.resolve.base import Draft, Run
from etl.resolve.year import resolve_year
from etl.rules import word_list

SIGNED_METRICS = ("investment", "fdi", "projects", "agreements", "enterprises", "other")  # what a signing can sign


def classify_status(
    text: str, q: Quantity, clause: Span, sent: Span, metric: str, published: date | None = None
) -> tuple[str, str, str | None]:
    """(status, rule, cue): the nearest clause (going back from the figure) with a status cue
    decides; within that clause signed > plan > target > actual (力争三年内实现: a target)."""
    signed_ok = metric in SIGNED_METRICS
    in_sentence = _live_cues(text, sent.start, sent.end, published)
    if in_sentence and in_sentence[0][0] < q.start:
        cls = clauses(text, sent)
        for i in range(bisect.bisect_right(_clause_starts(text, sent.start, sent.end), q.start) - 1, -1, -1):
            cl = cls[i]
            stop = min(cl.end, q.start)
            best = None
            for b, e, st, cue in in_sentence:
                if b >= cl.start and e <= stop and (st != "signed" or signed_ok):
                    if best is None or _PRIORITY[st] > _PRIORITY[best[0]]:
                        best = (st, cue)
            if best is not None:
                return best[0], "status.cue_before", best[1]
    after_clause = _find_cues(text, q.end, clause.end)
    for _pos, status, cue in sorted(after_clause):
        if status in ("signed", "target") and (status != "signed" or signed_ok) and not _past_horizon(cue, published):
            return status, "status.cue_after", cue
    # the next clauses of the sentence: a signing (152亿元新增投资,10大项目签约) or a horizon
    for _pos, status, cue in sorted(_find_cues(text, clause.end, sent.end)):
        if _past_horizon(cue, published):
            continue
        if status == "signed" and signed_ok:
            return "signed", "status.signed_later", cue
        # (not 年内: 企业超过1.2万家,年内新增1800家 counts firms there now)
        if status == "target" and ("年后" in cue or cue.startswith(("到", "至"))):
            return "target", "status.horizon_later", cue
    return "actual", "status.no_cue", None


def _list_status(text: str, sents: list[Span], si: int, published: date | None = None) -> tuple[str, str] | None:
    """主要预期目标是:地区生产总值增长6%左右;规上工业增加值增长7%以上: items of a list joined by
    ';' share the target or plan cue that opened it. The nearest earlier item with a cue decides."""
    for item in _list_items_before(text, sents, si):
        cues = _live_cues(text, item.start, item.end, published)
        if cues:
            best = max(((st, cue) for _, _, st, cue in cues if st != "signed"), key=lambda c: _PRIORITY[c[0]], default=None)
            return best if best is not None and best[0] in ("target", "plan") else None
    return None


def _achieved(text: str, sent: Span, year: int | None, published: date | None) -> bool:
    """A figure reported as done: its sentence has a cue of achievement (已, 累计, 同比 …) and
    none of a goal or plan (年内建成: to be built), or its year is before the publication year."""
    if year is not None and published is not None and year < published.year:
        return True
    said = {st for _, _, st, _ in _sentence_cues(text, sent.start, sent.end)}
    return "actual" in said and not said & {"target", "plan", "signed"}


SETS_CUES, NEEDS_CUES = ("cued_status",), ("metric",)
SETS, NEEDS = ("status",), ("cued_status", "written_year")


def resolve_cues(run: Run, d: Draft) -> None:
    """The status the text's cues give: the figure's clauses, a ';' list's opener, the sentence
    before a 其中 sentence."""
    text, q = run.text, d.q
    status, rule, cue = classify_status(text, q, d.clause, d.sent, d.metric, run.published)
    if status == "actual" and d.si > 0 and not _live_cues(text, d.sent.start, d.sent.end, run.published):
        listed = _list_status(text, run.doc.sents, d.si, run.published)
        if listed is not None:
            (status, cue), rule = listed, "status.list_opener"
        elif text.startswith("其中", d.sent.start) and (d.si - 1, q.kind) in run.last_status:
            # 共签约项目16个,总投资128亿元。其中,歌尔…项目总投资35亿元: a part of the sentence
            # before's figure of its kind (a sum of a sum, a count of a count) has its status
            status, rule, cue = run.last_status[(d.si - 1, q.kind)], "status.part_of_previous", "其中"
        elif text.startswith(_GOES_ON, d.sent.start):
            # 到十四五末,全县生产总值要达到180亿元。同时,森林覆盖率达到65%: the goals go on
            before = [st for (si, _kind), st in run.last_status.items() if si == d.si - 1 and st in ("target", "plan")]
            if before:
                status, rule, cue = before[-1], "status.goes_on", text[d.sent.start : d.sent.start + 2]
    if status == "target" and cue in _ESTIMATE and _estimate_of_past(run, d):
        status, rule = "actual", "status.estimate_of_past"
    d.cued_status = status
    d.why("status", rule, cue)


def _estimate_of_past(run: Run, d: Draft) -> bool:
    """据初步预计,2019年生产总值完成96亿元, said in 2020: an estimate for a year written in
    the text and gone by is that year's result. Not when another cue stands before the figure
    (2022年已建成运营,全部投运后预计可实现年税收2800万元: the year is the opening's, the sum to come)."""
    if run.published is None:
        return False
    if any(c[3] not in _ESTIMATE for c in _live_cues(run.text, d.sent.start, d.q.start, run.published)):
        return False
    year, rule, _ = resolve_year(run.text, d.q, d.sent, d.prev_sents, run.published, "actual", run.doc.report_year)
    return rule in _WRITTEN and year is not None and year < run.published.year


_WRITTEN = ("year.before_in_sentence", "year.after_in_sentence", "year.earlier_sentence")
_PROJECT_TOTAL = frozenset(word_list("project_total_cues"))
_ESTIMATE = frozenset(word_list("estimate_cues"))
_GOES_ON = word_list("goes_on_words")  # 同时, 此外: a sentence that goes on with the one before
_DONE_BEFORE = word_list("done_before_investment")
_INVESTED_BY = re.compile(r"投资(?:额|规模)?(?:约|近|超过|超|逾|达)?$")


def _project_total(run: Run, d: Draft) -> bool:
    """A project's or a batch's total investment (总投资21.6亿元, 7个项目 投资31.6亿元) with no
    cue of its own is planned, even once building has started; 完成投资50亿元 is done. So is
    the sum that names a firm or project after it (引进投资1.5亿元的某食品公司), whatever the
    cue of the bringing in."""
    if d.metric != "investment":
        return False
    if _INVESTED_BY.search(run.text, max(d.sent.start, d.q.start - 4), d.q.start) and run.text.startswith("的", d.q.end):
        at = run.text.rfind("投资", d.sent.start, d.q.start)
        return not run.text[max(d.sent.start, at - 3) : at].endswith(_DONE_BEFORE)
    if d.rules.get("status", ("",))[0] != "status.no_cue":
        return False
    rule, cue = d.rules.get("metric", ("", None))
    if cue in _PROJECT_TOTAL:
        return True
    if cue != "投资" or rule != "metric.cue_before":
        return False
    text, sent = run.text, d.sent
    at = text.rfind("投资", sent.start, d.q.start)
    return not text[max(sent.start, at - 3) : at].endswith(_DONE_BEFORE) and (
        "项目" in text[sent.start : sent.end] or "工程" in text[sent.start : sent.end]
    )


def resolve(run: Run, d: Draft) -> None:
    """A plan's or a project list's figure with no cue of achievement is planned, and so is a
    project's or a batch's total investment."""
    d.status = d.cued_status
    if d.status == "actual" and _project_total(run, d):
        d.status = "plan"
        d.why("status", "status.project_total", d.rules["metric"][1])
        return
    if d.status == "actual" and run.doc.plan_title and not _achieved(run.text, d.sent, d.written_year, run.published):
        d.status = "plan"  # a plan's 总投资18亿元 is planned, unless said done or dated before it
        d.why("status", "status.plan_document", _title(run.text))
        return
    year, published = d.written_year, run.published
    if year is None or published is None:
        return
    if d.status == "actual" and d.rules.get("status", ("",))[0] == "status.no_cue" and year > published.year:
        d.status = "target"  # 郑州:2022年数字经济达5000亿元以上, published in 2021: not yet achieved
        d.why("status", "status.future_year", str(year))

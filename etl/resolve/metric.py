"""Metric: what a figure measures (its cue before it, after it, earlier in its sentence or list; a count's noun; shares, growth rates, changes, awards, per-head and per-mu figures)."""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING

from etl import reference
from etl.context import _HAN_RUN, Doc, Span
from etl.cues import _all_cue_matches, _cue_metric, _cue_regex, _last_cue, _list_items_before, _listed_run, _outermost
from etl.quantities import CN_DIGITS, TABLE_GROWTH, Quantity
from etl.resolve.base import Draft, Run
from etl.rules import alternation, word_list, word_map

if TYPE_CHECKING:
    from etl.facts import Fact


Why = tuple[str, str, str | None]  # (metric code, rule id, the cue in the text that decided)


def classify_metric(text: str, q: Quantity, clause: Span, sent: Span) -> Why:
    """(metric, rule, cue) for one figure from its clause and sentence."""
    kind = q.kind
    if q.label is not None:  # a table cell: its column's name (总投资, 用地, 产值) says what it measures
        cue = _cue_regex(kind).search(q.label)
        if cue:
            return _cue_metric(kind)[cue.group(0)], "metric.table_column", q.label
    if kind == "person":
        return "people", "metric.person_unit", q.raw
    if kind == "percent":
        return _percent_metric(text, q, clause, sent)
    if kind == "count":
        return _count_with_context(text, q, clause, sent)
    if kind in ("money", "area") and _INCREMENT_BEFORE.search(text, max(clause.start, q.start - 6), q.start):
        if _COMPARED.search(text, clause.start, q.start):
            return "other", "metric.change", None  # 比去年同期增加1.1亿元: a change, not a level (never summed with levels)
    if kind == "money":
        special = _money_special(text, q, clause)
        if special is not None:
            return special
    return _by_cue(text, q, clause, sent)


_COMPLETION = re.compile(alternation("completion_words") + r"[为是达到了]{0,3}$")
_OF_PLAN = re.compile(r"(?:全年|年度)?(?:计划|目标|任务)的$")
# 计划投资232亿元,完成63.5%: a clause that is only 完成 and a percentage says how much is done
_RATE_NAMED_AFTER = re.compile(r"(?:左右|以上)?的[^,;。]{0,8}?(增速|增长率|增幅|涨幅)")  # 1.7%的两年平均增速
_AFTER_PERCENT = re.compile(r"\s*[\d.]+%(?:和|及|与)\s*")  # 4.4%和4.3%: the last item of a list of rates
_DONE_ALONE = re.compile(r"(?:已|累计)?完成(?:了|计划的)?")


def _percent_metric(text: str, q: Quantity, clause: Span, sent: Span) -> Why:
    before = text[clause.start : q.start]
    done = _COMPLETION.search(before) or _OF_PLAN.search(before) or _DONE_ALONE.fullmatch(before.strip())
    if done:  # 开工率81.25%, 资金到位率17.15%, 为全年计划的95%: how much of a plan is done
        return "completion_rate", "metric.completion_rate", done.group(0)
    if q.measure in ("/", "分之") or "占" in before[-12:] or "比重" in before or _share_cue().search(before):
        return "share", "metric.share", None  # 占…比重提高到60%: a share, however far its 占
    if q.measure == TABLE_GROWTH:
        return "growth", "metric.table_growth_column", None
    if _GROWTH.search(before):
        return "growth", "metric.growth_word", _GROWTH.findall(before)[-1]
    after = _RATE_NAMED_AFTER.match(text, q.end, clause.end)
    if after:
        return "growth", "metric.growth_named_after", after.group(1)  # 高于全国同期1.7%的两年平均增速
    listed = not before.strip() and text[clause.start - 1 : clause.start] == "、"
    if (listed or _AFTER_PERCENT.fullmatch(before)) and _GROWTH.search(text, sent.start, clause.start if listed else q.start):
        return "growth", "metric.growth_word_listed", None  # 分别增长6.1%、4.4%和4.3%: the list's change word
    return "other", "metric.percent_other", None


@functools.cache
def _share_cue() -> re.Pattern:
    """A share's own name (占比, 城镇化率: data/reference/metrics.csv) before a percentage."""
    cues = sorted((c for c, m in _cue_metric("percent").items() if m == "share" and len(c) > 1), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cues)))


def _count_with_context(text: str, q: Quantity, clause: Span, sent: Span) -> Why:
    if _FALL_BEFORE.search(text, max(clause.start, q.start - 6), q.start) and _COMPARED.search(text, clause.start, q.start):
        return "other", "metric.count_fall", None  # 规上工业企业同比减少12家: a fall, not 12 firms
    metric, rule, cue = _count_metric(text, q, clause)
    if metric in ("other", "facilities") and text.startswith(("其中", "较", "比", "同比", "环比"), clause.start):
        # 新签约项目46个,其中鼓楼区12个; 规上企业356户,较年初净增42户: a part or a change
        # counts what the figure before it counted
        before = list(_COUNT_NOUN_RE.finditer(text, sent.start, clause.start))
        if before:
            return _COUNT_NOUN[before[-1].group(0)], "metric.count_part", before[-1].group(0)
    return metric, rule, cue


def _money_special(text: str, q: Quantity, clause: Span) -> Why | None:
    if text[q.end : q.end + 1] == "/":
        # 投资强度300万元/亩: per mu, never a sum; 2.3万元/平方米, 3000元/吨: a price
        return ("per_mu", "metric.per_mu_rate", None) if text[q.end + 1 : q.end + 2] == "亩" else ("other", "metric.price", None)
    if _AWARD_AFTER.match(text, q.end, clause.end):
        return "incentive", "metric.award_after", None  # 对营业收入首次突破10亿元的企业给予100万元奖励: the award
    if _FUND_AFTER.match(text, q.end, clause.end):
        return "incentive", "metric.fund_after", None  # 设立规模10亿元的产业发展基金: a fund's size, not output
    near = text[max(clause.start, q.start - 20) : q.start]
    if "人均" in near:
        return "per_capita", "metric.per_capita", "人均"  # 人均可支配收入4.6万元: per head, never a total
    if "亩均" in near or "亩产" in near:
        return "per_mu", "metric.per_mu", "亩均" if "亩均" in near else "亩产"  # 亩均税收32.5万元
    return None


def _by_cue(text: str, q: Quantity, clause: Span, sent: Span) -> Why:
    kind = q.kind
    pattern, cue_map = _cue_regex(kind), _cue_metric(kind)
    before = _all_cue_matches(pattern, text, clause.start, q.start)
    if before:
        best = _last_cue(before).group(0)
        if kind == "area" and best == "面积":  # plain 面积: the unit decides (亩, 公顷, 平方公里: land)
            return ("floor_area" if q.measure in ("平方米", "平米", "m2") else "land_area"), "metric.area_by_unit", best
        return cue_map[best], "metric.cue_before", best
    after = pattern.search(text, q.end, min(clause.end, q.end + 8))
    if after:
        return cue_map[after.group(0)], "metric.cue_after", after.group(0)
    if kind == "money":
        other = _OTHER_MONEY.search(text, clause.start, q.start)
        if other:
            return "other", "metric.other_money", other.group(0)  # 年利税10亿元: a sum of its own kind
        earlier = _all_cue_matches(pattern, text, sent.start, clause.start)
        if earlier:
            best = _last_cue(earlier).group(0)
            return cue_map[best], "metric.cue_in_sentence", best
    if kind == "area":
        return (
            ("land_area" if q.measure in ("亩", "公顷", "平方公里", "平方千米", "km2") else "floor_area"),
            "metric.area_by_unit",
            None,
        )
    return "other", "metric.no_cue", None


_COUNT_NOUNS = tuple(word_map("count_nouns").items())  # data/rules/zh/words.yaml: noun -> what it counts


_COUNT_WINDOW = re.compile(r"[^,;。!?\n]{0,30}")


_COUNTED_AFTER = re.compile(rf"(?:\d|[{CN_DIGITS}十百千])+(?:余|多)?[个家项条座栋户名位]")


_AWARD_AFTER = re.compile(r"(?:的)?(?:一次性)?(?:" + alternation("award_words") + ")")


_FUND_AFTER = re.compile(r"的[^,;。]{0,12}基金")


_OTHER_MONEY = re.compile(alternation("other_money"))


_INCREMENT_BEFORE = re.compile("(?:" + alternation("increment_words") + ")了?(?:约|近|超过|逾)?$")


_FALL_BEFORE = re.compile("(?:" + alternation("count_fall_words") + ")了?(?:约|近|超过|逾)?$")


_COMPARED = re.compile(alternation("comparison_words"))


_GROWTH = re.compile(alternation("growth_words"))


# the last change word before a growth rate: a fall makes it negative (同比下降3.2% is -3.2)
_CHANGE_WORD = re.compile(alternation("change_words"))


_FALL = frozenset(word_list("fall_words"))


# (楼 in a place's name is no building: 鼓楼区, 钟楼区)
_COUNT_NOUN_RE = re.compile("|".join(re.escape(n) + ("(?![区县市镇街])" if n == "楼" else "") for n, _ in _COUNT_NOUNS))


_COUNT_NOUN = dict(_COUNT_NOUNS)


def _count_metric(text: str, q: Quantity, clause: Span) -> Why:
    if q.measure == "大":
        return "projects", "metric.count_big", None  # 十大重点项目
    window = _COUNT_WINDOW.match(text, q.end).group(0)
    m = _COUNT_NOUN_RE.search(window)
    if m and "、" in window[: m.start()] and _COUNTED_AFTER.search(window, window.rindex("、", 0, m.start())):
        m = None  # 15条、企业超过200家: the noun counted by the next item (23个涵盖A、B的项目 keeps its noun)
    elif m and _COUNTED_AFTER.search(window, 0, m.start()):
        m = None  # 来自20多个省市的300余家企业: the noun is counted by the figure nearer it
    if m and m.start() == 0:
        return _COUNT_NOUN[m.group(0)], "metric.count_noun_after", m.group(0)  # 3个项目
    before = list(_COUNT_NOUN_RE.finditer(text, max(clause.start, q.start - 10), q.start))
    if before and before[-1].end() == q.start:
        # 外资项目3个、合同外资…: the noun it counts is the one it follows
        return _COUNT_NOUN[before[-1].group(0)], "metric.count_noun_before", before[-1].group(0)
    if m:
        return _COUNT_NOUN[m.group(0)], "metric.count_noun_after", m.group(0)
    if before:
        return _COUNT_NOUN[before[-1].group(0)], "metric.count_noun_before", before[-1].group(0)
    by_measure = {"家": "enterprises", "项": "projects"}.get(q.measure) or ("facilities" if q.measure in "座栋幢户台套" else None)
    if by_measure:
        return by_measure, "metric.count_measure_word", q.measure
    return "other", "metric.no_cue", None


def _unlabelled(doc: Doc, start: int, end: int) -> bool:
    """Whether a figure's clause names nothing before it but places (鼓楼区2207亿元): then it
    measures what its list measures. 贷款余额2350亿元 has a label of its own, if not a metric's."""
    i = bisect.bisect_left(doc.mention_starts, start)
    pos, words = start, 0
    while i < len(doc.mentions) and doc.mentions[i].start < end:
        words += len(_HAN_RUN.findall(doc.text, pos, doc.mentions[i].start))
        pos = doc.mentions[i].end
        i += 1
    han = sum(len(w) for w in _HAN_RUN.findall(doc.text, pos, end)) + words
    return han <= 2


def _list_metric(text: str, sents: list[Span], si: int) -> tuple[str, str] | None:
    """江宁区地区生产总值3215亿元;鼓楼区2207亿元;玄武区1335亿元: a sum of money with no cue of its
    own, in a list joined by ';', is what the list's last cue before it measures."""
    pattern, cue_map = _cue_regex("money"), _cue_metric("money")
    for item in _list_items_before(text, sents, si):
        cues = _all_cue_matches(pattern, text, item.start, item.end)
        if cues:
            cue = _last_cue(cues).group(0)
            return cue_map[cue], cue
    return None


def _respective_metric(text: str, q: Quantity, sent: Span, i: int, n: int, r: int, kind: str | None = None) -> str | None:
    """The i-th of the n metric cues (of ``kind``, else the figure's) listed together last
    before 分别 (工业总产值、营业收入分别…)."""
    kind = kind or q.kind
    cues = _outermost(tuple((m.start(), m.group(0)) for m in _all_cue_matches(_cue_regex(kind), text, sent.start, r)))
    group = cues[len(cues) - len(_listed_run(text, [(pos, pos + len(cue)) for pos, cue in cues])) :]
    return _cue_metric(kind)[group[i][1]] if len(group) == n else None


# after a metric's name, what makes the thing that grows another: 能耗, 占比, a rate (利润率, not 增长率)
_RATIO_NOUN = re.compile(alternation("ratio_nouns") + r"|(?<!增长)率")


# what a growth rate can be the growth of: a level (a per-mu or per-head figure too), not a change
_GROWN = frozenset(m.code for m in reference.metrics() if m.unit != "percent") - {"other"}


def _growth_of(
    text: str, q: Quantity, clause: Span, sent: Span, facts: list[Fact], resp: tuple[int, int, int] | None
) -> str | None:
    """The metric a growth rate is the growth of: 地区生产总值同比增长6.1% (gdp); 实现营业收入
    300亿元,增长12% (the figure before it: revenue); 工业总产值、营业收入分别增长6.1%、4.3% (the
    i-th listed). None when the text does not say."""
    before = []
    for f in reversed(facts):
        if f.start < sent.start:
            break
        if f.metric in _GROWN and f.unit != "percent":
            before.append(f)
    before.reverse()
    if resp is not None:
        i, n, r = resp
        cue = _respective_metric(text, q, sent, i, n, r, kind="money")
        if cue is not None:
            return cue
        listed = [f for f in before if f.start < r]
        # 实现营业收入300亿元、利润20亿元,分别增长10%、15%: the i-th of the last n figures
        return listed[len(listed) - n + i].metric if len(listed) >= n else None
    cues = _all_cue_matches(_cue_regex("money"), text, clause.start, q.start)
    if cues:
        best = _last_cue(cues)
        if text[best.start() - 2 : best.start()] == "单位" or _RATIO_NOUN.search(text, best.end(), q.start):
            return None  # 单位地区生产总值能耗下降3.5%, 税收占比提高: the growth of something else
        return _cue_metric("money")[best.group(0)]
    if before:
        return before[-1].metric  # 实现地区生产总值1200亿元,增长6.5%
    earlier = _all_cue_matches(_cue_regex("money"), text, sent.start, clause.start)
    if earlier:
        return _cue_metric("money")[_last_cue(earlier).group(0)]
    return None


def _falls(text: str, start: int, end: int) -> bool:
    words = _CHANGE_WORD.findall(text, max(start, end - 12), end)
    return bool(words) and words[-1] in _FALL


def _metric_unit(metric: str, parsed_unit: str) -> str:
    return _metric_units().get(metric) or parsed_unit


@functools.cache
def _metric_units() -> dict[str, str]:
    units: dict[str, str] = {}
    for m in reference.metrics():
        if m.unit:
            units.setdefault(m.code, m.unit)
    return units


SETS, NEEDS = ("metric",), ()


def resolve(run: Run, d: Draft) -> None:
    """The figure's own cue, else (a sum named by nothing but a place) its ';' list's, or the
    i-th listed metric for the i-th figure after 分别."""
    text, q = run.text, d.q
    code, rule, cue = classify_metric(text, q, d.clause, d.sent)
    if code == "other" and q.kind == "money" and d.si > 0 and _unlabelled(run.doc, d.clause.start, q.start):
        listed = _list_metric(text, run.doc.sents, d.si)
        if listed is not None:
            (code, cue), rule = listed, "metric.list_item"
    if code == "other" and rule == "metric.no_cue" and q.kind in ("money", "area") and text.startswith("其中", d.sent.start):
        before = run.last_metric.get((d.si - 1, q.kind))
        if before is not None and before != "other":
            # 全市完成投资1200亿元。其中,临川区完成320亿元: a part measures what the whole measured
            code, rule, cue = before, "metric.part_of_previous", "其中"
    if d.resp is not None and q.kind not in ("percent", "person"):
        listed_code = _respective_metric(text, q, d.sent, *d.resp)  # 规上工业总产值、营业收入分别达到320亿元、150亿元
        if listed_code is not None:
            code, rule, cue = listed_code, "metric.respectively", None
    d.metric = code
    d.why("metric", rule, cue)


SETS_VALUE, NEEDS_VALUE = ("value", "value_high", "start", "raw", "unit", "of_metric"), ("metric",)


def resolve_value(run: Run, d: Draft) -> None:
    """Sign, unit and (for a growth rate) what grew: a written minus or a fall makes a growth
    rate negative; a sum keeps its currency, other figures take their metric's unit."""
    text, q = run.text, d.q
    d.value, d.value_high, d.start, d.raw = q.value, q.value_high, q.start, q.raw
    if d.metric == "growth" and text[q.start - 1 : q.start] in ("-", "−") and not text[q.start - 2 : q.start - 1].isdigit():
        # 同比增长-3.2%, 增速为-2.1%: a written minus, part of the figure as written
        d.value, d.value_high = (-q.value_high, -q.value) if q.value_high is not None else (-q.value, None)
        d.start, d.raw = q.start - 1, text[q.start - 1 : q.end]
        d.why("value", "value.written_minus", "-")
    elif d.metric == "growth" and _falls(text, d.clause.start, q.start):
        # 下降3%-5%: from -5 to -3 (the lower bound first, as for any range)
        d.value, d.value_high = (-q.value_high, -q.value) if q.value_high is not None else (-q.value, None)
        d.why("value", "value.fall_word", None)
    d.unit = q.unit if q.kind == "money" and q.unit != "CNY" else _metric_unit(d.metric, q.unit)
    if d.metric == "growth":
        d.of_metric = _growth_of(text, q, d.clause, d.sent, run.facts, d.resp)

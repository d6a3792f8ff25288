"""Entity: the named project, park or zone a figure is about (a name in its clause, just after it, opening its sentence, a list's name field, the project 该项目 points back to)."""

from __future__ import annotations

import bisect
import functools
import re

from etl.context import Span, _clause_starts, _clauses_cached, _name_head
from etl.quantities import Quantity
from etl.resolve.base import Draft, Run
from etl.rules import alternation, pattern, word_list

ENTITY_SUFFIX = alternation("entity_suffixes")  # data/rules/zh/words.yaml


_ENTITY_SUFFIX_RE = re.compile(ENTITY_SUFFIX)


_ENTITY_CUT_WORDS = list(word_list("entity_cut_words"))  # data/rules/zh/words.yaml (regex fragments)


# longest first, so that 对标 cuts before 对 does
_ENTITY_CUT = re.compile(".*(?:" + "|".join(sorted(_ENTITY_CUT_WORDS, key=len, reverse=True)) + ")")


_PROJECT_SUFFIX = re.compile("(" + alternation("project_suffixes") + ")$")
_ZONE_SUFFIX = re.compile("(" + alternation("zone_suffixes") + ")$")


# 产业项目, 新开工项目, 外资项目, 亿元以上重大项目, 超亿美元外资项目: kinds of project, not names
_GENERIC_PROJECT = re.compile(
    # (a place's name may lead: 泉山区储备项目)
    r"(?:[\u4e00-\u9fff]{1,6}?[省市区县])?"
    r"(?:" + pattern("project_kind_words") + r")+项目$"
)


_GENERIC_ENTITY = frozenset(word_list("generic_entities"))


_DESIGNATION = re.compile(r"^(?:国家|省|市|区|县)?级?(?:重大|重点|优选|示范)(?:建设)?(?:类)?项目$")
_COUNTED_NAME = re.compile(r"\d|[一二三四五六七八九十两]+[个家项座大]")


_OF_AFTER = re.compile(r"[^,;。!?\n]{0,20}?的")


_POINTER_START = word_list("pointers")


@functools.lru_cache(maxsize=8192)
def _clean_entity(candidate: str) -> str | None:
    m = _ENTITY_CUT.match(candidate)
    if m and m.group(0).endswith(_POINTER_START):
        return None  # 已建成各类科研平台: what follows a pointer is a kind, not a name
    name = candidate[m.end() :] if m else candidate
    name = name.lstrip("()·-")
    if _COUNTED_NAME.match(name):
        return None
    if len(name) < 3 or name in _GENERIC_ENTITY or _GENERIC_PROJECT.match(name):
        return None
    if name.startswith(("全市", "全省", "全区", "全国")) or name.startswith(_POINTER_START):
        return None  # 各类科研平台, 该园区, 上述项目: a kind or a pointer, not a name
    if name.count("(") != name.count(")") or _DESIGNATION.match(name):
        return None  # 未来产业(智慧园区; 省级重点项目 is a rank, not a name
    if _RANKED_KIND.search(name):
        return None  # 世界500强企业项目, 百强企业项目: a kind of firm's projects
    return name


_RANKED_KIND = re.compile(r"(?:\d+|[百千])强")


def _entities_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Names ending in a project/zone word (产业园, 项目, 开发区 …) in text[start:end]: found
    from the suffix back to the previous name or 24 characters, then cut at function words."""
    out: list[tuple[int, int, str]] = []
    prev_end = start
    for m in _ENTITY_SUFFIX_RE.finditer(text, start, end):
        if m.group(0) == "中心" and text[m.end() : m.end() + 1] == "城":
            continue  # 中心城区, 中心城市: not a named centre
        lo = max(prev_end, m.start() - 24)
        cand_start = _name_head(text, lo, m.start())
        prev_end = m.end()
        name = _clean_entity(text[cand_start : m.end()])
        if not name:
            continue
        s = m.end() - len(name)
        if out and s <= out[-1][1] + 0 and text[out[-1][1] : s] == "":
            continue  # 中央活力区 + 产业集群项目: keep the first of a compound name
        out.append((s, m.end(), name))
    return out


def find_entity(text: str, q: Quantity, clause: Span, sent: Span) -> tuple[str | None, int, str]:
    """(entity, position, rule) nearest the figure: 'X亿元的Y项目' after it, else before it."""
    after = _OF_AFTER.match(text, q.end, sent.end)
    if after:
        s = after.end()
        ents = _entities_in(text, s, min(sent.end, s + 30))
        if ents and ents[0][0] == s:
            return ents[0][2], ents[0][0], "entity.named_after"
    ents = _entities_in(text, clause.start, q.start)
    if ents:
        return ents[-1][2], ents[-1][0], "entity.named_in_clause"
    return (*_topic_entity(text, clause, sent), "entity.sentence_topic")


_OBJECT_OF = re.compile("(?:" + alternation("object_verbs") + ")$")


_PHASE = re.compile(r"(?:[一二三四五六七八九十\d]{1,2}期)?(?:扩建|改扩建|新建|续建|改造|提升)?(?:项目|工程)")


_LIST_MARKER = re.compile(r"\d{1,2}[.)]|\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)|[\u2460-\u2473]")


# a sentence's topic is stricter still than a name (本项目, 其园区: no name; 本溪高新区 is one elsewhere)
_DEICTIC = (*_POINTER_START, *word_list("deictic_extra"))


# 1. 项目名称:蓝印时尚小镇三期;总投资:35亿元: a project list's name field, on the figure's line
_NAME_FIELD = re.compile(r"(?:项目名称|项目|名称):\s*([\u4e00-\u9fffA-Za-z0-9()·\-]{2,40})\s*(?=[,;。\n]|$)")


def _listed_project(text: str, q: Quantity) -> tuple[str | None, int]:
    lo = max(0, q.start - 200)  # a list line is short; never scan a whole one-line page
    line_start = max(text.rfind("\n", lo, q.start) + 1, lo)
    if "名称" not in text[line_start : q.start] and "项目:" not in text[line_start : q.start]:
        return None, -1
    found = None
    for m in _NAME_FIELD.finditer(text, line_start, q.start):
        found = m
    if found is None or _COUNTED_NAME.match(found.group(1)):
        return None, -1
    return found.group(1), found.start(1)


_OTHERS = word_list("others")


def _topic_entity(text: str, clause: Span, sent: Span) -> tuple[str | None, int]:
    """A named project or zone that opens an earlier clause of the sentence is what the later
    clauses are about: 华星光电项目用地约300亩，达产后预计年产值可达200亿元 (the output is the
    project's). Only the nearest earlier clause (of the six before) that names anything counts,
    and only when the name opens it; a name the clause's verb takes as its object (5年内建成活力品质
    新城) is passed over."""
    if clause.start <= sent.start or text.startswith(_OTHERS, clause.start):
        return None, -1  # (另有8个项目…: other projects than the one before)
    cls = _clauses_cached(text, sent.start, sent.end)
    i = bisect.bisect_right(_clause_starts(text, sent.start, sent.end), clause.start - 1) - 1
    stop = max(-1, i - 6)  # a topic reaches a few clauses, not across a run-on page
    while i > stop:
        c = cls[i]
        ents = _entities_in(text, c.start, c.end)
        if ents:
            s, e, name = ents[0]
            lead = text[c.start : s].strip()
            opens = not lead or _LIST_MARKER.fullmatch(lead) is not None  # 1. 徐州软件园三期项目,总投资18亿元
            nxt = _entities_in(text, e, c.end)
            whole = not (nxt and nxt[0][0] == e)  # 活力区中央公园一期工程: a longer name goes on
            if not whole and _PHASE.fullmatch(nxt[0][2]):
                name, whole = text[s : nxt[0][1]], True  # 徐州软件园 + 三期项目: one project, by its phase
            if opens and whole and not name.startswith(_DEICTIC) and scope_of_entity(name):
                return name, s
            if opens or not _OBJECT_OF.search(text, c.start, s):
                return None, -1
            # 5年内初步建成活力品质新城区: a name its clause's verb takes as its object is no new topic
        i -= 1
    return None, -1


def _antecedent_project(text: str, before: int) -> tuple[str | None, int]:
    """The project '该项目' points back to: the last one named in the 300 characters before."""
    for s, _e, name in reversed(_entities_in(text, max(0, before - 300), before)):
        if scope_of_entity(name) == "project" and not name.startswith(_DEICTIC):
            return name, s
    return None, -1


def scope_of_entity(entity: str) -> str | None:
    if _PROJECT_SUFFIX.search(entity):
        return "project"
    if _ZONE_SUFFIX.search(entity):
        return "zone"
    return None


SETS, NEEDS = ("named",), ()


def resolve(run: Run, d: Draft) -> None:
    """A named project or zone the figure is about: in its clause or just after it, opening an
    earlier clause, a list's 项目名称 field, the project 该项目 points back to."""
    text, q = run.text, d.q
    entity, pos, rule = find_entity(text, q, d.clause, d.sent)
    ent_scope = scope_of_entity(entity) if entity else None
    if entity is None:
        entity, pos = _listed_project(text, q)
        ent_scope, rule = ("project", "entity.name_field") if entity else (None, rule)
    if entity is None and "该项目" in text[d.sent.start : q.start]:
        entity, pos = _antecedent_project(text, d.sent.start)
        if entity:
            ent_scope, pos, rule = "project", q.start, "entity.antecedent"  # it is this sentence's subject
    if entity is None and _PROJECT_SUBJECT.match(text, d.sent.start, q.start):
        entity, at = _antecedent_project(text, d.sent.start)
        if entity and at >= text.rfind("\n", 0, d.sent.start) + 1:  # named in this paragraph
            ent_scope, pos, rule = "project", q.start, "entity.project_subject"
        else:
            entity = None
    if ent_scope is None:
        subject, at = _company_subject(text, d.clause, d.sent, q.start)
        if subject is not None:
            # 公司计划总投资3.6亿元, 此次二期总投资达2亿美元: the company's or the phase's, not the place's
            named, named_at = (None, -1) if subject.endswith("公司") else _antecedent_project(text, at)
            if named is None or named_at < text.rfind("\n", 0, at) + 1 or _PHASE.fullmatch(named):
                # 公司的一期项目…此次二期: the company's second phase (a project of another paragraph is another's)
                named = _antecedent_company(text, at)
            entity, pos, ent_scope, rule = named or subject, q.start, "project", "entity.company_subject"
    d.named = (entity, pos, ent_scope)
    if entity:
        d.why("entity", rule, entity)


# 公司, 该公司, 一期, 首期 opening the figure's clause or sentence (after a year, 今年, 此次, 投产后)
_COMPANY_SUBJECT = re.compile(
    r"(?:(?:19|20)\d\d年|今年|去年|目前|此次|本次|同时|[\u4e00-\u9fff]{1,3}后)?((?:该|本)?(?:"
    + alternation("company_subjects")
    + "))(?!化)"
)


# 项目建成后…, 项目建设以…为主导: a sentence whose subject is the project named before it
_PROJECT_SUBJECT = re.compile(r"(?:目前|同时|此外)?,?项目(?:" + alternation("project_subject_follow") + ")")


_COMPANY_END = re.compile(r"(?:股份)?有限(?:责任)?公司|集团(?![化])")


def _antecedent_company(text: str, before: int) -> str | None:
    """The company 该公司 points back to: the last one named in full (…有限公司, …集团) earlier in
    its paragraph, or in the paragraph before when its sentence opens its own; at most 600
    characters back (and not a bare 有限公司 left after cutting a verb: 投资有限公司)."""
    para = text.rfind("\n", 0, before) + 1
    found = _last_company(text, max(para, before - 600), before)
    if found is None and not text[para:before].strip() and para > 0:
        found = _last_company(text, max(text.rfind("\n", 0, para - 1) + 1, before - 600), para)
    return found


def _last_company(text: str, lo: int, hi: int) -> str | None:
    for m in reversed(list(_COMPANY_END.finditer(text, lo, hi))):
        name = _clean_entity(text[_name_head(text, lo, m.end()) : m.end()])
        name = name.removeprefix("由") if name else None  # 由协鑫集团投资: the company is 协鑫集团
        if name and len(name) > len(m.group(0)) + 1:
            return name
    return None


def _company_subject(text: str, clause: Span, sent: Span, pos: int) -> tuple[str | None, int]:
    """(公司, where it stands) when it opens the figure's clause or its sentence, else (None, -1)."""
    for start in sorted({clause.start, sent.start}, reverse=True):
        m = _COMPANY_SUBJECT.match(text, start, pos)
        if m is not None:
            return m.group(1), m.start(1)
    return None, -1

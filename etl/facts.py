"""Classify quantities into facts: metric, status, year, district, scope, entity, cluster,
quote. Works on plain strings (cleaned text + publication date); knows nothing of files."""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import ahocorasick_rs

from etl import reference
from etl.places import Mention, find_mentions, in_city, is_zone, title_zone
from etl.quantities import CN_DIGITS, CN_NUM, DIGIT_CHAR, TABLE_GROWTH, Quantity, find_quantities, parse_number

FACT_COLUMNS = (
    "fact_id",
    "doc_id",
    "district",
    "scope",
    "entity",
    "metric",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "status",
    "year",
    "cluster",
    "raw",
    "quote",
    "start",
    "end",
)

# Patterns that run over whole texts start with a set or a literal (lookbehinds come after it):
# Python's regex engine then skips to candidate characters instead of trying every position.
_SENTENCE_END = re.compile(r"[。!?;\n.](?:(?<=[。!?;])[。!?;]*|(?<=\n)|(?<=\.)\.\.+)")  # 。!?; runs, \n, ...
_CLAUSE_SEP = re.compile(r",(?<!\d,)|,(?!\d)|:|、|——")  # a comma not inside 1,000

STATUS_CUES = {
    "signed": ("签约", "签订", "签署", "签下"),
    "plan": (
        "计划",
        "规划",
        "拟",
        "谋划",
        "安排",
        "储备",
        "意向",
        "在谈",
        "正在洽谈",
        "洽谈中",
    ),  # 意向投资, 在谈项目: not yet done
    "target": (
        "力争",
        "目标",
        "预计",
        "预期",
        "将",
        "争取",
        "有望",
        "确保",
        "年内",
        "年后",
        "届时",
        "底前",  # 今年底前完成, 6月底前建成: by a date to come
        "计划到",
        "可达",
        "可实现",
        "年可",
        "达产后",
        "建成后",
        "投产后",
    ),
    "actual": (
        "已经",
        "已",
        "截至",
        "截止",
        "累计",
        "建成",
        "建起",
        "目前",
        "去年",
        "上年",
        "运营",
        "见效",
        "开业",
        "投产",
        "落成",
        "完工",
        "同比",
        "到位",  # 到位资金87.3亿元: money in hand, not a signing
        "引进",  # 签订协议35项,引进品牌56个: brought in, not a signing
    ),
}
WEAK_ACTUAL = ("实现", "完成", "达到", "达", "共", "全年")
_TARGET_YEAR = re.compile(r"(?:到|至)(\d{4})年")

_YEAR_RE = re.compile(
    rf"(?=[\d今去前明上本未年过{CN_DIGITS}十])(?:(?P<y>(?:19|20)\d\d)年(?:度)?|(?P<rel>本年度|上年度|今年|去年|前年|明年|上年|本年|过去一年|一年来|(?<![\d{CN_DIGITS}十百半多几数近])年内)|"
    rf"(?P<n>\d{{1,2}}|{CN_NUM})年(?:内|后|之内|以内)|(?:未来|今后)(?P<m>\d{{1,2}}|{CN_NUM})年|"
    r"十(?P<plan>[三四五六])五[”\"」』]?(?:时期末|期末|末)|"  # 到“十五五”末: the plan's last year (2030)
    r"(?P<cy>(?:一九|二[〇零])[〇零一二三四五六七八九]{2})年|"  # 二〇二五年
    rf"(?P<label>(?<!\d)20[0-4]\d)(?=[\u4e00-\u9fff])(?![年万亿千百元个家项亩人名位余多件辆台套座栋户条吨米]))"  # 2000万元 is no year
)
_REL = {
    "本年度": 0,
    "上年度": -1,
    "今年": 0,
    "本年": 0,
    "年内": 0,
    "过去一年": -1,
    "一年来": -1,
    "去年": -1,
    "上年": -1,
    "前年": -2,
    "明年": 1,
}

ENTITY_SUFFIX = (  # 产业园区 before 产业园: 苏州工业园区 is one name, not 苏州工业园 + 区
    "产业园区|科技园区|工业园区|产业园|物流园|软件园|创业园|特色小镇|小镇|软件谷|光谷|智谷|科技园|工业园|创新港|产业基地|园区|经济开发区|开发区|经开区|高新区|新区|活力区|商务区|商埠区|产业区|"
    "集聚区|功能区|示范区|科技城|产业城|新城|基地|数据中心|研发中心|中心|孵化器|加速器|项目|工程|平台|街区|大楼|广场|商圈"
)
_ENTITY_SUFFIX_RE = re.compile(ENTITY_SUFFIX)
_NAME_RUN_BACK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()·\-—]*")


@functools.lru_cache(maxsize=4)
def _reversed(text: str) -> str:
    return text[::-1]


def _name_head(text: str, lo: int, pos: int) -> int:
    """Where the run of name characters ending at ``pos`` starts, not before ``lo`` (what a
    search for ``[name chars]*$`` in ``text[lo:pos]`` finds when no newline lies in between),
    read as one forward match over the reversed text."""
    if pos <= lo:
        return pos
    n = len(text)
    m = _NAME_RUN_BACK.match(_reversed(text), n - pos, n - lo)
    return pos - (m.end() - m.start())


_ENTITY_CUT_WORDS = [
    "以上",
    "以来",
    "以下",
    "亿元",
    "万元",
    "[\\d.]+[亿万]?[元个家项座栋亩]",
    "\\d{4}年度?",
    "探索建立",
    "\\)",
    "东有",
    "串联",
    "争创",
    "位于",
    "作为",
    "依托",
    "保障",
    "全力",
    "其中",
    "创建",
    "力争",
    "力求",
    "加快",
    "发展",
    "启动",
    "围绕",
    "坚持",
    "增强",
    "实施",
    "实现",
    "完成",
    "对标",
    "布局",
    "建成",
    "建设",
    "开展",
    "举行",  # 锦江区举行重点项目集中签约活动: no project called 锦江区举行重点项目
    "举办",
    "召开",
    "组织",
    "开工",
    "引进",
    "强化",
    "形成",
    "成为",
    "打造",
    "投资",
    "拥有",
    "探索",
    "推动",
    "推进",
    "支持",
    "构建",
    "目前",
    "确保",
    "签约",
    "批准",  # 昆山累计批准台资项目5300余个: approved, a kind of project
    "累计",
    "新增",
    "翻开",
    "考察",
    "聚焦",
    "落户",
    "西有",
    "计划",
    "“",
    "”",
    "《",
    "》",
    "与",
    "为",
    "了",
    "于",
    "从",
    "以",
    "到",
    "及",
    "各",
    "各类",  # 成都市各开发区, 各类科研平台: cut whole, so no 类科研平台 is left
    "各项",
    "各大",
    "各级",
    "向",
    "和",
    "在",
    "对",
    "将",
    "就",
    "把",
    "是",
    "的",
    "等",
    "让",
]
# longest first, so that 对标 cuts before 对 does
_ENTITY_CUT = re.compile(".*(?:" + "|".join(sorted(_ENTITY_CUT_WORDS, key=len, reverse=True)) + ")")
_PROJECT_SUFFIX = re.compile(
    r"(产业园|科技园|工业园|物流园|软件园|创业园|创新港|产业基地|基地|数据中心|研发中心|中心|孵化器|加速器|项目|工程|平台|街区|大楼|广场)$"
)
_ZONE_SUFFIX = re.compile(
    r"(小镇|软件谷|光谷|智谷|园区|开发区|经开区|高新区|新区|活力区|商务区|商埠区|产业区|集聚区|功能区|示范区|科技城|产业城|新城|商圈)$"
)
# 产业项目, 新开工项目, 外资项目, 亿元以上重大项目, 超亿美元外资项目: kinds of project, not names
_GENERIC_PROJECT = re.compile(
    # (a place's name may lead: 泉山区储备项目)
    r"(?:[\u4e00-\u9fff]{1,6}?[省市区县])?"
    r"(?:亿元|以上|超过|超|逾|\d+|千万|亿|美元|元|台资|港资|侨资|民资|重大|重点|产业|工业|制造业|招商|招引|引进|落地|储备|入库|签约|在建|外资|内资|竣工|新开工|开工|续建|新建|新设|新签约|新增|增资|"
    r"投产|达产|谋划|实施|推进|前期|拟建|计划|建|技改|技术改造|改造|示范|试点|应用|融合|数字化|智能化|绿色化|绿色|"
    r"基础设施|民生|农业|服务业|社会事业|城建|城市更新|科技|科创|文旅|商贸|物流|交通|水利|生态|环保|能源|政府投资|社会投资|合作|"
    r"新|优质|好|省级|市级|省|市|区级)+项目$"
)
_GENERIC_ENTITY = {
    "开发区",
    "高新区",
    "经开区",
    "小镇",
    "特色小镇",
    "数据中心",
    "研发中心",
    "项目",
    "重点项目",
    "该项目",
    "中心",
    "平台",
    "工程",
    "园区",
    "基地",
    "产业园",
    "新区",
    "示范区",
    "集聚区",
    "功能区",
    "区域总部项目",
    "产业集群项目",
    "广场",
    "一期工程",
    "二期工程",
}


@dataclass
class Fact:
    fact_id: str
    doc_id: str
    district: str | None
    scope: str
    entity: str | None
    metric: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    status: str
    year: int | None
    cluster: str | None
    raw: str
    quote: str
    start: int
    end: int
    of_metric: str | None = None  # a growth rate's: the metric that grew (gdp for 地区生产总值增长6.1%)

    def as_dict(self) -> dict:
        # all fields are plain values: a shallow copy is the same as dataclasses.asdict, 10x faster
        return dict(self.__dict__)

    def contract_dict(self) -> dict:
        """The columns of the data contract only (``python -m etl extract`` prints these)."""
        d = dict(self.__dict__)
        del d["of_metric"]
        return d


@dataclass
class ClusterMention:
    doc_id: str
    district: str | None
    cluster: str
    cue: str
    start: int
    end: int
    quote: str


@dataclass
class EntityMention:
    doc_id: str
    district: str | None
    entity: str
    scope: str
    start: int
    end: int
    quote: str


def fact_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- text structure


class Span(NamedTuple):
    start: int
    end: int


MAX_SENTENCE = 400


def sentences(text: str) -> list[Span]:
    """Sentence spans; a run-on 'sentence' longer than MAX_SENTENCE is cut at clause
    boundaries so that a page with no full stops costs linear time, not quadratic."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        start, end = m.span()
        if text[start] == "\n":
            end = start
        if end > pos and not text[pos:end].isspace():
            if end - pos <= MAX_SENTENCE:
                spans.append(Span(pos, end))
            else:
                spans.extend(_cut_long(text, pos, end))
        pos = m.end()
    if text[pos:].strip():
        spans.extend(_cut_long(text, pos, len(text)))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[Span]:
    if end - start <= MAX_SENTENCE:
        return [Span(start, end)]
    out = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cut = max(window.rfind(","), window.rfind(";"), window.rfind(" "))
        if cut < MAX_SENTENCE // 4 or cut < 0:
            cut = MAX_SENTENCE - 1
            while cut > 1 and text[start + cut].isdigit():
                cut -= 1  # never cut through a number
        out.append(Span(start, start + cut + 1))
        start += cut + 1
    out.append(Span(start, end))
    return out


@functools.lru_cache(maxsize=64)
def _clauses_cached(text: str, start: int, end: int) -> tuple[Span, ...]:
    return tuple(_clauses(text, Span(start, end)))


@functools.lru_cache(maxsize=64)
def _clause_starts(text: str, start: int, end: int) -> list[int]:
    return [c.start for c in _clauses_cached(text, start, end)]


def clauses(text: str, sent: Span) -> tuple[Span, ...]:
    return _clauses_cached(text, sent.start, sent.end)


def _clauses(text: str, sent: Span) -> list[Span]:
    out, pos = [], sent.start
    for m in _CLAUSE_SEP.finditer(text, sent.start, sent.end):
        out.append(Span(pos, m.start()))
        pos = m.end()
    out.append(Span(pos, sent.end))
    return out


def _clause_at(text: str, sent: Span, pos: int) -> Span:
    """The clause of ``sent`` holding ``pos`` (clause starts strictly increase, so only the
    last clause starting at or before ``pos`` can hold it); the sentence when none does."""
    cls = _clauses_cached(text, sent.start, sent.end)
    i = bisect.bisect_right(_clause_starts(text, sent.start, sent.end), pos) - 1
    if i >= 0 and pos < max(cls[i].end, cls[i].start + 1):
        return cls[i]
    return sent


def _strip_quote(text: str, sent: Span) -> str:
    return text[sent.start : sent.end].strip()


# --------------------------------------------------------------------------- vocabularies


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


# --------------------------------------------------------------------------- classifiers


def classify_metric(text: str, q: Quantity, clause: Span, sent: Span) -> str:
    kind = q.kind
    if q.label is not None:  # a table cell: its column's name (总投资, 用地, 产值) says what it measures
        cue = _cue_regex(kind).search(q.label)
        if cue:
            return _cue_metric(kind)[cue.group(0)]
    if kind == "person":
        return "people"
    if kind == "percent":
        before = text[clause.start : q.start]
        if q.measure in ("/", "分之") or "占" in before[-12:] or "比重" in before or "占比" in before:
            return "share"  # 占…比重提高到60%: a share, however far its 占
        if q.measure == TABLE_GROWTH:
            return "growth"
        if _GROWTH.search(before):
            return "growth"
        if (
            not before.strip()
            and text[clause.start - 1 : clause.start] == "、"
            and _GROWTH.search(text, sent.start, clause.start)
        ):
            return "growth"  # 分别增长6.1%、4.3%: the list's change word
        return "other"
    if kind == "count":
        if _FALL_BEFORE.search(text, max(clause.start, q.start - 6), q.start) and _COMPARED.search(text, clause.start, q.start):
            return "other"  # 规上工业企业同比减少12家: a fall, not 12 firms
        metric = _count_metric(text, q, clause)
        if metric in ("other", "facilities") and text.startswith(("其中", "较", "比", "同比", "环比"), clause.start):
            # 新签约项目46个,其中鼓楼区12个; 规上企业356户,较年初净增42户: a part or a change
            # counts what the figure before it counted
            before = list(_COUNT_NOUN_RE.finditer(text, sent.start, clause.start))
            if before:
                return _COUNT_NOUN[before[-1].group(0)]
        return metric
    if kind in ("money", "area") and _INCREMENT_BEFORE.search(text, max(clause.start, q.start - 6), q.start):
        if _COMPARED.search(text, clause.start, q.start):
            return "other"  # 比去年同期增加1.1亿元: a change, not a level (never summed with levels)
    if kind == "money" and text[q.end : q.end + 1] == "/":
        # 投资强度300万元/亩: per mu, never a sum; 2.3万元/平方米, 3000元/吨: a price
        return "per_mu" if text[q.end + 1 : q.end + 2] == "亩" else "other"
    if kind == "money" and _AWARD_AFTER.match(text, q.end, clause.end):
        return "incentive"  # 对营业收入首次突破10亿元的企业给予100万元奖励: the award, not the revenue
    if kind == "money" and _FUND_AFTER.match(text, q.end, clause.end):
        return "incentive"  # 设立规模10亿元的产业发展基金: a fund's size, not output
    if kind == "money":
        near = text[max(clause.start, q.start - 20) : q.start]
        if "人均" in near:
            return "per_capita"  # 人均可支配收入4.6万元, 人均GDP 12万元: per head, never a total
        if "亩均" in near or "亩产" in near:
            return "per_mu"  # 亩均税收32.5万元: per mu of land, never a total
    pattern, cue_map = _cue_regex(kind), _cue_metric(kind)
    before = _all_cue_matches(pattern, text, clause.start, q.start)
    if kind == "area" and before:
        best = _last_cue(before)
        if best.group(0) == "面积":  # plain 面积: the unit decides (亩, 公顷, 平方公里: land)
            return "floor_area" if q.measure in ("平方米", "平米", "m2") else "land_area"
    if before:
        best = _last_cue(before)
        return cue_map[best.group(0)]
    after = pattern.search(text, q.end, min(clause.end, q.end + 8))
    if after:
        return cue_map[after.group(0)]
    if kind == "money" and _OTHER_MONEY.search(text, clause.start, q.start):
        return "other"  # 年利税10亿元, 技术合同成交额15亿元: a sum of its own kind, not the sentence's metric
    earlier = _all_cue_matches(pattern, text, sent.start, clause.start)
    if earlier and kind == "money":
        best = _last_cue(earlier)
        return cue_map[best.group(0)]
    if kind == "area":
        return "land_area" if q.measure in ("亩", "公顷", "平方公里", "平方千米", "km2") else "floor_area"
    return "other"


_COUNT_NOUNS = (
    ("项目", "projects"),
    ("工程", "projects"),
    ("协议", "agreements"),
    ("合同", "agreements"),
    ("企业", "enterprises"),
    ("公司", "enterprises"),
    ("品牌", "enterprises"),
    ("市场主体", "enterprises"),
    ("总部", "enterprises"),
    ("商户", "facilities"),
    ("基站", "facilities"),
    ("铁塔", "facilities"),
    ("终端", "facilities"),
    ("充电桩", "facilities"),
    ("楼宇", "facilities"),
    ("厂房", "facilities"),
    ("楼", "facilities"),
    ("家庭", "other"),
    ("农户", "other"),  # 带动农户2000余户: households, not facilities
    ("居民", "other"),
)
_DESIGNATION = re.compile(r"^(?:国家|省|市|区|县)?级?(?:重大|重点|优选|示范)(?:建设)?(?:类)?项目$")
_COUNT_WINDOW = re.compile(r"[^,;。!?\n]{0,30}")
_COUNTED_AFTER = re.compile(rf"(?:\d|[{CN_DIGITS}十百千])+(?:余|多)?[个家项条座栋户名位]")
_AWARD_AFTER = re.compile(r"(?:的)?(?:一次性)?(?:奖励|奖补|补贴|补助|资助|扶持|资金支持|资金扶持)")
_FUND_AFTER = re.compile(r"的[^,;。]{0,12}基金")
_OTHER_MONEY = re.compile(r"利税|成交额|交易额|贷款|存款|余额|市值|估值|保费|均价|租金|工资|薪酬|成本|资产|负债")
_INCREMENT_BEFORE = re.compile(r"(?:增加|增长|减少|下降|净增|多|少)了?(?:约|近|超过|逾)?$")
_FALL_BEFORE = re.compile(r"(?:减少|下降|净减|少)了?(?:约|近|超过|逾)?$")
_COMPARED = re.compile(r"比|较|同比|环比")
_GROWTH = re.compile(r"增长|增速|同比|提高|下降|增幅|减少|下滑|回落|降低|减幅|降幅")
# the last change word before a growth rate: a fall makes it negative (同比下降3.2% is -3.2)
_CHANGE_WORD = re.compile(r"增长|提高|上升|增加|增幅|下降|减少|下滑|回落|降低|减幅|降幅|负增长")
_FALL = frozenset(("下降", "减少", "下滑", "回落", "降低", "减幅", "降幅", "负增长"))
_COUNTED_NAME = re.compile(r"\d|[一二三四五六七八九十两]+[个家项座大]")
_OF_AFTER = re.compile(r"[^,;。!?\n]{0,20}?的")
# (楼 in a place's name is no building: 鼓楼区, 钟楼区)
_COUNT_NOUN_RE = re.compile("|".join(re.escape(n) + ("(?![区县市镇街])" if n == "楼" else "") for n, _ in _COUNT_NOUNS))
_COUNT_NOUN = dict(_COUNT_NOUNS)


def _count_metric(text: str, q: Quantity, clause: Span) -> str:
    if q.measure == "大":
        return "projects"
    window = _COUNT_WINDOW.match(text, q.end).group(0)
    m = _COUNT_NOUN_RE.search(window)
    if m and "、" in window[: m.start()] and _COUNTED_AFTER.search(window, window.rindex("、", 0, m.start())):
        m = None  # 15条、企业超过200家: the noun counted by the next item (23个涵盖A、B的项目 keeps its noun)
    elif m and _COUNTED_AFTER.search(window, 0, m.start()):
        m = None  # 来自20多个省市的300余家企业: the noun is counted by the figure nearer it
    if m and m.start() == 0:
        return _COUNT_NOUN[m.group(0)]  # 3个项目
    before = list(_COUNT_NOUN_RE.finditer(text, max(clause.start, q.start - 10), q.start))
    if before and before[-1].end() == q.start:
        return _COUNT_NOUN[before[-1].group(0)]  # 外资项目3个、合同外资…: the noun it counts is the one it follows
    if m:
        return _COUNT_NOUN[m.group(0)]
    if before:
        return _COUNT_NOUN[before[-1].group(0)]
    if q.measure == "家":
        return "enterprises"
    if q.measure in "座栋幢户台套":
        return "facilities"
    if q.measure == "项":
        return "projects"
    return "other"


@functools.cache
def _status_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    cue_status = {cue: status for status, cues in STATUS_CUES.items() for cue in cues}
    alts = sorted(cue_status, key=len, reverse=True)
    # 未来三年, 未来五年: a horizon (not 未来工厂, 未来产业: names)
    horizon = r"(?:未来|今后)(?=[\d一二两三四五六七八九十几]|一段)|"
    return re.compile(r"到\d{4}年|至\d{4}年|" + horizon + "|".join(re.escape(c) for c in alts)), cue_status


@functools.lru_cache(maxsize=256)
def _sentence_cues(text: str, start: int, end: int) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, status, cue) of every status cue in a sentence, found once per sentence."""
    pattern, cue_status = _status_regex()
    return tuple(
        (m.start(), m.end(), cue_status.get(m.group(0), "target"), m.group(0)) for m in pattern.finditer(text, start, end)
    )


def _find_cues(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(position of cue end, status, cue) for every status cue in text[start:end]."""
    pattern, cue_status = _status_regex()
    out = []
    for m in pattern.finditer(text, start, end):
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


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _list_items_before(text: str, sents: list[Span], si: int) -> Iterator[Span]:
    """The earlier items of a list joined by ';' that sentence ``si`` ends (at most eight), nearest first."""
    j = si - 1
    while j >= 0 and si - j <= 8 and text[sents[j].end - 1 : sents[j].end] == ";":
        yield sents[j]
        j -= 1


def _list_metric(text: str, sents: list[Span], si: int) -> str | None:
    """江宁区地区生产总值3215亿元;鼓楼区2207亿元;玄武区1335亿元: a sum of money with no cue of its
    own, in a list joined by ';', is what the list's last cue before it measures."""
    pattern, cue_map = _cue_regex("money"), _cue_metric("money")
    for item in _list_items_before(text, sents, si):
        cues = _all_cue_matches(pattern, text, item.start, item.end)
        if cues:
            return cue_map[_last_cue(cues).group(0)]
    return None


def _list_status(text: str, sents: list[Span], si: int, published: date | None = None) -> str | None:
    """主要预期目标是:地区生产总值增长6%左右;规上工业增加值增长7%以上: items of a list joined by
    ';' share the target or plan cue that opened it. The nearest earlier item with a cue decides."""
    for item in _list_items_before(text, sents, si):
        cues = _live_cues(text, item.start, item.end, published)
        if cues:
            best = max((st for _, _, st, _ in cues if st != "signed"), key=_PRIORITY.__getitem__, default="actual")
            return best if best in ("target", "plan") else None
    return None


_PLAN_END = {"三": 2020, "四": 2025, "五": 2030, "六": 2035}  # 十三五 2016-2020, 十四五 2021-2025 …


def _year_value(m: re.Match[str], published: date | None) -> int | None:
    if m.group("y"):
        return int(m.group("y"))
    if m.group("plan"):
        return _PLAN_END[m.group("plan")]
    if m.group("cy"):
        return int("".join(DIGIT_CHAR[c] for c in m.group("cy")))
    if m.group("label"):
        return int(m.group("label"))
    if published is None:
        return None
    if m.group("rel"):
        return published.year + _REL[m.group("rel")]
    n = m.group("n") or m.group("m")
    try:
        return published.year + int(parse_number(n))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _years_in(text: str, start: int, end: int) -> tuple[re.Match[str], ...]:
    return tuple(_YEAR_RE.finditer(text, start, end))


def resolve_year(
    text: str,
    q: Quantity,
    sent: Span,
    prev_sents: list[Span],
    published: date | None,
    status: str,
    report_year: int | None = None,
) -> int | None:
    """The year a figure is for: the nearest year expression before it in its sentence; else
    the first after it (targets and N年内 horizons); else the last one in the up to three
    sentences before it in the same paragraph (全年完成… after 2023年…). A year that is only the
    base of a comparison (比上年, 较去年同期, 比2023年) is not the figure's. An achieved figure for a
    part of the year (1-10月, 前三季度, 上半年) with no year written is for the latest such period
    by the publication date."""
    if "每年" in text[max(sent.start, q.start - 12) : q.start]:
        return None  # 区财政每年安排不少于5000万元: a yearly sum, for no one year
    in_sent = [m for m in _years_in(text, sent.start, sent.end) if not _comparison_base(text, m)]
    before = [m for m in in_sent if m.end() <= q.start]
    candidates = [m for m in before if not m.group("label")] or before
    chosen = candidates[-1] if candidates else None
    whole_year = None  # 确保全年增速保持在8%以上,力争到2026年…: this year's goal (in a bulletin, its year's)
    if (
        chosen is None
        and status == "target"
        and published is not None
        and "全年" in text[max(sent.start, q.start - 20) : q.start]
    ):
        whole_year = report_year or published.year
    if chosen is None and whole_year is None:
        after = [m for m in in_sent if m.start() >= q.end and not m.group("label")]
        if after and (status == "target" or after[0].group("n") or after[0].group("m")):
            chosen = after[0]
    period = status in ("actual", "signed") and published is not None
    if chosen is None and period:
        year = _period_year(text, sent.start, q.start, published)
        if year is not None:
            return year
        if status == "actual" and "全年" in text[sent.start : q.start]:
            # 全年完成固定资产投资156亿元: in a January article, last year's; in December, this year's
            if published.month <= 3:
                return report_year or published.year - 1
            if published.month >= 11:
                return report_year or published.year
    for earlier in prev_sents:
        if chosen is not None or whole_year is not None:
            break
        prev = [m for m in _years_in(text, earlier.start, earlier.end) if not m.group("label") and not _comparison_base(text, m)]
        if prev:
            chosen = prev[-1]
        elif period:
            year = _period_year(text, earlier.start, earlier.end, published)
            if year is not None:
                return year
    if chosen is None and whole_year is None:
        return None
    year = whole_year or _year_value(chosen, published)
    if (
        chosen is not None
        and published is not None
        and year is not None
        and (year < published.year - 1 or (year == published.year - 1 and published.month > 3))
        and text.startswith("以来", chosen.end())
    ):
        # 2024年以来新增市场主体2.3万户 in an August 2025 article: a sum over several years, for no
        # one year (2023年以来 in January 2024 is 2023's)
        return None
    if year is None or not 1949 <= year <= 2100:
        return None
    if status == "target" and published is not None and year < published.year:
        return None
    return year


_TIMES_AFTER = re.compile(r"的[\d.一二三四五六七八九十两]{1,4}倍")


def _comparison_base(text: str, m: re.Match[str]) -> bool:
    """比上年同期增加6家, 较去年提高, 比2023年增长5%, 是2020年的1.4倍: the year is what the figure
    is compared with."""
    return (
        text[m.start() - 1 : m.start()] in ("比", "较")
        # 与去年同期相比 (but 去年同期,全区地区生产总值为493亿元 is last year's figure)
        or (
            text[m.end() : m.end() + 2] == "同期"
            and (text[m.start() - 1 : m.start()] in ("与", "和", "同") or "相比" in text[m.end() + 2 : m.end() + 6])
        )
        or (text[m.end() : m.end() + 1] == "的" and _TIMES_AFTER.match(text, m.end()) is not None)
    )


# 1-10月, 1至10月, 前三季度, 上半年, 一季度, 截至10月底: part of a year, by the month it ends;
# a day (11月6日) or a word for about now (近日): by the publication date
_PERIOD_RE = re.compile(
    r"(?<![\d年])1(?:-|至|~|—)(\d{1,2})月|前三季度|上半年|一季度|前两个月|前(\d{1,2})个月"
    r"|(?<![\d年\-至~—.])(\d{1,2})月份"  # 12月份: one month
    r"|(?:截至|截止|截止到|到)(\d{1,2})月(?:底|末)"  # 截至10月底: the year so far
    r"|(?<![\d年\-至~—.])(\d{1,2})月(\d{1,2})日"  # 11月6日,…现场签约: a day, the latest such by publication
    r"|(近日|日前|近期|今天|今日|昨天|昨日)"  # 近日集中签约: about when the article was published
)
_PERIOD_END = {"前三季度": 9, "上半年": 6, "一季度": 3, "前两个月": 2}


def _period_year(text: str, start: int, end: int, published: date) -> int | None:
    found = None
    for m in _PERIOD_RE.finditer(text, start, end):
        found = m
    if found is None:
        return None
    if found.group(7):
        return published.year
    if found.group(5):
        month, day = int(found.group(5)), int(found.group(6))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return published.year if (month, day) <= (published.month, published.day) else published.year - 1
    month = int(found.group(1) or found.group(2) or found.group(3) or found.group(4) or 0) or _PERIOD_END[found.group(0)]
    if not 1 <= month <= 12:
        return None
    # a period is reported after it ends: 1-10月 in a November article is this year's, in March last year's
    return published.year if month < published.month or (month == published.month and published.day > 20) else published.year - 1


_POINTER_START = ("另一", "该", "此", "这", "所属", "其他", "其它", "各", "各类", "各项", "各大", "各级", "上述", "单个", "每个")


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


def find_entity(text: str, q: Quantity, clause: Span, sent: Span) -> tuple[str | None, int]:
    """(entity, position) nearest the figure: 'X亿元的Y项目' after it, else before it."""
    after = _OF_AFTER.match(text, q.end, sent.end)
    if after:
        s = after.end()
        ents = _entities_in(text, s, min(sent.end, s + 30))
        if ents and ents[0][0] == s:
            return ents[0][2], ents[0][0]
    ents = _entities_in(text, clause.start, q.start)
    if ents:
        return ents[-1][2], ents[-1][0]
    return _topic_entity(text, clause, sent)


_PHASE = re.compile(r"(?:[一二三四五六七八九十\d]{1,2}期)?(?:扩建|改扩建|新建|续建|改造|提升)?(?:项目|工程)")
_LIST_MARKER = re.compile(r"\d{1,2}[.)]|\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)|[\u2460-\u2473]")
# a sentence's topic is stricter still than a name (本项目, 其园区: no name; 本溪高新区 is one elsewhere)
_DEICTIC = (*_POINTER_START, "另", "其", "本")


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


_OTHERS = ("另有", "另外", "此外", "还有", "其余", "其他", "其它")


def _topic_entity(text: str, clause: Span, sent: Span) -> tuple[str | None, int]:
    """A named project or zone that opens an earlier clause of the sentence is what the later
    clauses are about: 华星光电项目用地约300亩，达产后预计年产值可达200亿元 (the output is the
    project's). Only the nearest earlier clause (of the four before) that names anything counts,
    and only when the name opens it."""
    if clause.start <= sent.start or text.startswith(_OTHERS, clause.start):
        return None, -1  # (另有8个项目…: other projects than the one before)
    cls = _clauses_cached(text, sent.start, sent.end)
    i = bisect.bisect_right(_clause_starts(text, sent.start, sent.end), clause.start - 1) - 1
    stop = max(-1, i - 4)  # a topic reaches a few clauses, not across a run-on page
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
            return None, -1
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


_LIST_JOINS = frozenset(("、", "和", "与", "及", "以及", "产业、", "产业和", "产业与"))


def _joined(text: str, matches: tuple[tuple[int, str], ...]) -> bool:
    """Whether any list join lies between the cues at all (most sentences: none)."""
    span = text[matches[0][0] : matches[-1][0]]
    return "、" in span or "和" in span or "与" in span or "及" in span


def _outermost(matches: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """Cues not inside a longer one (生物医药, not its 医药)."""
    out: list[tuple[int, str]] = []
    for pos, cue in matches:
        if out and pos + len(cue) <= out[-1][0] + len(out[-1][1]):
            continue
        out.append((pos, cue))
    return out


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


# --------------------------------------------------------------------------- the extractor


@dataclass
class Doc:
    text: str
    sents: list[Span]
    sent_starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]
    default_district: str | None
    district_memo: dict = field(default_factory=dict)
    quotes: dict = field(default_factory=dict)
    report_year: int | None = None
    plan_title: bool = False
    plan_year: int | None = None  # the year a plan's title names: its planned figures' year

    def quote(self, sent: Span) -> str:
        q = self.quotes.get(sent)
        if q is None:
            q = self.quotes[sent] = _strip_quote(self.text, sent)
        return q


def prepare(text: str, known: tuple[str, ...]) -> Doc:
    sents = sentences(text)
    mentions = find_mentions(text, known)
    default = known[0] if known else _main_place(mentions) or title_zone(_title(text))
    return Doc(
        text,
        sents,
        [s.start for s in sents],
        mentions,
        [m.start for m in mentions],
        default,
        report_year=report_year(text),
        plan_title=(is_plan := plan_title(text)),
        plan_year=plan_due_year(text) if is_plan else None,
    )


# 江宁区2024年国民经济和社会发展统计公报, 2024年工作总结: a report on the year in its title.
# (Not 2025年政府工作报告: it is given in 2025 and reports what 2024 achieved.)
_REPORT_TITLE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)年(?:度)?[^\n]{0,30}?(?:统计公报|公报|年报|工作总结|经济运行情况|主要经济指标|经济指标|年鉴)"
)


# 2024年泉山区重点项目建设计划, 十四五产业发展规划(摘要), 招商项目清单: a plan, not a report of results
# (关于2023年计划执行情况的报告 ends in 报告: it reports results).
_PLAN_TITLE = re.compile(r"(?:计划|规划|规划纲要|纲要|方案|清单|名单|项目表|一览表)(?:\([^()]{0,10}\))?[\s。]*$")
# 十四五规划, “十五五”发展规划, 第十五个五年规划纲要: a five-year plan, due in its last year
_FIVE_YEAR_PLAN = re.compile(r"十([三四五六])五[”\"」』]?|第十([三四五六])个五年")
_RESULTS_TITLE = re.compile(r"完成|进展|执行情况|进度")  # 重点项目完成情况一览表: results, not a plan


def _title(text: str) -> str:
    """The first line (a headline), or the first 80 characters of a one-line text."""
    return text[: text.find("\n")] if "\n" in text else text[:80]


def plan_title(text: str) -> bool:
    """Whether the title (the first line) names the document a plan or a project list: its
    figures with no cue of achievement are planned, not achieved."""
    title = _title(text)
    return len(title) <= 80 and _PLAN_TITLE.search(title) is not None and _RESULTS_TITLE.search(title) is None


def title_year(text: str) -> int | None:
    """The one year the title names (2026年重点招商项目表), else None."""
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)年", _title(text)))
    return int(years.pop()) if len(years) == 1 else None


def plan_due_year(text: str) -> int | None:
    """The year a plan's figures are due: the one its title names (2026年重点招商项目表), or a
    five-year plan's last (十四五规划: 2025; 第十五个五年规划纲要: 2030)."""
    year = title_year(text)
    if year is not None:
        return year
    m = _FIVE_YEAR_PLAN.search(_title(text))
    return _PLAN_END[m.group(1) or m.group(2)] if m else None


def report_year(text: str) -> int | None:
    """The year a period report is about, when its title (the first line) names exactly one
    year: its achieved figures with no year of their own are for that year (全年完成…)."""
    title = _title(text)
    m = _REPORT_TITLE.search(title)
    if m is None or len(set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", title))) != 1:
        return None
    return int(m.group(1))


def _main_place(mentions: list[Mention]) -> str | None:
    counts: dict[str, int] = {}
    for m in mentions:
        if m.level == "district":
            counts[m.key] = counts.get(m.key, 0) + 1
    if not counts:
        for m in mentions:
            if m.level == "city":
                counts[m.key] = counts.get(m.key, 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0].startswith("unknown") is False))[0]


def _district_before(doc: Doc, pos: int, known: tuple[str, ...]) -> str | None:
    """The last district-level place named before ``pos`` (carried across sentences)."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0:
        m = doc.mentions[i]
        if m.level == "district" and (not known or m.key in known or m.key.startswith("unknown:")):
            if known and m.key.startswith("unknown:"):
                i -= 1
                continue
            return m.key
        i -= 1
    return None


def place_and_scope(
    doc: Doc, q: Quantity, clause: Span, sent: Span, known: tuple[str, ...]
) -> tuple[str | None, str, str | None]:
    """(district key, scope, place name) for a figure."""
    i = bisect.bisect_left(doc.mention_starts, q.start) - 1
    while i >= 0 and doc.mentions[i].start >= sent.start:
        m = doc.mentions[i]
        if m.level == "district":
            return m.key, "zone" if is_zone(m.key) else "district", m.name
        if m.level == "city" and (m.start >= clause.start - 12 or not doc.text[sent.start : m.start].strip()):
            # near the figure, or opening its sentence (杭州市1-10月…4312亿元,同比增长6.8%: both the city's)
            if m.city_key:
                return m.city_key, "city", m.name
            # a city figure in an article about one of its districts belongs to that district
            home = _district_before(doc, m.start, known) or doc.default_district
            return (home if in_city(home, m.name) else f"unknown:{m.name}"), "city", m.name
        if m.level == "province" and (m.start >= clause.start - 12 or not doc.text[sent.start : m.start].strip()):
            return f"unknown:{m.name}", "province", m.name  # 山东省地区生产总值突破10万亿元
        i -= 1
    carried = _district_before(doc, sent.start, known)
    if carried and is_zone(carried) and _WHOLE_PLACE.search(doc.text, sent.start, min(q.start, sent.start + 12)):
        # 全市进出口总额… after a sentence on 义乌经济技术开发区: the whole place's, not the zone's
        carried = _outer_place(doc, sent.start) or carried
    district = carried or doc.default_district
    return district, "zone" if is_zone(district) else "district", None


_WHOLE_PLACE = re.compile(r"全[区县市]")


def _outer_place(doc: Doc, pos: int) -> str | None:
    """The last place before ``pos`` that is no zone (义乌市 before 义乌经济技术开发区), else the
    article's own place when it is none."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    while i >= 0:
        m = doc.mentions[i]
        if m.level == "district" and not is_zone(m.key):
            return m.key
        i -= 1
    return doc.default_district if doc.default_district and not is_zone(doc.default_district) else None


def extract_facts(
    text: str, doc_id: str, published: date | None = None, districts: tuple[str, ...] = (), doc: Doc | None = None
) -> list[Fact]:
    """Every fact in cleaned ``text``. ``districts`` are gazetteer ids known from the manifest."""
    doc = doc or prepare(text, districts)
    district_names = {m.name for m in doc.mentions if m.level == "district"}
    facts: list[Fact] = []
    gaz_names = {d.id: d.name_zh for d in reference.districts()}
    quantities = find_quantities(text)
    q_starts = [q.start for q in quantities]
    last_status: dict[tuple[int, str], str] = {}  # (sentence, kind) -> status of its last figure of that kind
    title_end = text.find("\n")
    title_period = _period_year(text, 0, title_end, published) if published is not None and 0 < title_end <= 80 else None
    for q in quantities:
        si = bisect.bisect_right(doc.sent_starts, q.start) - 1
        if si < 0 or _in_place_name(doc, q):
            continue
        sent = doc.sents[si]
        if q.end > sent.end:  # figure straddles a sentence end: sentence splitting broke it
            sent = Span(sent.start, max(q.end, sent.end))
        prev_sents = []
        j = si - 1
        while (
            j >= 0
            # three sentences back, or further along a list joined by ';' (主要预期目标是:…;…;…)
            and (len(prev_sents) < 3 or (len(prev_sents) < 10 and text[doc.sents[j].end - 1 : doc.sents[j].end] == ";"))
            and "\n" not in text[doc.sents[j].end : (prev_sents[-1] if prev_sents else sent).start]
        ):
            prev_sents.append(doc.sents[j])
            j -= 1
        clause = _clause_at(text, sent, q.start)
        if clause.end < q.end:
            clause = Span(clause.start, q.end)
        metric = classify_metric(text, q, clause, sent)
        if metric == "other" and q.kind == "money" and si > 0 and _unlabelled(doc, clause.start, q.start):
            metric = _list_metric(text, doc.sents, si) or metric
        status = classify_status(text, q, clause, sent, metric, published)
        if status == "actual" and si > 0 and not _live_cues(text, sent.start, sent.end, published):
            status = _list_status(text, doc.sents, si, published) or status
            if status == "actual" and text.startswith("其中", sent.start):
                # 共签约项目16个,总投资128亿元。其中,歌尔…项目总投资35亿元: a part of the sentence
                # before's figure of its kind (a sum of a sum, a count of a count) has its status
                status = last_status.get((si - 1, q.kind), status)
        year = resolve_year(text, q, sent, prev_sents, published, status, doc.report_year)
        if status == "actual" and doc.plan_title and not _achieved(text, sent, year, published):
            status = "plan"  # a plan's 总投资18亿元 is planned, unless said done or dated before it
        if year is None and status == "actual" and doc.report_year is not None:
            year = doc.report_year
        elif year is None and status in ("actual", "signed") and title_period is not None:
            year = title_period  # 前三季度嘉定区经济运行稳中向好: the title's period dates the report
        if year is None and status == "plan" and doc.plan_year is not None:
            year = doc.plan_year  # 2026年重点招商项目表: its planned figures are 2026's
        district, scope, place_name = place_and_scope(doc, q, clause, sent, districts)
        resp = _respective(quantities, q_starts, q, text, sent) if "分别" in text[sent.start : q.start] else None
        if resp is not None:
            # 鼓楼区、玄武区分别实现地区生产总值1850亿元、1120亿元: the i-th figure is the i-th place's;
            # 规上工业总产值、营业收入分别达到320亿元、150亿元: the i-th metric's
            m = _respective_place(doc, sent, *resp)
            if m is not None:
                if m.level in ("city", "name", "province"):
                    # 宁波、温州两市分别完成…: each city's own figure (江苏、浙江分别…: each province's)
                    district, scope, place_name = m.key, "province" if m.level == "province" else "city", m.name
                else:
                    district, scope, place_name = m.key, "zone" if is_zone(m.key) else "district", m.name
            if q.kind not in ("percent", "person"):
                metric = _respective_metric(text, q, sent, *resp) or metric
            year = _respective_year(text, sent, *resp) or year
        entity, ent_pos = find_entity(text, q, clause, sent)
        ent_scope = scope_of_entity(entity) if entity else None
        if entity is None:
            entity, ent_pos = _listed_project(text, q)
            ent_scope = "project" if entity else None
        if entity is None and "该项目" in text[sent.start : q.start]:
            entity, ent_pos = _antecedent_project(text, sent.start)
            ent_scope = "project" if entity else None
            ent_pos = q.start if entity else ent_pos  # it is this sentence's subject
        place_pos = -1
        if place_name:
            i = bisect.bisect_left(doc.mention_starts, q.start) - 1
            place_pos = doc.mentions[i].start if i >= 0 else -1
        if entity and ent_scope and (ent_pos >= place_pos or ent_pos > q.start):
            if entity not in district_names:
                scope = ent_scope
            else:
                entity = entity
        elif place_name:
            entity = place_name
        else:
            entity = gaz_names.get(district or "", (district or "").removeprefix("unknown:") or None)
        town = _town_before(text, clause, sent, q.start) if scope in ("district", "zone") else None
        if town and not (entity and ent_scope == "project" and ent_pos > place_pos):
            entity, scope = town, "town"  # 渔泽镇实现工业产值52亿元: a town's, not the district's total
            if not place_name and is_zone(district or ""):
                # 佛堂镇… after a sentence on 义乌经济技术开发区: a town of the place, not of the zone
                district = _outer_place(doc, sent.start) or district
        if scope == "district" and not place_name:
            whole = _whole_country_or_province(text, clause.start, q.start) or _whole_country_or_province(
                text,
                sent.start,
                min(sent.start + 10, clause.start),  # 前三季度,全市规上工业总产值、…分别增长6.1%、4.3%
            )
            if whole and not (whole[1] == "city" and (district or "").endswith("市")):
                # 全国, national; 全省, province; 全市, city (unless the place is a county-level city)
                entity, scope = whole
        cluster = find_cluster(text, clause.start, clause.end, q.start)
        if cluster is None and not text.startswith(_OTHERS, clause.start):
            # earlier clauses (not for 另有8个项目: others than those named before), and later ones
            # that have no figure of their own
            # (力争地区生产总值突破2600亿元,金融业增加值增长8%: the 2600亿元 is no finance figure)
            cluster = _cluster_in_sentence(text, sent, clause, q.start, q_starts, own_metric=q.kind == "money")
        if cluster is None and entity:
            cluster = find_cluster(entity, 0, len(entity), 0)
        value, value_high = q.value, q.value_high
        start, raw = q.start, q.raw
        if metric == "growth" and text[q.start - 1 : q.start] in ("-", "−") and not text[q.start - 2 : q.start - 1].isdigit():
            # 同比增长-3.2%, 增速为-2.1%: a written minus, part of the figure as written
            value, value_high = (-value_high, -value) if value_high is not None else (-value, None)
            start, raw = q.start - 1, text[q.start - 1 : q.end]
        elif metric == "growth" and _falls(text, clause.start, q.start):
            # 下降3%-5%: from -5 to -3 (the lower bound first, as for any range)
            value, value_high = (-value_high, -value) if value_high is not None else (-value, None)
        if q.kind == "money" and q.unit != "CNY":
            unit = q.unit
        else:
            unit = _metric_unit(metric, q.unit)
        of_metric = _growth_of(text, q, clause, sent, facts, resp) if metric == "growth" else None
        last_status[(si, q.kind)] = status
        facts.append(
            Fact(
                fact_id=fact_id(doc_id, start, q.end),
                doc_id=doc_id,
                district=district,
                scope=scope,
                entity=entity,
                metric=metric,
                value=value,
                value_high=value_high,
                unit=unit,
                qualifier=q.qualifier,
                status=status,
                year=year,
                cluster=cluster,
                raw=raw,
                quote=doc.quote(sent),
                start=start,
                end=q.end,
                of_metric=of_metric,
            )
        )
    return _without_title_repeats(text, facts)


_RANKED_AFTER = re.compile(r"首|第|百强|\d+强|唯一|领先|前列|一流|范围内|同类|知名|重点|示范")
_WHOLE = {"全国": "national", "全省": "province", "全市": "city"}


_ITEM_JOINS = frozenset(("、", "和", "与", "及", "以及", "、以及"))


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


def _listed_run(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The last of ``spans`` (in order) that are listed together: each joined to the next by a
    list join (、, 和, 与 …): 鼓楼区、玄武区; 规上工业总产值、营业收入; 2023年、2024年."""
    k = len(spans) - 1
    while k > 0 and text[spans[k - 1][1] : spans[k][0]] in _ITEM_JOINS:
        k -= 1
    return spans[k:] if spans else []


def _respective_place(doc: Doc, sent: Span, i: int, n: int, r: int) -> Mention | None:
    """The i-th of the n places named together last before 分别 (鼓楼区、玄武区分别…)."""
    text = doc.text
    lo, hi = bisect.bisect_left(doc.mention_starts, sent.start), bisect.bisect_left(doc.mention_starts, r)
    named = doc.mentions[lo:hi]
    group = named[len(named) - len(_listed_run(text, [(m.start, m.end) for m in named])) :]
    if len({m.level if m.level != "name" else "city" for m in group}) > 1:
        return None  # 杭州市、滨江区分别…: not places of one kind, not one list
    while 0 < len(group) < n and text[group[0].start - 1 : group[0].start] in ("、", "和", "与", "及"):
        # 鼓楼区、玄武区分别…: a listed name the place finder could not place (鼓楼区 is in four
        # cities) is still a place of its own, not the next one's
        j = group[0].start - 1
        m = _LISTED_PLACE.search(text, max(sent.start, j - 8), j)
        if m is None:
            break
        group.insert(0, Mention(m.start(1), j, m.group(1), "district", None, f"unknown:{m.group(1)}"))
    return group[i] if len(group) == n else None


_LISTED_PLACE = re.compile(r"([\u4e00-\u9fff]{2,6}?[区县市旗])$")


def _respective_metric(text: str, q: Quantity, sent: Span, i: int, n: int, r: int, kind: str | None = None) -> str | None:
    """The i-th of the n metric cues (of ``kind``, else the figure's) listed together last
    before 分别 (工业总产值、营业收入分别…)."""
    kind = kind or q.kind
    cues = _outermost(tuple((m.start(), m.group(0)) for m in _all_cue_matches(_cue_regex(kind), text, sent.start, r)))
    group = cues[len(cues) - len(_listed_run(text, [(pos, pos + len(cue)) for pos, cue in cues])) :]
    return _cue_metric(kind)[group[i][1]] if len(group) == n else None


# after a metric's name, what makes the thing that grows another: 能耗, 占比, a rate (利润率, not 增长率)
_RATIO_NOUN = re.compile(r"能耗|电耗|水耗|排放|强度|比重|占比|比例|(?<!增长)率|指数|价格|单价")
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


_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)年?(?:-|~|—|至|到)((?:19|20)\d\d)年")
_YEAR_ITEM = re.compile(r"((?:19|20)\d\d)年")


def _respective_year(text: str, sent: Span, i: int, n: int, r: int) -> int | None:
    """The i-th of the n years listed before 分别: 2023年、2024年分别…, 2022-2024年…分别为…"""
    spans = list(_YEAR_SPAN.finditer(text, sent.start, r))
    if spans:
        a, b = int(spans[-1].group(1)), int(spans[-1].group(2))
        return a + i if b - a + 1 == n else None
    items = list(_YEAR_ITEM.finditer(text, sent.start, r))
    group = items[len(items) - len(_listed_run(text, [m.span() for m in items])) :]
    return int(group[i].group(1)) if len(group) == n and n > 1 else None


# 渔泽镇, 麟绛街道, 王家乡: a township (not 城镇, 乡镇, 特色小镇, 工业重镇, 城镇化)
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?(?<![城乡集小重古强大名])(?:镇|乡|街道))(?![化企居村级民域])")


def _town_before(text: str, clause: Span, sent: Span, pos: int) -> str | None:
    """The township a figure is given for: named in its clause before it, or opening its sentence."""
    found = None
    seg = text[sent.start : pos]
    if "镇" not in seg and "乡" not in seg and "街道" not in seg:
        return None
    for m in _TOWN.finditer(text, clause.start, pos):
        found = m
    if found is None and clause.start > sent.start:
        found = _TOWN.match(text, sent.start, min(sent.end, sent.start + 8))
    if found is None or found.group(1).startswith(_LOCATED) or text[max(0, found.start() - 2) : found.start()].endswith(_LOCATED):
        return None  # 位于瓜沥镇的吉利项目: where something else is, not whose figure
    return found.group(1)


_LOCATED = ("位于", "地处", "落户", "坐落", "在", "于")


def _whole_country_or_province(text: str, start: int, end: int) -> tuple[str, str] | None:
    """今年全国规模以上工业增加值增长5.8%, 全省地区生产总值突破10万亿元: the figure is the
    country's or the province's. Not when the whole is what the figure is compared with or a
    share of (占全省的12%, 增速高于全省1.2个百分点, 居全国第一)."""
    for word, scope in _WHOLE.items():
        i = text.find(word, start, end)
        if i >= 0 and text[max(start, i - 2) : i][-1:] not in ("占", "于", "比", "较", "居", "的", "超", "达"):
            if _RANKED_AFTER.match(text, i + 2):
                continue  # 全国首店15家, 全省百强企业: a rank or a kind, not the whole's figure
            return word, scope
    return None


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


def _in_place_name(doc: Doc, q: Quantity) -> bool:
    """三台县, 五台县, 三元区, 九台区: a numeral and a measure word inside a place's name are no figure."""
    i = bisect.bisect_right(doc.mention_starts, q.start) - 1
    if i >= 0 and doc.mentions[i].end > q.start:
        return True
    return i + 1 < len(doc.mentions) and doc.mentions[i + 1].start < q.end


def _without_title_repeats(text: str, facts: list[Fact]) -> list[Fact]:
    """A headline figure the body gives again (锦江区签约10个项目总投资52亿元 … 总投资52亿元) is one
    figure: the body's is kept (its sentence says more), so a sum counts it once."""
    title_end = text.find("\n")
    if title_end < 0 or title_end > 80 or not facts or facts[0].start >= title_end:
        return facts
    body = {(f.metric, f.unit, f.value, f.value_high) for f in facts if f.start > title_end}
    return [f for f in facts if f.start > title_end or (f.metric, f.unit, f.value, f.value_high) not in body]


def _achieved(text: str, sent: Span, year: int | None, published: date | None) -> bool:
    """A figure reported as done: its sentence has a cue of achievement (已, 累计, 同比 …) and
    none of a goal or plan (年内建成: to be built), or its year is before the publication year."""
    if year is not None and published is not None and year < published.year:
        return True
    said = {st for _, _, st, _ in _sentence_cues(text, sent.start, sent.end)}
    return "actual" in said and not said & {"target", "plan", "signed"}


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


def _district_at(doc: Doc, pos: int, sent: Span, known: tuple[str, ...]) -> str | None:
    """The district a word at ``pos`` is about: the last district named before it in its
    sentence, else the one carried from earlier sentences, else the article's."""
    i = bisect.bisect_left(doc.mention_starts, pos) - 1
    key = (i, sent.start)  # the answer depends only on the places named before pos
    if key not in doc.district_memo:
        doc.district_memo[key] = _district_at_uncached(doc, i, sent, known)
    return doc.district_memo[key]


def _district_at_uncached(doc: Doc, i: int, sent: Span, known: tuple[str, ...]) -> str | None:
    while i >= 0 and doc.mentions[i].start >= sent.start:
        if doc.mentions[i].level == "district":
            return doc.mentions[i].key
        i -= 1
    return _district_before(doc, sent.start, known) or doc.default_district


def extract_cluster_mentions(
    text: str, doc_id: str, districts: tuple[str, ...] = (), doc: Doc | None = None
) -> list[ClusterMention]:
    """Every cluster cue in the text, attributed to the place it is about."""
    doc = doc or prepare(text, districts)
    _, cue_map = _cluster_regex()
    out = []
    auto, cues = _cluster_automaton()
    for i, start, end in auto.find_matches_as_indexes(text):  # leftmost-longest, like the regex
        cue = cues[i]
        si = bisect.bisect_right(doc.sent_starts, start) - 1
        if si < 0:
            continue
        sent = doc.sents[si]
        district = _district_at(doc, start, sent, districts)
        out.append(ClusterMention(doc_id, district, cue_map[cue], cue, start, end, doc.quote(sent)))
    return out


def extract_entities(text: str, doc_id: str, districts: tuple[str, ...] = (), doc: Doc | None = None) -> list[EntityMention]:
    """Named projects, parks and zones (first mention per article), with or without figures:
    an article that names its flagship park but gives no number still says what it builds."""
    doc = doc or prepare(text, districts)
    district_names = {m.name for m in doc.mentions}
    seen: set[str] = set()
    out = []
    for sent in doc.sents:
        for s, e, name in _entities_in(text, sent.start, sent.end):
            scope = scope_of_entity(name)
            if not scope or name in seen or name in district_names or len(name) < 5:
                continue
            seen.add(name)
            district = _district_at(doc, s, sent, districts)
            out.append(EntityMention(doc_id, district, name, scope, s, e, doc.quote(sent)))
    return out

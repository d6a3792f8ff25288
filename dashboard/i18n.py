"""All labels in two languages: codes from data/reference, UI strings here. Pages never hold strings."""

from __future__ import annotations

import functools
import math

from etl import reference

LANGS = ("zh", "en")

UI: dict[str, tuple[str, str]] = {
    "app_title": ("区县产业发展对比", "District industrial growth compared"),
    "language": ("语言", "Language"),
    "filters": ("筛选", "Filters"),
    "districts": ("区县", "Districts"),
    "years": ("年份", "Years"),
    "include_undated": ("包括未注明年份的数据", "Include figures with no year"),
    "status": ("状态", "Status"),
    "scope": ("范围", "Scope"),
    "building": ("正在从原始文章构建数据仓库……", "Building the warehouse from the raw articles…"),
    "build_errors": ("部分文章未能读取:", "Some articles could not be read:"),
    "no_match": (
        "当前筛选条件下没有数据。请放宽区县、年份、状态或范围。",
        "Nothing matches the current filters. Widen the districts, years, status or scope.",
    ),
    "download_csv": ("下载数据 (CSV)", "Download data (CSV)"),
    "download_xlsx": ("下载数据 (XLSX)", "Download data (XLSX)"),
    "sources": ("来源", "Sources"),
    "source_caption": ("数据来源:", "Source articles:"),
    # pages
    "page_overview": ("概览", "Overview"),
    "page_output": ("产值", "Output"),
    "page_investment": ("投资", "Investment"),
    "page_clusters": ("产业集群", "Clusters"),
    "page_benchmark": ("对标", "Benchmark"),
    "page_sources": ("数据来源", "Sources"),
    "page_sql": ("查询", "SQL"),
    "page_presentation": ("演示文稿", "Presentation"),
    # overview
    "map_title": ("各区县位置与投资规模", "Districts and their reported investment"),
    "map_size": (
        "气泡面积与所选状态、所选范围的投资额成正比(同一句重复报道只计一次;不同状态、不同范围从不相加);空心圆:没有这类数据。",
        "Bubble area is the investment of the chosen status and scope (a sentence reposted counts once; statuses and scopes are never added); a ring: no such figure.",
    ),
    "map_status": ("气泡:投资状态", "Bubbles: investment status"),
    "map_scope": ("气泡:范围", "Bubbles: scope"),
    "money_status": ("投资状态", "Investment status"),
    "facts_found": ("数据条数", "Facts found"),
    "largest_output": ("最大产值数据", "Largest output figure"),
    "signed_investment": ("签约投资合计", "Signed investment"),
    "top_clusters": ("主要产业集群", "Top clusters"),
    "headline_projects": ("重点项目", "Headline projects"),
    "no_figures": (
        "该区县的来源文章未报告任何数据;以下为文章提及的产业集群与项目。",
        "Its sources report no figures; shown here are the clusters and projects they name.",
    ),
    "articles": ("来源文章", "Source articles"),
    "col_precision": ("日期精度", "Date precision"),
    "col_source": ("来源", "Source"),
    "col_n_facts": ("数据条数", "Facts"),
    "col_rank": ("排名", "Rank"),
    "col_ratio": ("与对比区县中位数之比", "Ratio to peer median"),
    "col_comparable": ("可比性", "Comparability"),
    "col_mentions": ("提及次数", "Mentions"),
    "col_similarity": ("相似度", "Similarity"),
    "col_lat": ("纬度", "Latitude"),
    "col_lon": ("经度", "Longitude"),
    "col_peer": ("对比区县", "Peer"),
    "col_n_investment": ("投资数据条数", "Investment figures"),
    "none": ("无", "none"),
    # output
    "output_title": (
        "产值类数据(每条为一项报告数据,不同范围不相加)",
        "Output figures (each bar is one reported figure; scopes are never added)",
    ),
    "log_scale": ("对数坐标", "Log scale"),
    "physical_title": (
        "实物量数据(吨、千瓦、千瓦时、标箱等;每个单位单独成图,从不相加)",
        "Figures in physical units (tonnes, kW, kWh, TEU …; one panel per unit, never added)",
    ),
    "physical_heading": ("实物产量与能力", "Physical output and capacity"),
    "no_physical": (
        "当前筛选下没有以实物单位(吨、千瓦时等)报告的数据。",
        "No figure in physical units (tonnes, kWh …) under these filters.",
    ),
    "targets_vs_actuals": ("目标与实际对比", "Targets against actuals"),
    "tva_title": ("同一区县、同一指标的目标与实际", "Targets and actuals for the same district and metric"),
    "no_pairs": ("当前筛选下没有同时具有目标与实际的指标。", "No metric has both a target and an actual under these filters."),
    # investment
    "inv_totals_title": ("各区县投资合计(按状态与范围分列)", "Investment by district, status and scope"),
    "largest_projects": ("最大投资项目", "Largest investments"),
    "rows_shown": ("显示条数", "Rows shown"),
    "treemap_title": ("投资构成:状态·范围 → 区县 → 产业集群 → 数据", "Investment: status · scope → district → cluster → figure"),
    "treemap_note": (
        "每个叶子是一条报告数据;上层为其下叶子之和(不含城市级数据)。每种状态、每种范围各成一树,互不相加"
        "(区县合计与其项目分列);点击方块可展开至单条数据,原句见悬停提示。",
        "Each leaf is one reported figure; parents add up the leaves below them (city-wide figures excluded). "
        "Each status and each scope is a tree of its own, never added together (a district's total and its "
        "projects' stand apart); click a box to open it down to single figures, hover for the quote.",
    ),
    # clusters
    "heatmap_title": ("区县 × 产业集群:提及次数", "District × cluster: mentions"),
    "heatmap_money_title": ("区县 × 产业集群:归属投资额", "District × cluster: investment attributed"),
    "money_note": (
        "所选状态的投资,每个范围单独成图,不含城市级数据",
        "investment of the chosen status, one panel per scope, city-wide figures excluded",
    ),
    "portfolio_title": ("各区县产业集群构成(提及占比)", "Each district's cluster portfolio (share of mentions)"),
    "similarity_title": ("区县战略相似度", "Strategy similarity between districts"),
    "similarity_note": (
        "相似度为两区县产业集群提及向量的余弦相似度:1 表示押注完全相同的集群组合,0 表示没有共同集群。",
        "Similarity is the cosine of two districts' cluster-mention profiles: 1 means they bet on the same mix of clusters, 0 that they share none.",
    ),
    "mentions": ("提及次数", "Mentions"),
    "share_pct": ("占比 (%)", "Share (%)"),
    "similarity": ("相似度", "Similarity"),
    # benchmark
    "focal": ("对标区县", "Focal district"),
    "peers": ("对比区县", "Peers"),
    "benchmark_title": ("逐项指标对标", "Metric by metric"),
    "rank": ("排名", "Rank"),
    "ratio_median": ("与对比区县中位数之比", "Ratio to peer median"),
    "comparable": ("可比性", "Comparability"),
    "not_comparable": ("不可比:", "Not comparable:"),
    "ok": ("可比", "comparable"),
    "differs_scope": ("范围不同", "other scope"),
    "differs_year": ("年份不同", "other year"),
    "differs_status": ("状态不同", "other status"),
    "no_peer_value": ("对比区县无此指标", "no peer reports it"),
    "nearest_year": ("最近年份", "nearest year"),
    "no_like_peer": ("对比区县无同范围、同状态的数据", "no peer reports one of the same scope and status"),
    "focal_marker": ("(对标)", "(focal)"),
    "not_comparable_peers": (
        "以下对比区县的数据与对标区县不可比,不参与排名:",
        "These peers' figures are not like the focal district's and are not ranked:",
    ),
    "not_ranked": ("不排名(各篇所测对象不同,请读原文):", "Not ranked (each article measures something else; read the quotes): "),
    "differs_measure": ("各篇所测对象不同,不排名,请读原文", "each article measures something else: not ranked, read the quotes"),
    "benchmark_chart": ("对标区县与对比区县", "Focal district against peers"),
    # add articles
    "page_add": ("添加文章", "Add articles"),
    "add_intro": (
        "上传或粘贴关于任何地方的文章(txt、html;UTF-8、GBK、Big5 均可,每篇不超过 5 MB),选择地点与发布日期,预览读出的数据后保存;"
        "保存后数据仓库随即更新(只读取新文章),各页面下次刷新即可看到。",
        "Upload or paste articles about any place (txt, html; UTF-8, GBK or Big5, up to 5 MB each), pick the place and the "
        "publication date, check the figures read, then save: the warehouse is brought up to date at once (only the new "
        "articles are read) and every page shows them on its next rerun.",
    ),
    "add_files": ("上传文件", "Upload files"),
    "add_paste": ("或粘贴文章", "Or paste an article"),
    "add_paste_title": ("标题(可选)", "Title (optional)"),
    "add_paste_text": ("正文", "Text"),
    "add_place": ("地点(区县、县级市、城市或园区,中文)", "Place (county, district, city or zone, in Chinese)"),
    "add_place_pick": ("选择地点", "Pick the place"),
    "add_place_unknown": (
        "「{name}」不在全国行政区划表中:将按原样保存并标记。",
        "'{name}' is not in the table of China's places: it is kept as written, and flagged.",
    ),
    "add_published": ("发布日期(YYYY-MM-DD、YYYY-MM 或 YYYY)", "Published (YYYY-MM-DD, YYYY-MM or YYYY)"),
    "add_source": ("来源网址", "Source URL"),
    "add_reviewer": ("审核人", "Reviewer"),
    "add_reading": ("正在读取 {i}/{n} 篇……", "Reading {i} of {n}…"),
    "add_nothing": ("请上传文件或粘贴文章。", "Upload files or paste an article."),
    "add_preview": ("预览", "Preview"),
    "add_preview_note": (
        "每行是一条读出的数据:取消勾选即为剔除;可更正指标、状态、年份与范围。更正与剔除写入 data/curated/overrides.csv。",
        "Each row is a figure read: untick it to reject it; metric, status, year and scope can be corrected. "
        "Corrections and rejections go to data/curated/overrides.csv.",
    ),
    "add_keep": ("保留", "Keep"),
    "add_no_figures": ("这篇文章没有读出任何数据。", "No figure was read in this article."),
    "add_save": ("保存并更新数据", "Save and update the data"),
    "add_saving": ("正在保存并更新数据仓库……", "Saving and updating the warehouse…"),
    "add_saved": (
        "已保存 {n} 篇文章({ids});数据仓库现有 {facts} 条数据。",
        "Saved {n} article(s) ({ids}); the warehouse now holds {facts} facts.",
    ),
    # district page
    "page_district": ("区县详情", "District"),
    "pick_district": ("选择区县", "Pick a district"),
    "timeline_title": (
        "历年数据(本区县范围;每个指标单独成图,每种状态一条线,从不相加)",
        "Figures over time (the place's own scope; one panel per metric, one line per status, never added)",
    ),
    "no_timeline": (
        "没有哪个指标报告了两个以上年份,无法画出时间线;全部数据见下表。",
        "No metric is reported for two years or more, so there is no line to draw; every figure is in the table below.",
    ),
    "district_facts": ("全部数据", "Every figure"),
    "district_clusters": ("产业集群(提及次数)", "Clusters (mentions)"),
    "district_projects": ("项目与园区", "Projects and zones"),
    "district_where": ("所在地", "Where"),
    # sources
    "search": ("搜索(原文、主体、数值)", "Search (quote, entity, figure)"),
    "pick_fact": ("选择一条数据查看原文", "Pick a fact to read its article"),
    "article": ("原文", "Article"),
    "why_title": ("为何这样读", "Why it reads so"),
    "why_field": ("字段", "Field"),
    "why_value": ("取值", "Value"),
    "why_rule": ("规则", "Rule"),
    "why_cue": ("依据文字", "Cue in the text"),
    "why_doc": ("规则说明", "What the rule says"),
    "why_none": (
        "这条数据没有规则记录(旧版本数据仓库)。",
        "No rules recorded for this fact (a warehouse from an older extractor).",
    ),
    "facts_table": ("全部数据", "All facts"),
    "first_rows": (
        "显示前 {shown:,} 条,共 {total:,} 条;搜索或筛选可缩小范围。",
        "Showing the first {shown:,} of {total:,}; search or filter to narrow.",
    ),
    # columns
    "col_district": ("区县", "District"),
    "col_entity": ("主体", "Entity"),
    "col_metric": ("指标", "Metric"),
    "col_value": ("数值", "Value"),
    "col_unit": ("单位", "Unit"),
    "col_status": ("状态", "Status"),
    "col_scope": ("范围", "Scope"),
    "col_year": ("年份", "Year"),
    "col_cluster": ("产业集群", "Cluster"),
    "col_raw": ("原文数值", "As written"),
    "col_quote": ("原句", "Quote"),
    "col_qualifier": ("限定", "Qualifier"),
    "col_title": ("文章", "Article"),
    "col_published": ("发布日期", "Published"),
    "col_doc": ("文档", "Document"),
    "col_fact": ("数据编号", "Fact id"),
    "col_checked_by": ("审核人", "Checked by"),
    "checked_only": ("只用已审核的数据", "Checked figures only"),
    "review_title": ("审核这条数据", "Review this figure"),
    "review_action": ("结论", "Verdict"),
    "review_check": ("已核对无误", "Checked: right"),
    "review_reject": ("剔除", "Reject"),
    "review_set": ("更正一个字段", "Correct a field"),
    "review_field": ("字段", "Field"),
    "review_value": ("新值(编码,如 plan、2024)", "New value (a code: plan, 2024)"),
    "review_reason": ("理由", "Reason"),
    "review_save": ("记录审核结果", "Record the review"),
    "review_saved": (
        "已记录到 data/curated/overrides.csv,数据已更新。",
        "Recorded in data/curated/overrides.csv; the data are updated.",
    ),
    "undated": ("未注明", "no year"),
    "unclassified": ("未归类", "unclassified"),
}


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


def join(items, lang: str) -> str:
    """A list as the reader writes one: 、 in Chinese, commas in English."""
    return ("、" if lang == "zh" else ", ").join(str(i) for i in items)


def date_text(published, precision: str | None = "day") -> str:
    """A publication date to the precision it is known: 2020-12 for a month, 2020 for a year
    (a month-precision date is stored as its first day, never shown as one)."""
    if published is None or (isinstance(published, float) and math.isnan(published)):
        return ""
    text = str(published)[:10]
    if text in ("NaT", "None", "nan", ""):
        return ""
    return {"month": text[:7], "year": text[:4]}.get(str(precision), text)


def t(key: str, lang: str) -> str:
    zh, en = UI[key]
    return zh if lang == "zh" else en


@functools.cache
def _districts() -> dict[str, reference.District]:
    return {d.id: d for d in reference.districts()}


@functools.lru_cache(maxsize=4096)
def _english(name: str) -> str:
    from etl.places import english_place_name

    return english_place_name(name)


def district_name(code: str | None, lang: str) -> str:
    if _missing(code):
        return t("none", lang)
    d = _districts().get(code)
    if d is None:
        name = code.removeprefix("unknown:")
        return name if lang == "zh" else _english(name)
    return (
        f"{d.city_zh}{d.name_zh}"
        if lang == "zh" and d.id != "suzhou-sip"
        else (d.name_zh if lang == "zh" else f"{d.city_en} {d.name_en}" if d.id != "suzhou-sip" else d.name_en)
    )


def metric_label(code: str | None, lang: str, of_metric: str | None = None) -> str:
    """A metric's label; a growth rate's names what grew when known (增速:地区生产总值)."""
    if _missing(code):
        return t("none", lang)
    if code == "growth" and isinstance(of_metric, str) and of_metric:
        return metric_label(code, lang) + (":" if lang == "zh" else ": ") + metric_label(of_metric, lang)
    for m in reference.metrics():
        if m.code == code:
            return m.label_zh if lang == "zh" else m.label_en
    return code or ""


def cluster_label(code: str | None, lang: str) -> str:
    if _missing(code):
        return t("unclassified", lang)
    for c in reference.clusters():
        if c.code == code:
            return c.label_zh if lang == "zh" else c.label_en
    return code


def code_label(group: str, code: str | None, lang: str) -> str:
    if _missing(code):
        return t("none", lang)
    pair = reference.labels().get((group, code))
    if not pair:
        return code or ""
    return pair[0] if lang == "zh" else pair[1]


def label_frame(df, lang: str):
    """Add *_label columns for every code column present (district, metric, cluster, status, scope)."""
    df = df.copy()
    if "district" in df:
        df["district_label"] = [district_name(v, lang) for v in df["district"]]
    if "metric" in df:
        of = df["of_metric"] if "of_metric" in df else [None] * len(df)
        df["metric_label"] = [metric_label(v, lang, o) for v, o in zip(df["metric"], of)]
    if "cluster" in df:
        df["cluster_label"] = [cluster_label(v, lang) for v in df["cluster"]]
    for group in ("status", "scope", "qualifier"):
        if group in df:
            df[f"{group}_label"] = [code_label(group, v, lang) for v in df[group]]
    return df

"""What a figure borrows from the rest of its sentence and its article: the project a sentence
opens with, the year in a report's title, 年内 and 过去一年, the cue that opened a list, a project
list's name field, and 'over X yuan' used as a size class.

The three articles in corpus/ (a statistics bulletin, a signing-ceremony news item and a
work report with a project list) were
written for these tests in the style of such sources; every expected value below was read off
the article text, not off the extractor's output.
"""

from datetime import date
from pathlib import Path

import pytest

from etl.context import report_year
from etl.extract import extract_text

FIX = Path(__file__).parent / "corpus"


def facts_of(text: str, published: date | None = None) -> dict[str, dict]:
    ex = extract_text(text, "t", published)
    return {f.raw: f.as_dict() for f in ex.facts}


@pytest.fixture(scope="module")
def bulletin():
    return facts_of((FIX / "bulletin_2024.txt").read_text(encoding="utf-8"), date(2025, 3, 18))


@pytest.fixture(scope="module")
def signing():
    return facts_of((FIX / "news_signing.txt").read_text(encoding="utf-8"), date(2025, 10, 15))


@pytest.fixture(scope="module")
def report():
    return facts_of((FIX / "work_report_2025.txt").read_text(encoding="utf-8"), date(2025, 1, 20))


def pick(f: dict, *cols: str) -> tuple:
    return tuple(f[c] for c in cols)


def test_a_bulletin_s_achieved_figures_are_for_the_year_in_its_title(bulletin):
    # 全年规模以上工业总产值突破5000亿元,达到5123亿元 sits under a section heading, far from any year
    assert pick(bulletin["5123亿元"], "metric", "status", "year", "value") == ("industrial_output", "actual", 2024, 5123e8)
    assert pick(bulletin["1286家"], "metric", "year") == ("enterprises", 2024)
    # 实际使用外资12.8亿美元: foreign investment used, in dollars (never summed with yuan)
    assert pick(bulletin["12.8亿美元"], "metric", "unit", "status", "year") == ("fdi", "USD", "actual", 2024)
    # targets keep their own year, plans get none from the title; the signings the bulletin
    # reports were made in its year (year.signing_reported)
    assert pick(bulletin["4000亿元"], "metric", "status", "year") == ("gdp", "target", 2027)
    assert pick(bulletin["1280亿元"], "status", "year") == ("plan", None)
    assert pick(bulletin["916.5亿元"], "status", "year") == ("signed", 2024)


def test_a_zone_opening_the_sentence_owns_its_later_clauses(bulletin):
    # 江宁经济技术开发区全年实现营业收入4380亿元,规划面积210平方公里
    assert pick(bulletin["4380亿元"], "scope", "entity") == ("zone", "江宁经济技术开发区")
    assert pick(bulletin["210平方公里"], "scope", "entity", "metric", "value") == (
        "zone",
        "江宁经济技术开发区",
        "land_area",
        210e6,
    )
    # 江宁高新区新增载体面积56万平方米,入驻企业超过600家
    assert pick(bulletin["600家"], "scope", "entity", "qualifier") == ("zone", "江宁高新区", "over")


def test_over_x_yuan_firms_is_a_size_class_not_a_figure(bulletin, signing):
    assert "百亿元" not in bulletin  # 其中产值超百亿元企业9家
    assert pick(bulletin["9家"], "metric", "value") == ("enterprises", 9)
    assert "50亿元" not in signing  # 其中,投资额超50亿元的项目6个
    assert pick(signing["6个"], "metric", "value") == ("projects", 6)


def test_a_project_opening_the_sentence_owns_its_projections(signing):
    # 其中,华星光电项目用地约300亩,达产后预计年产值可达200亿元,年纳税约8亿元,将带动就业3000余人
    assert pick(signing["300亩"], "scope", "entity", "metric", "qualifier") == ("project", "华星光电项目", "land_area", "approx")
    assert pick(signing["200亿元"], "scope", "entity", "metric", "status") == (
        "project",
        "华星光电项目",
        "output_value",
        "target",
    )
    assert pick(signing["8亿元"], "scope", "entity", "metric", "status") == ("project", "华星光电项目", "tax_revenue", "target")
    assert pick(signing["3000余人"], "scope", "entity", "value", "qualifier") == ("project", "华星光电项目", 3000, "over")


def test_nian_nei_is_the_publication_year(signing):
    # 确保年内开工项目不少于40个 (published 2025-10-15): at least 40
    assert pick(signing["40个"], "metric", "status", "year", "qualifier") == ("projects", "target", 2025, "over")


@pytest.mark.parametrize(
    "text,raw,scope,entity",
    [
        # a district whose name ends like a park's (工业园区) is the district, not a project
        ("2020年,苏州工业园区实现规上工业总产值约三十六亿元,同比增长3.3%。", "3.3%", "district", "苏州工业园区"),
        ("2020年,苏州工业园区实现规上工业总产值约三十六亿元,同比增长3.3%。", "三十六亿元", "district", "苏州工业园区"),
        # 另一项目, 所属园区: pointers, not names; nothing is borrowed from them
        ("另一项目已完工,总投资10.5亿元。", "10.5亿元", "district", None),
        # the name goes on (活力区 + 中央公园一期工程): too unsure to borrow
        ("活力区中央公园一期工程已建成并向市民开放,公园内另建了3100平方米的展厅;", "3100平方米", "district", None),
    ],
)
def test_what_is_not_borrowed(text, raw, scope, entity):
    f = facts_of(text)[raw]
    assert f["scope"] == scope
    assert f["entity"] == entity


@pytest.mark.parametrize(
    "title,year",
    [
        ("江宁区2024年国民经济和社会发展统计公报", 2024),
        ("某某区2023年经济运行情况", 2023),
        ("2023年度工作总结", 2023),
        ("2025年政府工作报告", None),  # given in 2025, it reports what 2024 achieved
        ("2023—2024年统计公报", None),  # two years: no single one
        ("锦江区签约项目23个", None),
    ],
)
def test_report_year(title, year):
    assert report_year(title + "\n正文。") == year


def test_the_past_year_of_a_work_report(report):
    # 过去一年,全区实现地区生产总值1890亿元 (given in January 2025)
    assert pick(report["1890亿元"], "metric", "status", "year") == ("gdp", "actual", 2024)
    # 一年来,我们坚持招大引强,全年引进10亿元以上产业项目23个: a count for the district, not a project
    assert pick(report["23个"], "metric", "year", "scope", "entity") == ("projects", 2024, "district", "柯桥区")


def test_items_of_a_target_list_are_targets():
    # 2025年主要预期目标是:地区生产总值增长6%左右;规上工业增加值增长7%以上;固定资产投资增长5%。
    ex = extract_text((FIX / "work_report_2025.txt").read_text(encoding="utf-8"), "t", date(2025, 1, 20))
    targets = [f.as_dict() for f in ex.facts if f.metric == "growth" and f.year == 2025]
    assert [(f["raw"], f["status"], f["qualifier"]) for f in targets] == [
        ("6%", "target", "approx"),
        ("7%", "target", "over"),
        ("5%", "target", "exact"),
    ]


def test_a_list_s_name_field_names_the_project(report):
    # 1. 项目名称:蓝印时尚小镇三期;总投资:35亿元;建设内容:新建厂房及配套设施约42万平方米。
    assert pick(report["35亿元"], "metric", "scope", "entity") == ("investment", "project", "蓝印时尚小镇三期")
    assert pick(report["42万平方米"], "metric", "scope", "entity") == ("floor_area", "project", "蓝印时尚小镇三期")
    # 2. 项目名称:柯桥高端纺织新材料产业园;总投资:120亿元;用地面积:860亩。
    assert pick(report["860亩"], "metric", "scope", "entity", "value") == (
        "land_area",
        "project",
        "柯桥高端纺织新材料产业园",
        pytest.approx(860 * 10000 / 15),
    )


def test_a_list_item_after_an_achievement_stays_achieved():
    got = facts_of("上半年已完成投资12亿元;新增企业15家。\n", date(2024, 7, 1))
    assert pick(got["15家"], "status") == ("actual",)


@pytest.fixture(scope="module")
def monthly():
    ex = extract_text((FIX / "monthly_news.txt").read_text(encoding="utf-8"), "t", date(2024, 11, 20))
    return [f.as_dict() for f in ex.facts]


def test_part_of_a_year_is_the_latest_such_period(monthly):
    # 1-10月,萧山区实现规上工业增加值802.3亿元 (published 2024-11-20)
    f = next(f for f in monthly if f["raw"] == "802.3亿元")
    assert pick(f, "metric", "status", "year") == ("value_added", "actual", 2024)


@pytest.mark.parametrize(
    "published,year",
    [(date(2024, 11, 20), 2024), (date(2025, 3, 2), 2024), (date(2024, 10, 10), 2023), (date(2024, 10, 25), 2024)],
)
def test_period_year_by_publication_date(published, year):
    got = facts_of("1-10月,全区完成投资80亿元。", published)
    assert got["80亿元"]["year"] == year


def test_a_city_named_before_a_period_is_the_subject(monthly):
    # 杭州市1-10月规上工业增加值4312亿元: the city's figure, kept apart from the district's
    f = next(f for f in monthly if f["raw"] == "4312亿元")
    assert pick(f, "scope", "entity", "year") == ("city", "杭州市", 2024)
    # ,同比增长6.8%: the city opens the sentence, so its later clauses are the city's too
    f = next(f for f in monthly if f["raw"] == "6.8%")
    assert pick(f, "metric", "scope", "entity") == ("growth", "city", "杭州市")


def test_a_comparison_base_is_not_the_figure_s_year():
    got = facts_of("2024年,全区新增企业156家,比2023年增加6家。\n今年新增项目20个,较去年同期增加3个。", date(2024, 12, 1))
    assert [got[r]["year"] for r in ("156家", "6家", "20个", "3个")] == [2024, 2024, 2024, 2024]


def test_over_x_yuan_with_a_kind_of_firm_is_a_size_class(monthly):
    # 全区营收超10亿元的工业企业达到87家
    assert "10亿元" not in {f["raw"] for f in monthly}
    assert next(f for f in monthly if f["raw"] == "87家")["metric"] == "enterprises"


def test_a_traditional_article_with_glosses():
    text = (FIX / "traditional_nansha.txt").read_text(encoding="utf-8")
    ex = extract_text(text, "t", date(2025, 2, 10))
    assert ex.cleaned.script == "Hant"
    got = {f.raw: f.as_dict() for f in ex.facts}
    # 海洋經濟總產值突破1500億元: output of the marine economy, not industrial output
    assert pick(got["1500亿元"], "metric", "status", "year", "qualifier") == ("output_value", "actual", 2024, "over")
    assert pick(got["2500亿元"], "metric", "status", "year") == ("output_value", "target", 2027)
    # 南沙國際物流園總投資約86億元,佔地約1.2平方公里,建成後預計年營業收入可達150億元
    assert pick(got["86亿元"], "metric", "scope", "entity", "cluster") == ("investment", "project", "南沙国际物流园", "logistics")
    assert pick(got["1.2平方公里"], "metric", "entity", "value") == ("land_area", "南沙国际物流园", 1.2e6)
    assert pick(got["150亿元"], "metric", "status", "entity") == ("revenue", "target", "南沙国际物流园")


def test_a_summit_news_item():
    text = (FIX / "summit_news.txt").read_text(encoding="utf-8")
    got = facts_of(text, date(2024, 11, 8))
    # 其中外资项目3个、合同外资1.8亿美元: three projects, not three contracts
    assert pick(got["3个"], "metric", "status") == ("projects", "signed")
    assert pick(got["1.8亿美元"], "metric", "unit", "status") == ("fdi", "USD", "signed")
    # 南京软件谷实现软件和信息服务业收入3280亿元
    assert pick(got["3280亿元"], "metric", "scope", "entity", "year") == ("revenue", "zone", "南京软件谷", 2023)
    # 软件谷将在…建成5G基站1200座,数据中心机架规模达到2万个: the valley's racks (数据中心 alone names nothing)
    assert pick(got["2万个"], "scope", "entity", "status") == ("zone", "软件谷", "target")
    # 区财政每年安排不少于5000万元专项资金: budgeted, at least; policy money, not investment
    assert pick(got["5000万元"], "metric", "status", "qualifier") == ("incentive", "plan", "over")
    # 咨询电话:025-52886688 and 第三届 are not figures
    assert not any("52886688" in r or r.startswith("三") for r in got)


def test_a_county_article_with_per_head_figures():
    got = facts_of((FIX / "county_tourism.txt").read_text(encoding="utf-8"), date(2024, 6, 5))
    # 农村居民人均可支配收入达到4.6万元: per head, never added to a total
    assert pick(got["4.6万元"], "metric", "value", "year") == ("per_capita", 4.6e4, 2023)
    assert pick(got["7.1万元"], "metric", "value") == ("per_capita", 7.1e4)
    assert pick(got["388亿元"], "metric", "year") == ("revenue", 2023)
    # 安吉经济开发区今年以来新招引项目17个: the zone's count (not a project called 来新招引项目)
    assert pick(got["17个"], "metric", "scope", "entity", "year") == ("projects", "zone", "安吉经济开发区", 2024)
    # 开发区内的天使小镇已吸引创投机构120余家
    assert pick(got["120余家"], "scope", "entity", "qualifier") == ("zone", "天使小镇", "over")


def test_a_city_s_ranking_of_its_districts():
    got = facts_of((FIX / "city_ranking.txt").read_text(encoding="utf-8"), date(2024, 2, 1))
    # 江宁区地区生产总值3215亿元,位居全市第一;鼓楼区2207亿元,排名第二;玄武区1335亿元,栖霞区1856亿元。
    rows = [pick(got[r], "district", "metric", "year") for r in ("3215亿元", "2207亿元", "1335亿元", "1856亿元")]
    assert rows == [
        ("unknown:江宁区", "gdp", 2023),
        # 鼓楼区 is in four cities; the article names 南京市, so it is Nanjing's
        ("unknown:南京市鼓楼区", "gdp", 2023),
        ("unknown:玄武区", "gdp", 2023),
        ("unknown:栖霞区", "gdp", 2023),
    ]


def test_an_ambiguous_district_without_its_city_is_kept_as_written():
    # 鼓楼区 is in four cities and the article names none: the place as written (the contract's
    # unknown:<name as written>), never one city's guess
    got = facts_of("鼓楼区2207亿元,排名第二。\n")
    assert got["2207亿元"]["district"] == "unknown:鼓楼区"
    # nor when the article names another city (杭州 has no 鼓楼区): not 西湖区's figure either
    got = facts_of("杭州市西湖区实现税收320亿元,鼓楼区2207亿元。\n")
    assert (got["320亿元"]["district"], got["2207亿元"]["district"]) == ("unknown:杭州市西湖区", "unknown:鼓楼区")
    # words that are county names too (活力品质新城区) stay words
    assert facts_of("打造活力品质新城区,完成投资52亿元。\n")["52亿元"]["district"] is None


def test_this_year_s_goal_is_not_the_next_horizon_s(monthly):
    # 确保全年规上工业增加值增速保持在8%以上,力争到2026年规上工业总产值突破1万亿元
    rows = [pick(f, "raw", "status", "year", "qualifier") for f in monthly if f["raw"] in ("8%", "1万亿元")]
    assert rows == [("8%", "target", 2024, "over"), ("1万亿元", "target", 2026, "over")]


def test_a_fall_is_a_negative_growth_rate():
    got = facts_of("2024年,全区工业投资同比下降3.2%,出口减少12.5%;利润由降转增,增长8%;出口下降3%-5%。\n", date(2025, 1, 10))
    assert [pick(got[r], "metric", "value", "value_high") for r in ("3.2%", "12.5%", "8%", "3%-5%")] == [
        ("growth", -3.2, None),
        ("growth", -12.5, None),
        ("growth", 8.0, None),
        ("growth", -5.0, -3.0),  # a range keeps its lower bound first
    ]


def test_a_project_plan_s_figures_are_planned_and_belong_to_its_numbered_projects():
    got = facts_of((FIX / "project_plan_list.txt").read_text(encoding="utf-8"), date(2024, 2, 20))
    # title 2024年泉山区重点项目建设计划: 一、产业项目(共25个,总投资312.6亿元 ...) is planned, not achieved
    assert pick(got["312.6亿元"], "metric", "status", "scope") == ("investment", "plan", "district")
    # 1. 徐州软件园三期项目,总投资18亿元,建筑面积26万平方米: the numbered item's project, phase included
    for raw, metric in (("18亿元", "investment"), ("26万平方米", "floor_area")):
        assert pick(got[raw], "metric", "status", "scope", "entity") == (metric, "plan", "project", "徐州软件园三期项目")
    # 2. 中国矿大科技园扩建项目,总投资9.5亿元,新建研发楼4栋
    assert pick(got["9.5亿元"], "scope", "entity") == ("project", "中国矿大科技园扩建项目")
    assert pick(got["4栋"], "metric", "entity") == ("facilities", "中国矿大科技园扩建项目")
    # 二、基础设施项目(共10个,总投资45亿元): a kind of project, not a project's name
    assert pick(got["45亿元"], "scope", "entity", "status") == ("district", "泉山区", "plan")
    # 3. …标准化厂房项目,总投资5亿元,占地150亩,年内建成厂房12万平方米: 建成 after 年内 is to be done
    assert [got[r]["status"] for r in ("5亿元", "150亩", "12万平方米")] == ["plan", "plan", "target"]


def test_a_plan_keeps_what_it_reports_as_achieved():
    text = "松山湖产业发展规划\n2023年,园区实现规上工业总产值3210.5亿元。已建成科研平台150余个。到2025年,产值力争突破4000亿元。规划面积72.5平方公里。\n"
    got = facts_of(text, date(2024, 3, 18))
    assert pick(got["3210.5亿元"], "status", "year") == ("actual", 2023)  # dated before publication
    assert got["150余个"]["status"] == "actual"  # 已建成
    assert got["4000亿元"]["status"] == "target"
    assert got["72.5平方公里"]["status"] == "plan"
    # a report on a plan's results ends in 报告, and is no plan
    assert facts_of("关于2023年计划执行情况的报告\n全区完成投资52亿元。\n")["52亿元"]["status"] == "actual"


def test_a_company_s_profit_is_not_revenue():
    got = facts_of((FIX / "company_news.txt").read_text(encoding="utf-8"), date(2024, 4, 1))
    # 2023年实现营业收入4009.17亿元,同比增长22.01%;净利润441.21亿元,同比增长43.58%
    assert pick(got["4009.17亿元"], "metric", "year") == ("revenue", 2023)
    assert pick(got["441.21亿元"], "metric", "year", "value") == ("profit", 2023, 441.21e8)
    assert pick(got["43.58%"], "metric", "value") == ("growth", 43.58)
    # 宁德时代车里湾基地二期项目计划投资130亿元
    assert pick(got["130亿元"], "metric", "status") == ("investment", "plan")


def test_capacity_phrasing_and_households():
    got = facts_of((FIX / "county_vegetables.txt").read_text(encoding="utf-8"), date(2024, 11, 15))
    # 年可实现销售收入5亿元: what the park can earn once running, not what it earned
    assert pick(got["5亿元"], "metric", "status") == ("revenue", "target")
    # 带动周边农户2000余户增收: households, not facilities
    assert pick(got["2000余户"], "metric", "qualifier") == ("other", "over")
    # 新签约农业项目23个: a kind of project; the county's count
    assert pick(got["23个"], "metric", "status", "scope", "entity") == ("projects", "signed", "district", "寿光市")
    assert pick(got["27166元"], "metric", "year") == ("per_capita", 2023)


def test_a_converted_sum_is_approximate_and_kinds_of_project_are_not_names():
    got = facts_of((FIX / "foreign_investment.txt").read_text(encoding="utf-8"), date(2024, 11, 20))
    # 追加投资3亿美元(约合人民币21.5亿元)
    assert pick(got["3亿美元"], "unit", "qualifier") == ("USD", "exact")
    assert pick(got["21.5亿元"], "unit", "qualifier", "value") == ("CNY", "approx", 21.5e8)
    # 新设外资项目146个: the park's count, not a project called 新设外资项目
    assert pick(got["146个"], "metric", "scope", "entity") == ("projects", "district", "苏州工业园区")
    assert pick(got["17.8亿美元"], "metric", "year") == ("fdi", 2024)


def test_a_count_does_not_take_the_next_list_item_s_noun():
    got = facts_of((FIX / "partnership_news.txt").read_text(encoding="utf-8"), date(2024, 11, 15))
    # 涉及重点产业链条15条、企业超过200家: 15 chains, 200 firms
    assert pick(got["15条"], "metric", "unit") == ("other", "count")
    assert pick(got["200家"], "metric", "qualifier") == ("enterprises", "over")
    # 与23个涵盖新能源、医疗、金融的项目签约: the list names no figure, so 项目 is what 23个 counts
    assert facts_of("现场与23个涵盖新能源、医疗、金融的项目签约。\n")["23个"]["metric"] == "projects"
    # 各类科研平台150余个: a kind, not a named platform
    assert facts_of("泉山区已建成各类科研平台150余个。\n")["150余个"]["scope"] == "district"


def test_a_zone_named_after_its_city_is_a_place():
    got = facts_of((FIX / "zone_plan.txt").read_text(encoding="utf-8"), date(2024, 3, 18))
    # title 东莞市松山湖高新区"十四五"产业发展规划(摘要); the body says 松山湖高新区 and 园区
    assert {f["district"] for f in got.values()} == {"unknown:东莞市松山湖高新区"}
    # 到2025年,园区规上工业总产值力争突破4000亿元,年均增长8%以上
    assert pick(got["4000亿元"], "metric", "status", "year", "qualifier") == ("industrial_output", "target", 2025, "over")
    # 2023年,园区实现规上工业总产值3210.5亿元,同比下降2.1%: a plan reporting last year's results
    assert pick(got["3210.5亿元"], "status", "year") == ("actual", 2023)
    assert pick(got["2.1%"], "metric", "value") == ("growth", -2.1)
    # 已建成各类科研平台150余个: achieved, and 各类科研平台 is no name; the place is a zone
    assert pick(got["150余个"], "status", "scope") == ("actual", "zone")


@pytest.mark.parametrize(
    ("text", "district", "scope", "entity"),
    [
        # a zone word right after a city: the zone (as before), a zone outside the gazetteer
        ("合肥高新区新签约项目12个。\n", "unknown:合肥高新区", "zone", "合肥高新区"),
        # city, a name of the zone's own, zone word; later bare mentions are the same zone
        ("武汉东湖高新区一季度增长8.1%。东湖高新区新增企业1200家。\n", "unknown:武汉东湖高新区", "zone", "东湖高新区"),
        ("重庆两江新区今年签约项目56个。\n", "unknown:重庆两江新区", "zone", "重庆两江新区"),
        # the gazetteer's park written with its city's full name: a gazetteer district
        ("苏州市工业园区2023年新增企业1200家。\n", "suzhou-sip", "district", "苏州市工业园区"),
    ],
)
def test_zones_named_with_their_city(text, district, scope, entity):
    last = list(facts_of(text, date(2024, 11, 1)).values())[-1]
    assert pick(last, "district", "scope", "entity") == (district, scope, entity)


def test_words_between_a_city_and_a_zone_word_are_no_zone_name():
    # 加快建设 is a verb phrase; 浙江 is a province, and 江山经开区 a county's zone
    assert find_mentions_keys("广州市加快建设开发区。") == ["unknown:广州市"]
    assert "unknown:浙江江山经开区" not in find_mentions_keys("考察浙江江山经开区。")


def find_mentions_keys(text: str) -> list[str]:
    from etl.places import find_mentions

    return [m.key for m in find_mentions(text)]


def test_per_mu_figures_tenths_and_spaced_numbers():
    text = (
        "泉山区经济运行分析会\n今年1-10月,全区规上工业企业亩均税收达到32.5万元,亩均营业收入680万元。"
        "全区实现进出口总额 120.5 亿元,占全市的近三成;出口增长两成以上,一成不变的是结构。\n"
    )
    got = facts_of(text, date(2024, 11, 15))
    # 亩均税收: per mu of land (the land-efficiency benchmark), never added to a total
    assert pick(got["32.5万元"], "metric", "value") == ("per_mu", 32.5e4)
    assert pick(got["680万元"], "metric", "value") == ("per_mu", 680e4)
    # "120.5 亿元" typeset with spaces is one figure
    assert pick(got["120.5亿元"], "metric", "value") == ("trade", 120.5e8)
    # 近三成: a share of about 30 %; 增长两成以上: growth of over 20 %; 一成不变 is a word
    assert pick(got["三成"], "metric", "value", "qualifier") == ("share", 30.0, "approx")
    assert pick(got["两成"], "metric", "value", "qualifier") == ("growth", 20.0, "over")
    assert "一成" not in got


def test_a_traditional_zone_article_without_glosses():
    got = facts_of((FIX / "traditional_qianhai.txt").read_text(encoding="utf-8"), date(2024, 10, 20))
    # 深圳前海合作區今年首三季實際使用外資逾50億美元 (title) ... 前海合作區 in the body
    # every figure is the zone's: 佔深圳全市的四成 is the zone's share of the city, not the city's figure
    assert {f["district"] for f in got.values()} == {"unknown:深圳前海合作区"}
    assert pick(got["50.3亿美元"], "metric", "unit", "year", "district") == ("fdi", "USD", 2024, "unknown:深圳前海合作区")
    # 區內註冊港資企業超過1.2萬家,年內新增港資企業1800家: the 年内 of the next clause is no goal for the 1.2万
    assert pick(got["1.2万家"], "metric", "status", "qualifier") == ("enterprises", "actual", "over")
    # 前海計劃於2025年前投資1000億元人民幣
    assert pick(got["1000亿元"], "metric", "status", "year") == ("investment", "plan", 2025)
    # 佔深圳全市的四成
    assert pick(got["四成"], "metric", "value", "scope") == ("share", 40.0, "zone")


def test_a_statistics_table_flattened_to_text():
    got = facts_of((FIX / "stats_release_table.txt").read_text(encoding="utf-8"), date(2024, 10, 28))
    # 社会消费品零售总额	亿元	856.2	4.9 under the header 指标名称	单位	绝对值	增长(%)
    assert pick(got["856.2"], "metric", "value", "unit", "status", "year") == ("retail_sales", 856.2e8, "CNY", "actual", 2024)
    assert pick(got["4.9"], "metric", "value", "unit") == ("growth", 4.9, "percent")
    assert pick(got["68.71"], "metric", "value") == ("tax_revenue", 68.71e8)
    # 固定资产投资	亿元	—	-3.4: no value, so the row is left alone
    assert "-3.4" not in got
    # 地区生产总值	亿元	1012.36	5.8 repeats the prose's 1012.36亿元 and 5.8%: counted once
    assert [r for r in got if r.startswith("1012.36")] == ["1012.36亿元"]
    assert "5.8" not in got
    # the prose around it reads as before
    assert pick(got["1.2%"], "metric", "value") == ("growth", -1.2)


def test_a_table_row_needs_a_table():
    # no 指标/单位 in the text: a line ending in two numbers is not read as a table row
    assert facts_of("地区生产总值 亿元 1012.36 5.8\n") == {}


def test_money_in_hand_is_not_a_signing():
    got = facts_of((FIX / "investment_promotion.txt").read_text(encoding="utf-8"), date(2024, 10, 20))
    # 1-9月新签约亿元以上项目38个,签约总额216.8亿元,到位资金87.3亿元
    assert pick(got["216.8亿元"], "metric", "status", "year") == ("investment", "signed", 2024)
    assert pick(got["87.3亿元"], "metric", "status", "year") == ("investment", "actual", 2024)
    # 力争全年签约项目总额突破300亿元
    assert pick(got["300亿元"], "metric", "status", "qualifier") == ("investment", "signed", "over")
    # 建成后可容纳企业300家,年税收超2亿元: what the park is to hold once built (预计明年6月投用)
    assert pick(got["300家"], "metric", "status", "year") == ("enterprises", "target", 2025)


def test_clusters_of_today_s_industries(bulletin, signing):
    # 新能源汽车产业实现产值1360亿元,智能电网产业产值约820亿元: cars are manufacturing, the grid energy
    assert [bulletin[r]["cluster"] for r in ("1360亿元", "820亿元")] == ["advanced_manufacturing", "energy"]
    # 总投资120亿元的华星光电新型显示项目、总投资45亿元的比亚迪储能电池项目: each project its own cluster
    assert [signing[r]["cluster"] for r in ("120亿元", "45亿元")] == ["electronic_information", "energy"]
    got = facts_of("安吉县接待游客2880万人次,实现旅游总收入388亿元。1. 徐州软件园三期项目,总投资18亿元。\n")
    assert [got[r]["cluster"] for r in ("388亿元", "18亿元")] == ["culture_fashion_tourism", "digital_economy"]


def test_registered_capital_tax_and_loans_are_not_investment_or_revenue():
    got = facts_of((FIX / "new_firms.txt").read_text(encoding="utf-8"), date(2024, 5, 10))
    # 注册资本合计56.3亿元: what owners committed on paper, never added to investment
    assert [got[r]["metric"] for r in ("50亿元", "56.3亿元", "1亿元")] == ["registered_capital"] * 3
    assert pick(got["3亿元"], "metric", "status") == ("investment", "plan")  # 拟投资3亿元
    # 税收收入35.6亿元 is tax (收入 is the later, shorter cue)
    assert got["35.6亿元"]["metric"] == "tax_revenue"
    # ;银行存款余额2890亿元,贷款余额2350亿元: labelled figures do not take the list's 收入
    assert [got[r]["metric"] for r in ("2890亿元", "2350亿元")] == ["other", "other"]


def test_a_sum_in_ten_thousands_is_no_year_and_r_and_d_is_no_investment():
    text = "泉山区商圈建设\n全区发放消费券2000万元,拉动消费1.5亿元。区内规上企业研发投入12.5亿元。商圈实现营业额3.2亿元。\n"
    got = facts_of(text, date(2024, 5, 10))
    # 2000万元 once dated the 1.5亿元 to the year 2000
    assert pick(got["1.5亿元"], "year", "metric") == (None, "other")
    assert pick(got["12.5亿元"], "metric", "value") == ("rd_spending", 12.5e8)
    assert got["3.2亿元"]["metric"] == "revenue"
    # a year written as a label still dates its figure: 2023中国(徐州)… 签约项目12个
    assert facts_of("2023中国徐州投资洽谈会签约项目12个。\n")["12个"]["year"] == 2023


def test_a_headline_figure_the_body_repeats_counts_once():
    text = "锦江区签约10个项目总投资52亿元\n12月5日,锦江区举行重点项目集中签约活动,现场签约项目10个,总投资52亿元。\n"
    facts = extract_text(text, "t", date(2024, 12, 6)).facts
    # one 52亿元 and one 10个, both the body's (their sentence says more)
    assert [(f.raw, f.start > text.index("\n")) for f in facts] == [("10个", True), ("52亿元", True)]
    # and 锦江区举行重点项目 is no project's name
    assert {(f.scope, f.entity) for f in facts} == {("district", "锦江区")}
    # a headline figure the body does not repeat stays
    assert [f.raw for f in extract_text("签约总额突破300亿元\n现场签约项目10个。\n", "t").facts] == ["300亿元", "10个"]


@pytest.mark.parametrize("place", ["三台县", "五台县", "三元区", "九台区"])
def test_a_numeral_inside_a_place_name_is_no_figure(place):
    got = facts_of(f"{place}持续深化改革,新签约项目5个。\n")
    assert list(got) == ["5个"]
    assert got["5个"]["district"] == f"unknown:{place}"


def test_a_work_report_looking_back_and_ahead():
    got = facts_of((FIX / "work_report_shushan.txt").read_text(encoding="utf-8"), date(2026, 1, 20))
    assert {f["district"] for f in got.values()} >= {"unknown:蜀山区"}
    # 地区生产总值由2020年的1021.5亿元增加到2025年的1,486.3亿元: in a 2026 report 到2025年 looks back
    assert pick(got["1021.5亿元"], "metric", "status", "year") == ("gdp", "actual", 2020)
    assert pick(got["1,486.3亿元"], "metric", "value", "status", "year") == ("gdp", 148_630_000_000.0, "actual", 2025)
    # 一般公共预算收入完成86.2亿元,是2020年的1.4倍: 2020 is the base of a comparison; the list's year is 2025
    assert pick(got["86.2亿元"], "status", "year") == ("actual", 2025)
    # 比2020年提高12.4个百分点 is no year for 58.7%
    assert got["58.7%"]["year"] == 2025
    # 主要预期目标是:…;…;…;…;城镇新增就业2.5万人: the fifth item of the list is a 2026 goal too
    assert pick(got["2.5万人"], "metric", "status", "year") == ("people", "target", 2026)
    # 围绕集成电路、人工智能、生物医药三大主导产业,力争全年招引亿元以上项目60个: three clusters, none chosen
    assert pick(got["60个"], "metric", "status", "cluster") == ("projects", "target", None)


def test_a_past_horizon_is_still_a_goal_before_its_year():
    text = "全区地区生产总值由2020年的1021.5亿元增加到2025年的1486.3亿元。\n"
    assert pick(facts_of(text, date(2026, 1, 20))["1486.3亿元"], "status", "year") == ("actual", 2025)
    assert pick(facts_of(text, date(2023, 1, 20))["1486.3亿元"], "status", "year") == ("target", 2025)


def test_a_county_s_zone_is_its_own_place():
    got = facts_of((FIX / "zone_news_kunshan.txt").read_text(encoding="utf-8"), date(2026, 10, 20))
    # 昆山开发区: 昆山 (昆山市) written short, before a zone word; later 开发区 is the same zone
    assert {(f["district"], f["scope"]) for f in got.values()} == {("unknown:昆山开发区", "zone")}
    assert pick(got["5.6亿美元"], "metric", "unit", "status", "year") == ("fdi", "USD", "actual", 2026)
    # 德国某汽车零部件企业增资1.2亿欧元: a capital increase is investment, in euros
    assert pick(got["1.2亿欧元"], "metric", "value", "unit") == ("investment", 120_000_000.0, "EUR")
    # 总投资在20-30亿元之间的项目有5个: the bounds of a size class, no investment of their own
    assert "20-30亿元" not in got and pick(got["5个"], "metric", "status") == ("projects", "signed")
    # 聚焦新一代电子信息、高端装备制造两大产业,到2027年,力争电子信息产业规模突破3000亿元
    assert pick(got["3000亿元"], "cluster", "status", "year") == ("electronic_information", "target", 2027)
    # an administrative district named 新区 stays a district
    assert pick(facts_of("沈北新区实现规上工业总产值378.2亿元。\n")["378.2亿元"], "district", "scope") == (
        "unknown:沈北新区",
        "district",
    )


def test_output_in_physical_units():
    got = facts_of((FIX / "county_energy.txt").read_text(encoding="utf-8"), date(2026, 1, 20))
    # 年产蔬菜450万吨; 年发电量约6亿千瓦时: production in its own unit
    assert pick(got["450万吨"], "metric", "value", "unit") == ("production", 4_500_000.0, "t")
    assert pick(got["6亿千瓦时"], "metric", "value", "unit", "qualifier") == ("production", 6e8, "kWh", "approx")
    # 光伏电站装机容量50万千瓦: a capacity, kept as other
    assert pick(got["50万千瓦"], "metric", "value", "unit", "cluster") == ("other", 500_000.0, "kW", "energy")
    # 年交易量达到900万吨: a trade volume, no production
    assert pick(got["900万吨"], "metric", "unit") == ("other", "t")
    # 高于全省平均水平三分之一以上
    assert pick(got["三分之一"], "value", "qualifier") == (33.33, "over")


@pytest.mark.parametrize(
    ("text", "cluster"),
    [
        ("围绕集成电路、人工智能、生物医药三大主导产业,招引项目60个。\n", None),
        ("加快布局新能源与现代物流,新增载体10万平方米。\n", None),
        ("数字经济、大数据产业投资10亿元。\n", "digital_economy"),  # one cluster named twice
        ("新签约数字经济项目10个,总投资581.5亿元。\n", "digital_economy"),
        ("聚焦电子信息、高端装备两大产业,力争电子信息产业规模突破3000亿元。\n", "electronic_information"),
    ],
)
def test_a_list_of_clusters_gives_a_figure_none_of_them(text, cluster):
    assert list(facts_of(text).values())[-1]["cluster"] == cluster


def test_a_press_conference_with_country_and_province_figures():
    got = facts_of((FIX / "press_conference.txt").read_text(encoding="utf-8"), date(2025, 12, 28))
    assert pick(got["2450亿元"], "district", "scope", "metric", "status", "year") == (
        "unknown:历下区",
        "district",
        "gdp",
        "actual",
        2025,
    )
    # 今年全国规模以上工业增加值增长5.8%; 全省地区生产总值突破10万亿元: not the district's figures
    assert pick(got["5.8%"], "scope", "entity") == ("national", "全国")
    assert pick(got["10万亿元"], "scope", "entity", "metric", "qualifier") == ("province", "全省", "gdp", "over")
    # 实际使用外资3.2亿美元,同比增长1.5倍: a multiple is a growth of 150 %
    assert pick(got["1.5倍"], "metric", "value", "unit") == ("growth", 150.0, "percent")
    # 力争2026年地区生产总值突破2600亿元,金融业增加值增长8%左右: finance is the 8 %'s, not the GDP's
    assert pick(got["2600亿元"], "status", "year", "cluster") == ("target", 2026, None)
    assert pick(got["8%"], "cluster", "qualifier") == ("finance", "approx")
    # 全年新引进世界500强企业项目12个: a kind of project, not a named one
    assert pick(got["12个"], "metric", "scope") == ("projects", "district")


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("泉山区工业增加值占全省的12%。\n", "district"),
        ("泉山区增速高于全国2.1个百分点,达到8.3%。\n", "district"),
        ("泉山区进出口居全省第一,达到120亿元。\n", "district"),
        ("锦江区新引进首店128家,其中全国首店15家。\n", "district"),  # a kind of store, not the country's
        ("泉山区拥有全省百强企业12家。\n", "district"),
    ],
)
def test_a_whole_compared_with_is_not_the_figure_s_place(text, scope):
    assert list(facts_of(text).values())[-1]["scope"] == scope


def test_a_province_named_as_subject_is_the_figure_s_place():
    got = facts_of("江苏省2025年进出口总额5.2万亿元,泉山区实现进出口120亿元。\n")
    assert pick(got["5.2万亿元"], "district", "scope", "entity") == ("unknown:江苏省", "province", "江苏省")
    assert pick(got["120亿元"], "district", "scope") == ("xuzhou-quanshan", "district")


def test_a_web_post_with_markup_full_width_digits_and_vague_sums():
    got = facts_of((FIX / "web_post_html.txt").read_text(encoding="utf-8"), date(2025, 10, 20))
    # <p>#锦江区# 前三季度GDP达到８５６.３亿元，同比增长５.２％👍</p>: markup and full-width forms go
    assert pick(got["856.3亿元"], "metric", "value", "district", "year") == ("gdp", 85_630_000_000.0, "chengdu-jinjiang", 2025)
    assert pick(got["5.2%"], "metric", "value") == ("growth", 5.2)
    # 数百亿元的投资正在路上: no figure
    assert "百亿元" not in got and "数百亿元" not in got
    # 规上企业上千家: over a thousand (the contract's 上 is "over")
    assert pick(got["上千家"], "metric", "value", "qualifier") == ("enterprises", 1000.0, "over")
    # 到“十五五”末,全区服务业增加值力争达到2000亿元: the plan's last year
    assert pick(got["2000亿元"], "metric", "status", "year") == ("value_added", "target", 2030)
    # 今年底前完成投资50亿元: a goal for this year
    assert pick(got["50亿元"], "metric", "status", "year") == ("investment", "target", 2025)
    assert all("<" not in f["quote"] and "&nbsp;" not in f["quote"] for f in got.values())


def test_figures_given_respectively_go_to_their_own_places():
    got = facts_of((FIX / "city_bulletin_respectively.txt").read_text(encoding="utf-8"), date(2025, 10, 25))
    # 鼓楼区、玄武区分别实现地区生产总值1850亿元、1120亿元,同比分别增长5.6%和4.9% (南京 is in the
    # title): 鼓楼区 is in four cities, keyed with its city's full name (as Add articles keys it)
    assert pick(got["1850亿元"], "district", "metric") == ("unknown:南京市鼓楼区", "gdp")
    assert pick(got["1120亿元"], "district", "metric") == ("unknown:玄武区", "gdp")
    assert pick(got["5.6%"], "district", "metric") == ("unknown:南京市鼓楼区", "growth")
    assert pick(got["4.9%"], "district", "metric") == ("unknown:玄武区", "growth")
    # 秦淮区、建邺区固定资产投资分别完成210亿元和305亿元
    assert (got["210亿元"]["district"], got["305亿元"]["district"]) == ("unknown:秦淮区", "unknown:建邺区")
    # 全市规上工业总产值、社会消费品零售总额分别增长6.1%、4.3%: the city's, both growth rates
    assert pick(got["6.1%"], "scope", "entity", "metric") == ("city", "全市", "growth")
    assert pick(got["4.3%"], "scope", "entity", "metric") == ("city", "全市", "growth")
    # 江宁区新签约项目46个,其中鼓楼区12个: projects (the 楼 of 鼓楼区 is no building)
    assert pick(got["12个"], "metric", "district") == ("projects", "unknown:南京市鼓楼区")
    # 全市…: the city's, under the city (not 玄武区, named last before it)
    assert got["6.1%"]["district"] == got["4.3%"]["district"] == "unknown:南京市"


def test_the_whole_city_of_a_county_level_city_is_the_place_itself():
    # 寿光市 is a county-level city: its 全市 is itself, scope district
    got = facts_of((FIX / "county_energy.txt").read_text(encoding="utf-8"), date(2026, 1, 20))
    assert pick(got["101.3亿元"], "district", "scope") == ("unknown:寿光市", "district")


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("泉山区规上工业总产值、营业收入分别达到320亿元、150亿元。\n", ["industrial_output", "revenue"]),
        ("锦江区实现社会消费品零售总额和税收收入分别为860亿元、95亿元。\n", ["retail_sales", "tax_revenue"]),
        # two cues but three figures: no mapping, each figure keeps its nearest cue
        ("泉山区规上工业总产值、营业收入分别达到320亿元、150亿元、90亿元。\n", ["revenue", "revenue", "revenue"]),
    ],
)
def test_metrics_given_respectively(text, metrics):
    assert [f["metric"] for f in facts_of(text).values()] == metrics


def test_a_change_is_no_level_and_counts_what_came_before():
    got = facts_of("一季度泉山区实现营收12.5亿元,环比增长3.2%,比去年同期增加1.1亿元。该区共有规上企业356户,较年初净增42户。\n")
    assert got["12.5亿元"]["metric"] == "revenue"
    # 比去年同期增加1.1亿元: an increase, never summed with revenue
    assert got["1.1亿元"]["metric"] == "other"
    # 较年初净增42户: more firms (户 alone would be facilities)
    assert pick(got["42户"], "metric", "value") == ("enterprises", 42.0)


@pytest.mark.parametrize(
    ("text", "districts"),
    [
        # another city's 市中区 is never the gazetteer's (济南) and keeps its city in its key
        ("枣庄市市中区今年签约项目23个。\n", ["unknown:枣庄市市中区"]),
        ("乐山市市中区地区生产总值完成520亿元。市中区新签约项目15个。\n", ["unknown:乐山市市中区", "unknown:乐山市市中区"]),
        ("济南市中区地区生产总值完成1450亿元。\n", ["jinan-shizhong"]),
        ("徐州市鼓楼区新签约项目10个。泉山区新签约项目5个。\n", ["unknown:徐州市鼓楼区", "xuzhou-quanshan"]),
    ],
)
def test_a_district_name_several_cities_share_keeps_its_city(text, districts):
    assert [f["district"] for f in facts_of(text).values()] == districts


def test_traditional_news_with_two_syllable_glosses_and_a_year_in_numerals():
    got = facts_of((FIX / "traditional_nanshan_glossed.txt").read_text(encoding="utf-8"), date(2026, 2, 10))
    # 二〇二五年全區實現地區生產總值8,536億元,按年增長6.3%
    assert pick(got["8,536亿元"], "metric", "value", "year", "district") == (
        "gdp",
        853_600_000_000.0,
        2025,
        "unknown:深圳市南山区",
    )
    assert all("(" not in f["quote"] for f in got.values())  # 產業(chǎn yè): the glosses are gone
    # 佔GDP比重逾五成; 計劃於2027年前投入300億元
    assert pick(got["五成"], "metric", "value", "qualifier") == ("share", 50.0, "over")
    assert pick(got["300亿元"], "metric", "status", "year") == ("investment", "plan", 2027)


def test_a_project_table_with_units_in_its_header():
    got = facts_of((FIX / "project_table.txt").read_text(encoding="utf-8"), date(2026, 3, 1))
    # 序号 项目名称 总投资(亿元) 用地(亩) 建设内容 / 1 新能源汽车零部件产业园 25.6 320 建设标准化厂房及研发中心
    assert pick(got["25.6"], "metric", "value", "unit", "entity", "scope", "status", "year") == (
        "investment",
        2_560_000_000.0,
        "CNY",
        "新能源汽车零部件产业园",
        "project",
        "plan",  # a 招商项目表 lists what is to be built
        2026,
    )
    assert pick(got["320"], "metric", "value", "entity") == ("land_area", round(320 * 10000 / 15, 6), "新能源汽车零部件产业园")
    assert pick(got["6.5"], "entity", "cluster") == ("生物医药孵化器", "biomedicine_health")
    assert sorted(got) == ["150", "18", "25.6", "320", "45", "6.5"]  # the serial numbers are no figures


def test_a_results_table_is_no_plan():
    text = "2025年重点项目完成情况一览表\n序号 项目名称 完成投资(亿元) 备注\n1 智能装备产业园 12.5 已竣工\n"
    assert pick(facts_of(text, date(2026, 1, 5))["12.5"], "metric", "status") == ("investment", "actual")


def test_policy_money_is_no_investment_and_a_threshold_no_figure():
    got = facts_of(
        "泉山区支持产业发展若干政策\n"
        "对新落户的总部企业,给予最高500万元的一次性落户奖励;对年纳税额首次突破1000万元的企业,奖励50万元。\n"
        "设立规模10亿元的产业发展基金,对符合条件的项目给予最高2000万元资金支持。\n"
    )
    assert pick(got["500万元"], "metric", "qualifier") == ("incentive", "under")  # up to 5 million
    assert got["50万元"]["metric"] == "incentive"  # not the 纳税额 before it
    assert "1000万元" not in got  # 突破1000万元的企业: a kind of firm
    assert got["10亿元"]["metric"] == "incentive"  # a fund's size, not output (规模)
    assert pick(got["2000万元"], "metric", "qualifier") == ("incentive", "under")


def test_this_project_points_back_to_the_project_named_before():
    got = facts_of(
        "比亚迪新能源汽车零部件项目落户屯留\n"
        "6月1日,比亚迪新能源汽车零部件项目签约仪式在屯留区举行。该项目拟投资120亿元,分三期建设,"
        "其中一期投资40亿元,占地800亩,达产后可实现年产值300亿元。"
        "截至目前,屯留区今年已签约亿元以上项目18个,总投资285亿元。\n",
        date(2025, 6, 1),
    )
    for raw in ("120亿元", "40亿元", "800亩", "300亿元"):
        assert pick(got[raw], "scope", "entity") == ("project", "比亚迪新能源汽车零部件项目"), raw
    assert pick(got["120亿元"], "metric", "status") == ("investment", "plan")
    # the district's own total names no project
    assert pick(got["285亿元"], "scope", "entity", "status") == ("district", "屯留区", "signed")


def test_a_manufacturing_news_item():
    got = facts_of((FIX / "manufacturing_news_xiaoshan.txt").read_text(encoding="utf-8"), date(2025, 11, 18))
    # 今年1-10月,萧山区规上工业增加值完成1256.3亿元,同比增长7.8%
    assert pick(got["1256.3亿元"], "metric", "status", "year", "district") == ("value_added", "actual", 2025, "unknown:萧山区")
    assert pick(got["321亿元"], "metric", "year") == ("profit", 2025)  # 利润总额321亿元
    # 全年工业投资力争突破400亿元; 计划新开工亿元以上产业项目50个以上
    assert pick(got["400亿元"], "metric", "status", "year", "qualifier") == ("investment", "target", 2025, "over")
    assert pick(got["50个"], "metric", "status", "qualifier") == ("projects", "plan", "over")
    # 萧山已建成未来工厂5家: built (未来工厂 is a name, no horizon)
    assert pick(got["5家"], "status") == ("actual",)


@pytest.mark.parametrize(
    ("text", "raw", "metric"),
    [
        ("项目投资强度不低于300万元/亩。\n", "300万元", "per_mu"),  # was investment: a rate, never a sum
        ("商务楼宇均价约2.3万元/平方米。\n", "2.3万元", "other"),
        ("钢材价格3000元/吨。\n", "3000元", "other"),
    ],
)
def test_money_per_unit_is_a_rate(text, raw, metric):
    assert facts_of(text)[raw]["metric"] == metric


@pytest.mark.parametrize(
    ("text", "raw", "scope", "status"),
    [
        ("泉山区储备项目86个,总投资560亿元。\n", "86个", "district", "plan"),  # a pipeline, not a named project
        ("泉山区储备项目86个,总投资560亿元。\n", "560亿元", "district", "plan"),
        ("竣工投产项目12个。\n", "12个", "district", "actual"),
        ("泉山区在建项目45个。\n", "45个", "district", "actual"),
        ("潮阳区新签约都市工业项目32个。\n", "32个", "district", "signed"),
    ],
)
def test_kinds_of_project_are_no_names(text, raw, scope, status):
    assert pick(facts_of(text)[raw], "scope", "status") == (scope, status)


def test_this_year_s_annual_plan():
    got = facts_of("泉山区本年度计划投资98亿元,上年度完成投资90亿元。\n", date(2025, 6, 1))
    assert pick(got["98亿元"], "status", "year") == ("plan", 2025)
    assert pick(got["90亿元"], "status", "year") == ("actual", 2024)


def test_a_month_and_the_whole_year_in_a_january_article():
    got = facts_of(
        "我区12月份规上工业增加值增长8.2%,全年完成固定资产投资156亿元。\n一季度,全区签约项目12个。\n", date(2026, 1, 15)
    )
    assert got["8.2%"]["year"] == 2025  # 12月份, reported in January: last December
    assert got["156亿元"]["year"] == 2025  # 全年完成, reported in January: last year
    assert pick(got["12个"], "status", "year") == ("signed", 2025)  # a signing in a past quarter
    # in a June article 全年 names no year: the year is not over
    assert facts_of("全年完成固定资产投资156亿元。\n", date(2026, 6, 15))["156亿元"]["year"] is None


def test_a_table_under_a_line_naming_its_unit():
    text = (
        "泉山区2025年1-10月主要经济指标\n单位:亿元\n指标名称 10月 1-10月累计 同比增长(%)\n"
        "规上工业增加值 12.5 126.3 8.2\n固定资产投资 15.1 148.6 5.6\n"
    )
    got = facts_of(text, date(2025, 11, 20))
    # each number measures what its row names, in the table's unit; the growth column is percent
    assert pick(got["126.3"], "metric", "value", "unit", "year") == ("value_added", 12_630_000_000.0, "CNY", 2025)
    assert pick(got["148.6"], "metric", "value") == ("investment", 14_860_000_000.0)
    assert pick(got["5.6"], "metric", "value", "unit") == ("growth", 5.6, "percent")
    assert sorted(got) == ["12.5", "126.3", "148.6", "15.1", "5.6", "8.2"]
    # a serial-number column is no figure, even in a table with a unit
    numbered = facts_of("单位:亿元\n序号 项目 总投资\n1 软件园 18\n")
    assert list(numbered) == ["18"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("泉山区2023年、2024年分别实现营收10亿元和12亿元。\n", [("10亿元", 2023), ("12亿元", 2024)]),
        (
            "2022-2024年,全区地区生产总值分别为800亿元、850亿元、910亿元。\n",
            [("800亿元", 2022), ("850亿元", 2023), ("910亿元", 2024)],
        ),
    ],
)
def test_years_given_respectively(text, expected):
    got = facts_of(text, date(2025, 3, 1))
    assert [(raw, got[raw]["year"]) for raw, _ in expected] == expected


def test_a_listed_place_the_finder_cannot_place_is_still_its_own():
    # 鼓楼区 is in four cities and no city is named: it is no place the finder knows, but the
    # first figure is still not 玄武区's
    got = facts_of("2024年,鼓楼区、玄武区分别实现地区生产总值1850亿元、1120亿元。\n", date(2025, 3, 1))
    assert (got["1850亿元"]["district"], got["1120亿元"]["district"]) == ("unknown:鼓楼区", "unknown:玄武区")


def test_a_written_minus_makes_a_fall():
    got = facts_of("全区规上工业增加值同比增长-3.2%,增速为-2.1%,投资增长3-5%。\n")
    # the sign is part of the figure as written, and of its offsets
    assert pick(got["-3.2%"], "metric", "value") == ("growth", -3.2)
    assert pick(got["-2.1%"], "metric", "value") == ("growth", -2.1)
    assert pick(got["3-5%"], "value", "value_high") == (3.0, 5.0)  # a range, not a minus


def test_a_township_s_figure_is_not_the_district_s():
    got = facts_of(
        "屯留区2024年实现地区生产总值186亿元。其中,渔泽镇实现工业产值52亿元,麟绛街道完成税收3.2亿元。\n"
        "张店镇新签约项目5个,总投资12亿元。全区城镇新增就业2.5万人,建成特色小镇3个。\n"
    )
    assert pick(got["186亿元"], "scope", "entity") == ("district", "屯留区")
    assert pick(got["52亿元"], "district", "scope", "entity") == ("changzhi-tunliu", "town", "渔泽镇")
    assert pick(got["3.2亿元"], "scope", "entity") == ("town", "麟绛街道")
    assert pick(got["12亿元"], "scope", "entity") == ("town", "张店镇")  # the sentence is the town's
    # 城镇新增就业 and 特色小镇 name no township
    assert got["2.5万人"]["scope"] == got["3个"]["scope"] == "district"
    # 位于瓜沥镇的吉利…项目: where the project is, not whose figure
    located = facts_of("位于瓜沥镇的吉利汽车零部件项目投资35亿元,投产后年销售收入可达80亿元。\n")
    assert located["80亿元"]["scope"] != "town" and located["35亿元"]["scope"] == "project"


def test_sums_of_their_own_kind_and_counts_of_items():
    got = facts_of(
        "项目达产后年产值可达50亿元,年利税10亿元。全区研发投入强度达到3.2%,技术合同成交额15亿元。\n"
        "全区发明专利授权量达到2000件,每万人发明专利拥有量35件,办好三件实事。\n"
    )
    assert got["50亿元"]["metric"] == "output_value"
    # 年利税 and 技术合同成交额 are no output value or R&D spending borrowed from the clause before
    assert got["10亿元"]["metric"] == got["15亿元"]["metric"] == "other"
    # 件 counts (patents); 2000件 is no year for the next figure; 三件实事 is words
    assert pick(got["2000件"], "value", "unit") == (2000.0, "count")
    assert pick(got["35件"], "value", "year") == (35.0, None)
    assert not any(raw.startswith("三") for raw in got)


def test_a_name_joined_by_a_dash_is_one_name():
    got = facts_of("2024年,春熙路—太古里商圈实现销售额1050亿元,同比增长8.5%。\n")
    assert pick(got["1050亿元"], "scope", "entity") == ("zone", "春熙路—太古里商圈")
    assert pick(got["8.5%"], "scope", "entity") == ("zone", "春熙路—太古里商圈")  # the sentence's topic


def test_the_parts_of_a_signing_are_signed_and_others_are_not_the_named_one():
    got = facts_of(
        "奎文区举行一季度重点项目集中签约活动,共签约项目16个,总投资128亿元。其中,歌尔智能穿戴产业园项目总投资35亿元,"
        "潍柴新能源动力研发中心项目总投资20亿元,另有8个项目投资均在亿元以上。\n",
        date(2025, 5, 1),
    )
    assert pick(got["35亿元"], "status", "scope") == ("signed", "project")
    assert pick(got["20亿元"], "status", "entity") == ("signed", "潍柴新能源动力研发中心")
    # 另有8个项目: other projects, not 潍柴's, and not its cluster
    assert pick(got["8个"], "status", "scope", "cluster") == ("signed", "district", None)
    # a part of a completed figure stays achieved: 完成投资…占年度计划的112.5%。其中,新开工项目45个
    report = facts_of("全年共实施重点项目128个,完成投资356.8亿元,占年度计划的112.5%。其中,新开工项目45个。\n")
    assert report["45个"]["status"] == "actual"


def test_a_yearly_sum_is_for_no_one_year():
    got = facts_of("按照规划,软件谷将在“十四五”末建成5G基站1200座。区财政每年安排不少于5000万元专项资金。\n")
    assert got["1200座"]["year"] == 2025
    assert pick(got["5000万元"], "metric", "year") == ("incentive", None)  # not the sentence before's 2025


def test_what_a_growth_rate_is_the_growth_of():
    # a benchmark compares GDP growth with GDP growth, never with the growth of foreign investment
    text = (
        "2025年,全区实现地区生产总值1200亿元,同比增长6.5%,其中规上工业增加值增长8.1%。\n"
        "一般公共预算收入完成85亿元,增长4.2%;社会消费品零售总额增长5.3%。\n"
        "实现营业收入300亿元、利润20亿元,分别增长10%、15%。\n"
        "规上工业总产值、营业收入分别增长6.1%、4.3%。\n"
        "实际使用外资2.3亿美元,同比下降12.5%。\n"
        "新增市场主体1.2万户,增长15%。\n"
        "城镇居民人均可支配收入5.2万元,增长5%。\n"
        "全年完成进度的85%。\n"
    )
    ex = extract_text(text, "t", date(2026, 1, 20))
    got = [(f.raw, f.value, f.of_metric) for f in ex.facts if f.metric == "growth"]
    assert got == [
        ("6.5%", 6.5, "gdp"),  # the figure before it in its sentence
        ("8.1%", 8.1, "value_added"),  # its own clause names what grew
        ("4.2%", 4.2, "tax_revenue"),
        ("5.3%", 5.3, "retail_sales"),
        ("10%", 10.0, "revenue"),  # 分别: the i-th of the figures before
        ("15%", 15.0, "profit"),
        ("6.1%", 6.1, "industrial_output"),  # 分别: the i-th of the metrics listed
        ("4.3%", 4.3, "revenue"),
        ("12.5%", -12.5, "fdi"),
        ("15%", 15.0, "enterprises"),
        ("5%", 5.0, "per_capita"),
    ]
    assert all(f.of_metric is None for f in ex.facts if f.metric != "growth")
    # the contract's columns only on the command line; the warehouse keeps of_metric too
    assert "of_metric" not in ex.facts[1].contract_dict() and ex.facts[1].as_dict()["of_metric"] == "gdp"


def test_round_figures_written_without_a_digit():
    got = facts_of(
        "今年以来,经开区新招引项目上百个,其中亿元以上项目数十个。\n"
        "园区已集聚相关企业近千家,从业人员两千多人,带动周边上万人就业。\n"
        "区内现有标准化厂房百余栋,民宿床位数达到3.6万张。\n"
        "成百上千家企业受益,惠及千家万户,百万人口。\n",
        date(2025, 11, 20),
    )
    assert {raw: pick(f, "metric", "value", "qualifier") for raw, f in got.items()} == {
        "上百个": ("projects", 100.0, "over"),
        "近千家": ("enterprises", 1000.0, "approx"),
        "两千多人": ("people", 2000.0, "over"),
        "上万人": ("people", 10000.0, "over"),
        "百余栋": ("facilities", 100.0, "over"),
        "3.6万张": ("other", 36000.0, "exact"),  # beds: a count of their own kind
    }  # 数十个, 成百上千, 千家万户, 百万人口: no figure


def test_a_year_so_far_and_the_noun_a_figure_counts():
    got = facts_of("截至10月底,滨江区人才总量达到28.6万人。\n", date(2025, 11, 20))
    assert got["28.6万人"]["year"] == 2025  # the year so far, by the publication date
    assert facts_of("截至10月底,滨江区人才总量达到28.6万人。\n", date(2025, 3, 2))["28.6万人"]["year"] == 2024
    got = facts_of("来自全国20多个省市的300余家企业参会。\n")
    # 省市 are no enterprises: 企业 is counted by the figure nearer it
    assert pick(got["20多个"], "metric", "value") == ("other", 20.0)
    assert pick(got["300余家"], "metric", "value") == ("enterprises", 300.0)
    got = facts_of("2025年,昆山开发区新引进总投资超10亿元项目12个、超亿美元外资项目5个。\n")
    # a kind of project (by size), not a named one: the zone's count
    assert pick(got["5个"], "metric", "scope", "entity") == ("projects", "zone", "昆山开发区")


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("2025年沛县政府工作报告\n全县完成农林牧渔业总产值85.6亿元。\n", "unknown:沛县"),  # a two-character county
        ("徐州市沛县完成工业产值85.6亿元。\n", "unknown:沛县"),
        ("全面提高县域经济实力,工业产值85.6亿元。\n", None),  # 提高县域: no 高县
        ("信息县级平台建设投资85.6亿元。\n", None),  # no 息县
        ("代县长李明介绍,全县投资85.6亿元。\n", None),  # the acting county head, not 代县
    ],
)
def test_two_character_counties_only_where_they_stand_alone(text, district):
    assert facts_of(text, date(2025, 11, 20))["85.6亿元"]["district"] == district


def test_two_character_counties_given_respectively():
    got = facts_of("沛县、丰县分别完成投资30亿元、25亿元。\n")
    assert (got["30亿元"]["district"], got["25亿元"]["district"]) == ("unknown:沛县", "unknown:丰县")


def test_growth_of_a_ratio_is_no_growth_of_its_metric():
    ex = extract_text("地区生产总值增长率为6.1%,单位地区生产总值能耗下降3.5%,利润率下降2%。\n", "t", date(2026, 1, 20))
    # energy per unit of GDP and a profit margin fall: neither is a fall of GDP or of profit
    assert [(f.raw, f.value, f.of_metric) for f in ex.facts] == [("6.1%", 6.1, "gdp"), ("3.5%", -3.5, None), ("2%", -2.0, None)]


def test_an_award_after_a_revenue_threshold_is_the_award():
    got = facts_of("对年度营业收入首次突破10亿元的企业给予100万元奖励。\n")
    assert list(got) == ["100万元"]  # 10亿元 sorts the firms: no figure
    assert pick(got["100万元"], "metric", "value") == ("incentive", 1_000_000.0)


def test_every_cue_of_the_contract_in_one_unseen_article():
    """An article written with each cue of the contract's metric table once (龙岗区, not a seed
    district): every figure's metric, value and unit, read off the text."""
    got = facts_of((FIX / "contract_cues_longgang.txt").read_text(encoding="utf-8"), date(2025, 3, 10))
    assert {raw: (f["metric"], f["value"], f["unit"]) for raw, f in got.items()} == {
        "5200亿元": ("gdp", 5.2e11, "CNY"),  # 经济总量
        "3000亿元": ("output_value", 3e11, "CNY"),  # 产业规模
        "1200亿元": ("value_added", 1.2e11, "CNY"),  # 数字经济增加值
        "9800亿元": ("industrial_output", 9.8e11, "CNY"),  # 规上工业总产值
        "8%": ("growth", 8.0, "percent"),  # 营收…增长8%
        "386亿元": ("tax_revenue", 3.86e10, "CNY"),  # 税收
        "280亿元": ("investment", 2.8e10, "CNY"),  # 新增投资
        "150亿元": ("rd_spending", 1.5e10, "CNY"),  # 投入研发资金: no project investment
        "20大": ("projects", 20.0, "count"),  # 20大重点项目
        "35项": ("agreements", 35.0, "count"),  # 协议…项
        "56个": ("enterprises", 56.0, "count"),  # 品牌…个
        "120家": ("enterprises", 120.0, "count"),  # 企业…家
        "12平方公里": ("land_area", 12e6, "m2"),  # 规划占地
        "1.8万亩": ("land_area", 12e6, "m2"),  # 总占地, 亩
        "300公顷": ("land_area", 3e6, "m2"),  # 占地, 公顷
        "260万平方米": ("floor_area", 2.6e6, "m2"),  # 载体
        "42栋": ("facilities", 42.0, "count"),  # 厂房栋数
        "8万平方米": ("floor_area", 8e4, "m2"),  # 研发中心
        "5万人": ("people", 5e4, "person"),  # 工作生活
        "3.2万人": ("people", 3.2e4, "person"),  # 就业
        "8000余人": ("people", 8000.0, "person"),  # 人才
        "2/3": ("share", 66.67, "percent"),  # 占…2/3
        "1.2万座": ("facilities", 1.2e4, "count"),  # 基站
        "3500个": ("facilities", 3500.0, "count"),  # 铁塔
        "80万个": ("facilities", 8e5, "count"),  # 设备终端
        "2600户": ("facilities", 2600.0, "count"),  # 商户
        "1120亿元": ("retail_sales", 1.12e11, "CNY"),
        "3600亿元": ("trade", 3.6e11, "CNY"),
        "2400亿元": ("trade", 2.4e11, "CNY"),  # 其中出口
    }
    assert got["8%"]["of_metric"] == "revenue"
    assert [got[r]["status"] for r in ("20大", "35项", "56个")] == ["plan", "signed", "actual"]  # 谋划; 签订; 引进
    assert [got[r]["qualifier"] for r in ("3000亿元", "1.8万亩", "8000余人", "80万个")] == ["over", "approx", "over", "over"]
    assert {got[r]["district"] for r in got} == {"unknown:龙岗区"}
    # clusters: 电子信息产业规模; 数字经济增加值; 5G基站; the exports are no consumption
    assert [got[r]["cluster"] for r in ("3000亿元", "1200亿元", "1.2万座", "3600亿元", "2400亿元")] == [
        "electronic_information",
        "digital_economy",
        "digital_economy",
        None,
        None,
    ]


def test_a_policy_s_thresholds_and_single_projects():
    got = facts_of("单个项目投资5000万元至1亿元,不低于50亿元的项目给予专项支持。\n", date(2025, 6, 10))
    assert list(got) == ["5000万元至1亿元"]  # 不低于50亿元的项目: a size class, no figure
    f = got["5000万元至1亿元"]
    assert (f["value"], f["value_high"], f["scope"], f["entity"]) == (5e7, 1e8, "district", None)  # 单个项目: no name


def test_a_five_year_plan_outline():
    text = (
        "江宁区国民经济和社会发展第十五个五年规划纲要(摘要)\n"
        "战略性新兴产业产值占规上工业总产值比重提高到60%以上。\n"
        "“十五五”期间,全区计划完成固定资产投资累计1.2万亿元。\n"
    )
    got = facts_of(text, date(2025, 12, 1))
    # 占…比重提高到60%: a share (its 占 far before it), planned for the plan's last year
    assert pick(got["60%"], "metric", "value", "qualifier", "status", "year") == ("share", 60.0, "over", "plan", 2030)
    assert pick(got["1.2万亿元"], "metric", "status", "year") == ("investment", "plan", 2030)
    assert [facts_of("十四五产业发展规划\n规划面积72.5平方公里。\n")["72.5平方公里"]["year"]] == [2025]


def test_traditional_news_of_taiwanese_investment():
    """Traditional script, US dollars and New Taiwan dollars written before the number."""
    got = facts_of((FIX / "traditional_kunshan_taiwan.txt").read_text(encoding="utf-8"), date(2025, 12, 1))
    assert {raw: (f["metric"], f["value"], f["unit"], f["qualifier"]) for raw, f in got.items()} == {
        "5,300余个": ("projects", 5300.0, "count", "over"),
        "650亿美元": ("investment", 6.5e10, "USD", "over"),
        "四分之一": ("share", 25.0, "percent", "exact"),
        "86个": ("projects", 86.0, "count", "exact"),
        "12.5亿美元": ("investment", 1.25e9, "USD", "exact"),
        "18%": ("growth", 18.0, "percent", "exact"),
        "3亿美元": ("investment", 3e8, "USD", "exact"),  # 仁宝电脑增资3亿美元
        "45亿元": ("investment", 4.5e9, "TWD", "exact"),  # 投资新台币45亿元: never yuan
    }
    # 截至今年9月底, 今年前三季度: 2025; 昆山累计批准台资项目 and 昆山新增台资项目 are kinds, not names
    assert {got[r]["year"] for r in ("5,300余个", "650亿美元", "86个", "12.5亿美元")} == {2025}
    assert {got[r]["entity"] for r in ("5,300余个", "86个")} == {"昆山市"} and got["18%"]["of_metric"] == "investment"


def test_livestock_counts_and_a_fall_in_a_count():
    got = facts_of("生猪出栏35.6万头,家禽出栏1200万只。\n全区规上工业企业同比减少12家。\n")
    assert pick(got["35.6万头"], "metric", "value", "unit") == ("other", 356_000.0, "count")
    assert pick(got["1200万只"], "metric", "value", "unit") == ("other", 12_000_000.0, "count")
    # 同比减少12家: a change, never 12 firms to add to a count of firms
    assert pick(got["12家"], "metric", "value") == ("other", 12.0)
    # not figures: 一头, 龙头企业, 只有
    assert facts_of("培育龙头企业,只有一头牛。\n") == {}


def test_years_of_a_horizon_and_of_last_year_s_same_period():
    got = facts_of("今后五年,西青区将力争引进产业项目500个以上。\n去年同期,全区地区生产总值为493亿元。\n", date(2025, 8, 15))
    assert pick(got["500个"], "status", "year") == ("target", 2030)  # 今后五年: publication year + 5
    # 去年同期 opens the sentence: the figure is last year's (比去年同期增长 is only a comparison)
    assert pick(got["493亿元"], "status", "year") == ("actual", 2024)
    got = facts_of("今年新增项目20个,与去年同期相比增加3个。\n", date(2025, 8, 15))
    assert got["20个"]["year"] == 2025


def test_cities_given_respectively():
    got = facts_of("宁波、温州两市分别完成固定资产投资3200亿元、2100亿元。\n", date(2025, 2, 15))
    assert pick(got["3200亿元"], "district", "scope", "entity") == ("unknown:宁波", "city", "宁波")
    assert pick(got["2100亿元"], "district", "scope", "entity") == ("unknown:温州", "city", "温州")


def test_a_day_dates_a_signing_and_an_industry_city_is_a_zone():
    text = "11月6日,青白江区在上海举行招商推介会,现场签约项目15个,总投资126.8亿元。\n据介绍,欧洲产业城已入驻企业86家。\n"
    got = facts_of(text, date(2025, 11, 10))
    # 11月6日 in an article of 10 November: this year's signing (of 5 November: last year's)
    assert [got[r]["year"] for r in ("15个", "126.8亿元")] == [2025, 2025]
    assert facts_of(text, date(2025, 11, 5))["15个"]["year"] == 2024
    assert pick(got["86家"], "scope", "entity", "district") == ("zone", "欧洲产业城", "unknown:青白江区")


def test_an_indicator_table_saved_as_html():
    """<td>612.5</td><td>6.3</td>: cells are kept apart, so the table reads like a flattened one."""
    got = facts_of((FIX / "html_indicator_table.txt").read_text(encoding="utf-8"), date(2025, 10, 20))
    assert [(raw, f["metric"], f["of_metric"], f["value"], f["unit"], f["year"]) for raw, f in got.items()] == [
        ("612.5", "gdp", None, 612.5e8, "CNY", 2025),
        ("6.3", "growth", "gdp", 6.3, "percent", 2025),
        ("245.8", "value_added", None, 245.8e8, "CNY", 2025),
        ("8.1", "growth", "value_added", 8.1, "percent", 2025),
        ("5.2", "growth", "investment", 5.2, "percent", 2025),  # 固定资产投资: only its growth is given (—)
        ("188.3", "retail_sales", None, 188.3e8, "CNY", 2025),
        ("4.4", "growth", "retail_sales", 4.4, "percent", 2025),
    ]


def test_kinds_of_project_in_an_enumeration():
    got = facts_of(
        "二是加快项目建设,全年完成重点项目投资325.6亿元(同比增长12.4%)。\n“5G+工业互联网”融合应用项目达到56个。\n萧山区实施智能化改造项目120个。\n",
        date(2025, 12, 20),
    )
    # 重点项目, 融合应用项目, 智能化改造项目: kinds of project, not names (the article's place is 萧山区)
    assert {raw: (f["scope"], f["entity"]) for raw, f in got.items()} == {
        "325.6亿元": ("district", "萧山区"),
        "12.4%": ("district", "萧山区"),
        "56个": ("district", "萧山区"),
        "120个": ("district", "萧山区"),
    }
    assert got["12.4%"]["of_metric"] == "investment"


def test_a_period_release_s_title_dates_its_figures():
    """前三季度嘉定区经济运行稳中向好: paragraphs with no period of their own are the title's."""
    got = facts_of((FIX / "period_release_jiading.txt").read_text(encoding="utf-8"), date(2025, 10, 28))
    assert {f["year"] for f in got.values()} == {2025}
    # 投资保持增长。全区完成固定资产投资486.2亿元,同比增长8.9%: no period in its paragraph
    assert pick(got["486.2亿元"], "metric", "status", "year") == ("investment", "actual", 2025)
    growth = {raw: (f["value"], f["of_metric"]) for raw, f in got.items() if f["metric"] == "growth"}
    assert growth == {
        "5.1%": (5.1, "gdp"),
        "4.2%": (4.2, "value_added"),  # 第二产业增加值
        "6.0%": (6.0, "value_added"),
        "3.6%": (3.6, "industrial_output"),
        "2.8%": (2.8, "output_value"),  # 汽车制造业产值
        "35.2%": (35.2, "output_value"),
        "8.9%": (8.9, "investment"),
        "15.6%": (15.6, "investment"),
        "3.2%": (-3.2, "investment"),  # 房地产开发投资…下降3.2%
        "3.9%": (3.9, "retail_sales"),
        "1.2%": (1.2, "trade"),
        "2.4%": (-2.4, "trade"),  # 其中出口…下降2.4%
        "2.3%": (2.3, "tax_revenue"),
    }


def test_recently_dates_a_signing_and_a_range_of_a_size_class_is_no_figure():
    got = facts_of(
        "记者获悉,鸠江区近日集中签约项目18个,协议总投资达156.3亿元。\n其中,投资额在1亿元至10亿元之间的项目13个。\n",
        date(2025, 11, 18),
    )
    assert [got[r]["year"] for r in ("18个", "156.3亿元")] == [2025, 2025]  # 近日: about publication
    assert "1亿元至10亿元" not in got and "1亿元" not in got and "10亿元" not in got
    assert pick(got["13个"], "metric", "value") == ("projects", 13.0)


def test_the_whole_place_after_a_sentence_on_its_zone():
    got = facts_of(
        "义乌市2024年实现地区生产总值2231亿元。\n义乌经济技术开发区完成规上工业总产值980亿元。\n全市进出口总额达到6361亿元。\n",
        date(2025, 3, 1),
    )
    assert pick(got["980亿元"], "district", "scope") == ("unknown:义乌经济技术开发区", "zone")
    # 全市 in a county-level city's article: the city's own figure, not the zone's
    assert pick(got["6361亿元"], "district", "scope", "entity") == ("unknown:义乌市", "district", "义乌市")
    got = facts_of("义乌市实现地区生产总值2231亿元。\n义乌经济技术开发区完成投资98亿元。\n佛堂镇完成固定资产投资86亿元。\n")
    assert pick(got["86亿元"], "district", "scope", "entity") == ("unknown:义乌市", "town", "佛堂镇")  # the city's town


@pytest.mark.parametrize(
    ("text", "raw", "status"),
    [
        ("双方达成合作意向,意向投资20亿元。\n", "20亿元", "plan"),  # intended, not invested
        ("目前在谈项目28个,总投资超300亿元。\n", "28个", "plan"),  # under negotiation
        ("目前在谈项目28个,总投资超300亿元。\n", "300亿元", "plan"),
        ("签订意向协议12项。\n", "12项", "signed"),  # a letter of intent signed is a signing
        ("在投资洽谈会上签约项目20个。\n", "20个", "signed"),  # a fair's name is no negotiation
    ],
)
def test_intended_and_negotiated_deals_are_planned(text, raw, status):
    assert facts_of(text, date(2025, 4, 20))[raw]["status"] == status


def test_a_sum_since_an_earlier_year_is_for_no_one_year():
    text = "2024年以来,全区新增市场主体2.3万户。\n"
    assert facts_of(text, date(2025, 8, 15))["2.3万户"]["year"] is None  # 2024 and most of 2025
    assert facts_of(text, date(2025, 2, 15))["2.3万户"]["year"] == 2024  # a few weeks of 2025 besides
    assert facts_of("今年以来,全区新增市场主体2.3万户。\n", date(2025, 8, 15))["2.3万户"]["year"] == 2025


def test_a_zone_named_by_the_title_alone_is_the_article_s_place():
    """前海深港合作區…: Traditional, Hong Kong dollars, and no county named anywhere."""
    got = facts_of((FIX / "traditional_qianhai_title_zone.txt").read_text(encoding="utf-8"), date(2025, 10, 30))
    assert {(f["district"], f["scope"]) for f in got.values()} == {("unknown:前海深港合作区", "zone")}
    assert pick(got["42.6亿美元"], "metric", "unit", "year") == ("fdi", "USD", 2025)
    assert pick(got["1.5万亿港元"], "metric", "value", "unit", "qualifier") == ("registered_capital", 1.5e12, "HKD", "over")
    assert pick(got["50亿港元"], "metric", "unit", "status") == ("incentive", "HKD", "target")
    # a title opening with a verb names no zone
    assert facts_of("推进开发区改革\n全区完成投资52亿元。\n")["52亿元"]["district"] is None

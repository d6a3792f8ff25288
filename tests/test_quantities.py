import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.quantities import find_quantities, parse_number
from etl.schema import UNITS


def one(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    "text,value,high,unit,qualifier,raw",
    [
        ("实现工业总产值高达5311.7亿元,且", 531_170_000_000.0, None, "CNY", "exact", "5311.7亿元"),
        ("投资3亿余元,规划", 300_000_000.0, None, "CNY", "over", "3亿余元"),
        ("实现产值500余亿元", 50_000_000_000.0, None, "CNY", "over", "500余亿元"),
        ("预计将突破4万亿,成为", 4e12, None, "CNY", "over", "4万亿"),
        ("总投资约166亿的中博", 16_600_000_000.0, None, "CNY", "approx", "166亿"),
        ("年税收约2800万元。", 28_000_000.0, None, "CNY", "approx", "2800万元"),
        ("规划占地79亩,建起", 79 * 10000 / 15, None, "m2", "exact", "79亩"),
        ("总建筑面积7万余平方米,为", 70_000.0, None, "m2", "over", "7万余平方米"),
        ("总占地约21平方公里,以", 21_000_000.0, None, "m2", "approx", "21平方公里"),
        ("占地12公顷", 120_000.0, None, "m2", "exact", "12公顷"),
        ("总投资20-30亿元", 2e9, 3e9, "CNY", "exact", "20-30亿元"),
        ("投资二十至三十亿元", 2e9, 3e9, "CNY", "exact", "二十至三十亿元"),
        ("引进外资1.5亿美元", 150_000_000.0, None, "USD", "exact", "1.5亿美元"),
        ("力争三年内实现产值收入上1000亿元", 1e11, None, "CNY", "over", "1000亿元"),
        ("占全市15.3%,规模", 15.3, None, "percent", "exact", "15.3%"),
        ("总量占主城区2/3,泉山", 66.67, None, "percent", "exact", "2/3"),
        ("集聚总部型企业200余家,衍生", 200.0, None, "count", "over", "200余家"),
        ("连接超过150万个设备终端", 1_500_000.0, None, "count", "over", "150万个"),
        ("实现12万人工作生活", 120_000.0, None, "person", "exact", "12万人"),
        ("新增就业十三万人", 130_000.0, None, "person", "exact", "十三万人"),
        ("建设5G基站3000座,推进", 3000.0, None, "count", "exact", "3000座"),
        ("全年举办招商推介会16场", 16.0, None, "count", "exact", "16场"),  # events
        ("立项改造项目数132项", 132.0, None, "count", "exact", "132项"),  # 数 before digits is no 数十
        ("10大重点产业化项目签约", 10.0, None, "count", "exact", "10大"),
        ("两千家企业", 2000.0, None, "count", "exact", "两千家"),
        ("总投资1,250.5万元左右", 12_505_000.0, None, "CNY", "approx", "1,250.5万元"),
        ("营收不到5亿元", 5e8, None, "CNY", "under", "5亿元"),
        ("逾300家企业", 300.0, None, "count", "over", "300家"),
        ("厂房面积达3000平方米以上。", 3000.0, None, "m2", "over", "3000平方米"),  # 以上的楼宇 would be a size class
        ("投资新台币45亿元", 4.5e9, None, "TWD", "exact", "45亿元"),  # the currency before the number
        ("总投资港币3亿元", 3e8, None, "HKD", "exact", "3亿元"),
        ("折合人民币3亿元", 3e8, None, "CNY", "approx", "3亿元"),
    ],
)
def test_quantity(text, value, high, unit, qualifier, raw):
    q = one(text)
    assert q.value == pytest.approx(value)
    assert q.value_high == (pytest.approx(high) if high else None)
    assert (q.unit, q.qualifier, q.raw) == (unit, qualifier, raw)
    assert text[q.start : q.end] == raw


@pytest.mark.parametrize(
    "text",
    [
        "2021年,奎文区出台了意见",
        "1月30日举行签约活动",
        "仅用了45天时间",
        "5年内初步建成",
        "壮大五大主导产业",
        "全力推动“三大战略”",
        "北方数据中心一期工程已正式建成,二期工程",
        "这也是泉山承办大会的第四个年头",
        "锦江综合排名全国第三",
        "这是一个区域,也是一座城市的未来",
        "数十位工人分工协作",
        "几个月的全力推动",
        "党杨路-G104立交枢纽",
        "三位一体的新型城域专网",
        "规模连续16年全市第一",
        "苏ICP备17007001号-1",
        "《行动计划(2023—2025年)》",
    ],
)
def test_not_a_quantity(text):
    assert find_quantities(text) == []


def test_numbers():
    assert parse_number("5,311.7") == 5311.7
    assert parse_number("十三万") == 130000
    assert parse_number("两千") == 2000
    assert parse_number("三") == 3


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["亿元", "万元", "元"]))
def test_money_roundtrip(n, unit):
    q = one(f"总投资{n}{unit},")
    factor = {"亿元": 1e8, "万元": 1e4, "元": 1}[unit]
    assert q.value == pytest.approx(n * factor)
    assert q.unit == "CNY"
    assert q.raw == f"{n}{unit}"


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=99))
def test_decimal_area_roundtrip(whole, frac):
    q = one(f"占地{whole}.{frac:02d}亩,")
    assert q.value == pytest.approx(float(f"{whole}.{frac:02d}") * 10000 / 15)
    assert q.unit == "m2"


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500))
def test_range_bounds_ordered(a, b):
    lo, hi = min(a, b), max(a, b)
    qs = find_quantities(f"投资{lo}-{hi}亿元")
    if lo == hi:
        return
    assert len(qs) == 1
    assert qs[0].value == pytest.approx(lo * 1e8)
    assert qs[0].value_high == pytest.approx(hi * 1e8)


@given(st.text(alphabet="零一二两三四五六七八九十百千万亿元亩个家项座%.,0123456789年月日第大约余多的在-", max_size=40))
def test_parser_never_crashes_and_offsets_hold(text):
    _offsets_hold(text)


PIECES = [
    "总投资(亿元) ",
    "单位:亿元",
    "指标名称 10月 累计 增长(%)",
    "用地(亩) ",
    "项目名称 ",
    "\n",
    " ",
    "1 ",
    "25.6 ",
    "320",
    "万吨",
    "千瓦时",
    "增长",
    "1.5倍",
    "3亿5000万元",
    "1万2千人",
    "百分之三十五点五",
    "人口52.3万",
    "最高",
    "/亩",
    "数百亿元",
]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_tables_compounds_and_units_never_crash_and_offsets_hold(text):
    _offsets_hold(text)


def _offsets_hold(text):
    found = find_quantities(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))  # in order, no overlaps
    for q in found:
        assert text[q.start : q.end] == q.raw
        assert q.value >= 0
        assert q.value_high is None or q.value_high >= q.value
        assert q.unit in UNITS


@pytest.mark.parametrize(
    "text,raws",
    [
        ("年发电量5亿千瓦时", ["5亿千瓦时"]),  # energy, not money (see the physical units below)
        ("新签约10亿元以上项目25个,协议总金额达580亿元", ["25个", "580亿元"]),
        ("亿元级项目12个", ["12个"]),
        ("新建3场馆,打好一场攻坚战", []),  # 场馆 is a noun; 一场 a word
        ("建成近80座5000平方米以上的商务楼宇", ["80座"]),  # a size class of buildings: the count stays
        ("园区有2万平方米及以上标准厂房6栋", ["6栋"]),
        ("新建厂房3万平方米以上,年内投用", ["3万平方米"]),  # no noun after 以上: the area itself
        ("总投资100亿元人民币", ["100亿元"]),
        ("产业规模将达到千亿元", ["千亿元"]),
        ("打造千亿级产业集群", []),
        ("其中产值超百亿元企业9家", ["9家"]),
        ("投资额超50亿元的项目6个", ["6个"]),
        ("引进投资超过10亿元项目12个", ["12个"]),
        ("项目总投资超50亿元,已开工", ["50亿元"]),  # one project's figure, not a class
        ("投资超50亿元的智能制造项目", ["50亿元"]),  # words between: one project
        ("入驻企业逾300家企业", ["300家"]),  # counts are never size classes
        ("其中三大主导产业项目25个", ["25个"]),  # a tier label of industries, not three projects
        ("五大新兴产业集群项目40个", ["40个"]),
        ("谋划实施10大重点产业化项目", ["10大"]),  # 产业化项目: ten projects
        ("在全省开发区综合排名前20名", []),  # a rank, not twenty people
        ("投资增速后三位:甲县、乙县", []),
    ],
)
def test_thresholds_and_other_units_are_not_money(text, raws):
    assert [q.raw for q in find_quantities(text)] == raws


@pytest.mark.parametrize(
    "text,raws",
    [
        ("2023年佛山实现GDP13276.14亿元,同比增长5%", ["13276.14亿元", "5%"]),  # GDP glued to its figure
        ("G15沈海高速,5G基站1200座", ["1200座"]),  # letters before a number make a label
        ("全年GDP突破万亿大关", ["万亿"]),
        ("成为全省第三个GDP过万亿的城市", ["万亿"]),
        ("打造万亿级产业集群,万亿城市增至26个", ["26个"]),  # a class and a label, no milestone
        ("距离万亿大关仅一步之遥", []),  # not passed
    ],
)
def test_gdp_glued_to_its_figure_and_milestones_written_without_yuan(text, raws):
    assert [q.raw for q in find_quantities(text)] == raws
    for q in find_quantities(text):
        if q.raw == "万亿":
            assert (q.value, q.unit, q.qualifier) == (1e12, "CNY", "over")


@pytest.mark.parametrize(
    "text,raw,value,unit,qualifier",
    [
        ("年产蔬菜450万吨", "450万吨", 4.5e6, "t", "exact"),
        ("年发电量约6亿千瓦时", "6亿千瓦时", 6e8, "kWh", "approx"),
        ("光伏装机容量50万千瓦", "50万千瓦", 5e5, "kW", "exact"),
        ("风电装机超过300兆瓦", "300兆瓦", 3e5, "kW", "over"),
        ("集装箱吞吐量完成120万标箱", "120万标箱", 1.2e6, "TEU", "exact"),
        ("地铁3号线全长12.6公里", "12.6公里", 12.6, "km", "exact"),
        ("年供水能力3000万立方米", "3000万立方米", 3e7, "m3", "exact"),
        ("规划面积72.5平方公里", "72.5平方公里", 72.5e6, "m2", "exact"),  # area, not length
    ],
)
def test_physical_units_keep_their_own_unit(text, raw, value, unit, qualifier):
    (q,) = find_quantities(text)
    assert (q.raw, q.value, q.unit, q.kind, q.qualifier) == (raw, value, unit, "physical" if unit != "m2" else "area", qualifier)


def test_a_size_class_in_physical_units_is_no_figure():
    assert [q.raw for q in find_quantities("新建10万吨级泊位2个,引进百万千瓦级机组")] == ["2个"]


@pytest.mark.parametrize(
    "text,raw,value,high,unit",
    [
        ("投资10.5亿人民币。", "10.5亿人民币", 10.5e8, None, "CNY"),
        ("投资额度为5000万元至1亿元", "5000万元至1亿元", 5e7, 1e8, "CNY"),
        ("年产值可达30亿至50亿元", "30亿至50亿元", 3e9, 5e9, "CNY"),
    ],
)
def test_currency_words_and_ranges_across_units(text, raw, value, high, unit):
    q = one(text)
    assert (q.raw, q.value, q.value_high, q.unit) == (raw, value, high, unit)


@pytest.mark.parametrize(
    "text,qualifier",
    [
        ("安排不少于5000万元", "over"),
        ("增速不低于8%", "over"),
        ("投资不超过3亿元", "under"),
        ("能耗不高于20万吨标准煤的项目投资2亿元", "exact"),
        ("少于30个", "under"),
        ("低于5%", "under"),
    ],
)
def test_negated_qualifiers(text, qualifier):
    assert find_quantities(text)[-1].qualifier == qualifier


def test_a_spaced_number_is_never_a_round_sum_of_its_own():
    # uncleaned "1.2 万亿元": no 1e12 from the 万亿元 alone (cleaning joins the number to it)
    assert find_quantities("进出口总额 1.2 万亿元,") == []
    assert [q.value for q in find_quantities("迈向千亿元,")] == [1e11]


@given(
    st.sampled_from(["地区生产总值", "社会消费品零售总额", "规上工业企业", "GDP"]),
    st.sampled_from(
        [("亿元", 1e8, "CNY"), ("万元", 1e4, "CNY"), ("亩", 10000 / 15, "m2"), ("家", 1, "count"), ("%", 1, "percent")]
    ),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=99),
    st.one_of(st.none(), st.floats(min_value=-99, max_value=99, allow_nan=False).map(lambda x: round(x, 1))),
    st.booleans(),
)
def test_table_rows(name, unit, whole, frac, growth, in_parens):
    word, factor, base = unit
    number = f"{whole}.{frac:02d}"
    cell = f"({word}) " if in_parens else f" {word} "
    row = f"{name}{cell}{number}" + (f" {growth}" if growth is not None else "")
    text = f"主要指标\n指标 单位 绝对值 增长(%)\n{row}\n"
    qs = find_quantities(text)
    assert [(q.raw, q.unit) for q in qs][0] == (number, base)
    assert qs[0].value == pytest.approx(float(number) * factor)
    assert text[qs[0].start : qs[0].end] == number
    if growth is not None:
        assert [(q.raw, q.value, q.unit, q.measure) for q in qs[1:]] == [(str(growth), growth, "percent", "增长(%)")]
    else:
        assert len(qs) == 1


@pytest.mark.parametrize(
    "text,raws",
    [
        ("同比增长1.5倍", [("1.5倍", 150.0, "exact")]),
        ("营收增长了两倍多", [("两倍多", 200.0, "over")]),
        ("出口增长超过1倍", [("1倍", 100.0, "over")]),
        ("是2020年的1.4倍", []),  # a ratio, not a growth
        ("增长到2倍", []),  # grows to twice: +100 %, but said as a level; left alone
    ],
)
def test_a_growth_by_a_multiple_is_a_percent(text, raws):
    assert [(q.raw, q.value, q.qualifier) for q in find_quantities(text) if q.unit == "percent"] == raws


@pytest.mark.parametrize(
    "text,raw,value,unit,qualifier",
    [
        ("项目总投资3亿5000万元", "3亿5000万元", 350_000_000.0, "CNY", "exact"),  # was read as 5000万元
        ("总投资3亿5千万元", "3亿5千万元", 350_000_000.0, "CNY", "exact"),
        ("总投资三亿五千万元", "三亿五千万元", 350_000_000.0, "CNY", "exact"),
        ("吸纳就业1万2千人", "1万2千人", 12_000.0, "person", "exact"),  # was 2千人
        ("占比达到百分之三十五点五", "百分之三十五点五", 35.5, "percent", "exact"),  # was 35
        ("百分之十二点零五", "百分之十二点零五", 12.05, "percent", "exact"),
        ("泉山区人口约为52.3万,面积", "52.3万", 523_000.0, "person", "approx"),
        ("常住人口120余万。", "120余万", 1_200_000.0, "person", "over"),
    ],
)
def test_compound_numbers_decimal_words_and_unwritten_people(text, raw, value, unit, qualifier):
    (q,) = [q for q in find_quantities(text) if q.raw == raw]
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    "text,raw,value,unit",
    [
        ("投资5000万美金", "5000万美金", 5e7, "USD"),
        ("合同金额5亿新加坡元", "5亿新加坡元", 5e8, "SGD"),  # was 5亿 yuan
        ("投资1.2亿澳元", "1.2亿澳元", 1.2e8, "AUD"),
        ("总投资100亿韩元", "100亿韩元", 1e10, "KRW"),
    ],
)
def test_other_currencies_are_never_yuan(text, raw, value, unit):
    (q,) = find_quantities(text)
    assert (q.raw, q.value, q.unit, q.kind) == (raw, value, unit, "money")


@given(
    st.sampled_from(["", "上", "近", "超", "逾"]),
    st.sampled_from(["百", "千", "万"]),
    st.sampled_from(["", "余", "多"]),
    st.sampled_from(["家", "个", "人", "栋", "亩"]),
    st.sampled_from(["企业", "全区", "已有", "带动"]),
)
def test_round_figures_without_a_digit(prefix, num, suffix, unit, before):
    """百余家, 近千家, 上万人: a figure only when said to be about or over 百/千/万."""
    qs = find_quantities(f"{before}{prefix}{num}{suffix}{unit},")
    if not prefix and not suffix:
        assert qs == []  # 千家万户, 百万人口: words
        return
    (q,) = qs
    base = {"百": 100, "千": 1000, "万": 10000}[num] * (10000 / 15 if unit == "亩" else 1)
    assert q.value == pytest.approx(base)
    assert q.qualifier == ("approx" if prefix == "近" and not suffix else "over")
    assert q.raw == f"{prefix}{num}{suffix}{unit}"


# --------------------------------------------------------------------------- Chinese integers without cn2an


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=99_999_999))  # with 亿 in words: left to cn2an
def test_written_out_chinese_integers_read_as_cn2an_writes_them(n):
    import cn2an

    from etl.quantities import _cn_integer

    for text in (cn2an.an2cn(n, "low"), cn2an.an2cn(n, "low").replace("二", "两", 1) if n >= 200 else cn2an.an2cn(n, "low")):
        got = _cn_integer(text)
        assert got is None or got == n, (text, got)
    assert _cn_integer(cn2an.an2cn(n, "low")) == n


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿", min_size=1, max_size=8))
def test_any_numeral_string_reads_as_cn2an_reads_it_or_is_left_to_it(text):
    import cn2an

    from etl.quantities import _cn_integer

    got = _cn_integer(text)
    if got is None:
        return
    assert got == float(cn2an.cn2an(text, "normal")), text

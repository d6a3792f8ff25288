"""A realistic corpus at any size, in the seeds' style: python -m etl.synth --articles N --out DIR

Seeded and deterministic. Articles mix real sentence patterns with figures in every form the
parser handles (亿元, 万余平方米, 亩, 万吨, 万千瓦, 约/超过/突破, Chinese numerals, ranges, targets and
actuals, signings), spread over the gazetteer and hundreds of real counties and many years;
about one in ten is Traditional with pinyin glosses, one in ten is GBK-encoded.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import random
import sys
from pathlib import Path

from etl import reference
from etl.manifest import COLUMNS
from etl.places import admin_units

GLOSS = {"产": "chǎn", "业": "yè", "区": "qū", "发": "fā", "展": "zhǎn", "续": "xù", "环": "huán", "创": "chuàng"}
ENTITY_SUFFIX = ["产业园", "科技城", "智造基地", "数据中心", "物流园", "创新港"]
ENTITY_HEAD = ["高端装备", "新能源", "生物医药", "数字经济", "冷链", "精密制造", "人工智能", "文创", "总部经济", "安全应急"]
CLUSTER_PHRASES = [
    "数字经济",
    "生物医药",
    "智能制造",
    "新能源",
    "都市工业",
    "现代物流",
    "文化创意",
    "安全应急",
    "商贸",
    "现代金融",
]
CN = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """Small integers as Chinese numerals (3 -> 三, 25 -> 二十五, 120 -> 一百二十)."""
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = (
            "" if rest == 0 else ("零" + CN[rest] if rest < 10 else _cn_number(rest) if rest >= 20 else "一" + _cn_number(rest))
        )
        return CN[n // 100] + "百" + tail
    return str(n)


def _money(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        return f"{rng.randint(2, 900)}{rng.choice(['', '.5', '.2', '.75'])}亿元"
    if kind < 0.6:
        return f"{rng.randint(2, 90)}亿余元"
    if kind < 0.7:
        return f"{rng.randint(1000, 9000)}万元"
    if kind < 0.8:
        lo = rng.randint(5, 50)
        return f"{lo}-{lo + rng.randint(5, 30)}亿元"
    if kind < 0.9:
        return f"{_cn_number(rng.randint(3, 99))}亿元"
    return f"{rng.randint(10, 90)}余亿元"


def _area(rng: random.Random) -> tuple[str, str]:
    kind = rng.random()
    if kind < 0.35:
        return "占地", f"{rng.randint(20, 900)}{rng.choice(['', '.5'])}亩"
    if kind < 0.6:
        return "总建筑面积", f"{rng.randint(2, 60)}万余平方米"
    if kind < 0.8:
        return "建筑面积", f"{rng.randint(1000, 90000)}平方米"
    return "规划面积", f"{rng.randint(2, 40)}平方公里"


def _physical(rng: random.Random, place: str) -> str:
    """Output in physical units: tonnes, kW, kWh, TEU."""
    kind = rng.random()
    if kind < 0.4:
        product = rng.choice(["钢材", "粮食", "蔬菜", "水泥", "煤炭"])
        return f"{place}全年{product}产量达到{rng.randint(10, 900)}万吨。"
    if kind < 0.7:
        return f"全区光伏装机容量{_qual(rng)}{rng.randint(5, 90)}万千瓦,年发电量约{rng.randint(1, 20)}亿千瓦时。"
    return f"{place}港口集装箱吞吐量完成{rng.randint(10, 500)}万标箱,同比增长{rng.randint(2, 15)}%。"


def _qual(rng: random.Random) -> str:
    return rng.choice(["", "", "约", "超过", "突破", "近"])


# Narrative sentences without figures: news and government articles are mostly prose (the
# seeds carry one figure per ~600 bytes; with these, the default corpus does too).
PROSE = [
    "{place}始终把项目建设作为推动高质量发展的生命线,坚持一切围绕项目转、一切聚焦项目干。",
    "走进{place}的生产车间,自动化生产线高速运转,工人们正在有条不紊地忙碌着。",
    "“我们选择这里,看中的是完善的产业配套和高效的政务服务。”一位企业负责人说。",
    "近年来,{place}立足资源禀赋和产业基础,着力培育壮大特色优势产业,走出了一条转型发展的新路子。",
    "在招商引资工作中,{place}坚持链式思维,聚焦产业链关键环节精准招商,实现引进一个、带动一批。",
    "为破解企业融资难题,{place}搭建银企对接平台,引导金融机构加大对实体经济的支持力度。",
    "{place}持续深化“放管服”改革,推行“一窗受理、集成服务”,企业办事更加便捷高效。",
    "该负责人表示,下一步将聚焦主责主业,在科技创新、品牌建设、市场开拓等方面持续发力。",
    "与此同时,{place}大力实施人才强区战略,出台一系列引才育才政策,为产业发展提供智力支撑。",
    "据介绍,项目建成后将有效填补区域产业链空白,进一步提升产业集聚度和核心竞争力。",
    "{place}坚持生态优先、绿色发展,推动传统产业改造升级,加快构建现代化产业体系。",
    "站在新的起点上,{place}将以更加昂扬的姿态、更加务实的作风,奋力谱写高质量发展新篇章。",
    "连日来,{place}各重点项目建设现场塔吊林立、机器轰鸣,处处呈现出大干快上的火热场面。",
    "在园区规划展厅里,一张张效果图、一个个沙盘,勾勒出这片热土未来发展的美好蓝图。",
    "{place}主要负责同志多次深入项目一线调研,现场协调解决项目推进中的困难和问题。",
    "围绕“强链、补链、延链”,{place}梳理产业链上下游重点企业名录,绘制招商地图。",
    "为保障项目顺利推进,{place}建立了领导包联、专班推进、定期调度的工作机制。",
    "业内人士认为,这一举措将进一步激发市场主体活力,为区域经济发展注入新动能。",
    "{place}积极融入区域协调发展战略,加强与周边地区的产业协作和资源共享。",
    "从“引进来”到“扎下根”,越来越多的企业在这里实现了从小到大、从弱到强的蝶变。",
    "记者了解到,该企业自主研发的多项产品填补了国内空白,市场占有率持续提升。",
    "{place}着力打造市场化、法治化、国际化营商环境,让企业安心投资、放心发展。",
    "在数字化转型方面,{place}鼓励企业上云用数赋智,推动制造业向智能化方向迈进。",
    "这条产业大道两侧,一座座现代化厂房拔地而起,见证着{place}工业经济的蓬勃发展。",
    "{place}相关部门负责人介绍,将继续优化服务举措,为企业发展提供全生命周期服务。",
    "面对复杂严峻的外部环境,{place}保持战略定力,稳住了经济发展的基本盘。",
    "在科技创新平台建设上,{place}支持企业与高校、科研院所开展产学研合作。",
    "夜幕降临,园区内依旧灯火通明,不少企业正在加班加点赶制订单。",
]

FILLER = [
    "{place}坚持把发展经济的着力点放在实体经济上,持续优化营商环境,推动产业链、创新链、人才链深度融合。",
    "围绕主导产业,{place}绘制重点产业链图谱,引导企业链式布局、集群发展,努力使产业链更完整、产业集群更协同。",
    "良好的投资发展环境才能引来更多优质企业,{place}深入开展暖企、助企、兴企行动,构建便捷高效的政务环境。",
    "当前,{place}已进入全面加快高质量发展的关键期,将依托重大战略、重大产业和重大项目不断跑出发展加速度。",
    "项目负责人介绍,园区将以高端化、智能化、绿色化为方向,招引高附加值企业入驻,打造产城融合的示范样板。",
    "记者在现场看到,施工人员正在紧张有序地作业,各类机械设备往来穿梭,一派热火朝天的建设景象。",
    "下一步,{place}将继续坚持项目为王理念,强化要素保障,推动签约项目早落地、落地项目早开工、开工项目早投产。",
    "与会企业代表表示,这里区位优势明显、产业基础扎实、服务保障到位,对未来发展充满信心。",
]


def _sentences(rng: random.Random, place: str, year: int, entity: str) -> list[str]:
    cluster = rng.choice(CLUSTER_PHRASES)
    land_cue, area = _area(rng)
    n_projects = rng.randint(5, 60)
    return [
        f"{year - 1}年,{place}实现规上工业总产值{_qual(rng)}{_money(rng)},同比增长{rng.randint(2, 15)}.{rng.randint(0, 9)}%。",
        f"{year}年以来,{place}新签约{cluster}项目{n_projects}个,总投资{_qual(rng)}{_money(rng)}。",
        f"{entity}项目计划总投资{_money(rng)},{land_cue}{area},预计{year + 2}年建成投产。",
        _physical(rng, place),
        f"力争到{year + 3}年,全区{cluster}产业规模突破{rng.randint(100, 2000)}亿元,集聚企业{rng.randint(50, 900)}余家。",
        f"目前,{entity}已建成标准厂房{_cn_number(rng.randint(3, 30))}栋,入驻企业{rng.randint(10, 200)}家,实现营业收入{_money(rng)}。",
        f"{place}还将加快布局{rng.choice(CLUSTER_PHRASES)}与{rng.choice(CLUSTER_PHRASES)},三年内新增载体资源{rng.randint(10, 90)}万平方米。",
    ]


@functools.cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _glossed(text: str) -> str:
    trad = _s2t().convert(text)
    out = []
    for simp, tch in zip(text, trad, strict=False):
        out.append(tch + (f"({GLOSS[simp]})" if simp in GLOSS and simp != tch else ""))
    return "".join(out)


def _places(rng: random.Random) -> list[tuple[str, str]]:
    """(manifest district, name as written) for the gazetteer and a few hundred real counties."""
    out = [(d.id, d.name_zh) for d in reference.districts()]
    aliases = {a for d in reference.districts() for a in d.aliases}
    counties = sorted(
        {
            u.name
            for u in admin_units()
            if not u.adcode.endswith("00000000") and len(u.name) >= 3 and u.name.endswith(("区", "县")) and u.name not in aliases
        }
    )
    for name in rng.sample(counties, min(400, len(counties))):
        out.append((f"unknown:{name}", name))
    return out


def generate(n: int, out: Path, seed: int = 20261121, dense: bool = False) -> list[dict]:
    """N articles and their manifest in ``out``. By default an article carries about as many
    bytes per figure as the seeds (about 600); ``dense`` leaves the prose out (about 200)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    places = _places(rng)
    rows = []
    for i in range(n):
        district, place = rng.choice(places)
        year = rng.randint(2015, 2025)
        entity = f"{place[:2]}{rng.choice(ENTITY_HEAD)}{rng.choice(ENTITY_SUFFIX)}"
        body = _sentences(rng, place, year, entity)[: rng.randint(4, 6)]
        if dense:
            body += [f.format(place=place) for f in rng.sample(FILLER, rng.randint(3, 8))] * rng.randint(1, 3)
            rng.shuffle(body)
            paragraphs = body
        else:
            body = body[: rng.randint(3, 5)]
            body += [f.format(place=place) for f in rng.sample(FILLER, rng.randint(5, 8))]
            body += [f.format(place=place) for f in rng.sample(PROSE, rng.randint(20, 28))]
            rng.shuffle(body)
            paragraphs, i = [], 0
            while i < len(body):  # paragraphs of one to four sentences, as in the seeds
                k = rng.randint(1, 4)
                paragraphs.append("".join(body[i : i + k]))
                i += k
        title = f"{place}:{rng.choice(['以重大项目建设强引擎', '产业强区 创新驱动', '抢抓机遇 加快发展'])}"
        text = title + "\n\n" + "\n".join(paragraphs) + "\n\n上一篇: 打好五张关键牌\n下一篇: 加快开发区提质升级\n"
        script, encoding = "Hans", "utf-8"
        r = rng.random()
        if r < 0.1:
            text, script = _glossed(text), "Hant"
        data = text.encode("utf-8")
        if 0.1 <= r < 0.2:
            data, encoding = text.encode("gb18030"), "gbk"
        sha = hashlib.sha256(data).hexdigest()
        doc_id = f"s{i:07d}_{sha[:12]}"
        (out / f"{doc_id}.txt").write_bytes(data)
        month = rng.randint(1, 12)
        rows.append(
            {
                "doc_id": doc_id,
                "file": f"{doc_id}.txt",
                "districts": district,
                "published": f"{year}-{month:02d}",
                "published_precision": "month",
                "published_basis": "synthetic",
                "script": script,
                "source": f"synthetic ({encoding})",
                "url": "",
                "title_zh": title,
                "sha256": sha,
            }
        )
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl.synth", description=__doc__)
    p.add_argument("--articles", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=20261121)
    p.add_argument("--dense", action="store_true", help="no narrative prose: about three times as many figures per byte")
    args = p.parse_args(argv)
    rows = generate(args.articles, args.out, args.seed, dense=args.dense)
    size = sum((args.out / r["file"]).stat().st_size for r in rows)
    print(f"wrote {len(rows)} articles ({size / 1e6:.1f} MB) and manifest.csv to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A large, realistic corpus of Chinese park and industry news for measuring extraction and building at scale.

    .venv/bin/python -m benchmarks.corpus --out /tmp/kg-corpus --articles 2000 --seed 1
    .venv/bin/python -m benchmarks.corpus --out /tmp/kg-corpus-200mb --megabytes 200 --seed 1

Articles are written from templates in the style of the seed articles (park reports, signing ceremonies,
government work reports, firm profiles), filled from vocabularies: places from the national division table
(cpca, through kg.extraction.lexicon),
parks named after them (…高新技术产业开发区, …经济技术开发区, …产业园), firms built by
the grammar of Chinese firm names (place + trade name + industry word + 有限公司/股份有限公司/集团), universities,
institutes, policies (《…的若干措施》), projects (年产…项目), people with their posts, figures with units and
periods, and honours from the project's lexicons. Entities recur across articles (popular ones more often), as
in real news, so the graph has hubs.

Article i depends only on the seed and i, so a corpus of N articles is the first N articles of any larger one,
and the same arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.extraction.lexicon import Division, load

# Characters of trade names (赣锋, 瀚思, 晶睿): two are drawn for each firm, so names are varied and mostly new words.
TRADE_CHARS = ("瀚思晶睿芯测合纳赣锋恒瑞华泰宏远鸿腾飞云海星光明德信诚嘉禾盛隆昌宇宝利通创智联汇源丰润金铂钴硅钛"
               "川岳林森春秋龙凤麒鹏程万和福康宁永兴青蓝天启衡均胜博雅精工迅达凯欣悦亿洲浩翔卓越朗峰拓源澜沃")
FIRM_WORDS = ("科技", "新材料", "电子", "智能装备", "生物医药", "光电", "精密机械", "新能源", "半导体", "微电子",
              "汽车零部件", "锂电", "化工", "医疗器械", "软件", "信息技术", "环保", "动力电池", "储能", "数控")
FIRM_FORMS = ("有限公司", "有限公司", "股份有限公司", "科技有限公司", "集团有限公司", "集团")
PARK_FORMS = ("高新技术产业开发区", "经济技术开发区", "高新区", "经开区", "工业园区", "{industry}产业园")
UNIVERSITY_FORMS = ("{province}理工大学", "{province}科技大学", "{province}工业大学", "{city}大学", "{city}学院",
                    "{city}职业技术学院", "{province}师范大学")
INSTITUTE_FORMS = ("{province}{industry}研究院", "{city}{industry}技术研究院", "{city}{industry}创新中心",
                   "{province}{industry}工程研究中心")
POLICY_FORMS = ("《{region}关于加快{industry}产业高质量发展的若干措施》", "《{region}{industry}产业发展行动方案》",
                "《{region}支持{industry}产业链招商引资的若干政策》", "《{region}促进{industry}集群发展实施意见》")
PRODUCTS = ("锂电池正极材料", "高性能铜箔", "功率半导体器件", "动力电池模组", "工业机器人", "智能传感器", "光伏组件",
            "高端轴承", "电子特气", "医用导管", "碳纤维复合材料", "液晶显示模组", "新能源汽车电机", "储能电池")
PRODUCT_UNITS = ("万吨", "万套", "万台", "GWh", "万片", "万只")
ROLES_FIRM = ("董事长", "总经理", "副总经理", "总工程师", "负责人")
ROLES_PARK = ("管委会主任", "管委会副主任", "党工委书记")
ROLES_GOV = ("局长", "副局长", "党组书记", "主任")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌玉兰海峰振宇立新红亚楠思远劲松晓东"
METRICS = (("实现营收", "亿元"), ("工业总产值", "亿元"), ("税收收入", "亿元"), ("固定资产投资", "亿元"),
           ("规模以上工业增加值", "亿元"), ("营业收入", "亿元"), ("出口额", "亿美元"))
PERIODS = ("2023年", "2024年", "今年上半年", "今年1至8月", "今年1至9月", "去年", "2024年前三季度", "一季度")
HONOURS = ("国家级专精特新“小巨人”企业", "国家级绿色工厂", "省级智能工厂", "国家高新技术企业", "制造业单项冠军企业",
           "省级专精特新中小企业", "国家级企业技术中心", "瞪羚企业", "国家级绿色工业园区", "省级先进级智能工厂")
PARK_HONOURS = ("国家级绿色工业园区", "国家新型工业化产业示范基地", "国家级创新型产业集群", "省级高新技术产业开发区")
REPORTERS = ("本报记者", "记者", "通讯员")


@dataclass(frozen=True)
class Place:
    province: str  # short form: 江西
    city: str  # short form: 抚州
    city_full: str  # 抚州市
    county: str  # full name of a county of the city, or the city itself


@dataclass
class World:
    """The entities articles are written about; the same seed gives the same world."""

    places: list[Place]
    industries: list[str]
    parks: list[tuple[str, Place, str]]  # name, place, main industry
    firms: list[tuple[str, str, Place, str]]  # full name, short name, place, industry
    universities: list[str]
    institutes: list[str]
    firms_by_city: dict[str, list[tuple[str, str, Place, str]]]


def _places(divisions: dict[str, Division]) -> list[Place]:
    """Every prefecture-level city with its province and counties, in the table's order."""
    counties: dict[str, list[str]] = {}
    for div in divisions.values():
        if div.level == 3:
            counties.setdefault(div.parent, []).append(div.name)
    out = []
    for div in divisions.values():
        if div.level != 2 or not div.short or not div.parent:
            continue
        province = divisions.get(div.parent)
        if not province or not province.short:
            continue
        for county in counties.get(div.name, [div.name])[:4]:
            out.append(Place(province.short, div.short, div.name, county))
    return out


@lru_cache(maxsize=4)
def world(seed: int) -> World:
    lex = load()
    rng = random.Random(f"world-{seed}")
    places = _places(lex.divisions)
    # Industries the articles write about: multi-character sector names of the lexicon.
    industries = sorted(w for w in lex.industries if 3 <= len(w) <= 6 and w not in lex.industries_needing_context)
    rng.shuffle(industries)
    industries = industries[:160]
    parks = []
    used: set[str] = set()
    for _ in range(600):
        place = rng.choice(places)
        industry = rng.choice(industries)
        form = rng.choice(PARK_FORMS).format(industry=industry)
        name = place.city + form
        if name not in used:
            used.add(name)
            parks.append((name, place, industry))
    firms = []
    for _ in range(6000):
        place = rng.choice(places)
        trade = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
        word = rng.choice(FIRM_WORDS)
        lead = rng.choice((place.province, place.city, place.city))
        full = lead + trade + word + rng.choice(FIRM_FORMS)
        if full not in used:
            used.add(full)
            firms.append((full, trade + word, place, rng.choice(industries)))
    universities = sorted({f.format(province=p.province, city=p.city) for p in rng.sample(places, 120)
                           for f in [rng.choice(UNIVERSITY_FORMS)]})
    institutes = sorted({f.format(province=p.province, city=p.city, industry=rng.choice(industries))
                         for p in rng.sample(places, 150) for f in [rng.choice(INSTITUTE_FORMS)]})
    by_city: dict[str, list[tuple[str, str, Place, str]]] = {}
    for f in firms:
        by_city.setdefault(f[2].city, []).append(f)
    return World(places, industries, parks, firms, universities, institutes, by_city)


def _popular(rng: random.Random, items: list, skew: float = 2.0):
    """An item where the first ones come up far more often: the hubs of real news."""
    return items[min(int(len(items) * rng.random() ** skew), len(items) - 1)]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _amount(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def article(seed: int, index: int) -> str:
    """The text of article `index`: a headline, a byline, and paragraphs about one park and its firms."""
    w = world(seed)
    rng = random.Random(f"article-{seed}-{index}")
    park, place, industry = _popular(rng, w.parks, 1.6)
    industry2 = rng.choice(w.industries)
    local = w.firms_by_city.get(place.city, [])[:12]
    firms = local + [_popular(rng, w.firms, 1.8) for _ in range(8)]
    rng.shuffle(firms)
    uni = rng.choice(w.universities)
    inst = rng.choice(w.institutes)
    gov = f"{place.city_full}{rng.choice(('工业和信息化局', '科技局', '商务局', '发展和改革委员会'))}"
    policy = rng.choice(POLICY_FORMS).format(region=place.city_full, industry=industry)
    year = rng.choice(("2023", "2024", "2025"))

    def firm(k: int) -> tuple[str, str, Place, str]:
        return firms[k % len(firms)]

    def figure() -> str:
        metric, unit = rng.choice(METRICS)
        return (f"{rng.choice(PERIODS)}，{park}{metric}{_amount(rng, 10, 900)}{unit}，"
                f"同比增长{_amount(rng, 1, 40)}%")

    paragraphs: list[str] = []
    headline = rng.choice((f"{park}：{industry}集群加速成势", f"{place.city}：做强{industry}产业链",
                           f"{firm(0)[1]}扎根{park} 链上企业竞相集聚", f"{place.province}{industry}产业观察"))
    paragraphs.append(headline)
    paragraphs.append(f"{rng.choice(REPORTERS)} {_person(rng)} {_person(rng)}")
    sentences = [
        lambda: (f"走进{park}，一座座标准厂房拔地而起，{industry}企业的生产线正满负荷运转。"),
        lambda: (f"近年来，{park}聚焦{industry}和{industry2}两大主导产业，围绕研发、制造、应用等环节精准招商，"
                 f"逐步形成了较为完整的产业生态。"),
        lambda: f"{figure()}。",
        lambda: (f"作为{park}{industry}产业链的链主企业，{firm(0)[0]}（以下简称“{firm(0)[1]}”）"
                 f"{rng.choice(PERIODS)}实现营业收入{_amount(rng, 5, 300)}亿元，同比增长{_amount(rng, 1, 50)}%。"),
        lambda: (f"“我们在本地的配套率已经提高到{rng.randint(20, 80)}%左右。”{firm(0)[1]}"
                 f"{rng.choice(ROLES_FIRM)}{_person(rng)}介绍，公司先后带动{firm(1)[0]}、{firm(2)[0]}等"
                 f"{rng.randint(5, 60)}家上下游企业落户园区。"),
        lambda: (f"其中，{firm(1)[1]}专门为{firm(0)[1]}提供{rng.choice(PRODUCTS)}，"
                 f"{firm(2)[1]}则为其稳定供应关键零部件。"),
        lambda: (f"今年{rng.randint(1, 12)}月，总投资{rng.randint(5, 120)}亿元的{firm(3)[0]}年产{rng.randint(2, 80)}"
                 f"{rng.choice(PRODUCT_UNITS)}{rng.choice(PRODUCTS)}项目在{park}正式开工，项目达产后预计年产值"
                 f"{_amount(rng, 10, 200)}亿元。"),
        lambda: f"{firm(4)[0]}成功入选{rng.choice(HONOURS)}名单，{firm(5)[1]}获评{rng.choice(HONOURS)}。",
        lambda: (f"{park}联合{uni}、{inst}共建{industry}协同创新中心，围绕关键材料和核心装备开展联合攻关，"
                 f"累计转化科技成果{rng.randint(10, 200)}项。"),
        lambda: (f"{place.city_full}出台{policy}，从用地保障、人才引进、融资服务等方面给予支持，"
                 f"对新落户的{industry}企业最高奖励{rng.randint(100, 5000)}万元。"),
        lambda: (f"“{industry}拼的是技术，靠的是人才。”{park}{rng.choice(ROLES_PARK)}{_person(rng)}告诉记者，"
                 f"园区将继续强化链主企业带动作用，力争到{int(year) + 2}年{industry}产业规模突破千亿元。"),
        lambda: (f"{firm(6)[0]}与{firm(7)[0]}签署战略合作协议，双方将在{industry2}领域开展技术合作，"
                 f"共同建设{firm(6)[1]}{place.city}基地。"),
        lambda: (f"据{gov}{rng.choice(ROLES_GOV)}{_person(rng)}介绍，{rng.choice(PERIODS)}全市{industry}产业"
                 f"完成投资{_amount(rng, 5, 300)}亿元，新增规模以上工业企业{rng.randint(10, 200)}家。"),
        lambda: f"{park}先后获评{rng.choice(PARK_HONOURS)}，位于{place.county}的{firm(8)[0]}也在园区设立了研发中心。",
        lambda: (f"目前，{park}已集聚{industry}相关企业{rng.randint(50, 800)}家，其中规模以上企业"
                 f"{rng.randint(10, 300)}家，高新技术企业{rng.randint(10, 200)}家。"),
        lambda: (f"{firm(9)[1]}投资{rng.randint(2, 50)}亿元建设的{rng.choice(PRODUCTS)}智能工厂已于去年底投产，"
                 f"{rng.choice(PERIODS)}产量同比增长{_amount(rng, 5, 90)}%。"),
        lambda: (f"{uni}与{firm(10)[0]}签约共建{industry}联合实验室，{uni}{rng.choice(('教授', '院长', '副校长'))}"
                 f"{_person(rng)}表示，学校将每年输送{rng.randint(50, 900)}名专业人才。"),
        lambda: (f"{rng.choice(PERIODS)}，{place.county}引进{industry2}项目{rng.randint(3, 40)}个，"
                 f"总投资{_amount(rng, 10, 500)}亿元，其中{firm(11)[1]}{rng.choice(PRODUCTS)}项目已进入设备调试阶段。"),
        lambda: (f"{inst}{rng.choice(('院长', '主任', '首席科学家'))}{_person(rng)}说，研究院已孵化科技型企业"
                 f"{rng.randint(5, 90)}家，{rng.choice(PERIODS)}技术合同成交额{_amount(rng, 1, 60)}亿元。"),
    ]
    # Each template at most once per article, in a new order each time, a few to a paragraph.
    rng.shuffle(sentences)
    remaining = sentences[: rng.randint(9, len(sentences))]
    while remaining:
        if rng.random() < 0.4:
            paragraphs.append(rng.choice(("龙头引领 链条越拉越长", "创新赋能 平台越建越强", "服务提质 营商环境更优",
                                          "项目为王 投资持续加码", "集群发展 生态日趋完善")))
        take = rng.randint(1, 4)
        paragraphs.append("".join(make() for make in remaining[:take]))
        remaining = remaining[take:]
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(out: Path, articles: int | None, megabytes: float | None, seed: int) -> tuple[int, int]:
    """Write articles to `out` (N of them, or as many as make `megabytes`); returns (files, bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    limit = int(megabytes * 1_000_000) if megabytes else None
    written = size = 0
    while (articles is None or written < articles) and (limit is None or size < limit):
        text = article(seed, written).encode("utf-8")
        digest = hashlib.sha256(text).hexdigest()[:16]
        (out / f"{written:06d}_{digest}.txt").write_bytes(text)
        written += 1
        size += len(text)
        if written % 1000 == 0:
            print(f"  {written} articles, {size / 1e6:.1f} MB", file=sys.stderr)
    return written, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write articles into")
    parser.add_argument("--articles", type=int, help="how many articles (default 1000 unless --megabytes is given)")
    parser.add_argument("--megabytes", type=float, help="write articles until the corpus has this many MB (UTF-8)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.articles is None and args.megabytes is None:
        args.articles = 1000
    if (args.articles is not None and args.articles < 0) or (args.megabytes is not None and args.megabytes <= 0):
        parser.error("--articles must be >= 0 and --megabytes > 0")
    files, size = write_corpus(args.out, args.articles, args.megabytes, args.seed)
    print(f"{files} articles, {size / 1e6:.2f} MB -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The project's lexicons: general knowledge of Chinese administrative divisions, industries,
honour titles, organisation-name grammar and well-known national organisations.

Administrative divisions come from the cpca package's table of division codes (a maintained
list of every province, city and county); the rest are data files in `kg/extraction/lexicons/`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import Document

LEXICON_DIR = Path(__file__).parent / "lexicons"

# Autonomous-region names whose short form drops the ethnic part too.
_ETHNIC = re.compile(r"(壮族|回族|维吾尔|蒙古族|藏族|朝鲜族|土家族|苗族|布依族|侗族|彝族|哈尼族|傣族|白族|羌族|黎族|"
                     r"哈萨克|柯尔克孜|景颇族|傈僳族|瑶族|仡佬族|水族|纳西族|畲族|各族|达斡尔族|鄂温克族|撒拉族|土族|"
                     r"保安族|东乡族|满族|蒙古|锡伯|拉祜族|佤族|布朗族|怒族|普米族|独龙族|仫佬族|毛南族|京族)+")
DIVISION_TAIL = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|林区|地区|省|市|县|区|盟|旗)$")

# 某市2026年政府工作报告, 某县统计公报: a report of a place's government, about that place however often it names
# the place's parks.
PLACE_REPORT = re.compile(r"(政府工作报告|国民经济和社会发展统计公报|统计公报)")


def reports_on_a_place(doc: Document) -> bool:
    """Whether the document's first line titles it a report of a place's government (PLACE_REPORT)."""
    return bool(doc.sentences) and bool(PLACE_REPORT.search(doc.sentences[0].text))

ECONOMIC_REGIONS = (
    "长三角", "长江三角洲", "珠三角", "珠江三角洲", "粤港澳大湾区", "大湾区", "京津冀", "成渝", "成渝地区双城经济圈",
    "长江经济带", "黄河流域", "中部地区", "西部地区", "东部地区", "东北地区", "东部沿海", "海峡西岸", "北部湾",
    "关中平原", "中原城市群", "长江中游城市群", "环渤海", "川渝", "滇中", "黔中", "关中", "东北",
)
# A bare kind word that stands for the thing of that kind the text named last (该中心获批…, 研究院首期场地…).
KIND_WORDS = {"研究院": "ResearchInstitute", "研究所": "ResearchInstitute", "实验室": "ResearchInstitute",
              "中试基地": "ResearchInstitute", "平台": "ResearchInstitute", "中心": "ResearchInstitute",
              "产业园": "Park", "园区": "Park", "项目": "Project", "学校": "University", "高校": "University"}
# A firm that only qualifies the name after it (A的全资子公司B, A控股子公司B, A旗下的B): B is what the sentence is
# about.
SUBSIDIARY_PHRASE = r"(?:旗下的|下属的|的?(?:全资|控股|下属|旗下)?(?:子公司|分公司|孙公司))"
# A旗下的B, A在某园区设立的B: what stands between an owner or founder and the firm the sentence is about (A与B合资
# 设立的C is a joint venture's own rule).
OWNER_TO_HEAD = r"(?:" + SUBSIDIARY_PHRASE + r"|(?:在[^，,。；;、]{2,16}?)?(?:投资|独资)?(?:设立|成立|组建|新设)的)"
# 为深入落实《某省实施方案》: the word before a policy the text carries out, not one whose terms it sets out.
CARRIED_OUT = r"(?:落实|贯彻)$"
# A news dateline (某市5月8日讯, 某新区3月2日电): where and when a report was filed.
DATELINE_WORDS = r"\d{1,2}月\d{1,2}日(?:讯|电)"
# The parties of the clause before, as one word (双方将共建…, 校企双方): its subject and its partners.
BOTH_PARTIES = re.compile(r"[\s“]*(?:校企|院企)?(?:双方|三方|多方|各方|两家|两方)")
# Any character but a clause break (the half-width ones too, which real text mixes in): a pattern's stretch of words
# that stays inside one clause.
IN_CLAUSE = "[^，,。；;]"
# A list item's mark before its first words (——某公司, ●某园区, 一是, （二）某园区, 3.某项目): its subject follows.
LIST_MARK = r"(?:——|[●•▲■◆★]|[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[.．、](?!\d))"
# A list item's mark alone before the words that open the item (fullmatch it on what stands before a name).
LIST_MARK_ALONE = re.compile(r"\s*" + LIST_MARK + r"\s*")
COUNTRIES = (
    "美国", "日本", "韩国", "德国", "法国", "英国", "意大利", "俄罗斯", "印度", "越南", "泰国", "新加坡",
    "马来西亚", "印度尼西亚", "印尼", "澳大利亚", "加拿大", "巴西", "墨西哥", "荷兰", "瑞士", "瑞典", "芬兰",
    "丹麦", "挪威", "西班牙", "葡萄牙", "比利时", "奥地利", "波兰", "匈牙利", "以色列", "沙特", "阿联酋",
    "土耳其", "南非", "埃及", "智利", "阿根廷", "新西兰", "哈萨克斯坦", "乌兹别克斯坦", "柬埔寨", "老挝",
    "缅甸", "菲律宾", "孟加拉国", "巴基斯坦", "欧盟",
)


@dataclass(frozen=True)
class Division:
    """An administrative division: `level` 1 province, 2 prefecture, 3 county."""

    name: str
    short: str
    level: int
    parent: str  # full name of the division above, "" for provinces


@dataclass
class Lexicons:
    divisions: dict[str, Division] = field(default_factory=dict)  # by full name
    region_forms: dict[str, str] = field(default_factory=dict)  # any form -> full name
    industries: set[str] = field(default_factory=set)
    industries_needing_context: set[str] = field(default_factory=set)
    designations: set[str] = field(default_factory=set)
    firms: dict[str, str] = field(default_factory=dict)  # press name -> full name (or itself)
    firm_industries: dict[str, str] = field(default_factory=dict)  # press or full name -> industry tag (kg chain)
    universities: dict[str, str] = field(default_factory=dict)  # any form -> full name
    institutes: dict[str, str] = field(default_factory=dict)  # any form -> official name
    org_suffixes: list[tuple[str, str, float]] = field(default_factory=list)
    gov_bodies: set[str] = field(default_factory=set)
    roles: dict[str, str] = field(default_factory=dict)  # role word -> person-before | person-after | both
    policy_heads: dict[str, float] = field(default_factory=dict)
    surnames: set[str] = field(default_factory=set)
    economic_regions: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    def division(self, name: str) -> Division | None:
        """The administrative division a region's full or short name names."""
        return self.divisions.get(self.region_forms.get(name, name))

    def containing(self, name: str) -> list[str]:
        """The full names of the divisions that contain the named one, nearest first (its city, its province)."""
        out: list[str] = []
        division = self.division(name)
        while division is not None and division.parent and division.parent not in out:
            out.append(division.parent)
            division = self.divisions.get(division.parent)
        return out


def _rows(name: str) -> list[list[str]]:
    """Data rows of a lexicon file: tab-separated fields, comments and blanks skipped."""
    path = LEXICON_DIR / name
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rows.append([f.strip() for f in line.split("\t")])
    return rows


def short_division_name(name: str) -> str:
    """抚州市 -> 抚州, 广西壮族自治区 -> 广西, 延边朝鲜族自治州 -> 延边; '' where the short form is too short."""
    short = DIVISION_TAIL.sub("", name)
    bare = _ETHNIC.sub("", short) if short != name else short
    if len(bare) < 2 and len(short) >= 2 and short != name and DIVISION_TAIL.search(name).group(0) == "自治区":
        return short  # 内蒙古自治区 -> 内蒙古 (the ethnic word is the name itself)
    return bare if len(bare) >= 2 else ""


def load_divisions() -> dict[str, Division]:
    """Every province, prefecture and county from cpca's division-code table."""
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    by_code: dict[str, str] = {}
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        by_code[row["adcode"]] = row["name"]
    out: dict[str, Division] = {}
    for row in rows:
        code, name = row["adcode"], row["name"]
        if code.endswith("0000000000"):
            level, parent = 1, ""
        elif code.endswith("00000000"):
            level, parent = 2, by_code.get(code[:2] + "0" * 10, "")
        else:
            level = 3
            parent = by_code.get(code[:4] + "0" * 8, "")
            if parent in ("", "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                parent = by_code.get(code[:2] + "0" * 10, "")  # a district of 重庆: the municipality is its city
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or name in out:
            continue
        out[name] = Division(name=name, short=short_division_name(name), level=level, parent=parent)
    return out


def grammar_words(word_class: str) -> frozenset[str]:
    """A closed word class of the name grammar (grammar_words.tsv), e.g. the words that end a name."""
    return frozenset(r[0] for r in _rows("grammar_words.tsv") if len(r) > 1 and r[1] == word_class)


def _names_and_short_forms(filename: str) -> dict[str, str]:
    """Each name of a list (official name, then its short names joined by |) mapped to the official name."""
    forms: dict[str, str] = {}
    for r in _rows(filename):
        forms[r[0]] = r[0]
        for short in r[1].split("|") if len(r) > 1 else ():
            if len(short.strip()) >= 2:
                forms.setdefault(short.strip(), r[0])
    return forms


@lru_cache(maxsize=1)
def load() -> Lexicons:
    lex = Lexicons()
    lex.divisions = load_divisions()
    # The table is not in code order: a short form goes to the highest level that has it (抚顺 is 抚顺市, not
    # 抚顺县; 楚雄 is 楚雄彝族自治州, not 楚雄市).
    for div in sorted(lex.divisions.values(), key=lambda d: (d.level, d.name)):
        lex.region_forms.setdefault(div.name, div.name)
        if div.short and div.short not in lex.divisions:
            lex.region_forms.setdefault(div.short, div.name)
            if div.name.endswith("自治州"):
                lex.region_forms.setdefault(div.short + "州", div.name)  # 楚雄州, 延边州
    lex.economic_regions = set(ECONOMIC_REGIONS)
    lex.countries = set(COUNTRIES)
    rows = _rows("industries.txt")
    lex.industries = {r[0] for r in rows}
    lex.industries_needing_context = {r[0] for r in rows if len(r) >= 3 and r[2]}
    lex.designations = {r[0] for r in _rows("designations.txt")}
    for r in _rows("firms.txt"):
        lex.firms[r[0]] = r[1] if len(r) > 1 and r[1] else r[0]
        if len(r) > 1 and r[1]:
            lex.firms.setdefault(r[1], r[1])
        if len(r) > 2 and r[2]:
            for name in filter(None, r[:2]):
                lex.firm_industries.setdefault(name, r[2])
    lex.universities = _names_and_short_forms("universities.txt")
    # (with their common short names: 上海光机所, 中国信通院 are written as often as the official names)
    lex.institutes = _names_and_short_forms("research_institutes.txt")
    for r in _rows("org_suffixes.tsv"):
        if len(r) >= 2:
            lex.org_suffixes.append((r[0], r[1], float(r[2]) if len(r) > 2 and r[2] else 0.8))
    lex.org_suffixes.sort(key=lambda x: -len(x[0]))
    lex.gov_bodies = {r[0] for r in _rows("gov_bodies.txt")}
    lex.roles = {r[0]: (r[1] if len(r) > 1 else "both") for r in _rows("role_words.txt")}
    lex.policy_heads = {r[0]: (float(r[1]) if len(r) > 1 and r[1] else 0.7) for r in _rows("policy_heads.txt")}
    lex.surnames = {r[0] for r in _rows("surnames.txt")}
    return lex

"""Stage 2: segment sentences and recognise entity mentions.

Recognition combines gazetteers (administrative divisions, industries, honour titles and
well-known national organisations from `kg.lexicon`) with the grammar of Chinese names:
an organisation name is a left context boundary, then name tokens (region, trade name,
industry word), then an organisation-form ending (有限公司, 大学, 研究院, 高新区 …).
Candidates from every rule compete for the same characters; the longest, most reliable
one wins. A second pass over the whole document finds the other mentions of names
recognised once (short names, persons, enumerated firms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kg import segment
from kg.lexicon import Lexicons, grammar_words, load
from kg.model import Document, Mention

PUNCT = set("，。、；：？！,.;:?!（）()【】[]《》“”‘’\"'「」『』—…·/\\|　 \t\n-－~～■□►◎●○★☆▲△◆◇")
# Words that end a name on its left: prepositions, conjunctions, and the verbs that introduce
# an organisation in this kind of text (与X合作, 依托X, 推动X落地 …).
LEFT_STOPS = grammar_words("left_stops")
# Tokens that may stand at the left edge of a name although they are function words.
NAME_GENERIC = grammar_words("name_generic")

MAX_NAME = 32


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: str
    rule: str
    confidence: float
    priority: int = 0
    name: str = ""  # the name when the text abbreviates it (国家级、省级…集群: 国家级 stands for 国家级…集群)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Tokens:
    words: tuple[str, ...]
    starts: tuple[int, ...]
    tags: tuple[str, ...] = ()

    def ending_at(self, pos: int) -> int | None:
        """Index of the token that ends exactly at `pos`, if a token boundary is there."""
        lo, hi = 0, len(self.starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.starts[mid] + len(self.words[mid]) <= pos:
                lo = mid + 1
            else:
                hi = mid
        i = lo - 1
        if i >= 0 and self.starts[i] + len(self.words[i]) == pos:
            return i
        return None


@lru_cache(maxsize=1)
def _user_dictionary() -> None:
    """Teach jieba the project's vocabulary once, so names split where the lexicons say: place names,
    organisation endings (经开区, 管委会, 研究院), industries, honours and well-known organisations."""
    lex = load()
    words: dict[str, str] = {}
    for form, full in lex.region_forms.items():
        # County short names (建华, 新华, 和平) are as often parts of people's names and words: left out.
        if len(form) >= 2 and (form == full or lex.divisions[full].level < 3):
            words[form] = "ns"
    for ending, _, _ in lex.org_suffixes:
        if len(ending) >= 2:
            words.setdefault(ending, "n")
    for ending in CORE_SUFFIXES:
        if len(ending) >= 2:
            words.setdefault(ending, "n")
    for name in lex.industries | lex.gov_bodies:
        if len(name) >= 2:
            words.setdefault(name, "n")
    for name in list(lex.firms) + list(lex.universities) + list(lex.institutes):
        if len(name) >= 2:
            words.setdefault(name, "nt")
    for word, tag in sorted(words.items()):
        segment.add_word(word, max(segment.freq(word), 2000), tag)


def tokenize(text: str) -> Tokens:
    _user_dictionary()
    pairs = segment.tag(text)
    words = tuple(w for w, _ in pairs)
    starts = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w)
    return Tokens(words, tuple(starts), tuple(f for _, f in pairs))


# Verbs and adverbs that are ordinary parts of organisation and project names (研发中心, 投资有限公司,
# 转化医学研究院, 改革创新示范区): they do not end a name on its left as other verbs do.
NAME_VERBS = grammar_words("name_verbs")
# Part-of-speech tags (jieba's ICTCLAS set) that end a name: prepositions, conjunctions, particles,
# pronouns, adverbs, locality and time words, verbs.
STOP_TAGS = ("p", "c", "u", "r", "d", "f", "t", "v", "y", "e", "o", "z", "l", "i")


# --- gazetteers -----------------------------------------------------------------------------

LEVEL_PREFIXES = ("国家级", "国家", "省级", "省", "市级", "市", "全国", "全省", "首批", "第一批", "第二批", "国家重点",
                  "重点")
INDUSTRY_TAILS = ("产业集群", "产业链", "产业", "行业", "集群")


INDUSTRY_PARTS = ("及零部件", "及汽车核心零部件", "及关键零部件", "及应用", "及配套", "及其应用", "及装备")


@dataclass
class Gazetteer:
    automaton: ahocorasick.Automaton
    entries: dict[str, tuple[str, str, float]]  # surface -> (type, rule, confidence)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    lex = load()
    entries: dict[str, tuple[str, str, float]] = {}

    def add(surface: str, etype: str, rule: str, conf: float) -> None:
        if len(surface) >= 2 and surface not in entries:
            entries[surface] = (etype, rule, conf)

    for name in sorted(lex.universities):
        add(name, "University", "lexicon:university", 0.95)
    for name in sorted(lex.institutes):
        add(name, "ResearchInstitute", "lexicon:institute", 0.95)
    for name in sorted(lex.firms):
        add(name, "Company", "lexicon:firm", 0.9)
    for name in sorted(lex.designations):
        add(name, "Designation", "lexicon:designation", 0.85)
        for prefix in LEVEL_PREFIXES:
            if not name.startswith(prefix):
                add(prefix + name, "Designation", "lexicon:designation", 0.85)
    for name in sorted(lex.gov_bodies):
        add(name, "GovernmentBody", "lexicon:government", 0.85)
    for name in sorted(lex.industries):
        add(name, "Industry", "lexicon:industry", 0.8)
        for tail in INDUSTRY_TAILS:
            add(name + tail, "Industry", "lexicon:industry", 0.85)
        # 新能源汽车及零部件, 稀土新材料及应用: a sector and its parts or uses are named as one industry.
        for part in INDUSTRY_PARTS:
            add(name + part, "Industry", "lexicon:industry", 0.8)
    for name, full in sorted(lex.region_forms.items()):
        div = lex.divisions[full]
        conf = 0.95 if name == full else (0.85 if div.level < 3 else 0.6)
        # County names (and two-character full names like 城区, 单县) are too often ordinary words; they
        # count only where the document also names their city.
        rule = "lexicon:division" if div.level < 3 or (name == full and len(name) > 2) else "lexicon:county-short"
        add(name, "Region", rule, conf)
    for name in sorted(lex.economic_regions | lex.countries):
        add(name, "Region", "lexicon:region", 0.85)
    automaton = ahocorasick.Automaton()
    for surface in entries:
        automaton.add_word(surface, surface)
    automaton.make_automaton()
    return Gazetteer(automaton, entries)


def gazetteer_candidates(text: str) -> list[Candidate]:
    gaz = gazetteer()
    out = []
    for end_index, surface in gaz.automaton.iter(text):
        end = end_index + 1
        start = end - len(surface)
        etype, rule, conf = gaz.entries[surface]
        if rule == "lexicon:county-short":
            # Short county names are kept aside: the document pass accepts them where the text names their city.
            out.append(Candidate(start, end, etype, rule, conf, priority=-1))
            continue
        out.append(Candidate(start, end, etype, rule, conf, priority=2))
    # A place followed by a government word is that place's body: 某某市委, 某某省科技厅, 某某区人民政府.
    for c in list(out):
        if c.type == "Region":
            rest = text[c.end : c.end + 8]
            word = _body_word_at(rest)
            if word and not (len(word) == 1 and rest[1:2] in "员托会屈"):
                out.append(Candidate(c.start, c.end + len(word), "GovernmentBody", "grammar:place-body", 0.85, 2))
    return out


@lru_cache(maxsize=1)
def _place_body_words() -> frozenset[str]:
    return frozenset(load().gov_bodies | {"委", "政府", "人民政府", "党委", "纪委", "党工委"})


def _body_word_at(rest: str) -> str | None:
    """The longest government word `rest` starts with (a set lookup per length instead of a scan of them all)."""
    words = _place_body_words()
    for n in range(len(rest), 0, -1):
        if rest[:n] in words:
            return rest[:n]
    return None


# --- organisation-name grammar ------------------------------------------------------------------

# Ending -> (type, confidence). The lexicon file adds to these; these are the ones the code relies on.
CORE_SUFFIXES: dict[str, tuple[str, float]] = {
    "股份有限公司": ("Company", 0.95), "有限责任公司": ("Company", 0.95), "有限公司": ("Company", 0.95),
    "集团公司": ("Company", 0.9), "集团": ("Company", 0.85), "公司": ("Company", 0.75),
    "交易所": ("Company", 0.8),
    "大学": ("University", 0.95), "职业技术学院": ("University", 0.95), "学院": ("University", 0.75),
    "科学院": ("ResearchInstitute", 0.9), "研究院": ("ResearchInstitute", 0.9), "研究所": ("ResearchInstitute", 0.9),
    "实验室": ("ResearchInstitute", 0.85), "创新中心": ("ResearchInstitute", 0.85),
    "研究中心": ("ResearchInstitute", 0.85), "工程中心": ("ResearchInstitute", 0.8),
    "技术中心": ("ResearchInstitute", 0.75), "赋能中心": ("ResearchInstitute", 0.8),
    "检测中心": ("ResearchInstitute", 0.75), "转化中心": ("ResearchInstitute", 0.75),
    "研发中心": ("ResearchInstitute", 0.75), "加工中心": ("ResearchInstitute", 0.6),
    "中试平台": ("ResearchInstitute", 0.7), "云平台": ("ResearchInstitute", 0.6),
    "管委会": ("GovernmentBody", 0.95), "管理委员会": ("GovernmentBody", 0.95), "人民政府": ("GovernmentBody", 0.95),
    "政府": ("GovernmentBody", 0.8), "委员会": ("GovernmentBody", 0.8), "厅": ("GovernmentBody", 0.8),
    "局": ("GovernmentBody", 0.8), "办公室": ("GovernmentBody", 0.8), "工作部": ("GovernmentBody", 0.8),
    "党工委": ("GovernmentBody", 0.85), "服务中心": ("GovernmentBody", 0.65), "建设中心": ("GovernmentBody", 0.6),
    "高新技术产业开发区": ("Park", 0.95), "高新技术产业园区": ("Park", 0.95), "经济技术开发区": ("Park", 0.95),
    "高新区": ("Park", 0.9), "经开区": ("Park", 0.9), "开发区": ("Park", 0.85), "工业园区": ("Park", 0.9),
    "工业园": ("Park", 0.85), "产业园区": ("Park", 0.85), "产业园": ("Park", 0.85), "科技园": ("Park", 0.85),
    "科创园": ("Park", 0.85), "产业城": ("Park", 0.8), "新区": ("Park", 0.75), "示范区": ("Park", 0.75),
    "自贸区": ("Park", 0.85), "保税区": ("Park", 0.85), "园区": ("Park", 0.6), "新城": ("Park", 0.6),
    "项目": ("Project", 0.7),
}
# Endings that never take the left context of another organisation as part of the name.
STANDALONE_TYPES = {"Company", "University"}
PARK_ENDINGS = tuple(k for k, v in CORE_SUFFIXES.items() if v[0] == "Park")
GOV_ENDINGS = tuple(k for k, v in CORE_SUFFIXES.items() if v[0] == "GovernmentBody")
# A government body's name is a place (or park) plus its ending, optionally with a department.
GOV_LEFT = re.compile(r"^(中共)?[\u4e00-\u9fff]{0,12}$")


@lru_cache(maxsize=1)
def suffix_table() -> dict[str, tuple[str, float]]:
    table = dict(CORE_SUFFIXES)
    for ending, etype, conf in load().org_suffixes:
        # Weaker endings (科技, 基地, 中心) name too many ordinary things; an industry's 集聚区 is the industry's
        # footprint (新能源汽车及零部件产业集聚区), not a park with a territory and an administration.
        if conf >= 0.7 and not ending.endswith(("集聚区", "聚集区")):
            table.setdefault(ending, (etype, conf))
    return table


@lru_cache(maxsize=1)
def suffix_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for ending in suffix_table():
        auto.add_word(ending, ending)
    auto.make_automaton()
    return auto


def _unknown_word(word: str) -> bool:
    """A word the segmenter made up from characters it does not know as a word (启衡, 均胜): a trade name."""
    return len(word) == 2 and segment.freq(word) < 20


ZONE_WORDS = ("高新区", "经开区", "开发区", "示范区", "自贸区", "综合保税区", "保税区")


def _is_name_token(word: str, tag: str = "n", etype: str = "", first: bool = False) -> bool:
    """Whether a word can be part of a name; `first` is the word right before the name's ending,
    where verbs of the trade (服务, 投资, 建设 in 商务服务有限公司, 建设项目) belong to the name."""
    if not word or any(ch in PUNCT or ch.isspace() for ch in word):
        return False
    if word in ("及", "与") and etype in ("ResearchInstitute", "Project"):
        return True
    if word == "和" and etype == "GovernmentBody":
        return True  # 自然资源和规划局, 工业和信息化局: department names join two fields with 和
    if first and word in NAME_VERBS and not (word in ("建设", "打造", "成立") and etype != "Project"):
        return True
    if word in LEFT_STOPS:
        return False
    if word in NAME_VERBS:
        return True
    if tag.startswith("v") and etype in ("Company", "University") and _unknown_word(word):
        return True
    if tag == "vn" and len(word) == 2:
        return word not in ("助推", "优先", "利用", "支持", "推动", "带动", "引领", "加快", "推进", "打造")
    return not tag.startswith(STOP_TAGS) or tag in ("vn", "nr", "ns", "nt", "nz")


def extend_left(text: str, tokens: Tokens, pos: int, etype: str, limit: int = MAX_NAME) -> int:
    """Leftmost start of a name whose ending starts at `pos`, walking back over name tokens."""
    start = pos
    i = tokens.ending_at(pos)
    if i is None:
        # The ending starts inside a token (e.g. 研究院 glued to the word before): take that token's start.
        for j in range(len(tokens.words)):
            s = tokens.starts[j]
            if s < pos < s + len(tokens.words[j]):
                head = text[s:pos]
                if not _is_name_token(head, tokens.tags[j] if tokens.tags else "n", etype, first=True):
                    return pos
                start = s
                i = j - 1
                break
        else:
            return pos
    while i is not None and i >= 0:
        word = tokens.words[i]
        tag = tokens.tags[i] if tokens.tags else "n"
        first = tokens.starts[i] + len(word) == pos
        # 聚芯微显示技术有限公司: a verb in front of the trade word names what the firm does (显示技术, 驱动芯片).
        of_trade = etype == "Company" and len(word) == 2 and tag.startswith("v") and word not in LEFT_STOPS \
            and i + 1 < len(tokens.words) and tokens.words[i + 1] in FIRM_TRADE_WORDS + ("技术",)
        if not (of_trade or _is_name_token(word, tag, etype, first)) or pos - tokens.starts[i] > limit:
            break
        if word == "和" and i > 0 and tokens.words[i - 1].endswith(GOV_ENDINGS):
            break  # 财政局和商务局: two bodies, not one
        if etype in STANDALONE_TYPES and word.endswith(PARK_ENDINGS) and i > 0 and _is_name_token(tokens.words[i - 1]) \
                and not _platform_body(text[start:pos]):
            break  # 新余高新区|江西赣锋循环科技有限公司: the park in front is not part of the firm's name
        if etype in ("Park", "GovernmentBody", "ResearchInstitute", "Project") and word.endswith(("有限公司", "公司")):
            break  # …有限公司|丰碑产业园: a firm in front of a park is its developer, not part of the name
        if word in ("年", "月", "日", "年度", "年底", "年初"):
            break  # 2024年|仲恺高新区: a date in front is not part of a name
        if etype == "Park" and start < pos and word.endswith(ZONE_WORDS):
            break  # 内江高新区|白马园区: a sub-park named after its zone is a name of its own
        if etype == "Park" and start < pos and word.endswith(("省", "市", "自治区")) and word in load().region_forms:
            break  # 广西柳州市|柳东新区: a full administrative name in front of a park is its address
        if (word.isdigit() or tag == "m" and (word[0] in "一二两三四五六七八九十几多数首每各" or word[0].isdigit())) \
                and etype not in ("Project", "ResearchInstitute"):
            break
        start = tokens.starts[i]
        i -= 1
    return start


PLATFORM_WORDS = ("发展", "投资", "建设", "开发", "控股", "集团", "产业", "运营", "城投", "国投", "实业", "资产",
                  "经营")


def _platform_body(body: str) -> bool:
    """Whether a firm's name, without its ending, is only the words of a park's own platform company
    (长沙经开区|发展集团有限公司): then the park in front is the distinctive part of the name."""
    rest = body
    while rest:
        word = next((w for w in PLATFORM_WORDS if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word):]
    return True


HARD_STOPS = frozenset("与 和 及 同 在 由 向 对 为 将 被 把 从 于 是 的 等 了 着 并 以 其中 以及 包括 如 像".split())


def anchor_to_region(text: str, tokens: Tokens, start: int, etype: str) -> int:
    """Move a firm's start left to a region name in front of it (江西省|深耕铜箔科技有限公司), when only
    name-like words lie between: trade names are often ordinary verbs or adjectives (深耕, 佳, 宝)."""
    if etype not in ("Company", "ResearchInstitute", "University"):
        return start
    lex = load()
    i = tokens.ending_at(start)
    steps = 0
    while i is not None and i >= 0 and steps < 6 and start - tokens.starts[i] <= 12:
        word = tokens.words[i]
        tag = tokens.tags[i] if tokens.tags else "n"
        if word in HARD_STOPS or any(ch in PUNCT or ch.isspace() for ch in word) or word.endswith(PARK_ENDINGS):
            return start
        # Only single characters (a trade name cut up by the segmenter: 蜀|拓|锂|能) and name words may lie
        # between the region and the name; a real word of another kind (联合, 管委会) means the region is not ours.
        if len(word) > 1 and (word in LEFT_STOPS or word.endswith(tuple(suffix_table()))
                              or tag.startswith(STOP_TAGS) and word not in NAME_VERBS and not _unknown_word(word)):
            # A trade name may be an ordinary word (深耕): it is, right after a province or city.
            prev = tokens.words[i - 1] if i > 0 else ""
            if not (prev in lex.region_forms and word not in LEFT_STOPS and not word.endswith(tuple(suffix_table()))):
                return start
        if word in lex.region_forms and lex.divisions.get(lex.region_forms[word]) and \
                lex.divisions[lex.region_forms[word]].level <= 2:
            return tokens.starts[i]
        i -= 1
        steps += 1
    return start


AMBIGUOUS_ENDINGS = frozenset("园区 新城 政府 新区 学院 中心 集团".split())


def _ending_stands(tokens: Tokens, pos: int, end: int, ending: str) -> bool:
    """Whether an ending found at pos..end is a name's ending and not the tail of an ordinary word:
    科技厅, 商务局, 市政府 are; 格局, 部署, 干部, 厅长 are not."""
    k = tokens.ending_at(end)
    if k is None:
        # The ending runs into the next word (厅长, 局长): only long endings may, as in 研究院所.
        return len(ending) >= 3 and tokens.ending_at(pos) is not None
    token = tokens.words[k]
    if tokens.starts[k] == pos or tokens.starts[k] < pos and len(ending) >= 3:
        return True  # the ending is a word of its own, or a long ending glued to its name
    if len(ending) == 1:
        # 科技厅, 商务局 are names; 产业布局, 全面部署 end in a word (布局, 部署) that only looks like one.
        return len(token) >= 3 and not _common_word(token[-2:])
    return len(token) >= len(ending) + 1 and len(ending) >= 2


def _industry_before(text: str, pos: int) -> str:
    """The longest industry term that ends right at `pos`, or ''."""
    lex = load()
    for n in range(min(8, pos), 1, -1):
        if text[pos - n : pos] in lex.industries:
            return text[pos - n : pos]
    return ""


PARK_WORD_AT_END = re.compile(r"(高新区|经开区|开发区|新区|园区|产业园)$")


def grammar_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    table = suffix_table()
    lex = load()
    out = []
    for end_index, ending in suffix_automaton().iter(text):
        end = end_index + 1
        pos = end - len(ending)
        etype, conf = table[ending]
        # Endings inside a longer word (公司 in 分公司 is fine; 局 in 格局 or 布局 is not).
        if (len(ending) == 1 or ending in AMBIGUOUS_ENDINGS) and not _ending_stands(tokens, pos, end, ending):
            continue
        if etype == "Project":
            continue  # projects have their own rule
        # 3D打印研究院, 镁合金产业园: an industry term in front of the ending is part of the name whole.
        term = _industry_before(text, pos) if etype in ("ResearchInstitute", "Park") else ""
        start = extend_left(text, tokens, pos - len(term), etype) if term else extend_left(text, tokens, pos, etype)
        if etype == "Company" and start >= 2 and text[start - 1] in "）)":
            # 威高血液净化制品（赣州）有限公司: a parenthesised place inside the name.
            k = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
            if k > 0 and 2 <= start - 1 - k - 1 <= 4:
                start = extend_left(text, tokens, k, etype)
        while start >= 2 and text[start - 1] == "·":
            start = extend_left(text, tokens, start - 1, etype)  # 梅特勒·托利多: transliterated names
        start = anchor_to_region(text, tokens, start, etype)
        if etype == "ResearchInstitute" and re.search(r"(在|位于)$", text[:start]):
            # 在章贡区|赣南创新与转化医学研究院: after 在 a district in front is where the institute is.
            county = next((text[start:k] for k in range(start + 4, start + 1, -1)
                           if lex.divisions.get(lex.region_forms.get(text[start:k], ""), None) is not None
                           and lex.divisions[lex.region_forms[text[start:k]]].level == 3), None)
            if county and end - start - len(county) >= 6:
                start += len(county)
        name = text[start:end]
        body = name[: len(name) - len(ending)]
        if not body or body in NAME_GENERIC or len(body) < 2 and etype != "GovernmentBody":
            continue
        if ending == "公司" and (_common_word(body) or segment.freq(name) >= 300) and name not in lex.firms:
            continue  # 跨国公司, 上市公司: a common noun, not a name (台湾大学 is a word of the dictionary and a name)
        if etype == "Park" and body.endswith(("省", "自治区")) and body in lex.region_forms:
            continue  # 湖南省开发区: the province's zones as a class, not one park
        if "+" in name or "＋" in name:
            continue  # “管委会+公司”: a pairing of kinds (a working model), not an organisation
        if etype == "Park" and PARK_WORD_AT_END.sub("", name).endswith(("化", "式", "一流")):
            continue  # 打造中国式现代化高新区: what a park aims to be, not its name
        if etype == "Park" and body in NAME_VERBS:
            continue  # 已服务园区企业: a verb in front of 园区 names no park
        if ending in ("实验室", "中心") and body.endswith(("大学", "学院", "研究院", "研究所")):
            continue  # 南昌大学实验室: a university's lab, not a named institute
        if etype == "GovernmentBody" and not GOV_LEFT.match(body):
            continue
        if etype == "GovernmentBody":
            # 报告|长沙经开区党工委: a body's name starts at its place (or park) name when it has one.
            k = next((n for n, st in enumerate(tokens.starts) if start <= st < pos and
                      tokens.words[n] in lex.region_forms), None)
            if k is not None and tokens.starts[k] > start:
                start = tokens.starts[k]
                body = text[start:pos]
        if body.startswith(("全", "各", "本", "该", "一", "多", "两", "某")) and etype != "GovernmentBody":
            continue
        if etype == "Park" and re.search(r"[\d亿万千百]", body):
            continue  # 千亿元园区: a size class, not a park

        out.append(Candidate(start, end, etype, f"grammar:{ending}", conf, priority=1))
    return out


# --- policies, projects, designations, persons ------------------------------------------------

POLICY_HEADS_CORE = (
    "行动计划", "行动方案", "实施方案", "若干措施", "若干政策措施", "政策措施", "系列措施", "专项支持", "管理办法",
    "实施意见", "指导意见", "发展规划", "规划", "计划", "方案", "条例", "办法", "政策", "措施", "战略", "工程", "行动",
    "工作法", "机制", "改革", "制度", "模式", "举措", "专项行动", "升级工程", "倍增行动",
)
QUOTED = re.compile(r"“([^“”]{1,30})”")
TITLE = re.compile(r"《([^《》]{2,80})》")
# Counted policies: 12条…计划, 11条措施, 23条…政策举措.


@lru_cache(maxsize=1)
def policy_heads() -> tuple[str, ...]:
    heads = set(POLICY_HEADS_CORE) | set(load().policy_heads)
    return tuple(sorted(heads, key=lambda w: (-len(w), w)))


POLICY_LEFT_STOPS = grammar_words("policy_left_stops")


ISSUING_TAILS = ("落实", "推进", "开展", "实施", "推出", "出台", "制定", "发布", "首创", "推行", "印发", "深化", "启动")


def extend_policy_left(text: str, tokens: Tokens, pos: int, limit: int = 24) -> int:
    """Policy names hold verbs (加快…发展系列措施, 支持…11条措施): only issuing verbs, function words,
    punctuation and figures end them on the left."""
    start = pos
    i = tokens.ending_at(pos)
    while i is not None and i >= 0:
        word = tokens.words[i]
        if word.endswith(ISSUING_TAILS) and i > 0 and tokens.words[i - 1].endswith(("出台", "印发", "制定", "发布")):
            start = tokens.starts[i]  # 出台|推进工业倍增升级行动若干措施: after an enacting verb the name's own verb
            break
        if word in POLICY_LEFT_STOPS or any(ch in PUNCT or ch.isspace() for ch in word) \
                or pos - tokens.starts[i] > limit:
            break
        if word.endswith(ISSUING_TAILS) or word in load().region_forms or word.endswith(PARK_ENDINGS):
            break  # 深入开展|产业基础再造工程, 江西|…: the actor and its verb are not part of the name
        if word[0].isdigit() and not re.fullmatch(r"\d+条?", word):
            break
        if re.fullmatch(r"\d+条?", word) or word == "条":
            # 12条…计划, 11条措施: the count leads the name but is not part of it unless it closes it.
            if tokens.starts[i] + len(word) == pos or (i + 1 < len(tokens.words) and tokens.words[i + 1] == "条"):
                start = tokens.starts[i]
                i -= 1
                continue
            break
        start = tokens.starts[i]
        i -= 1
    while start < pos and (text[start].isdigit() or text[start] == "条") \
            and not re.match(r"\d+条(措施|政策)", text[start:]):
        start += 1
    return start


def policy_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    out = []
    for m in TITLE.finditer(text):
        if re.search(r"(意见书|报告|通知书|证书|合同|协议|说明书|申请书|确认书)》$", m.group(0)):
            continue  # 《联合验收合格意见书》: a document of a procedure, not a policy
        out.append(Candidate(m.start(), m.end(), "Policy", "policy:title", 0.9, priority=3))
    heads = policy_heads()
    for m in QUOTED.finditer(text):
        rest = text[m.end() : m.end() + 12]
        # “1+N”产业扶持政策: the quoted name, a few descriptive characters, then a policy word (the furthest one:
        # “芯火”人才专项计划 ends at 计划, not at 专项).
        ends = [k + len(head) for head in heads for k in [rest.find(head)]
                if 0 <= k <= 4 and not any(ch in PUNCT or ch == "等" for ch in rest[:k])]
        if ends:
            end = m.end() + max(ends)
            start = m.start()
            # A descriptive lead-in before the quotes belongs to the name (企业上市“映山红行动”升级工程).
            lead = extend_policy_left(text, tokens, start, limit=10)
            if lead < start and text[lead:start] not in NAME_GENERIC and len(text[lead:start]) <= 8:
                start = lead
            out.append(Candidate(start, end, "Policy", "policy:quoted+head", 0.8, priority=3))
        else:
            inner = m.group(1)
            before = text[max(0, m.start() - 6) : m.start()]
            if any(inner.endswith(h) for h in heads) and len(inner) >= 4:
                out.append(Candidate(m.start(), m.end(), "Policy", "policy:quoted", 0.75, priority=3))
            elif re.search(r"(推行|设立|推动\d*项|深化|实施|开展|推出|推广|落实|探索)$", before) \
                    and 2 <= len(inner) <= 12 and not inner.endswith(("清单", "指南", "名单", "目录")) \
                    and not re.search(r"[0-9一二三四五六七八九十]+(大|个|项)", inner[:3]):
                # 推行“扫码入企”, 设立“企业安静生产期”: a quoted programme after an enacting verb.
                out.append(Candidate(m.start(), m.end(), "Policy", "policy:quoted-after-verb", 0.6, priority=2))
    # Unquoted names that end in a strong policy word: 中小企业促进条例, 产业集群提能升级实施方案.
    for head in ("行动计划", "行动方案", "实施方案", "若干措施", "政策措施", "政策举措", "系列措施", "条措施", "条例",
                 "管理办法", "实施意见", "指导意见", "提升计划", "培育工程", "再造工程", "倍增行动", "壮大行动",
                 "提升行动",
                 "专项行动", "突破提升行动", "红名单制度"):
        if head not in text:
            continue
        for at in occurrences(head, text):
            if any(c.start <= at < c.end for c in out if c.rule != "policy:head"):
                continue
            start = extend_policy_left(text, tokens, at, limit=24)
            if at - start >= 2:
                out.append(Candidate(start, at + len(head), "Policy", "policy:head", 0.7, priority=1))
    return out


PROJECT_GENERIC = re.compile(
    r"^(重点|重大|在建|新建|签约|招商|产业|新开工|续建|竣工|投产|储备|科技成果转移转化|延链补链强链|配套|一批|多个|"
    r"二期|三期|一期|该|此|这些|相关|各类|其他|省市|省级|市级|国家级|标杆|示范|工业|制造业|数字化转型标杆|亿元以上)+$"
)


PROJECT_FILLER = re.compile(r"(上下游|产业链|产业|制造|创新性|招商引资|年度|季度|\d{4}年|第[一二三四]季度|重点|优质|"
                            r"重大|新兴|"
                            r"配套|延链补链强链|科技成果转化|科技成果转移转化|二级供应商|供应商|相关|上述|两个|多个|一批|各类|"
                            r"建设|新建|在建|签约|聚力|省外|市外|境外|区外|域外|\d+万元以上|\d*亿元以上|的|及|和)")


@lru_cache(maxsize=1)
def _industries_longest_first() -> tuple[str, ...]:
    return tuple(sorted(load().industries, key=lambda w: (-len(w), w)))


def _distinctive_project(body: str) -> bool:
    """A named project says whose or what exactly (年产…吨, a firm, a place, a phase), not only a sector."""
    if re.search(r"(年产|\d+\s*(万吨|吨|GWh|MW|万台|万套|万辆)|[一二三四首]期|“)", body):
        return True
    if re.search(r"([两三四五六七八九十几多\d]+个)$", body):
        return False  # 两个项目: a count of projects
    rest = strip_region_prefix(body, load())
    for term in _industries_longest_first():
        if len(term) >= 2 and term in rest:
            rest = rest.replace(term, "")
    rest = PROJECT_FILLER.sub("", rest)
    named_place = re.search(r"..(产业园|园区|基地|新城|广场|大厦|小镇|中心)", body)
    if named_place:
        return True
    # What is left must name something: a proper name, a made-up (trade) word, a figure or a Latin name, not
    # ordinary words (紧盯, 利用…外, 要素跟着, 年会).
    if not rest:
        return False
    words = tokenize(rest)
    return any(tag.startswith(("nr", "nz", "ns", "nt", "j", "eng", "m")) or _unknown_word(word)
               or word.isascii() and word.isalnum() for word, tag in zip(words.words, words.tags, strict=True))


PROJECT_LEFT_STOPS = frozenset(
    "投资建设 建设 新建 开工 动工 签约 推进 落地 引进 实施 承建 启动 总投资 投资 计划 加快 推动 开展 "
    "利用 紧盯 招引 争取 "
    "完成 实现 包括 其中 以及 还有 等 的 和 与 在 由 将 为 了 是".split()
)


def extend_project_left(text: str, tokens: Tokens, pos: int, limit: int = 40) -> int:
    """Project names hold verbs, figures and 及 (年产300台刻蚀及薄膜沉积设备项目): only punctuation, the verbs
    that start or fund a project, function words and a firm's legal name end them on the left."""
    start = pos
    i = tokens.ending_at(pos)
    if i is None:
        j = next((k for k, st in enumerate(tokens.starts) if st < pos < st + len(tokens.words[k])), None)
        if j is None:
            return pos
        start, i = tokens.starts[j], j - 1  # 建设项目: the ending glued to the word before it
        if tokens.words[j][: pos - tokens.starts[j]] in PROJECT_LEFT_STOPS - {"建设", "投资"}:
            return pos
    lex = load()
    while i is not None and i >= 0 and pos - tokens.starts[i] <= limit:
        word = tokens.words[i]
        decimal_point = re.fullmatch(r"\d+\.\d+|\.", word) is not None  # 第8.6代
        if word in PROJECT_LEFT_STOPS or any(ch in PUNCT or ch.isspace() for ch in word) and not decimal_point \
                or word.endswith(("有限公司", "公司")) or word in LEFT_STOPS and word not in NAME_VERBS | {"及", "第"}:
            break
        prev = tokens.words[i - 1] if i > 0 else ""
        if tokens.tags and tokens.tags[i].startswith("v") and (prev in lex.region_forms or prev.endswith(PARK_ENDINGS)):
            break  # 内江高新区|举行…: a place and its verb start a clause, not a project's name
        start = tokens.starts[i]
        i -= 1
    # Leading verbs, adverbs and counters belong to the sentence (紧盯|上下游…项目, 新增|入库项目).
    k = next((n for n, st in enumerate(tokens.starts) if st == start), None)
    while k is not None and start < pos and tokens.tags and (
            tokens.tags[k].startswith(("v", "p", "d", "r", "c", "u", "f")) and tokens.words[k] not in NAME_VERBS
            or tokens.words[k] in NAME_GENERIC or tokens.words[k] in ("各类", "各项", "重点", "新增")):
        start += len(tokens.words[k])
        k += 1
    return start


def project_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    out = []
    for m in re.finditer(r"“[^“”]{4,60}”项目", text):
        out.append(Candidate(m.start(), m.end(), "Project", "project:quoted", 0.75, priority=3))
    # 投资3100多万元建设的“智慧生产中心”数字一体化平台: what a firm builds, named in quotes, is a project.
    for m in re.finditer(r"(?:建设|建成|打造|投建)的(“[^“”]{2,20}”[\u4e00-\u9fff]{0,10}?"
                         r"(?:平台|中心|工厂|基地|产线|生产线|园|城|项目))", text):
        out.append(Candidate(m.start(1), m.end(1), "Project", "project:built", 0.65, priority=3))
    # 签约落地A、B、佳时特数控机床及转台等科技成果转化项目: the listed items are projects (unless named otherwise).
    for cue in re.finditer(r"等[\u4e00-\u9fff]{0,12}?项目", text):
        cs = max(text.rfind(ch, 0, cue.start()) for ch in "，。；：,;:（(") + 1
        pos = cs
        for k, part in enumerate(text[cs : cue.start()].split("、")):
            s0, e0 = pos, pos + len(part)
            pos = e0 + 1
            if k == 0:
                s0 = max(s0, extend_project_left(text, tokens, e0))
            item = text[s0:e0]
            if 4 <= len(item) <= 30 and not PROJECT_GENERIC.match(item) and _distinctive_project(item):
                out.append(Candidate(s0, e0, "Project", "project:list", 0.55, priority=0))
    for m in re.finditer("项目", text):
        start = extend_project_left(text, tokens, m.start())
        # 年产…项目 names carry figures and commas-free enumerations; allow digits inside.
        name = text[start : m.end()]
        body = name[:-2]
        if len(body) < 3 or PROJECT_GENERIC.match(body) or not _distinctive_project(body):
            continue
        out.append(Candidate(start, m.end(), "Project", "grammar:项目", 0.65, priority=1))
    return out


DESIGNATION_TRIGGERS = re.compile(r"(获评|获批|入选|上榜|跻身|荣获|获得|被认定为|认定为|被评为|评为|被授予|授予|列入|"
                                  r"纳入|成为|被批复为|"
                                  r"申报|进入|获|是)")
DESIGNATION_HEADS = (
    "企业", "工厂", "园区", "集群", "标杆", "百强", "等次", "一等奖", "二等奖", "三等奖", "奖", "典型", "示范", "称号",
    "单位", "冠军", "独角兽", "小巨人", "小灯塔", "灯塔", "先进县（市、区）", "先进县(市、区)", "试验区", "示范区",
    "实验室", "技术中心", "研究院", "中试平台", "项目", "基地", "百强区", "数智工厂", "高新区",
)


def _designation_end(item: str) -> int:
    """Where the honour title in `item` ends (after its head word), or -1."""
    best = -1
    for head in DESIGNATION_HEADS:
        k = item.rfind(head)
        if k >= 0:
            best = max(best, k + len(head))
    return best


def designation_candidates(text: str) -> list[Candidate]:
    """Honour titles after a granting verb, one per listed item: 获批省先进级智能工厂, 入选A、B."""
    out = []
    # 发布“2023年江西省科技领军及入库企业、高成长性科技型企业”榜单: the titles an honour list names.
    for m in re.finditer(r"“([^“”]{4,80})”(?:榜单|名单|称号)", text):
        pos = m.start(1)
        for item in m.group(1).split("、"):
            lead = re.match(r"\d{4}年度?", item)
            s0 = pos + (lead.end() if lead else 0)
            if _designation_end(item) == len(item) and pos + len(item) - s0 >= 4:
                out.append(Candidate(s0, pos + len(item), "Designation", "designation:list", 0.7, priority=3))
            pos += len(item) + 1
    for m in DESIGNATION_TRIGGERS.finditer(text):
        i = m.end()
        while i < len(text):
            j = i
            depth = 0
            while j < len(text) and j - i < 40:
                ch = text[j]
                if ch in "“（(":
                    depth += 1
                elif ch in "”）)":
                    depth = max(0, depth - 1)
                elif depth == 0 and (ch in PUNCT or ch == "等" and text[j + 1 : j + 2] not in "奖次"):
                    break
                elif depth == 0 and ch in "和及与" and LEVELS.match(text[j + 1 : j + 6]):
                    break  # …研究项目及省重点…项目: a second title begins
                j += 1
            item = text[i:j]
            if LEVELS.fullmatch(item) and j < len(text) and text[j] == "、":
                # 入选国家级、省级中小企业特色产业集群: a bare level shares the title that follows it.
                k = j + 1
                while k < len(text) and text[k] not in PUNCT:
                    k += 1
                shared = text[j + 1 : k]
                level = LEVELS.match(shared)
                if level and _designation_end(shared) > level.end():
                    tail = shared[level.end() : _designation_end(shared)]
                    out.append(Candidate(i, j, "Designation", "designation:shared-title", 0.65, 3, item + tail))
                i = j + 1
                continue
            if "的" in item.replace("“", "").split("”")[-1] and not item.startswith("“"):
                break  # 纳入重点培育的企业: a description, not a title
            if re.match(r"^(组建|建设|成立|筹建|新建|打造)", item) \
                    or re.search(r"(第[一二三四五六七八九十\d]+家|首家|首个)", item):
                break
            quoted = re.fullmatch(r"“([^”]+)”称号", item)
            if quoted:
                out.append(Candidate(i + 1, i + 1 + len(quoted.group(1)), "Designation", "designation:称号", 0.75, 1))
            else:
                if m.group(1) in ("申报", "申请") and re.search(r"(项目|专项)$", item):
                    lead = re.match(r"(\d{4}年度?)", item)
                    s0 = i + (lead.end() if lead else 0)
                    out.append(Candidate(s0, j, "Project", "project:申报", 0.7, priority=2))
                    break
                best = _designation_end(item)
                if best < 3 or item[best : best + 1] == "项" or re.match(r"[\u4e00-\u9fff]{0,2}库", item[best:]):
                    break  # 荣获省级奖项, 纳入…培育库: a kind of award, a pool of candidates — no title
                if item[best : best + 1] in ("）", ")") and item.count("（") + item.count("(") > 0:
                    best += 1  # 数字化转型标杆（数智工厂、小灯塔）: the bracketed kinds are part of the title
                if item[best : best + 1] == "”" and item[:best].count("“") > item[:best].count("”"):
                    best += 1  # 省级“数智工厂”: the quote the title opened closes with it
                if m.group(1) in ("是", "成为") and not (
                        (LEVELS.match(item) or item[best:].startswith("之一")) and item[best:] in ("", "之一")):
                    break  # 是/成为 grant a title only with a level (国家级…) or as one of a list (…之一), ending there
                start = i
                # Years and ordinal batches in front (2025年度, 第一批) are dropped from the title.
                lead = re.match(r"(\d{4}年度?|第[一二三四五六七八九十\d]+批)", item)
                if lead:
                    start += lead.end()
                if best + i - start >= 3:
                    # After a granting verb a title wins over a same-length name (获评国家级绿色工业园区).
                    out.append(Candidate(start, i + best, "Designation", f"designation:{m.group(1)}", 0.7, priority=3))
            if j < len(text) and text[j] in "、和及与" and not DESIGNATION_TRIGGERS.match(text, j + 1):
                i = j + 1
                continue
            break
    return out


LEVELS = re.compile(r"^(国家级|国家|省级|省|市级|全国|全省|首批|[\u4e00-\u9fff]{2,3}省|重点)")


RANKING = re.compile(r"^(中)?(第[一二三四五六七八九十\d]+|前[一二三四五六七八九十\d]+|前列|排名)")


def keep_designations(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A title from the lexicon counts where it is granted or counted, not where it is a generic phrase
    (一批龙头企业): after a granting verb in its clause, with a level, a count, quotes, or after A、B等."""
    out = []
    for c in chosen:
        if c.type != "Designation" or not c.rule.startswith("lexicon:"):
            out.append(c)
            continue
        surface = text[c.start : c.end]
        clause_start = max(text.rfind(ch, 0, c.start) for ch in "，。；：,;:") + 1
        before = text[clause_start : c.start]
        granted = bool(DESIGNATION_TRIGGERS.search(before)) or bool(re.search(r"(申报|申请|争创|创建|认定)", before))
        counted = bool(re.search(r"[\d.]+\s*[万亿]?\s*家$", before)) or bool(
            re.match(r"^\s*\d+\s*家", text[c.end : c.end + 5]))
        enumerated = before.endswith("等") or bool(re.search(r"等\d*家?$", before))
        quoted = text[c.start - 1 : c.start] == "“"
        ranked = RANKING.match(text[c.end : c.end + 6])
        if not granted and re.search(r"(共建|组建|建设|建成|筹建|打造)", before):
            continue  # 共建…全国重点实验室: a lab being built, not a title granted
        if (granted or counted or enumerated or quoted or LEVELS.match(surface)) and not ranked:
            out.append(c)  # …列全省国家级开发区第一: a ranking among a class, not a title granted
    return out


NAME_STOP_CHARS = set("说表示介绍认为指出称透露强调的是在和与及等了也都就还对为将把被从向")


def person_candidates(text: str, tokens: Tokens, lex: Lexicons) -> list[Candidate]:
    """Names next to a role word (总经理施军说), in bylines (记者 李兴文 李劲峰) or before /文 /摄."""
    out = []
    surnames = lex.surnames

    def name_at(i: int) -> int:
        """Length of a person name starting at i (2 or 3 characters), 0 if none."""
        if i >= len(text):
            return 0
        two = text[i : i + 2]
        if two in surnames and i + 4 <= len(text):
            return 4 if _name_end_ok(text, i + 4) and not _name_end_ok(text, i + 3) else 3
        if text[i] not in surnames:
            return 0
        for n in (3, 2):
            seg = text[i : i + n]
            if len(seg) == n and all("\u4e00" <= c <= "\u9fff" for c in seg) and _name_end_ok(text, i + n):
                if n == 3 and seg[2] in NAME_STOP_CHARS:
                    continue
                return n
        # Otherwise the segmenter's own person-name tags decide where the name ends (周|建华|致辞).
        k = tokens.ending_at(i)
        k = 0 if i == 0 else (k + 1 if k is not None else None)
        if k is not None and k < len(tokens.words) and tokens.tags:
            length = 0
            while k < len(tokens.words) and length < 3 and (tokens.tags[k].startswith("nr") or length and
                                                             tokens.tags[k] in ("nz", "n", "ng") and
                                                             len(tokens.words[k]) <= 3 - length):
                length += len(tokens.words[k])
                k += 1
            if 2 <= length <= 3:
                return length
        return 0

    roles = _longest_first(frozenset(lex.roles or {"董事长": "both", "总经理": "both"}))
    for role in roles:
        if role not in text:
            continue  # a substring test is far cheaper than a regular expression per role
        for at in occurrences(role, text):
            end = at + len(role)
            n = name_at(end)
            if n:
                out.append(Candidate(end, end + n, "Person", f"person:after-{role}", 0.8, priority=2))
    # Bylines: a run of space-separated 2-3 character names.
    byline = r"(?:^|[\s►□◎])((?:[\u4e00-\u9fff]{2,3}[ \u3000]+){1,5}[\u4e00-\u9fff]{2,3})(?=/文|/图|\s|$|摄)"
    for m in re.finditer(byline, text):
        group = m.group(1)
        names = group.split()
        pos = m.start(1)
        credited = text[m.end(1) : m.end(1) + 2] in ("/文", "/图")
        if all(nm[0] in lex.surnames for nm in names) and len(names) >= 2 or credited:
            for nm in names:
                k = text.find(nm, pos)
                if nm[0] in lex.surnames:
                    out.append(Candidate(k, k + len(nm), "Person", "person:byline", 0.75, priority=2))
                pos = k + len(nm)
    for m in re.finditer(r"[◎►□■]\s*([\u4e00-\u9fff]{2,3})(?=\s)", text):
        if m.group(1)[0] in lex.surnames:  # ◎刘侠 本报记者…: a byline marker before a name
            out.append(Candidate(m.start(1), m.end(1), "Person", "person:byline", 0.75, priority=2))
    for m in re.finditer(r"(记者|通讯员|实习生)\s*((?:[\u4e00-\u9fff]{2,3}\s*){1,4})", text):
        pos = m.start(2)
        for nm in m.group(2).split():
            if nm[0] in lex.surnames and len(nm) in (2, 3):
                k = text.find(nm, pos)
                out.append(Candidate(k, k + len(nm), "Person", "person:byline", 0.8, priority=2))
                pos = k + len(nm)
    # 胡江涛/图2024年: a credit glued by a PDF to the first words of the text.
    for m in re.finditer(r"([\u4e00-\u9fff]{2,3})(/文|/图|摄)(?=\s|$|[（(\d])", text):
        nm = m.group(1)
        if nm[0] in lex.surnames and m.start(1) == 0 or text[m.start(1) - 1] in " \u3000□►◎":
            out.append(Candidate(m.start(1), m.end(1), "Person", "person:credit", 0.75, priority=2))
    return out


def occurrences(word: str, text: str) -> Iterator[int]:
    """Where each non-overlapping occurrence of `word` starts, as re.finditer(re.escape(word)) finds them, but
    without a pattern per word in re's cache (there are hundreds of such words; the cache holds 512 patterns)."""
    at = text.find(word) if word else -1
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


@lru_cache(maxsize=8)
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    """Words longest first (then in code-point order), sorted once rather than per sentence."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _name_end_ok(text: str, i: int) -> bool:
    """A name may end here: at the end, at punctuation or space, or before a speech verb."""
    if i >= len(text):
        return True
    ch = text[i]
    if ch in PUNCT or ch.isspace():
        return True
    speech = ("表示", "介绍", "认为", "指出", "透露", "强调", "解释", "坦言", "感慨", "告诉", "见证", "说道")
    return text[i : i + 2] in speech or ch in "说称"


# --- choosing among candidates -------------------------------------------------------------------


def select(cands: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring longer spans, then higher priority and confidence."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-c.length, -c.priority, -c.confidence, c.start, c.type)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


INDUSTRY_CONTEXT_AFTER = re.compile(r"^(产业|行业|产业链|产业集群|集群|领域|赛道|板块|企业|等产业|等领域|等行业|"
                                    r"等新兴产业|等战略性新兴产业|等前沿领域|等重点)")
UMBRELLA_INDUSTRIES = frozenset(
    "传统产业 新兴产业 优势产业 特色产业 主导产业 支柱产业 新兴工业 传统制造业 供应链 产业链".split()
)


INDUSTRY_SENTENCE = re.compile(r"(产业|行业|领域|赛道|集群|经济|发展|打造|聚焦|布局|培育|主导|重点|龙头|链主|制造业)")
PRODUCT_CONTEXT = re.compile(r"(应用于|用于|应用到|适用|产品|产线|工艺|生产|零件|原料|采用|装机|产量)")
# 高新技术产业产值, 计算机产量: the industry as a line of statistics, not one the text says anyone develops.
STATISTIC_AFTER = re.compile(r"^(产值|增加值|产量|市场占有率|占比|比重)")
APPLIED_FIELDS = re.compile(r"^[^，。；,;]*?等?领域的[^，。；,;]*(应用|产品)")


def _modifies_noun(text: str, tokens: Tokens, c: Candidate) -> bool:
    """Whether an industry word is cut out of a longer word or qualifies the noun after it (创新药|物研发,
    动力电池专用铜箔, 体外诊断试剂, 研发设计工具): then the text names a thing, not the industry."""
    if tokens.ending_at(c.end) is None and c.end < len(text) or tokens.ending_at(c.start) is None and c.start > 0 \
            and text[c.start - 1] not in PUNCT:
        return True
    k = next((n for n, st in enumerate(tokens.starts) if st == c.end), None)
    if k is None:
        return False
    word, tag = tokens.words[k], tokens.tags[k] if tokens.tags else "n"
    return tag.startswith("n") and len(word) >= 2 and not tag.startswith(("nr", "ns")) \
        and word not in INDUSTRY_NOUN_TAILS


INDUSTRY_NOUN_TAILS = frozenset("产业 行业 领域 企业 集群 产业链 赛道 板块 基地 项目 园区 产业园 产品 经济 龙头 链主 "
                                "装备 材料 设备 零部件 集团 公司 营收 营业收入 规模 收入 销售额 出口".split())


def keep_industries(text: str, chosen: list[Candidate], lex: Lexicons, tokens: Tokens) -> list[Candidate]:
    """An industry word counts where the text names it as a sector: followed by 产业/行业/领域…, in a
    list with other industries, or a specific multi-word field; everyday words (能源, 数据) need that context."""
    inds = [c for c in chosen if c.type == "Industry"]
    keep: set[Candidate] = set()
    for c in inds:
        if c.rule.startswith("lexicon:") and not text[c.start : c.end].endswith(INDUSTRY_TAILS) \
                and _modifies_noun(text, tokens, c):
            continue  # (精密制造产业|生态 names the industry whatever follows its 产业)
        surface = text[c.start : c.end]
        if surface in UMBRELLA_INDUSTRIES:
            continue
        after = text[c.end : c.end + 8]
        bare = surface
        for tail in INDUSTRY_TAILS:
            if bare.endswith(tail) and len(bare) > len(tail):
                bare = bare[: -len(tail)]
                break
        named_as_sector = bare != surface or bool(INDUSTRY_CONTEXT_AFTER.match(after))
        listed = any(o is not c and (o.end == c.start - 1 or c.end == o.start - 1)
                     and text[min(c.end, o.end)] in "、和及与"
                     for o in inds)
        clause_start = max(text.rfind(ch, 0, c.start) for ch in "，。；：,;:") + 1
        # 应用到轨道交通, 家具、家电等领域的镁合金应用: fields where a product is used.
        applied = PRODUCT_CONTEXT.search(text[clause_start : c.start]) or APPLIED_FIELDS.match(text[c.end :])
        # 计算机、手机整机产量分别位列全国第三: the whole list is a line of statistics.
        listed_statistic = re.match(r"(?:、[\u4e00-\u9fff]{1,8}?)+?(产值|增加值|产量|市场占有率)", text[c.end :])
        if STATISTIC_AFTER.match(after) or listed_statistic or applied and bare == surface:
            continue
        if bare in lex.industries_needing_context or len(bare) <= 2:
            if named_as_sector or listed:
                keep.add(c)
        elif named_as_sector or listed or INDUSTRY_SENTENCE.search(text):
            keep.add(c)
    return [c for c in chosen if c.type != "Industry" or c in keep]


FIRM_TRADE_WORDS = (
    "科技", "电子", "电气", "电器", "实业", "控股", "新材料", "材料", "新能源", "能源", "生物", "医药", "药业", "制药",
    "医疗", "电池", "电路", "电业", "光电", "智能", "精密", "数控", "信息", "软件", "通信", "汽车", "动力", "锂业",
    "磁业", "磁选", "钢构", "建材", "化工", "食品", "纺织", "股份", "集团", "底盘", "铜箔", "稀土", "微电子", "半导体",
    "机械", "重工", "装备", "环保", "物流", "电机", "铜业", "钨业", "光伏", "储能", "芯片", "传感",
)
SINGLE_STOPS = set("对从在和与及的等向把被将为以由于是了着也都又")
FIRM_FOLLOWERS = re.compile(r"^([、，。；]|等|和|与|及|获|入选|跻身|上榜|进入|成功|已|正|将|在|是|作为|创始人|"
                            r"董事长|总经理|"
                            r"负责人|公司|集团|的|每年|累计|实现|投资|建设|项目|“|基地|自主|研发|推出|牵头|$)")


def firm_short_candidates(text: str, tokens: Tokens, lex: Lexicons) -> list[Candidate]:
    """Firms named by trade name and trade word alone (脑虎科技, 立探新能源): an uncommon two- or
    three-character trade name in front of a trade word, between name boundaries."""
    out = []
    for word in FIRM_TRADE_WORDS:
        if word not in text:
            continue
        for at in occurrences(word, text):
            end = at + len(word)
            if not FIRM_FOLLOWERS.match(text[end : end + 3]):
                continue
            for n in (2, 3):
                start = at - n
                if start < 0:
                    continue
                trade = text[start : at]
                if not all("\u4e00" <= ch <= "\u9fff" for ch in trade) or any(ch in SINGLE_STOPS for ch in trade):
                    continue
                covering = [k for k, st in enumerate(tokens.starts)
                            if st < at and st + len(tokens.words[k]) > start]
                if any(tokens.tags and tokens.tags[k].startswith(("v", "p", "c", "d", "r", "u", "m", "f", "t"))
                       and tokens.words[k] not in NAME_VERBS and len(tokens.words[k]) > 1 for k in covering):
                    continue
                if segment.freq(trade) >= 60 or trade in lex.region_forms or trade in lex.industries:
                    continue
                if any(segment.freq(trade[k:]) >= 200 for k in range(1, n - 1)) and n == 3:
                    continue
                # The trade name must start at a word boundary with a boundary before it.
                if start > 0 and text[start - 1] not in PUNCT and tokens.ending_at(start) is None:
                    continue
                i = tokens.ending_at(start)
                tag = tokens.tags[i] if tokens.tags and i is not None else "n"
                if i is not None and _is_name_token(tokens.words[i], tag, "Company") \
                        and tokens.words[i] not in ("企业", "公司") and tokens.words[i] not in lex.region_forms:
                    continue
                if start >= 2 and text[start - 2 : start] in lex.region_forms:
                    start -= 2  # 江西铜博科技: the province belongs to the short name
                out.append(Candidate(start, end, "Company", "grammar:trade-name", 0.55, priority=0))
                break
    return out


INDUSTRY_GENERIC = re.compile(r"^(三大|四大|五大|六大|两大|主导|特色|优势|新兴|传统|千亿级?|百亿级?|重点|相关|"
                              r"全市|全省|全区|本地|"
                              r"支柱|首位|战略|未来|现代|各|该|这|其|上下游|整体|当地|区域|全|配套|关联|高新技术|各类|文化)")


def industry_grammar_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    """Industries named by the text as such though no lexicon has them: 数智装备产业集群, 稀金材料产业."""
    out = []
    lex = load()
    for m in re.finditer(r"产业集群", text):
        i = tokens.ending_at(m.start())
        start = m.start()
        taken = 0
        while i is not None and i >= 0 and taken < 2:
            word, tag = tokens.words[i], tokens.tags[i] if tokens.tags else "n"
            if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word in LEFT_STOPS \
                    or not tag.startswith(("n", "b", "j")) \
                    or word in lex.region_forms or "产业" in word or "集群" in word:
                break
            start = tokens.starts[i]
            taken += 1
            i -= 1
        body = text[start : m.start()]
        if 2 <= len(body) <= 6 and not INDUSTRY_GENERIC.match(body):
            out.append(Candidate(start, m.end(), "Industry", "grammar:industry", 0.55, priority=0))
    return out


LIST_CLOSER = re.compile(r"等(?:[\u4e00-\u9fff]{0,4}?)(产业|领域|行业|赛道)")
LIST_ITEM = re.compile(r"[\u4e00-\u9fff]{2,8}|[A-Za-z0-9]{1,4}[\u4e00-\u9fff]{0,6}")


def industry_list_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    """Items of a list the text closes as industries (传感器、锂电池、电路板等产业基础; 低空制造、脑机接口、
    核医学等产业): where one item is a known industry, the others are industries too."""
    lex = load()
    out = []
    for cue in LIST_CLOSER.finditer(text):
        cs = max(text.rfind(ch, 0, cue.start()) for ch in "，。；：,;:（(“”") + 1
        if re.match(r"的[^，。；,;]*(应用|产品)", text[cue.end() :]) or \
                re.search(r"(应用于|用于|应用到|适用)", text[cs : cue.start()]):
            continue  # 在农业、交通等领域的应用场景: fields where something is used, not industries
        items: list[tuple[int, int]] = []
        pos = cs
        for part in re.split(r"(、|和|及|与)", text[cs : cue.start()]):
            if part not in ("、", "和", "及", "与"):
                items.append((pos, pos + len(part)))
            pos += len(part)
        if len(items) < 2:
            continue
        # The first item starts after the clause's verb (围绕|人工智能, 既有|传感器): its last nouns.
        s0, e0 = items[0]
        i = tokens.ending_at(e0)
        start = e0
        while i is not None and i >= 0 and tokens.starts[i] >= s0 and e0 - tokens.starts[i] <= 8:
            word, tag = tokens.words[i], tokens.tags[i] if tokens.tags else "n"
            if word in LEFT_STOPS or not tag.startswith(("n", "vn", "b", "j", "eng", "m")) \
                    and word not in lex.industries and word not in NAME_VERBS:
                break
            start = tokens.starts[i]
            i -= 1
        items[0] = (start, e0)
        surfaces = [text[s:e] for s, e in items]
        if not any(w in lex.industries for w in surfaces):
            continue
        for (s, e), w in zip(items, surfaces, strict=True):
            if LIST_ITEM.fullmatch(w) and w not in lex.industries and w not in lex.region_forms \
                    and not INDUSTRY_GENERIC.match(w) and "的" not in w:
                out.append(Candidate(s, e, "Industry", "grammar:industry-list", 0.55, priority=0))
    return out


def recognise_sentence(text: str, lex: Lexicons | None = None) -> list[Candidate]:
    lex = lex or load()
    tokens = tokenize(text)
    cands = gazetteer_candidates(text)
    cands += grammar_candidates(text, tokens)
    cands += policy_candidates(text, tokens)
    cands += project_candidates(text, tokens)
    cands += designation_candidates(text)
    cands += person_candidates(text, tokens, lex)
    cands += firm_short_candidates(text, tokens, lex)
    cands += industry_grammar_candidates(text, tokens)
    cands += industry_list_candidates(text, tokens)
    chosen = keep_designations(text, keep_industries(text, select(cands), lex, tokens))
    return merge_bases(text, extend_known_firms(text, tokens, chosen), lex)


INDUSTRY_MODIFIERS = ("高端", "先进", "新型", "智能", "绿色", "现代", "新一代", "战略性", "特色", "精细", "新兴",
                      "高性能")
INDUSTRY_PRODUCTS = ("材料", "装备", "设备", "器件", "零部件", "及零部件", "制造")


def extend_known_firms(text: str, tokens: Tokens, chosen: list[Candidate]) -> list[Candidate]:
    """A well-known firm's name followed by a proper name is another firm of its group (华润|博雅 生物):
    the name runs on over the proper noun and any trade words after it."""
    out = []
    for c in chosen:
        if c.type == "Company" and c.rule == "lexicon:firm":
            k = tokens.ending_at(c.end)
            k = None if k is None else k + 1
            if k is not None and k < len(tokens.words) and tokens.tags and tokens.tags[k] in ("nr", "nz", "nrt") \
                    and not any(o.start < tokens.starts[k] + len(tokens.words[k]) and o.end > tokens.starts[k]
                                for o in chosen if o is not c):
                end = tokens.starts[k] + len(tokens.words[k])
                k += 1
                while k < len(tokens.words) and tokens.words[k] in FIRM_TRADE_WORDS:
                    end += len(tokens.words[k])
                    k += 1
                c = Candidate(c.start, end, "Company", "grammar:group-firm", 0.7, c.priority)
        out.append(c)
    return out


ITEM_OPEN = re.compile(r"[、，,。；;：:（(“和及与以为在对把从等]")


def _whole_list_item(text: str, start: int, end: int, before: list[Candidate]) -> int:
    """In a list of industries (存储芯片、显示驱动芯片、功率半导体), an item is the industry as a whole: a
    known term is widened to the item's start over a few noun-like characters (显示驱动|芯片)."""
    item_end = text[end : end + 1]
    if not (item_end == "" or ITEM_OPEN.match(item_end)
            or text[end : end + 2] in ("产业", "集群", "领域", "营收", "规模")):
        return start
    k = start
    while k > 0 and start - k < 5 and not ITEM_OPEN.match(text[k - 1]) and "\u4e00" <= text[k - 1] <= "\u9fff":
        k -= 1
    if k == start or not (k == 0 or ITEM_OPEN.match(text[k - 1])) or any(c.end > k for c in before):
        return start
    lead = tokenize(text[k:start])
    # Technology words are often verbs to the segmenter (显示, 驱动); function words and sentence verbs end it.
    if any(t.startswith(("p", "c", "d", "r", "u", "m", "f", "t")) or w in LEFT_STOPS
           for w, t in zip(lead.words, lead.tags, strict=True)):
        return start
    return k


FIRM_FACILITY = re.compile(r"“[^“”]{1,12}(工厂|基地|中心|产业园|园区|项目|工程|产线|生产线)”"
                           r"|[\u4e00-\u9fff]{0,8}?(智能工厂|超级工厂|数字化工厂|未来工厂|灯塔工厂)")


def merge_bases(text: str, chosen: list[Candidate], lex: Lexicons) -> list[Candidate]:
    """Names that run across two candidates: 比亚迪|抚州|基地 (a firm's base in a place),
    新余高新区|财政金融局 (a park's department), 高端|精密制造 (a qualified industry)."""
    out: list[Candidate] = []
    for c in chosen:
        if out and out[-1].rule == "project:firm-facility" and c.start < out[-1].end:
            continue  # the quoted part of 脑虎科技“超级工厂”, already taken in
        facility = FIRM_FACILITY.match(text, c.end) if c.type == "Company" else None
        if facility:
            # 脑虎科技“超级工厂”在赣江新区动工, 华润博雅生物血液制品智能工厂主体完工: a firm's plant is a project.
            out.append(Candidate(c.start, c.end, "Company", "nested:firm", c.confidence))
            out.append(Candidate(c.start, facility.end(), "Project", "project:firm-facility", 0.7, priority=3))
            continue
        if c.type == "GovernmentBody" and out and out[-1].type in ("Park", "Region") and out[-1].end == c.start:
            prev = out.pop()
            out.append(Candidate(prev.start, c.end, "GovernmentBody", c.rule, max(c.confidence, 0.8), priority=2))
            continue
        if c.type == "Industry" and c.rule.startswith("lexicon:"):
            start, end = c.start, c.end
            for mod in INDUSTRY_MODIFIERS:
                if text[:start].endswith(mod) and not (out and out[-1].end > start - len(mod)):
                    start -= len(mod)
                    break
            for prod in INDUSTRY_PRODUCTS:
                if text[end:].startswith(prod):
                    end += len(prod)
                    break
            start = _whole_list_item(text, start, end, out)
            if (start, end) != (c.start, c.end):
                c = Candidate(start, end, c.type, c.rule, c.confidence, c.priority)
        if out and c.type == "Region" and out[-1].type == "Company" and out[-1].end == c.start \
                and text[c.end : c.end + 2] in ("基地", "工厂") :
            prev = out.pop()
            out.append(Candidate(prev.start, c.end + 2, "Company", "grammar:firm-base", 0.8, priority=2))
            continue
        out.append(c)
    return out


def recognise(doc: Document) -> list[Mention]:
    """All mentions in a document, sentence by sentence, then propagated across the document."""
    lex = load()
    mentions: list[Mention] = []
    for sent in doc.sentences:
        for c in recognise_sentence(sent.text, lex):
            mentions.append(
                Mention(c.name or sent.text[c.start : c.end], c.type, sent.index, sent.start + c.start,
                        sent.start + c.end, c.rule, c.confidence)
            )
            if c.rule == "grammar:firm-base":
                # 比亚迪常州基地 names the firm and the place as well as the base.
                name = sent.text[c.start : c.end]
                rest = name[:-2]
                for n in (4, 3, 2):
                    if rest[-n:] in lex.region_forms and len(rest) - n >= 2:
                        s0 = sent.start + c.start
                        mentions.append(Mention(rest[:-n], "Company", sent.index, s0, s0 + len(rest) - n,
                                                "nested:firm", 0.8))
                        mentions.append(Mention(rest[-n:], "Region", sent.index, s0 + len(rest) - n, s0 + len(rest),
                                                "nested:region", 0.8))
                        break
            if c.type in ("Park", "Designation"):
                form = _leading_region(sent.text[c.start : c.end], lex)
                if form and lex.divisions[lex.region_forms[form]].level == 1:
                    # 四川内江高新区, 江西省创新型中小企业 name a province: a place of the text too.
                    s0 = sent.start + c.start
                    mentions.append(Mention(form, "Region", sent.index, s0, s0 + len(form), "nested:region", 0.8))
    return mentions


def _leading_region(name: str, lex: Lexicons) -> str:
    """The province or city name a park's name opens with (四川|内江高新区), or ''."""
    for n in (4, 3, 2):
        head = name[:n]
        div = lex.divisions.get(lex.region_forms.get(head, ""))
        if div and div.level <= 2 and len(name) - n >= 2:
            return head
    return ""


# --- the document pass ---------------------------------------------------------------------------

ORG_FORMS = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团股份有限公司|集团有限公司|集团公司|集团|公司|（[\u4e00-\u9fff]{2,4}）|\([\u4e00-\u9fff]{2,4}\))+$"
)
TRADE_WORDS = (
    "科技", "技术", "机械", "电子", "电气", "电器", "实业", "控股", "股份", "工业", "新材料", "材料", "新能源", "能源",
    "生物", "医药", "药业", "制药", "医疗", "电池", "电路", "电业", "光电", "智能", "精密", "数控", "信息", "软件",
    "网络", "通信", "汽车", "动力", "锂业", "磁业", "钢构", "建材", "化工", "化学", "食品", "纺织", "服装", "贸易",
    "物流", "投资", "发展", "建设", "商务服务", "测量技术", "循环科技",
)
_TRADE_WORDS_LONGEST_FIRST = tuple(sorted(TRADE_WORDS, key=lambda w: (-len(w), w)))
ALIAS_CUE = re.compile(r"[（(]\s*(?:以下简称|以下称|下称|简称)\s*[“\"]?([^”\")）]{1,12})[”\"]?\s*[）)]")
ENUM_CUE = re.compile(r"(?:等(?:\d+家|多家|[一二三四五六七八九十两]+家)?|"
                      r"(?<=[\u4e00-\u9fff])(?:\d+|[三四五六七八九十])家)"
                      r"(?:龙头|链主|头部|重点|骨干|知名|领军|优质)?(?:企业|公司|单位|车企|药企|院校|厂商)")
LEAD_ADVERBS = re.compile(r"^(已|先后|成功|分别|均|还|也|并|近期|此前|今年|去年|连续[一二三四五六七八九十\d]+年|首次|"
                          r"同时|其中)+")
DESIGNATION_SUBJECT = re.compile(r"([\u4e00-\u9fffA-Za-z0-9、]{2,40}?)(获评|获批|入选|上榜|跻身|荣获|被认定为|被评为)")


def strip_region_prefix(name: str, lex: Lexicons, once: bool = False) -> str:
    """江西省深耕铜箔科技有限公司 -> 深耕铜箔科技有限公司; repeated prefixes (江西省赣州市…) too, unless `once`."""
    while True:
        head = next((n for n in (4, 3, 2) if name[:n] in lex.region_forms and len(name) - n >= 2), 0)
        if not head:
            return name
        name = name[head:]
        if once:
            return name


def short_forms(name: str, lex: Lexicons) -> list[str]:
    """Short names the press uses for a firm: drop region, legal form, and trailing trade words."""
    core = ORG_FORMS.sub("", name)
    bare = strip_region_prefix(core, lex)
    forms = []
    if bare != name and len(bare) >= 2:
        forms.append(bare)
    if core != name and len(core) >= 3:
        forms.append(core)
    trimmed = bare
    for _ in range(2):
        for word in _TRADE_WORDS_LONGEST_FIRST:
            if trimmed.endswith(word) and len(trimmed) - len(word) >= 2:
                trimmed = trimmed[: -len(word)]
                forms.append(trimmed)
                break
    return [f for f in dict.fromkeys(forms) if f != name and len(f) >= 2]


def _common_word(word: str) -> bool:
    """A dictionary word too frequent to be taken as a firm's short name on its own."""
    freq = segment.freq(word)
    return freq > 500


def document_pass(doc: Document, mentions: list[Mention], lex: Lexicons) -> tuple[list[Mention], dict[str, str]]:
    """Find every other mention of the names found once; returns mentions and alias -> full name."""
    aliases: dict[str, str] = {}
    typed: dict[str, tuple[str, float]] = {}
    for m in mentions:
        if m.type != "Region" or m.rule != "lexicon:county-short":
            typed.setdefault(m.text, (m.type, m.confidence))
    # Declared short names: 江西赣锋循环科技有限公司(以下简称“赣锋”).
    for sent in doc.sentences:
        for cue in ALIAS_CUE.finditer(sent.text):
            before = [m for m in mentions if m.sentence == sent.index and m.end - sent.start <= cue.start()]
            if before:
                full = max(before, key=lambda m: m.end)
                short = cue.group(1).strip()
                aliases[short] = full.text
                typed[short] = (full.type, full.confidence)
    # Short forms of firms named in full.
    sentence_text = "\n".join(s.text for s in doc.sentences)
    for name, (etype, conf) in list(typed.items()):
        if etype != "Company":
            continue
        for short in short_forms(name, lex):
            if short in typed or _common_word(short):
                continue
            if _occurs_outside(short, name, sentence_text):
                aliases.setdefault(short, name)
                typed[short] = (etype, conf * 0.9)
    # Enumerations closed by 等…企业 and subjects of a firm's honour: the items are firms.
    for sent in doc.sentences:
        for cue in ENUM_CUE.finditer(sent.text):
            for item in _enumeration_before(sent.text, cue.start()):
                if item not in typed and _plausible_name(item, lex, listed_as_firms=True):
                    typed[item] = ("Company", 0.6)
        for m in DESIGNATION_SUBJECT.finditer(sent.text):
            subject = LEAD_ADVERBS.sub("", m.group(1))
            for item in subject.split("、"):
                if item and item not in typed and _plausible_name(item, lex) and not _covered(mentions, sent, item):
                    typed[item] = ("Company", 0.55)
    # A partner listed next to a known firm is a firm too (联合海克斯康和中国联通).
    firms = sorted((n for n, (t, _) in typed.items() if t == "Company" and len(n) >= 2), key=lambda n: (-len(n), n))
    if firms:
        for sent in doc.sentences:
            for item in _partners_before_known(sent.text, firms):
                if item not in typed and _plausible_name(item, lex) and not _covered(mentions, sent, item):
                    typed[item] = ("Company", 0.55)
    # County short names count where the document names the county's city or the county itself.
    present = {m.text for m in mentions if m.type == "Region" and m.rule != "lexicon:county-short"}
    present_full = {lex.region_forms.get(t, t) for t in present}
    for m in mentions:
        if m.rule == "lexicon:county-short":
            div = lex.divisions.get(lex.region_forms.get(m.text, ""))
            if div and (div.parent in present_full or div.name in present_full):
                typed.setdefault(m.text, ("Region", 0.7))
    # Search every sentence for every known name (longest first) outside the spans already taken.
    names = sorted(typed, key=lambda w: (-len(w), w))
    automaton = ahocorasick.Automaton()
    for n in names:
        if len(n) >= 2:
            automaton.add_word(n, n)
    out: list[Mention] = [m for m in mentions if m.rule != "lexicon:county-short"]
    nested = [m for m in out if m.rule.startswith("nested:")]
    out = [m for m in out if not m.rule.startswith("nested:")]
    if len(automaton):
        automaton.make_automaton()
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for m in out:
            by_sentence.setdefault(m.sentence, []).append((m.start, m.end))
        for sent in doc.sentences:
            spans = by_sentence.setdefault(sent.index, [])
            hits = []
            for end_index, name in automaton.iter(sent.text):
                start = sent.start + end_index + 1 - len(name)
                hits.append((start, start + len(name), name))
            for start, end, name in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
                overlapping = [(s, e) for s, e in spans if start < e and s < end]
                if any(not (start <= s and e <= end and e - s < end - start) for s, e in overlapping):
                    continue
                if overlapping:
                    # 晶睿|微电子: a known firm's name outranks the shorter word found inside it first.
                    out = [m for m in out if m.sentence != sent.index or (m.start, m.end) not in overlapping]
                    spans[:] = [sp for sp in spans if sp not in overlapping]
                etype, conf = typed[name]
                out.append(Mention(name, etype, sent.index, start, end, "document:repeat", conf))
                spans.append((start, end))
    out.extend(nested)
    out.sort(key=lambda m: (m.start, m.end))
    return _region_led_firms(out, lex), aliases


def _occurs_outside(short: str, name: str, text: str) -> bool:
    """Whether `short` occurs in `text` other than inside an occurrence of `name` (found with str.find, so a long
    document is scanned at the speed of a search, not copied once per firm name)."""
    at = text.find(short)
    while at >= 0:
        # An occurrence of `name` holding this one starts at most len(name) - len(short) before it, and not after.
        if text.find(name, max(at - len(name) + len(short), 0), at + len(name)) < 0:
            return True
        at = text.find(short, at + 1)
    return False


def _region_led_firms(mentions: list[Mention], lex: Lexicons) -> list[Mention]:
    """A province or city right before a firm's short name is part of it (江西|佳时特五轴数控机床: 江西佳时特)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        div = lex.divisions.get(lex.region_forms.get(prev.text, "")) if prev and prev.type == "Region" else None
        if prev is not None and div is not None and div.level <= 2 and m.type == "Company" \
                and prev.end == m.start and prev.sentence == m.sentence and not m.text.startswith(prev.text) \
                and strip_region_prefix(m.text, lex) == m.text and len(m.text) <= 6:
            out[-1] = Mention(prev.text + m.text, "Company", m.sentence, prev.start, m.end, "document:region-firm",
                              m.confidence)
            continue
        out.append(m)
    return out


PARTNER_LEAD = re.compile(r"联合|携手|与|同")
HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _partners_before_known(text: str, known: Sequence[str]) -> Iterator[str]:
    """The X of 联合X和<known firm>: what `(?:联合|携手|与|同)([一-鿿]{2,6}?)(?:和|与|、|及)(?:known...)` finds, without
    compiling a pattern of each document's firm names (which would also push the static patterns out of re's
    cache). `known` is longest first, as the alternation would try it."""
    at = 0
    while lead := PARTNER_LEAD.search(text, at):
        start, found = lead.end(), None
        for n in range(2, 7):
            item = text[start : start + n]
            if len(item) < n or not HAN_ONLY.fullmatch(item):
                break
            joint = start + n
            if text[joint : joint + 1] in ("和", "与", "、", "及"):
                firm = next((f for f in known if text.startswith(f, joint + 1)), None)
                if firm is not None:
                    found = (item, joint + 1 + len(firm))
                    break
        if found is None:
            at = lead.start() + 1
            continue
        yield found[0]
        at = found[1]


def _covered(mentions: list[Mention], sent, item: str) -> bool:
    k = sent.text.find(item)
    if k < 0:
        return False
    s, e = sent.start + k, sent.start + k + len(item)
    # An industry word inside the name (立探|新能源) is the firm's trade, not another entity in the way.
    return any(m.start < e and s < m.end and not (m.type == "Industry" and s < m.start and m.end <= e)
               for m in mentions)


def _enumeration_before(text: str, end: int) -> list[str]:
    """The items of an enumeration A、B、C that ends at `end`."""
    i = end
    while i > 0 and text[i - 1] not in "，。；：:,;（(“”":
        i -= 1
    span = text[i:end]
    lead = r"^.*?(围绕|依托|包括|如|像|与|和|同|联合|推动|支持|培育|引进|吸引|以)"
    if "、" not in span:
        return []
    items = [x.strip() for x in span.split("、")]
    items[0] = LEAD_ADVERBS.sub("", re.sub(lead, "", items[0]))
    # 发投集团、财投集团和工科投3家公司: the last two items are joined by 和.
    last = re.split(r"(?:和|及|与|以及)", items[-1], maxsplit=1)
    items[-1:] = [x.strip() for x in last]
    return [x for x in items if x]


def _plausible_name(item: str, lex: Lexicons, listed_as_firms: bool = False) -> bool:
    """A bare firm name: an uncommon trade name, alone (东鹏) or before a trade word (豪鹏科技). Where the
    text itself lists the item among firms (A、B、C等9家单位), a common trade name will do (华中数控)."""
    if not (2 <= len(item) <= 12) or any(ch in PUNCT for ch in item):
        return False
    if not all("\u4e00" <= ch <= "\u9fff" for ch in item):
        return False
    if item in LEFT_STOPS or item in NAME_GENERIC or item in lex.region_forms or item in lex.industries:
        return False
    first = tokenize(item)
    if first.words and (first.words[0] in LEFT_STOPS or first.tags and first.tags[0].startswith(("p", "c", "d", "r"))):
        return False  # 其中豪鹏科技, 以逸豪新材料: a function word in front is not part of the name
    for word in FIRM_TRADE_WORDS:
        if item.endswith(word) and len(item) > len(word):
            trade = strip_region_prefix(item[: -len(word)], lex)
            return 2 <= len(trade) <= 4 and (listed_as_firms or segment.freq(trade) < 60)
    # A bare trade name is a word the segmenter does not know (东鹏, 协讯), not an ordinary one (技术水平, 线路板).
    return len(item) <= 4 and segment.freq(item) < 10 and not any(ch in SINGLE_STOPS for ch in item) \
        and (listed_as_firms or not any(len(w) > 1 and segment.freq(w) >= 60 for w in first.words))

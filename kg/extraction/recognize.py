"""Stage 2: segment sentences and recognise entity mentions.

Recognition combines gazetteers (administrative divisions, industries, honour titles and
well-known national organisations from `kg.extraction.lexicon`) with the grammar of Chinese names:
an organisation name is a left context boundary, then name tokens (region, trade name,
industry word), then an organisation-form ending (有限公司, 大学, 研究院, 高新区 …).
Candidates from every rule compete for the same characters; the longest, most reliable
one wins. A second pass over the whole document finds the other mentions of names
recognised once (short names, persons, enumerated firms).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import ahocorasick

try:  # a faster Aho-Corasick for the large word sets; pyahocorasick gives the same matches without it
    import ahocorasick_rs
except ImportError:  # pragma: no cover - depends on the installation
    ahocorasick_rs = None

from kg.extraction.lexicon import (
    COUNTRIES,
    DATELINE_WORDS,
    IN_CLAUSE,
    LIST_MARK_ALONE,
    Lexicons,
    grammar_words,
    load,
)
from kg.model import Document, Mention
from kg.text import segment

PUNCT = set("，。、；：？！,.;:?!（）()【】[]《》“”‘’\"'「」『』—…·/\\|　 \t\n-－~～■□►◎●○★☆▲△◆◇")
# Words that end a name on its left: prepositions, conjunctions, and the verbs that introduce
# an organisation in this kind of text (与X合作, 依托X, 推动X落地 …).
LEFT_STOPS = grammar_words("left_stops")
# Tokens that may stand at the left edge of a name although they are function words.
NAME_GENERIC = grammar_words("name_generic")
PARK_GENERIC = NAME_GENERIC | grammar_words("park_generic")
# Verbs that say a firm works in a field (深耕|风电轴承领域): with the left stops, they open no industry's name.
FIELD_VERBS = grammar_words("field_verbs")

MAX_NAME = 32
_SPACE = re.compile(r"\s")  # \s is str.isspace, character for character


def _has_break(word: str) -> bool:
    """Whether a word holds punctuation or a space (a set test and one scan instead of a test per character)."""
    return not PUNCT.isdisjoint(word) or _SPACE.search(word) is not None


# Not frozen (its __init__ would cost three times as much, and candidates are made by the thousand); hashable by
# value all the same, and nothing assigns to a candidate once made.
@dataclass(unsafe_hash=True)
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


@dataclass  # not frozen (cheaper to make): made for every sentence and piece of one, never changed once made
class Tokens:
    words: tuple[str, ...]
    starts: tuple[int, ...]
    tags: tuple[str, ...] = ()
    # The tokens are the text cut end to end into non-empty words, so each position starts and ends at most one:
    # token index by end position (made by tokenize as it adds up the starts).
    _by_end: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    # Token index by start position, made when first asked for (a plain attribute: cached_property takes a lock).
    _by_start: dict[int, int] | None = field(default=None, compare=False, repr=False)

    def ending_at(self, pos: int) -> int | None:
        """Index of the token that ends exactly at `pos`, if a token boundary is there."""
        return self._by_end.get(pos)

    def starting_at(self, pos: int) -> int | None:
        """Index of the token that starts exactly at `pos`, if a token boundary is there."""
        by_start = self._by_start
        if by_start is None:
            by_start = self._by_start = dict(zip(self.starts, range(len(self.starts)), strict=True))
        return by_start.get(pos)

    def between(self, lo: int, hi: int) -> range:
        """Indices of the tokens that start at or after `lo` and before `hi`."""
        return range(bisect_left(self.starts, lo), bisect_left(self.starts, hi))

    def overlapping(self, lo: int, hi: int) -> range:
        """Indices of the tokens that overlap the span lo..hi (0 <= lo < hi)."""
        return range(max(0, bisect_right(self.starts, lo) - 1), bisect_left(self.starts, hi))

    def inside(self, pos: int) -> int | None:
        """Index of the token that `pos` lies strictly inside (after its first character), if any."""
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and self.starts[i] < pos < self.starts[i] + len(self.words[i]) else None


class Matcher:
    """Every occurrence of a set of words in a text, overlapping ones included, as (start, end, value) in the order
    pyahocorasick's iter gives them: by end, the longest first. ahocorasick_rs (Rust) finds them faster (4x on the
    gazetteer's 25,000 entries, measured on the development texts); without it, or for a text it cannot encode (a
    lone surrogate), pyahocorasick."""

    def __init__(self, words: dict[str, object], fast: bool | None = None) -> None:
        self.words = [w for w in words if w]
        self.values = [words[w] for w in self.words]
        use_fast = ahocorasick_rs is not None if fast is None else fast
        self._fast = ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MATCHKIND_STANDARD) \
            if use_fast and self.words else None
        self._automaton: ahocorasick.Automaton | None = None

    @property
    def _slow(self) -> ahocorasick.Automaton:
        """pyahocorasick's automaton of the words, made when first needed."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for k, word in enumerate(self.words):
                automaton.add_word(word, k)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def __len__(self) -> int:
        return len(self.words)

    def matches(self, text: str) -> list[tuple[int, int, object]]:
        if not self.words:
            return []
        if self._fast is not None:
            try:
                found = self._fast.find_matches_as_indexes(text, overlapping=True)
            except UnicodeEncodeError:
                pass
            else:
                found.sort(key=itemgetter(2, 1))  # by end, then the earliest start: the longest first
                return [(start, end, self.values[k]) for k, start, end in found]
        return [(end + 1 - len(self.words[k]), end + 1, self.values[k]) for end, k in self._slow.iter(text)]

    def indexes(self, text: str) -> set[int]:
        """The places in the word list of the words the text contains."""
        if not self.words:
            return set()
        if self._fast is not None:
            try:
                return {k for k, _, _ in self._fast.find_matches_as_indexes(text, overlapping=True)}
            except UnicodeEncodeError:
                pass
        return {k for _, k in self._slow.iter(text)}


class WordSet:
    """A list of cue words tested against a sentence in one pass of an Aho-Corasick automaton, instead of one
    substring test per word: `present` gives the words the text contains, in the list's own order (a word
    listed twice, twice)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(words)
        places: dict[str, list[int]] = {}
        for k, word in enumerate(self.words):
            places.setdefault(word, []).append(k)
        self._always = tuple(places.pop("", ()))  # "" is in every text
        self._repeated = self._always or any(len(ks) > 1 for ks in places.values())
        self._places = list(places.values())  # a word's places in the list (more than one if listed again)
        self._matcher = Matcher(places)

    def first_after(self, text: str, place: int) -> int | None:
        """The first place in the list after `place` of a word the text contains, or None."""
        places = [k for i in self._matcher.indexes(text) for k in self._places[i] if k > place]
        places += [k for k in self._always if k > place]
        return min(places, default=None)

    def present(self, text: str) -> list[str]:
        return self.listed(self._matcher.indexes(text))

    def numbered(self) -> dict[str, int]:
        """Each distinct word (but "") and its number, the numbers `listed` takes."""
        return {word: k for k, word in enumerate(self._matcher.words)}

    def listed(self, found: set[int]) -> list[str]:
        """The words numbered `found` (see numbered) in the list's own order, as `present` gives them."""
        if not self._repeated:
            return [self.words[self._places[k][0]] for k in sorted(found)]
        places = {k for i in found for k in self._places[i]}
        places.update(self._always)
        return [self.words[k] for k in sorted(places)]


_ABSENT = object()  # (a word of one list that another list lacks)


class SharedScan:
    """Word lists that every sentence is tested against, in one Aho-Corasick automaton: the sentence is scanned once
    for all of them (one call into the automaton instead of one per list, about 2.5x less time for the lists
    recognition uses), and each list reads its own matches off that scan, in Matcher's order. The last text's scan
    is kept, as the lists are asked about the same sentence one after another."""

    def __init__(self, lists: dict[str, dict[str, object]]) -> None:
        self._number = {name: n for n, name in enumerate(lists)}
        union: dict[str, list[object]] = {}
        for n, table in enumerate(lists.values()):
            for word, value in table.items():
                if word:
                    union.setdefault(word, [_ABSENT] * len(lists))[n] = value
        self._matcher = Matcher({word: tuple(values) for word, values in union.items()})
        self._last: tuple[str | None, list[tuple[int, int, tuple[object, ...]]]] = (None, [])

    def _scan(self, text: str) -> list[tuple[int, int, tuple[object, ...]]]:
        last_text, found = self._last
        if last_text != text:
            found = self._matcher.matches(text)
            self._last = (text, found)
        return found

    def matches(self, name: str, text: str) -> list[tuple[int, int, object]]:
        """Matcher.matches of the list `name` (its words and values) in the text."""
        n = self._number[name]
        return [(start, end, values[n]) for start, end, values in self._scan(text) if values[n] is not _ABSENT]

    def values(self, name: str, text: str) -> set[object]:
        """The values of the list's words the text contains."""
        n = self._number[name]
        return {values[n] for _, _, values in self._scan(text) if values[n] is not _ABSENT}


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
    # Name words jieba does not know (智造, 科创, 赋能) are single words of a name, not characters to split; rare
    # ones, so that a name made of them (科创水镇) is not taken for an everyday word.
    for word in sorted(grammar_words("name_verbs")):
        if len(word) >= 2 and segment.freq(word) == 0 and word not in words:
            segment.add_word(word, 300, "n")


def tokenize(text: str) -> Tokens:
    _user_dictionary()
    words, tags, starts, by_end = segment.columns(text)
    return Tokens(words, starts, tags, by_end)


# Verbs and adverbs that are ordinary parts of organisation and project names (研发中心, 投资有限公司,
# 转化医学研究院, 改革创新示范区): they do not end a name on its left as other verbs do.
NAME_VERBS = grammar_words("name_verbs")
# Part-of-speech tags (jieba's ICTCLAS set) that end a name: prepositions, conjunctions, particles,
# pronouns, adverbs, locality and time words, verbs.
STOP_TAGS = ("p", "c", "u", "r", "d", "f", "t", "v", "y", "e", "o", "z", "l", "i")


# --- gazetteers -----------------------------------------------------------------------------

# Batch words (首批, 第二批) are not part of a title (the annotation guide): no prefix of its own.
LEVEL_PREFIXES = ("国家级", "国家", "省级", "省", "市级", "市", "全国", "全省", "国家重点", "重点")
INDUSTRY_TAILS = ("产业集群", "产业链", "产业", "行业", "集群")


INDUSTRY_PARTS = ("及零部件", "及汽车核心零部件", "及关键零部件", "及应用", "及配套", "及其应用", "及装备", "零部件",
                  "整车及零部件", "深加工", "精深加工")


# Body words that name no body without a place or organisation in front (gov_bodies.txt says so): a party
# committee alone (某某集团党委书记 is the firm's) is found with its prefix by the grammar or not at all.
PREFIX_ONLY_BODIES = frozenset({"党委", "党组", "纪委", "党工委", "办公室", "办公厅"})


# 专精特新中小企业 is also printed “专精特新”中小企业: the programme's name in quotes.
QUOTED_HEAD = re.compile(r"^(专精特新)(?=[^“”]*企业$)")
# “链主”企业, “瞪羚”企业: a firm's title with the title word in quotes.
QUOTED_TITLE = re.compile(r"^([^“”]{2,4})企业$")


@dataclass
class Gazetteer:
    checked: dict[str, tuple[str, str, float, str]]  # surface -> (type, rule, confidence, the check it needs)
    entries: dict[str, tuple[str, str, float]]  # surface -> (type, rule, confidence)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    lex = load()
    entries: dict[str, tuple[str, str, float]] = {}

    def add(surface: str, etype: str, rule: str, conf: float) -> None:
        if len(surface) >= 2 and surface not in entries:
            entries[surface] = (etype, rule, conf)
            if "（" in surface:  # 中国石油大学(华东): the name as written with half-width brackets too
                entries.setdefault(surface.replace("（", "(").replace("）", ")"), (etype, rule, conf))

    for name in sorted(lex.universities):
        add(name, "University", "lexicon:university", 0.95)
    for name in sorted(lex.institutes):
        add(name, "ResearchInstitute", "lexicon:institute", 0.95)
    for name in sorted(lex.firms):
        add(name, "Company", "lexicon:firm", 0.9)
    for name in sorted(lex.designations | {d.replace("“", "‘").replace("”", "’") for d in lex.designations}
                       | {QUOTED_HEAD.sub(r"“\1”", d) for d in lex.designations}):
        add(name, "Designation", "lexicon:designation", 0.85)
        for prefix in LEVEL_PREFIXES:
            if not name.startswith(prefix):
                add(prefix + name, "Designation", "lexicon:designation", 0.85)
    for name in sorted({QUOTED_TITLE.sub(r"“\1”企业", d) for d in lex.designations} - lex.designations):
        add(name, "Designation", "lexicon:designation", 0.85)  # (its level stands outside the quotes: 省级“链主”企业)
    for name in sorted(lex.gov_bodies - PREFIX_ONLY_BODIES):
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
    checked: dict[str, object] = {}
    for surface, (etype, rule, conf) in entries.items():
        # What each match needs, looked up once here rather than per match: its length and which of the checks
        # of gazetteer_candidates apply to it.
        if etype == "GovernmentBody":
            check = "government-report" if surface.endswith("政府") and not surface.endswith("人民政府") \
                else "government"
        else:
            check = etype
        checked[surface] = (etype, rule, conf, check)
    return Gazetteer(checked, entries)


DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,3}[〔\[［(（]\d{4}[〕\]］)）]")
NEWS_OUTLET_AFTER = re.compile(r"((?:经济|法治|科技|工人|农民|青年|都市)?(?:日报|晚报|早报|商报)|新闻网|新闻|"
                               r"网(?![络点格])|电视台|广播电视台|卫视|融媒体中心|报业|在线)")


TOWN_AFTER_PLACE = re.compile(r"([\u4e00-\u9fff]{1,3})(镇|乡|街道)")
# 城镇, 乡镇, 特色小镇, 工业重镇, 各乡镇: words for kinds of places, not a town's name (某某小镇 is a themed park).
NO_TOWN = re.compile(r"^(城|乡|小|重|古|名|强|大|各|本|全|该|新|特色|工业|商贸|中心|建制|重点|集)$|"
                     r"乡|城乡|村|各|特色|小$")


def gazetteer_candidates(text: str) -> list[Candidate]:
    out = []
    for start, end, (etype, rule, conf, check) in sentence_scan().matches("gazetteer", text):
        if check == "government-report" and text.startswith("工作报告", end):
            continue  # 区政府工作报告: a report named by its kind
        if etype == "GovernmentBody" and DOCUMENT_NUMBER.match(text, end):
            continue  # 某厅某函〔2023〕12号: the body's code in a document number
        if etype == "Region" and NEWS_OUTLET_AFTER.match(text, end):
            continue  # 某某日报, 某某网: a news outlet's name, cited as a source, names no place of the text
        if rule == "lexicon:county-short":
            # Short county names are kept aside: the document pass accepts them where the text names their city.
            out.append(Candidate(start, end, etype, rule, conf, priority=-1))
            continue
        out.append(Candidate(start, end, etype, rule, conf, priority=2))
    # 滕州市鲍沟镇, 永川区大安街道: a town written after its county or city is a place of its own (the table of
    # divisions stops at counties).
    for c in [c for c in out if c.type == "Region" and c.priority >= 0]:
        town = TOWN_AFTER_PLACE.match(text, c.end)
        if town and not NO_TOWN.search(town.group(1)):
            out.append(Candidate(c.end, town.end(), "Region", "grammar:town", 0.7, priority=2))
    # 国家商务部, 国家工信部: a national body named with the state in front.
    for k, c in enumerate(out):
        if c.rule == "lexicon:government" and c.start >= 2 and text[c.start - 2 : c.start] == "国家" \
                and text[c.end - 1] in "部委局署":
            out[k] = Candidate(c.start - 2, c.end, c.type, c.rule, c.confidence, c.priority)
    # A place followed by a government word is that place's body: 某某市委, 某某省科技厅, 某某区人民政府.
    for c in list(out):
        if c.type == "Region":
            rest = text[c.end : c.end + 8]
            word = _body_word_at(rest)
            if word and word.endswith("政府") and not word.endswith("人民政府") \
                    and text.startswith("工作报告", c.end + len(word)):
                continue  # 某某区|政府工作报告: the place's yearly report, named by its kind
            if word and word[0] in LEVEL_CHARS and text[c.start : c.end + 1] not in load().region_forms:
                continue  # 会同|省发展改革委: a body with its own level word is not that place's body
            if word and not (len(word) == 1 and rest[1:2] in "员托会屈"):
                out.append(Candidate(c.start, c.end + len(word), "GovernmentBody", "grammar:place-body", 0.85, 2))
    return out


@lru_cache(maxsize=1)
def _place_body_words() -> tuple[frozenset[str], frozenset[str]]:
    """The government words a place may be followed by, and their first characters."""
    words = frozenset(load().gov_bodies | {"委", "政府", "人民政府", "党委", "纪委", "党工委"})
    return words, frozenset(w[0] for w in words if w)


def _body_word_at(rest: str) -> str | None:
    """The longest government word `rest` starts with (a set lookup per length instead of a scan of them all)."""
    words, first_chars = _place_body_words()
    if rest[:1] not in first_chars:
        return None
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
def _suffix_endings() -> tuple[str, ...]:
    return tuple(suffix_table())




def _unknown_word(word: str) -> bool:
    """A word the segmenter made up from characters it does not know as a word (启衡, 均胜): a trade name."""
    return len(word) == 2 and segment.freq(word) < 20


ZONE_WORDS = ("高新区", "经开区", "开发区", "示范区", "自贸区", "综合保税区", "保税区")


COMPASS_REGIONS = frozenset("东部 西部 南部 北部 中部 东北 西南 西北 东南 华东 华南 华北 华中 华西 中西部".split())


def _is_name_token(word: str, tag: str = "n", etype: str = "", first: bool = False) -> bool:
    """Whether a word can be part of a name; `first` is the word right before the name's ending,
    where verbs of the trade (服务, 投资, 建设 in 商务服务有限公司, 建设项目) belong to the name."""
    verdict, otherwise = _name_token_verdict(word, tag, etype, first)
    if verdict is None:  # a verb in a firm's or a university's name: its trade name if the dictionary lacks it
        # (臻 in 北京华|臻|光电…: a rare bound verb morpheme stands in no sentence on its own)
        return _unknown_word(word) or otherwise or tag == "vg" and _rare_character(word)
    return verdict or tag.startswith(("y", "e", "o")) and _rare_character(word)


def _rare_character(word: str) -> bool:
    """猇亭, 甬: a character rare in running text, which the segmenter's dictionary tags at random (猇 as a modal
    particle); in front of a name's other words it is part of a place's or a trade name."""
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and segment.freq(word) < RARE_CHARACTER


RARE_CHARACTER = 500  # a character with fewer uses in the segmenter's dictionary (的: 318,825; 猇: 280)


@lru_cache(maxsize=1 << 16)
def _name_token_verdict(word: str, tag: str, etype: str, first: bool) -> tuple[bool | None, bool]:
    """_is_name_token's rules but the one that asks the segmenter's dictionary (whose words may change), cached:
    (the verdict, or None where that rule decides, and the verdict where it does not)."""
    if not word or _has_break(word):
        return False, False
    if word in ("及", "与") and etype in ("ResearchInstitute", "Project"):
        return True, True
    if word == "和" and etype == "GovernmentBody":
        return True, True  # 自然资源和规划局, 工业和信息化局: department names join two fields with 和
    if first and word in NAME_VERBS and not (word in ("建设", "打造", "成立") and etype != "Project"):
        return True, True
    if word in COMPASS_REGIONS or word == "未来" and etype != "University":
        return True, True  # 华东某某创新港, 未来产业研究院: a part of the country or an era in a name
    if etype == "GovernmentBody" and word in NAME_VERBS and tag == "vn":
        return True, True  # 投资合作促进局: a department's field of work, not a verb of the sentence
    if word in LEFT_STOPS or tag == "ad" and etype == "Park":
        return False, False  # (纸箱|直接|供给|园区企业: an adverb of the sentence, not a park's name word)
    if word in NAME_VERBS:
        return True, True
    if tag == "i" and etype in ("Company", "Park") and len(word) <= 4:
        otherwise = True  # 一帆风顺家具有限公司: a set phrase chosen as a trade name
    elif tag == "l" and first and etype in ("Company", "ResearchInstitute") and len(word) >= 4:
        otherwise = True  # 北疆|生物工程|有限公司: a fixed phrase right before the form is the trade the name states
    elif tag == "l" and etype == "Company" and len(word) == 3 and word.endswith("化"):
        otherwise = True  # 宁夏小牛|自动化|设备有限公司: a trade field (自动化, 智能化) the segmenter calls a phrase
    elif tag == "vn" and len(word) == 2:
        otherwise = word not in ("助推", "优先", "利用", "支持", "推动", "带动", "引领", "加快", "推进", "打造", "启动",
                                 "开展", "落实", "加强", "实施")
    else:
        otherwise = not tag.startswith(STOP_TAGS) or tag in ("vn", "nr", "ns", "nt", "nz", "zg")
    if tag.startswith("v") and etype in ("Company", "University"):
        return None, otherwise
    return otherwise, otherwise


# 美的|制冷|设备有限公司, 华新|参天|水泥有限公司: what a firm makes, after a verb of its trade name
NAME_PRODUCT_WORDS = ("技术", "设备", "水泥", "制品", "器材", "工程")


def extend_left(text: str, tokens: Tokens, pos: int, etype: str, limit: int = MAX_NAME) -> int:
    """Leftmost start of a name whose ending starts at `pos`, walking back over name tokens."""
    start = pos
    i = tokens.ending_at(pos)
    if i is None:
        # The ending starts inside a token (e.g. 研究院 glued to the word before): take that token's start.
        j = tokens.inside(pos)
        if j is None:
            return pos
        s = tokens.starts[j]
        if not _is_name_token(text[s:pos], tokens.tags[j] if tokens.tags else "n", etype, first=True):
            return pos
        start = s
        i = j - 1
    while i is not None and i >= 0:
        word = tokens.words[i]
        tag = tokens.tags[i] if tokens.tags else "n"
        first = tokens.starts[i] + len(word) == pos
        # 聚芯微显示技术有限公司: a verb in front of the trade word names what the firm does (显示技术, 驱动芯片).
        of_trade = etype == "Company" and len(word) == 2 and tag.startswith("v") and word not in LEFT_STOPS \
            and i + 1 < len(tokens.words) \
            and tokens.words[i + 1] in FIRM_TRADE_WORDS + NAME_PRODUCT_WORDS + COMPANY_FORMS
        # 枝江锂|能|科技有限公司: a one-character verb after another single character, right before the trade word,
        # is the second half of a trade name the dictionary lacks (锂能, 华能), not a verb of the sentence.
        brand_half = etype == "Company" and len(word) == 1 and tag.startswith("v") and 0 < i \
            and i + 1 < len(tokens.words) and (tokens.words[i + 1] in FIRM_TRADE_WORDS or tokens.tags
                                              and tokens.tags[i + 1].startswith(("n", "mq"))) \
            and word not in LEFT_STOPS and word not in ("是", "为", "有", "在") \
            and len(tokens.words[i - 1]) == 1 and tokens.words[i - 1] not in LEFT_STOPS \
            and not (tokens.tags and tokens.tags[i - 1].startswith("m")) \
            and _is_name_token(tokens.words[i - 1], tokens.tags[i - 1] if tokens.tags else "n", etype, False)
        # 材料科学|与|工程学院: a faculty joins its two fields with 与 (not two schools: 某大学与某学院).
        faculty_joint = etype == "University" and word == "与" and 0 < i and text.startswith("学院", pos) \
            and tokens.words[i - 1].endswith(FACULTY_FIELDS)
        # 食品科学|与…学院: the first field, whatever the segmenter tags it (食品科学 is an idiom to it).
        faculty_joint = faculty_joint or etype == "University" and word.endswith(FACULTY_FIELDS) \
            and i + 1 < len(tokens.words) and tokens.words[i + 1] == "与" and tokens.starts[i + 1] + 1 < pos
        # 某部|重点|实验室: a lab's grade is part of its name.
        of_lab = word == "重点" and etype == "ResearchInstitute" and i + 1 < len(tokens.words) \
            and tokens.words[i + 1].startswith(("实验室", "试验室"))
        # 某某大学|发光|材料…实验室: the field of a university's lab, a verb to the segmenter.
        of_lab = of_lab or etype == "ResearchInstitute" and tag.startswith("v") and len(word) == 2 and i > 0 \
            and tokens.words[i - 1].endswith(("大学", "学院", "研究院", "研究所")) and word not in LEFT_STOPS
        # 伺服|驱动|联合实验室: a rare technical verb in front of a lab's field word belongs to the field.
        of_lab = of_lab or etype == "ResearchInstitute" and tag == "v" and len(word) == 2 and not first \
            and word not in LEFT_STOPS and segment.freq(word) < 200
        # 镇江|润扬|高新区: a rare verb between a place and a zone word is the zone's own name, not a verb.
        of_zone = etype == "Park" and first and tag.startswith("v") and len(word) == 2 and i > 0 \
            and word not in LEFT_STOPS and word not in NAME_VERBS and segment.freq(word) < 50 \
            and tokens.words[i - 1] in load().region_forms \
            and text.startswith(ZONE_WORDS + ("高新技术产业开发区", "经济技术开发区", "经济开发区"), pos)
        # 某新区|城市发展投资集团有限公司: a platform firm's name is words of its trade (发展, 投资, 建设) only.
        platform = etype == "Company" and word in PLATFORM_WORDS and _platform_body(text[tokens.starts[i] : pos])
        if not (of_trade or brand_half or faculty_joint or of_lab or platform or of_zone
                or _is_name_token(word, tag, etype, first)) \
                or pos - tokens.starts[i] > limit:
            break
        if len(word) == 1 and tag.startswith("m") and i > 0 and tokens.words[i - 1][-1:].isdigit():
            break  # 104|家|绿色工业园区: the measure word of a count opens no name
        if etype == "Park" and (word.endswith(MEETING_WORDS) or "届" in word):
            break  # 第二十三届兰洽会|兰州高新区: the meeting a park takes part in is no part of its name
        if word == "和" and i > 0 and tokens.words[i - 1].endswith(GOV_ENDINGS):
            break  # 财政局和商务局: two bodies, not one
        if word in ("及", "和", "与") and i > 0 and (tokens.words[i - 1].endswith(
                ("中心", "研究院", "实验室", "基地", "园区", "公司", "集团", "企业", "大学", "学院", "政府", "管委会"))
                or tokens.words[i - 1] in load().region_forms and tokens.tags and tokens.tags[i - 1] == "ns"):
            break  # 企业技术中心及某某中试基地, 园区与某研究院, 溧阳|与|中国科学院某研究所: two actors, not one
        if word == "和" and text[tokens.starts[i] + 1 : tokens.starts[i] + 2] in LEVEL_CHARS:
            break  # 调查数据和|省统计局: a level word after 和 opens a body of its own
        if etype in STANDALONE_TYPES and word.endswith(PARK_ENDINGS) and i > 0 and _is_name_token(tokens.words[i - 1]) \
                and not _platform_body(text[start:pos]):
            break  # 新余高新区|江西赣锋循环科技有限公司: the park in front is not part of the firm's name
        if etype == "Company" and word.endswith(CHAIN_ROLE_WORDS):
            break  # 发制品产业链链主|许昌丽缘…有限公司: the firm's role in a chain is said of it, not its name
        if etype == "Company" and word.endswith(("政府", "管委会", "委员会")):
            break  # 某市人民政府|同国网某某供电有限公司: a government signing with a firm is not part of its name
        if etype == "Company" and word.endswith(COMPANY_FORMS) and not text.startswith(BRANCH_ENDINGS, pos):
            # 某某有限公司|由福来…有限公司: a firm's complete name ends another's on the left (not 分公司), and
            # the function word after it (由, 与) opens no name
            return start + 1 if text[start] in SINGLE_STOPS else start
        if etype in ("Park", "GovernmentBody", "ResearchInstitute", "Project") and word.endswith(("有限公司", "公司")):
            break  # …有限公司|丰碑产业园: a firm in front of a park is its developer, not part of the name
        if word in ("年", "月", "日", "年度", "年底", "年初") or word.endswith(("季度", "半年")):
            break  # 2024年|仲恺高新区, 前三季度|园区: a date or a period in front is not part of a name
        if etype == "Park" and start < pos and word in load().gov_bodies:
            break  # 商务部|国家级经开区: the ministry that ranks the zones is not part of a name
        if etype == "Park" and start < pos and word.endswith(ZONE_WORDS) and not text.startswith("片区", pos):
            break  # 内江高新区|白马园区: a sub-park named after its zone is a name of its own
        if etype == "Park" and start < pos and word.endswith(("省", "市", "自治区", "区")) \
                and word in load().divisions:
            break  # 广西柳州市|柳东新区, 某某区|某某产业园: a full administrative name in front is its address
        prev_word = tokens.words[i - 1] if i > 0 else "。"
        numeral_trade_name = len(word) == 1 and word in "一二三四五六七八九" and etype == "Company" \
            and (not PUNCT.isdisjoint(prev_word) or prev_word in load().region_forms)  # 。三|高能源…有限公司
        if (word.isdigit() or tag == "m" and (word[0] in "一二两三四五六七八九十几多数首每各" or word[0].isdigit())) \
                and etype not in ("Project", "ResearchInstitute") and not numeral_trade_name:
            break
        start = tokens.starts[i]
        i -= 1
    if etype == "Park" and start == pos and text.startswith(ZONE_WORDS, pos):
        start = _zone_own_name(text, pos)
    while start < pos and text[start] in "与及和":
        start += 1  # 与|中国科学院某研究所: the name joined to the one before it never opens with the joining word
    return start


def _zone_own_name(text: str, pos: int) -> int:
    """长春|净月|高新区: two characters the segmenter cut apart between a place and a zone word are the zone's own
    name (not an everyday word of the sentence); where that name starts with its place, else `pos`."""
    own = text[pos - 2 : pos]
    if len(own) < 2 or not all("\u4e00" <= ch <= "\u9fff" and ch not in SINGLE_STOPS for ch in own) \
            or segment.freq(own) >= 50:
        return pos
    forms = load().region_forms
    place = next((n for n in (4, 3, 2) if pos - 2 - n >= 0 and text[pos - 2 - n : pos - 2] in forms), 0)
    return pos - 2 - place if place else pos


# 木林森|照明|有限公司: the verb right before the company form is the firm's trade.
CHAIN_ROLE_WORDS = ("产业链", "链主", "链长", "龙头企业", "领军企业", "头部企业", "链主企业")
BRANCH_ENDINGS = ("分公司", "分行", "支行", "分厂", "分院")  # a branch's name holds its parent's complete name
COMPANY_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")


# The fields a faculty's name joins with 与 (材料科学与工程学院, 计算机科学与技术学院, 经济与管理学院).
FACULTY_FIELDS = ("科学", "工程", "技术", "管理", "信息", "材料", "化学", "物理", "数学", "医学", "机械", "电子",
                  "电气", "能源", "环境", "资源", "经济", "艺术", "设计", "化工", "土木", "交通", "建筑", "生命")
PLATFORM_WORDS = ("发展", "投资", "建设", "开发", "控股", "集团", "产业", "运营", "城投", "国投", "实业", "资产",
                  "经营", "城市", "城建", "交通", "国有资本", "资本", "科创", "基金", "管理")


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


LEVEL_CHARS = "省市区县州镇乡"
# Endings of an organisation that may hold a party committee (…局党委, …集团党委, …大学党委).
ORGANISATION_ENDINGS = ("局", "委", "厅", "集团", "公司", "大学", "学院", "研究院")
# Words of the sentence that may stand glued before a bare body (经市工信局推荐, 我代表区人民政府).
BODY_LEADS = frozenset("经 由 据 向 在 对 我 和 及 与 同 代表 报告 会同 联合".split())


# 建设, 打造, 争创… (then a description up to its 的) a 示范区 or 先行区 of everyday words: the goal a park sets
# itself names a kind of zone, not a park (镁合金产业园 after 建设…的 is one park described).
GOAL_ZONES = ("示范区", "先行区", "引领区", "样板区", "试验区")
PARK_GOAL_BEFORE = re.compile(r"(建设|打造|争创|创建|建成|努力建成)(?:[^，,。；;、]{0,10}的)?"
                              r"(?:" + IN_CLAUSE + r"{2,14}、)*$")


def _common_words_only(body: str) -> bool:
    """Whether a name's body is everyday words (创新驱动发展, 高质量发展): no place, person, brand or unknown word."""
    words = tokenize(body)
    return all(tag not in ("ns", "nr", "nz", "nt", "j", "eng", "m") and not _unknown_word(word)
               for word, tag in zip(words.words, words.tags, strict=True))


def _generic_words_only(body: str, generic: frozenset[str] = NAME_GENERIC) -> bool:
    """区属平台|公司, 平台所在|园区: words that each name nothing (one of two characters at least), not a name."""
    rest, long_word = body, False
    while rest:
        word = next((rest[:n] for n in (3, 2, 1) if rest[:n] in generic), None)
        if word is None:
            return False
        long_word = long_word or len(word) > 1
        rest = rest[len(word) :]
    return long_word


def _place_opens(text: str, pos: int, lex: Lexicons) -> bool:
    """Whether a place's name (2 to 4 characters) starts at `pos`."""
    return any(text[pos : pos + n] in lex.region_forms for n in (2, 3, 4))


def _level_led_body(body: str, lex: Lexicons) -> int:
    """Where a bare body (市工信局, 区人民政府) starts inside `body` when a word of the sentence is glued before
    it (经|市工信局): the length of that word, or 0."""
    for j in range(1, min(3, len(body))):
        if body[j] in LEVEL_CHARS and body[:j] in BODY_LEADS and body[: j + 1] not in lex.region_forms:
            return j
    return 0


HARD_STOPS = frozenset("与 和 及 同 在 由 向 对 为 将 被 把 从 于 是 的 等 了 着 并 以 其中 以及 包括 如 像".split())


# Second characters of the bilateral abbreviations that open names (中俄, 中德, 中新, 中欧 …).
PARTNER_COUNTRY_CHARS = frozenset("俄德法英美日韩新欧意瑞荷比澳加印泰越以马巴埃")


def _bilateral_start(text: str, tokens: Tokens, start: int) -> int:
    """Where a name starts that may open with the 中 of a bilateral name (中俄|某某产业园, 中德|某某合作区): one
    before `start` when a lone 中 stands there, not the end of a word (其中|新能源…, 集中|…)."""
    if start < 1 or text[start - 1] != "中" or text[start] not in PARTNER_COUNTRY_CHARS:
        return start
    k = tokens.ending_at(start)
    return start - 1 if k is None or tokens.words[k] == "中" else start


def _cut_trade_name(piece: str) -> bool:
    """Whether a few characters are a made-up name the segmenter cut into pieces (千禾|安), not words (做优|做强,
    自来水): Chinese characters only, in more than one piece, none of them an everyday word."""
    if not piece or not all("\u4e00" <= ch <= "\u9fff" and ch not in SINGLE_STOPS for ch in piece):
        return False
    words = tokenize(piece).words
    return len(words) > 1 and not any(len(w) > 1 and segment.freq(w) >= 100 for w in words) \
        and any(len(w) > 1 for w in words)


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
        if word in HARD_STOPS or _has_break(word) or word.endswith(PARK_ENDINGS):
            return start
        # Only single characters (a trade name cut up by the segmenter: 蜀|拓|锂|能) and name words may lie
        # between the region and the name; a real word of another kind (联合, 管委会) means the region is not ours.
        if len(word) > 1 and (word in LEFT_STOPS or word.endswith(_suffix_endings())
                              or tag.startswith(STOP_TAGS) and word not in NAME_VERBS and not _unknown_word(word)):
            # A trade name may be an ordinary word (深耕): it is, right after a province or city.
            prev = tokens.words[i - 1] if i > 0 else ""
            if not (prev in lex.region_forms and word not in LEFT_STOPS and not word.endswith(_suffix_endings())):
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
        # The ending runs into the next word (厅长, 局长): only long endings may, as in 研究院所, or one glued to
        # its head's title (合作局|局长 cut as 局局长).
        j = tokens.ending_at(pos)
        if j is not None and j + 1 < len(tokens.words) and tokens.words[j + 1][len(ending):] in load().roles \
                and tokens.words[j + 1].startswith(ending):
            return True
        return len(ending) >= 3 and j is not None
    token = tokens.words[k]
    if tokens.starts[k] == pos or tokens.starts[k] < pos and len(ending) >= 3:
        return True  # the ending is a word of its own, or a long ending glued to its name
    if len(token) == 1 and tokens.starts[k] == pos + 1 and k > 0 and tokens.words[k - 1].endswith(("园", "城")) \
            and len(tokens.words[k - 1]) >= 2:
        return True  # 创新园|区: the segmenter took the first half of 园区 into the word before
    if len(ending) == 1:
        # 科技厅, 商务局 are names; 产业布局, 全面部署 end in a word (布局, 部署) that only looks like one.
        return len(token) >= 3 and not _common_word(token[-2:])
    return len(token) >= len(ending) + 1 and len(ending) >= 2


@lru_cache(maxsize=1)
def _industry_last_characters() -> frozenset[str]:
    return frozenset(term[-1] for term in load().industries if len(term) >= 2)


def _industry_before(text: str, pos: int) -> str:
    """The longest industry term that ends right at `pos`, or ''."""
    if text[pos - 1 : pos] not in _industry_last_characters():
        return ""  # (no term ends in that character: most places end here)
    lex = load()
    for n in range(min(8, pos), 1, -1):
        if text[pos - n : pos] in lex.industries:
            return text[pos - n : pos]
    return ""


DATELINE_OUTLET = re.compile(r"^[\u4e00-\u9fff]{1,3}(网|社)")
PARK_CLASS_WORDS = re.compile(r"^[\d一二三四五六七八九十百千]*(?:余|多)?[家个]?"
                              r"(国家级|省级|市级|县级|全国|全省|全市|国家|首批|省|市|东部|西部|中部|东北|中西部)*")
PROVINCE_CLASS_LEVELS = re.compile(r"(国家级|省级|自治区级|国家|自治区)$")


GENERIC_LEAD_TAGS = ("s", "f", "r", "d", "t")


def _past_generic_lead(text: str, tokens: Tokens, start: int, pos: int, lex: Lexicons) -> int:
    """Where a firm's name starts when words that name nothing come before its place: 当地知名企业|浙江万华…,
    不远处|达州市天宝锦湖…; and a city before a firm whose name opens with its province: 锦州市|辽宁春光…."""
    k = tokens.starting_at(start)
    first = k
    while k is not None and k < len(tokens.words) and tokens.starts[k] < pos:
        word = tokens.words[k]
        if word in lex.region_forms:
            division = lex.division(word)
            if k > first:
                return tokens.starts[k]
            after = k + 1 < len(tokens.words) and lex.division(tokens.words[k + 1])
            if division is not None and division.level >= 2 and after and after.level == 1:
                return tokens.starts[k + 1]
            return start
        if not (tokens.tags and tokens.tags[k] in GENERIC_LEAD_TAGS or word.endswith("企业")):
            return start
        k += 1
    return start


def _doubled_place(text: str, start: int, pos: int, lex: Lexicons) -> int:
    """Where a name starts again after a place written twice in a row (安徽芜湖芜湖高新区): the second one; else 0."""
    for k in (4, 3, 2):
        for q in range(start, pos - 2 * k + 1):
            if text[q : q + k] == text[q + k : q + 2 * k] and text[q : q + k] in lex.region_forms:
                return q + k
    return 0


def _a_city_too(short: str, lex: Lexicons) -> bool:
    """Whether a province's short name is a city's as well (吉林: 吉林省 and 吉林市)."""
    return short + "市" in lex.divisions


def _province_class(name: str, lex: Lexicons) -> bool:
    """Whether a zone's name is a zone word after a province (or 自治区) and level words only."""
    zone = next((z for z in ZONE_WORDS if name.endswith(z)), None)
    if zone is None:
        return False
    rest = PROVINCE_CLASS_LEVELS.sub("", name[: -len(zone)])
    division = lex.division(rest) if rest else None
    # (not a municipality: 重庆高新区, 天津经开区 are zones of a city)
    # (nor a province whose name is its capital's too: 吉林经开区 is 吉林市's)
    return rest in ("", "自治区", "全区", "全省") or division is not None and division.level == 1 \
        and division.name.endswith(("省", "自治区")) and not _a_city_too(rest, lex)


def _industry_only(body: str, lex: Lexicons) -> bool:
    """Whether a park's name before its ending is only an industry (新能源汽车零部件配套, 生物医药)."""
    for tail in INDUSTRY_TAILS + ("配套",):
        if body.endswith(tail) and len(body) > len(tail):
            body = body[: -len(tail)]
            break
    while body:  # 新能源|汽车零部件: industries all the way
        term = body if body in lex.industries else _industry_before(body, len(body))
        if not term:
            return False
        body = body[: -len(term)]
    return True


PARK_WORD_AT_END = re.compile(r"(高新区|经开区|开发区|新区|园区|产业园)$")


AT_OR_IN_BEFORE = re.compile(r"(在|位于)$")
DATELINE_AFTER = re.compile(r"\d+月\d+日电")
SIZE_CLASS_IN_NAME = re.compile(r"(\d|[百千万]亿|亿元|亿级)")
# 三大|园区, 4家|国家级…园区 (the count's measure word left over by the walk that stopped at its number)
COUNTED_BODY = re.compile(r"^[一二三四五六七八九十两\d]*[大个家类座处](?=国家级|省级|市级|$)")
LEVEL_WORD_LEAD = re.compile(r"(国家级|省级|市级)")


DEPARTMENT_AFTER = re.compile(r"[处科](?:[处科]?长|副[处科]长|[，、。；,;]|$)")


BARE_ZONE_PREFIX = re.compile(r"(?:经开区|高新区|开发区|新区|园区)(?=[\u4e00-\u9fff])")


def _bracket_before(text: str, end: int) -> int:
    """Where the last opening bracket before `end` stands (-1 if none): a name's parenthesised part (（赣州）)."""
    return max(text.rfind("（", 0, end), text.rfind("(", 0, end))


COMMON_NAME_FREQ = 300  # a name this frequent in the segmenter's dictionary is an everyday noun (上市公司)


def _in_a_word_with_等(text: str, at: int) -> bool:
    """Whether the 等 at `at` belongs to a word (平等, 高等, 等离子) rather than closing a list (A、B等)."""
    return any(segment.freq(text[lo:hi]) >= 20 for lo, hi in ((at - 1, at + 1), (at, at + 2), (at, at + 3))
               if lo >= 0 and hi <= len(text))


def grammar_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    table = suffix_table()
    lex = load()
    out = []
    for pos, end, ending in sentence_scan().matches("endings", text):
        etype, conf = table[ending]
        # Endings inside a longer word (公司 in 分公司 is fine; 局 in 格局 or 布局 is not).
        if (len(ending) == 1 or ending in AMBIGUOUS_ENDINGS) and not _ending_stands(tokens, pos, end, ending):
            continue
        if etype == "Project":
            continue  # projects have their own rule
        if etype in ("ResearchInstitute", "University") and text.startswith(COMPANY_FORMS, end):
            continue  # 某某勘测设计研究院|有限公司: the institute's word inside a firm's name
        if etype == "Park" and DEPARTMENT_AFTER.match(text, end):
            continue  # 商务厅开发区处处长: the department for zones (处, 科) of a body, not a park
        # 3D打印研究院, 镁合金产业园: an industry term in front of the ending is part of the name whole.
        term = _industry_before(text, pos) if etype in ("ResearchInstitute", "Park") else ""
        start = extend_left(text, tokens, pos - len(term), etype) if term else extend_left(text, tokens, pos, etype)
        if etype in ("Company", "Park", "ResearchInstitute") and start >= 2 and text[start - 1] in "）)":
            # 威高血液净化制品（赣州）有限公司, 西部（重庆）科学城, 长三角（平湖）工业互联网创新中心: a
            # parenthesised place inside the name.
            k = _bracket_before(text, start)
            if k > 0 and 2 <= start - 1 - k - 1 <= 4 \
                    and (etype == "Company" or text[k + 1 : start - 1] in lex.region_forms):
                start = extend_left(text, tokens, k, etype)
                j = tokens.ending_at(k) if start == k else None
                brand = k  # 三一|(塔城)风电设备有限公司: a brand the tagger reads as a numeral (or two)
                while j is not None and j >= 0 and tokens.tags and tokens.tags[j] == "m" \
                        and HAN_ONLY.fullmatch(tokens.words[j]) and k - tokens.starts[j] <= 3:
                    brand, j = tokens.starts[j], j - 1
                if k - brand >= 2:
                    start = brand
        while start >= 2 and text[start - 1] == "·":
            start = extend_left(text, tokens, start - 1, etype)  # 梅特勒·托利多: transliterated names
        start = anchor_to_region(text, tokens, start, etype)
        if etype == "Company":
            start = _past_generic_lead(text, tokens, start, pos, lex)
        if etype in ("Park", "Company"):
            start = _bilateral_start(text, tokens, start)  # 中俄|某某产业园, 中德|某某合作区
        item_start = text.rfind("、", max(0, start - 5), start) + 1
        if 0 < item_start < start and _cut_trade_name(text[item_start:start]):
            start = item_start  # 、千禾安|生物医学科技园: in a list the item is the name (a trade name cut up)
        if etype in STANDALONE_TYPES and text[start] in LEVEL_CHARS \
                and _place_opens(text, start + 1, lex):
            start += 1  # 我县|山西某某股份有限公司: the level word of the sentence's place is not the firm's
        if etype == "Company" and 0 < start < pos and text[start] in "同与和及跟向" and text[start - 1] not in PUNCT \
                and text[:start].endswith(GOV_ENDINGS + ORGANISATION_ENDINGS + PARK_ENDINGS):
            start += 1  # 人民政府|同|国网某某有限公司, 开发区|同|某公司: a conjunction glued to a name is not its own
        if etype == "ResearchInstitute" and AT_OR_IN_BEFORE.search(text[:start]):
            # 在章贡区|赣南创新与转化医学研究院: after 在 a district in front is where the institute is.
            county = next((text[start:k] for k in range(start + 4, start + 1, -1)
                           if lex.divisions.get(lex.region_forms.get(text[start:k], ""), None) is not None
                           and lex.divisions[lex.region_forms[text[start:k]]].level == 3), None)
            if county and end - start - len(county) >= 6:
                start += len(county)
        doubled = _doubled_place(text, start, pos, lex)
        if doubled:
            start = doubled  # 安徽芜湖|芜湖高新技术产业开发区: a dateline's place, then the name that repeats it
        zone_word = BARE_ZONE_PREFIX.match(text, start, pos) if etype == "Park" else None
        if zone_word and pos - zone_word.end() >= 2:
            start = zone_word.end()  # 经开区|智能制造产业园: the zone the text is about, then its park's own name
        level = LEVEL_WORD_LEAD.match(text, start, pos) if etype == "Park" else None
        if level and _place_opens(text, level.end(), lex):
            start = level.end()  # 国家级|拉萨经济技术开发区: the level the park holds is no part of its name
        elif level:
            continue  # 省级智能网联汽车特色产业园 with no place: a title granted to a park, not a park's name
        name = text[start:end]
        body = name[: len(name) - len(ending)]
        if not body or body in NAME_GENERIC or len(body) < 2 and etype != "GovernmentBody" \
                or _generic_words_only(body, PARK_GENERIC if etype == "Park" else NAME_GENERIC):
            continue
        if etype == "Company" and _common_word(body) and name not in lex.firms \
                and segment.word_tag(body) not in ("nt", "nz", "nr", "ns"):
            continue  # 家具有限公司, 跨国公司: a common noun and a legal form name no firm
        if ending == "公司" and body.endswith(("有限", "有限责任", "股份有限")):
            continue  # 设备有限|公司: the name ending 有限公司 is found on its own, and judged as such
        if ending == "公司" and (_common_word(body) or segment.freq(name) >= COMMON_NAME_FREQ) \
                and name not in lex.firms:
            continue  # 跨国公司, 上市公司: a common noun, not a name (台湾大学 is a word of the dictionary and a name)
        closer = start + body.rfind("等")
        if etype == "Company" and closer > start and not _in_a_word_with_等(text, closer) \
                and (_common_word(body[closer - start + 1 :])
                     or segment.freq(text[closer + 1 : end]) >= COMMON_NAME_FREQ):
            continue  # 鸿绮|等|上市公司: a class of firms closing a list, not a name (平等, 等离子 are words)
        if etype == "Park" and body.endswith(("省", "自治区")) and body in lex.region_forms:
            continue  # 湖南省开发区: the province's zones as a class, not one park
        if etype == "Park" and ending in ("园区", "开发区") and body.endswith(("市", "县", "盟")) \
                and body in lex.region_forms and not (ending == "开发区" and body.endswith("县")):
            continue  # 常德市园区经济运行简报: the city's parks as a class, not one park (a county has one 开发区)
        if etype == "Park":
            rest = PARK_CLASS_WORDS.sub("", body)
            division = lex.divisions.get(lex.region_forms.get(rest, ""))
            if not rest or PARK_CLASS_WORDS.sub("", name) in table \
                    or division is not None and division.level == 1 and ending in ZONE_WORDS + ("经济技术开发区",) \
                    and not _a_city_too(rest, lex):
                continue  # 9家国家级经开区, 浙江经开区: a class of parks (of a province), not one park
        if "+" in name or "＋" in name:
            continue  # “管委会+公司”: a pairing of kinds (a working model), not an organisation
        if etype == "Park" and PARK_WORD_AT_END.sub("", name).endswith(("化", "式", "一流")):
            continue  # 打造中国式现代化高新区: what a park aims to be, not its name
        if etype == "Park" and name.endswith(GOAL_ZONES) and PARK_GOAL_BEFORE.search(text, 0, start) \
                and _common_words_only(body):
            continue  # 建设全国的创新驱动发展示范区、高质量发展先行区: what a park aims to be, not a park's name
        if etype == "Park" and (body in NAME_VERBS or segment.word_tag(body) in ("v", "vn")):
            continue  # 已服务园区企业, 直接供给园区企业: a verb in front of 园区 names no park
        if etype == "Park" and _industry_only(body, lex) and text[start - 1 : start] not in ("的", "“"):
            continue  # 商贸产业园, 生物医药园区: a kind of park; 占地800亩的氢能产业园 is one park described
        if ending.endswith(("实验室", "中心", "研究院")) and body.endswith(("大学", "学院", "研究院", "研究所")):
            continue  # 南昌大学实验室: a university's lab, not a named institute
        if etype == "GovernmentBody" and any(
                len(r) >= 2 and body[k + len(r) : k + len(r) + 1] in lex.surnames
                for r in _role_words().present(body) for k in [body.find(r)]):
            continue  # 管委会主任周启明代表管委会: a title and the person after it are no part of a body's name
        if etype == "GovernmentBody" and (not GOV_LEFT.match(body) or DOCUMENT_NUMBER.match(text, end)):
            continue  # (某厅某函〔2023〕12号: the body's code in a document number)
        if etype == "GovernmentBody":
            # 报告|长沙经开区党工委: a body's name starts at its place (or park) name when it has one.
            # (not a county's short name that is an everyday word: 省经济|合作|局 is no body of 合作市)
            k = next((n for n in tokens.between(start, pos) if tokens.words[n] in lex.region_forms
                      and not (tokens.tags and not tokens.tags[n].startswith("ns")
                               and _common_word(tokens.words[n]))), None)
            if k is not None and tokens.starts[k] > start:
                start = tokens.starts[k]
                body = text[start:pos]
            level = _level_led_body(body, lex)
            if level:
                start += level  # 经|市工信局, 代表|区人民政府: a word of the sentence before a bare body
                body = text[start:pos]
            if ending == "政府" and text.startswith("工作报告", end):
                continue  # 东洲区政府工作报告: the place's yearly report
            if ending in ("政府", "人民政府") and not (body[-1:] in LEVEL_CHARS or body in lex.region_forms
                                                    or body.endswith(PARK_ENDINGS)):
                continue  # 向大会报告政府工作: only a place has a government
            if body.rstrip(LEVEL_CHARS).endswith(("委", "政府")) and ending in ("政府", "人民政府", "委", "党委"):
                continue  # 市委市政府, 省委省政府: two bodies side by side, each found on its own
            if ending in ("党委", "党组", "纪委") and body.endswith(ORGANISATION_ENDINGS):
                continue  # 临港集团党委书记, 投资合作促进局党委委员: the organisation's own name is the one to find
        if body.startswith(("全", "各", "本", "该", "一", "多", "两", "某")) and etype != "GovernmentBody" \
                and body not in lex.firms:
            continue
        if etype != "GovernmentBody" and (not PARK_CLASS_WORDS.sub("", body)
                                          or PARK_CLASS_WORDS.sub("", name) in table):
            continue  # 1家省级|工程技术研究中心: a count and a level name no organisation (the title is a designation)
        outlet = DATELINE_OUTLET.match(name)
        if outlet and DATELINE_AFTER.match(text[end:]):
            start += outlet.end()  # 某某网|某某新区3月2日电: the agency's dateline, then the place it reports from
            body = text[start:pos]
        if etype == "Park" and SIZE_CLASS_IN_NAME.search(body):
            continue  # 千亿元园区: a size class, not a park
        if etype == "Park" and (COUNTED_BODY.match(body) or ending == "园区" and body.endswith(PARK_ENDINGS)):
            continue  # 三大园区, 4家国家级绿色工业园区: a count of parks; 某高新区园区: the park named before it
        if etype == "Park" and _province_class(text[start:end], lex):
            continue  # 广西高新区, 广西国家级高新区: a province's zones as a class (a zone is named after its city)

        level = LEVEL_WORD_LEAD.match(body)
        if etype == "ResearchInstitute" and level and ending in lex.designations \
                and _industry_only(body[level.end() :], lex):
            # 省级化工中试基地: a level, a field and a kind of platform name a title, not one institute.
            out.append(Candidate(start, end, "Designation", "grammar:level-title", 0.6, priority=1))
            continue
        campus = PARK_PART_IN_BRACKETS.match(text, end) if etype == "Park" else None
        if campus:
            end = campus.end()  # 某某科技创新园区(某山校区): the part of the park in brackets belongs to its name
        seat = PLACE_IN_BRACKETS.match(text, end) if etype == "ResearchInstitute" else None
        if seat and seat.group(1) in lex.region_forms:
            end = seat.end()  # 某某大学创新研究院(石家庄): the seat of one of an institute's branches names it
        out.append(Candidate(start, end, etype, f"grammar:{ending}", conf, priority=1))
    return out


PLACE_IN_BRACKETS = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[)）]")
PARK_PART_IN_BRACKETS = re.compile(r"[（(][\u4e00-\u9fff]{1,6}(校区|片区|分园|园区)[)）]")


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
# Lists, guides and catalogues a government publishes are documents, not policies of their own.
DOCUMENT_KINDS = ("清单", "指南", "名单", "目录")


ISSUING_TAILS = ("落实", "推进", "开展", "实施", "推出", "出台", "制定", "发布", "首创", "推行", "印发", "深化", "启动")


COUNT_OF_ARTICLES = re.compile(r"\d+条?")
COUNTED_MEASURES = re.compile(r"\d+条(措施|政策)")


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
        if word in POLICY_LEFT_STOPS or _has_break(word) \
                or pos - tokens.starts[i] > limit:
            break
        if word.endswith(ISSUING_TAILS) or word in load().region_forms or word.endswith(PARK_ENDINGS) \
                or word in load().gov_bodies:
            break  # 深入开展|产业基础再造工程, 江西|…, 市委|“三抓三促”行动: the actor and its verb are not the name
        if word[0].isdigit() and not COUNT_OF_ARTICLES.fullmatch(word):
            break
        if COUNT_OF_ARTICLES.fullmatch(word) or word == "条":
            # 12条…计划, 11条措施: the count leads the name but is not part of it unless it closes it.
            if tokens.starts[i] + len(word) == pos or (i + 1 < len(tokens.words) and tokens.words[i + 1] == "条"):
                start = tokens.starts[i]
                i -= 1
                continue
            break
        start = tokens.starts[i]
        i -= 1
    while start < pos and (text[start].isdigit() or text[start] == "条") \
            and not COUNTED_MEASURES.match(text[start:]):
        start += 1
    return start


# Words that end a policy's name without quotes or title marks.
STRONG_POLICY_HEADS = WordSet(("行动计划", "行动方案", "实施方案", "若干措施", "若干政策", "政策措施", "政策举措",
                               "系列措施", "条措施", "条例", "管理办法", "实施意见", "指导意见", "提升计划", "培育工程",
                               "再造工程", "倍增行动", "壮大行动", "提升行动", "十条政策", "专项行动", "突破提升行动",
                               "红名单制度"))


@lru_cache(maxsize=1)
def _policy_head_words() -> WordSet:
    return WordSet(policy_heads())


PROCEDURE_DOCUMENT = re.compile(r"(意见书|报告|通知书|证书|合同|协议|说明书|申请书|确认书)》$")
ENACTING_VERB_BEFORE = re.compile(r"(推行|设立|推动\d*项|深化|实施|开展|推出|推广|落实|探索)$")
NUMBERED_SLOGAN = re.compile(r"[0-9一二三四五六七八九十]+(大|个|项)")


HEADING_ENACTS = re.compile(r"(出台|印发|发布|制定|颁布|推出|关于印发)")
POLICY_LEAD_STOP = re.compile(r"的|迈向|采用|实施|推行|落实|开展|启动|建立|构建|实行|执行|进入|推动")


def _after_predicate(tokens: Tokens, start: int, quote: int) -> int:
    """Where a quoted name's lead-in starts: at the quotes where the word right before them takes the name as its
    object (培育形成|“3+X”产业体系, 由此搭起|“1+7”制度, 与|“京津冀协同发展”两大战略: a verb, preposition,
    conjunction or adverb), else at `start` (企业上市“映山红行动”升级工程, 实施项目带动战略“十百千万”工程)."""
    i = tokens.ending_at(quote)
    if not tokens.tags or i is None or tokens.starts[i] < start:
        return start
    tag = tokens.tags[i]
    return quote if tag.startswith(("p", "c", "d")) or tag.startswith("v") and tag != "vn" else start


ARTICLES_NAME = re.compile(r"[\u4e00-\u9fff](\d{1,3}|[一二三四五六七八九十]{1,3})条$")


def policy_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    out = []
    for m in TITLE.finditer(text):
        if PROCEDURE_DOCUMENT.search(m.group(0)):
            continue  # 《联合验收合格意见书》: a document of a procedure, not a policy
        out.append(Candidate(m.start(), m.end(), "Policy", "policy:title", 0.9, priority=3))
    heads = policy_heads()
    for m in QUOTED.finditer(text):
        rest = text[m.end() : m.end() + 12]
        # “1+N”产业扶持政策: the quoted name, a few descriptive characters, then a policy word (the furthest one:
        # “芯火”人才专项计划 ends at 计划, not at 专项).
        ends = [k + len(head) for head in _policy_head_words().present(rest) for k in [rest.find(head)]
                if 0 <= k <= 4 and not any(ch in PUNCT or ch in "等的" for ch in rest[:k])]
        if ends:
            end = m.end() + max(ends)
            start = m.start()
            # A descriptive lead-in before the quotes belongs to the name (企业上市“映山红行动”升级工程).
            lead = extend_policy_left(text, tokens, start, limit=10)
            # (not a description or a verb that takes the quoted name as its object: 实质化的|“管委会+公司”管理模式,
            # 国家正迈向|“十五五”规划)
            cut = max((m0.end() for m0 in POLICY_LEAD_STOP.finditer(text, lead, start)), default=lead)
            if cut < start and text[cut:start] not in NAME_GENERIC and len(text[cut:start]) <= 8:
                start = _after_predicate(tokens, cut, start)
            out.append(Candidate(start, end, "Policy", "policy:quoted+head", 0.8, priority=3))
        else:
            inner = m.group(1)
            before = text[max(0, m.start() - 6) : m.start()]
            k = tokens.ending_at(m.end())
            noun_after = k is not None and k + 1 < len(tokens.words) and tokens.tags[k + 1].startswith("n") \
                and len(tokens.words[k + 1]) >= 2  # “三方共建”研究中心: the quote names a part of a name
            if inner.endswith(heads) and len(inner) >= 4 and not inner.endswith(DOCUMENT_KINDS):
                out.append(Candidate(m.start(), m.end(), "Policy", "policy:quoted", 0.75, priority=3))
            elif ARTICLES_NAME.search(inner) and 3 <= len(inner) <= 14:
                # “快8条”, “支持改革创新发展18条”, “金融十条”: a measure named by the count of its articles.
                out.append(Candidate(m.start(), m.end(), "Policy", "policy:quoted-articles", 0.7, priority=3))
            elif ENACTING_VERB_BEFORE.search(before) \
                    and 2 <= len(inner) <= 12 and not inner.endswith(DOCUMENT_KINDS) and not noun_after \
                    and not NUMBERED_SLOGAN.search(inner[:3]):
                # 推行“扫码入企”, 设立“企业安静生产期”: a quoted programme after an enacting verb.
                out.append(Candidate(m.start(), m.end(), "Policy", "policy:quoted-after-verb", 0.6, priority=2))
    # Unquoted names that end in a strong policy word: 中小企业促进条例, 产业集群提能升级实施方案.
    for head in STRONG_POLICY_HEADS.listed(sentence_scan().values("strong policy heads", text)):
        for at in occurrences(head, text):
            if any(c.start <= at < c.end for c in out if c.rule != "policy:head"):
                continue
            start = extend_policy_left(text, tokens, at, limit=24)
            lead_space = len(text) - len(text.lstrip())
            if at + len(head) == len(text.rstrip()) and at <= 40 and not any(ch in PUNCT for ch in text[:at]) \
                    and not _place_opens(text, lead_space, load()):
                # a heading line that is the title (加快推进…若干政策), after a verb that enacts it (某市出台|…)
                # (a title line that opens with its place keeps the place apart, as in running text)
                start = max((m0.end() for m0 in HEADING_ENACTS.finditer(text, 0, at)), default=lead_space)
            described = text.rfind("的", start, at) if head in ("政策措施", "政策举措") else -1
            if described >= 0 and not text.startswith("关于", start):
                start = described + 1  # 含金量更高的|政策措施: a description before a plain head, not a name
            if at - start >= 2:
                out.append(Candidate(start, at + len(head), "Policy", "policy:head", 0.7, priority=1))
    return out


PROJECT_GENERIC = re.compile(
    r"^(重点|重大|在建|新建|签约|招商|产业|新开工|续建|竣工|投产|储备|科技成果转移转化|延链补链强链|配套|一批|一大批|大批|多个|"
    r"二期|三期|一期|该|此|这些|相关|各类|其他|省市|省级|市级|国家级|标杆|示范|工业|制造业|数字化转型标杆|亿元以上|"
    r"[\d一二三四五六七八九十百千]+亿元?级|[\d一二三四五六七八九十两]+个|子|(?:过|超|超过)?\d+亿元(?:以上)?)+$"
)
MEETING_WORDS = ("大会", "年会", "论坛", "博览会", "推介会", "洽谈会", "峰会", "交易会", "展会", "洽会")
# 年会项目签约, 推介会项目: projects signed at a meeting, named by the meeting.
MEETING_END = re.compile(r"(?:会|论坛)$")  # (every meeting word but 论坛 ends in 会)


PROJECT_FILLER = re.compile(r"(上下游|产业链|产业|制造|创新性|招商引资|年度|季度|\d{4}年|第[一二三四]季度|重点|优质|"
                            r"重大|新兴|"
                            r"配套|延链补链强链|科技成果转化|科技成果转移转化|二级供应商|供应商|相关|上述|两个|多个|一批|各类|"
                            r"建设|新建|在建|签约|聚力|省外|市外|境外|区外|域外|\d+万元以上|\d*亿元以上|的|及|和)")


@lru_cache(maxsize=1)
def _industries_longest_first() -> tuple[str, ...]:
    return tuple(sorted(load().industries, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _industry_terms() -> WordSet:
    return WordSet(term for term in _industries_longest_first() if len(term) >= 2)


def _without_industries(text: str) -> str:
    """The text with each industry term of two characters or more taken out, longest first, as a loop over the
    terms would do it. Only the terms the text holds are visited; the automaton is asked again after each
    removal, which can join characters into a term the text did not hold before."""
    terms = _industry_terms()
    place = -1
    while (place := terms.first_after(text, place)) is not None:
        text = text.replace(terms.words[place], "")
    return text


DISTINCTIVE_PROJECT_WORDS = re.compile(r"(年产|\d+\s*(万吨|吨|GWh|MW|万台|万套|万辆)|[一二三四首]期|“)")
PROJECT_COUNT_AT_END = re.compile(r"([两三四五六七八九十几多\d]+个)$")
NAMED_PLACE_IN_PROJECT = re.compile(r"..(产业园|园区|基地|新城|广场|大厦|小镇|中心)")


def _distinctive_project(body: str) -> bool:
    """A named project says whose or what exactly (年产…吨, a firm, a place, a phase), not only a sector."""
    if DISTINCTIVE_PROJECT_WORDS.search(body):
        return True
    if PROJECT_COUNT_AT_END.search(body):
        return False  # 两个项目: a count of projects
    opening = tokenize(body).words[:1]
    if opening and _brand_word(opening[0]) and not PROJECT_FILLER.fullmatch(opening[0]):
        return True  # 绿控|新能源商用车电驱动系统项目: a firm's brand names whose project it is
    rest = _without_industries(strip_region_prefix(body, load()))
    rest = PROJECT_FILLER.sub("", rest)
    if rest in load().region_forms:
        rest = ""  # 2025年某市重大产业项目: a year's class of projects of a place, not one project
    named_place = NAMED_PLACE_IN_PROJECT.search(body)
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
    "利用 紧盯 招引 争取 上马 一批 一大批 大批 一系列 "
    "完成 实现 包括 其中 以及 还有 等 的 和 与 在 由 将 为 了 是".split()
)


def _firm_core_at(text: str, tokens: Tokens, k: int) -> bool:
    """Whether the word at `k` opens a firm's trade name that the sentence gives in full (某某车业集团股份有限公司
    …建设|某某车业…项目): a project named after its firm starts with that name, even if the word is a verb."""
    if k + 1 >= len(tokens.words) or len(tokens.words[k]) < 2:
        return False
    core = tokens.words[k] + tokens.words[k + 1]
    at = text.find(core)
    while at >= 0:
        if FIRM_FORM_AFTER.match(text, at + len(core)):
            return True
        at = text.find(core, at + 1)
    return False


# What follows a firm's trade name in its full name (某某车业|集团股份有限公司).
FIRM_FORM_AFTER = re.compile(r"[\u4e00-\u9fff]{0,10}(有限公司|集团|公司)")


DECIMAL_WORD = re.compile(r"\d+\.\d+|\.")


# Words in front of a project's ending that belong to the sentence: a period (一季度, 上半年) and a money amount
# (18亿元) describe the project; a capacity (年产5万吨) or a phase (二期) names it.
PROJECT_OUTSIDE_WORD = re.compile(r"[一二三四上下前全]?[一二三四]?季度|[上下]半年|全年|年内|年底|今年|去年|明年|"
                                  r"\d*(亿|万|千)?(元|美元|欧元)")


def _forms_modifier(tokens: Tokens, k: int) -> bool:
    """Whether word k and a suffix after it make one modifier of the name (工业|级, 平台|型, 产业|化)."""
    return k + 1 < len(tokens.words) and tokens.words[k + 1] in ("级", "型", "化", "类")


def extend_project_left(text: str, tokens: Tokens, pos: int, limit: int = 40) -> int:
    """Project names hold verbs, figures and 及 (年产300台刻蚀及薄膜沉积设备项目): only punctuation, the verbs
    that start or fund a project, function words and a firm's legal name end them on the left."""
    start = pos
    i = tokens.ending_at(pos)
    if i is None:
        j = tokens.inside(pos)
        if j is None:
            return pos
        start, i = tokens.starts[j], j - 1  # 建设项目: the ending glued to the word before it
        if tokens.words[j][: pos - tokens.starts[j]] in PROJECT_LEFT_STOPS - {"建设", "投资"}:
            return pos
    lex = load()
    while i is not None and i >= 0 and pos - tokens.starts[i] <= limit:
        word = tokens.words[i]
        decimal_point = DECIMAL_WORD.fullmatch(word) is not None  # 第8.6代
        # 30万吨/年高端聚烯烃项目: a capacity per year, its slash inside the name
        decimal_point = decimal_point or word == "/" and text.startswith("年", tokens.starts[i] + 1) \
            and i > 0 and tokens.words[i - 1].endswith(("吨", "台", "套", "件", "辆", "片", "瓦", "GWh", "MW"))
        joint = word == "与" and text.startswith(("产业化", "应用", "示范", "推广"), tokens.starts[i] + 1)
        if joint:  # 研发与产业化项目: two stages of one project joined by 与
            start = tokens.starts[i]
            i -= 1
            continue
        if word in PROJECT_LEFT_STOPS or _has_break(word) and not decimal_point \
                or word.endswith(("有限公司", "公司")) or word in LEFT_STOPS and word not in NAME_VERBS | {"及", "第"}:
            break
        if PROJECT_OUTSIDE_WORD.fullmatch(word):
            break  # 一季度|重大项目, 投资18亿元|复合膜项目: a period or the sum invested is said of the project
        prev = tokens.words[i - 1] if i > 0 else ""
        if tokens.tags and tokens.tags[i].startswith("v") and tokens.tags[i] != "vn" \
                and (prev in lex.region_forms or prev.endswith(PARK_ENDINGS)):
            break  # 内江高新区|举行…: a place and its verb start a clause, not a project's name
        start = tokens.starts[i]
        i -= 1
    # Leading verbs, adverbs and counters belong to the sentence (紧盯|上下游…项目, 新增|入库项目).
    k = tokens.starting_at(start)
    while k is not None and start < pos and tokens.tags and (
            tokens.tags[k].startswith(("v", "p", "d", "r", "c", "u", "f")) and tokens.words[k] not in NAME_VERBS
            and tokens.words[k] not in COMPASS_REGIONS  # (西部|智算中心项目: a part of the country names it)
            and not _firm_core_at(text, tokens, k)
            and not _brand_word(tokens.words[k])  # (迈为|年产40条…项目: a firm's brand the tagger reads as a verb)
            or tokens.words[k] in NAME_GENERIC and not _forms_modifier(tokens, k)
            or tokens.words[k] in ("各类", "各项", "重点", "新增")):
        start += len(tokens.words[k])
        k += 1
    dateline = DATELINE_IN_NAME.search(text, start, pos)
    return dateline.end() if dateline else start  # (某某日报7月14日讯|合作项目: the dateline is the paper's)


DATELINE_IN_NAME = re.compile(DATELINE_WORDS)


def _brand_word(word: str) -> bool:
    """A word of two to four Chinese characters the dictionary does not know: a firm's brand (迈为, 绿控, 赛威)."""
    return 2 <= len(word) <= 4 and HAN_ONLY.fullmatch(word) is not None and segment.freq(word) == 0


# Named buildings and works: a project where the clause says it is being built or has been (建成, 通车).
FACILITY_ENDING = re.compile(r"(大厦|广场|大桥|主题公园|乐园|城|水镇)(二期|三期|一期)?")
BUILT = re.compile(r"(建成|建设|开工|通车|投用|竣工|开业|落成|动工|投运)")


def facility_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    """Named works in a clause about building them (某某广场、星河大厦等已建成, 新近通车的某某大桥): projects."""
    out = []
    lex = load()
    for m in FACILITY_ENDING.finditer(text):
        if m.end() < len(text) and tokens.ending_at(m.end()) is None or tokens.ending_at(m.start()) is None:
            continue  # the ending runs on into another word, or is the tail of one (城市, 商城)
        clause_end = min([k for k in (text.find(ch, m.end()) for ch in "，。；,;") if k >= 0] or [len(text)])
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in "，。；,;") + 1
        if not BUILT.search(text[clause_start:clause_end]):
            continue
        # The name: the nouns right before the ending (望月|大桥, 星河|大厦), back to a list mark, 的 or a verb.
        k = tokens.ending_at(m.start())
        start = m.start()
        while k is not None and k >= 0 and m.start() - tokens.starts[k] <= 6:
            word, tag = tokens.words[k], tokens.tags[k]
            if not tag.startswith(("n", "j")) or word in LEFT_STOPS or not PUNCT.isdisjoint(word):
                break
            start = tokens.starts[k]
            k -= 1
        name = text[start : m.start()]
        if len(name) < 2 or name in lex.region_forms or _common_word(name) or name in NAME_GENERIC:
            continue
        out.append(Candidate(start, m.end(), "Project", "project:facility", 0.6, priority=1))
    return out


# What two or more parties build together is named right after the verb (双方将共建某某共性技术服务平台, 共建某某
# 创新中心总部), whatever its ending: a platform is an institute, a headquarters a project (a 中心 and the other
# endings of the name grammar are that grammar's).
JOINTLY_BUILT = re.compile(r"(?:共建|共同建设|联合组建|共同组建|合作共建|联合建设)了?"
                           r"((?:(?![和的与及])[\u4e00-\u9fff]){6,24}?(平台|总部))(?=[，。；、,;]|$)")


@lru_cache(maxsize=1)
def _name_grammar_endings() -> tuple[str, ...]:
    return tuple(suffix for suffix, _, _ in load().org_suffixes if len(suffix) >= 2)


def jointly_built_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    out = []
    for m in JOINTLY_BUILT.finditer(text):
        if tokens.starting_at(m.start(1)) is None or GENERIC_OBJECT_LEAD.match(m.group(1)) \
                or m.group(1).endswith(_name_grammar_endings()):
            continue  # (共建一批…平台: no name; 某某工程研究中心: the name grammar's, with its level apart)
        etype = "Project" if m.group(2) == "总部" else "ResearchInstitute"
        out.append(Candidate(m.start(1), m.end(1), etype, "grammar:jointly-built", 0.6, priority=1))
    return out


GENERIC_OBJECT_LEAD = re.compile(r"(一批|一个|一家|多个|若干|各类|相关|更多|新的|一流)")
QUOTED_PROJECT = re.compile(r"“[^“”]{4,60}”项目")
ITEM_TITLE_END = re.compile(r"[，,。；;：:]")
LISTED_PROJECTS_CUE = re.compile(r"等[\u4e00-\u9fff\d]{0,12}?项目")
PARK_LIKE_ENDINGS = ("产业园", "工业园", "科技园", "园区", "基地")
FIRM_DESCRIBED = re.compile(r"(\d+强|最大|龙头|(?:企业|公司|集团)$)")
COUNTED_PROJECTS = re.compile(r"[\d一二三四五六七八九十百两]+[个项]")
PROJECT_WORD = re.compile("项目")
PHASE_LEAD = re.compile(r"(?:一期|二期|三期|首期)(?=年产|新建|建设)")
INVESTED_SUM = r"投资\d+(?:\.\d+)?[亿万千]?(?:元|美元)"  # 投资8.6亿元, 投资1.2亿美元
# 拟投资8.6亿元建设…项目: a sum invested, then the verb that builds the project named next.
FUNDED_BUILDING = re.compile(INVESTED_SUM + r"(?:建设|新建|兴建|打造|上马)")
# 某某公司投资建设的…项目: the owner's relative clause right before a project's name.
BUILT_BY_OWNER = re.compile(r"[\u4e00-\u9fff）)](?:投资建设|投资兴建|投建|承建|建设|打造)的$"
                            # 某公司投资6.5亿元的…项目, 拟投资8.6亿元建设…项目: the sum invested names it too
                            r"|" + INVESTED_SUM + r"(?:的|[，,]?(?:建设|新建|兴建|打造))$"
                            # 某公司计划建设…项目: a firm's plan names one project of its own
                            r"|[\u4e00-\u9fff）)](?:计划|拟|将)(?:投资)?(?:建设|新建|兴建|实施)$")


PHASE_IN_BRACKETS = re.compile(r"[（(][一二三四五六七八九十\d]期[）)]")


# 摸索出一条高端项目, 道路交通及项目: a count word inside or a conjunction at the end (a clause, not a name).
NOT_A_PROJECT_NAME = re.compile(r"[及和与、]$|一条|一批|出一")
CAPACITY = re.compile(r"(年产)?[\d.]+(万|亿)?(吨|千瓦|万千瓦|GWh|台|套|件|辆|片|只|平方米)")
CAPACITY_LIST_VERB = re.compile(r"(建设|新建|实施|投资|打造|推进|开工|引进|布局)")


def _listed_capacities_start(text: str, start: int, end: int) -> int:
    """Where a project's name begins when capacities are listed in it (20万吨钛白粉装置、40万吨磷酸盐装置项目, 年产
    20万吨铝棒、铝型材、10万吨…项目): back over 、 to the verb that opens the list, if a figure leads the list."""
    k = found = start
    while k > 1 and text[k - 1] == "、":
        i = k - 1
        while i > 0 and text[i - 1] not in "、，,；;：:。（）()“”":
            i -= 1
        verb = max(CAPACITY_LIST_VERB.finditer(text, i, k - 1), key=lambda v: v.end(), default=None)
        seg_start = verb.end() if verb else i
        seg = text[seg_start : k - 1]
        if not 2 <= len(seg) <= 16 or seg.endswith("项目") or not re.fullmatch(r"[\u4e00-\u9fff\d.A-Za-z]+", seg):
            break
        found = seg_start
        if verb:
            break
        k = i
    return found if found < start and CAPACITY.match(text, found, end) else start


def project_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    out = facility_candidates(text, tokens) + jointly_built_candidates(text, tokens)
    for m in QUOTED_PROJECT.finditer(text):
        out.append(Candidate(m.start(), m.end(), "Project", "project:quoted", 0.75, priority=3))
    # 签约落地A、B、佳时特数控机床及转台等科技成果转化项目: the listed items are projects (unless named otherwise).
    listed_end = 0
    for cue in LISTED_PROJECTS_CUE.finditer(text):
        cs = max(text.rfind(ch, 0, cue.start()) for ch in "，。；：,;:（(") + 1
        # (A、B等百亿级项目以及C、D等50亿级项目: the second list opens after the first one's close)
        if listed_end > cs:
            joined = LIST_JOINERS.match(text, listed_end)
            cs = joined.end() if joined else listed_end
        listed_end = cue.end()
        counted = bool(COUNTED_PROJECTS.search(cue.group()))
        pos = cs
        for k, part in enumerate(text[cs : cue.start()].split("、")):
            s0, e0 = pos, pos + len(part)
            pos = e0 + 1
            if k == 0:
                s0 = max(s0, extend_project_left(text, tokens, e0))
                s0 = _bilateral_start(text, tokens, s0)  # 中俄|直升机产业园
            item = text[s0:e0]
            if len(item) <= 6 and item.endswith(FIRM_TRADE_WORDS):
                continue  # 某某钢构、某某机械等项目: the firms whose projects they are
            park_like = item.endswith(PARK_LIKE_ENDINGS)
            if counted and (FIRM_DESCRIBED.search(item) or "公司" in item or len(item) < 5 or item.endswith("项目")):
                continue  # 世界500强某某、全球最大某某企业NTN等45个项目: firms, described, whose projects they are
                # (座椅、内外饰件等7个子项目: the parts the projects make; A与B项目: the project grammar's)
            if 4 <= len(item) <= 30 and not PROJECT_GENERIC.match(item) and _distinctive_project(item):
                # (某某产业园、某某基地等10个项目: a park's name, built as one project, is the project here)
                out.append(Candidate(s0, e0, "Project", "project:list", 0.55,
                                     priority=2 if park_like else 0))
    lex = load()
    for m in PROJECT_WORD.finditer(text):
        start = extend_project_left(text, tokens, m.start())
        phase = PHASE_IN_BRACKETS.fullmatch(text, max(0, m.start() - 4), m.start()) if start == m.start() else None
        if phase and phase.start() > 0:
            start = extend_project_left(text, tokens, phase.start())  # 万达文旅(一期)项目: the phase is the name's
            start = start if start < phase.start() else m.start()
        if start >= 4 and text[start - 1] in "）)":
            # 凯盛（镇江）光伏玻璃项目: a parenthesised place inside the name (as in a firm's name).
            k = _bracket_before(text, start)
            if k > 0 and text[k + 1 : start - 1] in lex.region_forms:
                before = extend_project_left(text, tokens, k)
                start = before if before < k else start
        if PHASE_LEAD.match(text, start) and m.start() - start >= 6:
            start += 2  # 一期|年产20GWh储能电池项目: the phase of the project the sentence speaks of, not its name
        start = _listed_capacities_start(text, start, m.start())
        funded = FUNDED_BUILDING.search(text, max(0, start - 16), start)
        if funded and not any(ch in PUNCT or ch == "的" for ch in text[funded.end() : m.start()]):
            start = funded.end()  # 投资8.6亿元建设|汽车覆盖件模具项目: all that the sum builds is the name
        # 年产…项目 names carry figures and commas-free enumerations; allow digits inside.
        name = text[start : m.end()]
        body = name[:-2]
        if len(body) < 3 or PROJECT_GENERIC.match(body) or MEETING_END.search(body) or NOT_A_PROJECT_NAME.search(body):
            continue
        if not _distinctive_project(body):
            # 华岳药业投资建设的高端制剂产业化项目: one project, named by the firm that builds it, though its name
            # says only what it makes.
            if len(body) >= 4 and BUILT_BY_OWNER.search(text, 0, start) and not PROJECT_COUNT_AT_END.search(body):
                out.append(Candidate(start, m.end(), "Project", "grammar:owned-项目", 0.6, priority=1))
            elif len(body) >= 4 and LIST_MARK_ALONE.fullmatch(text, 0, start) and ITEM_TITLE_END.match(text, m.end()) \
                    and not PROJECT_COUNT_AT_END.search(body):
                # 6.米面制品中央厨房项目，投资方：…: a numbered item of a list of projects, titled by its name.
                out.append(Candidate(start, m.end(), "Project", "grammar:item-项目", 0.6, priority=1))
            continue
        # 某某陶瓷基板项目(一期): the phase in brackets after the name is part of it
        phase_after = PHASE_IN_BRACKETS.match(text, m.end())
        out.append(Candidate(start, phase_after.end() if phase_after else m.end(), "Project", "grammar:项目", 0.65,
                             priority=1))
    return out


DESIGNATION_TRIGGERS = re.compile(r"(获认定|摘得|斩获|夺得|获评|获批|入选|上榜|跻身|荣获|获得|被认定为|认定为|"
                                  r"被评为|评为|被授予|"
                                  r"授予|列入|被列为|列为|"
                                  r"纳入|成为|被批复为|"
                                  r"申报|进入|获|是)")
DESIGNATION_HEADS = (
    "企业", "工厂", "园区", "集群", "标杆", "百强", "等次", "一等奖", "二等奖", "三等奖", "奖", "典型", "示范", "称号",
    "单位", "冠军", "独角兽", "小巨人", "小灯塔", "灯塔", "先进县（市、区）", "先进县(市、区)", "试验区", "示范区",
    "实验室", "技术中心", "研究院", "中试平台", "项目", "基地", "百强区", "百强市", "百强县", "数智工厂", "高新区",
    "示范县", "工程", "研究中心", "工作站", "开发区", "案例", "示范机构", "特色产业园", "示范产业园",
)


def _designation_end(item: str) -> int:
    """Where the honour title in `item` ends (after its head word), or -1."""
    best = -1
    for head in DESIGNATION_HEADS:
        k = item.rfind(head)
        if k >= 0:
            best = max(best, k + len(head))
    return best


PLACE_TITLE = re.compile(r"“?中国[\u4e00-\u9fff]{1,6}?(之乡|之都|名城)”?")
QUOTED_HONOUR = re.compile(r"“([^“”]{2,30})”(?:等品牌|品牌|的美誉|美誉|的称号|等荣誉)")
FIRST_OF_KIND = re.compile(r"(全国|全省|全市)?(首个|首批|首家)(?=“)")
BUILDING_VERB_LEAD = re.compile(r"^(组建|建设|成立|筹建|新建|打造)")
NTH_OF_KIND = re.compile(r"(第[一二三四五六七八九十\d]+家|首家|首个)")
QUOTED_TITLE_WORD = re.compile(r"“([^”]+)”称号")
PROJECT_OR_PROGRAMME_END = re.compile(r"(项目|专项)$")
YEAR_LEAD = re.compile(r"(\d{4}年度?)")
CANDIDATE_POOL_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}库")
# (省首批, 山东省首批, 国家第三批: a level word before the batch goes with it, the level's list granting the title)
YEAR_OR_BATCH_LEAD = re.compile(r"(?:国家|[\u4e00-\u9fff]{0,3}省|[\u4e00-\u9fff]{0,3}市)?"
                                r"(?:\d{4}年度?|第[一二三四五六七八九十\d]+批|首批)")
FIRST_OF_QUOTED = re.compile(r"[^“‘]*?(第一个|首个)(?=[“‘])")


TITLE_HEADING_LINE = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
                                r"(?P<body>[^，。；：,;:（(]{3,30}?)(?:[（(][^（）()]{0,12}[）)])*\s*$")


# 五、链主企业与创新型企业, 三、示范园区与平台: a heading naming two kinds of holders is a section, not a title.
TWO_KINDS = re.compile(r"(企业|园区|平台|单位|基地|机构)(与|和|及)")
# 三、共建某某工程研究中心, 二、联合组建某某中试平台: a heading that says what was done, not a title granted.
ACTION_HEADING = re.compile(r"(共建|联合组建|共同组建|组建|合作共建|打造|建设|推进|加快|强化|深化|实施|开展|培育|引进|"
                            r"支持|新建|筹建)")
TITLE_KIND_AFTER = re.compile(r"[（(][\u4e00-\u9fff]{1,2}(?<![家个批])[）)]")


def designation_candidates(text: str) -> list[Candidate]:
    """Honour titles after a granting verb, one per listed item: 获批省先进级智能工厂, 入选A、B."""
    out = []
    # 发布“2023年江西省科技领军及入库企业、高成长性科技型企业”榜单: the titles an honour list names.
    # 中国竹器之乡, 中国某某名城: the national titles conferred on a place (之乡, 之都, 名城).
    for m in PLACE_TITLE.finditer(text) if "中国" in text else ():
        start, end = m.start(), m.end()
        if text[start] == "“" and text[end - 1] != "”":
            start += 1
        out.append(Candidate(start, end, "Designation", "designation:place-title", 0.7, priority=3))
    # 借助“国家某某示范区”等品牌, 素有“中国某谷”的美誉: a quoted title the text calls an honour.
    for m in QUOTED_HONOUR.finditer(text):
        out.append(Candidate(m.start(), m.end(1) + 1, "Designation", "designation:quoted-honour", 0.75, priority=3))
    # 二、第七批制造业单项冠军企业（新增3家）: a numbered heading that is a title alone, over the list of its holders.
    heading = TITLE_HEADING_LINE.match(text)
    if heading:
        body = heading.group("body")
        lead = YEAR_OR_BATCH_LEAD.match(body)
        start = heading.start("body") + (lead.end() if lead else 0)
        title = text[start : heading.end("body")]
        end = _designation_end(title)
        if len(title) >= 4 and end == len(title) and not TWO_KINDS.search(title) and not ACTION_HEADING.match(title):
            kind = TITLE_KIND_AFTER.match(text, start + end)  # 单项冠军企业（产品）: the bracketed kind is the title's
            end += len(kind.group(0)) if kind else 0
            out.append(Candidate(start, start + end, "Designation", "designation:heading", 0.7, priority=3))
    lex = load()
    for m in DESIGNATION_TRIGGERS.finditer(text):
        i = m.end() + (text[m.end() : m.end() + 1] == "了")  # 入选了…: the particle is no part of the title
        counted = text[i : i + 1] == "的" and COUNT_LEAD.match(text, i + 1) and m.group(1) not in ("是", "成为")
        if counted:
            i += 1  # 获评的4家国家级绿色工业园区是…: the titles of the ones counted (up to the verb that lists them)
        if m.group(1) not in ("是", "成为") and text.startswith("成为", i):
            i += 2  # 获批成为…: the title follows the second verb
        while i < len(text):
            # 入选工信部第六批…, 获批全国首个“…示范县”: the granting body and a first-of-its-kind word lead the title.
            issuer = next((n for n in range(min(12, len(text) - i), 1, -1) if text[i : i + n] in lex.gov_bodies), 0)
            i += issuer
            first = FIRST_OF_KIND.match(text[i:])
            i += first.end() if first else 0
            count = COUNT_LEAD.match(text, i)  # 获认定3家省博士工作站: the count is no part of the title
            i = count.end() if count else i
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
                elif counted and depth == 0 and (ch in "是为有" or ch == "中" and text[j + 1 : j + 2] in PUNCT):
                    break
                elif depth == 0 and ch in "和及与" and LEVELS.match(COUNT_LEAD.sub("", text[j + 1 : j + 9], 1)):
                    break  # …研究项目及省重点…项目: a second title begins
                elif depth == 0 and text.startswith("以及", j):
                    break
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
            if INNER_TRIGGER.search(item) or RANK_INSIDE.search(item) or item in STATISTICAL_CLASSES:
                break  # 获…政府认定为…: the later verb grants it; 进入…前十的有…: a ranking; 规上企业: a statistic
            if BUILDING_VERB_LEAD.match(item) \
                    or NTH_OF_KIND.search(item):
                break
            quoted = QUOTED_TITLE_WORD.fullmatch(item)
            if quoted:
                out.append(Candidate(i + 1, i + 1 + len(quoted.group(1)), "Designation", "designation:称号", 0.75, 1))
            else:
                if m.group(1) in ("申报", "申请") and PROJECT_OR_PROGRAMME_END.search(item):
                    lead = YEAR_LEAD.match(item)
                    s0 = i + (lead.end() if lead else 0)
                    out.append(Candidate(s0, j, "Project", "project:申报", 0.7, priority=2))
                    break
                best = _designation_end(item)
                if best < 3 or item[best : best + 1] == "项" or CANDIDATE_POOL_AFTER.match(item[best:]):
                    break  # 荣获省级奖项, 纳入…培育库: a kind of award, a pool of candidates — no title
                if item[best : best + 1] in ("）", ")") and item.count("（") + item.count("(") > 0:
                    best += 1  # 数字化转型标杆（数智工厂、小灯塔）: the bracketed kinds are part of the title
                if item[best : best + 1] in "”’" and item[:best].count("“") + item[:best].count("‘") \
                        > item[:best].count("”") + item[:best].count("’"):
                    best += 1  # 省级“数智工厂”: the quote the title opened closes with it
                closing = item.find("”")
                if item.startswith("“") and 0 < closing < best and item.startswith("的", closing + 1):
                    best = closing + 1  # 获评“国家级绿色工厂”的企业包括…: the quoted title, not the firms it describes
                if m.group(1) in ("是", "成为") and not (
                        (LEVELS.match(item) or item[best:].startswith("之一")) and item[best:] in ("", "之一")):
                    break  # 是/成为 grant a title only with a level (国家级…) or as one of a list (…之一), ending there
                start = i
                # Years and ordinal batches in front (2025年度, 第一批) are dropped from the title.
                lead = YEAR_OR_BATCH_LEAD.match(item)
                if lead:
                    start += lead.end()
                first_of = FIRST_OF_QUOTED.match(item)
                if first_of:
                    start = i + first_of.end()  # 摘得某行业第一个‘某某大奖’: the award is the quoted name
                if best + i - start >= 3:
                    # After a granting verb a title wins over a same-length name (获评国家级绿色工业园区).
                    # A quoted title after the granting verb outranks a quoted policy of the same span.
                    conf = 0.8 if text[start] == "“" and text[i + best - 1] == "”" else 0.7
                    out.append(Candidate(start, i + best, "Designation", f"designation:{m.group(1)}", conf, priority=3))
            if j < len(text) and text[j] in "、和及与" and not DESIGNATION_TRIGGERS.match(text, j + 1):
                i = j + 1
                count = COUNT_LEAD.match(text, i)
                i = count.end() if count else i
                continue
            if text.startswith("以及“", j):
                i = j + 2  # 获批“…示范县”以及“…工程”: a second title in quotes
                continue
            break
    return out


COUNT_LEAD = re.compile(r"[\d一二三四五六七八九十两]+(?:家|个|项)")
INNER_TRIGGER = re.compile(r"(认定为|被评为|评为|授予|获评|列为)")
RANK_INSIDE = re.compile(r"(前[一二三四五六七八九十\d]+|第[一二三四五六七八九十\d]+名|的有)")
# Classes of statistics, never a title granted: 规上企业 (above the size threshold) and the like.
STATISTICAL_CLASSES = frozenset("规上企业 规模以上企业 规上工业企业 限上企业 规上服务业企业".split())
LEVELS = re.compile(r"^(国家级|国家|省级|省|市级|全国|全省|首批|[\u4e00-\u9fff]{2,3}省|重点)")


STRONG_GRANT = re.compile(r"(获评|获批|入选|上榜|跻身|荣获|被认定为|认定为|被评为|评为|列入|纳入)[^、，。；,;]{0,12}$")
# Titles that also name a firm's role in a chain (龙头企业 leads, 领军企业): granted, quoted or in apposition only.
ROLE_TITLES = frozenset("龙头企业 领军企业 链主企业 头部企业 骨干企业".split())
RANKING = re.compile(r"^(中)?(第[一二三四五六七八九十\d]+|前[一二三四五六七八九十\d]+|前列|排名)")


APPLYING_VERB = re.compile(r"(申报|申请|争创|创建|认定)")
COUNT_BEFORE_TITLE = re.compile(r"[\d.]+\s*[万亿]?\s*家$")
COUNT_AFTER_TITLE = re.compile(r"^\s*(?:达到|达|超过|超|共|有|增至)?\s*[\d.]+\s*万?\s*家")
BEING_VERB_BEFORE = re.compile(r"(系|属|属于)$")
ENUMERATION_COUNT_BEFORE = re.compile(r"等\d*家?$")
DIRECTION_AFTER = re.compile(r"”?(发展|迈进|转型|方向)")
BUILDING_VERB = re.compile(r"(共建|组建|建设|建成|筹建|打造)")


def keep_designations(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A title from the lexicon counts where it is granted or counted, not where it is a generic phrase
    (一批龙头企业): after a granting verb in its clause, with a level, a count, quotes, after A、B等, or in
    apposition to the firm that holds it (世界500强|某某集团)."""
    out = []
    for c in chosen:
        if c.type != "Designation" or not c.rule.startswith("lexicon:"):
            out.append(c)
            continue
        surface = text[c.start : c.end]
        clause_mark = _UP_TO_LAST_CLAUSE_MARK.match(text, 0, c.start)
        clause_start = clause_mark.end() if clause_mark else 0
        before = text[clause_start : c.start]
        granted = bool(DESIGNATION_TRIGGERS.search(before)) or bool(APPLYING_VERB.search(before))
        counted = bool(COUNT_BEFORE_TITLE.search(before)) or bool(
            COUNT_AFTER_TITLE.match(text[c.end : c.end + 10]))
        listed = text[c.end : c.end + 2] in ("名单", "榜单")  # 公布了第二批…企业名单: the honour's own list
        stated = bool(BEING_VERB_BEFORE.search(before))  # 系农业产业化国家重点龙头企业: the firm is one
        enumerated = before.endswith("等") or bool(ENUMERATION_COUNT_BEFORE.search(before))
        quoted = text[c.start - 1 : c.start] == "“"
        ranked = RANKING.match(text[c.end : c.end + 6])
        if quoted and before.endswith("向“") and DIRECTION_AFTER.match(text[c.end : c.end + 3]):
            continue  # 推动企业向“专精特新”发展: the way firms are to grow, not a title granted
        if not granted and BUILDING_VERB.search(before):
            continue  # 共建…全国重点实验室: a lab being built, not a title granted
        strongly_granted = bool(STRONG_GRANT.search(before))
        apposed = any(o.type == "Company" and o.start == c.end for o in chosen)  # 依托链主企业某某集团
        if surface in ROLE_TITLES and not (strongly_granted or quoted or before.endswith("等") or apposed):
            continue  # 17家龙头企业, 龙头企业的带动: firms by their role; a title where granted, after the firms
            # it is said of (A、B等链主企业) or in apposition (依托链主企业X)
        held_by_firm = apposed and surface not in ROLE_TITLES  # 世界500强|某某集团: in apposition to its holder
        if (granted or counted or enumerated or quoted or listed or stated or held_by_firm or LEVELS.match(surface)) \
                and not ranked:
            out.append(c)  # …列全省国家级开发区第一: a ranking among a class, not a title granted
    return out


# The role words when a lexicon has none.
DEFAULT_ROLES = {"董事长": "both", "总经理": "both"}
NAME_STOP_CHARS = set("说表示介绍认为指出称透露强调的是在和与及等了也都就还对为将把被从向")


BYLINE = re.compile(r"(?:^|[\s►□◎])((?:[\u4e00-\u9fff]{2,3}[ \u3000]+){1,5}[\u4e00-\u9fff]{2,3})(?=/文|/图|\s|$|摄)")
BYLINE_MARKED_NAME = re.compile(r"[◎►□■]\s*([\u4e00-\u9fff]{2,3})(?=\s)")
DATELINE_REPORTER = re.compile(r"日电\s*[（(]([\u4e00-\u9fff]{2,3})[)）]")
CREDITED_NAME = re.compile(r"([\u4e00-\u9fff]{2,3})(/文|/图|/摄|摄)(?=\s|$|[（(\d])")


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
                if n == 3 and seg[2] in NAME_STOP_CHARS or n == 2 and _common_word(seg):
                    continue  # 总书记|关于: an everyday word is no name
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

    if lex is load():
        present = _role_words().listed(sentence_scan().values("roles", text))
    else:
        present = WordSet(_longest_first(frozenset(lex.roles or DEFAULT_ROLES))).present(text)
    role_spans = [(at, at + len(role)) for role in present for at in occurrences(role, text)]
    for role in present:
        position = lex.roles.get(role, "both")
        for at in occurrences(role, text):
            end = at + len(role)
            if any(s0 <= at and end < e0 for s0, e0 in role_spans):
                continue  # 董事|长孙建华: the longer title 董事长 is the one the name follows
            if position != "person-before":
                # 部长 梁振宇: a byline-like space may stand between the title and the name.
                gap = len(text[end : end + 2]) - len(text[end : end + 2].lstrip(" \u3000"))
                n = name_at(end + gap) if gap <= 2 else 0
                if n and role in GENERIC_ROLES and (not GENERIC_ROLE_NAME_END.match(text, end + gap + n)
                                                    or _verb_within(tokens, end + gap, end + gap + n)):
                    n = 0  # 市级领导|包联3家企业: after a generic role word, only a name (no verb) closed by a
                    # mark or a visit
                if n:
                    out.append(Candidate(end + gap, end + gap + n, "Person", f"person:after-{role}", 0.8, priority=2))
                    continue
    # 领导A、B、C陪同, A、B、C等市领导: the other names of a list of people.
    for c in list(out):
        end = c.end
        while end + 1 < len(text) and text[end] == "、" and end not in (o.start - 1 for o in out):
            n = name_at(end + 1)
            if not n or text[end + 1 : end + 3] in present:
                break
            out.append(Candidate(end + 1, end + 1 + n, "Person", "person:listed", 0.75, priority=2))
            end += 1 + n
    # 甲和乙分别代表双方签署协议, 甲代表公司致辞: people who speak or sign for an organisation.
    for m in REPRESENTATIVES.finditer(text) if "代表" in text else ():
        if m.start() and text[m.start() - 1] not in PUNCT:
            continue
        found = [(m.start(k), m.group(k)) for k in (1, 2) if m.group(k)]
        if all(_reads_as_name(nm, surnames) for _, nm in found):
            out.extend(Candidate(at, at + len(nm), "Person", "person:representative", 0.75, priority=2)
                       for at, nm in found)
    for m in PEOPLE_LISTED.finditer(text) if "等" in text else ():
        if all(_reads_as_name(nm, surnames) for nm in m.group(1).split("、")):
            pos = m.start(1)
            for nm in m.group(1).split("、"):
                out.append(Candidate(pos, pos + len(nm), "Person", "person:listed", 0.75, priority=2))
                pos += len(nm) + 1
    # Bylines: a run of space-separated 2-3 character names.
    for m in BYLINE.finditer(text) if " " in text or "\u3000" in text else ():  # (names apart need a space)
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
    for m in BYLINE_MARKED_NAME.finditer(text):
        if m.group(1)[0] in lex.surnames:  # ◎刘侠 本报记者…: a byline marker before a name
            out.append(Candidate(m.start(1), m.end(1), "Person", "person:byline", 0.75, priority=2))
    for m in BYLINE_CREDIT.finditer(text):
        pos = m.start(2)
        parts = m.group(2).split()
        if len(parts) == 2 and all(len(p) == 1 for p in parts) and parts[0] in lex.surnames:
            # 本报记者 谭 磊: a two-character name is printed with a space between its characters.
            k = text.find(parts[1], pos + 1)
            out.append(Candidate(pos, k + 1, "Person", "person:byline", 0.8, priority=2))
            continue
        for nm in parts:
            if nm[0] in lex.surnames and len(nm) in (2, 3):
                k = text.find(nm, pos)
                out.append(Candidate(k, k + len(nm), "Person", "person:byline", 0.8, priority=2))
                pos = k + len(nm)
    # 3月2日电 (萧雨桐): the reporter's name in brackets after a news agency's dateline.
    for m in DATELINE_REPORTER.finditer(text):
        if m.group(1)[0] in lex.surnames:
            out.append(Candidate(m.start(1), m.end(1), "Person", "person:byline", 0.8, priority=2))
    # 胡江涛/图2024年: a credit glued by a PDF to the first words of the text.
    for m in CREDITED_NAME.finditer(text) if "/" in text or "摄" in text else ():  # (the credit needs one)
        nm = m.group(1)
        if nm[0] in lex.surnames and m.start(1) == 0 or text[m.start(1) - 1] in " \u3000□►◎":
            out.append(Candidate(m.start(1), m.end(1), "Person", "person:credit", 0.75, priority=2))
    return out


# A byline's credit word and the names after it (记者 张某 李某, 作者:程立新 邬家宁, 编辑:骆文静, 文/图 籍晓东); a
# name ends at a space, a bracket or the next credit word (记者邬家宁 摄影记者 屈梦涵).
BYLINE_CREDIT = re.compile(r"(记者|通讯员|实习生|作者|责任编辑|编辑|文/图|图/文|文图|摄影)[:：]?[ \u3000]*"
                           r"((?:(?!摄影|记者|编辑|通讯员)[\u4e00-\u9fff]{1,3}[ \u3000]*){1,4})")


def _reads_as_name(word: str, surnames: Container[str]) -> bool:
    """A word found where a person's name is expected (a list of officials, a signatory) that opens with a surname
    and is no everyday word."""
    return word[0] in surnames and not _common_word(word)


def _verb_within(tokens: Tokens, start: int, end: int) -> bool:
    """Whether a word the segmenter tags as a verb starts between start and end."""
    return bool(tokens.tags) and any(tokens.tags[k].startswith("v") for k in tokens.between(start, end))


# Role words that are also everyday nouns (领导包联企业, 委员会): a name after them must end at a name's boundary.
GENERIC_ROLES = frozenset({"领导", "委员"})
GENERIC_ROLE_NAME_END = re.compile(r"[、，,。；;：:]|等|陪同|出席|参加|一行|带队|率队|调研|考察|"
                                   r"介绍|表示|指出|强调|说|$")
REPRESENTATIVES = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:[和与、]([\u4e00-\u9fff]{2,3}?))?(?:分别)?代表"
                             r"(?:公司|企业|学校|双方|甲方|乙方|园区|集团|政府|管委会|三方|各方)")
# 杨某某、尹某、刘某等市领导: names listed before the word for the leaders or officials they are.
PEOPLE_LISTED = re.compile(r"((?:[\u4e00-\u9fff]{2,3}、)+[\u4e00-\u9fff]{2,3})等(?:[省市区县]|有关|各级)?"
                           r"(?:领导|负责同志|负责人|同志|嘉宾)")


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


@lru_cache(maxsize=1)
def _role_words() -> WordSet:
    lex = load()
    return WordSet(_longest_first(frozenset(lex.roles or DEFAULT_ROLES)))


def _name_end_ok(text: str, i: int) -> bool:
    """A name may end here: at the end, at punctuation or space, or before a speech verb."""
    if i >= len(text):
        return True
    ch = text[i]
    if ch in PUNCT or ch.isspace() or ch.isdigit():
        return True  # (a heading line joined to the next: 管委会主任 某某2024年，…)
    speech = ("表示", "介绍", "认为", "指出", "透露", "强调", "解释", "坦言", "感慨", "告诉", "见证", "说道")
    attending = ("出席", "参加", "致辞", "主持", "一行")  # 副厅长某某出席: the verbs of attending an event
    # 院长某某教授介绍, 县长某某在接受采访时说, 某某带队调研: an honorific or the verb of a visit after the name.
    after_name = ("教授", "博士", "院士", "同志", "先生", "女士", "带队", "率队", "陪同", "调研", "考察", "走访",
                  "会见", "接受", "研究", "体会", "代表", "宣布", "回忆", "谈到", "提出", "要求", "希望", "一同",
                  "现场", "实地", "听取")
    # 总指挥某某和市长某某, 某某对…表示, 某某也说: a conjunction or an adverb of the clause after the name.
    return text[i : i + 2] in speech + attending + after_name or ch in "说称在等和与对也向就"


# --- choosing among candidates -------------------------------------------------------------------


def select(cands: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring longer spans, then higher priority and confidence."""
    chosen: list[Candidate] = []
    # The spans taken so far, disjoint, by start (so by end too): a span overlaps one of them exactly when it
    # overlaps the last one starting before its end.
    starts: list[int] = []
    ends: list[int] = []
    # (c.start - c.end is -c.length without the property's call)
    for c in sorted(cands, key=lambda c: (c.start - c.end, -c.priority, -c.confidence, c.start, c.type)):
        k = bisect_left(starts, c.end)
        if k and ends[k - 1] > c.start:
            continue
        chosen.append(c)
        starts.insert(k, c.start)
        ends.insert(k, c.end)
    return sorted(chosen, key=lambda c: c.start)


INDUSTRY_CONTEXT_AFTER = re.compile(r"^(产业|行业|产业链|产业集群|集群|领域|赛道|板块|等产业|等领域|等行业|及相关|"
                                    r"(?:龙头|链主|领军)企业|"
                                    r"等新兴产业|等战略性新兴产业|等前沿领域|等重点)")
UMBRELLA_INDUSTRIES = frozenset(
    "传统产业 新兴产业 优势产业 特色产业 主导产业 支柱产业 新兴工业 传统制造业 供应链 产业链".split()
)


INDUSTRY_SENTENCE = re.compile(r"(产业|行业|领域|赛道|集群|经济|发展|打造|聚焦|布局|培育|主导|重点|龙头|链主|制造业)")
APPLICATION_CUE = re.compile(r"(应用于|用于|应用到|适用于)")  # fields a product is used in, anywhere in the clause
PRODUCT_CONTEXT = re.compile(r"(应用于|用于|应用到|适用|产品|产线|工艺|生产|零件|原料|采用|装机|产量)")
LINKS_LISTED = re.compile(r"((?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8})等(?:上下游|配套)")
DASH_CHAIN = re.compile(r"[\u4e00-\u9fff]{2,8}(?:(?:—|→|－){1,2}[\u4e00-\u9fff]{2,8}){2,}")
CHAIN_SPAN = re.compile(r"从([^，。；,;]{2,30}?)到([^，。；,;]{2,30}?)(?=[，。；,;的])")


def _in_chain_span(text: str, c: Candidate) -> bool:
    """从硅片、电池片到组件的完整产业链, 从设计…到封测…全产业链, “镍钴冶炼—前驱体—正极材料”, 电池片、组件等上下游
    企业: the stages of one chain."""
    if "—" in text or "→" in text or "－" in text:
        # (three links or more joined by dashes or arrows: a chain's stages, none of them an industry named)
        if any(m.start() <= c.start and c.end <= m.end() for m in DASH_CHAIN.finditer(text)):
            return True
    if "等上下游" in text or "等配套" in text:
        # 引进电池片、组件、光伏玻璃等上下游企业: the products of a chain's links, which its firms make
        if any(m.start() <= c.start and c.end <= m.end(1) for m in LINKS_LISTED.finditer(text)):
            return True
    if "从" not in text:
        return False
    for m in CHAIN_SPAN.finditer(text):
        if m.start() < c.start < m.end() and "产业链" in text[m.end() : m.end() + 30]:
            return True
    return False


# 覆盖设计、制造、封测等环节: the links of one chain, not industries of their own.
CHAIN_LINKS_AFTER = re.compile(r"(?:[、和及与][\u4e00-\u9fff]{1,8}){0,8}等?(?:[\u4e00-\u9fff]{0,4})(环节|工序|链条)")
# 高新技术产业产值, 计算机产量: the industry as a line of statistics, not one the text says anyone develops.
# (…1类, 三类, 上市: a product's class or its approval)
STATISTIC_AFTER = re.compile(r"^(产值|增加值|产量|市场占有率|占比|比重|[\d一二三四]类|上市)")
APPLIED_FIELDS = re.compile(r"^[^，。；,;]*?等?[\u4e00-\u9fff]{0,4}领域(?:的[^，。；,;]*(应用|产品)|[^，。；,;]{0,8}"
                            r"(采用|应用|使用))")


def _modifies_noun(text: str, tokens: Tokens, c: Candidate) -> bool:
    """Whether an industry word is cut out of a longer word or qualifies the noun after it (创新药|物研发,
    动力电池专用铜箔, 体外诊断试剂, 研发设计工具): then the text names a thing, not the industry."""
    if tokens.ending_at(c.end) is None and c.end < len(text) or tokens.ending_at(c.start) is None and c.start > 0 \
            and text[c.start - 1] not in PUNCT:
        return True
    k = tokens.starting_at(c.end)
    if k is None:
        return False
    word, tag = tokens.words[k], tokens.tags[k] if tokens.tags else "n"
    return tag.startswith("n") and len(word) >= 2 and not tag.startswith(("nr", "ns")) \
        and word not in INDUSTRY_NOUN_TAILS


INDUSTRY_NOUN_TAILS = frozenset("产业 行业 领域 企业 集群 产业链 赛道 板块 基地 项目 园区 产业园 产品 经济 龙头 链主 "
                                "龙头企业 链主企业 领军企业 "
                                "装备 材料 设备 零部件 集团 公司 营收 营业收入 规模 收入 销售额 出口".split())


LISTED_STATISTIC = re.compile(r"(?:、[\u4e00-\u9fff]{1,8}?)+?(产值|增加值|产量|市场占有率)")


def _without_tail(surface: str) -> str:
    """An industry's name without its first tail word (锂电产业 -> 锂电): the field the text names."""
    return next((surface[: -len(tail)] for tail in INDUSTRY_TAILS if surface.endswith(tail)
                 and len(surface) > len(tail)), surface)


def _a_field(text: str, c: Candidate, lex: Lexicons) -> bool:
    """Whether an industry candidate is a field by its words alone (not an everyday word or a product)."""
    surface = text[c.start : c.end]
    bare = _without_tail(surface)
    return bare != surface or bare not in lex.industries_needing_context and len(bare) > 2


# Everything up to the last clause mark (greedy: the search backs up from the end to the last mark): the clause
# starts after it.
_UP_TO_LAST_CLAUSE_MARK = re.compile("(?s).*[，。；：,;:]")


def keep_industries(text: str, chosen: list[Candidate], lex: Lexicons, tokens: Tokens) -> list[Candidate]:
    """An industry word counts where the text names it as a sector: followed by 产业/行业/领域…, in a
    list with other industries, or a specific multi-word field; everyday words (能源, 数据) need that context."""
    inds = [c for c in chosen if c.type == "Industry"]
    keep: set[Candidate] = set()
    chain_links = "环节" in text or "工序" in text or "链条" in text
    for c in inds:
        if c.rule.startswith("lexicon:") and not text[c.start : c.end].endswith(INDUSTRY_TAILS) \
                and _modifies_noun(text, tokens, c):
            continue  # (精密制造产业|生态 names the industry whatever follows its 产业)
        surface = text[c.start : c.end]
        if surface in UMBRELLA_INDUSTRIES or surface.endswith("产业") and text[c.end : c.end + 1] == "园":
            continue  # (商贸产业|园: the park's word, not the industry named)
        after = text[c.end : c.end + 8]
        bare = _without_tail(surface)
        # (装备制造企业 names the sector its firms are in; 整车企业, 电池企业 name firms by their product)
        named_as_sector = bare != surface or bool(INDUSTRY_CONTEXT_AFTER.match(after)) \
            or after.startswith("企业") and _a_field(text, c, lex)
        listed = any(o is not c and (o.end == c.start - 1 or c.end == o.start - 1)
                     and text[min(c.end, o.end)] in "、和及与"
                     for o in inds)
        clause_mark = _UP_TO_LAST_CLAUSE_MARK.match(text, 0, c.start)
        clause_start = clause_mark.end() if clause_mark else 0
        # 应用到轨道交通, 家具、家电等领域的镁合金应用: fields where a product is used.
        applied = APPLICATION_CUE.search(text[clause_start : c.start]) \
            or PRODUCT_CONTEXT.search(text[max(clause_start, c.start - 8) : c.start]) \
            or text.find("领域", c.end) >= 0 and APPLIED_FIELDS.match(text[c.end :])
        # 计算机、手机整机产量分别位列全国第三: the whole list is a line of statistics.
        listed_statistic = text.startswith("、", c.end) and LISTED_STATISTIC.match(text[c.end :])
        # (Each pattern is tried only where the text holds what it must find: 领域, a list mark, a link word.)
        if STATISTIC_AFTER.match(after) or listed_statistic or applied and bare == surface \
                or chain_links and CHAIN_LINKS_AFTER.match(text, c.end) or _in_chain_span(text, c):
            continue
        if bare in lex.industries_needing_context or len(bare) <= 2:
            # (listed among fields: a list of such words alone, 电解液、隔膜配套, is a list of products)
            if named_as_sector or listed and any(_a_field(text, o, lex) for o in inds if o is not c):
                keep.add(c)
        elif named_as_sector or listed or INDUSTRY_SENTENCE.search(text):
            keep.add(c)
    return [c for c in chosen if c.type != "Industry" or c in keep]


FIRM_TRADE_WORDS = (
    "科技", "电子", "电气", "电器", "实业", "控股", "新材料", "材料", "新能源", "能源", "生物", "医药", "药业", "制药",
    "医疗", "电池", "电路", "电业", "光电", "智能", "精密", "数控", "信息", "软件", "通信", "汽车", "动力", "锂业",
    "磁业", "磁选", "钢构", "建材", "化工", "食品", "纺织", "股份", "集团", "底盘", "铜箔", "稀土", "微电子", "半导体",
    "机械", "重工", "装备", "环保", "物流", "电机", "铜业", "钨业", "光伏", "储能", "芯片", "传感", "钛业", "锆业",
    "铝业", "镁业", "包装", "齿轮", "石化", "石油", "钼业", "矿业", "镍业", "钴业", "锌业", "硅业", "化纤", "纸业",
)
# Trade words that are themselves a firm's kind (某某钼业, 某某药业): a rare trade name before one names a firm whatever
# follows it, where 某某新材料 may be a field and needs a firm's context after it.
FIRM_KIND_TRADE_WORDS = ("锂业", "磁业", "铜业", "钨业", "钛业", "锆业", "铝业", "镁业", "钼业", "矿业", "镍业", "钴业",
                         "锌业", "硅业", "药业", "制药", "纸业", "化纤", "重工", "实业")
# More words of a firm's trade, trusted only where the text lists the name among firms (某某车业、某某精工等企业):
# alone they are too often ordinary words (发电, 部件, 包装).
LISTED_TRADE_WORDS = (
    "车业", "钛业", "锆业", "铝业", "镁业", "钢业", "纸业", "醋业", "乳业", "酒业", "塑业", "模具", "机电", "精工",
    "包装", "部件", "汽车部件", "电动车", "机车", "石油", "石化", "发电", "电力", "橡胶", "线缆", "电缆", "光学",
    "激光", "机器人", "重机", "农机", "车辆", "制药", "科技", "传动", "精机", "液压", "轴承", "重装", "电装",
)
_FIRM_TRADE_WORD_SET = WordSet(FIRM_TRADE_WORDS)
SINGLE_STOPS = set("对从在和与及的等向把被将为以由于是了着也都又")
FIRM_FOLLOWERS = re.compile(r"^([、，,。；;]|等|和|与|及|获|入选|跻身|上榜|进入|成功|已|正|将|在|是|作为|创始人|"
                            r"董事长|总经理|"
                            r"负责人|公司|集团|的|每年|累计|实现|投资|建设|项目|“|基地|自主|研发|推出|牵头|$)")


FIGURE_FOLLOWERS = re.compile(r"^(产值|营收|营业收入|年产值|发展)")


def firm_short_candidates(text: str, tokens: Tokens, lex: Lexicons) -> list[Candidate]:
    """Firms named by trade name and trade word alone (脑虎科技, 立探新能源): an uncommon two- or
    three-character trade name in front of a trade word, between name boundaries."""
    out = []
    for word in _FIRM_TRADE_WORD_SET.listed(sentence_scan().values("trade words", text)):
        for at in occurrences(word, text):
            end = at + len(word)
            if not FIRM_FOLLOWERS.match(text[end : end + 3]) and not (
                    FIGURE_FOLLOWERS.match(text[end : end + 3]) and not _industry_before(text, end)) \
                    and word not in FIRM_KIND_TRADE_WORDS:
                continue  # (某华科技|产值, not 某某新材料|营收: a field has revenues too)
            for n in (2, 3):
                start = at - n
                if start < 0:
                    continue
                trade = text[start : at]
                if not all("\u4e00" <= ch <= "\u9fff" for ch in trade) or any(ch in SINGLE_STOPS for ch in trade):
                    continue
                covering = tokens.overlapping(start, at)
                if any(tokens.tags and tokens.tags[k].startswith(("v", "p", "c", "d", "r", "u", "m", "f", "t"))
                       and tokens.words[k] not in NAME_VERBS and len(tokens.words[k]) > 1 for k in covering):
                    continue
                if segment.freq(trade) >= 60 and trade not in lex.region_forms or trade in lex.industries \
                        or trade in lex.region_forms and word not in FIRM_KIND_TRADE_WORDS:
                    continue  # (新乡化纤, 洛阳钼业: a city and a firm's kind name the city's firm)
                if any(segment.freq(trade[k:]) >= 200 for k in range(1, n - 1)) and n == 3:
                    continue
                if any(tokens.starts[k] == start and len(tokens.words[k]) > 1 and tokens.tags[k].startswith("v")
                       and segment.freq(tokens.words[k]) >= 1000 for k in covering):
                    continue  # 重点|发展|新材料: a sentence's verb is no trade name
                # The trade name must start at a word boundary with a boundary before it.
                if start > 0 and text[start - 1] not in PUNCT and tokens.ending_at(start) is None:
                    continue
                i = tokens.ending_at(start)
                tag = tokens.tags[i] if tokens.tags and i is not None else "n"
                if i is not None and tokens.words[i] == "的" and tokens.tags \
                        and any(tokens.tags[k] == "a" for k in covering):
                    continue  # 这种…的极薄|铜箔: an adjective after 的 describes a product, it names no firm
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


INDUSTRY_CLASS_WORD = re.compile(r"产业集群|行业")
HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def industry_grammar_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    """Industries named by the text as such though no lexicon has them: 数智装备产业集群, 稀金材料产业."""
    out = []
    lex = load()
    for m in INDUSTRY_CLASS_WORD.finditer(text):
        i = tokens.ending_at(m.start())
        start = m.start()
        taken = 0
        while i is not None and i >= 0 and taken < 2:
            word, tag = tokens.words[i], tokens.tags[i] if tokens.tags else "n"
            if not HAN_ONLY.fullmatch(word) or word in LEFT_STOPS \
                    or not tag.startswith(("n", "b", "j")) \
                    or word in lex.region_forms or "产业" in word or "集群" in word:
                break
            start = tokens.starts[i]
            taken += 1
            i -= 1
        body = text[start : m.start()]
        if _industry_before(text, m.start()) or "地标" in body:
            continue  # 领先|生物制造产业集群: a known field ends the name; the lexicon finds it with its own bounds
        if 2 <= len(body) <= 6 and not INDUSTRY_GENERIC.match(body):
            out.append(Candidate(start, m.end(), "Industry", "grammar:industry", 0.55, priority=0))
    out += _chains_with_a_leader(text, tokens, lex)
    return out


# 产业链 before its leader's title (注塑成型装备产业链的链主企业, 航空动力产业链链主, …产业链龙头企业): whatever
# the chain's name, a chain that has a 链主, 链长 or 龙头企业 is an industry's.
CHAIN_BEFORE_LEADER = re.compile(r"产业链(?=的?(?:链主|链长|龙头企业))")
RARE_VERB_FREQ = 300  # a verb this rare in the segmenter's dictionary is a trade's process (注塑), not a predicate


# A leader's title qualified by its field within a scope (国内电气自动化龙头企业, 全国高温合金材料领军企业):
# the field between the scope word and the title is an industry (GUIDE 12: the industry a leader leads).
FIELD_BEFORE_LEADER = re.compile(r"(?:领域|行业)?的?(?:龙头|领军|头部|链主)企业")
LEADER_SCOPE = frozenset("国内 全国 全球 世界 国际 我国 中国 亚洲 省内 业内".split())
MAKING_WORDS = frozenset("制造 生产 加工".split())
PLACE_LIKE_ENDINGS = PARK_ENDINGS + ("基地", "园", "区")  # words a field's name does not run back over


def _field_words_before(tokens: Tokens, lex: Lexicons, end: int, reach: int) -> int:
    """Where the run of a field's words (nouns, distinguishing words, rare process verbs) ending at `end` starts."""
    i = tokens.ending_at(end)
    start = end
    while i is not None and i >= 0 and end - tokens.starts[i] <= reach:
        word, tag = tokens.words[i], tokens.tags[i] if tokens.tags else "n"
        if not HAN_ONLY.fullmatch(word) or word in LEFT_STOPS or word in lex.region_forms \
                or word in LEADER_SCOPE or word.endswith(PLACE_LIKE_ENDINGS) or "产业" in word \
                or not (tag.startswith(("n", "b", "j", "vn")) and tag not in ("ns", "nr", "nt")
                        or tag == "v" and (segment.freq(word) < RARE_VERB_FREQ or word in MAKING_WORDS)
                        or tag == "l" and word.endswith("化")):
            break  # (装备|制造, 电气|自动化: a field's words include its making and its -化)
        start = tokens.starts[i]
        i -= 1
    return start


def _chains_with_a_leader(text: str, tokens: Tokens, lex: Lexicons) -> list[Candidate]:
    out = []
    for m in CHAIN_BEFORE_LEADER.finditer(text):
        start = _field_words_before(tokens, lex, m.start(), 8)
        body = text[start : m.start()]
        if 2 <= len(body) <= 8 and not INDUSTRY_GENERIC.match(body):
            out.append(Candidate(start, m.end(), "Industry", "grammar:chain-with-leader", 0.6, priority=3))
    for m in FIELD_BEFORE_LEADER.finditer(text) if "企业" in text else ():
        if m.start() < 4:
            continue  # (room for a scope word and a field of two characters)
        start = _field_words_before(tokens, lex, m.start(), 10)
        scope = tokens.ending_at(start)
        body = text[start : m.start()]
        if scope is not None and tokens.words[scope] in LEADER_SCOPE and 2 <= len(body) <= 10 \
                and not INDUSTRY_GENERIC.match(body):
            out.append(Candidate(start, m.start(), "Industry", "grammar:leaders-field", 0.6, priority=3))
    return out


# What a policy or a plan works on, not a field of industry (自主创新, 人才引育, 数字转型).
ACTIVITY_WORDS = ("创新", "引育", "引进", "培养", "建设", "改革", "转型", "升级", "开放", "合作", "保障", "治理")
# 等…产业, 三个方向, 四大领域: what closes a list of fields (its count or 等, then the kind of item).
LIST_CLOSER = re.compile(r"(?=[等一二三四五六七八九十两])"
                         r"(?:等|[一二三四五六七八九十两]+(?:大|个|条))(?:[\u4e00-\u9fff]{0,4}?)"
                         r"(产业|领域|行业|赛道|方向)")
LIST_ITEM = re.compile(r"[\u4e00-\u9fff]{2,8}|[A-Za-z0-9]{1,4}[\u4e00-\u9fff]{0,6}")


APPLIED_AFTER_LIST = re.compile(r"的[^，。；,;]*(应用|产品)")
USED_IN = re.compile(r"(应用于|用于|应用到|适用)")
LIST_JOINERS = re.compile(r"(、|以及|和|及|与)")
LINK_WORD_OR_PARTICLE = re.compile(r"(环节|的)")


def industry_list_candidates(text: str, tokens: Tokens) -> list[Candidate]:
    """Items of a list the text closes as industries (传感器、锂电池、电路板等产业基础; 低空制造、脑机接口、
    核医学等产业): where one item is a known industry, the others are industries too."""
    lex = load()
    out = []
    for cue in LIST_CLOSER.finditer(text):
        cs = max(text.rfind(ch, 0, cue.start()) for ch in "，。；：,;:（(“”") + 1
        if APPLIED_AFTER_LIST.match(text[cue.end() :]) or \
                USED_IN.search(text[cs : cue.start()]):
            continue  # 在农业、交通等领域的应用场景: fields where something is used, not industries
        items: list[tuple[int, int]] = []
        pos = cs
        for part in LIST_JOINERS.split(text[cs : cue.start()]):
            if part not in ("、", "以及", "和", "及", "与"):
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
        # (an item may carry the closer's own word: 大健康产业、数智装备产业、稀金材料产业三大产业集群)
        if not any(w in lex.industries or _without_tail(w) in lex.industries for w in surfaces) \
                or LINK_WORD_OR_PARTICLE.search(cue.group(0)) \
                or any(w.endswith(ACTIVITY_WORDS) for w in surfaces):
            continue  # 集成电路、科技创新、人才引育等领域: areas of a policy; 等环节的全产业链: links of a chain
        for (s, e), w in zip(items, surfaces, strict=True):
            if LIST_ITEM.fullmatch(w) and w not in lex.industries and w not in lex.region_forms \
                    and len(INDUSTRY_GENERIC.sub("", w)) >= 2 and "的" not in w:
                out.append(Candidate(s, e, "Industry", "grammar:industry-list", 0.55, priority=0))
    return out


FIRM_SITE_ENDINGS = ("基地", "园区")
FIRM_SITE_TAGS = ("n", "v", "a", "b", "j", "mq", "eng")


def firm_site_candidates(text: str, tokens: Tokens, lex: Lexicons) -> list[Candidate]:
    """A firm's named base or site (某某长沙显示基地, 华为株洲园区, 某某新能源汽车配套零部件基地): an
    organisation's name (a word the segmenter tags as one, or a well-known firm), then a few name words (a place,
    a product, a qualifier), then 基地 or 园区. The site is a Company of its own (the annotation guide's rule)."""
    out = []
    words, tags = tokens.words, tokens.tags
    if not tags or "nt" not in tags and lex.firms.keys().isdisjoint(words):
        return out  # (most sentences name no organisation the segmenter knows: two scans in C say so)
    for k, word in enumerate(words):
        if not (tags[k] == "nt" or word in lex.firms) or len(word) < 2:
            continue
        if k > 0 and tags[k - 1].startswith(("nt", "nz", "nr")):
            continue  # the firm's name must open the name, not sit inside another one
        j, length = k + 1, len(word)
        while j < len(words) and length <= 16:
            w, t = words[j], tags[j]
            if w in FIRM_SITE_ENDINGS and j > k + 1:
                start = tokens.starts[k]
                out.append(Candidate(start, tokens.starts[j] + len(w), "Company", "grammar:firm-site", 0.7, 3))
                break
            if w != "及" and (not t.startswith(FIRM_SITE_TAGS) or w in LEFT_STOPS or not PUNCT.isdisjoint(w)
                             or w in FIRM_SITE_ENDINGS):
                break
            length += len(w)
            j += 1
    return out


# 信弋玻璃、普汇电子等14家配套企业: a list closed as firms.
FIRMS_CLOSE_LIST = re.compile(r"等[^，。；,;]{0,10}(企业|公司|厂商)")


def listed_fields(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A made-up firm name from a trade word (富硒食品, 煤制烯烃) listed among industries, and among no firms, is
    one more industry of the list."""
    out = list(chosen)
    for k, c in enumerate(chosen):
        if c.rule != "grammar:trade-name":
            continue
        neighbours = [o for o in (chosen[k - 1] if k else None, chosen[k + 1] if k + 1 < len(chosen) else None)
                      if o is not None and (o.end == c.start - 1 and text[o.end] == "、"
                                            or o.start == c.end + 1 and text[c.end] == "、")]
        if neighbours and all(o.type == "Industry" for o in neighbours) \
                and not FIRMS_CLOSE_LIST.match(text, max(c.end, neighbours[-1].end)):
            out[k] = Candidate(c.start, c.end, "Industry", "grammar:industry-list", 0.55, priority=0)
    return out


@lru_cache(maxsize=1)
def sentence_scan() -> SharedScan:
    """The gazetteer, the organisation endings and the cue words tested against whole sentences, in one scan."""
    return SharedScan({"gazetteer": gazetteer().checked, "endings": {ending: ending for ending in suffix_table()},
                       "strong policy heads": STRONG_POLICY_HEADS.numbered(), "roles": _role_words().numbered(),
                       "trade words": _FIRM_TRADE_WORD_SET.numbered()})


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
    cands += firm_site_candidates(text, tokens, lex)
    cands = [c for c in cands if c.rule != "lexicon:firm" or _firm_stands(text, tokens, c, lex)]
    chosen = keep_designations(text, keep_industries(text, listed_fields(text, select(cands)), lex, tokens))
    return merge_bases(text, extend_known_firms(text, tokens, chosen), lex)


INDUSTRY_MODIFIERS = ("高端", "先进", "新型", "智能", "绿色", "现代", "新一代", "战略性", "特色", "精细", "新兴",
                      "高性能")
INDUSTRY_PRODUCTS = ("材料", "装备", "设备", "器件", "零部件", "及零部件", "制造")


GROUP_WORDS = ("集团", "资本", "控股", "投资")
FIRM_AFTER_INVEST = ("有限", "公司", "集团", "控股", "基金")


def _firm_stands(text: str, tokens: Tokens, c: Candidate, lex: Lexicons) -> bool:
    """Whether a well-known firm's short name found by the gazetteer is a word of the sentence (滴滴 in 点点滴滴
    and 福特 in 埃尔福特 are not): it starts and ends at word boundaries, after no foreign place-name part."""
    if c.rule != "lexicon:firm" or c.end - c.start > 3:
        return True
    if c.start > 0 and tokens.ending_at(c.start) is None or c.end < len(text) and tokens.ending_at(c.end) is None:
        return False
    k = tokens.ending_at(c.start)
    return not (k is not None and tokens.tags and tokens.tags[k] == "ns" and tokens.words[k] not in lex.region_forms
                and tokens.words[k] not in lex.countries)


def extend_known_firms(text: str, tokens: Tokens, chosen: list[Candidate]) -> list[Candidate]:
    """A well-known firm's name followed by a proper name is another firm of its group (华润|博雅 生物):
    the name runs on over the proper noun and any trade words after it."""
    out = []
    for c in chosen:
        if c.type == "Company" and c.rule == "lexicon:firm":
            k = tokens.ending_at(c.end)
            k = None if k is None else k + 1
            if k is not None and k < len(tokens.words) and tokens.words[k] in GROUP_WORDS \
                    and not text[c.start : c.end].endswith(("公司", "集团")) \
                    and not (tokens.words[k] == "投资"
                             and not text.startswith(FIRM_AFTER_INVEST, tokens.starts[k] + 2)):
                # 中兴|资本, 一汽|集团: the group's arm or the group itself under its own name; not a legal name
                # followed by the verb (某某股份有限公司|投资45亿元), nor 比亚迪|投资建设的: 投资 is a verb there
                # unless a legal form follows (某某投资有限公司).
                end = tokens.starts[k] + len(tokens.words[k])
                out.append(Candidate(c.start, end, "Company", "grammar:group-firm", 0.8, c.priority))
                continue
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
    if any(t.startswith(("p", "c", "d", "r", "u", "m", "f", "t")) or w in LEFT_STOPS or w in FIELD_VERBS
           for w, t in zip(lead.words, lead.tags, strict=True)):
        return start
    if any(w.endswith(PARK_ENDINGS) or w in load().region_forms for w in lead.words):
        return start  # 园区|锂电, 本市|光伏: the place the field is in, not a part of the field's name
    return k


FIRM_FACILITY = re.compile(r"“[^“”]{1,12}(工厂|基地|中心|产业园|园区|项目|工程|产线|生产线)”"
                           r"|(?:(?!了|建成|建设|打造|投产)[\u4e00-\u9fff]){0,8}?(智能工厂|超级工厂|数字化工厂|未来工厂|灯塔工厂)")
# (某汽车建成了智能工厂: the verb between the firm and the factory says what the firm did; no name runs over it)


LEADER_TITLE = "链主企业"
CHAIN_WORD_AT_END = re.compile(r"(?:的)?(?:产业链|产业|领域|行业)$")
TITLE_LEVEL = re.compile(r"^(?:首批|第.{1,3}批|\d{4}年度?)?(?:省级|市级|区级|县级|国家级|全省|全市|全区|重点)*$")


def _leader_title_parts(text: str, c: Candidate, lex: Lexicons) -> list[Candidate]:
    """某地某某产业链链主企业 as the title 链主企业 and the industry before it (unless what stands before the
    title is only its level or batch: 省级链主企业 is one title)."""
    title_start = c.end - len(LEADER_TITLE)
    before = text[c.start : title_start]
    if TITLE_LEVEL.fullmatch(before) or not before.strip("“”\"'"):
        return [c]
    rest = strip_region_prefix(before, lex)
    place_end = c.start + len(before) - len(rest)
    industry = CHAIN_WORD_AT_END.sub("", rest)
    parts = []  # (the place is the list's scope, 北京|新能源智能汽车: not a place that focuses on the industry)
    if len(industry) >= 2 and not TITLE_LEVEL.fullmatch(industry) and not any(ch in PUNCT for ch in industry):
        parts.append(Candidate(place_end, place_end + len(industry), "Industry", "designation:leader-industry",
                               0.7, priority=2))
    parts.append(Candidate(title_start, c.end, "Designation", c.rule, c.confidence, c.priority))
    return parts


DASHES = "—－-"
BUILDER_TYPES = ("Company", "University", "ResearchInstitute")
# What may stand between a builder's name and the lab's own words: the builder's short name in brackets.
SHORT_NAME_BETWEEN = re.compile(r"(?:[（(][^（）()，,。]{1,8}[）)])?")
NAME_GOES_ON = re.compile(r"(联合|研发|研究|实验|技术|创新|工程|中心|平台)")
# The words of a lab named by its builders alone (某大学——某某有限公司|联合实验室).
JOINT_LAB_AFTER = re.compile(r"联合(?:实验室|研发中心|研究中心|研究院|创新中心|技术中心|工程中心|研究所)")
LEFT_PIECE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,16}$")
# Words a piece left of a dash may open with that are the sentence's, not the name's (共建A—B联合实验室).
PIECE_LEAD = re.compile(r"^.*(共建|组建|建设|成立|揭牌|打造|设立|联合|依托|携手|与|和|及|的|是|为|在|由)")


def _joint_name(text: str, out: list[Candidate], c: Candidate) -> tuple[int, list[Candidate], int] | None:
    """Where a lab or centre named by its builders joined by dashes (东海理工—某某有限公司（简称）医学影像联合实验室,
    皖江理工—恒锐智能机器人联合研究院) starts, the chosen builders' names it takes in, and from which of the chosen
    candidates on it takes their place; None without a dash."""
    if NAME_GOES_ON.match(text, c.end):
        return None  # 某大学-某公司-某研究院|联合研发中心: the last builder, not the lab
    start, builders, k = c.start, [], len(out)
    if k and out[k - 1].type in BUILDER_TYPES and SHORT_NAME_BETWEEN.fullmatch(text, out[k - 1].end, c.start) \
            and out[k - 1].start >= 2 and text[out[k - 1].start - 1] in DASHES:
        k -= 1
        builders.insert(0, out[k])
        start = out[k].start
    crossed = False
    while start >= 3 and text[start - 1] in DASHES:
        dash = 2 if text[start - 2] in DASHES else 1  # (A——B: the long dash is often printed twice)
        if k and out[k - 1].end == start - dash and out[k - 1].type in BUILDER_TYPES:
            k -= 1
            builders.insert(0, out[k])
            start, crossed = out[k].start, True
            continue
        piece = LEFT_PIECE.search(text, 0, start - dash)
        if piece is None:
            break
        lead = PIECE_LEAD.match(piece.group(0))
        word = piece.group(0)[lead.end() if lead else 0 :]
        inside = [o for o in out[:k] if o.end > start - dash - len(word)]
        if len(word) < 2 or word[0].isdigit() or any(o.type != "Region" for o in inside):
            break  # (a name the sentence pass chose stands there: not a piece of this one, but a place in it)
        k -= len(inside)
        start, crossed = start - dash - len(word), True
    return (start, builders, k) if crossed else None


PARK_IN_BODY = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区)"
                          r"(?=[\u4e00-\u9fff]{2})(?!管委会|管理委员会)")
JOINED_PARTNER = re.compile(r"(?:(?!大学|学院)[\u4e00-\u9fff]){2,12}?(?:科技|集团|公司|股份|大学|学院)(与|和|同)")


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
        if c.type == "Designation" and not c.name and c.end - c.start > len(LEADER_TITLE) \
                and text.startswith(LEADER_TITLE, c.end - len(LEADER_TITLE)):
            # 被认定为北京|新能源智能汽车|产业链|链主企业: the title is 链主企业; the industry it names is a mention
            # of its own (the chain the firm leads).
            out.extend(_leader_title_parts(text, c, lex))
            continue
        lab_words = JOINT_LAB_AFTER.match(text, c.end) if c.type in BUILDER_TYPES and c.start >= 3 \
            and text[c.start - 1] in DASHES else None
        if lab_words:
            # 某研究所——某某有限公司联合实验室: the last builder's name runs straight into the lab's words.
            lab = Candidate(c.start, lab_words.end(), "ResearchInstitute", "grammar:joint-name", 0.8, priority=3)
            joint = _joint_name(text, out, lab)
            if joint is not None:
                start, builders, taken = joint
                del out[taken:]
                out.extend(Candidate(b.start, b.end, b.type, f"nested:{b.type.lower()}", b.confidence)
                           for b in [*builders, c])
                out.append(Candidate(start, lab.end, "ResearchInstitute", "grammar:joint-name", 0.8, 3))
                continue
        park_in_body = PARK_IN_BODY.match(text, c.start, c.end) if c.type == "GovernmentBody" else None
        if park_in_body:
            # 连云港市高新区|科经局: a park's department names the park (which the text may name nowhere else)
            out.append(Candidate(c.start, park_in_body.end(), "Park", "grammar:department-park", c.confidence))
        partner = JOINED_PARTNER.match(text, c.start, c.end) if c.type == "ResearchInstitute" else None
        if partner and c.end - partner.end() >= 4:
            # 果毅科技与|宁夏有色金属研究院: a firm or school joined to the institute by 与 is its partner, not a part
            # of its name (a name joins fields with 与: 研发与转化中心, 某大学发光材料与器件…实验室)
            left = text[c.start : partner.start(1)]
            kind = "University" if left.endswith(("大学", "学院")) else "Company"
            out.append(Candidate(c.start, partner.start(1), kind, f"nested:{kind.lower()}", c.confidence))
            out.append(Candidate(partner.end(), c.end, c.type, c.rule, c.confidence, c.priority))
            continue
        joint = _joint_name(text, out, c) if c.type == "ResearchInstitute" else None
        if joint is not None:
            # 智感院—某某有限公司|功率器件联合研发中心: a joint lab named by its builders joined by a dash.
            start, builders, taken = joint
            del out[taken:]
            out.extend(Candidate(b.start, b.end, b.type, f"nested:{b.type.lower()}", b.confidence) for b in builders)
            out.append(Candidate(start, c.end, "ResearchInstitute", "grammar:joint-name", c.confidence, c.priority))
            continue
        if c.type == "Designation" and out and out[-1].type == "Region" and out[-1].end == c.start \
                and text[c.start] in "省市县区" and not c.name:
            prev = out.pop()  # 河南|省制造业单项冠军: the region the level word belongs to is part of the title
            out.append(Candidate(prev.start, c.end, "Designation", c.rule, c.confidence, c.priority))
            continue
        if c.type == "GovernmentBody" and out and out[-1].type in ("Park", "Region") and out[-1].end == c.start \
                and not (text[c.start] in LEVEL_CHARS and text[out[-1].start : c.start + 1] not in lex.region_forms):
            prev = out.pop()  # (not 会同|省发展改革委: a body with its own level word is not that place's body)
            out.append(Candidate(prev.start, c.end, "GovernmentBody", c.rule, max(c.confidence, 0.8), priority=2))
            continue
        if c.type == "Industry" and c.start >= 2 and text[c.start - 1] in "及与和":
            # 钛及钛合金, 稀土及新材料: two fields joined by 及 name one industry.
            term = next((text[k : c.start - 1] for k in range(max(0, c.start - 7), c.start - 1)
                         if text[k : c.start - 1] in lex.industries), "")
            # Only a field and what is made of it (钛及钛合金), or two fields the text names as one sector
            # (机器人及智能装备产业集群, 钢铁与装备制造产业链: one chain, whichever word joins them).
            one_chain = text[c.start : c.end].endswith(("产业链", "产业集群")) or text.startswith(
                ("产业链", "产业集群"), c.end)
            if term and (one_chain or text[c.start - 1] == "及" and (
                    term in text[c.start : c.end] or text[c.start : c.end].endswith(("产业集群", "产业")))):
                if out and out[-1].type == "Industry" and out[-1].end == c.start - 1:
                    out.pop()
                if not (out and out[-1].end > c.start - 1 - len(term)):
                    c = Candidate(c.start - 1 - len(term), c.end, c.type, c.rule, c.confidence, c.priority)
        if c.type == "Industry" and c.rule.startswith("lexicon:"):
            start, end = c.start, c.end
            for mod in INDUSTRY_MODIFIERS:
                if text[:start].endswith(mod) and not (out and out[-1].end > start - len(mod)):
                    start -= len(mod)
                    break
            else:
                # 生物|农业产业集群: a field right before another names the narrower field they make together.
                field = text[start - 2 : start] if start >= 2 and text[start - 2 : start] in lex.industries \
                    and not _industry_before(text, start)[:-2] else ""  # (生物医药|大健康: two fields, not one)
                if field and not (out and out[-1].end > start - len(field)) and text[start - len(field) - 1 : start
                                                                                       - len(field)] not in "及和与":
                    start -= len(field)
            for prod in INDUSTRY_PRODUCTS:
                if text[end:].startswith(prod):
                    end += len(prod)
                    break
            if text[end : end + 1] == "业" and text[start:end].endswith(("服务", "制造")):
                end += 1  # 科技服务业: the sector's own word
            start = _whole_list_item(text, start, end, out)
            if (start, end) != (c.start, c.end):
                c = Candidate(start, end, c.type, c.rule, c.confidence, c.priority)
        if c.type == "Park" and out and out[-1].type == "Region" and out[-1].end == c.start \
                and out[-1].rule == "lexicon:county-short":
            prev = out.pop()  # 正定|药谷产业园: a county's short name (the segmenter read 正定 as a word) opens it
            out.append(Candidate(prev.start, c.end, "Park", c.rule, c.confidence, c.priority))
            continue
        if out and c.type == "Region" and out[-1].type == "Company" and out[-1].end == c.start \
                and text[c.end : c.end + 2] in ("基地", "工厂") :
            prev = out.pop()
            out.append(Candidate(prev.start, c.end + 2, "Company", "grammar:firm-base", 0.8, priority=2))
            continue
        if c.type == "Industry" and text[c.start : c.end].endswith("产业集群") and out \
                and out[-1].type in ("Region", "Park") and out[-1].end == c.start:
            # 宝鸡|钛及新材料产业集群, 随州|专用汽车产业集群: a place's named cluster is one thing (granted titles
            # as such); the place is named in it too.
            prev = out.pop()
            out.append(Candidate(prev.start, prev.end, prev.type, f"nested:{prev.type.lower()}", prev.confidence))
            out.append(Candidate(prev.start, c.end, "Industry", "grammar:place-cluster", c.confidence, c.priority))
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
            if c.rule == "grammar:firm-site":
                # 华为株洲园区 names the firm (and the place) as well as the site.
                s0 = sent.start + c.start
                site = tokenize(sent.text[c.start : c.end])
                firm_end = len(site.words[0])
                for w, t in zip(site.words[1:], site.tags[1:], strict=True):
                    if not t.startswith(("nz", "nt")) or w in lex.region_forms:
                        break
                    firm_end += len(w)  # 某汽|某某通用|某某: the group's brand names belong to the firm
                mentions.append(Mention(sent.text[c.start : c.start + firm_end], "Company", sent.index, s0,
                                        s0 + firm_end, "nested:firm", 0.7))
                for w, st in zip(site.words, site.starts, strict=True):
                    if w in lex.region_forms and st >= firm_end:
                        mentions.append(Mention(w, "Region", sent.index, s0 + st, s0 + st + len(w), "nested:region",
                                                0.7))
                        break
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
            if c.type == "Company" and c.rule.startswith("grammar:"):
                # 中联重科常德分公司: a well-known firm, then a place and 分公司, names the parent of the branch as
                # well as the branch.
                name = sent.text[c.start : c.end]
                parent = next((name[:n] for n in range(len(name) - 1, 1, -1) if name[:n] in lex.firms), "")
                after = name[len(parent) :]
                place = next((after[:n] for n in (4, 3, 2) if after[:n] in lex.region_forms), "") if parent else ""
                if place and after[len(place) :] in ("分公司", "子公司"):
                    s0 = sent.start + c.start
                    mentions.append(Mention(parent, "Company", sent.index, s0, s0 + len(parent), "nested:firm", 0.7))
            if c.type == "University":
                # 长白山工业大学材料科学与工程学院 names the university as well as its faculty.
                name = sent.text[c.start : c.end]
                at = name.find("大学")
                if 0 < at and at + 2 < len(name) and name.endswith("学院"):
                    mentions.append(Mention(name[: at + 2], "University", sent.index, sent.start + c.start,
                                            sent.start + c.start + at + 2, "nested:university", 0.8))
            if c.type == "Park":
                form = _leading_region(sent.text[c.start : c.end], lex)
                if form and lex.divisions[lex.region_forms[form]].level == 1 and not _a_city_too(form, lex):
                    # (not 吉林经开区: 吉林 is its city's name as much as its province's)
                    # 四川内江高新区 names a province: a place of the text too (a title's province, 某省瞪羚企业,
                    # names only who grants it).
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

# After a firm's name: a place (its short or full form), a few more name characters at most (新区), then the kind of
# site a firm runs there.
FIRM_BASE_TAIL = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,4}?)(?:新区|高新区|经开区)?(?:基地|工厂|分公司)")

ORG_FORMS = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团股份有限公司|集团有限公司|集团公司|集团|公司|株式会社|"
    r"（[\u4e00-\u9fff]{2,4}）|\([\u4e00-\u9fff]{2,4}\))+$"
)
TRADE_WORDS = (
    "制品", "配件", "装备", "精工", "机电", "模具", "包装", "醋业", "车业", "钛业", "锆业", "重工", "半导体", "微电子",
    "科技", "技术", "机械", "电子", "电气", "电器", "实业", "控股", "股份", "工业", "新材料", "材料", "新能源", "能源",
    "生物", "医药", "药业", "制药", "医疗", "电池", "电路", "电业", "光电", "智能", "精密", "数控", "信息", "软件",
    "网络", "通信", "汽车", "动力", "锂业", "磁业", "钢构", "建材", "化工", "化学", "食品", "纺织", "服装", "贸易",
    "物流", "投资", "发展", "建设", "商务服务", "测量技术", "循环科技", "部件", "零部件",
)
_TRADE_WORDS_LONGEST_FIRST = tuple(sorted(TRADE_WORDS, key=lambda w: (-len(w), w)))
_COUNTRY_TUPLE = tuple(COUNTRIES)  # (str.startswith takes a tuple: one call says whether any country opens a name)
ALIAS_CUE = re.compile(r"[（(]\s*(?:以下简称|以下称|下称|简称)\s*[“\"]?([^”\")）]{1,12})[”\"]?\s*[）)]")
# (The look-ahead names the characters a cue can start with, so that re skips to them: see facts.FIGURE.)
ENUM_CUE = re.compile(r"(?=[等\d三四五六七八九十])"
                      r"(?:等\s*(?:\d+\s*(?:余|多)?家|多家|[一二三四五六七八九十两]+家|一批)?|"
                      r"(?<=[\u4e00-\u9fff])(?:\d+|[三四五六七八九十])家)"
                      r"(?:(?:龙头|链主|头部|重点|骨干|知名|领军|优质|配套|外资|外商投资|上市|民营|国有|科技型|"
                      r"行业龙头|世界500强)和?)*"
                      # 等一批重点物流企业, 等食品加工企业38家, 5家动力电池生产企业: the firms' trade before the word
                      # (the trade never runs over an organisation word or an alternative: 等上市公司或区内大企业 is
                      # 等上市公司, 3家企业登上…企业 is 3家企业)
                      r"(?:(?P<trade>(?:(?!企业|公司|单位|或)[\u4e00-\u9fff]){2,8}?)(?:生产|制造|加工|服务)?)?"
                      r"(?:企业|公司|单位|车企|药企|院校|厂商|客户|供应商|合作伙伴)"
                      # 以A、B等为代表的驾舱、感知、动力企业: what the items stand for are firms
                      r"|(?<=[\u4e00-\u9fff])等?为代表的[\u4e00-\u9fff、]{0,16}?(?:企业|公司|厂商)"
                      # 魏桥、中铝、神火等世界500强、中国500强铝产业企业: titles and a trade before the firms
                      r"|等(?=[^，。；：,;:的]{0,14}?(?:500强|百强|龙头|链主)[^，。；：,;:的]{0,8}?企业)")
LEAD_ADVERBS = re.compile(r"^(已|先后|成功|分别|均|还|也|并|近期|此前|今年|去年|连续[一二三四五六七八九十\d]+年|首次|"
                          r"同时|其中)+")


def _firms_trade(words: str, lex: Lexicons) -> bool:
    """Whether words before 企业 name the firms' trade (物流, 食品加工, 动力电池): industries or trade words."""
    return words in FIRM_TRADE_WORDS or words in LISTED_TRADE_WORDS or _industry_only(words, lex)


def strip_region_prefix(name: str, lex: Lexicons, once: bool = False) -> str:
    """江西省深耕铜箔科技有限公司 -> 深耕铜箔科技有限公司; repeated prefixes (江西省赣州市…) too, unless `once`."""
    forms = lex.region_forms
    while True:
        for head in (4, 3, 2):
            if len(name) - head >= 2 and name[:head] in forms:
                break
        else:
            return name
        name = name[head:]
        if once:
            return name


def short_forms(name: str, lex: Lexicons) -> list[str]:
    """Short names the press uses for a firm: drop region, legal form, and trailing trade words."""
    core = ORG_FORMS.sub("", name)
    bare = strip_region_prefix(core, lex)
    country = next((c for c in COUNTRIES if bare.startswith(c) and len(bare) - len(c) >= 2), "") \
        if bare.startswith(_COUNTRY_TUPLE) else ""
    bare = bare[len(country) :]  # 日本东和精机株式会社 is 东和精机 to the press (GUIDE: the bare name an alias)
    forms = []
    if bare != name and len(bare) >= 2:
        forms.append(bare)
    if core != name and len(core) >= 3:
        forms.append(core)
    trimmed = bare
    last_word = ""
    for k in range(2):
        if not trimmed.endswith(_TRADE_WORDS_LONGEST_FIRST):
            break  # (no trade word ends it: the loop below would find none, now or in the next round)
        for word in _TRADE_WORDS_LONGEST_FIRST:
            if trimmed.endswith(word) and len(trimmed) - len(word) >= 2:
                trimmed = trimmed[: -len(word)]
                forms.append(trimmed)
                last_word = last_word or word
                if k == 1:
                    forms.append(trimmed + last_word)  # 桂驰|新能源|汽车 -> 桂驰汽车, 晶研|半导体|材料 -> 晶研材料
                break
    return [f for f in dict.fromkeys(forms) if f != name and len(f) >= 2]


def _common_word(word: str) -> bool:
    """A dictionary word too frequent to be taken as a firm's short name on its own."""
    freq = segment.freq(word)
    return freq > 500


def document_pass(doc: Document, mentions: list[Mention], lex: Lexicons) -> tuple[list[Mention], dict[str, str]]:
    """Find every other mention of the names found once; returns mentions and alias -> full name."""
    aliases: dict[str, str] = {}
    origin: dict[str, str] = {}  # name -> the document rule that typed it (for the rule census)
    typed: dict[str, tuple[str, float]] = {}
    for m in mentions:
        if m.type != "Region" or m.rule != "lexicon:county-short":
            typed.setdefault(m.text, (m.type, m.confidence))
    # Every sentence, one after the other: a cue no sentence holds is not in this text either (neither ALIAS_CUE nor
    # ENUM_CUE looks beyond its match but for ENUM_CUE's look-behind, which at a sentence's start sees a line break).
    sentence_text = "\n".join(s.text for s in doc.sentences)
    # Declared short names: 江西赣锋循环科技有限公司(以下简称“赣锋”).
    for sent in doc.sentences if ALIAS_CUE.search(sentence_text) else ():
        for cue in ALIAS_CUE.finditer(sent.text):
            # The short name belongs to the name right before the bracket, not to any earlier one.
            before = [m for m in mentions if m.sentence == sent.index
                      and 0 <= cue.start() - (m.end - sent.start) <= 1]
            if not before:
                # 西安阎良国家航空高技术产业基地（以下简称“西安航空基地”）: a name with a weak ending (基地) that the
                # sentence pass left alone is a name all the same when the text gives it a short form.
                declared = _declared_full_name(sent.text, cue.start(), lex)
                if declared is not None:
                    start, etype = declared
                    full_mention = Mention(sent.text[start : cue.start()], etype, sent.index, sent.start + start,
                                           sent.start + cue.start(), "document:declared-full", 0.7)
                    mentions = [*mentions, full_mention]
                    before = [full_mention]
            if before:
                full = max(before, key=lambda m: m.end)
                short = cue.group(1).strip()
                aliases[short] = full.text
                typed[short] = (full.type, full.confidence)
                origin[short] = "declared-alias"
                typed.setdefault(full.text, (full.type, full.confidence))
    # A policy's title in 《》 written again bare (关于印发《某某若干措施》的通知, then the heading 某某若干措施) is the
    # same policy, where the sentence pass cut the bare one short (at 和, at the place that opens it).
    titles = [m.text for m in mentions if m.rule == "policy:title"]
    for m in mentions:
        if m.rule == "policy:head" and m.text not in aliases:
            whole = [t for t in titles if t[1:-1].endswith(m.text) and len(t) >= len(m.text) + 2]
            if len(set(whole)) == 1:
                aliases[m.text] = whole[0]
    # Short forms of firms named in full.
    for name, (etype, conf) in list(typed.items()):
        # (北辰永磁 declared as a firm's short name has no shorter one: 北辰 is also a place, 永磁 a product)
        if etype != "Company" or origin.get(name) == "declared-alias":
            continue
        shorts = short_forms(name, lex)
        for short in shorts:
            if short in typed or _common_word(short):
                continue
            if _occurs_outside(short, name, sentence_text):
                aliases.setdefault(short, name)
                typed[short] = (etype, conf * 0.9)
                origin[short] = "short-form"
        brand = _brand_used_alone(name, shorts, sentence_text, lex)
        if brand and brand not in typed and not _names_another(brand, name, typed, aliases):
            aliases.setdefault(brand, name)
            typed[brand] = (etype, conf * 0.85)
            origin[brand] = "brand"
    # 富乐华功率半导体陶瓷基板项目 …富乐华落户内江后: a project named after its firm, whose name the text also
    # uses alone, names that firm (the project's owner; see relations' undertakes:name).
    projects = {m.text for m in mentions if m.type == "Project"} if LANDS_AFTER.search(sentence_text) else set()
    known_firms = [n for n, (t, _) in typed.items() if t == "Company"] if projects else []
    for project in sorted(projects):
        owner = _project_owner(project, projects, sentence_text, typed, known_firms, lex)
        if owner:
            typed[owner] = ("Company", 0.6)
            origin[owner] = "project-owner"
    # Enumerations closed by 等…企业 and subjects of a firm's honour: the items are firms.
    for sent in doc.sentences if ENUM_CUE.search(sentence_text) else ():
        for cue in ENUM_CUE.finditer(sent.text):
            if cue.group("trade") and not _firms_trade(cue.group("trade"), lex):
                continue  # 等多方面对拟上市企业: what stands before the word names no trade
            for item in _enumeration_before(sent.text, cue.start(), single=True):
                if item not in typed and _plausible_name(item, lex, listed_as_firms=True):
                    typed[item] = ("Company", 0.6)
                    origin[item] = "enumerated-firms"
    # The other items of a list that names known firms are firms too (某某电子、澧浦模具、群岭汽车部件已挂牌).
    firms = {n for n, (t, _) in typed.items() if t == "Company"}
    for sent in doc.sentences:
        # Every item of a list is a part of the sentence: one naming no known firm has no list that does.
        if not any(firm in sent.text for firm in firms):
            continue
        for items in _list_items(sent.text):
            known = sum(item in firms for item in items)
            if not known:
                continue
            others = [item for item in items if item not in typed]
            # One known firm will do where every other item reads as a firm's name; half of them otherwise.
            plausible = [item for item in others if _plausible_name(item, lex, listed_as_firms=True)
                         and not _covered(mentions, sent, item)]
            if len(plausible) == len(others) or known * 2 >= len(items):
                for item in plausible:
                    typed[item] = ("Company", 0.55)
                    origin[item] = "list-sibling"
    # A firm's base or plant named by the firm's form the document knows, then a place (鹭岛铜箔|宁德|基地,
    # 陇芯显示|兰州新区|工厂): a Company of its own, which the sentence pass saw only for firms it knew there.
    firm_forms = sorted((n for n, (t, _) in typed.items() if t == "Company" and len(n) >= 2), key=len, reverse=True)
    base_parts: dict[str, tuple[int, str]] = {}  # base -> where its place starts in it, the place
    if firm_forms:
        for sent in doc.sentences:
            for at, tail in _firm_bases(sent.text, firm_forms):
                base = sent.text[at : tail.end()]
                site = base[tail.start("place") - at :]  # 宁德基地
                named_in_full = any(n.endswith(site) and len(n) > len(base) for n, (t, _) in typed.items()
                                    if t == "Company")  # (星河材料浏阳基地 short for 湖南星河材料…公司浏阳基地)
                if base not in typed and not named_in_full and lex.region_forms.get(tail.group("place")):
                    typed[base] = ("Company", 0.7)
                    origin[base] = "firm-base"
                    base_parts[base] = (tail.start("place") - at, tail.group("place"))
    # County short names count where the document names the county's city or the county itself.
    present = {m.text for m in mentions if m.type == "Region" and m.rule != "lexicon:county-short"}
    present_full = {lex.region_forms.get(t, t) for t in present}
    for m in mentions:
        if m.rule == "lexicon:county-short":
            div = lex.divisions.get(lex.region_forms.get(m.text, ""))
            if div and (div.parent in present_full or div.name in present_full):
                if m.text not in typed:
                    typed[m.text] = ("Region", 0.7)
                    origin[m.text] = "county-short"
    mentions = _names_cut_inside_a_known_firm(doc, mentions, firm_forms)
    mentions, grown = _parks_grown_onto_a_known_park(mentions, lex)
    for name in grown:
        typed.pop(name, None)  # (the grown form is searched for no more)
    # Search every sentence for every known name (longest first) outside the spans already taken.
    names = sorted(typed, key=lambda w: (-len(w), w))
    # (pyahocorasick: for a document's few names it is made faster than ahocorasick_rs's automaton.)
    automaton = Matcher({n: n for n in names if len(n) >= 2}, fast=False)
    out: list[Mention] = [m for m in mentions if m.rule != "lexicon:county-short"]
    nested = [m for m in out if m.rule.startswith("nested:")]
    out = [m for m in out if not m.rule.startswith("nested:")]
    if len(automaton):
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for m in out:
            by_sentence.setdefault(m.sentence, []).append((m.start, m.end))
        for sent in doc.sentences:
            spans = by_sentence.setdefault(sent.index, [])
            hits = [(sent.start + start, sent.start + end, name) for start, end, name in automaton.matches(sent.text)]
            for start, end, name in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
                overlapping = [(s, e) for s, e in spans if start < e and s < end]
                if any(not (start <= s and e <= end and e - s < end - start) for s, e in overlapping):
                    continue
                etype, conf = typed[name]
                if etype == "Region" and NEWS_OUTLET_AFTER.match(sent.text, end - sent.start):
                    continue  # (河北|经济日报记者: a news outlet, as in the sentence pass)
                if overlapping:
                    # 晶睿|微电子: a known firm's name outranks the shorter word found inside it first.
                    out = [m for m in out if m.sentence != sent.index or (m.start, m.end) not in overlapping]
                    spans[:] = [sp for sp in spans if sp not in overlapping]
                out.append(Mention(name, etype, sent.index, start, end, f"document:{origin.get(name, 'repeat')}",
                                   conf))
                spans.append((start, end))
    for m in out:
        if m.rule == "document:firm-base":
            # 鹭岛铜箔宁德基地 names the firm and the place as well as the base (as the sentence pass's bases do).
            at, place = base_parts[m.text]
            nested.append(Mention(m.text[:at], "Company", m.sentence, m.start, m.start + at, "nested:firm", 0.7))
            nested.append(Mention(place, "Region", m.sentence, m.start + at, m.start + at + len(place),
                                  "nested:region", 0.7))
    out = _firms_own_organs(out, set(firm_forms))
    out.extend(nested)
    out.sort(key=lambda m: (m.start, m.end))
    return _region_led_firms(out, lex), aliases


FIRM_BASE_WORDS = ("基地", "工厂", "分公司")  # the words FIRM_BASE_TAIL ends with


def _firm_bases(text: str, firm_forms: list[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """Where a firm's form (firm_forms, longest first) is followed by FIRM_BASE_TAIL, and the tail's match: what
    re.finditer of (form|form|…) + FIRM_BASE_TAIL would find, without compiling that pattern for every document
    (it took half of document_pass). At each place the longest form whose tail matches wins; the search goes on
    after the match."""
    if not any(word in text for word in FIRM_BASE_WORDS):
        return
    at_place: dict[int, list[str]] = {}
    for form in firm_forms:
        k = text.find(form)
        while k >= 0:
            at_place.setdefault(k, []).append(form)
            k = text.find(form, k + 1)
    done = 0
    for k in sorted(at_place):
        if k < done:
            continue
        for form in at_place[k]:
            tail = FIRM_BASE_TAIL.match(text, k + len(form))
            if tail:
                yield k, tail
                done = tail.end()
                break


FIRM_ORGANS = ("党委", "党组", "党支部", "党总支", "工会", "董事会", "监事会")


def _firms_own_organs(mentions: list[Mention], firm_forms: set[str]) -> list[Mention]:
    """某某石化党委书记某某: a firm's party committee or board is the firm's own organ, no government body; the
    firm is what the text names there."""
    out = []
    for m in mentions:
        organ = next((o for o in FIRM_ORGANS if m.text.endswith(o)), None) if m.type == "GovernmentBody" else None
        firm = m.text[: len(m.text) - len(organ)] if organ else ""
        if firm in firm_forms:
            m = Mention(firm, "Company", m.sentence, m.start, m.start + len(firm), "document:firm-organ", m.confidence)
        out.append(m)
    return out


def _names_cut_inside_a_known_firm(doc: Document, mentions: list[Mention], firm_forms: list[str]) -> list[Mention]:
    """A firm's full name that the sentence pass opened inside a firm name the document knows (锐|驰 split by the
    segmenter: 动力（柳州）电驱科技有限公司 after 锐驰) opens where the known name does: 锐驰动力（柳州）电驱…."""
    out = []
    # What may stand right before such a mention: the first one to three characters of a known form.
    heads = {form[:k] for form in firm_forms for k in range(1, min(4, len(form)))}
    for m in mentions:
        if m.type == "Company" and m.rule.startswith("grammar:") \
                and any(doc.text[max(m.start - k, 0) : m.start] in heads for k in (1, 2, 3)):
            for form in firm_forms:
                for k in range(1, min(4, len(form))):
                    if m.start - k >= doc.sentences[m.sentence].start and len(form) - k < len(m.text) \
                            and doc.text.startswith(form, m.start - k):
                        m = Mention(doc.text[m.start - k : m.end], m.type, m.sentence, m.start - k, m.end, m.rule,
                                    m.confidence)
                        break
                else:
                    continue
                break
        out.append(m)
    return out


def _parks_grown_onto_a_known_park(mentions: list[Mention], lex: Lexicons) -> tuple[list[Mention], set[str]]:
    """A park's name with a character or two in front that the segmenter glued to it (——访|凤湖新材料产业园, read
    as one word 访凤湖) is that park's name, when the document names the park with its place (宁波凤湖新材料产业园)."""
    cores = {strip_region_prefix(m.text, lex) for m in mentions if m.type == "Park"}
    cores = {c for c in cores if len(c) >= 5}
    out: list[Mention] = []
    grown: set[str] = set()
    for m in mentions:
        if m.type == "Park" and strip_region_prefix(m.text, lex) == m.text:
            core = next((c for c in sorted(cores) if m.text.endswith(c) and 0 < len(m.text) - len(c) <= 2), None)
            if core is not None:
                grown.add(m.text)
                cut = len(m.text) - len(core)
                m = Mention(core, m.type, m.sentence, m.start + cut, m.end, m.rule, m.confidence)
        out.append(m)
    return out, grown


def _declared_full_name(text: str, end: int, lex: Lexicons) -> tuple[int, str] | None:
    """(start, type) of the name that ends at `end` with an organisation ending, weak ones included, or None."""
    ending = next((e for e, _, _ in lex.org_suffixes if text.endswith(e, 0, end)), None)
    etype = lex_type = next((t for e, t, _ in lex.org_suffixes if e == ending), None)
    if ending is None or lex_type is None:
        return None
    tokens = tokenize(text)
    start = extend_left(text, tokens, end - len(ending), etype)
    name = text[start:end]
    if end - start < len(ending) + 2 or end - start > MAX_NAME or PARK_CLASS_WORDS.sub("", name) in suffix_table():
        return None  # 国家级经济技术开发区（以下简称国家级经开区）: a class of parks, not one
    return start, etype


def _names_another(short: str, name: str, typed: dict[str, tuple[str, float]], aliases: dict[str, str]) -> bool:
    """Whether another name the text gives (not one of this firm's) holds `short` too: 天津瑞驰… and 北京瑞驰… in
    one text, or 贵安新区 beside 贵安新区开发投资有限公司; then `short` alone names neither."""
    return any(short in other and other != name and aliases.get(other) != name for other in typed)


def _brand_used_alone(name: str, shorts: list[str], text: str, lex: Lexicons) -> str:
    """宝顺昌 of 江西宝顺昌超合金股份有限公司: the press names a firm by its trade name (字号, the two or three
    characters after the region) where its trade word is one no list holds; the trade name counts where the text
    uses it alone, not as the start of the firm's longer forms, and it is no everyday word, place or industry
    (`shorts`: the short forms the caller found for the name)."""
    if not ORG_FORMS.search(name) or any(len(f) <= 4 for f in shorts):
        return ""  # a legal name only, and one the trade-word list shortens already
    bare = strip_region_prefix(ORG_FORMS.sub("", name), lex)
    for size in (3, 2):
        brand = bare[:size]
        if len(bare) - size < 2 or _common_word(brand) or brand in lex.region_forms or brand in lex.industries \
                or segment.word_tag(brand) == "ns":
            continue  # (南岭, 粤西: a place's name the dictionary knows, used alone for the place)
        at = text.find(brand)
        while at >= 0:
            if not text.startswith(bare[size : size + 1], at + size):
                return brand
            at = text.find(brand, at + 1)
    return ""


def _project_owner(project: str, projects: set[str], text: str, typed: dict[str, tuple[str, float]],
                   known_firms: list[str], lex: Lexicons) -> str:
    """The firm's name a project's opens with, where the text uses it alone too (outside every project's name):
    the longest such opening of two to six characters that reads as a firm's name, or ''."""
    bare = strip_region_prefix(project.strip("“”\""), lex)
    if not any(LANDS_AFTER.search(text, at + 2, at + 9) for at in _positions_outside(bare[:2], [project], text)):
        return ""  # (the opening of its name stands nowhere else before a landing verb: no tokenizing)
    words = tokenize(bare).words
    heads = ["".join(words[:k]) for k in range(1, len(words))]
    for head in sorted((h for h in heads if 2 <= len(h) <= 6), key=len, reverse=True):
        if head in typed or any(n.startswith(head) for n in known_firms):
            return ""  # the owner is a firm the text names already
        if head in lex.region_forms or head in lex.industries or _common_word(head) \
                or not _plausible_name(head, lex):
            continue
        holders = [other for other in projects if head in other]
        # (used alone: followed by what a firm does where it lands)
        if any(LANDS_AFTER.match(text, at + len(head)) for at in _positions_outside(head, holders, text)):
            return head
    return ""


LANDS_AFTER = re.compile(r"(落户|落地|入驻|扎根|签约|总部|新建|扩产|加码)")


def _positions_outside(short: str, names: list[str], text: str) -> Iterator[int]:
    """Where `short` occurs in `text` other than inside an occurrence of one of `names` (found with str.find, so a
    long document is scanned at the speed of a search, not copied once per name)."""
    at = text.find(short)
    while at >= 0:
        # An occurrence of a name holding this one starts at most len(name) - len(short) before it, and not after.
        if all(text.find(name, max(at - len(name) + len(short), 0), at + len(name)) < 0 for name in names):
            yield at
        at = text.find(short, at + 1)


def _occurs_outside(short: str, name: str, text: str) -> bool:
    """Whether `short` occurs in `text` other than inside an occurrence of `name`."""
    return next(_positions_outside(short, [name], text), None) is not None


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


def _covered(mentions: list[Mention], sent, item: str) -> bool:
    k = sent.text.find(item)
    if k < 0:
        return False
    s, e = sent.start + k, sent.start + k + len(item)
    # An industry word inside the name (立探|新能源) is the firm's trade, not another entity in the way.
    return any(m.start < e and s < m.end and not (m.type == "Industry" and s < m.start and m.end <= e)
               for m in mentions)


# What opens a list's first item: the clause's words up to its verb or preposition.
LIST_LEAD = re.compile(r"^.*?(围绕|依托|包括|如|像|与|和|同|联合|推动|支持|培育|引进|引来|招引|吸引|以|另有|还有|拥有)")
BRINGING_VERB_ONE = re.compile(r"^.*?(引进|引来|招引|吸引|包括|落户了?|入驻了?)([\u4e00-\u9fff]{2,8})$")
LAST_ITEM_JOINER = re.compile(r"(?:和|及|与|以及)")


def _enumeration_before(text: str, end: int, single: bool = False) -> list[str]:
    """The items of an enumeration A、B、C that ends at `end`."""
    i = end
    while i > 0 and text[i - 1] not in "，。；：:,;（(“”":
        i -= 1
    span = text[i:end]
    if "、" not in span:
        # 引来某某电子等一批…企业: one firm after the verb that brings it.
        one = BRINGING_VERB_ONE.match(span) \
            if single else None
        return [one.group(2)] if one else []
    items = [x.strip() for x in span.split("、")]
    items[0] = LEAD_ADVERBS.sub("", LIST_LEAD.sub("", items[0]))
    # 发投集团、财投集团和工科投3家公司: the last two items are joined by 和.
    last = LAST_ITEM_JOINER.split(items[-1], maxsplit=1)
    items[-1:] = [x.strip() for x in last]
    return [x for x in items if x]


PARTNER_PAIR = re.compile(r"(?:联合|携手|与|同)([\u4e00-\u9fff]{2,8}?)(和|及|与)([\u4e00-\u9fff]{2,12})")


def _leading_name(text: str) -> str:
    """The name a stretch of text opens with: its words up to the first verb or function word."""
    words = tokenize(text)
    keep = ""
    for word, tag in zip(words.words, words.tags, strict=True):
        if keep and (tag.startswith(("v", "d", "p", "u", "c", "r", "m", "f", "t")) or word in LEFT_STOPS):
            break
        keep += word
    return keep


CLAUSE_PUNCTUATION = re.compile(r"[，。；：:,;（）()“”]")


def _list_items(text: str) -> Iterator[list[str]]:
    """The items of each enumeration A、B、C of a sentence, with the clause's verb in front of the first item
    and what follows the last one (等…, a verb) left out."""
    for clause in CLAUSE_PUNCTUATION.split(text):
        if "、" not in clause:
            # 联合甲和乙, 携手甲与乙: two partners joined by 和 are a list of two.
            pair = PARTNER_PAIR.search(clause)
            if pair:
                yield [pair.group(1), _leading_name(pair.group(3))]
            continue
        items = _enumeration_before(clause, len(clause))
        if len(items) < 2:
            continue
        items[-1] = _leading_name(items[-1].split("等")[0])
        yield [x for x in items if x]


def _plausible_name(item: str, lex: Lexicons, listed_as_firms: bool = False) -> bool:
    """A bare firm name: an uncommon trade name, alone (东鹏) or before a trade word (豪鹏科技). Where the
    text itself lists the item among firms (A、B、C等9家单位), a common trade name will do (华中数控)."""
    if not (2 <= len(item) <= 12) or not PUNCT.isdisjoint(item):
        return False
    if not all("\u4e00" <= ch <= "\u9fff" for ch in item):
        return False
    if item in LEFT_STOPS or item in NAME_GENERIC or item in lex.region_forms or item in lex.industries:
        return False
    first = tokenize(item)
    listed_trade_name = listed_as_firms and item.endswith(FIRM_TRADE_WORDS) and len(first.words) == 2
    if first.words and (first.words[0] in LEFT_STOPS and not listed_trade_name
                        or first.tags and first.tags[0].startswith(("p", "c", "d", "r"))):
        return False  # 其中豪鹏科技, 以逸豪新材料: a function word is not part of the name (联合某某 listed is)
    for word in FIRM_TRADE_WORDS + LISTED_TRADE_WORDS:
        if item.endswith(word) and len(item) > len(word):
            trade = strip_region_prefix(item[: -len(word)], lex)
            country = next((c for c in lex.countries if trade.startswith(c)), "")
            trade = trade[len(country) :]  # 德国|克雷默|传动: a foreign firm keeps its country (GUIDE 5)
            return 2 <= len(trade) <= 4 and (listed_as_firms or segment.freq(trade) < 60)
    # A bare trade name is a word the segmenter does not know (东鹏, 协讯), not an ordinary one (技术水平, 线路板).
    return len(item) <= 4 and segment.freq(item) < 10 and not any(ch in SINGLE_STOPS for ch in item) \
        and (listed_as_firms or not any(len(w) > 1 and segment.freq(w) >= 60 for w in first.words))

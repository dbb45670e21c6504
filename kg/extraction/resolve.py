"""Stage 4: resolve aliases and merge entities, within a document and across the corpus.

Within a document every surface form of one thing becomes one entity named by its fullest
form (江西 and 江西省; 赣锋 and 江西赣锋循环科技有限公司; 高新区 and 抚州高新区). Across
documents, entities with the same canonical key merge into one node whose IRI is derived
from that key, so the same name gives the same IRI on every run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from operator import attrgetter

from kg.extraction.lexicon import Lexicons, load
from kg.extraction.recognize import (
    FIRM_TRADE_WORDS,
    INDUSTRY_MODIFIERS,
    ORG_FORMS,
    TRADE_WORDS,
    short_forms,
    strip_region_prefix,
    suffix_table,
)
from kg.model import Entity, Extraction, Mention

QUOTE_MARKS = re.compile(r"[\s“”‘’\"'《》「」『』〈〉]")
INDUSTRY_TAIL = re.compile(r"(产业集群|产业链|集群|产业|行业|领域)$")
# Bare endings that, standing alone, refer back to the document's main entity of that kind.
GENERIC_REFERENCES = {
    "高新区": "Park", "园区": "Park", "开发区": "Park", "经开区": "Park", "新区": "Park", "产业园": "Park",
    "管委会": "GovernmentBody", "市政府": "GovernmentBody", "区政府": "GovernmentBody", "县政府": "GovernmentBody",
    "省政府": "GovernmentBody", "省委": "GovernmentBody", "市委": "GovernmentBody", "区委": "GovernmentBody",
    "县委": "GovernmentBody", "政府": "GovernmentBody",
}


def fold(name: str) -> str:
    """The comparison form of a name: NFKC, no white space or quote marks."""
    return QUOTE_MARKS.sub("", unicodedata.normalize("NFKC", name))


def entity_key(name: str, etype: str, lex: Lexicons | None = None) -> str:
    """The key two names of one entity share (across documents too)."""
    if lex is None or lex is load():
        return _entity_key_of_loaded(name, etype)
    return _entity_key(name, etype, lex)


@lru_cache(maxsize=1 << 16)
def _entity_key_of_loaded(name: str, etype: str) -> str:
    """entity_key with the project's lexicons, cached: the same names come back in document after document."""
    return _entity_key(name, etype, load())


def _entity_key(name: str, etype: str, lex: Lexicons) -> str:
    key = fold(name)
    if etype == "Industry":
        key = INDUSTRY_TAIL.sub("", key) or key
    elif etype == "Region":
        key = lex.region_forms.get(key, key)
    elif etype == "University" and key in lex.universities:
        key = lex.universities[key]  # 西安交大 is 西安交通大学
    elif etype == "ResearchInstitute" and key in lex.institutes:
        key = lex.institutes[key]  # 中国信通院 is 中国信息通信研究院
    elif etype in ("Park", "Company", "GovernmentBody", "ResearchInstitute", "University"):
        # Keep the region when the name is only a region plus a form (抚州市政府, 江西省科技厅 stay apart
        # from 市政府 / 科技厅 in other provinces); drop it otherwise (四川内江高新区 = 内江高新区).
        stripped = strip_region_prefix(key, lex)
        if etype in ("Park", "Company") and len(stripped) >= 4 and not _bare_form(stripped):
            key = stripped
    return f"{etype}:{key}"


def _bare_form(name: str) -> bool:
    """Whether a name is only an organisation form (经济技术开发区, 铜业有限公司): without its region it names
    nothing in particular, so 衢州经济技术开发区 and 丽水经济技术开发区 keep their regions apart."""
    core = ORG_FORMS.sub("", name)
    return not core or name in suffix_table() or core in TRADE_WORDS or core in FIRM_TRADE_WORDS \
        or core in suffix_table() or core in load().industries


def entity_iri_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _display_name(forms: Counter[str], etype: str) -> str:
    """The fullest surface form: the longest, then the most frequent, then the first in code order."""
    if etype == "Industry":
        # The bare industry name is the annotation's head; tails (产业, 集群) are aliases.
        # The annotation's head is the shortest natural form (装备制造, not 高端装备制造产业); the others are aliases.
        bare = [f for f in forms if not INDUSTRY_TAIL.search(fold(f))]
        if bare:
            return min(bare, key=lambda f: (len(f), -forms[f], f))
    return max(forms, key=lambda f: (len(fold(f)), forms[f], f))


_TEXT, _START, _CONFIDENCE = attrgetter("text"), attrgetter("start"), attrgetter("confidence")


def document_entities(mentions: list[Mention], aliases: dict[str, str], lex: Lexicons | None = None) -> tuple[
    list[Entity], dict[tuple[str, str], str]
]:
    """Group a document's mentions into entities; returns them and (surface, type) -> entity name."""
    lex = lex or load()
    groups: dict[str, list[Mention]] = defaultdict(list)
    key_of: dict[tuple[str, str], str] = {}
    generic: list[Mention] = []
    for m in mentions:
        if GENERIC_REFERENCES.get(m.text) == m.type:
            generic.append(m)
            continue
        surface = aliases.get(m.text, m.text)
        key = entity_key(surface, m.type, lex)
        # A short name declared or derived as an alias joins its full name's group.
        groups[key].append(m)
        key_of[(m.text, m.type)] = key
    # Names that are another name of the same type with a region prefix dropped join it.
    by_type: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        etype, _, _ = key.partition(":")
        by_type[etype].append(key)
    merged: dict[str, str] = {}
    for etype, keys in by_type.items():
        if etype not in ("Park", "Company", "GovernmentBody", "ResearchInstitute", "Policy", "Designation", "Project",
                         "Industry"):
            continue
        bodies = [key.partition(":")[2] for key in keys]
        # Which keys hold each character: a longer name extends a shorter one only if it has all its characters,
        # so the keys to try are those holding the shorter name's rarest character (in their order), not all.
        holding: dict[str, list[int]] = defaultdict(list)
        for i, body in enumerate(bodies):
            for ch in set(body):
                holding[ch].append(i)
        # A park may also be cited with another word for its kind of zone (清苑工业区 for 保定清苑工业园), which
        # need not share the shorter name's characters: those are tried among the parks of the same core.
        cores = [_park_core(body, lex) if etype == "Park" else ("", "") for body in bodies]
        same_core: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, core in enumerate(cores):
            if core != ("", ""):
                same_core[core].append(i)
                if core[1] == DEVELOPMENT_ZONE:
                    same_core[(core[0][0], core[1])].append(i)  # (for 汽开区, the initial of 汽车经济技术开发区)
        for key, body, core in zip(keys, bodies, cores, strict=True):
            if len(body) < 3:
                continue
            rarest = min(map(holding.__getitem__, set(body)), key=len)  # (map: no generator frame per key)
            initial = (body[-3], DEVELOPMENT_ZONE) if etype == "Park" and body.endswith("开区") else None
            for i in dict.fromkeys([*rarest, *same_core.get(core, ()), *same_core.get(initial, ())]):
                other, obody = keys[i], bodies[i]
                if other != key and len(obody) > len(body) and _extends(obody, body, lex, etype):
                    merged[key] = other
                    break
    for src, dst in merged.items():
        while dst in merged and merged[dst] != src:
            dst = merged[dst]
        if dst != src:
            groups[dst].extend(groups.pop(src))
            for k, v in list(key_of.items()):
                if v == src:
                    key_of[k] = dst
    # Bare 高新区 / 管委会 refer to the document's main entity of that kind with that ending.
    for m in generic:
        # 市政府 refers back to 某市人民政府 as well as to 某市政府.
        endings = (m.text, m.text[0] + "人民政府") if m.text[1:] == "政府" else (m.text,)
        candidates = [k for k in groups if k.startswith(m.type + ":") and fold(groups[k][0].text).endswith(endings)]
        if candidates:
            best = max(candidates, key=lambda k: (len(groups[k]), k))
        elif m.type == "GovernmentBody" and m.text[0] in "省市区县":
            best = entity_key(m.text, m.type, lex)  # 省政府 with no fuller name in the text is itself an entity
            groups.setdefault(best, [])
        else:
            continue
        groups[best].append(m)
        key_of[(m.text, m.type)] = best
    entities: list[Entity] = []
    name_of_key: dict[str, str] = {}
    for key, ms in sorted(groups.items()):
        etype = key.partition(":")[0]
        forms = Counter(map(_TEXT, ms))  # (map and attrgetter: no generator frame per entity)
        name = _display_name(forms, etype)
        ent = Entity(
            name=name,
            type=etype,
            aliases={f for f in forms if f != name},
            mentions=sorted(ms, key=_START),
            confidence=round(max(map(_CONFIDENCE, ms)), 3),
        )
        entities.append(ent)
        name_of_key[key] = name
    resolved = {surface_type: name_of_key[key] for surface_type, key in key_of.items() if key in name_of_key}
    return entities, resolved


def _extends(longer: str, shorter: str, lex: Lexicons, etype: str) -> bool:
    """Whether `longer` is `shorter` with a region prefix or a legal form added, or with a middle word
    left out (高端精密研究院 for 高端精密制造研究院)."""
    # 清苑工业区 for 保定清苑工业园: a park cited again with another word for the same kind of zone.
    if etype == "Park" and _park_core(longer, lex) == _park_core(shorter, lex) != ("", ""):
        return True
    if etype == "Park" and _initial_zone_form(longer, shorter, lex):
        return True
    if etype == "Industry":
        # 高端装备制造 for 装备制造, 智能装备制造 for 智能装备: a field cited with its grade or its making.
        return longer[: len(longer) - len(shorter)] in INDUSTRY_MODIFIERS and longer.endswith(shorter) \
            or longer in {shorter + p for p in ("制造", "材料", "装备")}
    if not set(shorter) <= set(longer):
        return False  # every way of shortening a name keeps its characters: most pairs end here, cheaply
    # 省工业和信息化厅 for 某某省工业和信息化厅: a body cited again with only its level word for its place.
    if etype == "GovernmentBody" and shorter[0] in "省市区县" and longer.endswith(shorter[1:]) \
            and longer[: len(longer) - len(shorter) + 1] in lex.region_forms:
        return True
    rest = longer
    while True:
        stripped = strip_region_prefix(rest, lex, once=True)
        if stripped == shorter:
            return True  # 湖北随州高新区 / 随州高新区
        if stripped == rest:
            break
        rest = stripped
    for ending in ("研究院", "研究所", "实验室", "创新中心", "研究中心", "高新区", "产业园", "示范区"):
        if longer.endswith(ending) and shorter.endswith(ending):
            head, short_head = longer[: -len(ending)], shorter[: -len(ending)]
            if len(short_head) >= 4 and head.startswith(short_head) and len(head) - len(short_head) <= 4:
                return True
    # 沈抚科创园 for 沈抚改革创新示范区科创园: a sub-park cited without the zone in the middle of its name.
    for zone in ("示范区", "高新区", "经开区", "开发区", "新区"):
        k = longer.find(zone)
        if k > 0 and longer[k + len(zone) :] and any(
                longer[:j] + longer[k + len(zone) :] == shorter for j in range(2, k)):
            return True
    # 湖南汽车城 for 湖南株洲汽车城: a name cited again without the city in its middle.
    if etype in ("Park", "Company", "Project") and longer[:2] == shorter[:2] and longer[-2:] == shorter[-2:]:
        for n in (4, 3, 2):
            for k in range(2, len(longer) - n):
                if longer[k : k + n] in lex.region_forms and longer[:k] + longer[k + n :] == shorter:
                    return True
    # 30万辆整车项目 for 某某汽车新增30万辆整车项目, 某某新能源汽车 for 某某新能源汽车项目: a project cited again
    # without its owner or without the word 项目.
    if etype == "Project" and (longer.endswith(shorter) and shorter.endswith("项目") and len(shorter) >= 6
                               or longer == shorter + "项目"):
        return True
    # 绿色工厂 for 国家级绿色工厂: a title cited again without its level.
    level = longer[: len(longer) - len(shorter)]
    if etype == "Designation" and re.fullmatch(r"(国家级|省级|市级|国家|全国|全省)", level) \
            and longer.endswith(shorter):
        return True
    # 推进工业倍增升级行动若干措施 for 《推进工业倍增升级行动若干政策措施》: a long title cited with a word left out.
    title = longer.strip("《》")
    if etype == "Policy" and len(shorter) >= 8 and 0 < len(title) - len(shorter) <= 4:
        cut = len(title) - len(shorter)
        if any(title[:k] + title[k + cut :] == shorter for k in range(1, len(shorter))):
            return True
    core = ORG_FORMS.sub("", longer)
    if core == shorter or strip_region_prefix(core, lex) == shorter:
        return True
    if longer.startswith(shorter) and ORG_FORMS.fullmatch(longer[len(shorter) :]):
        return True  # 青峰医药集团 / 青峰医药集团有限公司
    return shorter in _short_forms(longer)


DEVELOPMENT_ZONE = "经济技术开发区"  # (the kind of zone the press cuts to 某开区: 长春汽开区)
# Words for one kind of zone that the press uses for each other in one article.
ZONE_SYNONYMS = (("工业园区", "工业园", "工业区"), ("产业园区", "产业园"), ("综合保税区", "综保区"),
                 (DEVELOPMENT_ZONE, "经济开发区", "经开区"), ("高新技术产业开发区", "高新技术产业园区", "高新区"))


def _initial_zone_form(longer: str, shorter: str, lex: Lexicons) -> bool:
    """长春汽开区 for 吉林长春汽车经济技术开发区, 杭州钱开区 for 杭州钱江经济开发区: the press's short form of a
    development zone keeps its place and the first character of its own name before 开区."""
    if len(shorter) < 4 or not shorter.endswith("开区") or shorter[-3] in "经高":
        return False
    core, kind = _park_core(longer, lex)
    if kind != DEVELOPMENT_ZONE or not core.startswith(shorter[-3]):
        return False
    prefix, place = longer[: longer.find(core)], shorter[:-3]
    return prefix.endswith(place) if prefix else place in lex.region_forms  # (a key's name lacks its place)


def _park_core(name: str, lex: Lexicons) -> tuple[str, str]:
    """A park's own name without its region and the kind of zone it is: 保定清苑工业园 -> (清苑, 工业园区)."""
    for group in ZONE_SYNONYMS:
        ending = next((e for e in group if name.endswith(e)), "")
        if not ending:
            continue
        core = name[: -len(ending)]
        while True:  # drop region prefixes while a name of its own is left (保定|清苑工业园: 清苑 stays)
            shorter = strip_region_prefix(core, lex, once=True)
            if shorter == core or len(shorter) < 2:
                break
            core = shorter
        core = lex.region_forms.get(core, core)  # 大庆市|经济技术开发区 and 大庆|经开区: one city, one zone
        return (core, group[0]) if len(core) >= 2 else ("", "")
    return "", ""


@lru_cache(maxsize=1 << 16)
def _short_forms(name: str) -> frozenset[str]:
    return frozenset(short_forms(name, load()))


def merge_corpus(extractions: list[Extraction]) -> dict[str, Entity]:
    """One entity per key across documents, with every alias and document kept."""
    lex = load()
    merged: dict[str, Entity] = {}
    for ex in extractions:
        for ent in ex.entities:
            key = entity_key(ent.name, ent.type, lex)
            node = merged.get(key)
            if node is None:
                node = merged[key] = Entity(name=ent.name, type=ent.type, confidence=ent.confidence)
            else:
                better = _display_name(Counter({node.name: 2, ent.name: 1}), ent.type)
                if better != node.name:
                    node.aliases.add(node.name)
                    node.name = better
            node.aliases |= ent.aliases | ({ent.name} - {node.name})
            node.mentions.extend(ent.mentions)
            node.confidence = max(node.confidence, ent.confidence)
            node.docs.add(ex.document.name)
    for node in merged.values():
        node.aliases.discard(node.name)
    return merged

"""Stage 3a: relations between the entities of a sentence, from trigger words over typed arguments.

Each rule looks for a trigger (出台, 共建, 位于, 获评 …) and takes its arguments from the
typed mentions around it: the head is the sentence's subject (the first organisation, park
or region before the trigger) or, where the sentence leaves it unstated, the topic of the
paragraph; tails are the mentions after the trigger, expanded over enumerations (A、B和C).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from kg.lexicon import Lexicons, load
from kg.model import Document, Entity, Mention, Relation, Sentence
from kg.recognize import short_forms, strip_region_prefix

ACTOR_TYPES = ("Company", "Park", "Region", "GovernmentBody", "University", "ResearchInstitute")
HEDGES = re.compile(r"(力争|计划|拟|将|有望|预计|争取|目标|谋划)")
CLAUSE_BREAK = set("，。；：！？,;:!?")


@dataclass
class Arg:
    mention: Mention
    name: str  # resolved entity name
    pos: int  # start within the sentence
    end: int


@dataclass
class Context:
    doc: Document
    sentence: Sentence
    args: list[Arg]
    topic: Arg | None
    lex: Lexicons
    out: list[Relation]
    seen: set[tuple[str, str, str]]
    recent_company: Arg | None = None
    main_park: Arg | None = None  # what a bare 高新区/园区 refers to
    clause_breaks: list[int] | None = None  # positions of the sentence's clause breaks, found when first needed

    @property
    def text(self) -> str:
        return self.sentence.text

    def emit(self, head: Arg | None, relation: str, tail: Arg | None, rule: str, confidence: float) -> None:
        if head is None or tail is None or head.name == tail.name:
            return
        key = (head.name, relation, tail.name)
        if relation == "cooperatesWith" and (tail.name, relation, head.name) in self.seen:
            return
        if key in self.seen:
            return
        if HEDGES.search(self.text[: max(head.pos, tail.pos)]):
            confidence *= 0.8  # stated as an aim, not an achievement
        self.seen.add(key)
        self.out.append(Relation(head.name, relation, tail.name, self.doc.name, self.sentence.index, rule,
                                 round(confidence, 3), head.mention.type, tail.mention.type))

    def of(self, *types: str, start: int = 0, end: int | None = None) -> list[Arg]:
        end = len(self.text) if end is None else end
        return [a for a in self.args if a.mention.type in types and a.pos >= start and a.end <= end]

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around `pos`: from after the clause break before it to the next break (or the sentence's
        ends). The breaks are found once per sentence and looked up, so a sentence without punctuation (a table
        pulled out of a PDF) costs a lookup per mention rather than a scan of the whole sentence."""
        if self.clause_breaks is None:
            self.clause_breaks = [i for i, ch in enumerate(self.text) if ch in CLAUSE_BREAK]
        at = bisect_left(self.clause_breaks, pos)
        start = self.clause_breaks[at - 1] + 1 if at > 0 else 0
        end = self.clause_breaks[at] if at < len(self.clause_breaks) else max(pos, len(self.text))
        return start, end

    def subject_before(self, pos: int, types: tuple[str, ...] = ACTOR_TYPES) -> Arg | None:
        """The sentence's subject for a trigger at `pos`: the first actor of the sentence before it."""
        # 高新区联合A、B共建C: a clause opened by a bare 高新区 has the document's park as its subject.
        cs, _ = self.clause_bounds(pos)
        if self.main_park is not None and "Park" in types and GENERIC_PARK_SUBJECT.match(self.text[cs:pos]):
            return self.main_park
        # 位于新余高新区的实验室…: a place named as a modifier is not the subject.
        before = [a for a in self.args if a.mention.type in types and a.end <= pos and not (
            re.search(r"(位于|地处|坐落于|在)$", self.text[: a.pos]) and self.text[a.end : a.end + 1] == "的")]
        if before:
            return before[0]
        if self.topic is not None and self.topic.mention.type in types:
            return self.topic
        return None

    def group_at(self, first: Arg, types: tuple[str, ...]) -> list[Arg]:
        """`first` and the mentions enumerated with it (A、B、C和D)."""
        group = [first]
        idx = self.args.index(first)
        for a in self.args[idx + 1 :]:
            gap = self.text[group[-1].end : a.pos]
            if a.mention.type in types and re.fullmatch(r"\s*[、,，和及与以及]?\s*", gap) \
                    and gap.strip() not in ("，", ","):
                group.append(a)
            else:
                break
        return group

    def group_before(self, pos: int, types: tuple[str, ...]) -> list[Arg]:
        """The enumeration that ends right before `pos` (allowing 等…家企业 and adverbs between)."""
        cands = [a for a in self.args if a.end <= pos and a.mention.type in types]
        if not cands:
            return []
        last = cands[-1]
        gap = self.text[last.end : pos]
        if any(ch in "，。；" for ch in gap) or len(gap) > 14:
            return []
        group = [last]
        for a in reversed(cands[:-1]):
            between = self.text[a.end : group[0].pos]
            if re.fullmatch(r"\s*[、和及与]\s*", between):
                group.insert(0, a)
            else:
                break
        return group


OPENER = re.compile(r"[\s“]*((其中|同时|目前|此外|今年|去年|全年|近年来|近日|日前|截至目前|截至\d{1,2}月底|"
                    r"\d{4}年(?:度)?|"
                    r"今年\d{1,2}(?:至|-)\d{1,2}月|\d{1,2}(?:至|-)\d{1,2}月|上半年|前三季度|\d{1,2}月\d{1,2}日)[，,\s]*)*")


PROJECT_ANAPHOR = re.compile(r"(^|[，。；：“,;:])(该项目|这一项目|此项目|项目)(?!建设|落地|签约)")
VISIT = re.compile(r"(走进|来到|在|位于[^，。]{2,12}的)$")
# The firm itself as the subject of a clause (公司总经理…, 企业2025年产值…), not a kind of firm (“小巨人”企业).
GENERIC_PARK_SUBJECT = re.compile(r"\s*(高新区|园区|开发区|经开区)(?!内|外|的)")
ANAPHOR = re.compile(r"(^|[，。；：“,;:])(该公司|该企业|该集团|公司|企业|集团)(?![家数])")


def _paragraph_topics(doc: Document, per_sentence: dict[int, list[Arg]]) -> dict[int, Arg | None]:
    """The topic of each sentence: the last actor named as a subject before it, else the document's topic."""
    counts: Counter[tuple[str, str]] = Counter()
    for args in per_sentence.values():
        for a in args:
            if a.mention.type in ("Park", "Region", "Company"):
                counts[(a.mention.type, a.name)] += 1
    doc_topic: Arg | None = None
    ranked = sorted(((n, k[0] == "Park", k) for k, n in counts.items() if k[0] in ("Park", "Region")), reverse=True)
    if not ranked:
        ranked = sorted(((n, True, k) for k, n in counts.items()), reverse=True)
    parks = sorted((n for k, n in counts.items() if k[0] == "Park"), reverse=True)
    roundup = len(parks) >= 3 and parks[0] < 1.5 * parks[2]  # a tour of several parks has no single topic
    if ranked and not roundup:
        _, _, (t, name) = ranked[0]
        doc_topic = next((a for args in per_sentence.values() for a in args if a.name == name and a.mention.type == t),
                         None)
    topics: dict[int, Arg | None] = {}
    current: Arg | None = doc_topic
    section: Arg | None = doc_topic  # a report on several parks moves from one park's section to the next
    recent_firm: tuple[Arg, int] | None = None
    recent_project: Arg | None = None
    last_paragraph = -1
    for sent in doc.sentences:
        args = per_sentence.get(sent.index, [])
        if sent.paragraph != last_paragraph:
            last_paragraph = sent.paragraph
            heading = not any(ch in sent.text for ch in "。！？；") and len(sent.text) <= 40
            parks = [a for a in args if a.mention.type == "Park"]
            if heading and parks:
                section = parks[0]
            current = section  # a new paragraph returns to its section's topic unless it names its own
            # 走进某某集团生产车间…: a paragraph that opens by visiting one firm is about that firm.
            visited = [a for a in args if a.mention.type == "Company" and VISIT.search(sent.text[: a.pos])]
            if visited:
                current = visited[0]
                recent_firm = (visited[0], sent.paragraph)
        topics[sent.index] = current
        if recent_firm is not None and ANAPHOR.search(sent.text) and sent.paragraph - recent_firm[1] <= 1:
            topics[sent.index] = recent_firm[0]  # 公司总经理…说, 企业2025年产值…: the firm just talked about
        if recent_project is not None and PROJECT_ANAPHOR.search(sent.text):
            topics[sent.index] = recent_project  # 该项目总投资…
        # The firm a paragraph is about is the one it opens with (or that opens a sentence), not the last of a
        # list of partners or a subsidiary named in passing.
        firms = [a for a in args if a.mention.type == "Company" and sent.text[a.end : a.end + 1] != "、"
                 and not re.search(r"(与|和|及|、)$", sent.text[: a.pos])]
        opening = [a for a in firms if OPENER.fullmatch(sent.text[: a.pos])]
        first_in_paragraph = firms and (recent_firm is None or recent_firm[1] < sent.paragraph - 1)
        if opening or first_in_paragraph:
            recent_firm = ((opening or firms)[0], sent.paragraph)
        projects = [a for a in args if a.mention.type == "Project"]
        if projects:
            recent_project = projects[0]
        # A spokesman's office (商务局局长…表示) or a university is not what the paragraph is about;
        # nor is the first of an enumeration (中志精密、佳时特…等9家单位).
        starts = [a for a in args if a.mention.type in ("Park", "Region", "Company")
                  and OPENER.fullmatch(sent.text[: a.pos]) and sent.text[a.end : a.end + 1] != "、"]
        if starts:
            current = starts[0]
            if starts[0].mention.type == "Park" and sent.paragraph == last_paragraph:
                section = starts[0]
    return topics


def _args_by_sentence(doc: Document, mentions: list[Mention],
                      resolved: dict[tuple[str, str], str]) -> dict[int, list[Arg]]:
    per_sentence: dict[int, list[Arg]] = {}
    sent_by_index = {s.index: s for s in doc.sentences}
    for m in mentions:
        name = resolved.get((m.text, m.type))
        if name is None or m.rule.startswith("nested:"):
            continue
        s = sent_by_index[m.sentence]
        per_sentence.setdefault(m.sentence, []).append(Arg(m, name, m.start - s.start, m.end - s.start))
    for args in per_sentence.values():
        args.sort(key=lambda a: a.pos)
    return per_sentence


def extract(doc: Document, mentions: list[Mention], entities: list[Entity],
            resolved: dict[tuple[str, str], str]) -> tuple[list[Relation], dict[int, tuple[str, str] | None]]:
    """The document's relations, and each sentence's topic as (name, type) for figures whose subject is unstated."""
    lex = load()
    per_sentence = _args_by_sentence(doc, mentions, resolved)
    topics = _paragraph_topics(doc, per_sentence)
    park_counts = Counter(a.name for args in per_sentence.values() for a in args if a.mention.type == "Park")
    main_name = park_counts.most_common(1)[0][0] if park_counts else None
    main_park = next((a for args in per_sentence.values() for a in args if a.name == main_name), None)
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    recent: Arg | None = None
    last_paragraph = -1
    for sent in doc.sentences:
        args = per_sentence.get(sent.index, [])
        if sent.paragraph > last_paragraph + 1:
            recent = None
        last_paragraph = sent.paragraph
        ctx = Context(doc, sent, args, topics.get(sent.index), lex, out, seen, recent, main_park)
        for rule in RULES:
            rule(ctx)
        firms = [a for a in args if a.mention.type == "Company"]
        recent = firms[-1] if firms else recent
    out.extend(_name_internal(doc, entities, lex, seen, main_name))
    out.extend(_in_topic_park(doc, per_sentence, out, seen))
    return out, {i: ((a.name, a.mention.type) if a else None) for i, a in topics.items()}


def _in_topic_park(doc: Document, per_sentence: dict[int, list[Arg]], found: list[Relation],
                   seen: set) -> list[Relation]:
    """A firm, lab or project named in a sentence about one park, and placed nowhere else, is in that park."""
    placed = {r.head for r in found if r.relation == "locatedIn"}
    # A partner or builder the sentence already links to the park (共建, 联合…建设, 投资) is not thereby inside it.
    linked = {(r.sentence, r.head, r.tail) for r in found} | {(r.sentence, r.tail, r.head) for r in found}
    out = []
    previous: dict[str, Arg] = {}
    for sent in doc.sentences:
        args = per_sentence.get(sent.index, [])
        parks = {a.name: a for a in args if a.mention.type == "Park"}
        if not parks and re.match(r"\s*其中", sent.text) and len(previous) == 1:
            parks = previous  # 新余高新区4家企业上榜。其中，A…: "among them" continues the sentence before
        previous = {a.name: a for a in args if a.mention.type == "Park"}
        park = next(iter(parks.values())) if len(parks) == 1 else None
        if park is None:
            continue
        for a in args:
            if a.mention.type in ("Company", "ResearchInstitute", "Project") and a.name not in placed \
                    and not a.name.startswith(park.name) and (sent.index, a.name, park.name) not in linked \
                    and not SPEAKER.match(sent.text[a.end :]):  # X创始人Y说，园区…: the speaker's firm
                key = (a.name, "locatedIn", park.name)
                if key not in seen:
                    seen.add(key)
                    placed.add(a.name)
                    out.append(Relation(a.name, "locatedIn", park.name, doc.name, sent.index, "locatedIn:topic-park",
                                        0.5, a.mention.type, "Park"))
    return out


# --- rules ------------------------------------------------------------------------------------------

FOCUS = re.compile(r"(重点发展|主导产业|聚焦|发展|打造|培育|壮大|布局|集聚|围绕|深耕|引领|构建|形成|做强|做大|建设|"
                   r"推动|加快|以.{1,20}为重点|为主|特色产业|支柱产业|优势产业|首位产业|产业集群|产业链|产业基础)")


def rule_focus(ctx: Context) -> None:
    inds = ctx.of("Industry")
    if not inds:
        return
    trig = FOCUS.search(ctx.text)
    if not trig:
        return
    for ind in inds:
        cs, ce = ctx.clause_bounds(ind.pos)
        # 应用于A、B, A、B等领域的…应用: fields where a product is used, not industries the actor develops.
        if re.search(r"(应用于|用于|应用到|适用)", ctx.text[cs : ind.pos]) or re.match(
                r"^[^，。；,;]*?等?领域的[^，。；,;]*应用", ctx.text[ind.end : ce + 1]):
            continue
        head = _focus_subject(ctx, ind.pos)
        ctx.emit(head, "focusesOn", ind, "focusesOn:trigger", 0.6)
    # 对新能源、特色装备等产业“一产一策”专项支持: the policy named after the industries targets them.
    for policy in ctx.of("Policy"):
        cs, _ = ctx.clause_bounds(policy.pos)
        lead = re.search(r"(对|围绕|聚焦|针对|支持)", ctx.text[cs : policy.pos])
        if lead:
            for ind in ctx.of("Industry", start=cs + lead.end(), end=policy.pos):
                ctx.emit(policy, "focusesOn", ind, "focusesOn:policy", 0.6)


FOCUS_ACTORS = ("Park", "Region", "Company", "ResearchInstitute")
# 依托比亚迪等头部企业, 与高校合作: an actor introduced as a means or a partner is not the one that develops.
MEANS = re.compile(r"(依托|以|通过|借助|围绕|联合|与|和|携手|同|为|对|向|引进|吸引|带动)$")
SPEAKER = re.compile(r"^[^，。；,;]{0,16}?(说|表示|介绍|解释说|认为|指出|坦言|告诉记者)")


def _focus_subject(ctx: Context, pos: int) -> Arg | None:
    """Who develops an industry named at `pos`: the nearest actor that opens a clause before it (…解释说，赣江新区
    既有传感器…: 赣江新区, not the speaker's firm), else the sentence's subject."""
    openers = []
    for a in ctx.of(*FOCUS_ACTORS, end=pos):
        cs, _ = ctx.clause_bounds(a.pos)
        if a.end > pos or MEANS.search(ctx.text[cs : a.pos]) or SPEAKER.match(ctx.text[a.end :]):
            continue
        if OPENER.fullmatch(ctx.text[cs : a.pos]):
            openers.append(a)
    if openers:
        return openers[-1]
    return ctx.subject_before(pos, FOCUS_ACTORS)


LEADER = re.compile(r"(链主|龙头企业|头部企业|领军企业|龙头|领跑|领军)")


def rule_chain_leader(ctx: Context) -> None:
    for trig in LEADER.finditer(ctx.text):
        firms = ctx.of("Company")
        if not firms:
            continue
        inds = ctx.of("Industry")
        near = [i for i in inds if abs(i.pos - trig.start()) < 30]
        if not near:
            continue
        before = [f for f in firms if f.end <= trig.start()]
        heads = ctx.group_before(trig.start(), ("Company",)) or before[-1:] or firms[:1]
        for h in heads:
            for ind in near:
                ctx.emit(h, "chainLeaderOf", ind, f"chainLeaderOf:{trig.group(1)}", 0.7)


GRANT = re.compile(r"(获评|获批|入选|上榜|跻身|荣获|被认定为|认定为|被评为|评为|被授予|被批复为|进入|成为|是)")
SUBJECT_TYPES = ("Company", "Park", "Region", "University", "ResearchInstitute", "Industry", "Project",
                 "GovernmentBody")


def rule_designation(ctx: Context) -> None:
    for d in ctx.of("Designation"):
        cs, _ = ctx.clause_bounds(d.pos)
        lead = ctx.text[cs : d.pos]
        trig = None
        for m in GRANT.finditer(ctx.text[: d.pos]):
            trig = m
        if trig is None or d.pos - trig.end() > 12:
            # 赣锋、东鹏、协讯等龙头企业: the enumeration itself carries the title.
            group = ctx.group_before(d.pos, ("Company",))
            if group and re.search(r"等\s*$|等\d*家?\s*$", ctx.text[group[-1].end : d.pos]):
                for h in group:
                    ctx.emit(h, "hasDesignation", d, "hasDesignation:等", 0.65)
            continue
        # Only a cluster title (…产业集群) goes to an industry; other titles go to organisations and parks.
        types = SUBJECT_TYPES if d.mention.text.endswith("集群") else tuple(t for t in SUBJECT_TYPES if t != "Industry")
        heads = ctx.group_before(trig.start(), types)
        if not heads:
            cs, _ = ctx.clause_bounds(trig.start())
            in_clause = [a for a in ctx.of(*types, start=cs, end=trig.start())]
            head = in_clause[0] if in_clause else ctx.subject_before(trig.start(), types)
            if ANAPHOR.search(ctx.text[cs : trig.start()]) and ctx.recent_company is not None and not in_clause:
                head = ctx.recent_company  # 企业…获批…: the firm the text is about
            heads = [head] if head else []
        if trig.group(1) in ("是", "成为") and "“" not in lead and not heads:
            continue
        titles = [d]
        if "分别" in ctx.text[trig.start() - 2 : trig.end()] and len(heads) > 1:
            # 线路板、信创产业集群分别入选国家级、省级…集群: the n-th subject gets the n-th title.
            titles = [t for t in ctx.of("Designation", start=trig.end()) if t.pos - trig.end() <= 30]
            for h, t in zip(heads, titles, strict=False):
                ctx.emit(h, "hasDesignation", t, "hasDesignation:分别", 0.65)
            continue
        for h in heads:
            ctx.emit(h, "hasDesignation", d, f"hasDesignation:{trig.group(1)}", 0.7)


# Enacting verbs; 实施/推行/深化 (carrying out a policy made elsewhere) do not make the actor its issuer.
ISSUE = re.compile(r"(出台|制定|发布|印发|推出|编制|修订|设立|实行|颁布|首创|创新推出)")


def rule_issued(ctx: Context) -> None:
    for p in ctx.of("Policy"):
        trig = None
        for m in ISSUE.finditer(ctx.text[: p.pos]):
            trig = m
        if trig is None or p.pos - trig.end() > 12:
            continue
        head = ctx.subject_before(trig.start(), ("GovernmentBody", "Park", "Region"))
        if head is ctx.topic:
            later = [a for a in ctx.of("GovernmentBody", "Park", "Region", start=p.end)
                     if a.mention.type != "Region" or ctx.text[a.end : a.end + 1] not in "外内"]
            head = later[0] if later and ctx.topic is None else head
        ctx.emit(p, "issuedBy", head, f"issuedBy:{trig.group(1)}", 0.7)


COBUILD = re.compile(r"(共建|联合组建|共同建设|共同组建|合作共建|合作建设|组建|联合建设|共同打造|签约的|获批组建)")
PARTNER = re.compile(r"(与|联合|携手|和|同)")
BUILT_TYPES = ("ResearchInstitute", "Park", "Project")


def rule_cobuild(ctx: Context) -> None:
    for trig in COBUILD.finditer(ctx.text):
        built = [a for a in ctx.of(*BUILT_TYPES) if 0 <= a.pos - trig.end() <= 20]
        cs, _ = ctx.clause_bounds(trig.start())
        by = ctx.text.rfind("由", cs, trig.start())
        passive = by >= 0 and [a for a in ctx.of(*BUILT_TYPES, start=cs, end=by)]
        if passive:
            # 赋能中心由示范区联合A和B共同建设: the thing built is the clause's subject, the builders follow 由.
            actors = [a for a in ctx.of(*ACTOR_TYPES, start=by + 1, end=trig.start())]
            head = actors[0] if actors else None
            partners = [a for a in _partners_before(ctx, trig.start()) if a is not head]
            for p in [head, *partners]:
                ctx.emit(p, "coBuilds", passive[0], f"coBuilds:由…{trig.group(1)}", 0.7)
            for p in partners:
                ctx.emit(head, "cooperatesWith", p, "cooperatesWith:共建", 0.65)
            continue
        partners = _partners_before(ctx, trig.start())
        if not built:
            # 联合A、B共建…全国重点实验室: what is built has no name of its own, the partnership stands.
            if partners:
                head = ctx.subject_before(partners[0].pos, ACTOR_TYPES)
                for p in partners:
                    ctx.emit(head, "cooperatesWith", p, "cooperatesWith:共建", 0.6)
            continue
        targets = ctx.group_at(built[0], BUILT_TYPES)
        cs, _ = ctx.clause_bounds(trig.start())
        in_clause = [a for a in ctx.of(*ACTOR_TYPES, start=cs, end=trig.start()) if a not in partners]
        # 金环磁选获批组建…: the actor of the clause builds; else the sentence's subject.
        head = in_clause[0] if in_clause else ctx.subject_before(trig.start(), ACTOR_TYPES)
        if head is not None and head in partners:
            head = ctx.topic
        for t in targets:
            ctx.emit(head, "coBuilds", t, f"coBuilds:{trig.group(1)}", 0.7)
            for p in partners:
                ctx.emit(p, "coBuilds", t, f"coBuilds:{trig.group(1)}", 0.7)
        for p in partners:
            ctx.emit(head, "cooperatesWith", p, "cooperatesWith:共建", 0.65)


def _partners_before(ctx: Context, pos: int) -> list[Arg]:
    """Partners introduced by 与/联合/携手 between the subject and a trigger at `pos`."""
    best: list[Arg] = []
    cs, _ = ctx.clause_bounds(pos)
    # The trigger's own clause, or the clause before when it ends with the partners (联合A、B等大院大所，签约的X);
    # not further: 联合A、B共建X，推动…，组建Y — Y is the subject's, not A's and B's.
    prev_cs = ctx.clause_bounds(cs - 2)[0] if cs >= 2 else cs
    for m in PARTNER.finditer(ctx.text[:pos], prev_cs):
        if best and m.start() < best[-1].end:
            continue  # the 和 inside 联合A和B belongs to the enumeration already found
        after = [a for a in ctx.args if a.pos >= m.end() and a.end <= pos and a.mention.type in ACTOR_TYPES]
        if after and after[0].pos - m.end() <= 2:
            group = ctx.group_at(after[0], ACTOR_TYPES)
            if m.start() < cs and not re.fullmatch(r"(等[^，,。；]{0,6})?[，,]", ctx.text[group[-1].end : cs]):
                continue
            best = group
    return best


COOPERATE = re.compile(r"(合作|签约|对接|携手|战略合作|联合申报|联合攻关|共同|协同)")


def rule_cooperate(ctx: Context) -> None:
    for trig in COOPERATE.finditer(ctx.text):
        if COBUILD.search(ctx.text[trig.start() : trig.end() + 4]):
            continue
        partners = _partners_before(ctx, trig.start())
        if partners:
            head = ctx.subject_before(partners[0].pos, ACTOR_TYPES)
            for p in partners:
                ctx.emit(head, "cooperatesWith", p, f"cooperatesWith:{trig.group(1)}", 0.65)
            continue
        group = ctx.group_before(trig.start(), ("Company", "University", "ResearchInstitute"))
        if len(group) >= 2:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    ctx.emit(a, "cooperatesWith", b, f"cooperatesWith:{trig.group(1)}", 0.6)


INVEST = re.compile(r"(加码投资|追加投资|投资|增资|出资|注资)")


def rule_invest(ctx: Context) -> None:
    for trig in INVEST.finditer(ctx.text):
        # 总投资72亿元的…项目, 投资规模最大的是…: the size of a project, not an act of investing.
        if ctx.text[max(0, trig.start() - 1) : trig.start()] in ("总", "资") or \
                re.match(r"(规模|额|强度|总额)", ctx.text[trig.end() : trig.end() + 2]):
            continue
        head = ctx.subject_before(trig.start(), ("Company",)) or next(iter(ctx.of("Company", start=trig.end())), None)
        if head is None:
            continue
        _, ce = ctx.clause_bounds(trig.end())
        targets = [t for t in ctx.of("Project", "Company", "Park", "Region", start=trig.end())
                   if t.name != head.name and t.pos <= ce + 30]
        projects = [t for t in targets if t.mention.type == "Project"]
        for t in targets:
            # 投资4.8亿元在航空基地建设的…项目: the park is where the project stands, the project is invested in.
            if projects and t is not projects[0] and ctx.text[max(0, t.pos - 1) : t.pos] == "在":
                continue
            ctx.emit(head, "investsIn", t, f"investsIn:{trig.group(1)}", 0.6)
            if t.mention.type == "Project":
                ctx.emit(head, "undertakes", t, "undertakes:投资建设", 0.6)
            break


UNDERTAKE = re.compile(r"(建设|实施|推进|申报|承担|承建|开工|动工|投产|签约|引进|落地|打造)")


def rule_undertake(ctx: Context) -> None:
    for proj in ctx.of("Project"):
        owner = None
        for f in ctx.of("Company"):
            if proj.mention.text.startswith(f.mention.text) or proj.name.startswith(f.name):
                owner = f
        if owner is None:
            group = ctx.group_before(proj.pos, ("Company",))
            trig = UNDERTAKE.search(ctx.text[max(0, proj.pos - 8) : proj.pos])
            if group and trig:
                for g in group:
                    ctx.emit(g, "undertakes", proj, f"undertakes:{trig.group(1)}", 0.6)
                continue
            cs, _ = ctx.clause_bounds(proj.pos)
            firms = ctx.of("Company", start=cs, end=proj.pos)
            if firms:
                owner = firms[0]
        if owner is not None:
            ctx.emit(owner, "undertakes", proj, "undertakes:owner", 0.65)


LOCATE_BEFORE = re.compile(r"(位于|地处|坐落于|坐落在|落户|落地|扎根|入驻|进驻|在)$")
LOCATE_VERBS = re.compile(r"^(动工|开工|设立|投产|建成|落户|落地|开业|运营|投入运营|上市|举行)")
PLACE_TYPES = ("Park", "Region")
LOCATABLE = ("Company", "University", "ResearchInstitute", "GovernmentBody", "Project", "Park")


def rule_located(ctx: Context) -> None:
    text = ctx.text
    places = ctx.of(*PLACE_TYPES)
    for n, place in enumerate(places):
        if n + 1 < len(places) and places[n + 1].pos == place.end:
            continue  # 位于江西|上饶的…: the innermost place of an address is where the thing is
        chain = place.pos
        for prev in reversed(places[:n]):
            if prev.end == chain:
                chain = prev.pos
        lead = text[max(0, chain - 4) : chain]
        m = LOCATE_BEFORE.search(lead)
        after = text[place.end : place.end + 6]
        if m:
            # 位于Y的X / 位于Y，X … : the thing located follows; X位于Y: it precedes.
            if after.startswith(("的", "内的", "内")) or m.group(1) in ("位于", "地处") and after[:1] in "的":
                things = [a for a in ctx.args if a.pos >= place.end and a.mention.type in LOCATABLE]
                if things and things[0].pos - place.end <= 8:
                    ctx.emit(things[0], "locatedIn", place, f"locatedIn:{m.group(1)}", 0.75)
                    continue
            before = [a for a in ctx.args if a.end <= place.pos - len(m.group(1)) and a.mention.type in LOCATABLE]
            if before and place.pos - len(m.group(1)) - before[-1].end <= 12 and before[-1].mention.type != "Park" \
                    or before and place.mention.type == "Region" and before[-1].mention.type == "Park":
                ctx.emit(before[-1], "locatedIn", place, f"locatedIn:{m.group(1)}", 0.7)
                continue
            if m.group(1) == "在" and LOCATE_VERBS.match(after):
                head = ctx.subject_before(place.pos, ("Company", "Project", "ResearchInstitute"))
                ctx.emit(head, "locatedIn", place, "locatedIn:在…设立", 0.65)
                continue
            if m.group(1) in ("落户", "落地", "入驻", "进驻"):
                head = ctx.subject_before(place.pos, ("Company", "Project", "ResearchInstitute"))
                ctx.emit(head, "locatedIn", place, f"locatedIn:{m.group(1)}", 0.65)
        # Y内的X, Y内一家企业X; Y企业X (新余高新区江西赣锋…): adjacency inside a park.
        if place.mention.type == "Park":
            things = [a for a in ctx.args if a.pos >= place.end and a.mention.type in LOCATABLE]
            if things and re.fullmatch(r"(内|内的|内一家.{0,6}|的|园区内)?", text[place.end : things[0].pos]):
                ctx.emit(things[0], "locatedIn", place, "locatedIn:adjacent", 0.65)
    # A place then the park in it: 柳州市柳东新区, 在四川省绵阳市绵阳高新区, 内江高新区白马园区.
    for place in ctx.of("Region", "Park"):
        parks = [p for p in ctx.of("Park") if p.pos == place.end]
        if parks:
            ctx.emit(parks[0], "locatedIn", place, "locatedIn:address", 0.75)
    # 在某某园区，某某公司…: a sentence set in a place puts its first organisation there.
    opening = re.match(r"\s*在", text)
    places_open = [p for p in ctx.of(*PLACE_TYPES) if opening and p.pos >= opening.end()]
    if places_open:
        last = places_open[0]
        for p in places_open[1:]:
            if p.pos == last.end:
                last = p
        if text[last.end : last.end + 1] in "，,":
            things = [a for a in ctx.args if a.pos > last.end and a.mention.type in LOCATABLE]
            if things and things[0].pos - last.end <= 2:
                ctx.emit(things[0], "locatedIn", last, "locatedIn:在…，", 0.65)
    # Region then region below it: 江西上饶, 江西省抚州市.
    regions = ctx.of("Region")
    for a, b in zip(regions, regions[1:], strict=False):
        if b.pos == a.end:
            full_a = ctx.lex.region_forms.get(a.mention.text, a.mention.text)
            div_b = ctx.lex.divisions.get(ctx.lex.region_forms.get(b.mention.text, ""))
            if div_b and (div_b.parent == full_a or ctx.lex.divisions.get(div_b.parent, div_b).parent == full_a):
                ctx.emit(b, "locatedIn", a, "locatedIn:region-hierarchy", 0.85)
    # 落户江西, 先后落地: enumerated firms before the verb, place the sentence's region or topic.
    for m in re.finditer(r"(先后落地|先后落户|相继落户|纷纷落户|落户|落地)", text):
        firms = ctx.group_before(m.start(), ("Company", "ResearchInstitute"))
        places = [p for p in ctx.of(*PLACE_TYPES) if p.pos >= m.end() and p.pos - m.end() <= 3]
        place = places[0] if places else (ctx.topic if ctx.topic and ctx.topic.mention.type in PLACE_TYPES else None)
        for f in firms:
            ctx.emit(f, "locatedIn", place, f"locatedIn:{m.group(1)}", 0.6)
        # 已签约落地A、B、C等项目: what lands after the verb lands where the sentence's park is.
        if firms or places:
            continue
        landed = [a for a in ctx.args if a.mention.type in LOCATABLE and 0 <= a.pos - m.end() <= 1]
        if landed:
            host = ctx.subject_before(m.start(), ("Park",))
            for a in ctx.group_at(landed[0], tuple(LOCATABLE)):
                ctx.emit(a, "locatedIn", host, f"locatedIn:{m.group(1)}", 0.6)


ROLE_BEFORE = re.compile(r"(公司|集团|企业)$")


def rule_works_for(ctx: Context) -> None:
    for person in ctx.of("Person"):
        rule = person.mention.rule
        if not rule.startswith("person:after-"):
            continue
        role = rule.split("-", 1)[1]
        role_start = person.pos - len(role)
        # The role may begin inside the organisation's name (管委会副主任 after 某某高新区管委会).
        orgs = [a for a in ctx.args if a.pos < role_start + 1 and a.end <= person.pos and a.mention.type in
                ("Company", "University", "ResearchInstitute", "GovernmentBody")]
        if orgs and orgs[-1].end > role_start:
            role_start = orgs[-1].end
        gap = ctx.text[orgs[-1].end : role_start] if orgs else ""
        if orgs and len(gap) <= 4 and not any(ch in CLAUSE_BREAK for ch in gap):
            ctx.emit(person, "worksFor", orgs[-1], f"worksFor:{role}", 0.8)
        elif ROLE_BEFORE.search(ctx.text[:role_start]) and ctx.recent_company is not None:
            # 公司总经理施军说: the firm is the one the text has just been talking about.
            ctx.emit(person, "worksFor", ctx.recent_company, f"worksFor:{role}", 0.6)


SUPPLY = re.compile(r"(配套|供应商|供应|供货|提供)")


def rule_supply(ctx: Context) -> None:
    """A为B配套 / A向B供应 / A为B提供…服务 / B的配套企业A / A是B的供应商: A supplies B."""
    firms = ctx.of("Company")
    if not firms:
        return
    customer: Arg | None = None
    for trig in SUPPLY.finditer(ctx.text):
        cs, _ = ctx.clause_bounds(trig.start())
        before = [f for f in firms if cs <= f.pos and f.end <= trig.start()]
        lead = ctx.text[: trig.start()]
        if len(before) >= 2 and re.search(r"(为|向|给)$", ctx.text[before[0].end : before[-1].pos].strip()):
            customer = before[-1]
            ctx.emit(before[0], "suppliesTo", customer, f"suppliesTo:{trig.group(1)}", 0.65)
            continue
        if before and customer is not None and re.search(r"(为|向|给)其", ctx.text[before[-1].end : trig.start()]):
            ctx.emit(before[-1], "suppliesTo", customer, f"suppliesTo:{trig.group(1)}", 0.6)  # …则为其供应
            continue
        owner_link = re.search(r"的(核心|主要|重要|一级|二级|本地)?$", lead)
        if trig.group(1) in ("配套", "供应商") and owner_link:
            owners = [f for f in firms if f.end == owner_link.start()]
            if not owners:
                continue
            owner = owners[0]
            after = [f for f in firms if 0 <= f.pos - trig.end() <= 6]
            suppliers = ctx.group_at(after[0], ("Company",)) if after else [
                f for f in firms if f.end <= owner.pos and re.search(r"(是|成为|作为)", ctx.text[f.end : owner.pos])]
            for sup in suppliers:
                ctx.emit(sup, "suppliesTo", owner, f"suppliesTo:{trig.group(1)}", 0.6)


RULES = (rule_focus, rule_chain_leader, rule_designation, rule_issued, rule_cobuild, rule_cooperate, rule_invest,
         rule_undertake, rule_located, rule_works_for, rule_supply)


# --- relations inside names -------------------------------------------------------------------------

ZONE_ENDINGS = ("高新区", "经开区", "开发区", "示范区", "高新技术产业开发区", "高新技术产业园区", "经济技术开发区",
                "自贸区", "综合保税区", "航空基地", "产业基地")
SUB_PARK_ENDINGS = ("产业园", "产业城", "新城", "科创园", "科技园", "工业园", "园区", "小镇", "新区")


def _name_internal(doc: Document, entities: list[Entity], lex: Lexicons, seen: set,
                   main_name: str | None) -> list[Relation]:
    """比亚迪抚州基地 is a base of 比亚迪 in 抚州; 抚州高新区 is in 抚州."""
    out: list[Relation] = []
    by_type: dict[str, list[Entity]] = {}
    for e in entities:
        by_type.setdefault(e.type, []).append(e)
    regions = by_type.get("Region", [])
    companies = by_type.get("Company", [])

    def add(head: Entity, rel: str, tail: Entity, rule: str, conf: float) -> None:
        key = (head.name, rel, tail.name)
        if key in seen or head.name == tail.name:
            return
        seen.add(key)
        first = head.mentions[0] if head.mentions else None
        out.append(Relation(head.name, rel, tail.name, doc.name, first.sentence if first else 0, rule, conf,
                            head.type, tail.type))

    industries = by_type.get("Industry", [])
    for holder in by_type.get("Park", []) + by_type.get("ResearchInstitute", []) + by_type.get("Policy", []):
        # 镁合金产业园, 智能制造赋能中心, “人工智能+”行动方案: the name says what it is for.
        for ind in industries:
            forms = [f for f in {ind.name, *ind.aliases} if len(f) >= 2]
            if any(f in holder.name for f in forms) and not any(f == holder.name for f in forms):
                add(holder, "focusesOn", ind, "focusesOn:name", 0.7)
    issued = {r.head for r in out if r.relation == "issuedBy"} | {k[0] for k in seen if k[1] == "issuedBy"}
    issuers = by_type.get("Park", []) + by_type.get("GovernmentBody", []) + regions
    for policy in by_type.get("Policy", []):
        title = policy.name.strip("《》“”")
        if policy.name in issued:
            continue
        # 《某某高新区关于…的若干措施》: a title that opens with its issuer names it.
        for issuer in sorted(issuers, key=lambda e: -len(e.name)):
            forms = [f for f in {issuer.name, *issuer.aliases} if len(f) >= 3]
            if any(title.startswith(f) for f in forms):
                add(policy, "issuedBy", issuer, "issuedBy:title", 0.7)
                break
    # 航天联志内江先进算力产业园项目: a project named after its firm (by any of the firm's short names).
    firm_forms = [(c, [f for f in {c.name, *c.aliases} if len(f) >= 2] + [f for f in short_forms(c.name, lex)
                                                                         if len(f) >= 3])
                  for c in (companies if by_type.get("Project") else [])]
    for proj in by_type.get("Project", []):
        for c, forms in firm_forms:
            if any(proj.name.startswith(f) for f in forms):
                add(c, "undertakes", proj, "undertakes:name", 0.7)
    parks = by_type.get("Park", [])
    in_other_park = {p.name for p in parks for q in parks if p is not q and p.name.startswith(q.name)}
    # A sub-park (产业园, 产业城, 新城, 科创园 …) lies in the zone (高新区, 经开区, 示范区 …) of its city, or in the
    # document's only zone: 抚州新能源汽车产业园 in 抚州高新区, 白马园区 in 内江高新区.
    zones = [p for p in parks if p.name.endswith(ZONE_ENDINGS)]
    for sub in parks:
        if sub in zones or not sub.name.endswith(SUB_PARK_ENDINGS):
            continue
        prefix = strip_region_prefix(sub.name, lex)
        same_city = [z for z in zones if prefix != sub.name and
                     z.name[: len(sub.name) - len(prefix)] == sub.name[: len(sub.name) - len(prefix)]]
        zone = same_city[0] if len(same_city) == 1 else (zones[0] if len(zones) == 1 else None)
        if zone is not None:
            add(sub, "locatedIn", zone, "locatedIn:sub-park", 0.65)
            in_other_park.add(sub.name)
    # A region's own bodies (市委, 区政府) are not placed in it: the name says so and the edge would add nothing.
    for park in parks:
        if park.name in in_other_park:
            continue  # 抚州新能源汽车产业园 lies in 抚州高新区, which lies in 抚州
        # 四川内江高新区 is in 内江市 too: the city's name follows the province's.
        inner = strip_region_prefix(park.name, lex, once=True)
        for r in regions:
            div = lex.divisions.get(lex.region_forms.get(r.name, ""))
            forms = {r.name, *r.aliases, *([div.short] if div and div.short else [])}
            if any(park.name.startswith(f) or inner != park.name and inner.startswith(f) and len(f) >= 2
                   for f in forms):
                add(park, "locatedIn", r, "locatedIn:name-prefix", 0.75)
    # 长沙经开区发展集团, 高新区国投集团: a park's own platform firm, named after it, is in it.
    park_forms = [(p, [f for f in {p.name, *p.aliases} if len(f) >= 4]
                   + (["高新区", "经开区", "开发区"] if p.name == main_name else [])) for p in parks]
    for c in companies:
        for p, forms in park_forms:
            if any(c.name.startswith(f) and len(c.name) > len(f) + 2 for f in forms):
                add(c, "locatedIn", p, "locatedIn:park-named", 0.7)
                break
    for c in companies:
        if not re.search(r"(基地|分公司|子公司|工厂)$", c.name):
            continue
        for parent in companies:
            if parent is c:
                continue
            for form in sorted({parent.name, *parent.aliases}, key=lambda w: (-len(w), w)):
                if c.name.startswith(form):
                    add(c, "subsidiaryOf", parent, "subsidiaryOf:name", 0.8)
                    rest = c.name[len(form) :]
                    for r in regions:
                        if any(rest.startswith(f) for f in {r.name, *r.aliases}):
                            add(c, "locatedIn", r, "locatedIn:base-name", 0.75)
                    break
    return out

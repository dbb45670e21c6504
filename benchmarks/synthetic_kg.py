"""A synthetic knowledge graph of exactly N triples in the MODEL.md shape, for measuring SPARQL latency at scale.

    .venv/bin/python -m benchmarks.synthetic_kg --triples 1000000 --output /tmp/kg-1m.nt [--store /tmp/kg-1m/store]

The graph is written as N-Triples (which is also Turtle, so `kg.store.store.write_store` loads it as it loads
`kg build`'s output). It is made of documents the way `kg build` makes it: each synthetic article is about a park,
mentions some two dozen entities of the eleven types (new ones and ones seen before, popular ones more often: parks,
regions and industries become hubs), and yields relations with their rdf:Statement assertions, facts with their
figures, and the evidence sentences they point to. The names the saved queries look up exist (抚州高新区 as an alias
of a park, 江西赣锋锂业集团股份有限公司, the metric 工业营收), so every saved query has answers.

The same N and seed give the same file, byte for byte. The last few hundred triples, after the last whole
document, are further aliases (skos:altLabel) of entities, so the count comes out exact.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

KG = "https://w3id.org/kg-industry/ontology#"
KGR = "https://w3id.org/kg-industry/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# A document's size bound (triples, with the entity mentions it adds), so generation stops before passing N.
DOC_BOUND = 2500

PROVINCES = ["江西", "湖北", "湖南", "安徽", "浙江", "江苏", "广东", "福建", "四川", "河南", "山东", "陕西", "广西"]
CITY_SYLLABLES = list("安宁华兴昌泰平新丰德永清宜南北东西阳庆嘉和林宁康通远长乐吉福顺")
BRAND_SYLLABLES = list("鑫源达盛华瑞宏泰科创新联博晶恒信诚通宇航天聚力德润丰驰凯远蓝海特星锐宁凌峰")
INDUSTRIES = [
    "新能源汽车", "锂电池", "锂电新能源", "光伏", "半导体", "集成电路", "生物医药", "电子信息", "新材料", "航空",
    "装备制造", "有色金属", "铜基新材料", "稀土", "数字经济", "人工智能", "储能", "氢能", "现代农业", "食品加工",
    "纺织服装", "家具", "化工", "精细化工", "医疗器械", "智能制造", "物联网", "软件和信息服务", "文化旅游", "现代物流",
]
INDUSTRY_VARIANTS = ["高端{}", "{}零部件", "{}材料", "{}装备", "智能{}"]
INDUSTRY_WORDS = ["锂电", "新材料", "光电", "电子", "医药", "智能", "汽车", "能源", "精密", "化工", "科技", "环保"]
COMPANY_SUFFIXES = ["股份有限公司", "有限公司", "集团有限公司", "科技有限公司"]
PARK_KINDS = [
    ("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("工业园区", "工业园"), ("产业园", "产业园"),
]
UNIVERSITY_KINDS = ["大学", "理工大学", "师范大学", "科技大学", "工业大学", "农业大学", "医科大学", "财经大学"]
INSTITUTE_FIELDS = ["新材料", "锂电", "先进制造", "生物医药", "人工智能", "稀土功能材料", "智能装备", "储能技术"]
INSTITUTE_KINDS = ["研究院", "研究中心", "工程技术研究中心", "实验室"]
DEPARTMENTS = ["工业和信息化局", "发展和改革委员会", "商务局", "科学技术局", "人民政府", "管委会"]
POLICY_PATTERNS = [
    "关于加快{}产业发展的若干措施", "{}产业高质量发展实施方案", "支持{}产业集群发展的意见", "{}产业链链长制工作方案",
]
DESIGNATIONS = [
    "国家级专精特新“小巨人”企业", "国家高新技术企业", "省级链主企业", "国家级绿色工厂", "省级专精特新中小企业",
    "国家级经济技术开发区", "首批国家级高新区", "全省工业高质量发展先进县", "国家新型工业化产业示范基地",
    "省级重点产业集群", "国家级企业技术中心", "全国综合实力百强区",
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国志红文斌鹏宇浩然晨")
# metric, unit as written, base unit, factor to the base unit, range of values as written
METRICS = [
    ("工业营收", "亿元", "CNY", 10**8, (50, 2000)),
    ("营业收入", "亿元", "CNY", 10**8, (1, 500)),
    ("固定资产投资", "亿元", "CNY", 10**8, (5, 300)),
    ("税收", "亿元", "CNY", 10**8, (1, 80)),
    ("研发投入", "万元", "CNY", 10**4, (500, 90000)),
    ("工业增加值同比增长", "%", "percent", 1, (1, 30)),
    ("规上工业企业", "家", "count", 1, (20, 600)),
    ("产能", "万吨", "tonne", 10**4, (1, 100)),
]
PERIODS = ["2022", "2023", "2024", "2024年上半年", "2025年一季度", ""]
CONFIDENCES = ["0.5", "0.6", "0.65", "0.7", "0.75", "0.8", "0.85", "0.9", "0.95"]

# relation, head type, tail type, weight, trigger words (the extraction rule is relation:trigger)
RELATIONS = [
    ("locatedIn", "Company", "Park", 10, ["落户", "位于", "topic-park"]),
    ("locatedIn", "Park", "Region", 3, ["name-prefix", "位于"]),
    ("locatedIn", "Company", "Region", 2, ["落地", "name-prefix"]),
    ("focusesOn", "Park", "Industry", 6, ["trigger", "聚焦"]),
    ("focusesOn", "Region", "Industry", 1, ["trigger"]),
    ("focusesOn", "Company", "Industry", 2, ["深耕", "trigger"]),
    ("chainLeaderOf", "Company", "Industry", 2, ["链主"]),
    ("subsidiaryOf", "Company", "Company", 1, ["旗下", "子公司"]),
    ("cooperatesWith", "Company", "Company", 2, ["合作", "签约"]),
    ("cooperatesWith", "University", "Company", 2, ["共建", "合作"]),
    ("cooperatesWith", "ResearchInstitute", "Company", 1, ["合作"]),
    ("coBuilds", "University", "ResearchInstitute", 1, ["共建"]),
    ("coBuilds", "Company", "ResearchInstitute", 1, ["共建"]),
    ("coBuilds", "Company", "Project", 1, ["共建"]),
    ("coBuilds", "University", "Project", 1, ["共建"]),
    ("investsIn", "Company", "Project", 2, ["投资", "投建"]),
    ("undertakes", "Company", "Project", 1, ["承建", "承担"]),
    ("issuedBy", "Policy", "GovernmentBody", 3, ["出台", "印发"]),
    ("issuedBy", "Policy", "Region", 1, ["出台"]),
    ("suppliesTo", "Company", "Company", 2, ["供应", "配套"]),
    ("worksFor", "Person", "Company", 2, ["董事长", "总经理"]),
    ("worksFor", "Person", "GovernmentBody", 1, ["局长", "主任"]),
    ("hasDesignation", "Company", "Designation", 2, ["获评", "入选"]),
    ("hasDesignation", "Park", "Designation", 1, ["获评"]),
]
RELATION_WEIGHTS = [r[3] for r in RELATIONS]
CLAUSES = {
    "locatedIn": "{h}位于{t}",
    "focusesOn": "{h}聚焦{t}产业",
    "chainLeaderOf": "{h}是{t}产业链链主企业",
    "subsidiaryOf": "{h}是{t}旗下企业",
    "cooperatesWith": "{h}与{t}签署战略合作协议",
    "coBuilds": "{h}参与共建{t}",
    "investsIn": "{h}投资建设{t}",
    "undertakes": "{h}承建{t}",
    "issuedBy": "{t}出台《{h}》",
    "suppliesTo": "{h}为{t}配套供应关键材料",
    "worksFor": "{h}任{t}负责人",
    "hasDesignation": "{h}获评{t}",
}
# Entities a document mentions, per type: (new ones on average, known ones). Industries, regions, universities and
# honours are few and come back often; firms, people and policies are mostly new.
PER_DOCUMENT = {
    "Company": (5.0, 4), "Park": (0.8, 1), "Industry": (0.1, 3), "Region": (0.2, 1), "University": (0.1, 1),
    "ResearchInstitute": (0.5, 1), "GovernmentBody": (0.5, 1), "Policy": (1.0, 0), "Project": (0.8, 1),
    "Person": (2.0, 0), "Designation": (0.05, 1),
}
RELATIONS_PER_DOCUMENT = 40
FACTS_PER_DOCUMENT = 25
SENTENCES_PER_DOCUMENT = 30


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def _literal(text: str, suffix: str = "") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"{suffix}'


def _zh(text: str) -> str:
    return _literal(text, "@zh")


def _typed(value: str, datatype: str) -> str:
    return _literal(value, f"^^<{XSD}{datatype}>")


@dataclass
class Entity:
    iri: str
    type: str
    label: str
    aliases: list[str]
    confidence: str
    documents: list[str] = field(default_factory=list)


@dataclass
class Stats:
    triples: int = 0
    documents: int = 0
    relations: int = 0
    facts: int = 0
    entities: dict[str, int] = field(default_factory=dict)


class _Writer:
    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.count = 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.handle.write(f"<{subject}> <{predicate}> {obj} .\n")
        self.count += 1


class _Names:
    """Distinct Chinese names per type, made from syllables; the first of a type can be fixed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[tuple[str, str]] = set()
        self.cities = self._cities(800)

    def _cities(self, n: int) -> list[str]:
        cities: list[str] = []
        while len(cities) < n:
            name = "".join(self.rng.sample(CITY_SYLLABLES, 2))
            if name not in cities:
                cities.append(name)
        return cities

    def unique(self, type_: str, make: Callable[[], tuple[str, list[str]]]) -> tuple[str, list[str]]:
        for _ in range(1000):
            label, aliases = make()
            if (type_, label) not in self.seen:
                self.seen.add((type_, label))
                return label, aliases
        raise RuntimeError(f"ran out of {type_} names: this generator makes graphs of up to a few million triples")

    def make(self, type_: str, i: int) -> tuple[str, list[str]]:
        """The i-th name of a type: the first ones of a few types are fixed vocabularies, the rest generated."""
        fixed = {"Region": [p + "省" for p in PROVINCES], "Industry": INDUSTRIES, "Designation": DESIGNATIONS}
        if i < len(fixed.get(type_, [])):
            label = fixed[type_][i]
            return self.unique(type_, lambda: (label, [label[:-1]] if type_ == "Region" else []))
        return self.unique(type_, lambda: self._generated(type_, i))

    def _generated(self, type_: str, i: int) -> tuple[str, list[str]]:
        rng = self.rng
        city = rng.choice(self.cities)
        if type_ == "Region":
            return f"{city}{rng.choice(['市', '县', '区'])}", []
        if type_ == "Park":
            long, short = rng.choice(PARK_KINDS)
            return f"{city}{long}", [f"{city}{short}"]
        if type_ == "Company":
            brand, word = "".join(rng.sample(BRAND_SYLLABLES, 2)), rng.choice(INDUSTRY_WORDS)
            province = PROVINCES[i % len(PROVINCES)]
            return f"{province}{brand}{word}{rng.choice(COMPANY_SUFFIXES)}", [f"{brand}{word}", brand]
        if type_ == "Industry":
            return rng.choice(INDUSTRY_VARIANTS).format(rng.choice(INDUSTRIES)), []
        if type_ == "University":
            return f"{city}{rng.choice(UNIVERSITY_KINDS)}", []
        if type_ == "ResearchInstitute":
            return f"{city}{rng.choice(INSTITUTE_FIELDS)}{rng.choice(INSTITUTE_KINDS)}", []
        if type_ == "GovernmentBody":
            return f"{city}市{rng.choice(DEPARTMENTS)}", []
        if type_ == "Policy":
            return city + rng.choice(POLICY_PATTERNS).format(rng.choice(INDUSTRIES)), []
        if type_ == "Project":
            product = rng.choice(["材料", "部件", "装备"])
            return f"年产{rng.randint(1, 50)}万吨{rng.choice(INDUSTRIES)}{product}项目", []
        if type_ == "Person":
            return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2]))), []
        if type_ == "Designation":
            return f"第{rng.randint(2, 9)}批{rng.choice(DESIGNATIONS)}", []
        raise ValueError(f"unknown entity type {type_}")


# The entities every saved query looks for, first in their pools so they are also the biggest hubs.
FIXED = {
    "Park": ("抚州高新技术产业开发区", ["抚州高新区"]),
    "Company": ("江西赣锋锂业集团股份有限公司", ["赣锋锂业", "赣锋"]),
}


def _skewed(rng: random.Random, n: int) -> int:
    """An index in [0, n) where low indexes come up far more often (hubs)."""
    return min(int(n * rng.random() ** 3), n - 1)


def generate(output: Path, triples: int, seed: int = 42) -> Stats:
    """Write a graph of exactly `triples` triples to `output` (N-Triples) and say what is in it."""
    if triples < DOC_BOUND * 2:
        raise ValueError(f"ask for at least {DOC_BOUND * 2} triples")
    rng = random.Random(seed)
    names = _Names(rng)
    pools: dict[str, list[Entity]] = defaultdict(list)
    stats = Stats()
    pending = 0  # triples owed at the end: each entity's mentionCount and one prov:wasDerivedFrom per document

    def new_entity(type_: str) -> Entity:
        i = len(pools[type_])
        label, aliases = FIXED[type_] if i == 0 and type_ in FIXED else names.make(type_, i)
        entity = Entity(f"{KGR}{type_}/{_key(label, type_)}", type_, label, aliases, rng.choice(CONFIDENCES[3:]))
        pools[type_].append(entity)
        return entity

    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="\n") as handle:
        out = _Writer(handle)

        def describe(entity: Entity) -> None:
            out.add(entity.iri, RDF + "type", f"<{KG}{entity.type}>")
            out.add(entity.iri, RDFS + "label", _zh(entity.label))
            out.add(entity.iri, SKOS + "prefLabel", _zh(entity.label))
            for alias in entity.aliases:
                out.add(entity.iri, SKOS + "altLabel", _zh(alias))
            out.add(entity.iri, KG + "confidence", _typed(entity.confidence, "decimal"))

        direct: set[tuple[str, str, str]] = set()
        while out.count + pending + DOC_BOUND < triples:
            d = stats.documents
            stats.documents += 1
            file_name = f"{d:06d}_synthetic.txt"
            doc_key = hashlib.sha256(f"{seed}|{file_name}".encode()).hexdigest()
            doc = f"{KGR}Document/{doc_key[:16]}"
            out.add(doc, RDF + "type", f"<{KG}Document>")
            out.add(doc, RDF + "type", f"<{PROV}Entity>")
            out.add(doc, KG + "fileName", _literal(file_name))
            out.add(doc, KG + "sha256", _literal(doc_key))
            out.add(doc, KG + "encoding", _literal("utf-8"))

            local: dict[str, list[Entity]] = {}
            for type_, (rate, known) in PER_DOCUMENT.items():
                chosen: list[Entity] = []
                new = int(rate) + (rng.random() < rate - int(rate))
                for _ in range(new if pools[type_] else max(new, 1)):
                    entity = new_entity(type_)
                    describe(entity)
                    chosen.append(entity)
                pool = pools[type_]
                chosen += [pool[_skewed(rng, len(pool))] for _ in range(known)]
                if type_ in FIXED and rng.random() < 0.3:  # the names the saved queries look for come up often
                    chosen.append(pool[0])
                local[type_] = list({e.iri: e for e in chosen}.values())
            mentioned = {e.iri: e for group in local.values() for e in group}
            for entity in mentioned.values():
                if doc not in entity.documents:
                    if not entity.documents:
                        pending += 1  # its mentionCount
                    entity.documents.append(doc)
                    pending += 1

            # What each sentence says: relations and facts, assigned to sentences in reading order.
            items: list[tuple[int, str, tuple]] = []
            for _ in range(RELATIONS_PER_DOCUMENT):
                relation, head_type, tail_type, _w, triggers = rng.choices(RELATIONS, weights=RELATION_WEIGHTS)[0]
                head, tail = rng.choice(local[head_type]), rng.choice(local[tail_type])
                if head.iri == tail.iri:
                    continue
                items.append((rng.randrange(SENTENCES_PER_DOCUMENT), "relation", (relation, head, tail, triggers)))
            for _ in range(FACTS_PER_DOCUMENT):
                subject = rng.choice(local["Park"] if rng.random() < 0.6 else local["Company"])
                items.append((rng.randrange(SENTENCES_PER_DOCUMENT), "fact", (subject, rng.choice(METRICS))))
            items.sort(key=lambda item: item[0])

            clauses: dict[int, list[str]] = defaultdict(list)
            for index, kind, content in items:
                if kind == "relation":
                    relation, head, tail, _t = content
                    clauses[index].append(CLAUSES[relation].format(h=head.label, t=tail.label))
                else:
                    subject, (metric, unit, *_rest) = content
                    clauses[index].append(f"{subject.label}{metric}")
            starts: dict[int, int] = {}
            position = 0
            for index in range(SENTENCES_PER_DOCUMENT):
                text = "，".join(clauses[index]) + "。" if clauses[index] else "园区持续优化营商环境。"
                sentence = f"{KGR}Sentence/{doc_key[:16]}-{position}"
                starts[index] = position
                out.add(sentence, RDF + "type", f"<{KG}Sentence>")
                out.add(sentence, RDF + "type", f"<{PROV}Entity>")
                out.add(sentence, KG + "text", _zh(text))
                out.add(sentence, KG + "startOffset", _typed(str(position), "integer"))
                out.add(sentence, KG + "endOffset", _typed(str(position + len(text)), "integer"))
                out.add(sentence, KG + "inDocument", f"<{doc}>")
                position += len(text) + 1

            for n, (index, kind, content) in enumerate(items):
                sentence = f"{KGR}Sentence/{doc_key[:16]}-{starts[index]}"
                if kind == "relation":
                    relation, head, tail, triggers = content
                    stats.relations += 1
                    if (head.iri, relation, tail.iri) not in direct:
                        direct.add((head.iri, relation, tail.iri))
                        out.add(head.iri, KG + relation, f"<{tail.iri}>")
                    assertion = f"{KGR}Assertion/{_key(doc, str(n), head.iri, relation, tail.iri)}"
                    out.add(assertion, RDF + "type", f"<{RDF}Statement>")
                    out.add(assertion, RDF + "type", f"<{KG}RelationAssertion>")
                    out.add(assertion, RDF + "subject", f"<{head.iri}>")
                    out.add(assertion, RDF + "predicate", f"<{KG}{relation}>")
                    out.add(assertion, RDF + "object", f"<{tail.iri}>")
                    out.add(assertion, KG + "confidence", _typed(rng.choice(CONFIDENCES), "decimal"))
                    out.add(assertion, KG + "extractionRule", _literal(f"{relation}:{rng.choice(triggers)}"))
                    out.add(assertion, PROV + "wasDerivedFrom", f"<{sentence}>")
                else:
                    subject, (metric, unit, base, factor, (low, high)) = content
                    stats.facts += 1
                    value = round(rng.uniform(low, high), 1 if unit in ("亿元", "%") else 0)
                    written = f"{value:.1f}" if unit in ("亿元", "%") else str(int(value))
                    normalized = f"{value * factor:.1f}" if factor == 1 else str(round(value * factor))
                    fact = f"{KGR}Fact/{_key(doc, str(n), subject.iri, metric)}"
                    out.add(subject.iri, KG + "hasFact", f"<{fact}>")
                    out.add(fact, RDF + "type", f"<{KG}Fact>")
                    out.add(fact, KG + "subject", f"<{subject.iri}>")
                    out.add(fact, KG + "metric", _zh(metric))
                    out.add(fact, KG + "value", _typed(written, "decimal"))
                    out.add(fact, KG + "unit", _literal(unit))
                    out.add(fact, KG + "normalizedValue", _typed(normalized, "decimal"))
                    out.add(fact, KG + "normalizedUnit", _literal(base))
                    out.add(fact, KG + "period", _literal(rng.choice(PERIODS)))
                    out.add(fact, KG + "confidence", _typed(rng.choice(CONFIDENCES), "decimal"))
                    out.add(fact, KG + "extractionRule", _literal("fact:metric-value"))
                    out.add(fact, PROV + "wasDerivedFrom", f"<{sentence}>")

        everyone = [e for type_ in sorted(pools) for e in pools[type_]]
        for entity in everyone:
            if entity.documents:
                out.add(entity.iri, KG + "mentionCount", _typed(str(len(entity.documents)), "integer"))
                for doc in entity.documents:
                    out.add(entity.iri, PROV + "wasDerivedFrom", f"<{doc}>")
        # Exactly N: further aliases, as later articles would add them.
        i = 0
        while out.count < triples:
            entity = everyone[i % len(everyone)]
            out.add(entity.iri, SKOS + "altLabel", _zh(f"{entity.label[:6]}（别称{i // len(everyone) + 1}）"))
            i += 1
        stats.triples = out.count
    stats.entities = {type_: len(pool) for type_, pool in sorted(pools.items())}
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000, help="how many triples (default: 1,000,000)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    p.add_argument("--output", type=Path, required=True, help="the N-Triples file to write")
    p.add_argument("--store", type=Path, help="also build a kg store (as `kg build` writes it) in this folder")
    args = p.parse_args(argv)
    started = time.perf_counter()
    stats = generate(args.output, args.triples, args.seed)
    print(f"{stats.triples} triples, {stats.documents} documents, {stats.relations} relation assertions, "
          f"{stats.facts} facts -> {args.output} ({time.perf_counter() - started:.1f} s)")
    print("entities: " + ", ".join(f"{t} {n}" for t, n in stats.entities.items()))
    if args.store:
        from kg.store.store import write_store

        started = time.perf_counter()
        count = write_store(args.output, args.store)
        print(f"store: {count} triples -> {args.store} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

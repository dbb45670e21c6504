"""A synthetic knowledge graph of any size, in the MODEL.md shape, for measuring the network page.

    .venv/bin/python -m benchmarks.synthetic_graph --nodes 5000 --edges 20000 --output out/synthetic.ttl

The graph looks like the real one where it matters for drawing: the eleven entity types in realistic proportions,
Chinese names with aliases, the twelve relations between the types they connect, hubs (a few parks, regions and
industries take many edges, as in the seed articles), evidence sentences in a few hundred documents, confidences
and figures. The same arguments always give the same graph.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import defaultdict
from pathlib import Path

from kg.viz import Network, NetworkEdge, NetworkFact, NetworkNode
from kg.vocab import ENTITY_TYPES

R = "https://w3id.org/kg-industry/resource/"

# Share of the entities of each type (sums to 1).
TYPE_SHARES = {
    "Company": 0.38,
    "Industry": 0.10,
    "Person": 0.09,
    "Project": 0.08,
    "Park": 0.06,
    "Policy": 0.06,
    "Region": 0.05,
    "Designation": 0.05,
    "GovernmentBody": 0.05,
    "ResearchInstitute": 0.05,
    "University": 0.03,
}

# relation, head types, tail types, share of the edges
RELATION_PATTERNS: list[tuple[str, tuple[str, ...], tuple[str, ...], float]] = [
    ("locatedIn", ("Company", "Park", "University", "ResearchInstitute", "Project"), ("Region", "Park"), 0.22),
    ("focusesOn", ("Park", "Company", "Region"), ("Industry",), 0.16),
    ("hasDesignation", ("Company", "Park", "University", "Project"), ("Designation",), 0.10),
    ("cooperatesWith", ("Company", "University", "ResearchInstitute"), ("Company", "University",
                                                                        "ResearchInstitute"), 0.08),
    ("suppliesTo", ("Company",), ("Company",), 0.08),
    ("worksFor", ("Person",), ("Company", "University", "GovernmentBody", "ResearchInstitute"), 0.07),
    ("investsIn", ("Company",), ("Project", "Company", "Park"), 0.07),
    ("issuedBy", ("Policy",), ("GovernmentBody",), 0.05),
    ("undertakes", ("Company", "ResearchInstitute", "University"), ("Project",), 0.05),
    ("coBuilds", ("University", "Company", "Park"), ("ResearchInstitute", "Park", "Project"), 0.05),
    ("chainLeaderOf", ("Company",), ("Industry",), 0.04),
    ("subsidiaryOf", ("Company",), ("Company",), 0.03),
]

# Characters that make up the distinctive part of names: entity i of a type gets a unique run of them.
NAME_CHARS = (
    "赣锋华瑞恒泰宏达远景安新鸿腾飞云海星光明德信诚嘉禾盛隆昌宇中天宝利通科创智联汇源丰润金银铜锂钴硅晶芯电能"
    "川岳江湖林森春秋东南西北龙凤麒麟鹏程万里和平福寿康宁永兴长青"
)
PLACES = ["江西", "抚州", "新余", "赣州", "南昌", "宜春", "九江", "上饶", "吉安", "萍乡", "景德镇", "鹰潭", "常州"]
TRADES = ["锂电", "新材料", "电子", "智能装备", "生物医药", "光伏", "汽车零部件", "数控", "新能源", "半导体"]
SUFFIXES = {
    "Company": ("{place}{core}{trade}科技有限公司", "{core}{trade}"),
    "Industry": ("{core}{trade}产业", None),
    "Person": ("{surname}{core}", None),
    "Project": ("{core}{trade}项目", None),
    "Park": ("{place}{core}高新技术产业开发区", "{place}{core}高新区"),
    "Policy": ("关于支持{core}{trade}产业发展的若干措施", None),
    "Region": ("{core}县", None),
    "Designation": ("国家级{core}{trade}示范基地", None),
    "GovernmentBody": ("{place}{core}工业和信息化局", "{core}工信局"),
    "ResearchInstitute": ("{place}{core}{trade}研究院", "{core}研究院"),
    "University": ("{core}理工大学", "{core}理工"),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
METRICS = [("营收", "亿元", 1e8, "CNY"), ("工业营收", "亿元", 1e8, "CNY"), ("投资", "亿元", 1e8, "CNY"),
           ("同比增长", "%", 1.0, "percent"), ("企业数量", "家", 1.0, "count")]
DOCUMENTS = 300


def _core(index: int, width: int) -> str:
    """A unique run of `width` characters for entity `index` of its type."""
    chars = []
    for _ in range(width):
        index, digit = divmod(index, len(NAME_CHARS))
        chars.append(NAME_CHARS[digit])
    return "".join(chars)


def _preferential(rng: random.Random, size: int, skew: float) -> int:
    """An index in [0, size) where low indices are much more likely: hubs, as real graphs have."""
    return min(int(size * rng.random() ** skew), size - 1)


def synthetic_network(nodes: int = 5000, edges: int = 20000, seed: int = 7) -> Network:
    """A Network of exactly `nodes` entities and (up to the number of possible pairs) `edges` relations."""
    rng = random.Random(seed)
    counts = {t: max(1, round(nodes * share)) for t, share in TYPE_SHARES.items()}
    counts["Company"] += nodes - sum(counts.values())
    width = 2 if max(counts.values()) <= len(NAME_CHARS) ** 2 else 3

    pools: dict[str, list[NetworkNode]] = defaultdict(list)
    for entity_type in ENTITY_TYPES:
        template, alias_template = SUFFIXES[entity_type]
        for i in range(counts[entity_type]):
            words = {
                "core": _core(i, width),
                "place": PLACES[i % len(PLACES)],
                "trade": TRADES[(i // len(PLACES)) % len(TRADES)],
                "surname": SURNAMES[i % len(SURNAMES)],
            }
            label = template.format(**words)
            aliases = [alias_template.format(**words)] if alias_template else []
            key = hashlib.sha256(f"{entity_type}:{label}".encode()).hexdigest()[:16]
            confidence = round(rng.uniform(0.5, 1.0), 2)
            pools[entity_type].append(NetworkNode(f"{R}{entity_type}/{key}", label, entity_type, aliases, confidence))

    for entity_type in ("Company", "Park", "Region", "Industry"):
        for node in pools[entity_type]:
            if rng.random() < 0.3:
                for metric, unit, scale, normalized_unit in rng.sample(METRICS, rng.randint(1, 3)):
                    value = round(rng.uniform(1, 900), 1)
                    period = rng.choice(["2023", "2024", "2024年上半年", ""])
                    sentence = f"{node.label}{period}{metric}{value}{unit}。"
                    node.facts.append(
                        NetworkFact(metric, f"{value:g}", unit, period, round(value * scale, 2), normalized_unit,
                                    round(rng.uniform(0.6, 0.9), 2), [(sentence, _document(rng))])
                    )
            node.facts.sort(key=lambda f: (f.metric, f.period, f.value))

    weights = [pattern[3] for pattern in RELATION_PATTERNS]
    found: dict[tuple[str, str, str], NetworkEdge] = {}
    attempts = 0
    while len(found) < edges and attempts < edges * 20:
        attempts += 1
        relation, heads, tails, _ = rng.choices(RELATION_PATTERNS, weights)[0]
        head_pool = pools[rng.choice(heads)]
        tail_pool = pools[rng.choice(tails)]
        head = head_pool[_preferential(rng, len(head_pool), 1.3)]
        tail = tail_pool[_preferential(rng, len(tail_pool), 2.5)]
        if head.id == tail.id:
            continue
        source, target = head.id, tail.id
        if relation == "cooperatesWith" and target < source:
            source, target = target, source
        if (source, relation, target) in found:
            continue
        evidence = [
            (f"{head.label}与{tail.label}相关的第{attempts}条报道。", _document(rng))
            for _ in range(1 if rng.random() < 0.8 else 2)
        ]
        found[(source, relation, target)] = NetworkEdge(
            source, target, relation, round(rng.uniform(0.5, 1.0), 2), sorted(set(evidence), key=lambda e: e[1])
        )
    all_nodes = sorted((n for pool in pools.values() for n in pool), key=lambda n: n.id)
    return Network(all_nodes, [found[k] for k in sorted(found)])


def _document(rng: random.Random) -> str:
    return f"{rng.randrange(DOCUMENTS):03d}_synthetic.txt"


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_turtle(network: Network) -> str:
    """The network as Turtle in the MODEL.md shape: entities, direct edges, reified assertions, facts, provenance."""
    lines = [
        "@prefix kg: <https://w3id.org/kg-industry/ontology#> .",
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
    ]
    sentences: dict[tuple[str, str], str] = {}
    documents: dict[str, str] = {}

    def sentence_iri(text: str, file: str) -> str:
        if (text, file) not in sentences:
            doc = documents.setdefault(file, hashlib.sha256(file.encode()).hexdigest()[:16])
            sentences[(text, file)] = f"<{R}Sentence/{doc}-{len(sentences)}>"
        return sentences[(text, file)]

    for node in network.nodes:
        names = [f"rdfs:label {_literal(node.label)}@zh", f"skos:prefLabel {_literal(node.label)}@zh"]
        names += [f"skos:altLabel {_literal(alias)}@zh" for alias in node.aliases]
        lines.append(f"<{node.id}> a kg:{node.type} ; {' ; '.join(names)} ;\n"
                     f'    kg:confidence "{node.confidence}"^^xsd:decimal .')
        for i, fact in enumerate(node.facts):
            fact_iri = f"<{R}Fact/{hashlib.sha256(f'{node.id}#{i}'.encode()).hexdigest()[:16]}>"
            lines.append(
                f"{fact_iri} a kg:Fact ; kg:subject <{node.id}> ; kg:metric {_literal(fact.metric)}@zh ;\n"
                f'    kg:value "{fact.value}"^^xsd:decimal ; kg:unit {_literal(fact.unit)} ;\n'
                f'    kg:normalizedValue "{fact.normalized:f}"^^xsd:decimal ;\n'
                f'    kg:normalizedUnit "{fact.normalized_unit}" ;\n'
                f'    kg:period {_literal(fact.period)} ; kg:confidence "{fact.confidence}"^^xsd:decimal ;\n'
                f'    kg:extractionRule "fact:synthetic" ; prov:wasDerivedFrom {sentence_iri(*fact.evidence[0])} .\n'
                f"<{node.id}> kg:hasFact {fact_iri} ."
            )
    for i, edge in enumerate(network.edges):
        lines.append(f"<{edge.source}> kg:{edge.relation} <{edge.target}> .")
        for j, (text, file) in enumerate(edge.evidence):
            lines.append(
                f"<{R}Assertion/{i:010x}{j:06x}> a rdf:Statement, kg:RelationAssertion ;\n"
                f"    rdf:subject <{edge.source}> ; rdf:predicate kg:{edge.relation} ; rdf:object <{edge.target}> ;\n"
                f'    kg:confidence "{edge.confidence}"^^xsd:decimal ;\n'
                f'    kg:extractionRule "{edge.relation}:synthetic" ;\n'
                f"    prov:wasDerivedFrom {sentence_iri(text, file)} ."
            )
    for (text, file), iri in sentences.items():
        lines.append(f"{iri} a kg:Sentence, prov:Entity ; kg:text {_literal(text)}@zh ; kg:startOffset 0 ;\n"
                     f"    kg:inDocument <{R}Document/{documents[file]}> .")
    for file, doc in sorted(documents.items()):
        lines.append(f'<{R}Document/{doc}> a kg:Document, prov:Entity ; kg:fileName {_literal(file)} .')
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic_graph", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, required=True, metavar="FILE", help="the Turtle file to write")
    args = parser.parse_args(argv)
    network = synthetic_network(args.nodes, args.edges, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(to_turtle(network), encoding="utf-8")
    print(f"{len(network.nodes)} entities, {len(network.edges)} relations -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

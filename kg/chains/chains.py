"""Industrial chains: put the graph's firms and industries on chain links, with evidence, and answer a 招商 team.

The chains are SKOS concept schemes in `ontology/chains/` (segments 上游/中游/下游, ordered links, the press's names
as altLabels, the trade words of firm names as hiddenLabels). Everything here reads the built store through SPARQL
(`kg build` writes it; any build works), so `kg chain` needs nothing but an --out folder.

A placement says why an entity sits on a link (or on a chain, link not stated): the route, a confidence and the
sentence (or the rule) that made it. Routes, in the order they are tried:

- industry-label   an Industry entity whose name, once 产业/产业链/集群/行业 are cut, is a link's or chain's label;
- focusesOn        a firm focusing on such an industry (the edge's sentence is the evidence);
- chainLeaderOf    a firm leading such an industry; leading a whole chain puts it on the chain's core link;
- trade-word       a trade word in the firm's name (锂业, 隔膜, 药业: the link's hiddenLabels and prefLabel);
- lexicon-tag      the industry tag of the firm in kg/extraction/lexicons/firms.txt;
- subsidiaryOf     a base or subsidiary takes its parent's placements;
- suppliesTo       a supplier of a firm on a link with a kgch:supplierLink (a supplier of a vehicle maker is a parts
                   maker) goes there when nothing else places it in that chain.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.extraction.lexicon import load as load_lexicons
from kg.model import name_key
from kg.store.store import run_query
from kg.vocab import CHAINS_DIR, KGR, PREFIXES

# How much a placement keeps of the confidence of the edge or match it comes from, by how it was made.
EXACT_MATCH = 1.0  # the industry's whole name is a label of the link
PART_MATCH = 0.8  # one part of a 及/和/与 list is
CORE_LINK_FACTOR = 0.6  # a leader (or lexicon tag) of a whole chain put on the chain's core link
SUBSIDIARY_FACTOR = 0.9  # a base inherits its parent's placement
SUPPLIER_FACTOR = 0.6  # a supplier put on the supplier link of its customer's link
TRADE_WORD_LONG = 0.65  # a trade word of three or more characters in the firm's name
TRADE_WORD_SHORT = 0.55  # of two characters
TRADE_WORD_CHAIN = 0.5  # a chain-level trade word (光伏, 储能): on the chain, link not stated
LEXICON_TAG = 0.7  # the firm lexicon's industry tag

# The parts of an investment target's score (printed with each target).
SCORE_SUPPLIES = 3.0  # supplies a firm of the place, or is supplied by one
SCORE_COOPERATES = 2.0  # cooperates with a firm of the place
SCORE_LEADER = 2.0  # leads this chain (链主) elsewhere
SCORE_INVESTS = 2.0  # invests in the place or in something located in it
SCORE_DESIGNATION = 1.0  # per designation (专精特新, 单项冠军, 瞪羚 …), at most two
MAX_DESIGNATIONS = 2
SCORE_FIGURE = 1.0  # a revenue or output figure in the graph
TARGETS_PER_LINK = 5

_SUFFIXES = ("地标产业集群", "产业集群", "产业链", "产业园", "产业", "集群", "行业", "领域", "板块", "赛道")
_PREFIXES = ("国家级", "省级", "国家", "全国")
_LIST_SPLIT = re.compile(r"[及和与暨、/]")
# Designations that name a role in a chain rather than an honour (a leader scores as 链主, from its edge).
_ROLE_WORDS = re.compile(r"链主|龙头")
_REVENUE = re.compile(r"营收|营业收入|销售收入|销售额|产值|主营业务收入")


def normalise_industry(name: str) -> str:
    """An industry name without the words that only say "industry": 新能源汽车产业链 -> 新能源汽车."""
    text = unicodedata.normalize("NFKC", name).strip()
    changed = True
    while changed and text:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
        for prefix in _PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                text, changed = text[len(prefix):], True
    return text


# --------------------------------------------------------------------------------------------------------------
# The chain model
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    iri: str
    chain: str
    order: int
    segment: str  # upstream | midstream | downstream
    segment_zh: str
    label_zh: str
    label_en: str
    alt: tuple[str, ...]
    hidden: tuple[str, ...]
    supplier_link: str | None


@dataclass(frozen=True)
class Chain:
    iri: str
    key: str  # the last part of the IRI, e.g. new-energy-vehicle
    label_zh: str
    label_en: str
    alt: tuple[str, ...]
    hidden: tuple[str, ...]
    source: str
    core_link: str
    links: tuple[Link, ...]

    def names(self) -> tuple[str, ...]:
        return (self.label_zh, self.label_en, self.key, *self.alt)


def _values(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT as strings (None where unbound); the project's prefixes (kg, kgch, skos …) are declared."""
    return [tuple(None if term is None else term.value for term in row) for row in run_query(store, query).rows]


@lru_cache(maxsize=4)
def load_chains(folder: Path = CHAINS_DIR) -> dict[str, Chain]:
    """Every chain of the folder's Turtle files (shapes.ttl left out), by IRI, links in order."""
    store = ox.Store()
    files = sorted(p for p in Path(folder).glob("*.ttl") if p.name != "shapes.ttl")
    if not files:
        raise KgError(f"no chain files (*.ttl) in {folder}")
    for path in files:
        store.load(path=path, format=ox.RdfFormat.TURTLE)

    def labels(prop: str, language: str = "zh") -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        query = f"SELECT ?n ?v WHERE {{ ?n skos:{prop} ?v FILTER(LANG(?v) = '{language}') }}"
        for node, value in _values(store, query):
            found[node].append(value)
        return {node: sorted(values) for node, values in found.items()}

    pref, alt, hidden = labels("prefLabel"), labels("altLabel"), labels("hiddenLabel")
    english = {node: values[0] for node, values in labels("prefLabel", "en").items()}
    links_by_chain: dict[str, list[Link]] = defaultdict(list)
    link_rows = _values(store, """
        SELECT ?link ?chain ?order ?segment ?segmentZh ?supplier WHERE {
          ?link a kgch:Link ; skos:inScheme ?chain ; kgch:order ?order ; skos:broader ?seg .
          ?seg kgch:order ?segOrder ; skos:prefLabel ?segmentZh FILTER(LANG(?segmentZh) = 'zh')
          BIND(STRAFTER(STR(?seg), CONCAT(STR(?chain), "/")) AS ?segment)
          OPTIONAL { ?link kgch:supplierLink ?supplier }
        }""")
    for link, chain, order, segment, segment_zh, supplier in link_rows:
        links_by_chain[chain].append(Link(link, chain, int(order), segment, segment_zh, pref[link][0],
                                          english.get(link, ""), tuple(alt.get(link, ())),
                                          tuple(hidden.get(link, ())), supplier))
    chains = {}
    for chain, source, core in _values(store, """SELECT ?chain ?source ?core WHERE {
            ?chain a kgch:Chain ; dcterms:source ?source ; kgch:coreLink ?core }"""):
        chains[chain] = Chain(chain, chain.rsplit("/", 1)[-1], pref[chain][0], english.get(chain, ""),
                              tuple(alt.get(chain, ())), tuple(hidden.get(chain, ())), source, core,
                              tuple(sorted(links_by_chain[chain], key=lambda link: link.order)))
    return dict(sorted(chains.items(), key=lambda item: item[1].key))


@dataclass(frozen=True)
class Target:
    """Where an industry name points: a link, or a whole chain (link None)."""

    chain: str
    link: str | None


@dataclass
class ChainIndex:
    """Lookups from industry names and firm-name trade words to links and chains."""

    chains: dict[str, Chain]
    links: dict[str, Link]
    industry_names: dict[str, list[Target]]  # normalised name -> targets
    trade_words: dict[str, list[tuple[str, Target]]]  # chain -> [(word, target)], longest word first
    _words: Any = field(default=None, repr=False)  # the Aho-Corasick automaton of every trade word, made on first use

    @classmethod
    def build(cls, chains: dict[str, Chain]) -> ChainIndex:
        links = {link.iri: link for chain in chains.values() for link in chain.links}
        names: dict[str, list[Target]] = defaultdict(list)
        words: dict[str, list[tuple[str, Target]]] = defaultdict(list)
        for chain in chains.values():
            for name in (chain.label_zh, *chain.alt):
                names[normalise_industry(name)].append(Target(chain.iri, None))
            for word in chain.hidden:
                words[chain.iri].append((word, Target(chain.iri, None)))
            for link in chain.links:
                for name in (link.label_zh, *link.alt):
                    names[normalise_industry(name)].append(Target(chain.iri, link.iri))
                for word in {link.label_zh, *link.hidden}:
                    words[chain.iri].append((word, Target(chain.iri, link.iri)))
        # One target per chain and name: the link wins over the whole chain, the first link over later ones.
        deduped = {}
        for name, targets in names.items():
            by_chain: dict[str, Target] = {}
            for target in targets:
                kept = by_chain.get(target.chain)
                if kept is None or (kept.link is None and target.link is not None):
                    by_chain[target.chain] = target
            deduped[name] = sorted(by_chain.values(), key=lambda t: (t.chain, t.link or ""))
        for chain_words in words.values():
            chain_words.sort(key=lambda item: (-len(item[0]), item[0], item[1].link or ""))
        return cls(chains, links, deduped, dict(words))

    def industry_targets(self, name: str) -> list[tuple[Target, float, str]]:
        """Targets of an industry name with the match factor and the name part that matched."""
        whole = normalise_industry(name)
        if whole in self.industry_names:
            return [(t, EXACT_MATCH, whole) for t in self.industry_names[whole]]
        found = []
        parts = [normalise_industry(p) for p in _LIST_SPLIT.split(whole) if p]
        for part in parts if len(parts) > 1 else []:
            found.extend((t, PART_MATCH, part) for t in self.industry_names.get(part, ()))
        return found

    def _automaton(self) -> Any:
        """Every trade word of two or more characters, for finding them all (overlaps too) in one pass over a name."""
        if self._words is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for chain_words in self.trade_words.values():
                for word, _ in chain_words:
                    if len(word) >= 2:
                        automaton.add_word(word, word)
            automaton.make_automaton()
            self._words = automaton
        return self._words

    def trade_word_targets(self, names: Iterable[str]) -> list[tuple[Target, str]]:
        """Per chain, the longest trade word found in any of the firm's names.

        Matches are read like a segmentation: where two trade words overlap in a name, the longer one (or, at equal
        length, the one further left) wins, so 隔膜材料 is 隔膜 and not 膜材, and 燃料电池 is not 电池 (a chain lists
        the longer words it wants: 动力电池, 锂电池)."""
        kept_words: set[str] = set()
        for name in names:
            spans = sorted(((end + 1 - len(word), end + 1, word) for end, word in self._automaton().iter(name)),
                           key=lambda span: (span[0] - span[1], span[0]))
            taken: list[tuple[int, int]] = []
            for start, end, word in spans:
                if all(end <= a or start >= b for a, b in taken):
                    taken.append((start, end))
                    kept_words.add(word)
        if not kept_words:
            return []
        found = []
        for _chain, chain_words in sorted(self.trade_words.items()):
            for word, target in chain_words:
                if word in kept_words:
                    found.append((target, word))
                    break
        return found


def chain_index(folder: Path = CHAINS_DIR) -> ChainIndex:
    return ChainIndex.build(load_chains(folder))


# --------------------------------------------------------------------------------------------------------------
# Reading the graph
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """The best-supported extraction of an edge: its confidence, sentence and document."""

    confidence: float
    sentence: str
    document: str
    rule: str
    sentence_iri: str = ""


@dataclass
class GraphView:
    """What the chain report reads from the store: names, the edges that matter, and their evidence."""

    labels: dict[str, str]  # entity IRI -> rdfs:label
    types: dict[str, str]  # entity IRI -> Company | Industry | Park | Region | …
    aliases: dict[str, list[str]]  # entity IRI -> skos:altLabels
    edges: dict[str, dict[tuple[str, str], Evidence | None]]  # relation -> (subject, object) -> evidence
    designations: dict[str, list[tuple[str, Evidence | None]]]  # firm -> [(designation label, evidence)]
    figures: dict[str, tuple[str, str, Evidence | None]]  # firm -> (metric, "value unit period", evidence)

    def label(self, iri: str) -> str:
        return self.labels.get(iri, iri.rsplit("/", 1)[-1])

    def names(self, iri: str) -> list[str]:
        return [self.label(iri), *self.aliases.get(iri, [])]


# The edges placing firms follows, and those a chain report reads besides (to find and score targets).
PLACEMENT_RELATIONS = ("focusesOn", "chainLeaderOf", "subsidiaryOf", "suppliesTo")
REPORT_RELATIONS = (*PLACEMENT_RELATIONS, "cooperatesWith", "locatedIn", "investsIn", "hasDesignation")


def _best(candidates: list[Evidence]) -> Evidence | None:
    if not candidates:
        return None
    return sorted(candidates, key=lambda e: (-e.confidence, e.document, e.sentence))[0]


def read_graph(store: ox.Store, *, full: bool = True) -> GraphView:
    """The entities and edges the chain report needs, read with a few SPARQL queries; with `full` False only what
    placing firms needs (PLACEMENT_RELATIONS, no designations or figures): kg build's chain layer, on a large graph."""
    rows = partial(_values, store)

    labels, types, aliases = {}, {}, defaultdict(list)
    for iri, kind, label in rows("""SELECT ?e ?type ?label WHERE {
            VALUES ?type { kg:Company kg:Industry kg:Park kg:Region kg:Designation kg:Project kg:University
                           kg:ResearchInstitute kg:GovernmentBody }
            ?e a ?type ; rdfs:label ?label }"""):
        labels[iri] = label
        types[iri] = kind.rsplit("#", 1)[-1]
    for iri, alias in rows("SELECT ?e ?alias WHERE { ?e a ?type ; skos:altLabel ?alias "
                           "VALUES ?type { kg:Company kg:Industry kg:Park kg:Region } }"):
        aliases[iri].append(alias)
    for names in aliases.values():
        names.sort()
    edges: dict[str, dict[tuple[str, str], Evidence | None]] = {}
    for relation in REPORT_RELATIONS if full else PLACEMENT_RELATIONS:
        found: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
        for s, o in rows(f"SELECT ?s ?o WHERE {{ ?s kg:{relation} ?o }}"):
            found[(s, o)] = []
        # Driven from the assertions: an OPTIONAL there is a hundred times slower on Oxigraph (and every assertion
        # has its rule).
        for s, o, conf, text, file, rule, sentence in rows(f"""SELECT ?s ?o ?conf ?text ?file ?rule ?sentence WHERE {{
                ?a rdf:predicate kg:{relation} ; rdf:subject ?s ; rdf:object ?o ; kg:confidence ?conf ;
                   kg:extractionRule ?rule ; prov:wasDerivedFrom ?sentence .
                ?sentence kg:text ?text ; kg:inDocument ?document . ?document kg:fileName ?file .
                }}"""):
            if (s, o) in found:
                found[(s, o)].append(Evidence(float(conf), text or "", file or "", rule or "", sentence or ""))
        edges[relation] = {key: _best(evidence) for key, evidence in found.items()}
    designations: dict[str, list[tuple[str, Evidence | None]]] = defaultdict(list)
    figures: dict[str, tuple[str, str, Evidence | None]] = {}
    if not full:
        return GraphView(labels, types, dict(aliases), edges, dict(designations), figures)
    for (firm, designation), evidence in sorted(edges["hasDesignation"].items()):
        designations[firm].append((labels.get(designation, designation), evidence))
    best_value: dict[str, float] = {}
    for entity, metric, value, unit, period, normalised, text, file, conf in rows("""
            SELECT ?e ?metric ?value ?unit ?period ?normalised ?text ?file ?conf WHERE {
              ?e a kg:Company ; kg:hasFact ?f .
              ?f kg:metric ?metric ; kg:value ?value ; kg:unit ?unit ; kg:normalizedUnit "CNY" ;
                 kg:normalizedValue ?normalised ; kg:confidence ?conf .
              OPTIONAL { ?f kg:period ?period }
              OPTIONAL { ?f prov:wasDerivedFrom ?s . ?s kg:text ?text ; kg:inDocument/kg:fileName ?file }
            }"""):
        if not _REVENUE.search(metric or ""):
            continue
        amount = float(normalised)
        if amount > best_value.get(entity, -1.0):
            best_value[entity] = amount
            shown = f"{value}{unit}" + (f"（{period}）" if period else "")
            figures[entity] = (metric, shown, Evidence(float(conf), text or "", file or "", "fact") if text else None)
    return GraphView(labels, types, dict(aliases), edges, dict(designations), figures)


# --------------------------------------------------------------------------------------------------------------
# Placements
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One reason to put an entity on a link (link None: on the chain, link not stated)."""

    entity: str
    chain: str
    link: str | None
    confidence: float
    route: str
    reason: str  # what made it: the industry or firm it went through, or the rule
    evidence: Evidence | None  # the sentence, when an edge made it

    def as_dict(self, graph: GraphView, index: ChainIndex) -> dict[str, Any]:
        link = index.links.get(self.link) if self.link else None
        return {
            "entity": graph.label(self.entity),
            "entityIri": self.entity,
            "chain": index.chains[self.chain].label_zh,
            "link": link.label_zh if link else None,
            "linkIri": self.link,
            "confidence": round(self.confidence, 3),
            "route": self.route,
            "reason": self.reason,
            "sentence": self.evidence.sentence if self.evidence else None,
            "document": self.evidence.document if self.evidence else None,
        }


def _edge_confidence(evidence: Evidence | None) -> float:
    return evidence.confidence if evidence else 0.5


def place_industries(graph: GraphView, index: ChainIndex) -> dict[str, list[Placement]]:
    """Every Industry entity on the links or chains its name matches (route industry-label)."""
    placements: dict[str, list[Placement]] = {}
    for iri, kind in sorted(graph.types.items()):
        if kind != "Industry":
            continue
        found, seen = [], set()
        for target, factor, part in index.industry_targets(graph.label(iri)):
            if (target.chain, target.link) in seen:  # two parts of a list on one link (钛及钛合金)
                continue
            seen.add((target.chain, target.link))
            reason = f"产业名“{graph.label(iri)}”" + (f"中的“{part}”" if part != normalise_industry(graph.label(iri))
                                                      else "") + "与环节名称一致"
            found.append(Placement(iri, target.chain, target.link, factor, "industry-label", reason, None))
        if found:
            placements[iri] = found
    return placements


def place_firms(graph: GraphView, index: ChainIndex) -> dict[str, list[Placement]]:
    """Every firm on the links its edges, name and lexicon tag point at; see the module docstring for the routes."""
    industries = place_industries(graph, index)
    firms = sorted(iri for iri, kind in graph.types.items() if kind == "Company")
    placed: dict[str, list[Placement]] = defaultdict(list)
    fallbacks: dict[str, list[Placement]] = defaultdict(list)  # core-link guesses, kept only when nothing else
    lexicon = load_lexicons().firm_industries
    for relation in ("focusesOn", "chainLeaderOf"):
        for (firm, industry), evidence in sorted(graph.edges[relation].items()):
            if graph.types.get(firm) != "Company":
                continue
            for via in industries.get(industry, ()):
                confidence = _edge_confidence(evidence) * via.confidence
                reason = f"{'聚焦' if relation == 'focusesOn' else '链主'}：{graph.label(industry)}"
                if via.link is None and relation == "chainLeaderOf":
                    fallbacks[firm].append(Placement(firm, via.chain, index.chains[via.chain].core_link,
                                                     confidence * CORE_LINK_FACTOR, relation,
                                                     reason + "（整链链主，归入链主环节）", evidence))
                    continue
                placed[firm].append(Placement(firm, via.chain, via.link, confidence, relation, reason, evidence))
    for firm in firms:
        for target, word in index.trade_word_targets(graph.names(firm)):
            if target.link is None:
                confidence = TRADE_WORD_CHAIN
            else:
                confidence = TRADE_WORD_LONG if len(word) >= 3 else TRADE_WORD_SHORT
            placed[firm].append(Placement(firm, target.chain, target.link, confidence, "trade-word",
                                          f"企业名称含行业词“{word}”", None))
        tag = next((lexicon[name] for name in graph.names(firm) if name in lexicon), None)
        if tag:
            for target, factor, _ in index.industry_targets(tag):
                reason = f"企业词表行业标签“{tag}”"
                if target.link is None:
                    fallbacks[firm].append(Placement(firm, target.chain, index.chains[target.chain].core_link,
                                                     LEXICON_TAG * factor * CORE_LINK_FACTOR, "lexicon-tag",
                                                     reason + "（归入链主环节）", None))
                else:
                    placed[firm].append(Placement(firm, target.chain, target.link, LEXICON_TAG * factor,
                                                  "lexicon-tag", reason, None))
    _keep_fallbacks(placed, fallbacks)
    # A base or subsidiary takes its parent's link placements where it has none in that chain.
    for (child, parent), evidence in sorted(graph.edges["subsidiaryOf"].items()):
        inherited = defaultdict(list)
        for p in placed.get(parent, ()):
            if p.link is not None:
                inherited[p.chain].append(Placement(child, p.chain, p.link, p.confidence * SUBSIDIARY_FACTOR,
                                                    "subsidiaryOf", f"隶属于{graph.label(parent)}（{p.reason}）",
                                                    evidence))
        for chain, items in inherited.items():
            if not any(q.chain == chain and q.link for q in placed.get(child, ())):
                placed[child].extend(items)
    # A supplier of a firm on a link with a supplier link goes there when nothing else places it in that chain.
    supplier_guesses: dict[str, list[Placement]] = defaultdict(list)
    for (supplier, customer), evidence in sorted(graph.edges["suppliesTo"].items()):
        for p in placed.get(customer, ()):
            link = index.links.get(p.link) if p.link else None
            if link is None or link.supplier_link is None:
                continue
            supplier_guesses[supplier].append(Placement(
                supplier, p.chain, link.supplier_link, _edge_confidence(evidence) * SUPPLIER_FACTOR, "suppliesTo",
                f"为{graph.label(customer)}（{link.label_zh}）配套供应", evidence))
    _keep_fallbacks(placed, supplier_guesses)
    return {firm: _dedupe(items) for firm, items in sorted(placed.items()) if items}


def _keep_fallbacks(placed: dict[str, list[Placement]], fallbacks: dict[str, list[Placement]]) -> None:
    """Add each guessed placement where the firm has no link placement in that chain yet."""
    for firm, guesses in fallbacks.items():
        known = {(p.chain, p.link) for p in placed.get(firm, ()) if p.link}
        chains_with_links = {chain for chain, _ in known}
        for guess in guesses:
            # Also where it agrees with a link already known: it is one more reason for it.
            if guess.chain not in chains_with_links or (guess.chain, guess.link) in known:
                placed[firm].append(guess)


def _dedupe(items: list[Placement]) -> list[Placement]:
    """Placements sorted by chain, link and confidence; a chain-level one is dropped where a link of that chain
    is known; identical route+link pairs keep their best."""
    with_links = {p.chain for p in items if p.link}
    best: dict[tuple[str, str | None, str], Placement] = {}
    for p in items:
        if p.link is None and p.chain in with_links:
            continue
        key = (p.chain, p.link, p.route)
        if key not in best or p.confidence > best[key].confidence:
            best[key] = p
    return sorted(best.values(), key=lambda p: (p.chain, p.link or "", -p.confidence, p.route))


def placement_census(placements: dict[str, list[Placement]]) -> dict[str, Any]:
    """How many firms were put on a link, and by which route (a firm counts once per route)."""
    on_link = {firm for firm, items in placements.items() if any(p.link for p in items)}
    routes: dict[str, set[str]] = defaultdict(set)
    for firm, items in placements.items():
        for p in items:
            if p.link:
                routes[p.route].add(firm)
    return {"firmsOnALink": len(on_link), "firmsOnAChainOnly": len(set(placements) - on_link),
            "byRoute": {route: len(firms) for route, firms in sorted(routes.items())}}


# --------------------------------------------------------------------------------------------------------------
# Places and chains by name
# --------------------------------------------------------------------------------------------------------------

PLACE_TYPES = ("Park", "Region")
MAX_SUGGESTIONS = 8


def _closest(query: str, names: Iterable[str]) -> list[str]:
    """Names containing the query or contained in it first, then the most similar ones."""
    names = sorted(set(names))
    q = name_key(query)
    containing = [n for n in names if q and (q in name_key(n) or name_key(n) in q)]
    similar = difflib.get_close_matches(query, names, n=MAX_SUGGESTIONS, cutoff=0.3)
    return list(dict.fromkeys(containing + similar))[:MAX_SUGGESTIONS]


def find_place(graph: GraphView, name: str) -> str:
    """The park or region called `name` (its label or an alias); KgError listing the closest names otherwise."""
    places = {iri for iri, kind in graph.types.items() if kind in PLACE_TYPES}
    wanted = name_key(name)
    exact = sorted((iri for iri in places if any(name_key(n) == wanted for n in graph.names(iri))),
                   key=lambda iri: (PLACE_TYPES.index(graph.types[iri]), iri))
    if exact:
        return exact[0]
    all_names = [n for iri in places for n in graph.names(iri)]
    containing = sorted({iri for iri in places if wanted and any(wanted in name_key(n) for n in graph.names(iri))})
    if len(containing) == 1:
        return containing[0]
    close = _closest(name, all_names)
    hint = f"; closest: {', '.join(close)}" if close else "; the graph has no park or region" if not places else ""
    raise KgError(f"no park or region called {name!r} in the graph{hint}")


def find_chain(chains: dict[str, Chain], name: str) -> Chain:
    """The chain called `name` (Chinese or English label, synonym or key); KgError listing the chains otherwise."""
    wanted = name_key(name)
    for chain in chains.values():
        if wanted in {name_key(n) for n in chain.names()} or wanted == name_key(normalise_industry(chain.label_zh)):
            return chain
    stripped = name_key(normalise_industry(name))
    for chain in chains.values():
        if stripped in {name_key(n) for n in chain.names()}:
            return chain
    close = _closest(name, [n for c in chains.values() for n in (c.label_zh, c.key)])
    known = ", ".join(f"{c.label_zh} ({c.key})" for c in chains.values())
    raise KgError(f"no chain called {name!r}" + (f"; closest: {', '.join(close)}" if close else "")
                  + f"; the chains are: {known}")


def places_within(graph: GraphView, place: str) -> set[str]:
    """The place and every park or region located in it, at any depth."""
    inside: dict[str, set[str]] = defaultdict(set)
    for (subject, obj) in graph.edges["locatedIn"]:
        if graph.types.get(subject) in PLACE_TYPES:
            inside[obj].add(subject)
    found, todo = {place}, [place]
    while todo:
        for child in inside.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def firms_in(graph: GraphView, place: str) -> dict[str, tuple[str, Evidence | None]]:
    """Firms located in the place or in a park/region within it: firm -> (where, the locating sentence)."""
    within = places_within(graph, place)
    firms: dict[str, tuple[str, Evidence | None]] = {}
    for (firm, where), evidence in sorted(graph.edges["locatedIn"].items()):
        if graph.types.get(firm) == "Company" and where in within:
            kept = firms.get(firm)
            if kept is None or (where == place and kept[0] != place):
                firms[firm] = (where, evidence)
    return firms


# --------------------------------------------------------------------------------------------------------------
# The chain report of a place
# --------------------------------------------------------------------------------------------------------------


def _evidence_dict(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {"sentence": evidence.sentence, "document": evidence.document, "confidence": evidence.confidence}


@dataclass
class ChainContext:
    """Everything a chain report reads, computed once per store."""

    graph: GraphView
    index: ChainIndex
    placements: dict[str, list[Placement]]
    leaders: dict[str, dict[str, tuple[str, Evidence | None]]] = field(default_factory=dict)  # chain -> firm -> why

    @classmethod
    def from_store(cls, store: ox.Store, folder: Path = CHAINS_DIR) -> ChainContext:
        graph = read_graph(store)
        index = chain_index(folder)
        context = cls(graph, index, place_firms(graph, index))
        industries = place_industries(graph, index)
        for (firm, industry), evidence in sorted(graph.edges["chainLeaderOf"].items()):
            for p in industries.get(industry, ()):
                context.leaders.setdefault(p.chain, {}).setdefault(firm, (graph.label(industry), evidence))
        return context

    _neighbours: dict[str, dict[str, list[tuple[str, bool, Evidence | None]]]] = field(default_factory=dict)
    _located: dict[str, set[str]] = field(default_factory=dict)
    _by_link: dict[str, list[str]] = field(default_factory=dict)

    def neighbours(self, relation: str, entity: str) -> list[tuple[str, bool, Evidence | None]]:
        """The entity's partners by the relation: (other, True when the entity is the subject, evidence), sorted."""
        if relation not in self._neighbours:
            found: dict[str, list[tuple[str, bool, Evidence | None]]] = defaultdict(list)
            for (subject, obj), evidence in self.graph.edges[relation].items():
                found[subject].append((obj, True, evidence))
                found[obj].append((subject, False, evidence))
            self._neighbours[relation] = {k: sorted(v, key=lambda t: (t[0], not t[1])) for k, v in found.items()}
        return self._neighbours[relation].get(entity, [])

    def located(self, entity: str) -> set[str]:
        """The places the entity is directly located in."""
        if not self._located:
            for (subject, obj) in self.graph.edges["locatedIn"]:
                self._located.setdefault(subject, set()).add(obj)
        return self._located.get(entity, set())

    _industries: dict[str, list[Placement]] | None = None

    def industry_placements(self) -> dict[str, list[Placement]]:
        """Every Industry entity's placements (route industry-label), made once."""
        if self._industries is None:
            self._industries = place_industries(self.graph, self.index)
        return self._industries

    def firms_on(self, link: str) -> list[str]:
        """Every firm placed on the link, sorted."""
        if not self._by_link:
            found: dict[str, set[str]] = defaultdict(set)
            for firm, items in self.placements.items():
                for p in items:
                    if p.link:
                        found[p.link].add(firm)
            self._by_link = {k: sorted(v) for k, v in found.items()}
        return self._by_link.get(link, [])

    def on_link(self, firm: str, link: str) -> list[Placement]:
        """The firm's placements on the link, best first."""
        found = [p for p in self.placements.get(firm, ()) if p.link == link]
        return sorted(found, key=lambda p: (-p.confidence, p.route))

    def firm_entry(self, firm: str, placements: list[Placement], leaders: dict[str, Any]) -> dict[str, Any]:
        """A firm on a link as the report shows it: its best placement, every other reason, its leadership."""
        best = placements[0].as_dict(self.graph, self.index)
        entry = {"firm": self.graph.label(firm), "iri": firm, "leader": firm in leaders,
                 **{k: best[k] for k in ("confidence", "route", "reason", "sentence", "document")},
                 "placements": [p.as_dict(self.graph, self.index) for p in placements]}
        if firm in leaders:
            industry, evidence = leaders[firm]
            entry["leaderOf"] = {"industry": industry, "evidence": _evidence_dict(evidence)}
        return entry

    def chains_of(self, place: str, firms: Iterable[str]) -> list[Chain]:
        """The chains a place is on: where its firms are placed or what it focuses on, most firms first."""
        counts: dict[str, int] = defaultdict(int)
        for firm in firms:
            for chain in {p.chain for p in self.placements.get(firm, ()) if p.link}:
                counts[chain] += 1
            for chain in {p.chain for p in self.placements.get(firm, ())}:
                counts.setdefault(chain, 0)  # on the chain, link not stated: shown, after the others
        industries = self.industry_placements()
        within = places_within(self.graph, place)
        for (subject, industry) in self.graph.edges["focusesOn"]:
            if subject in within:
                for p in industries.get(industry, ()):
                    counts.setdefault(p.chain, 0)
        return [self.index.chains[c] for c in sorted(counts, key=lambda c: (-counts[c], self.index.chains[c].key))]


def stored_confidence(confidence: float) -> str:
    """A placement's confidence as the graph holds it (kg:confidence, three places)."""
    return f"{confidence:.3f}"


def placement_points(confidence: float) -> float:
    """A placement's confidence as a target's 归属 points: the stored value rounded half up to two places, as
    chain-targets.rq rounds it (so the saved query and kg chain give the same score)."""
    return float(Decimal(stored_confidence(confidence)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _target_score(context: ChainContext, firm: str, placement: Placement, chain: Chain, within: set[str],
                  local: dict[str, tuple[str, Evidence | None]]) -> tuple[float, list[dict[str, Any]]]:
    """A target's score and its parts, each with its reason and sentence."""
    graph = context.graph
    parts: list[dict[str, Any]] = []

    def part(name: str, points: float, reason: str, evidence: Evidence | None = None) -> None:
        parts.append({"part": name, "points": points, "reason": reason, "evidence": _evidence_dict(evidence)})

    for relation, points, verb in (("suppliesTo", SCORE_SUPPLIES, "配套"), ("cooperatesWith", SCORE_COOPERATES,
                                                                         "合作")):
        for other, forward, evidence in context.neighbours(relation, firm):
            if other not in local:
                continue
            if relation == "suppliesTo":
                reason = (f"为本地企业{graph.label(other)}配套供应" if forward
                          else f"本地企业{graph.label(other)}为其配套供应")
            else:
                reason = f"与本地企业{graph.label(other)}合作"
            part(verb, points, reason, evidence)
            break
    leader = context.leaders.get(chain.iri, {}).get(firm)
    if leader:
        part("链主", SCORE_LEADER, f"{leader[0]}链主企业", leader[1])
    for obj, forward, evidence in context.neighbours("investsIn", firm):
        if forward and (obj in within or obj in local or context.located(obj) & within):
            part("投资", SCORE_INVESTS, f"投资{graph.label(obj)}", evidence)
            break
    honours = [(d, e) for d, e in graph.designations.get(firm, []) if not _ROLE_WORDS.search(d)]
    for designation, evidence in honours[:MAX_DESIGNATIONS]:
        part("荣誉", SCORE_DESIGNATION, designation, evidence)
    figure = graph.figures.get(firm)
    if figure:
        part("体量", SCORE_FIGURE, f"{figure[0]} {figure[1]}", figure[2])
    part("归属", placement_points(placement.confidence), f"归入本环节的置信度（{placement.route}）")
    return round(sum(p["points"] for p in parts), 2), parts


def chain_report(context: ChainContext, place: str, chain: Chain) -> dict[str, Any]:
    """The place's firms on each link of the chain, its missing and weak links, and ranked targets for them."""
    graph = context.graph
    local = firms_in(graph, place)
    within = places_within(graph, place)
    leaders = context.leaders.get(chain.iri, {})
    # A firm whose base or subsidiary is already in the place is no target there.
    present_parents = {parent for (child, parent) in graph.edges["subsidiaryOf"] if child in local}
    links = []
    for link in chain.links:
        present = []
        for firm in sorted(local, key=lambda f: graph.label(f)):
            placements = context.on_link(firm, link.iri)
            if not placements:
                continue
            where, located = local[firm]
            present.append({**context.firm_entry(firm, placements, leaders), "where": graph.label(where),
                            "located": _evidence_dict(located)})
        status = "missing" if not present else "weak" if len(present) == 1 else "present"
        targets = []
        if status != "present":
            for firm in context.firms_on(link.iri):
                if firm in local or firm in present_parents:
                    continue
                placements = context.on_link(firm, link.iri)
                if not placements:
                    continue
                score, parts = _target_score(context, firm, placements[0], chain, within, local)
                targets.append({**context.firm_entry(firm, placements, leaders), "score": score, "parts": parts})
            targets.sort(key=lambda t: (-t["score"], t["firm"]))
        links.append({"order": link.order, "segment": link.segment, "segmentZh": link.segment_zh,
                      "link": link.label_zh, "linkEn": link.label_en, "iri": link.iri, "status": status,
                      "firms": present, "targets": targets[:TARGETS_PER_LINK], "moreTargets":
                      max(0, len(targets) - TARGETS_PER_LINK)})
    on_chain_only = []
    for firm in sorted(local, key=lambda f: graph.label(f)):
        items = [p for p in context.placements.get(firm, ()) if p.chain == chain.iri]
        if items and all(p.link is None for p in items):
            items.sort(key=lambda q: (-q.confidence, q.route))
            on_chain_only.append(context.firm_entry(firm, items, leaders))
    firms_on_chain = {f["iri"] for entry in links for f in entry["firms"]}
    # What the place (or a park within it) says it develops on this chain: its focusesOn edges, with their sentence.
    industries = context.industry_placements()
    focus = []
    for (subject, industry), evidence in sorted(graph.edges["focusesOn"].items()):
        if subject in within and any(p.chain == chain.iri for p in industries.get(industry, ())):
            focus.append({"place": graph.label(subject), "industry": graph.label(industry),
                          "evidence": _evidence_dict(evidence)})
    return {
        "place": {"name": graph.label(place), "type": graph.types[place], "iri": place, "firms": len(local),
                  "within": sorted(graph.label(p) for p in places_within(graph, place) - {place})},
        "chain": {"name": chain.label_zh, "en": chain.label_en, "key": chain.key, "iri": chain.iri,
                  "source": chain.source},
        "summary": {"links": len(links), "present": sum(e["status"] == "present" for e in links),
                    "weak": sum(e["status"] == "weak" for e in links),
                    "missing": sum(e["status"] == "missing" for e in links),
                    "firmsOnLinks": len(firms_on_chain), "firmsOnChainOnly": len(on_chain_only)},
        "focus": focus,
        "links": links,
        "chainOnly": on_chain_only,
        "scoring": SCORING_NOTE,
    }


SCORING_NOTE = (f"score = 配套 {SCORE_SUPPLIES:g} (supplies or is supplied by a firm of the place) + 合作 "
                f"{SCORE_COOPERATES:g} (cooperates with one) + 链主 {SCORE_LEADER:g} (leads this chain elsewhere) + "
                f"投资 {SCORE_INVESTS:g} (invests in the place) + 荣誉 {SCORE_DESIGNATION:g} per designation (at most "
                f"{MAX_DESIGNATIONS}) + 体量 {SCORE_FIGURE:g} (a revenue or output figure) + 归属 (confidence of the "
                "placement on the link, 0-1)")


def reports(context: ChainContext, place_name: str, chain_name: str | None) -> tuple[str, list[dict[str, Any]], str]:
    """The place's IRI, its chain reports (the named chain, or every chain it is on) and a note when there are none."""
    place = find_place(context.graph, place_name)
    if chain_name:
        chains = [find_chain(context.index.chains, chain_name)]
    else:
        chains = []
    local = firms_in(context.graph, place)
    label = context.graph.label(place)
    if not local:
        # The chains it focuses on still show what is missing and who could fill it.
        chains = chains or context.chains_of(place, [])
        note = f"{label}: the graph has no firm located there (no kg:locatedIn edge from a firm to it or its parks)"
        return place, [chain_report(context, place, c) for c in chains], note
    if not chains:
        chains = context.chains_of(place, local)
    if not chains:
        return place, [], (f"{label}: {len(local)} firm(s) located there, none of them placed on a chain "
                           "(no industry, trade word or lexicon tag of theirs matches a chain link); name a chain with "
                           "--chain to see its gaps and targets")
    return place, [chain_report(context, place, c) for c in chains], ""


# --------------------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------------------

_STATUS_ZH = {"present": "已有", "weak": "薄弱（仅一家）", "missing": "缺失"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean(text: Any) -> str:
    """One line of text for the terminal: control characters from scraped names shown as spaces."""
    return _CONTROL.sub(" ", str(text))


def _quote(item: dict[str, Any]) -> str:
    if item.get("sentence"):
        return f"「{_clean(item['sentence'])}」（{_clean(item['document'])}）"
    return ""


def _parts_text(parts: list[dict[str, Any]]) -> str:
    return " + ".join(f"{p['part']} {p['points']:g}" for p in parts)


def format_table(report: dict[str, Any]) -> str:
    """A report as text for the terminal: links in order with firms, gaps and ranked targets under each gap."""
    place, chain, summary = report["place"], report["chain"], report["summary"]
    kind = "园区" if place["type"] == "Park" else "地区"
    lines = [f"{_clean(place['name'])}（{kind}）· {chain['name']}产业链 / {chain['en']}",
             f"区内企业 {place['firms']} 家（含所辖园区：{'、'.join(map(_clean, place['within'])) or '无'}）；"
             f"本链环节 {summary['links']} 个：已有 {summary['present']}，薄弱 {summary['weak']}，"
             f"缺失 {summary['missing']}；上链企业 {summary['firmsOnLinks']} 家",
             f"链条结构来源：{chain['source']}"]
    for item in report["focus"]:
        quote = _quote(item["evidence"] or {})
        lines.append(f"主导产业：{_clean(item['place'])} 聚焦 {_clean(item['industry'])} {quote}".rstrip())
    lines.append("")
    segment = None
    for entry in report["links"]:
        if entry["segmentZh"] != segment:
            segment = entry["segmentZh"]
            lines.append(f"【{segment}】")
        lines.append(f"  {entry['order']:02d} {entry['link']}  —  {_STATUS_ZH[entry['status']]}")
        for firm in entry["firms"]:
            mark = " ★链主" if firm["leader"] else ""
            where = f" @{_clean(firm['where'])}" if firm["where"] != place["name"] else ""
            more = f"（另有 {len(firm['placements']) - 1} 条依据）" if len(firm["placements"]) > 1 else ""
            lines.append(f"       · {_clean(firm['firm'])}{mark}{where}  [{firm['route']} {firm['confidence']:.2f}] "
                         f"{_clean(firm['reason'])}{more} {_quote(firm)}".rstrip())
            if firm.get("leaderOf") and firm["route"] != "chainLeaderOf":
                lines.append(f"           链主：{_clean(firm['leaderOf']['industry'])} "
                             f"{_quote(firm['leaderOf']['evidence'] or {})}".rstrip())
        for rank, target in enumerate(entry["targets"], 1):
            mark = " ★链主" if target["leader"] else ""
            lines.append(f"       → 招商目标 {rank}. {_clean(target['firm'])}{mark}  得分 {target['score']:g} = "
                         f"{_parts_text(target['parts'])}")
            for part in target["parts"]:
                if part["part"] == "归属":
                    lines.append(f"           {part['part']}：{_clean(target['reason'])} {_quote(target)}".rstrip())
                else:
                    lines.append(f"           {part['part']}：{_clean(part['reason'])} "
                                 f"{_quote(part['evidence'] or {})}".rstrip())
        if entry["moreTargets"]:
            lines.append(f"       → 另有 {entry['moreTargets']} 家候选")
    if report["chainOnly"]:
        lines.append("【在本链上、环节未明】")
        for firm in report["chainOnly"]:
            lines.append(f"       · {_clean(firm['firm'])}  [{firm['route']} {firm['confidence']:.2f}] "
                         f"{_clean(firm['reason'])} {_quote(firm)}".rstrip())
    lines.append("")
    lines.append(f"得分说明：{report['scoring']}")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ("place", "chain", "order", "segment", "link", "status", "kind", "rank", "firm", "leader", "score",
               "score_parts", "confidence", "route", "reason", "sentence", "document")


def _csv_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for entry in report["links"]:
        base = {"place": report["place"]["name"], "chain": report["chain"]["name"], "order": entry["order"],
                "segment": entry["segmentZh"], "link": entry["link"], "status": entry["status"]}
        if not entry["firms"] and not entry["targets"]:
            rows.append({**base, "kind": "none"})
        for firm in entry["firms"]:
            rows.append({**base, "kind": "firm", "firm": firm["firm"], "leader": int(firm["leader"]),
                         **{k: firm[k] for k in ("confidence", "route", "reason", "sentence", "document")}})
        for rank, target in enumerate(entry["targets"], 1):
            rows.append({**base, "kind": "target", "rank": rank, "firm": target["firm"],
                         "leader": int(target["leader"]), "score": target["score"],
                         "score_parts": _parts_text(target["parts"]),
                         **{k: target[k] for k in ("confidence", "route", "reason", "sentence", "document")}})
    for firm in report["chainOnly"]:
        rows.append({"place": report["place"]["name"], "chain": report["chain"]["name"], "kind": "chain-only",
                     "firm": firm["firm"], "leader": int(firm["leader"]),
                     **{k: firm[k] for k in ("confidence", "route", "reason", "sentence", "document")}})
    return rows


def format_csv(reports_: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for report in reports_:
        for row in _csv_rows(report):
            writer.writerow({k: ("" if row.get(k) is None else row.get(k, "")) for k in CSV_COLUMNS})
    return out.getvalue()


def format_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def compare_reports(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two places on one chain, link by link."""
    rows = []
    for a, b in zip(first["links"], second["links"], strict=True):
        rows.append({"order": a["order"], "segment": a["segmentZh"], "link": a["link"],
                     "first": {"status": a["status"], "firms": [f["firm"] for f in a["firms"]]},
                     "second": {"status": b["status"], "firms": [f["firm"] for f in b["firms"]]}})
    return {"chain": first["chain"], "first": first["place"], "second": second["place"], "links": rows,
            "summary": {"first": first["summary"], "second": second["summary"]}}


def format_compare_table(comparison: dict[str, Any]) -> str:
    first, second = comparison["first"]["name"], comparison["second"]["name"]
    lines = [f"{comparison['chain']['name']}产业链：{_clean(first)} 对比 {_clean(second)}", ""]
    for row in comparison["links"]:
        a = "、".join(map(_clean, row["first"]["firms"])) or "—"
        b = "、".join(map(_clean, row["second"]["firms"])) or "—"
        lines.append(f"  {row['order']:02d} {row['segment']} {row['link']}")
        lines.append(f"       {_clean(first)}：{_STATUS_ZH[row['first']['status']]}  {a}")
        lines.append(f"       {_clean(second)}：{_STATUS_ZH[row['second']['status']]}  {b}")
    sa, sb = comparison["summary"]["first"], comparison["summary"]["second"]
    lines.append("")
    lines.append(f"  {_clean(first)}：已有 {sa['present']}，薄弱 {sa['weak']}，缺失 {sa['missing']}；"
                 f"{_clean(second)}：已有 {sb['present']}，薄弱 {sb['weak']}，缺失 {sb['missing']}")
    return "\n".join(lines) + "\n"


FORMATS = ("table", "csv", "json", "html")


def chain_command(store: ox.Store, place: str, chain: str | None = None, fmt: str = "table",
                  compare: str | None = None, context: ChainContext | None = None) -> tuple[str, str]:
    """What `kg chain` prints: (the output in `fmt`, a note for stderr or ""). `context`: the store's chain
    context, when already read."""
    if fmt not in FORMATS:
        raise KgError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    context = context or ChainContext.from_store(store)
    place_iri, found, note = reports(context, place, chain)
    if compare is not None:
        other_iri, _, other_note = reports(context, compare, chain)
        if not found:
            if note:
                return "", note
            raise KgError(f"{context.graph.label(place_iri)} is on no chain; name one with --chain")
        comparisons = [compare_reports(r, chain_report(context, other_iri, find_chain(context.index.chains,
                                                                                      r["chain"]["key"])))
                       for r in found]
        note = "; ".join(n for n in (note, other_note) if n)
        if fmt == "json":
            return format_json({"comparisons": comparisons, "note": note or None}), note
        if fmt == "csv":
            return _compare_csv(comparisons), note
        if fmt == "html":
            from kg.chains.chainmap import render_chain_html

            return render_chain_html(found, comparisons, note), note
        return "\n".join(format_compare_table(c) for c in comparisons), note
    if fmt == "json":
        return format_json({"place": context.graph.label(place_iri), "reports": found, "note": note or None,
                            "census": placement_census(context.placements)}), note
    if fmt == "csv":
        return format_csv(found), note
    if fmt == "html":
        from kg.chains.chainmap import render_chain_html

        return render_chain_html(found, [], note), note
    text = "\n".join(format_table(r) for r in found)
    return ((note + "\n\n") if note else "") + text, ""


def _compare_csv(comparisons: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["chain", "order", "segment", "link", "place", "status", "firms", "place2", "status2", "firms2"])
    for c in comparisons:
        for row in c["links"]:
            writer.writerow([c["chain"]["name"], row["order"], row["segment"], row["link"], c["first"]["name"],
                             row["first"]["status"], "、".join(row["first"]["firms"]), c["second"]["name"],
                             row["second"]["status"], "、".join(row["second"]["firms"])])
    return out.getvalue()


# --------------------------------------------------------------------------------------------------------------
# Placements as RDF (for a triple store, and the saved queries ontology/queries/chain-*.rq)
# --------------------------------------------------------------------------------------------------------------

PLACEMENT_BASE = KGR + "Placement/"
# The rule each route follows (ontology/chains/vocabulary.ttl): what a placement made without a sentence is derived
# from.
ROUTE_RULES = {"industry-label": "industryLabelRule", "focusesOn": "focusesOnRule",
               "chainLeaderOf": "chainLeaderOfRule", "trade-word": "tradeWordRule", "lexicon-tag": "lexiconTagRule",
               "subsidiaryOf": "subsidiaryOfRule", "suppliesTo": "suppliesToRule"}


def _iri(prefix: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES[prefix] + name)


def placement_quads(placements: dict[str, list[Placement]]) -> list[ox.Quad]:
    """Every placement as a kgch:Placement node: entity, link (or chain), confidence, route, reason, and
    prov:wasDerivedFrom the sentence of the edge that made it or, without one, the rule of its route. The IRI is a
    hash of entity, link and route, so it is stable."""
    decimal = _iri("xsd", "decimal")
    quads = []
    for entity, items in sorted(placements.items()):
        for p in items:
            target = p.link or p.chain
            key = hashlib.sha256(f"{entity}|{target}|{p.route}".encode()).hexdigest()[:16]
            node = ox.NamedNode(PLACEMENT_BASE + key)
            sentence = p.evidence.sentence_iri if p.evidence is not None else ""
            source = ox.NamedNode(sentence) if sentence else _iri("kgch", ROUTE_RULES[p.route])
            quads += [
                ox.Quad(node, _iri("rdf", "type"), _iri("kgch", "Placement")),
                ox.Quad(node, _iri("kgch", "entity"), ox.NamedNode(entity)),
                ox.Quad(node, _iri("kgch", "onLink"), ox.NamedNode(target)),
                ox.Quad(node, _iri("kg", "confidence"), ox.Literal(stored_confidence(p.confidence), datatype=decimal)),
                ox.Quad(node, _iri("kgch", "route"), ox.Literal(p.route)),
                ox.Quad(node, _iri("rdfs", "comment"), ox.Literal(p.reason, language="zh")),
                ox.Quad(node, _iri("prov", "wasDerivedFrom"), source),
            ]
    return quads


def model_quads(folder: Path = CHAINS_DIR) -> list[ox.Quad]:
    """The chain model: every Turtle file of the folder but the shapes."""
    model = ox.Store()
    for chain_file in sorted(p for p in Path(folder).glob("*.ttl") if p.name != "shapes.ttl"):
        model.load(path=chain_file, format=ox.RdfFormat.TURTLE)
    return list(model)


def chain_quads(store: ox.Store, folder: Path = CHAINS_DIR) -> list[ox.Quad]:
    """What `kg build` adds to the graph beside the extraction: the chain model and the placements of the store's
    firms and industries, so the saved queries chain-*.rq answer on the built store (or any store it is pushed to)
    with the rows `kg chain` shows."""
    graph, index = read_graph(store, full=False), chain_index(folder)
    return model_quads(folder) + placement_quads({**place_industries(graph, index), **place_firms(graph, index)})


def add_chain_layer(store_dir: Path) -> int:
    """Add `chain_quads` to the built store at `store_dir`; returns the store's triple count."""
    store: ox.Store | None = ox.Store(str(store_dir))
    try:
        store.extend(chain_quads(store))
        store.flush()
        return len(store)
    finally:
        store = None  # close RocksDB's files before the folder is moved

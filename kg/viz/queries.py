"""The SPARQL that kg.viz.reader runs on the store (why these queries and not others: read_network). The entity
classes and relations come from kg.vocab as VALUES, so a new type or relation needs no edit here.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.vocab import ENTITY_TYPES, KG, RELATION_NAMES, sparql_prologue


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{iri}>' for iri in iris)} }}"


_PREFIXES = sparql_prologue("kg", "rdf", "rdfs", "skos", "prov")
_CLASS_VALUES = _values("class", (KG + t for t in ENTITY_TYPES))
_RELATION_VALUES = _values("p", (KG + r for r in RELATION_NAMES))

def _sentence_of(var: str) -> str:
    """The closing group of a query: the sentence ?var was derived from, where it starts, its document's file."""
    return f"""  OPTIONAL {{
    ?{var} prov:wasDerivedFrom ?sentence . ?sentence kg:text ?text .
    OPTIONAL {{ ?sentence kg:startOffset ?start }}
    OPTIONAL {{ ?sentence kg:inDocument/kg:fileName ?file }}
  }}
}}"""


TYPES = _PREFIXES + f"SELECT ?e ?class WHERE {{ {_CLASS_VALUES} ?e a ?class }}"
NAMES = (
    _PREFIXES
    + "SELECT ?e ?p ?name WHERE { "
    + _CLASS_VALUES
    + " VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } ?e a ?class ; ?p ?name }"
)
CONFIDENCE = _PREFIXES + f"SELECT ?e ?c WHERE {{ {_CLASS_VALUES} ?e a ?class ; kg:confidence ?c }}"
EDGES = _PREFIXES + f"SELECT ?s ?p ?o WHERE {{ {_RELATION_VALUES} ?s ?p ?o }}"
EVIDENCE = (
    _PREFIXES
    + "SELECT ?a ?s ?p ?o ?c ?text ?file ?start WHERE { "
    + _RELATION_VALUES
    + """
  ?a a kg:RelationAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a kg:confidence ?c }
"""
    + _sentence_of("a")
)

# One query for every figure: the fact, its subject and values, and the sentence and document it came from.
FACTS = (
    _PREFIXES
    + """SELECT ?f ?e ?metric ?value ?unit ?norm ?normUnit ?period ?pstart ?pend ?c ?text ?file ?start WHERE {
  ?f a kg:Fact ; kg:subject ?e .
  OPTIONAL { ?f kg:metric ?metric }
  OPTIONAL { ?f kg:value ?value }
  OPTIONAL { ?f kg:unit ?unit }
  OPTIONAL { ?f kg:normalizedValue ?norm }
  OPTIONAL { ?f kg:normalizedUnit ?normUnit }
  OPTIONAL { ?f kg:period ?period }
  OPTIONAL { ?f kg:periodStart ?pstart }
  OPTIONAL { ?f kg:periodEnd ?pend }
  OPTIONAL { ?f kg:confidence ?c }
"""
    + _sentence_of("f")
)


# When entities and edges were stated: kg:firstSeen and kg:lastSeen of entities and of relation assertions, and the
# ends of the assertions among them. Two queries rather than one with OPTIONAL: the store evaluates an OPTIONAL group
# over every assertion of the graph (a second and a half at 40,000 assertions) even when nothing is dated.
SEEN = _PREFIXES + "SELECT ?x ?first ?last WHERE { ?x kg:firstSeen ?first ; kg:lastSeen ?last }"
SEEN_ENDS = (
    _PREFIXES
    + "SELECT ?x ?s ?p ?o WHERE { ?x kg:firstSeen ?first ; kg:lastSeen ?last ; rdf:subject ?s ; rdf:predicate ?p ;"
    + " rdf:object ?o }"
)

"""The graph's vocabulary, said once: namespaces and their prefixes, entity types, relation names, label languages,
and where the ontology folder (its saved queries and chain models) is found, in a checkout or installed.

Every module that writes or reads the graph (graph, store, viz, chains, dates, serve) takes its IRIs and names from
here. Plain strings, so importing this pulls in neither rdflib nor pyoxigraph (`kg extract` uses the type names).
"""

from __future__ import annotations

from pathlib import Path


def _ontology_dir() -> Path:
    """The ontology folder: inside the package once installed from a wheel (pyproject maps the repository's
    ontology/ to kg/ontology), else the repository's own, beside kg/ (a checkout or an editable install)."""
    package = Path(__file__).resolve().parent
    installed = package / "ontology"
    return installed if installed.is_dir() else package.parent / "ontology"


# The ontology (kg.ttl, shapes.ttl, MODEL.md), the industrial chain models and the saved queries.
ONTOLOGY_DIR = _ontology_dir()
CHAINS_DIR = ONTOLOGY_DIR / "chains"
SAVED_QUERIES_DIR = ONTOLOGY_DIR / "queries"

KG = "https://w3id.org/kg-industry/ontology#"  # classes and properties (ontology/kg.ttl)
KGR = "https://w3id.org/kg-industry/resource/"  # entities, documents, sentences, assertions, facts
KGCH = "https://w3id.org/kg-industry/chain#"  # the industrial chains (ontology/chains, kg chain)
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

# The project prefixes: predeclared in every query (kg query, kg serve), bound in exports; order is kept in messages.
PREFIXES: dict[str, str] = {
    "kg": KG,
    "kgr": KGR,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "org": ORG,
    "dcterms": DCTERMS,
    "kgch": KGCH,
}

# The prefixes used to shorten IRIs in the `table` format (org/dcterms stay full).
DISPLAY_PREFIXES: tuple[str, ...] = ("kg", "kgr", "rdf", "rdfs", "owl", "xsd", "skos", "prov", "schema")

# The prefixes graph.ttl is written with. Not kgr:, whose resource names have a '/' that Turtle would escape.
TURTLE_PREFIXES: dict[str, str] = {
    name: PREFIXES[name] for name in ("kg", "rdf", "rdfs", "xsd", "owl", "skos", "prov", "schema", "org", "kgch",
                                      "dcterms")
}


def sparql_prologue(*names: str) -> str:
    """PREFIX lines for the named project prefixes, for query text that must run on any SPARQL engine."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


ENTITY_TYPES = (
    "Park",
    "Company",
    "University",
    "ResearchInstitute",
    "GovernmentBody",
    "Region",
    "Policy",
    "Industry",
    "Project",
    "Person",
    "Designation",
)

ORGANISATION_TYPES = frozenset({"Company", "University", "ResearchInstitute", "GovernmentBody"})

RELATION_NAMES = (
    "locatedIn",
    "subsidiaryOf",
    "chainLeaderOf",
    "focusesOn",
    "cooperatesWith",
    "coBuilds",
    "investsIn",
    "undertakes",
    "issuedBy",
    "suppliesTo",
    "worksFor",
    "hasDesignation",
)

# Relations that hold both ways: stored once, drawn without an arrow.
SYMMETRIC_RELATIONS = frozenset({"cooperatesWith"})

# Languages of the graph's labels (rdfs:label @zh / @en) that pages can be drawn in.
LABEL_LANGUAGES = ("zh", "en")

"""Result formats and content negotiation: which format a client gets (a `format` parameter, then the Accept header),
and the bytes of a result in it. JSON, CSV, TSV and JSON-LD are kg.store's (what `kg query` prints); the SPARQL
results XML format and the RDF serialisations of CONSTRUCT results are added here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg.store.store import (
    QueryResult,
    format_result,
)
from kg.vocab import PREFIXES, XSD

# Media types a client may ask for, per kind of result; the first of each is the default.
_TABLE_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is N3; SPARQLWrapper's N3 asks for these
    "text/rdf+n3": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",  # what rdflib's SPARQLStore asks for by default
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
# Values of the `format` (or `output`) parameter: short names as Fuseki, Virtuoso and SPARQLWrapper send them,
# or media types.
_TABLE_NAMES: dict[str, str] = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", **_TABLE_MEDIA}
_GRAPH_NAMES: dict[str, str] = {
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml",
    "rdf/xml": "rdfxml",
    **_GRAPH_MEDIA,
}
CONTENT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json; charset=utf-8",
    "xml": "application/sparql-results+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "rdfxml": "application/rdf+xml; charset=utf-8",
}


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; a malformed q counts as 1."""
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append((media, q))
    return ranges


def choose_format(kind: str, requested: Iterable[str], accept: str) -> str | None:
    """The result format for a query of `kind` ("select", "ask" or "graph"), or None when none is acceptable.

    A `format`/`output` parameter wins over the Accept header (the first value that names a format for this kind);
    then the Accept header with its q-values (the most specific matching range counts); then the default, JSON for
    SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE.
    """
    names, media = (_GRAPH_NAMES, _GRAPH_MEDIA) if kind == "graph" else (_TABLE_NAMES, _TABLE_MEDIA)
    requested = [value.split(";")[0].strip().lower() for value in requested if value.strip()]
    if requested:
        return next((names[value] for value in requested if value in names), None)
    ranges = _accept_ranges(accept)
    if not ranges:
        return next(iter(media.values()))
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, (media_type, fmt) in enumerate(media.items()):
        top, sub = media_type.split("/")
        matches = [
            (q, 2 if r == media_type else 1 if r == f"{top}/*" else 0)
            for r, q in ranges
            if r in (media_type, f"{top}/*", "*/*")
        ]
        if not matches:
            continue
        q, specificity = max(matches, key=lambda m: m[1])  # the most specific range decides the q-value
        score = (q, specificity, -rank)
        if q > 0 and (best is None or score > best):
            best, chosen = score, fmt
    return chosen


def format_names(kind: str) -> str:
    return "turtle, nt, jsonld, rdfxml" if kind == "graph" else "json, xml, csv, tsv"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _xml_text(text: str) -> str:
    """Escape for XML 1.0, which cannot carry most control characters at all (they become U+FFFD)."""
    return xml_escape(_XML_ILLEGAL.sub("\ufffd", text))


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD + "string":
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def xml_results(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results XML Format for a SELECT or ASK result."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">\n'
    if result.kind == "ask":
        return head + f"  <head/>\n  <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n"
    lines = [head + "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines.append("  </head>\n  <results>")
    for row in result.rows:
        bindings = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>"
            for v, term in zip(result.variables, row, strict=True)
            if term is not None
        )
        lines.append(f"    <result>{bindings}</result>")
    lines.append("  </results>\n</sparql>\n")
    return "\n".join(lines)


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """The bytes of a result in one of CONTENT_TYPES' formats; JSON, CSV and TSV are exactly what `kg query` prints."""
    if result.kind == "graph":
        triples = sorted(result.triples, key=str)  # the same bytes for the same triples
        if fmt == "jsonld":
            return format_result(result, "json").encode("utf-8")
        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        # Resource IRIs stay whole: as kgr: names their '/' would need escaping (kgr:Park\/…), which reads badly.
        prefixes = None if fmt == "nt" else {name: ns for name, ns in PREFIXES.items() if name != "kgr"}
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
    if fmt == "xml":
        return xml_results(result).encode("utf-8")
    return format_result(result, fmt).encode("utf-8")

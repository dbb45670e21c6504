"""`kg serve` as a real process on a free loopback port, queried over real HTTP with SPARQLWrapper, rdflib's
SPARQLStore and urllib, and its query page driven in headless Chromium.

The seed graph is built once for the module (about two seconds) and one server (two query workers, a 2 s time limit,
a 5,000-row limit) answers every test; the time-limit test alone waits for the limit twice.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
import rdflib
import SPARQLWrapper
from helpers import CHROMIUM, first_line, kg_script, watched_page
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from kg.store.store import PREFIXES, QueryResult, format_result, load_query_text, open_store, run_query

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "ontology" / "queries"
SAVED = sorted(p.name for p in QUERIES.glob("*.rq"))
TIME_LIMIT = 2.0
ROW_LIMIT = 5000
XSD_STRING = PREFIXES["xsd"] + "string"
LANG_STRING = PREFIXES["rdf"] + "langString"
# Every triple three times over: far more than any time limit (9,000³ combinations on the seed graph).
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PARKS = """
SELECT ?e ?label ?confidence ?count ?alt WHERE {
  ?e a kg:Park ; rdfs:label ?label ; kg:confidence ?confidence ; kg:mentionCount ?count .
  OPTIONAL { ?e skos:altLabel ?alt }
} ORDER BY ?e ?alt
"""
PARK_GRAPH = """
CONSTRUCT { ?p a kg:Park ; rdfs:label ?n ; kg:confidence ?c ; kg:locatedIn ?r }
WHERE { ?p a kg:Park ; rdfs:label ?n ; kg:confidence ?c OPTIONAL { ?p kg:locatedIn ?r } }
"""


@pytest.fixture(scope="module")
def store(out: Path) -> ox.Store:
    return open_store(out / "store")


class Server:
    """A running `kg serve`; `url` ends with '/'."""

    def __init__(self, proc: subprocess.Popen[str], url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log

    @property
    def endpoint(self) -> str:
        return self.url + "sparql"


def start_server(out: Path, log: Path, *extra: str) -> Server:
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [kg_script(), "serve", "--out", str(out), "--port", "0", "--timeout", str(TIME_LIMIT),
             "--max-rows", str(ROW_LIMIT), "--workers", "2", *extra],
            stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8",
        )
    line = first_line(proc)
    if not line.startswith("kg serve: http://127.0.0.1:"):
        proc.kill()
        proc.wait()
        pytest.fail(f"kg serve did not start: {line!r}\n{log.read_text(encoding='utf-8')}")
    url = line.split()[2]
    return Server(proc, url, log)


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[Server]:
    running = start_server(out, out.parent / "serve.log")
    yield running
    stop_server(running)
    assert running.proc.returncode == 0, running.log.read_text(encoding="utf-8")


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get(server: Server, query: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    accept = params.pop("accept", None)
    headers = {"Accept": accept} if accept else {}
    return http(server.endpoint + "?" + urlencode({"query": query, **params}), headers=headers)


def wrapper(server: Server, query: str, fmt: str, **options: Any) -> Any:
    sw = SPARQLWrapper.SPARQLWrapper(server.endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    for name, value in options.items():
        getattr(sw, name)(value)
    return sw


# ------------------------------------------------------------------------------------------------ comparing terms


def from_json(term: dict[str, Any] | None) -> tuple[str, ...] | None:
    if term is None:
        return None
    if term["type"] == "literal":
        lang = term.get("xml:lang", "")
        return ("literal", term["value"], lang, term.get("datatype", LANG_STRING if lang else XSD_STRING))
    return (term["type"], term["value"])


def from_ox(term: Any) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or "", term.datatype.value)
    return ("bnode", term.value)


def from_rdflib(term: Any) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ("uri", str(term))
    if isinstance(term, rdflib.Literal):
        lang = term.language or ""
        datatype = str(term.datatype) if term.datatype else (LANG_STRING if lang else XSD_STRING)
        return ("literal", str(term), lang, datatype)
    return ("bnode", str(term))


def local(store: ox.Store, query: str) -> QueryResult:
    return run_query(store, query)


def local_rows(store: ox.Store, query: str) -> list[tuple[tuple[str, ...] | None, ...]]:
    return [tuple(from_ox(t) for t in row) for row in local(store, query).rows]


def local_graph(store: ox.Store, query: str) -> rdflib.Graph:
    lines = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in local(store, query).triples)
    return rdflib.Graph().parse(data=lines, format="nt")


def rdflib_rows(result: Result) -> list[tuple[tuple[str, ...] | None, ...]]:
    return [tuple(from_rdflib(term) for term in row) for row in result]  # a row is a tuple in result.vars order


# ------------------------------------------------------------------------------------------------ saved queries


@pytest.mark.slow
@pytest.mark.parametrize("name", SAVED)
def test_saved_query_gives_what_kg_query_gives(server: Server, store: ox.Store, name: str) -> None:
    text = load_query_text(str(QUERIES / name))
    answer = wrapper(server, text, SPARQLWrapper.JSON).query().convert()
    assert answer == json.loads(format_result(local(store, text), "json"))


def test_a_saved_query_through_the_cli_and_the_endpoint(server: Server, out: Path) -> None:
    path = QUERIES / "chain-leaders.rq"
    proc = subprocess.run([kg_script(), "query", str(path), "--format", "csv", "--out", str(out)],
                          capture_output=True, timeout=60)  # bytes: CSV lines end with CRLF
    assert proc.returncode == 0, proc.stderr
    status, headers, body = get(server, path.read_text(encoding="utf-8"), format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body == proc.stdout
    assert len(proc.stdout.splitlines()) > 1


def test_saved_queries_through_rdflib_sparqlstore(server: Server, store: ox.Store) -> None:
    """rdflib's SPARQLStore asks for XML (GET) or sends the query as application/sparql-query (POST)."""
    for method in ("GET", "POST"):
        graph = rdflib.Graph(store=SPARQLStore(server.endpoint, method=method), bind_namespaces="none")
        for name in ("chain-leaders.rq", "policies.rq", "park-industries.rq"):
            text = load_query_text(str(QUERIES / name))
            assert rdflib_rows(graph.query(text)) == local_rows(store, text), (method, name)
        constructed = graph.query(add_prefixes(PARK_GRAPH))
        assert isomorphic(constructed.graph, local_graph(store, PARK_GRAPH))


def add_prefixes(query: str) -> str:
    """SPARQLStore sends the text as it is, so it declares its prefixes (kg serve would predeclare them)."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items()) + query


# ------------------------------------------------------------------------------------------------ result formats


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_in_every_format(server: Server, store: ox.Store, fmt: str, method: str) -> None:
    expected = local_rows(store, PARKS)
    assert expected and any(row[-1] is None for row in expected)  # an unbound ?alt is in the test
    sw = wrapper(server, PARKS, fmt, setMethod=method)
    result = sw.query()
    content_type = result.info()["content-type"]
    body = result.response.read()
    if fmt == "json":
        assert content_type.startswith("application/sparql-results+json")
        data = json.loads(body)
        rows = [tuple(from_json(b.get(v)) for v in data["head"]["vars"]) for b in data["results"]["bindings"]]
        assert rows == expected
    elif fmt == "xml":
        assert content_type.startswith("application/sparql-results+xml")
        assert rdflib_rows(Result.parse(io.BytesIO(body), format="xml")) == expected
    elif fmt == "tsv":
        assert content_type.startswith("text/tab-separated-values")
        assert rdflib_rows(Result.parse(io.BytesIO(body), format="tsv")) == expected
    else:
        assert content_type.startswith("text/csv")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows[0] == ["e", "label", "confidence", "count", "alt"]
        assert [tuple(r) for r in rows[1:]] == [tuple(t[1] if t else "" for t in row) for row in expected]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_format_by_accept_header(server: Server, accept: str, content_type: str) -> None:
    status, headers, _ = get(server, PARKS, accept=accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == content_type


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
     ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("text/csv", "text/csv")],
)
def test_select_format_by_parameter(server: Server, fmt: str, content_type: str) -> None:
    """The format parameter wins over the Accept header."""
    status, headers, _ = get(server, PARKS, format=fmt, accept="application/sparql-results+json")
    assert status == 200 and headers["Content-Type"].split(";")[0] == content_type


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside rdflib's parser
@pytest.mark.parametrize(
    ("fmt", "parse_as", "content_type"),
    [
        ("turtle", "turtle", "text/turtle"),
        ("n3", "turtle", "text/turtle"),
        ("json-ld", "json-ld", "application/ld+json"),
        ("rdf+xml", "xml", "application/rdf+xml"),
    ],
)
def test_construct_in_every_format(server: Server, store: ox.Store, fmt: str, parse_as: str,
                                   content_type: str) -> None:
    result = wrapper(server, PARK_GRAPH, fmt).query()
    assert result.info()["content-type"].startswith(content_type)
    graph = rdflib.Graph().parse(data=result.response.read(), format=parse_as)
    expected = local_graph(store, PARK_GRAPH)
    assert len(expected) > 50
    assert isomorphic(graph, expected)


def test_construct_as_ntriples_and_describe(server: Server, store: ox.Store) -> None:
    status, headers, body = get(server, PARK_GRAPH, accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert isomorphic(rdflib.Graph().parse(data=body, format="nt"), local_graph(store, PARK_GRAPH))
    park = local(store, "SELECT ?p WHERE { ?p a kg:Park } ORDER BY ?p LIMIT 1").rows[0][0]
    describe = f"DESCRIBE <{park.value}>"
    status, headers, body = get(server, describe)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert isomorphic(rdflib.Graph().parse(data=body, format="turtle"), local_graph(store, describe))
    # A format for tables is not one for graphs.
    status, _, body = get(server, PARK_GRAPH, format="csv")
    assert status == 406 and b"turtle" in body


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask(server: Server, fmt: str) -> None:
    for query, expected in (("ASK { ?p a kg:Park }", True), ("ASK { ?p a kg:Spaceship }", False)):
        result = wrapper(server, query, fmt).query()
        body = result.response.read()
        assert Result.parse(io.BytesIO(body), format=fmt).askAnswer is expected


def test_dataset_parameters(server: Server) -> None:
    """default-graph-uri picks the graphs a query reads; the store keeps everything in its default graph."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _, _, body = get(server, query)
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000
    _, _, body = get(server, query, **{"default-graph-uri": "https://example.org/no-such-graph"})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    status, _, body = get(server, query, **{"default-graph-uri": "not an iri"})
    assert status == 400 and b"not an IRI" in body


# ------------------------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
        "PREFIX ex: <https://example.org/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/graph.ttl>",
        "DROP ALL",
    ],
)
def test_updates_are_refused(server: Server, query: str) -> None:
    status, headers, body = get(server, query)
    assert status == 403 and headers["Content-Type"].startswith("text/plain")
    assert b"read-only" in body


def test_update_requests_are_refused(server: Server, store: ox.Store) -> None:
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    status, _, body = http(server.endpoint, urlencode({"update": update}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, body = http(server.endpoint, update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, body = http(server.endpoint + "?" + urlencode({"update": update}))
    assert status == 403
    # SPARQLWrapper's own update path (update= in a POSTed form).
    sw = SPARQLWrapper.SPARQLWrapper(server.endpoint)
    sw.setMethod(SPARQLWrapper.POST)
    sw.setQuery(update)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sw.query()
    assert refused.value.code == 403
    # Nothing was written.
    _, _, body = get(server, "ASK { <https://example.org/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p 1SERVICE<http://127.0.0.1:9/sparql>{ ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p ?o.SERVICESILENT<http://127.0.0.1:9/sparql>{ ?a ?b ?c } }",
        # A regular expression that blanks IRIs reads `<?b)SERVICE?v#>` as one; the parser reads SERVICE ?v.
        "SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE?v#>\n{ ?x ?y ?z } "
        "VALUES ?v { <http://127.0.0.1:9/sparql> } }",
        "PREFIX ex: <http://127.0.0.1:9/>\nSELECT * WHERE { ?s ?p ex:.SERVICE ex:{ ?a ?b ?c } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(server: Server, query: str) -> None:
    status, _, body = get(server, query)
    assert status == 403, body
    assert b"SERVICE" in body and b"never fetches" in body


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service a kg:Park } LIMIT 1",
        "SELECT ?x WHERE { ?x schema:serviceType ?t }",
    ],
)
def test_the_word_service_in_names_is_allowed(server: Server, query: str) -> None:
    status, _, body = get(server, query)
    assert status == 200, body


def test_malformed_query_gets_400_with_the_parser_message(server: Server) -> None:
    sw = wrapper(server, "SELECT ?x WHERE { ?x ?y }", SPARQLWrapper.JSON)
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed) as bad:
        sw.query()
    assert "malformed SPARQL query" in str(bad.value) and "expected" in str(bad.value)
    status, headers, body = get(server, "SELECT ?x WHERE { ?x nope:p ?y }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert b"undeclared prefix nope:" in body


def test_protocol_errors(server: Server) -> None:
    status, _, body = http(server.endpoint)
    assert status == 400 and b"no query" in body
    status, _, body = http(server.endpoint, b"SELECT * WHERE { ?s ?p ?o }", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = http(server.endpoint + "?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400
    status, headers, _ = http(server.endpoint, b"x", {"Content-Type": "text/turtle"}, method="PUT")
    assert status == 405 and headers.get("Allow") == "GET, POST"
    status, _, _ = http(server.url + "no-such-page")
    assert status == 404
    status, _, body = get(server, PARKS, accept="image/png")
    assert status == 406 and b"json, xml, csv, tsv" in body
    status, _, body = http(server.endpoint, b"q" * (1 << 21), {"Content-Type": "application/sparql-query"})
    assert status == 413


# ------------------------------------------------------------------------------------------------ limits


def test_time_limit_stops_a_slow_query_and_the_server_keeps_answering(server: Server) -> None:
    for _ in range(2):  # the second one runs in the other worker, or in the replacement of the first
        started = time.monotonic()
        status, _, body = get(server, SLOW)
        elapsed = time.monotonic() - started
        assert status == 503, body
        assert b"time limit of 2 s" in body
        assert TIME_LIMIT <= elapsed < TIME_LIMIT + 3, elapsed
    for _ in range(4):
        started = time.monotonic()
        status, _, body = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Park }")
        assert status == 200, body
        assert time.monotonic() - started < TIME_LIMIT + 3


def test_row_limit(server: Server) -> None:
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422
    assert f"more than {ROW_LIMIT} rows".encode() in body and b"--max-rows" in body
    status, _, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 422 and f"more than {ROW_LIMIT} triples".encode() in body
    status, _, body = get(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {ROW_LIMIT}")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == ROW_LIMIT


# ------------------------------------------------------------------------------------------------ page and network


def test_query_page_lists_the_saved_queries_and_loads_nothing(server: Server) -> None:
    status, headers, body = http(server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    page = body.decode("utf-8")
    for path in QUERIES.glob("*.rq"):
        titles = [line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if line.startswith(("# title-zh:", "# title-en:"))]
        assert len(titles) == 2, path
        for title in titles:
            assert json.dumps(title, ensure_ascii=False)[1:-1].replace("<", "\\u003c") in page, title
    assert re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", page, re.IGNORECASE) is None
    assert "@import" not in page and "url(" not in page


def test_network_view_of_the_whole_graph_a_query_and_an_entity(server: Server, store: ox.Store) -> None:
    leaders = "SELECT DISTINCT ?f WHERE { ?f kg:chainLeaderOf ?i }"
    firms = {row[0].value for row in local(store, leaders).rows}
    policy = local(store, "SELECT ?p WHERE { ?p a kg:Policy } LIMIT 1").rows[0][0].value
    assert firms
    status, headers, body = http(server.url + "graph")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'"{policy}"'.encode() in body
    status, _, body = http(server.url + "graph?query=" + quote(leaders))
    assert status == 200
    for firm in firms:
        assert f'"{firm}"'.encode() in body
    assert f'"{policy}"'.encode() not in body
    firm = sorted(firms)[0]
    status, _, body = http(server.url + "graph?lang=en&entity=" + quote(firm))
    assert status == 200 and f'"{firm}"'.encode() in body
    status, _, body = http(server.url + "graph?entity=" + quote("https://example.org/nobody"))
    assert status == 404 and b"no entity" in body
    status, _, body = http(server.url + "graph?query=" + quote("ASK { ?s ?p ?o }"))
    assert status == 400 and b"SELECT" in body
    status, _, _ = http(server.url + "graph?query=" + quote("DROP ALL"))
    assert status == 403


# ------------------------------------------------------------------------------------------------ in a browser


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
def test_the_page_runs_a_saved_query_and_shows_its_rows(server: Server, store: ox.Store, tmp_path: Path) -> None:
    from kg import viz

    text = load_query_text(str(QUERIES / "chain-leaders.rq"))
    result = local(store, text)
    assert result.rows
    expected = [[term.value if term is not None else "" for term in row] for row in result.rows]
    hostile = '<img src=x onerror="alert(1)">'
    names = {term.value for row in result.rows for term in row if isinstance(term, ox.Literal)}
    drawn = sorted(n.id for n in viz.network_from_store(store).nodes if n.label in names)

    viewport = {"width": 1280, "height": 900}
    with watched_page(server.url, offline=False, viewport=viewport, accept_downloads=True) as watched:
        page = watched.page
        page.wait_for_function("() => window.kgQueryPageReady === true", timeout=10_000)
        assert page.locator("#kg-saved-list button").count() == len(SAVED)

        page.click('button[data-file="chain-leaders.rq"]')
        page.wait_for_function(
            "(n) => document.querySelectorAll('#kg-table tbody tr').length === n", arg=len(expected),
            timeout=10_000,
        )
        cells = page.eval_on_selector_all(
            "#kg-table tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.textContent))"
        )
        assert cells == expected
        assert page.inner_text("#kg-status").startswith(f"{len(expected)} 行 rows")
        assert page.input_value("#kg-query") == text

        with page.expect_download() as download:
            page.click("#kg-csv")
        saved_csv = tmp_path / "download.csv"
        download.value.save_as(saved_csv)
        assert download.value.suggested_filename == "chain-leaders.csv"
        assert saved_csv.read_bytes() == format_result(result, "csv").encode("utf-8")

        # Values are text, never markup; an entity IRI links to its network view.
        iri = PREFIXES["kgr"] + "Company/c3"
        query = f"SELECT ?name ?e WHERE {{ BIND({json.dumps(hostile)} AS ?name) BIND(<{iri}> AS ?e) }}"
        page.fill("#kg-query", query)
        page.click("#kg-run")
        page.wait_for_function("() => document.querySelectorAll('#kg-table tbody tr').length === 1", timeout=10_000)
        assert page.inner_text("#kg-table tbody td:first-child") == hostile
        assert page.locator("#kg-table img").count() == 0
        link = page.locator("#kg-table tbody td a")
        assert link.inner_text() == "kgr:Company/c3"
        assert link.get_attribute("href") == "/graph?entity=" + quote(iri, safe="")

        # A parser error is shown as the server's message.
        page.fill("#kg-query", "SELECT ?x WHERE { ?x ?y }")
        page.click("#kg-run")
        page.wait_for_selector("#kg-error:not([hidden])", timeout=10_000)
        assert "400" in page.inner_text("#kg-error") and "expected" in page.inner_text("#kg-error")

        # The result as a network: the entities the saved query names.
        page.click('button[data-file="chain-leaders.rq"]')
        page.wait_for_selector("#kg-network:not([hidden])", timeout=10_000)
        page.click("#kg-network")
        page.wait_for_function("() => window.kgDrawn === true && !!window.kgNodes", timeout=30_000)
        assert sorted(page.evaluate("window.kgNodes.getIds()")) == drawn

    # The browser logs the 400 of the malformed query as a failed load; that one is expected.
    problems = [p for p in watched.problems if "the server responded with a status of 400" not in p]
    assert watched.dialogs == [] and problems == []
    allowed = (server.url, "data:", "blob:")
    assert watched.requests and all(r.startswith(allowed) for r in watched.requests), watched.requests


def test_the_chain_map_is_served_for_a_park(server: Server) -> None:
    status, headers, body = http(server.url + "chain?" + urlencode({"place": "抚州高新区", "chain": "新能源汽车"}))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "Content-Security-Policy" in page and "抚州高新区" in page and "锂资源" in page
    status, headers, body = http(server.url + "chain?" + urlencode({"place": "没有这个园区"}))
    assert status == 404 and headers["Content-Type"].startswith("text/plain") and "没有这个园区" in body.decode()
    assert http(server.url + "chain")[0] == 400

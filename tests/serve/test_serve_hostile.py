"""`kg serve` against wrong, slow and malicious requests, as a real process on 127.0.0.1.

Every hostile request must end in a clear status and message, never a crash, a hang, a changed store or a leaked
file; after each, a normal query still gets its correct rows. Raw sockets send what urllib would refuse to send.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from helpers import CHROMIUM, first_line, kg_script, watched_page
from test_serve import SLOW, Server, get, http, start_server, stop_server

from kg.store.store import format_result, open_store, run_query, write_store

ROOT = Path(__file__).resolve().parents[2]
CHECK = "SELECT ?p ?label WHERE { ?p a kg:Park ; rdfs:label ?label } ORDER BY ?p ?label"
TOKEN = "s3cret-token-for-the-tests-0123456789"


def fingerprint(store_dir: Path) -> tuple[int, str]:
    """Triple count and a hash of every file of the store: the store on disk must never change."""
    digest = hashlib.sha256()
    for path in sorted(p for p in store_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(store_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return len(open_store(store_dir)), digest.hexdigest()


@pytest.fixture(scope="module")
def expected_rows(out: Path) -> bytes:
    return format_result(run_query(open_store(out / "store"), CHECK), "json").encode("utf-8")


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[Server]:
    before = fingerprint(out / "store")
    running = start_server(out, out.parent / "serve.log")
    yield running
    stop_server(running)
    assert running.proc.returncode == 0, running.log.read_text(encoding="utf-8")
    assert fingerprint(out / "store") == before
    assert "Traceback" not in running.log.read_text(encoding="utf-8")


@pytest.fixture()
def still_serving(server: Server, expected_rows: bytes) -> Iterator[Server]:
    """After the test's hostile requests, the server is alive and a normal query gets exactly its rows."""
    yield server
    assert server.proc.poll() is None, "kg serve ended"
    status, _, body = get(server, CHECK, format="json")
    assert status == 200 and body == expected_rows


def raw(server: Server, data: bytes, *, timeout: float = 30) -> bytes:
    """Send bytes on a new connection and read the answer until the server closes it."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(1 << 16):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def post(server: Server, body: bytes, content_type: str, path: str = "sparql") -> tuple[int, dict[str, str], bytes]:
    return http(server.url + path, body, {"Content-Type": content_type})


def rss_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(field)


# ------------------------------------------------------------------------------------------------ updates


UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p <urn:x> } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/graph.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "InSeRt DaTa { <urn:a> <urn:b> <urn:c> }",
    "# a comment\nBASE <urn:>\nPREFIX ex: <urn:ex#>\n  # another\nPREFIX : <urn:>\ndRoP ALL",
    "PREFIX ex:<urn:ex#>#comment glued\nCLEAR DEFAULT ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX 园区: <urn:park#>\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
]
TRANSPORTS = ["GET query=", "POST form query=", "POST form update=", "POST sparql-update", "POST sparql-query"]


@pytest.mark.slow
@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("update", UPDATES)
def test_updates_in_every_disguise_are_refused(still_serving: Server, update: str, transport: str) -> None:
    server = still_serving
    if transport == "GET query=":
        status, _, body = get(server, update)
    elif transport.startswith("POST form"):
        name = transport.split()[-1].rstrip("=")
        status, _, body = post(server, urlencode({name: update}).encode(), "application/x-www-form-urlencoded")
    else:
        status, _, body = post(server, update.encode(), "application/" + transport.split()[-1])
    assert status == 403 and b"read-only" in body, (status, body)
    status, _, body = get(server, "ASK { <urn:a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",  # a query, then an update
        "\ufeffINSERT DATA { <urn:a> <urn:b> <urn:c> }",  # a byte order mark before the keyword
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 DROP ALL",
    ],
)
def test_an_update_behind_a_query_is_never_run(still_serving: Server, query: str) -> None:
    status, _, body = get(still_serving, query)
    assert status in (400, 403), body
    _, _, body = get(still_serving, "ASK { <urn:a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?q ?r } } }",
        "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o MINUS { sErViCe <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * WHERE { GRAPH ?g { SERVICE # comment\n <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "PREFIX ex: <http://127.0.0.1:9/>\nASK { SERVICE ex:sparql { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "DESCRIBE ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_service_hidden_in_nested_patterns_is_refused(still_serving: Server, query: str) -> None:
    status, _, body = get(still_serving, query)
    assert status == 403 and b"never fetches" in body
    status, _, body = post(still_serving, query.encode(), "application/sparql-query")
    assert status == 403 and b"never fetches" in body
    status, _, body = http(still_serving.url + "graph?query=" + quote(query))
    assert status == 403


def test_the_service_check_takes_linear_time(still_serving: Server) -> None:
    """A megabyte of `?serviceservice…` took the check hours (quadratic) inside the server process."""
    name = "service" * 140_000
    query = f"SELECT ?x WHERE {{ BIND(1 AS ?{name}) BIND(2 AS ?x) }}"
    started = time.monotonic()
    status, _, body = post(still_serving, query.encode(), "application/sparql-query")
    assert status == 200, body[:300]
    assert time.monotonic() - started < 25  # the client's own time-out is 30 s; before the fix, hours


# ------------------------------------------------------------------------------------------------ size and shape


def test_a_huge_body_gets_413_without_being_read_into_memory(still_serving: Server) -> None:
    server = still_serving
    peak = rss_kb(server.proc.pid, "VmHWM")
    ten_megabytes = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (10 << 20)
    status, _, body = post(server, ten_megabytes, "application/sparql-query")
    assert status == 413 and b"limited to 1048576 bytes" in body
    status, _, body = post(server, b"query=" + ten_megabytes, "application/x-www-form-urlencoded")
    assert status == 413
    # The peak memory of the server grew by far less than the 10 MB it was sent (twice).
    assert rss_kb(server.proc.pid, "VmHWM") - peak < 8 << 10
    # A length announced but never sent: answered at once, the connection closed.
    answer = raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 1000000000000\r\n\r\n", timeout=10)
    assert status_of(answer) == 413
    for length in (b"-5", b"12abc", b"1e3"):
        answer = raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: " + length + b"\r\nConnection: close\r\n\r\n", timeout=10)
        assert status_of(answer) == 400, answer
    answer = raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                         b"Content-Type: application/sparql-query\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n", timeout=10)
    assert status_of(answer) == 411
    status, _, _ = http(server.endpoint + "?query=" + "x" * 100_000)
    assert status == 414


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE " + "{" * 100_000 + " ?s ?p ?o " + "}" * 100_000, b"nests brackets 100000 levels"),
        ("SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }", b"at most 200"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?s = ?o"] * 20_000) + ") }", b"operators"),
        ("SELECT * WHERE { ?s " + "/".join(["rdfs:label"] * 20_000) + " ?o }", b"operators"),
        ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }", b"operators"),
        ("SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 10_000 + "}", b"operators"),
    ],
)
def test_deep_nesting_gets_a_clear_400(still_serving: Server, query: str, message: bytes) -> None:
    """Each of these overflowed the query engine's stack and killed the worker (SIGSEGV) before the check."""
    status, _, body = post(still_serving, query.encode(), "application/sparql-query")
    assert status == 400 and message in body, body[:300]


def test_nesting_hidden_from_the_check_crashes_only_its_worker(still_serving: Server) -> None:
    """`<?b && (((…)))#>` reads as one IRI to the check but not to the parser: the worker that overflows is replaced
    and the client is told why."""
    depth = 300_000
    query = ("SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b&&" + "(" * depth + "?a" + ")" * depth
             + "#>\n) }")
    status, _, body = post(still_serving, query.encode(), "application/sparql-query")
    assert status == 400 and b"crashed" in body, body[:300]
    time.sleep(0.5)


def test_a_query_nested_within_the_limits_is_answered(still_serving: Server) -> None:
    """200 levels and thousands of operators: over the 8 MB stack the engine used to have for some, not now."""
    query = ("SELECT (COUNT(*) AS ?n) WHERE " + "{ " * 150 + "?s a kg:Park FILTER("
             + " || ".join(["1 = 1"] * 1500) + ")" + " }" * 150)
    status, _, body = post(still_serving, query.encode(), "application/sparql-query")
    assert status == 200, body[:300]
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


@pytest.mark.parametrize(
    "query",
    [
        SLOW,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type|^!rdf:type)* ?b . ?c (!rdf:type|^!rdf:type)* ?d }",
    ],
)
def test_slow_queries_are_stopped_and_the_server_answers_afterwards(still_serving: Server, query: str) -> None:
    started = time.monotonic()
    status, headers, body = get(still_serving, query)
    assert status == 503 and b"time limit of 2 s" in body, body
    assert time.monotonic() - started < 2 + 3


def test_a_result_over_the_row_limit_gets_422(still_serving: Server) -> None:
    status, _, body = get(still_serving, "SELECT * WHERE { ?s ?p ?o . ?s ?q ?r }")
    assert status == 422 and b"row limit" in body


# ------------------------------------------------------------------------------------------------ encoding


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("query=%ZZ", b"malformed SPARQL query"),
        ("query=%", b"malformed SPARQL query"),
        ("query=%FF%FE", b"not UTF-8"),
        ("query=SELECT%20*%20WHERE%20%7B%20%C3%28%20%7D", b"not UTF-8"),
        ("query=SELECT%00*%20WHERE%20%7B%7D", b"malformed SPARQL query"),
        ("query=%ED%A0%80", b"not UTF-8"),  # a UTF-16 surrogate encoded as UTF-8
        ("format=%FF&query=ASK%7B%7D", b"not UTF-8"),
        ("query=ASK%7B%7D&" + "&".join(f"x{i}=1" for i in range(1500)), b"parameters"),
    ],
)
def test_malformed_encodings_get_400(still_serving: Server, query_string: str, message: bytes) -> None:
    status, headers, body = http(still_serving.endpoint + "?" + query_string)
    assert status == 400 and message in body, body
    assert headers["Content-Type"].startswith("text/plain")


def test_raw_bytes_that_are_not_utf8_get_400(still_serving: Server) -> None:
    server = still_serving
    status, _, body = post(server, b"ASK { ?s ?p \"\xff\xfe\" }", "application/sparql-query")
    assert status == 400 and b"not UTF-8" in body
    status, _, body = post(server, b"query=ASK%7B%7D&format=\xff", "application/x-www-form-urlencoded")
    assert status == 400 and b"not UTF-8" in body
    # NUL and high bytes straight in the request line.
    answer = raw(server, b"GET /sparql?query=ASK\x00{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 400
    answer = raw(server, b"GET /sparql?query=ASK\xff{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 400
    # Not even a request line: a status line and one plain line, not the standard library's HTML page.
    answer = raw(server, b"\x00\x01\x02\r\n\r\n")
    assert status_of(answer) == 400 and b"\x00" not in answer
    assert_one_plain_line(answer)


# ------------------------------------------------------------------------------------------------ HTTP


def assert_one_plain_line(answer: bytes) -> None:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 ") and b"Content-Type: text/plain" in head, answer[:300]
    assert body.count(b"\n") == 1 and body.endswith(b"\n") and b"<" not in body, body[:300]


def responses_in(answer: bytes) -> int:
    return answer.count(b"HTTP/1.1 ")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"])
def test_other_methods_get_405(still_serving: Server, method: str) -> None:
    answer = raw(still_serving, f"{method} /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode())
    assert status_of(answer) == 405 and b"Allow: GET, POST" in answer


def test_an_unknown_method_gets_501(still_serving: Server) -> None:
    answer = raw(still_serving, b"BREW /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 501
    assert_one_plain_line(answer)


def test_head_gets_the_get_headers_and_no_body(still_serving: Server) -> None:
    query = quote("ASK { ?s ?p ?o }")
    answer = raw(still_serving, f"HEAD /sparql?query={query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                 .encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert status_of(answer) == 200 and b"Content-Length: " in head and body == b""
    answer = raw(still_serving, b"HEAD /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 404 and answer.endswith(b"\r\n\r\n")


def test_a_get_body_is_never_read_as_a_second_request(still_serving: Server) -> None:
    inner = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = raw(still_serving, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nContent-Length: "
                 + str(len(inner)).encode() + b"\r\n\r\n" + inner)
    assert status_of(answer) == 400 and responses_in(answer) == 1 and b"Connection: close" in answer
    assert_one_plain_line(answer)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        (b"Content-Length: 15\r\nContent-Length: 16\r\n", 400),
        (b"Content-Length: 1_5\r\n", 400),
        (b"Content-Length: +15\r\n", 400),
        (b"Content-Length: 0x0f\r\n", 400),
        (b"Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n", 411),
        (b"Transfer-Encoding: chunked\r\nContent-Length: 15\r\n", 411),
    ],
)
def test_ambiguous_request_lengths_are_refused(still_serving: Server, headers: bytes, status: int) -> None:
    body = b"query=ASK%7B%7D"  # 15 bytes, followed by what a smuggler would hide as a second request
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = raw(still_serving, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                 b"\r\n" + headers + b"\r\n" + body + smuggled)
    assert status_of(answer) == status and responses_in(answer) == 1, answer[:400]
    assert_one_plain_line(answer)


@pytest.mark.parametrize(
    ("request_line", "status"),
    [(b"GET / HTTP/2.0", 505), (b"GET / HTTP/x.y", 400), (b"GET /a b c HTTP/1.1", 400),
     (b"GET /" + b"a" * 70_000 + b" HTTP/1.1", 414)],
)
def test_refused_request_lines_get_one_plain_line(still_serving: Server, request_line: bytes, status: int) -> None:
    answer = raw(still_serving, request_line + b"\r\nHost: x\r\n\r\n")
    assert status_of(answer) == status
    assert_one_plain_line(answer)


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e%252fetc%252fpasswd",
        "//etc/passwd",
        "/sparql/../../etc/passwd",
        "/graph/../../../etc/passwd",
        "/..\\..\\etc\\passwd",
        "/etc/passwd%00.html",
        "/static/../../../../etc/passwd",
        "/.git/config",
        "/pyproject.toml",
        "/ontology/queries/policies.rq",
        "http://127.0.0.1/../../etc/passwd",
    ],
)
def test_path_traversal_gets_404_and_no_file(still_serving: Server, path: str) -> None:
    answer = raw(still_serving, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert status_of(answer) == 404, answer[:300]
    assert b"Content-Type: text/plain" in head and b"X-Content-Type-Options: nosniff" in head
    assert b"root:" not in body and b"[project]" not in body and b"[core]" not in body


@pytest.mark.parametrize(
    ("params", "accept", "status"),
    [
        ({"format": "<script>alert(1)</script>"}, "", 406),
        ({"format": "../../etc/passwd"}, "", 406),
        ({"format": "\u202ejson"}, "", 406),
        ({}, "application/sparql-results+json;q=nan", 406),
        ({}, ";;;,,,;q=", 200),  # no media range at all: the default
        ({}, "/,*/;q=", 406),
        ({}, "text/html;q=1, " * 3000, 406),
        ({}, "*/*;q=0", 406),
    ],
)
def test_bad_format_and_accept_values(still_serving: Server, params: dict[str, str], accept: str,
                                      status: int) -> None:
    got, headers, body = get(still_serving, "ASK { ?s ?p ?o }", accept=accept, **params)
    assert got == status, body
    if status == 406:
        assert headers["Content-Type"].startswith("text/plain") and headers["X-Content-Type-Options"] == "nosniff"
        assert b"available: json, xml, csv, tsv" in body
    else:
        assert json.loads(body)["boolean"] is True


def test_oversized_headers(still_serving: Server) -> None:
    server = still_serving
    answer = raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
    assert status_of(answer) == 431
    many = b"".join(b"X-%d: 1\r\n" % i for i in range(150))
    answer = raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    assert status_of(answer) == 431
    answer = raw(server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(answer) == 414


# ------------------------------------------------------------------------------------------------ slow clients


@pytest.fixture()
def tight_server(out: Path) -> Iterator[Server]:
    """A server that gives a connection 2 s to send its request and serves 8 connections at once."""
    running = start_server(out, out.parent / "tight.log", "--read-timeout", "2", "--max-connections", "8")
    yield running
    stop_server(running)
    assert running.proc.returncode == 0


def _connect(server: Server) -> socket.socket:
    parts = urlsplit(server.url)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def test_silent_and_trickling_clients_block_no_one_and_are_cut_off(tight_server: Server,
                                                                  expected_rows: bytes) -> None:
    silent = [_connect(tight_server) for _ in range(4)]
    trickler = _connect(tight_server)
    stop = threading.Event()

    def trickle() -> None:  # a byte every 0.3 s: every read is quick, the request never ends
        try:
            for byte in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000:
                if stop.is_set():
                    return
                trickler.send(bytes([byte]))
                time.sleep(0.3)
        except OSError:
            return

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        status, _, body = get(tight_server, CHECK, format="json")
        assert status == 200 and body == expected_rows
        assert time.monotonic() - started < 2  # not held up by the open connections
        # Each of them is closed by the server once its 2 s are up.
        for sock in [*silent, trickler]:
            sock.settimeout(6)
            try:
                data = sock.recv(100)
            except ConnectionResetError:
                data = b""
            assert data == b"", data
        assert time.monotonic() - started < 6
    finally:
        stop.set()
        for sock in [*silent, trickler]:
            sock.close()


def test_connections_over_the_limit_get_503_and_service_resumes(tight_server: Server,
                                                                expected_rows: bytes) -> None:
    held = [_connect(tight_server) for _ in range(8)]
    try:
        time.sleep(0.3)
        answer = raw(tight_server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n", timeout=10)
        assert status_of(answer) == 503 and b"Retry-After: 1" in answer and b"--max-connections" in answer
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    status, _, body = get(tight_server, CHECK, format="json")
    assert status == 200 and body == expected_rows


# ------------------------------------------------------------------------------------------------ token and host


def _serve(out: Path, *args: str, env: dict[str, str] | None = None,
           wait: float = 60) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([kg_script(), "serve", "--out", str(out), "--port", "0", "--workers", "1", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    return proc, first_line(proc, wait)


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def test_a_non_loopback_host_without_a_token_is_refused(out: Path) -> None:
    for host in ("0.0.0.0", "::"):
        proc = subprocess.run([kg_script(), "serve", "--out", str(out), "--port", "0", "--host", host],
                              capture_output=True, text=True, timeout=60,
                              env={k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"})
        assert proc.returncode != 0 and proc.stdout == ""
        assert "refusing to listen on" in proc.stderr and "KG_SERVE_TOKEN" in proc.stderr
        assert "--insecure-no-token" in proc.stderr
    proc = subprocess.run([kg_script(), "serve", "--out", str(out), "--port", "0"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "KG_SERVE_TOKEN": "short"})
    assert proc.returncode != 0 and "at least 16" in proc.stderr


def test_insecure_no_token_starts_on_every_address_with_a_warning(out: Path) -> None:
    proc, line = _serve(out, "--host", "0.0.0.0", "--insecure-no-token")
    try:
        assert line.startswith("kg serve: http://0.0.0.0:"), line
        port = int(line.split()[2].rsplit(":", 1)[1].strip("/"))
        status, _, _ = http(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D")
        assert status == 200
    finally:
        err = _stop(proc)
    assert "is not a loopback address and no token is set" in err


def test_the_default_host_is_loopback(out: Path) -> None:
    proc, line = _serve(out)
    try:
        assert line.startswith("kg serve: http://127.0.0.1:"), line
    finally:
        _stop(proc)


def test_a_token_protects_every_route(out: Path, expected_rows: bytes) -> None:
    proc, line = _serve(out, "--host", "0.0.0.0", env={"KG_SERVE_TOKEN": TOKEN})
    try:
        assert line.startswith("kg serve: http://0.0.0.0:"), line
        base = f"http://127.0.0.1:{int(line.split()[2].rsplit(':', 1)[1].strip('/'))}/"
        query = urlencode({"query": CHECK, "format": "json"})
        for path in ("", "graph", "sparql?" + query, "favicon.ico", "no-such-page", "../etc/passwd"):
            for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token"},
                            {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"},
                            {"Authorization": f"Bearer {TOKEN[:-1]}"}, {"Authorization": "Bearer"},
                            {"Authorization": "Bearer \u00e9\u00e9"}):
                status, answer_headers, body = http(base + path, headers=headers)
                assert status == 401, (path, headers, status)
                assert answer_headers["WWW-Authenticate"].startswith("Bearer") and TOKEN.encode() not in body
        # Not as a parameter: a token in a URL ends up in logs and browser history.
        status, _, _ = http(base + "sparql?" + query + "&token=" + TOKEN)
        assert status == 401
        status, _, _ = http(base + "sparql", urlencode({"query": CHECK, "token": TOKEN}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 401
        status, _, _ = http(base + "sparql", b"x", {"Content-Type": "text/turtle"}, method="PUT")
        assert status == 401
        for scheme in ("Bearer", "bearer"):
            status, _, body = http(base + "sparql?" + query, headers={"Authorization": f"{scheme} {TOKEN}"})
            assert status == 200 and body == expected_rows
        status, _, _ = http(base, headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200
        status, _, _ = http(base + "sparql", urlencode({"query": "DROP ALL"}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"})
        assert status == 403
    finally:
        err = _stop(proc)
    assert TOKEN not in err  # the log never shows the token


# ------------------------------------------------------------------------------------------------ HTML escaping


HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror="window.kgInjected=1;alert(2)">'
HOSTILE_SENTENCE = "</script><script>window.kgInjected=1;alert(3)</script><img src=x onerror=alert(4)>签约。"
HOSTILE_IRI = "javascript:alert(5)"
KG = "https://w3id.org/kg-industry/ontology#"
KGR = "https://w3id.org/kg-industry/resource/"


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "@zh"


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose names, sentence and one entity IRI are markup and script, and a saved query titled likewise."""
    folder = tmp_path_factory.mktemp("hostile-graph")
    turtle = f"""@prefix kg: <{KG}> . @prefix kgr: <{KGR}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{KGR}Park/p1> a kg:Park ; rdfs:label {_lit(HOSTILE_NAME)} ; skos:altLabel {_lit(HOSTILE_ATTR)} .
<{KGR}Company/c1> a kg:Company ; rdfs:label {_lit(HOSTILE_ATTR)} .
<{HOSTILE_IRI}> a kg:Company ; rdfs:label {_lit("javascript 公司")} .
<{KGR}Company/c1> kg:locatedIn <{KGR}Park/p1> .
<{HOSTILE_IRI}> kg:locatedIn <{KGR}Park/p1> .
<{KGR}Document/d1> a kg:Document ; kg:fileName "<b>doc</b>.txt" .
<{KGR}Sentence/s1> a kg:Sentence ; kg:text {_lit(HOSTILE_SENTENCE)} ; kg:inDocument <{KGR}Document/d1> ;
    kg:startOffset 0 .
<{KGR}Assertion/a1> a kg:RelationAssertion ; rdf:subject <{KGR}Company/c1> ; rdf:predicate kg:locatedIn ;
    rdf:object <{KGR}Park/p1> ; prov:wasDerivedFrom <{KGR}Sentence/s1> .
"""
    ttl = folder / "hostile.ttl"
    ttl.write_text(turtle, encoding="utf-8")
    write_store(ttl, folder / "out" / "store")
    queries = folder / "queries"
    queries.mkdir()
    (queries / "hostile.rq").write_text(
        f"# title-zh: {HOSTILE_NAME}\n# title-en: {HOSTILE_ATTR}\n# description: {HOSTILE_SENTENCE}\n"
        "SELECT ?e ?name WHERE { ?e rdfs:label ?name } ORDER BY ?e\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_server(hostile_out: Path) -> Iterator[Server]:
    running = start_server(hostile_out / "out", hostile_out / "serve.log", "--queries", str(hostile_out / "queries"))
    yield running
    stop_server(running)


def _assert_no_raw_markup(page: str) -> None:
    """Markup needs a `<` (or a `"` to leave an attribute): none of the hostile text may keep its own."""
    for raw_text in (HOSTILE_NAME, HOSTILE_ATTR, "<img", "</script><script>", 'href="javascript:', "<b>doc"):
        assert raw_text not in page, raw_text


def test_hostile_names_are_escaped_in_the_served_html(hostile_server: Server) -> None:
    for path in ("", "graph", "graph?lang=en", "graph?entity=" + quote(HOSTILE_IRI, safe=""),
                 "graph?entity=" + quote(KGR + "Park/p1", safe=""),
                 "graph?query=" + quote("SELECT ?e WHERE { ?e rdfs:label ?n }")):
        status, headers, body = http(hostile_server.url + path)
        assert status == 200 and headers["Content-Type"].startswith("text/html"), (path, body[:300])
        _assert_no_raw_markup(body.decode("utf-8"))
    # Messages that repeat what the client sent are plain text the browser must not sniff as HTML.
    status, headers, body = http(hostile_server.url + "graph?entity=" + quote(HOSTILE_NAME))
    assert status == 404 and headers["Content-Type"].startswith("text/plain")
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, body = http(hostile_server.url + quote(HOSTILE_NAME))
    assert status == 404 and headers["Content-Type"].startswith("text/plain")


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
def test_hostile_names_run_no_script_in_the_browser(hostile_server: Server) -> None:
    with watched_page(hostile_server.url, offline=False, viewport={"width": 1280, "height": 900}) as watched:
        page = watched.page
        page.wait_for_function("() => window.kgQueryPageReady === true", timeout=10_000)
        button = page.locator('button[data-file="hostile.rq"]')
        assert button.locator(".zh").inner_text() == HOSTILE_NAME
        assert button.locator(".en").inner_text() == HOSTILE_ATTR
        button.click()
        page.wait_for_function("() => document.querySelectorAll('#kg-table tbody tr').length === 3", timeout=10_000)
        cells = page.eval_on_selector_all("#kg-table tbody tr",
                                          "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")
        names = {row[1] for row in cells}
        assert {HOSTILE_NAME, HOSTILE_ATTR, "javascript 公司"} <= names
        hrefs = page.eval_on_selector_all("#kg-table a", "links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("/graph?entity=") for h in hrefs)
        assert "/graph?entity=" + quote(HOSTILE_IRI, safe="()") in hrefs  # encodeURIComponent keeps ( )
        assert page.locator("#kg-results img, #kg-results script, aside img, aside script").count() == 0
        page.wait_for_timeout(300)  # let any injected handler fire before judging
        assert page.evaluate("window.kgInjected") is None

        for path in ("graph", "graph?entity=" + quote(KGR + "Park/p1", safe="")):
            page.goto(hostile_server.url + path)
            page.wait_for_function("() => window.kgDrawn === true", timeout=30_000)
            labels = page.evaluate("window.kgNodes.get().map(n => n.label)")
            assert HOSTILE_NAME in labels and HOSTILE_ATTR in labels
            assert page.locator("img[src=x]").count() == 0 and page.locator("script").count() == 2
            page.wait_for_timeout(300)
            assert page.evaluate("window.kgInjected") is None
    assert watched.dialogs == []
    assert watched.problems == [], watched.problems


# ------------------------------------------------------------------------------------------------ load


@pytest.mark.slow
def test_fifty_clients_for_five_seconds_get_correct_answers_or_a_clear_overload(out: Path) -> None:
    """The short form of benchmarks/serve_load.py (a second process on loopback): correctness, not speed.

    Memory bound for the server process: 100 MB over its size before the load. The load is 50 connections (the
    limit is 64) with small bodies; each holds at most one request (1 MB cap) and one answer (the largest saved
    query's JSON is some hundreds of KB on the seed graph), so growth past that would mean a queue or leak.
    """
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.serve_load", "--out", str(out), "--clients", "50", "--seconds", "5",
         "--baseline-seconds", "0", "--json"],
        capture_output=True, text=True, timeout=240, cwd=ROOT,
    )
    report = json.loads(proc.stdout)
    kinds = report["load"]["kinds"]
    assert proc.returncode == 0, (kinds, report["load"]["examples"], proc.stderr[-2000:])
    assert set(kinds) <= {"ok", "overload"} and kinds.get("ok", 0) > 100, kinds
    assert report["after_ok"] is True, report["after"]
    assert report["server_rss_peak_kb"] - report["server_rss_start_kb"] < 100 << 10, report


@pytest.mark.slow
def test_a_deleted_store_is_reported_as_gone_not_as_busy_workers(out: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out / "store", copy / "store")
    running = start_server(copy, tmp_path / "serve.log")
    try:
        shutil.rmtree(copy / "store")
        for _ in range(2):  # each overrun costs its worker; neither replacement can open the store now
            status, _, _ = get(running, SLOW)
            assert status == 503
        deadline = time.monotonic() + 60
        while running.log.read_text(encoding="utf-8").count("could not start") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        status, _, body = get(running, CHECK, format="json")
        assert status == 503, body
        assert b"can open the store" in body and b"stayed busy" not in body
    finally:
        stop_server(running)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "inf"], "--timeout"),
        (["--timeout", "1e308"], "--timeout"),
        (["--timeout", "nan"], "--timeout"),
        (["--read-timeout", "inf"], "--read-timeout"),
        (["--read-timeout", "1e-9"], "--read-timeout"),
        (["--max-rows", "10000000000000"], "--max-rows"),
        (["--max-connections", "100000000"], "--max-connections"),
        (["--max-queued", "-1"], "--max-queued"),
    ],
)
def test_server_options_out_of_bounds_are_refused_at_start(out: Path, args: list[str], message: str) -> None:
    proc = subprocess.run([kg_script(), "serve", "--out", str(out), "--port", "0", *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.slow
def test_a_rebuild_is_served_whole_by_every_worker(out: Path, tmp_path: Path) -> None:
    """After `kg build` swaps a new store in, every answer and the network view come from the new build, even
    once a worker has been replaced (before, a replacement opened the new store beside an old worker)."""
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    running = start_server(copy, tmp_path / "serve.log")
    try:
        status, _, before = get(running, count, format="csv")
        assert status == 200
        _, _, page_before = http(running.url + "graph")
        one = tmp_path / "one"
        one.mkdir()
        shutil.copy(ROOT / "seeds" / "000_2f12ecc62ecadb10.txt", one)
        built = subprocess.run([kg_script(), "build", str(one), "--out", str(copy)], capture_output=True, text=True,
                               timeout=300)
        assert built.returncode == 0, built.stderr
        assert get(running, SLOW)[0] == 503  # costs a worker; its replacement opens the new store
        answers = {get(running, count, format="csv")[2] for _ in range(8)}
        assert len(answers) == 1 and answers != {before}, answers
        _, _, page_after = http(running.url + "graph")
        assert page_after != page_before
        assert "now answer from the new build" in running.log.read_text(encoding="utf-8")
    finally:
        stop_server(running)


def _hammer(host: str, port: int, until: threading.Event) -> None:
    while not until.is_set():
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_amid_arriving_connections_stops_the_server(out: Path, sig: signal.Signals) -> None:
    """Ctrl-C or SIGTERM stops the server cleanly while connections keep arriving. (The race this guards against,
    a signal landing inside the start of a connection's thread, then logged as a request's error and lost, was seen
    once in CI under load; this test did not reproduce it on the old code in two runs: it checks the stop, not the
    race.)"""
    for _ in range(3):
        proc, line = _serve(out)
        assert line.startswith("kg serve: http://127.0.0.1:"), line
        host, port = urlsplit(line.split()[2]).hostname, urlsplit(line.split()[2]).port
        done = threading.Event()
        clients = [threading.Thread(target=_hammer, args=(host, port, done), daemon=True) for _ in range(8)]
        for client in clients:
            client.start()
        time.sleep(0.5)  # connections keep arriving; the signal lands among them
        proc.send_signal(sig)
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("kg serve went on serving after the stop signal")
        finally:
            done.set()
            for client in clients:
                client.join()
        assert "kg serve: stopped" in err and "Semaphore released too many times" not in err, err

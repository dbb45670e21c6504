"""`kg push` into a real Oxigraph server (`oxigraph serve`, from the `oxigraph` package) on a free loopback port,
over both protocols, and the saved queries asked of the pushed graph; a small recording HTTP server checks the
credentials a store that wants them gets.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from helpers import kg_script

from kg.store.push import DEFAULT_GRAPH
from kg.store.store import format_result, load_query_text, open_store, run_query

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "ontology" / "queries"
SAVED = sorted(p.name for p in QUERIES.glob("*.rq"))
GRAPH_A = "https://example.org/graphs/kg-a"
GRAPH_B = "https://example.org/graphs/kg-b"



def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([kg_script(), *args], capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, **(env or {})})


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("push") / "out"
    proc = kg("build", str(SEEDS), "--out", str(folder))
    assert proc.returncode == 0, proc.stderr
    return folder


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Oxigraph server; yields its base URL (…/store, …/query, …/update)."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (folder / "server.log").open("w") as log:
        proc = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if http(base + "/query?" + urlencode({"query": "ASK {}"}))[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oxigraph serve did not start:\n{(folder / 'server.log').read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def select(base: str, query: str, graph: str | None = None) -> list[dict[str, Any]]:
    """Bindings of a query asked of the Oxigraph server, with `graph` as the default graph (SPARQL Protocol)."""
    params = {"query": query}
    if graph is not None:
        params["default-graph-uri"] = graph
    status, body = http(base + "/query", urlencode(params).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded",
                         "Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)["results"]["bindings"]


def count(base: str, graph: str) -> int:
    rows = select(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def graphs(base: str) -> set[str]:
    return {row["g"]["value"] for row in select(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


def as_multiset(bindings: list[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in bindings)


def local_bindings(out: Path, query: str) -> list[dict[str, Any]]:
    result = run_query(open_store(out / "store"), query)
    return json.loads(format_result(result, "json"))["results"]["bindings"]


def local_triples(out: Path) -> int:
    return int(run_query(open_store(out / "store"), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)


def push(out: Path, endpoint: str, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return kg("push", "--endpoint", endpoint, "--out", str(out), *extra, env=env)


def assert_same_answers(out: Path, base: str, graph: str) -> None:
    for name in SAVED:
        query = load_query_text(str(QUERIES / name))
        expected = local_bindings(out, query)
        assert as_multiset(select(base, query, graph)) == as_multiset(expected), name


# ------------------------------------------------------------------------------------------------ both protocols


@pytest.mark.slow
def test_graph_store_protocol_push_gives_the_same_answers(out: Path, oxigraph: str) -> None:
    proc = push(out, oxigraph + "/store", "--graph", GRAPH_A)
    assert proc.returncode == 0, proc.stderr
    n = local_triples(out)
    assert proc.stdout.startswith(f"pushed {n} triples to graph <{GRAPH_A}> at {oxigraph}/store (gsp, 1 request,")
    assert count(oxigraph, GRAPH_A) == n
    assert_same_answers(out, oxigraph, GRAPH_A)


def test_update_protocol_push_gives_the_same_answers(out: Path, oxigraph: str) -> None:
    n = local_triples(out)
    proc = push(out, oxigraph + "/update", "--graph", GRAPH_B, "--protocol", "update", "--batch-size", "2000")
    assert proc.returncode == 0, proc.stderr
    batches = -(-n // 2000)
    assert f"(update, {batches + 1} requests," in proc.stdout  # the batches, then one MOVE
    assert count(oxigraph, GRAPH_B) == n
    assert_same_answers(out, oxigraph, GRAPH_B)
    assert not any(g.startswith("urn:uuid:") for g in graphs(oxigraph)), "a staging graph was left behind"


def test_kg_query_and_the_pushed_store_agree(out: Path, oxigraph: str) -> None:
    assert push(out, oxigraph + "/store", "--graph", GRAPH_A).returncode == 0
    path = QUERIES / "chain-leaders.rq"
    proc = kg("query", str(path), "--format", "json", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    from_cli = json.loads(proc.stdout)["results"]["bindings"]
    assert from_cli
    assert as_multiset(select(oxigraph, path.read_text(encoding="utf-8"), GRAPH_A)) == as_multiset(from_cli)


@pytest.mark.parametrize(("endpoint", "protocol"), [("/store", "gsp"), ("/update", "update")])
def test_pushing_again_replaces_the_graph_and_nothing_else(out: Path, oxigraph: str, endpoint: str,
                                                           protocol: str) -> None:
    graph = f"https://example.org/graphs/again-{protocol}"
    other = "https://example.org/graphs/someone-elses"
    n = local_triples(out)
    status, _ = http(oxigraph + "/update",
                     (f"INSERT DATA {{ GRAPH <{graph}> {{ <https://example.org/stale> <https://example.org/p> 1 }} "
                      f"GRAPH <{other}> {{ <https://example.org/kept> <https://example.org/p> 2 }} }}").encode(),
                     {"Content-Type": "application/sparql-update"})
    assert status == 204
    for _ in range(2):
        proc = push(out, oxigraph + endpoint, "--graph", graph, "--protocol", protocol)
        assert proc.returncode == 0, proc.stderr
        assert count(oxigraph, graph) == n  # replaced, not added to: the stale triple is gone
    assert count(oxigraph, other) == 1


def test_default_graph_name(out: Path, oxigraph: str) -> None:
    proc = push(out, oxigraph + "/store")
    assert proc.returncode == 0, proc.stderr
    assert f"<{DEFAULT_GRAPH}>" in proc.stdout
    assert count(oxigraph, DEFAULT_GRAPH) == local_triples(out)


# ------------------------------------------------------------------------------------------------ errors


def test_errors_name_the_endpoint(out: Path, oxigraph: str) -> None:
    closed = f"http://127.0.0.1:{free_port()}/store"
    proc = push(out, closed)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: cannot reach the endpoint {closed}:"), proc.stderr

    proc = push(out, oxigraph + "/no-such-service")
    assert proc.returncode == 2
    assert f"{oxigraph}/no-such-service answered 404" in proc.stderr

    before = count(oxigraph, GRAPH_A)
    proc = push(out, oxigraph + "/query", "--graph", GRAPH_A, "--protocol", "update")
    assert proc.returncode == 2
    assert f"{oxigraph}/query answered" in proc.stderr and f"graph <{GRAPH_A}> was left as it was" in proc.stderr
    assert count(oxigraph, GRAPH_A) == before

    for bad in (["--endpoint", "ftp://127.0.0.1/store"], ["--endpoint", oxigraph + "/store", "--graph", "no iri"]):
        proc = kg("push", "--out", str(out), *bad)
        assert proc.returncode == 2 and proc.stderr.startswith("kg: error:"), proc.stderr

    proc = kg("push", "--endpoint", oxigraph + "/store", "--out", str(out.parent / "nothing-built"))
    assert proc.returncode == 2 and "kg build" in proc.stderr


class _Recorder(BaseHTTPRequestHandler):
    """A store that wants alice:secret, and remembers what it was sent."""

    seen: list[tuple[str, str, str | None, int]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        auth = self.headers.get("Authorization")
        ok = auth == "Basic " + base64.b64encode(b"alice:secret").decode()
        type(self).seen.append((self.command, self.path, auth, len(body)))
        self.send_response(204 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_credentials_go_as_http_basic_auth(out: Path) -> None:
    recorder = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{recorder.server_address[1]}/rdf-graphs/service"
        proc = push(out, endpoint, "--user", "alice", env={"KG_PUSH_PASSWORD": "secret"})
        assert proc.returncode == 0, proc.stderr
        method, path, auth, size = _Recorder.seen[-1]
        assert method == "PUT" and path == "/rdf-graphs/service?graph=" + quote(DEFAULT_GRAPH, safe="")
        assert size > 0 and auth is not None
        proc = push(out, endpoint)
        assert proc.returncode == 2
        assert f"{endpoint} answered 401" in proc.stderr and "--user" in proc.stderr
    finally:
        recorder.shutdown()
        recorder.server_close()

"""`kg serve` under load from a second process on loopback: every answer checked, throughput, latency and memory.

    .venv/bin/python -m benchmarks.serve_load                         # 50 clients for 30 s on the seed graph
    .venv/bin/python -m benchmarks.serve_load --clients 50 --seconds 5 --out out --json

It starts `kg serve` (defaults: 2 query workers, --max-queued 32, --max-connections 64; here --timeout 2 and
--max-rows 5000 so that the slow and oversized queries of the mix are stopped quickly) as one process on a free
loopback port; this process is the load generator. Before the load it computes, in-process, the JSON each saved
query (ontology/queries/*.rq) must give (what `kg query --format json` prints). Then --clients threads, each with
its own keep-alive connection, send for --seconds a fixed mix of 500 requests: the saved queries, and one cartesian
product (must be stopped: 503 naming the time limit), one result over the row limit (422), two updates and two
SERVICE queries (403). Every answer is classified:

- ok: 200 and byte for byte the expected JSON, or the expected refusal for a hostile request;
- overload: 503 with Retry-After (the bounded queue or connection limit is full; the client then waits as told),
  or a saved query stopped at the time limit because the workers were busy with others: a clear message, not a
  wrong answer;
- wrong: anything else (another status, a 200 with other rows, a refusal with the wrong message);
- failed: no answer (connection reset, time-out).

It samples the resident memory of the server and its workers (/proc/PID/status) every 0.2 s, checks that a saved
query is answered correctly after the load, and reports requests/s, p50/p99 latency, answers by kind and peak
memory, with a baseline measured in the same run: one client sending the saved queries one after another.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from kg.store.store import format_result, load_query_text, open_store, run_query

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "ontology" / "queries"
KG = Path(sys.executable).parent / "kg"
TIME_LIMIT = 2.0
ROW_LIMIT = 5000
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TOO_MANY_ROWS = "SELECT * WHERE { ?s ?p ?o }"
UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "# x\nPREFIX ex: <urn:>\ndrop all"]
SERVICES = ["SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
            "SELECT * WHERE { { SELECT * WHERE { service silent <http://127.0.0.1:9/> { ?s ?p ?o } } } }"]


@dataclass(frozen=True)
class Request:
    name: str
    query: str
    expect: int  # the status a correct answer has
    body: bytes | None = None  # the exact body a 200 must have
    message: str = ""  # what a refusal must say


@dataclass
class Tally:
    kinds: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)  # seconds, saved queries answered 200
    all_latencies: list[float] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)


def expected_requests(store_dir: Path) -> list[Request]:
    """The mix: 494 saved-query requests, 1 slow, 1 over the row limit, 2 updates and 2 SERVICE in every 500."""
    store = open_store(store_dir)
    saved = []
    for path in sorted(QUERIES.glob("*.rq")):
        text = load_query_text(str(path))
        saved.append(Request(path.name, text, 200, format_result(run_query(store, text), "json").encode("utf-8")))
    mix = [saved[i % len(saved)] for i in range(494)]
    mix.insert(50, Request("slow", SLOW, 503, message="time limit"))
    mix.insert(150, Request("too-many-rows", TOO_MANY_ROWS, 422, message="row limit"))
    for i, text in enumerate(UPDATES):
        mix.insert(250 + i * 100, Request("update", text, 403, message="read-only"))
    for i, text in enumerate(SERVICES):
        mix.insert(300 + i * 100, Request("service", text, 403, message="never fetches"))
    return mix


def classify(request: Request, status: int, headers: dict[str, str], body: bytes) -> str:
    if status == 503 and "retry-after" in headers:
        return "overload"
    if status == request.expect:
        if status == 200:
            return "ok" if body == request.body else "wrong"
        return "ok" if request.message.encode() in body else "wrong"
    if status == 503 and b"time limit" in body:
        return "overload"  # a saved query that waited behind slow ones until the time limit
    return "wrong"


def client(url: str, mix: list[Request], start: int, stop_at: float, tally: Tally, lock: threading.Lock,
           auth: str | None) -> None:
    """One client: its own keep-alive connection, the mix from `start` on, until `stop_at`."""
    parts = urlsplit(url)
    connection: http.client.HTTPConnection | None = None
    i = start
    while time.monotonic() < stop_at:
        request = mix[i % len(mix)]
        i += 1
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
        if auth:
            headers["Authorization"] = f"Bearer {auth}"
        began = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            connection.request("POST", "/sparql", urlencode({"query": request.query}), headers)
            response = connection.getresponse()
            body = response.read()
            answer = {k.lower(): v for k, v in response.getheaders()}
            kind = classify(request, response.status, answer, body)
            retry_after = float(answer["retry-after"]) if answer.get("retry-after", "").isdigit() else 0.0
            if answer.get("connection", "").lower() == "close":
                connection.close()
                connection = None
            detail = f"{request.name}: {response.status} {body[:200]!r}"
        except (OSError, http.client.HTTPException) as exc:
            kind, detail, retry_after = "failed", f"{request.name}: {type(exc).__name__}: {exc}", 0.0
            if connection is not None:
                connection.close()
            connection = None
        elapsed = time.perf_counter() - began
        with lock:
            tally.kinds[kind] += 1
            tally.all_latencies.append(elapsed)
            if kind == "ok" and request.expect == 200:
                tally.latencies.append(elapsed)
            tally.examples.setdefault(kind, detail)
        if kind == "overload" and retry_after:  # a well-behaved client waits as it is told
            time.sleep(max(0.0, min(retry_after, stop_at - time.monotonic())))
    if connection is not None:
        connection.close()


def answer_once(url: str, request: Request, auth: str | None = None) -> str:
    """Send one request on a new connection and classify the answer."""
    parts = urlsplit(url)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    if auth:
        headers["Authorization"] = f"Bearer {auth}"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("POST", "/sparql", urlencode({"query": request.query}), headers)
        response = connection.getresponse()
        body = response.read()
        return classify(request, response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    except (OSError, http.client.HTTPException):
        return "failed"
    finally:
        connection.close()


def run_clients(url: str, mix: list[Request], clients: int, seconds: float, auth: str | None = None) -> Tally:
    tally, lock = Tally(), threading.Lock()
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(url, mix, n * 7, stop_at, tally, lock, auth), daemon=True)
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


class MemorySampler(threading.Thread):
    """Peak resident memory of the server process alone and of the server with its workers."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.server_peak_kb = self.total_peak_kb = 0
        self.first_server_kb = _rss_kb(pid)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.2):
            server = _rss_kb(self.pid)
            total = server + sum(_rss_kb(child) for child in _children(self.pid))
            self.server_peak_kb = max(self.server_peak_kb, server)
            self.total_peak_kb = max(self.total_peak_kb, total)

    def stop(self) -> None:
        self._halt.set()
        self.join()


class Server:
    """`kg serve` on a free loopback port for the lifetime of a with-block."""

    def __init__(self, out: Path, extra: list[str], log: Path | None = None) -> None:
        self.out, self.extra, self.log_path = out, extra, log

    def __enter__(self) -> Server:
        self.log = self.log_path.open("w+") if self.log_path else tempfile.TemporaryFile("w+")
        self.proc = subprocess.Popen(
            [str(KG), "serve", "--out", str(self.out), "--port", "0", "--timeout", str(TIME_LIMIT),
             "--max-rows", str(ROW_LIMIT), *self.extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("kg serve: http://"):
            self.proc.kill()
            self.log.seek(0)
            raise SystemExit(f"kg serve did not start: {line!r} {self.log.read()}")
        self.url = line.split()[2]
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(tally: Tally, seconds: float) -> dict[str, object]:
    total = sum(tally.kinds.values())
    return {
        "requests": total,
        "requests_per_s": round(total / seconds, 1),
        "kinds": dict(sorted(tally.kinds.items())),
        "p50_ms": round(_percentile(tally.all_latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(tally.all_latencies, 0.99) * 1000, 1),
        "saved_ok_p50_ms": round(_percentile(tally.latencies, 0.50) * 1000, 1),
        "saved_ok_p99_ms": round(_percentile(tally.latencies, 0.99) * 1000, 1),
        "examples": tally.examples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, help="a built output folder (default: build seeds/ into --work)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-serve-load")
    parser.add_argument("--baseline-seconds", type=float, default=5.0, help="0 skips the one-client baseline")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--server-log", type=Path, help="keep the server's log (stderr) in this file")
    args = parser.parse_args(argv)

    out = args.out
    if out is None:
        out = args.work / "seed"
        if not (out / "store" / "CURRENT").exists():
            subprocess.run([str(KG), "build", str(SEEDS), "--out", str(out)], check=True, capture_output=True)
    mix = expected_requests(out / "store")
    print(f"{len(mix)} requests in the mix", file=sys.stderr)
    saved_only = [r for r in mix if r.expect == 200]
    auth = os.environ.get("KG_SERVE_TOKEN")
    report: dict[str, object] = {"clients": args.clients, "seconds": args.seconds, "cpus": os.cpu_count()}
    with Server(out, [], args.server_log) as server:
        if args.baseline_seconds > 0:
            print(f"baseline: 1 client, saved queries only, {args.baseline_seconds:g} s", file=sys.stderr)
            report["baseline"] = summary(run_clients(server.url, saved_only, 1, args.baseline_seconds, auth),
                                         args.baseline_seconds)
        sampler = MemorySampler(server.proc.pid)
        sampler.start()
        print(f"load: {args.clients} clients, {args.seconds:g} s", file=sys.stderr)
        load = run_clients(server.url, mix, args.clients, args.seconds, auth)
        sampler.stop()
        report["load"] = summary(load, args.seconds)
        report["server_rss_start_kb"] = sampler.first_server_kb
        report["server_rss_peak_kb"] = sampler.server_peak_kb
        report["server_and_workers_rss_peak_kb"] = sampler.total_peak_kb
        # Afterwards the server answers normally: every saved query once, correct.
        time.sleep(TIME_LIMIT + 1)  # workers killed by the last slow queries are replaced by now
        report["after"] = {r.name: answer_once(server.url, r, auth) for r in saved_only[: len(set(saved_only))]}
        report["after_ok"] = set(report["after"].values()) == {"ok"}
    baseline = report.get("baseline")
    if isinstance(baseline, dict) and baseline["requests_per_s"]:
        load_summary = report["load"]
        assert isinstance(load_summary, dict)
        report["throughput_ratio_vs_one_client"] = round(
            float(load_summary["requests_per_s"]) / float(baseline["requests_per_s"]), 2)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    load_summary = report["load"]
    assert isinstance(load_summary, dict)
    kinds = load_summary["kinds"]
    assert isinstance(kinds, dict)
    return 0 if not kinds.get("wrong") and not kinds.get("failed") and report["after_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

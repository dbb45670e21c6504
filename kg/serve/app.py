"""The server of `kg serve` (KgServer) and `serve()`, which runs it until Ctrl-C or SIGTERM.

Three things shape the server:

- pyoxigraph evaluates a query inside one native call that no Python thread can interrupt, so a runaway query (a
  cross product, an unbounded path) could only be stopped by ending the process running it. Every query therefore
  runs in a pool of worker processes, each with the store open read-only; when a query passes the time limit the
  server kills its worker, answers with an error and starts a replacement.
- The endpoint must be read-only and must never make the server fetch another address: SPARQL Update (LOAD
  included) is refused before anything is evaluated, and so is any query in which SERVICE could be the keyword
  (the check reads the raw text conservatively, see `kg.store.store.service_position`).
- The HTTP layer is the standard library's ThreadingHTTPServer: the endpoint is a local tool that answers one analyst
  or notebook at a time, the slow part is the query (in a worker process, not in the server), and it adds no
  dependency to install or keep up to date.
"""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import sys
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.serve.answer import QueryJob, Reply, error_reply
from kg.serve.checks import HttpError
from kg.serve.config import MAX_PAGE_RENDERS, RETRY_AFTER_SECONDS, ServeConfig, is_loopback
from kg.serve.handler import Handler
from kg.serve.page import render_query_page
from kg.serve.workers import WorkerPool, open_one_build, store_identity
from kg.store.saved_queries import SavedQuery, load_saved_queries
from kg.store.store import (
    open_store,
)


class KgServer(ThreadingHTTPServer):
    """The HTTP server: the worker pool, the query page and the (lazily read) network of the store."""

    daemon_threads = True
    block_on_close = False  # idle keep-alive connections must not hold up Ctrl-C
    # The listen backlog: 5 (socketserver's default) drops connections when many clients start at once.
    request_queue_size = 128

    def __init__(self, config: ServeConfig, store: ox.Store, saved: list[SavedQuery]) -> None:
        self.address_family = address_family(config.host)
        super().__init__((config.host, config.port), Handler)
        self.config = config
        self._connections = threading.BoundedSemaphore(config.max_connections)
        self.render_slots = threading.BoundedSemaphore(MAX_PAGE_RENDERS)
        self.store = store
        self._store_build = store_identity(config.store_dir)
        self.pool: WorkerPool | None = None
        self.page = render_query_page(saved, config.queries_dir, config.timeout, config.max_rows).encode("utf-8")
        self._network: Any = None
        self._chain_context: Any = None
        self._whole_pages: dict[str, bytes] = {}
        self._network_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on a thread of its own, unless --max-connections are open: then a short 503."""
        if not self._connections.acquire(blocking=False):
            refuse_connection(request, self.config.max_connections)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def answer(self, job: QueryJob) -> Reply:
        """The reply of a query job, from a query worker within the time limit."""
        if self.pool is None:
            return error_reply(HTTPStatus.SERVICE_UNAVAILABLE, "the server is starting; try again")
        return self.pool.run(job, self.config.timeout)

    def current_store(self) -> ox.Store:
        """The store of the build the query workers answer from (reopened after a rebuild, with its network)."""
        build = self.pool.current_build() if self.pool is not None else self._store_build
        with self._network_lock:
            if build != self._store_build:
                self.store, self._store_build = open_one_build(str(self.config.store_dir))
                self._network = None
                self._chain_context = None
                self._whole_pages.clear()
            return self.store

    def chain_context(self) -> Any:
        """The store's firms placed on the chains (kg.chains.chains), read once per build, as the network is."""
        from kg.chains import chains

        store = self.current_store()
        with self._network_lock:
            if self._chain_context is None:
                self._chain_context = chains.ChainContext.from_store(store)
            return self._chain_context

    def network(self) -> Any:
        """The store's whole network (kg.viz), read once per build."""
        from kg import viz

        store = self.current_store()
        with self._network_lock:
            if self._network is None:
                self._network = viz.network_from_store(store)
            return self._network

    def whole_graph_page(self, lang: str) -> bytes:
        from kg import viz

        network = self.network()
        with self._network_lock:
            if lang not in self._whole_pages:
                # A graph too big to draw whole is drawn as its most connected entities, as `kg build` draws it.
                shown, view = viz.select_view(network, lang=lang)
                with self.rendering():
                    self._whole_pages[lang] = viz.render_network_html(shown, lang=lang, view=view).encode("utf-8")
            return self._whole_pages[lang]

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """A slot for drawing a network page (its layout runs here, in the server); 503 when all are taken."""
        if not self.render_slots.acquire(blocking=False):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, f"{MAX_PAGE_RENDERS} network views are being drawn; try "
                            f"again in {RETRY_AFTER_SECONDS} s", retry_after=RETRY_AFTER_SECONDS)
        try:
            yield
        finally:
            self.render_slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up or stalls costs one log line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            print(f"kg serve: {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        else:
            super().handle_error(request, client_address)


def refuse_connection(sock: Any, limit: int) -> None:
    """Answer a connection over the limit without reading its request (the accept loop must not wait on it)."""
    body = (f"the server is busy: {limit} connections are open (kg serve --max-connections); try again in "
            f"{RETRY_AFTER_SECONDS} s\n").encode()
    head = (f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: {RETRY_AFTER_SECONDS}\r\nConnection: close\r\n"
            "Cache-Control: no-store\r\n\r\n").encode("ascii")
    try:
        sock.setblocking(False)
        sock.send(head + body)  # a fresh socket's send buffer takes these few hundred bytes at once
        while sock.recv(1 << 16):  # what the client already sent, so closing does not reset the connection
            pass
    except OSError:  # BlockingIOError once nothing more has arrived
        pass


def address_family(host: str) -> int:
    import socket

    try:
        return socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        return socket.AF_INET


def _stopping_on_signals(server: KgServer) -> dict[int, Any]:
    """Make Ctrl-C and SIGTERM stop serve_forever by `server.shutdown()` from a thread of their own, and return the
    handlers they replace. (Raising KeyboardInterrupt from the handler, as before, could land inside the start of a
    connection's thread; socketserver then logged the error and went on serving, and the signal was lost.)"""
    stopping = threading.Event()

    def stop(signum: int, frame: Any) -> None:
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, name="kg-serve-stop", daemon=True).start()

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}


def serve(config: ServeConfig) -> None:
    """Serve until Ctrl-C or SIGTERM; prints the address first (one line on stdout, for people and scripts)."""
    config.validate()
    store = open_store(config.store_dir)
    triples = len(store)
    saved = load_saved_queries(config.queries_dir)
    try:
        server = KgServer(config, store, saved)
    except OSError as exc:
        raise KgError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from exc
    previous: dict[int, Any] = {}
    try:
        server.pool = WorkerPool(config.store_dir, config.workers, config.max_rows, config.max_queued)
        host, port = server.server_address[:2]
        shown_host = f"[{host}]" if ":" in str(host) else host
        url = f"http://{shown_host}:{port}/"
        print(f"kg serve: {url} (SPARQL endpoint {url}sparql, query page {url}, network view {url}graph)", flush=True)
        print(
            f"  {triples} triples from {config.store_dir}; time limit {config.timeout:g} s, row limit "
            f"{config.max_rows}, {config.workers} query workers; "
            f"{'a token is required' if config.token else 'no token'}; Ctrl-C stops",
            flush=True,
        )
        if not is_loopback(config.host) and config.token is None:
            print(f"kg serve: warning: {config.host} is not a loopback address and no token is set "
                  "(--insecure-no-token); anyone who can reach it can read the graph", file=sys.stderr, flush=True)
        if threading.current_thread() is threading.main_thread():
            previous = _stopping_on_signals(server)
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass  # Ctrl-C while starting, before the handlers are in place: stop cleanly
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()
        if server.pool is not None:
            server.pool.close()
        print("kg serve: stopped", file=sys.stderr, flush=True)

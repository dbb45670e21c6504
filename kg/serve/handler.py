"""The HTTP handler: one request at a time on a connection, routed to /sparql, the query page, /graph and /chain;
requests whose length is ambiguous, unauthorised or too slow to arrive are refused before any work.
"""

from __future__ import annotations

import hmac
import io
import re
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kg import __version__
from kg.errors import KgError
from kg.serve.answer import QueryJob, error_reply
from kg.serve.checks import HttpError, check_query_shape, check_read_only, parse_params, single
from kg.serve.config import DEFAULT_READ_TIMEOUT, DRAIN_LIMIT_BYTES, MAX_BODY_BYTES, RESPONSE_WRITE_TIMEOUT
from kg.serve.page import PAGE_CSP

if TYPE_CHECKING:  # the server module imports this one
    from kg.serve.app import KgServer


class _DeadlineReader(io.RawIOBase):
    """The connection's reading side, failing with TimeoutError once the handler's request deadline has passed:
    a per-read timeout alone lets a client that sends a byte every few seconds hold its thread for ever."""

    def __init__(self, sock: Any, handler: Handler) -> None:
        self._sock = sock
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._handler.read_deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request was not received in time")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    protocol_version = "HTTP/1.1"
    server_version = f"kg/{__version__}"
    timeout = DEFAULT_READ_TIMEOUT
    read_deadline = 0.0
    # Headers and body go out as two writes; with Nagle's algorithm the body waits for the client's delayed ACK of
    # the headers, adding about 40 ms to every answer on keep-alive connections.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self))

    def handle_one_request(self) -> None:
        """One request; it must have arrived whole within --read-timeout (idle keep-alive time included)."""
        self.read_deadline = time.monotonic() + self.server.config.read_timeout
        super().handle_one_request()

    # ---------------------------------------------------------------------------------------------- routing

    def _authorized(self) -> bool:
        """With a token configured, every request must carry `Authorization: Bearer TOKEN`; answer 401 otherwise."""
        token = self.server.config.token
        if token is None:
            return True
        scheme, _, value = (self.headers.get("Authorization") or "").strip().partition(" ")
        sent = value.strip().encode("latin-1", "replace")  # header text is read as Latin-1
        if scheme.lower() == "bearer" and hmac.compare_digest(sent, token.encode("ascii")):
            return True
        self.close_connection = True  # a POST body stays unread
        self._send(HTTPStatus.UNAUTHORIZED, "text/plain; charset=utf-8",
                   b"this server wants a token: send the header 'Authorization: Bearer TOKEN'\n",
                   extra={"WWW-Authenticate": 'Bearer realm="kg serve"'})
        return False

    def do_GET(self) -> None:
        self._begin()
        if self._framed() and self._authorized():
            self._dispatch("GET", b"")

    do_HEAD = do_GET  # the GET answer's status and headers; `_send` leaves out the body

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a malformed or too long request line, an unknown method, too many
        headers) as one plain line with a status line, like every other error here, never its HTML page."""
        if self.request_version == "HTTP/0.9":  # what it assumes before it could read a version: answer as 1.1
            self.request_version = self.protocol_version
        self._begin()
        self.log_error("code %d, message %s", code, message or "")
        self.close_connection = True
        phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "error"
        self._send_error(code, message or phrase)

    def _framed(self) -> bool:
        """Refuse a request whose length is ambiguous: behind a proxy that reads it otherwise, the rest of its
        bytes would be taken for a second request (request smuggling). One Content-Length, plain digits; no
        Transfer-Encoding (the endpoint reads no chunked bodies); a GET or HEAD carries no body at all."""
        problem = None
        lengths = [v.strip() for v in self.headers.get_all("Content-Length") or []]
        if self.headers.get_all("Transfer-Encoding"):
            problem = (HTTPStatus.LENGTH_REQUIRED, "Transfer-Encoding is not accepted: send the body with one "
                       "Content-Length")
        elif len(set(lengths)) > 1:
            problem = (HTTPStatus.BAD_REQUEST, "conflicting Content-Length headers")
        elif lengths and not re.fullmatch(r"[0-9]{1,18}", lengths[0]):
            problem = (HTTPStatus.BAD_REQUEST, f"bad Content-Length {lengths[0][:40]!r}: plain digits only")
        elif self.command in ("GET", "HEAD") and lengths and int(lengths[0]) > 0:
            problem = (HTTPStatus.BAD_REQUEST, f"a {self.command} request carries no body; send queries with POST")
        if problem is None:
            return True
        self.close_connection = True  # whatever body follows is never read as a request
        self._send_error(*problem)
        return False

    def do_POST(self) -> None:
        self._begin()
        if not self._framed() or not self._authorized():
            return
        try:
            body = self._read_body()
        except HttpError as exc:
            self.close_connection = True  # the unread body would be taken for the next request
            self._send_error(exc.status, exc.message)
            return
        self._dispatch("POST", body)

    def _begin(self) -> None:
        """Reset what the log line reports: one handler object serves every request of a keep-alive connection."""
        self._started = time.perf_counter()
        self._rows: int | None = None

    def _method_not_allowed(self) -> None:
        self._begin()
        if not self._authorized():
            return
        self.close_connection = True
        self._send_error(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not supported: this server is read-only",
                         allow="GET, POST")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _method_not_allowed

    def _dispatch(self, method: str, body: bytes) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == "/sparql":
                self._sparql(method, url.query, body)
            elif url.path in ("/", "/index.html"):
                self._require_get(method)
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page, csp=PAGE_CSP)
            elif url.path == "/graph":
                self._require_get(method)
                self._graph(url.query)
            elif url.path == "/chain":
                self._require_get(method)
                self._chain(url.query)
            elif url.path == "/favicon.ico":  # browsers ask for it; there is none, and that is not an error
                self._send(HTTPStatus.NO_CONTENT, "text/plain", b"")
            else:
                raise HttpError(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (the endpoint is /sparql, the "
                                "query page /, the network view /graph, chain maps /chain?place=…)")
        except HttpError as exc:
            self._send_error(exc.status, exc.message, retry_after=exc.retry_after)

    def _require_get(self, method: str) -> None:
        if method != "GET":
            raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not supported here; use GET")

    def _read_body(self) -> bytes:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        length = int(length_header)  # checked by _framed: plain digits
        if length > MAX_BODY_BYTES:
            if length <= DRAIN_LIMIT_BYTES:
                # Read it away, so the client (still sending) gets the answer rather than a reset connection.
                remaining = length
                while remaining > 0 and (chunk := self.rfile.read(min(remaining, 1 << 16))):
                    remaining -= len(chunk)
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                            f"the request body has {length} bytes; queries are limited to {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length)

    # ---------------------------------------------------------------------------------------------- /sparql

    def _sparql(self, method: str, url_query: str, body: bytes) -> None:
        params = parse_params(url_query)
        if method == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = parse_params(body.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    raise HttpError(HTTPStatus.BAD_REQUEST, "the form is not UTF-8") from exc
                for name, values in form.items():
                    params.setdefault(name, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    raise HttpError(HTTPStatus.BAD_REQUEST, "the query is not UTF-8 text") from exc
            elif content_type == "application/sparql-update":
                raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
            else:
                raise HttpError(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"cannot read a POST body of type {content_type or '(none)'}: send query=… as "
                    "application/x-www-form-urlencoded, or the query itself as application/sparql-query",
                )
        elif method != "GET":
            raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not supported here")
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update (update=) is refused: this endpoint is read-only")
        query = single(params, "query")
        if query is None or not query.strip():
            raise HttpError(
                HTTPStatus.BAD_REQUEST,
                "no query: pass query=… (GET, or a POSTed form) or POST the query as application/sparql-query; "
                "the query page is at /",
            )
        check_read_only(query)
        check_query_shape(query)
        job = QueryJob(
            query=query,
            formats=tuple(params.get("format", []) + params.get("output", [])),
            accept=self.headers.get("Accept", ""),
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        reply = self.server.answer(job)
        self._rows = reply.rows
        self._send(reply.status, reply.content_type, reply.body, retry_after=reply.retry_after)

    # ---------------------------------------------------------------------------------------------- /graph

    def _graph(self, url_query: str) -> None:
        from kg.serve.graph_view import graph_page  # kg.viz loads on the first /graph, never in a query worker

        self._send(HTTPStatus.OK, "text/html; charset=utf-8", graph_page(self.server, parse_params(url_query)))

    # ---------------------------------------------------------------------------------------------- answers

    def _chain(self, url_query: str) -> None:
        """The chain map of a park or region (`kg chain PLACE -f html`): /chain?place=…[&chain=…][&compare=…]."""
        from kg.chains import chains

        params = parse_params(url_query)
        place = single(params, "place")
        if not place:
            raise HttpError(HTTPStatus.BAD_REQUEST, "name a park or region: /chain?place=NAME[&chain=CHAIN]")
        with self.server.rendering():
            try:
                context = self.server.chain_context()
                page, note = chains.chain_command(self.server.store, place, chain=single(params, "chain"),
                                                  fmt="html", compare=single(params, "compare"), context=context)
            except KgError as exc:
                raise HttpError(HTTPStatus.NOT_FOUND, str(exc)) from exc
        if not page:
            raise HttpError(HTTPStatus.NOT_FOUND, note or f"{place}: nothing to draw")
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))

    def _send(self, status: int, content_type: str, body: bytes, *, csp: str | None = None,
              allow: str | None = None, retry_after: int | None = None, extra: dict[str, str] | None = None) -> None:
        self.connection.settimeout(RESPONSE_WRITE_TIMEOUT)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        if allow:
            self.send_header("Allow", allow)
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send_error(self, status: int, message: str, *, allow: str | None = None,
                    retry_after: int | None = None) -> None:
        reply = error_reply(status, message)
        self._send(reply.status, reply.content_type, reply.body, allow=allow, retry_after=retry_after)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request on stderr: method, path (cut short), status, rows, milliseconds."""
        started = getattr(self, "_started", None)
        ms = f"{(time.perf_counter() - started) * 1000:.0f} ms" if started is not None else ""
        rows = getattr(self, "_rows", None)
        path = getattr(self, "path", "")  # none yet when the request line itself is refused (414)
        path = path if len(path) <= 100 else path[:97] + "..."
        extra = f" {rows} rows" if rows is not None else ""
        self.log_message("%s %s %s%s %s", getattr(self, "command", "") or "-", path, code, extra, ms)

"""What `kg serve` can be asked for: its options with their defaults and bounds (checked at start, so a bad value
is refused at once rather than failing every request later), and the server's fixed limits.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.vocab import LABEL_LANGUAGES, SAVED_QUERIES_DIR

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_WORKERS = 2

# A query is text; a megabyte is far more than any hand-written one and stops a client from filling memory.
MAX_BODY_BYTES = 1 << 20
# A bigger body up to this size is read and dropped before the 413, so the client sees the answer.
DRAIN_LIMIT_BYTES = 64 << 20
# Seconds a new worker may take to import kg and open the store.
WORKER_START_TIMEOUT = 60.0
# Connections served at once; one more is answered 503 with Retry-After and closed. Each holds a thread and at most
# one request body (MAX_BODY_BYTES), so this bounds the server's memory whatever clients do.
DEFAULT_MAX_CONNECTIONS = 64
# Queries that may wait for a free worker; one more is answered 503 with Retry-After at once.
DEFAULT_MAX_QUEUED = 32
RETRY_AFTER_SECONDS = 1
# A connection must deliver a whole request (line, headers and body) within this many seconds of connecting or of
# the previous answer, so a client that sends nothing, or a byte at a time, cannot hold a thread for long.
DEFAULT_READ_TIMEOUT = 20.0
# Seconds an answer may take to be taken in by the client before the connection is dropped.
RESPONSE_WRITE_TIMEOUT = 60.0
# The SPARQL parser and evaluator recurse once per nesting level or chained operator and overflow an 8 MB stack (the
# worker dies of SIGSEGV) at about 2,200 nested braces, 4,500 nested parentheses or 7,000 chained `+` or UNION.
# Queries run on a thread with QUERY_STACK_BYTES of stack (reserved, only used as deep as a query goes; 20,000 of
# each of those fit), and the limits below keep every query far inside it.
QUERY_STACK_BYTES = 256 << 20
# Network pages drawn at once (the layout runs in the server process); more are answered 503 with Retry-After.
MAX_PAGE_RENDERS = 2
# The token that clients must send as `Authorization: Bearer TOKEN`; read from the environment, never the command
# line, where other users of the machine could read it.
TOKEN_VARIABLE = "KG_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
# The network view of issue 4 is made for graphs up to some thousands of entities; beyond that the layout takes
# minutes, so a larger view is refused with a message saying how to narrow it.
NETWORK_NODE_LIMIT = 5000
LANGS = LABEL_LANGUAGES


# What the options may be: seconds a query may run, seconds a request may take to arrive, rows, connections.
TIMEOUT_BOUNDS = (0.01, 86_400.0)
READ_TIMEOUT_BOUNDS = (0.1, 3_600.0)
MAX_ROWS_LIMIT = 100_000_000
MAX_CONNECTIONS_LIMIT = 10_000


def _within(option: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:  # NaN fails both comparisons
        raise KgError(f"{option} must be between {low:g} and {high:g}, not {value:g}")


@dataclass(frozen=True)
class ServeConfig:
    """What `kg serve` was asked for; `store_dir` is the store folder itself (OUT/store)."""

    store_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    queries_dir: Path = SAVED_QUERIES_DIR
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    max_queued: int = DEFAULT_MAX_QUEUED
    read_timeout: float = DEFAULT_READ_TIMEOUT
    token: str | None = dataclasses.field(default=None, repr=False)
    insecure_no_token: bool = False

    def validate(self) -> None:
        """Bounds checked at start: a value outside them would start a server that fails every request later
        (an infinite time-out overflows the socket's, a nanosecond one cuts every client off)."""
        if not 0 <= self.port <= 65535:
            raise KgError(f"--port must be between 0 and 65535, not {self.port}")
        _within("--timeout", self.timeout, *TIMEOUT_BOUNDS)
        _within("--read-timeout", self.read_timeout, *READ_TIMEOUT_BOUNDS)
        _within("--max-rows", self.max_rows, 1, MAX_ROWS_LIMIT)
        if self.workers < 1:
            raise KgError(f"--workers must be 1 or more, not {self.workers}")
        _within("--max-connections", self.max_connections, 1, MAX_CONNECTIONS_LIMIT)
        _within("--max-queued", self.max_queued, 0, MAX_CONNECTIONS_LIMIT)
        if self.token is not None:
            if len(self.token) < MIN_TOKEN_LENGTH or not self.token.isascii() or not self.token.isprintable():
                raise KgError(f"${TOKEN_VARIABLE} must be at least {MIN_TOKEN_LENGTH} printable ASCII characters "
                              "(e.g. the output of `python3 -c 'import secrets; print(secrets.token_urlsafe())'`)")
        elif not is_loopback(self.host) and not self.insecure_no_token:
            raise KgError(
                f"refusing to listen on {self.host} without a token: anyone who can reach that address could read "
                f"the graph. Set ${TOKEN_VARIABLE} to a secret that clients send as 'Authorization: Bearer TOKEN', "
                "or pass --insecure-no-token if the network is trusted"
            )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

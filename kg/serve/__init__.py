"""`kg serve`: the built graph as a read-only SPARQL endpoint, a query page and the network view. One job per module:

- config: the options with their defaults and bounds (ServeConfig), and the server's fixed limits;
- app: the server (KgServer) and `serve()`; handler: the HTTP requests and their routes;
- checks: what is refused before evaluation (Update, SERVICE, too deep); answer: one query answered in a worker;
- workers: the pool of worker processes; formats: content negotiation and the result formats;
- page: the query page, from templates/query.html; graph_view: which entities /graph draws (kg.viz draws them).

The names below are the package's API (`from kg import serve; serve.serve(serve.ServeConfig(...))`);
everything else is imported from its module."""

from kg.serve.app import KgServer, serve
from kg.serve.config import (
    DEFAULT_HOST,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_QUEUED,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    TOKEN_VARIABLE,
    ServeConfig,
)

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_QUEUED",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "TOKEN_VARIABLE",
    "KgServer",
    "ServeConfig",
    "serve",
]

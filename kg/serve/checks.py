"""What the endpoint refuses before anything is evaluated, made on the raw query text: SPARQL Update, SERVICE, a
query nested deeper than the engine can take; parameters that cannot be read; and HttpError, an answer other than
200.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import parse_qs

from kg.store.store import (
    UPDATE_KEYWORDS,
    operation_keyword,
    query_shape_problem,
    service_position,
)


class HttpError(Exception):
    """An answer other than 200, with the message the client sees as text/plain."""

    def __init__(self, status: int, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


def check_read_only(query_text: str) -> None:
    """Raise HttpError 403 for SPARQL Update (LOAD included) and for SERVICE; the endpoint only reads its store."""
    keyword = operation_keyword(query_text)
    if keyword in UPDATE_KEYWORDS:
        raise HttpError(
            HTTPStatus.FORBIDDEN,
            f"SPARQL Update ({keyword}) is refused: this endpoint is read-only; the store is rebuilt from the "
            "documents by `kg build`, and `kg push` loads it into a writable triple store",
        )
    where = service_position(query_text)
    if where is not None:
        raise HttpError(
            HTTPStatus.FORBIDDEN,
            f"SERVICE (federated query) is refused: this endpoint never fetches other addresses. The word "
            f"'service' at line {where[0]}, column {where[1]} could be that keyword; if it is part of a string, "
            "IRI or comment, rephrase it",
        )


def check_query_shape(query_text: str) -> None:
    """Raise HttpError 400 for a query nested or chained deeper than the query engine can take
    (kg.store.store.MAX_NESTING).

    Should a crafted text still get through, the worker that overflows is replaced and the client gets a 400
    saying so (WorkerPool.run).
    """
    problem = query_shape_problem(query_text)
    if problem:
        raise HttpError(HTTPStatus.BAD_REQUEST, problem)


def parse_params(text: str) -> dict[str, list[str]]:
    """The parameters of a query string or a form; 400 when they cannot be read."""
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except UnicodeDecodeError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the parameters are not UTF-8: {exc}") from exc
    except ValueError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {exc}") from exc


def single(params: dict[str, list[str]], name: str) -> str | None:
    """The one value of parameter `name` (None when absent); 400 when it is given more than once."""
    values = params.get(name, [])
    if len(values) > 1:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"more than one {name} parameter")
    return values[0] if values else None

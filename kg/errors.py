"""Errors that `kg` reports to the user as a message rather than a traceback.

Anything raised as a `KgError` is an expected failure (missing store, bad query, bad input file):
the CLI prints `str(error)` and exits with `error.exit_code` (2).
"""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class of the user-facing errors; the CLI turns it into a message and exit code 2."""

    exit_code = 2


class StoreMissingError(KgError):
    """The store folder does not exist (or holds no store): `kg build` has not been run yet."""

    def __init__(self, store_dir: Path) -> None:
        self.store_dir = Path(store_dir)
        super().__init__(f"no knowledge-graph store at {self.store_dir}: run `kg build` first to create it")


class StoreBuildError(KgError):
    """Loading the Turtle file into a new store failed; the previous store (if any) is untouched."""


class QueryError(KgError):
    """A SPARQL query could not be parsed or evaluated, or it was an update (queries are read-only)."""


class InputError(KgError):
    """An input file or folder cannot be read as a document (missing, unreadable, not text, duplicate name)."""

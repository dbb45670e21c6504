"""The saved queries (ontology/queries/*.rq): each file's titles and description from its header comments, and a
query found by its name, so `kg query NAME`, the query page and Python callers read the same files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.vocab import SAVED_QUERIES_DIR

# A saved query's name: its file name without .rq.
SAVED_QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_HEADER = re.compile(r"#\s*(title-zh|title-en|description)\s*:\s*(.*)")


@dataclass(frozen=True)
class SavedQuery:
    """A query file of ontology/queries with the titles and description from its header comments."""

    file: str
    title_zh: str
    title_en: str
    description: str
    text: str


def read_saved_query(path: Path) -> SavedQuery:
    """One .rq file with the titles and description of its `# title-zh:`, `# title-en:`, `# description:` lines."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read saved query {path}: {exc}") from exc
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            fields.setdefault(m.group(1), []).append(m.group(2).strip())
    return SavedQuery(
        file=path.name,
        title_zh=" ".join(fields.get("title-zh", [])) or path.stem,
        title_en=" ".join(fields.get("title-en", [])) or path.stem,
        description=" ".join(fields.get("description", [])),
        text=text,
    )


def load_saved_queries(folder: Path = SAVED_QUERIES_DIR) -> list[SavedQuery]:
    """Every *.rq file of `folder`, by file name (none when the folder is absent)."""
    if not folder.is_dir():
        return []
    return [read_saved_query(path) for path in sorted(folder.glob("*.rq"))]


def saved_query(name: str, folder: Path = SAVED_QUERIES_DIR) -> SavedQuery | None:
    """The saved query called `name` (its file name without .rq), or None when there is none."""
    path = folder / f"{name}.rq"
    return read_saved_query(path) if SAVED_QUERY_NAME.fullmatch(name) and path.is_file() else None

"""The query page (/): the saved queries, an editor and the result table, from templates/query.html; everything
inline (no asset is fetched), every value put in by the script with textContent.
"""

from __future__ import annotations

from pathlib import Path

from kg.store.saved_queries import SavedQuery
from kg.vocab import PREFIXES

# Rows drawn in the page's table; the CSV download always has them all.
PAGE_ROW_LIMIT = 2000

PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

TEMPLATE = "query.html"


def render_query_page(saved: list[SavedQuery], saved_folder: Path, timeout: float, max_rows: int) -> str:
    """The query page: everything inline (no asset is fetched), every value put in with textContent by the script."""
    from kg.pages import script_json, template  # jinja2 is the server's alone: the query workers never load it

    data = {
        "saved": [
            {"file": q.file, "titleZh": q.title_zh, "titleEn": q.title_en, "description": q.description, "text": q.text}
            for q in saved
        ],
        "savedFolder": str(saved_folder),
        "prefixes": list(PREFIXES.items()),
        "rowLimit": PAGE_ROW_LIMIT,
    }
    limits = f"time limit {timeout:g} s · row limit {max_rows}"
    return template("kg.serve", TEMPLATE).render(limits=limits, data_json=script_json(data, compact=False))

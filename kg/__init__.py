"""kg: a knowledge-graph builder for industrial ecosystems, from Chinese news and government reports.

From Python, `kg.build(["seeds"], "out")` writes what `kg build seeds` writes and returns a BuildReport;
`kg.extract(["seeds"])` gives each document's extraction; `kg.open_graph("out")` opens the built store. They are
imported on first use, so `import kg` stays cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["BuildReport", "ExtractReport", "build", "extract", "extract_jsonl", "open_graph", "__version__"]

if TYPE_CHECKING:
    from kg.building.building import BuildReport, ExtractReport, build, extract, extract_jsonl, open_graph


def __getattr__(name: str) -> Any:
    """The public API from kg.building.building, imported when first asked for."""
    if name in __all__:
        import kg.building.building

        return getattr(kg.building.building, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

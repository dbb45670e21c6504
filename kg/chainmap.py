"""The chain map page (`kg chain --format html`)."""

from __future__ import annotations

from typing import Any

from kg.errors import KgError


def render_chain_html(reports: list[dict[str, Any]], comparisons: list[dict[str, Any]]) -> str:
    raise KgError("--format html: the chain map is not written yet; use table, csv or json")

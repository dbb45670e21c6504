"""The chain map page (`kg chain --format html`): one offline file, links in upstream -> midstream -> downstream
columns, the place's firms as chips on their links, gaps marked with ranked targets under them, and the evidence of
any chip or target on click.

The page follows the network page's rules (kg/viz, through kg/pages.py): everything inline under a
Content-Security-Policy that allows no request, every name and sentence set as text (they come from scraped news),
invisible format characters of the evidence shown escaped (\\u200b, \\u202e), CJK fonts of the system.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kg import __version__
from kg.pages import FONT_STACK, refuse_external_resources, script_json, template, visible

TEMPLATE = "chain.html"


def _shown(value: Any) -> Any:
    """The reports with every evidence sentence as the network page shows it: invisible characters escaped."""
    if isinstance(value, dict):
        return {k: visible(v) if k == "sentence" and isinstance(v, str) else _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def render_chain_html(reports: list[dict[str, Any]], comparisons: list[dict[str, Any]], note: str = "") -> str:
    """The chain map of the reports (and the side-by-side tables of the comparisons) as one HTML page."""
    places = list(dict.fromkeys(r["place"]["name"] for r in reports))
    title = "、".join(places) + " · 产业链图谱" if places else "产业链图谱"
    data = {"title": title, "note": note, "reports": _shown(reports), "comparisons": comparisons}
    page = template("kg.chains", TEMPLATE).render(title=title, version=__version__, font_stack=Markup(FONT_STACK),
                              data_json=script_json(data))
    refuse_external_resources(page, "the chain map")
    return page

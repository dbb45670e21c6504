"""The chain map page (`kg chain --format html`): one offline file, links in upstream -> midstream -> downstream
columns, the place's firms as chips on their links, gaps marked with ranked targets under them, and the evidence of
any chip or target on click.

The page follows the network page's rules (kg/viz/viz.py): everything inline under a Content-Security-Policy that allows
no request, every name and sentence set as text (they come from scraped news), invisible format characters of the
evidence shown escaped (\\u200b, \\u202e), CJK fonts of the system.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from kg import __version__
from kg.viz.viz import FONT_STACK, _script_json, _visible, refuse_external_resources

TEMPLATE = "chain.html"
_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    """The page's template, read and compiled once per process (kg serve renders a page per request)."""
    template = resources.files("kg.chains").joinpath("templates", TEMPLATE)
    return _ENVIRONMENT.from_string(template.read_text(encoding="utf-8"))


def _shown(value: Any) -> Any:
    """The reports with every evidence sentence as the network page shows it: invisible characters escaped."""
    if isinstance(value, dict):
        return {k: _visible(v) if k == "sentence" and isinstance(v, str) else _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def render_chain_html(reports: list[dict[str, Any]], comparisons: list[dict[str, Any]], note: str = "") -> str:
    """The chain map of the reports (and the side-by-side tables of the comparisons) as one HTML page."""
    places = list(dict.fromkeys(r["place"]["name"] for r in reports))
    title = "、".join(places) + " · 产业链图谱" if places else "产业链图谱"
    data = {"title": title, "note": note, "reports": _shown(reports), "comparisons": comparisons}
    page = _template().render(title=title, version=__version__, font_stack=Markup(FONT_STACK),
                              data_json=_script_json(data))
    refuse_external_resources(page, "the chain map")
    return page

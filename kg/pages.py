"""What every HTML page of kg shares (the network page of kg.viz, the query page of kg.serve, the chain map of
kg.chains): the one jinja environment that renders their templates, JSON that is safe inside <script>, evidence
sentences with their invisible characters shown, the check that a page opens offline, and the CJK font stack.

Templates are package data (`<package>/templates/<name>`), read and compiled once per process: `kg serve` renders
a page per request.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from kg.model import INVISIBLE_CHARACTERS

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)

# Every value is escaped unless marked Markup; a name the template uses but the caller forgot is an error, not ''.
_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@cache
def template(package: str, name: str) -> jinja2.Template:
    """The template `name` of `package`'s templates/ folder, compiled once per process."""
    text = resources.files(package).joinpath("templates", name).read_text(encoding="utf-8")
    return _ENVIRONMENT.from_string(text)


def script_json(value: Any, *, compact: bool = True) -> Markup:
    """JSON that is safe inside a <script> element: no `</script>`, `<!--`, `]]>` or line separator can form.

    `compact` (sorted keys, no spaces) is what the network page and the chain map hold; the query page keeps
    json.dumps' own layout."""
    if compact:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    else:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


_SHOWN_ESCAPED = {code: f"\\u{code:04x}" for code in INVISIBLE_CHARACTERS}


def visible(sentence: str) -> str:
    """A sentence as written, with its invisible format characters shown as \\u200b, \\u202e …: a bidi override
    would otherwise reorder the panel's text, and a zero-width space hide where a name was split."""
    return sentence.translate(_SHOWN_ESCAPED)


def refuse_external_resources(page: str, what: str) -> None:
    """Belt and braces for "opens offline": nothing in a page may point the browser at another resource."""
    if re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", page, re.IGNORECASE):
        raise RuntimeError(f"{what} would load an external resource")

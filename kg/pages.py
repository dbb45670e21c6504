"""What every HTML page of kg shares (the network page of kg.viz, the query page of kg.serve, the chain map of
kg.chains): the one jinja environment that renders their templates, JSON that is safe inside <script>, evidence
sentences with their invisible characters shown, the check that a page opens offline, and the CJK font stack.

Templates are package data (`<package>/templates/<name>`), named "<package>:<name>" (so a page can include
"kg:offline_meta.html", the head every offline page shares), read and compiled once per process: `kg serve` renders
a page per request.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from kg.model import INVISIBLE_CHARACTERS

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)



def _template_text(name: str) -> str:
    """The text of the template "<package>:<file>", from the package's templates/ folder."""
    package, _, file = name.partition(":")
    return resources.files(package).joinpath("templates", file).read_text(encoding="utf-8")


# Every value is escaped unless marked Markup; a name the template uses but the caller forgot is an error, not ''.
# The environment keeps each compiled template (a text from the loader never goes out of date).
_ENVIRONMENT = jinja2.Environment(loader=jinja2.FunctionLoader(_template_text), autoescape=True,
                                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def template(package: str, name: str) -> jinja2.Template:
    """The template `name` of `package`'s templates/ folder, compiled on first use."""
    return _ENVIRONMENT.get_template(f"{package}:{name}")


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


# Any of them: looked for first, since str.translate with a table walks the whole text in Python-level steps and a
# page shows tens of thousands of sentences that rarely hold one.
_INVISIBLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(INVISIBLE_CHARACTERS)) + "]")


def visible(sentence: str) -> str:
    """A sentence as written, with its invisible format characters shown as \\u200b, \\u202e …: a bidi override
    would otherwise reorder the panel's text, and a zero-width space hide where a name was split."""
    return sentence.translate(_SHOWN_ESCAPED) if _INVISIBLE.search(sentence) else sentence


def refuse_external_resources(page: str, what: str) -> None:
    """Belt and braces for "opens offline": nothing in a page may point the browser at another resource."""
    if re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", page, re.IGNORECASE):
        raise RuntimeError(f"{what} would load an external resource")

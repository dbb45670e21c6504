"""The documentation keeps up with the command line: every option of every `kg` command is named on that command's
page of docs/ (a new option or command without its documentation fails here), and every relative link of README.md
and docs/*.md leads to a file that exists (and to a heading that exists, when it names one); the README's first
query prints what the README shows."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

import kg
from kg import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# The page of docs/ where each command's options are documented (a new command needs its line here).
COMMAND_PAGES = {
    "build": "build.md",
    "extract": "build.md",
    "export": "build.md",
    "query": "querying.md",
    "queries": "querying.md",
    "viz": "network-page.md",
    "serve": "serving.md",
    "push": "serving.md",
    "chain": "chains.md",
    "diff": "dates-and-changes.md",
}
# A markdown link or image: [text](target) or ![alt](target); the target ends at a space (a title) or ')'.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def commands() -> dict[str, argparse.ArgumentParser]:
    """Each subcommand's parser, with every option (serve's and push's too, which are otherwise added when run)."""
    parser = cli.parser(every_option=True)
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def option_strings(command: argparse.ArgumentParser) -> list[str]:
    return [s for action in command._actions for s in action.option_strings if s not in ("-h", "--help")]


def mentions(text: str, option: str) -> bool:
    """Whether `option` is written in `text` as itself: `-f` is not found in `--format`, nor `--out` in `--output`."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def heading_anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a markdown file: lower case, punctuation dropped, spaces as '-',
    a repeated heading numbered -1, -2 …"""
    anchors: set[str] = set()
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        anchor, n = slug, 0
        while anchor in anchors:
            n += 1
            anchor = f"{slug}-{n}"
        anchors.add(anchor)
    return anchors


def links(path: Path) -> list[str]:
    """The link targets of a markdown file, leaving out code blocks and code spans (examples, not links)."""
    text = CODE_SPAN.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
    return LINK.findall(text)


def test_every_command_has_a_documentation_page() -> None:
    assert set(commands()) == set(COMMAND_PAGES), "add the new command's page of docs/ to COMMAND_PAGES"
    assert all((DOCS / page).is_file() for page in COMMAND_PAGES.values())


@pytest.mark.parametrize("name", sorted(COMMAND_PAGES))
def test_every_option_is_named_on_its_command_page(name: str) -> None:
    options = option_strings(commands()[name])
    page = DOCS / COMMAND_PAGES[name]
    text = page.read_text(encoding="utf-8")
    missing = [option for option in options if not mentions(text, option)]
    assert not missing, f"kg {name}: {', '.join(missing)} not documented in {page.relative_to(ROOT)}"


def option_tables(page: Path) -> list[tuple[list[str], list[str]]]:
    """The option tables of a page (a header cell such as "`kg build` / `kg extract` option"): the commands named in
    the header, and the options (`--x`, `-x`) written in the first cell of each row."""
    tables: list[tuple[list[str], list[str]]] = []
    for line in page.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if cells and cells[0].endswith(" option") and "`kg " in cells[0]:
            tables.append((re.findall(r"`kg ([\w-]+)`", cells[0]), []))
        elif cells and tables and not set(cells[0]) <= set("-: "):
            tables[-1][1].extend(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", cells[0]))
        elif not cells and tables and tables[-1][1]:
            tables.append(([], []))  # the table ended: later rows belong to no option table
    return [table for table in tables if table[0]]


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_every_option_in_an_option_table_exists(page: Path) -> None:
    """A table of a command's options names only options the command has: a renamed or removed one fails here."""
    parsers = commands()
    for names, options in option_tables(page):
        known = {option for name in names for option in option_strings(parsers[name])}
        stale = sorted(set(options) - known)
        assert not stale, f"{page.name}: the table of {', '.join(names)} lists {', '.join(stale)}, which kg has not"


def test_the_option_finder_sees_a_missing_option() -> None:
    assert mentions("run with `--jobs 2`", "--jobs") and mentions("| `-j N` |", "-j")
    assert not mentions("`--jobs-max`", "--jobs") and not mentions("`--format`", "-f")
    assert not mentions("`--output FILE`", "--out")


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file_and_heading(path: Path) -> None:
    broken = []
    for target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: … : not a file of the repository
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
            broken.append(f"{target} (no heading #{anchor} in {linked.name})")
    assert not broken, f"{path.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_docs_pages_are_all_linked_from_the_readme() -> None:
    readme = {t.partition("#")[0] for t in links(ROOT / "README.md")}
    assert {f"docs/{p.name}" for p in DOCS.glob("*.md")} <= readme


def test_the_readme_first_query_prints_what_the_readme_shows(seed_build: kg.BuildReport,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    shown = re.search(r"```console\n\$ kg (query --saved [\w-]+)\n(.*?)```", (ROOT / "README.md").read_text("utf-8"),
                      re.DOTALL)
    assert shown, "README.md: the first query (a console block of `$ kg query --saved NAME` and its output) is gone"
    assert cli.main([*shown.group(1).split(), "--out", str(seed_build.out)]) == 0
    assert capsys.readouterr().out == shown.group(2), "README.md's first query: paste what the seed build prints now"


def test_every_declared_dependency_says_why_in_the_readme() -> None:
    """Each package pyproject declares (run time, dask, test) has its reason in the README's dependency table."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    names = {re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower() for requirement in declared} - {"kg"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Dependencies and why"):].lower()
    table = "\n".join(line.split("|")[1] for line in section.splitlines() if line.startswith("|"))  # the package cells
    missing = sorted(name for name in names if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", table))
    assert not missing, f"README.md's 'Dependencies and why' does not say why kg needs {', '.join(missing)}"

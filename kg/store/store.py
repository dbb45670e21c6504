"""The persistent embedded store (Oxigraph) and everything that reads it.

`kg build` streams the graph's triples into a new store (`build_store_from_triples`), writes graph.ttl from it
(`write_turtle`) and swaps it into place (`install_store`); `write_store` builds one from a Turtle file. Every later
read (`kg query`, `kg export`, the saved queries) opens the store with `open_store` and runs SPARQL on it, so queries
never re-parse Turtle.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import pyoxigraph as ox
import rdflib

from kg.errors import KgError, QueryError, StoreBuildError, StoreMissingError
from kg.store.saved_queries import SAVED_QUERY_NAME, load_saved_queries, saved_query
from kg.vocab import DISPLAY_PREFIXES, KG, KGR, PREFIXES, PROV, RDF, SAVED_QUERIES_DIR, TURTLE_PREFIXES, XSD

RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")
EXPORT_FORMATS: tuple[str, ...] = ("turtle", "nt", "jsonld", "trig")

KNOWLEDGE_GRAPH = KGR + "graph/knowledge"
PROVENANCE_GRAPH = KGR + "graph/provenance"
_PROVENANCE_CLASSES = (KG + "RelationAssertion", KG + "Sentence", KG + "Document")
_WAS_DERIVED_FROM = PROV + "wasDerivedFrom"

_XSD_STRING = XSD + "string"
_RDF_LANG_STRING = RDF + "langString"

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


# --------------------------------------------------------------------------------------------------------------
# Building and opening the store
# --------------------------------------------------------------------------------------------------------------


def _is_store_dir(path: Path) -> bool:
    """A RocksDB database always has a CURRENT file; that is how an existing store is recognised."""
    return (path / "CURRENT").is_file()


def _load_into_new_store(turtle_path: Path, target: Path) -> int:
    """Bulk-load the Turtle file into a fresh store at `target` and close it again; returns the triple count."""
    store: ox.Store | None = ox.Store(str(target))
    try:
        store.bulk_load(path=str(turtle_path), format=ox.RdfFormat.TURTLE)
        count = len(store)
        store.optimize()
        store.flush()
        return count
    finally:
        # Drop the only reference so RocksDB closes its files (and lock) before the folder is renamed or removed,
        # even when a traceback keeps this frame alive.
        store = None


def build_store(turtle_path: Path, target: Path) -> int:
    """Build a complete store in the new, empty folder `target` from a Turtle file; returns its triple count.

    On any failure `target` is removed again, so a half-built store is never left behind.
    """
    turtle_path = Path(turtle_path)
    target = Path(target)
    if not turtle_path.is_file():
        raise StoreBuildError(f"cannot build the store: no such Turtle file {turtle_path}")
    target.mkdir()
    try:
        return _load_into_new_store(turtle_path, target)
    except SyntaxError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreBuildError(f"cannot build the store: {turtle_path} is not valid Turtle: {exc}") from exc
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreBuildError(f"cannot build the store from {turtle_path}: {exc}") from exc
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


# Triples per bulk load: Oxigraph's bulk loader holds what it is given in memory (about 1 GB for a million
# triples), so a large graph goes in as a series of bounded loads (about 250 MB at this size). Each load costs a
# fifth of a second besides its triples (measured: 1.15 million triples loaded in 12 loads took 3 s longer than in
# 5), so the loads are not made smaller.
BULK_LOAD_TRIPLES = 250_000


def _fill_new_store(target: Path, fill: Callable[[ox.Store], None]) -> int:
    """Create a store in the new, empty folder `target`, let `fill` load it, compact it; returns its triple count.
    On any failure the folder is removed again, so a half-built store is never left behind."""
    target = Path(target)
    target.mkdir()
    store: ox.Store | None = ox.Store(str(target))
    try:
        fill(store)
        count = len(store)
        store.optimize()
        store.flush()
        return count
    except BaseException:
        store = None
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        store = None  # close RocksDB's files before the folder is moved


def build_store_from_triples(triples: Iterable[ox.Quad], target: Path) -> int:
    """Build a complete store in the new, empty folder `target` from a stream of triples (the default graph);
    returns its triple count. The stream is loaded BULK_LOAD_TRIPLES at a time, never held whole."""

    def fill(store: ox.Store) -> None:
        quads = iter(triples)
        while batch := list(itertools.islice(quads, BULK_LOAD_TRIPLES)):
            store.bulk_extend(batch)

    return _fill_new_store(target, fill)


def build_store_from_files(paths: Iterable[Path], target: Path) -> int:
    """Build a complete store in the new, empty folder `target` from N-Quads files of the default graph, each
    loaded as it comes (Oxigraph parses it, in its own threads) and then removed; returns the triple count."""

    def fill(store: ox.Store) -> None:
        for path in paths:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            Path(path).unlink()

    return _fill_new_store(target, fill)


def write_turtle(store_dir: Path, path: Path) -> None:
    """Write the store's default graph as Turtle, streamed from the store in its index order: grouped by
    subject and byte-identical for the same triples (that order depends only on the terms)."""
    store = ox.Store.read_only(str(store_dir))
    tmp = Path(path).with_name(Path(path).name + ".tmp")
    with tmp.open("wb") as f:
        store.dump(f, format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=TURTLE_PREFIXES)
    del store
    tmp.replace(path)


def check_store_target(store_dir: Path) -> None:
    """Refuse a store folder that exists but is not a kg store, rather than delete what is not ours."""
    if store_dir.exists():
        if not store_dir.is_dir():
            raise StoreBuildError(f"cannot build the store: {store_dir} exists and is not a folder")
        if not _is_store_dir(store_dir) and any(store_dir.iterdir()):
            # e.g. `--store ~/Documents`
            raise StoreBuildError(
                f"cannot build the store: {store_dir} is a non-empty folder that is not a kg store; "
                "remove it or choose another store folder"
            )


def write_store(turtle_path: Path, store_dir: Path) -> int:
    """Build the persistent store at `store_dir` from a Turtle file and return its triple count.

    The store is built in a hidden sibling folder and only swapped into place once it is complete (see
    `install_store`), so a syntax error, a crash or Ctrl-C never leaves a half-written store and the previous
    store keeps answering queries.
    """
    turtle_path = Path(turtle_path)
    store_dir = Path(store_dir).absolute()
    if not turtle_path.is_file():
        raise StoreBuildError(f"cannot build the store: no such Turtle file {turtle_path}")
    check_store_target(store_dir)
    parent = store_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(store_dir)
    # Not tempfile.mkdtemp: that makes the folder 0700, and the store should get the user's usual permissions.
    building = parent / f".{store_dir.name}.building-{uuid.uuid4().hex[:12]}"
    count = build_store(turtle_path, building)
    install_store(building, store_dir)
    return count


def remove_leftovers(store_dir: Path) -> None:
    """Remove the half-built or replaced stores a killed run left beside `store_dir` (named by `write_store`
    and `install_store`, so nothing else is touched). Two builds into one folder at once are not supported."""
    store_dir = Path(store_dir).absolute()
    if not store_dir.parent.is_dir():
        return
    own = re.compile(re.escape(f".{store_dir.name}.") + r"(?:building|old)-[0-9a-f]{12}")
    for pattern in (f".{store_dir.name}.building-*", f".{store_dir.name}.old-*"):
        for leftover in store_dir.parent.glob(pattern):
            if own.fullmatch(leftover.name) and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE); False where the system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system or kernel cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def install_store(new: Path, store_dir: Path) -> None:
    """Replace `store_dir` by the complete store at `new`, then remove the old one.

    On Linux the two folders are exchanged in one system call, so at every instant `store_dir` is either the
    whole old store or the whole new one, even if the process is killed. Elsewhere the old store is renamed away
    and the new one renamed in (a moment without a store); on failure the old store is put back.
    """
    new, store_dir = Path(new), Path(store_dir)
    if store_dir.exists() and _exchange(new, store_dir):
        # `new` now holds the old store. Readers that still have it open keep their file handles (POSIX).
        shutil.rmtree(new, ignore_errors=True)
        return
    old: Path | None = None
    try:
        if store_dir.exists():
            old = store_dir.parent / f".{store_dir.name}.old-{uuid.uuid4().hex[:12]}"
            os.rename(store_dir, old)
        os.rename(new, store_dir)
    except BaseException:
        if old is not None and not store_dir.exists():
            os.rename(old, store_dir)
            old = None
        shutil.rmtree(new, ignore_errors=True)
        raise
    finally:
        if old is not None and store_dir.exists():
            shutil.rmtree(old, ignore_errors=True)


def open_store(store_dir: Path) -> ox.Store:
    """Open the store read-only, so any number of readers (`kg query`, `kg export`) can use it at once.

    Raises StoreMissingError (naming the folder and pointing at `kg build`) when there is no store.
    """
    store_dir = Path(store_dir)
    if not store_dir.is_dir() or not _is_store_dir(store_dir):
        raise StoreMissingError(store_dir)
    try:
        return ox.Store.read_only(str(store_dir))
    except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB finds the store's files corrupted
        raise KgError(f"cannot open the store at {store_dir}: {exc}") from exc


# --------------------------------------------------------------------------------------------------------------
# Query text: prefixes, files, updates
# --------------------------------------------------------------------------------------------------------------

# Things inside which a `kg:` or `#` means nothing: long and short strings, IRIs, comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_DECLARED_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_USED_PREFIX = re.compile(r"(?<![\w.:?$-])([A-Za-z][\w.-]*)?:")
# Applied to the blanked text (IRIs and comments already turned into spaces); any prefix name, as the grammar's
# PN_PREFIX takes letters of every script.
_PROLOGUE_ITEM = re.compile(r"\s*(?:BASE\b|PREFIX\s*[^\s:]*\s*:)", re.IGNORECASE)
_FIRST_KEYWORD = re.compile(r"\s*([A-Za-z]+)")
# The operations of SPARQL Update: refused by kg query and kg serve, which only read the store.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"service", re.IGNORECASE)


def _blank_opaque(query_text: str) -> str:
    """The query with strings, IRIs and comments blanked out, so prefix scanning only sees real syntax."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), query_text)


def _prefixes_in(query_text: str) -> tuple[set[str], set[str]]:
    """(declared, used) prefix names of a query; the empty prefix is ''."""
    code = _blank_opaque(query_text)
    declared = {m.group(1) or "" for m in _DECLARED_PREFIX.finditer(code)}
    used = {m.group(1) or "" for m in _USED_PREFIX.finditer(code)}
    return declared, used


def add_missing_prefixes(query_text: str) -> str:
    """Prepend PREFIX declarations for the project prefixes a query uses but does not declare.

    This lets users write `SELECT ?x WHERE { ?x a kg:Park }` on the command line; prefixes the query declares
    itself are never redeclared (so a query that declares everything it uses comes back unchanged).
    """
    declared, used = _prefixes_in(query_text)
    missing = [name for name in PREFIXES if name in used and name not in declared]
    if not missing:
        return query_text
    header = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in missing)
    return header + query_text


def operation_keyword(query_text: str) -> str:
    """The first keyword after the prologue (PREFIX/BASE declarations and comments): SELECT, ASK, INSERT, LOAD, …"""
    code = _blank_opaque(query_text)
    pos = 0
    while True:
        m = _PROLOGUE_ITEM.match(code, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _FIRST_KEYWORD.match(code, pos)
    return m.group(1).upper() if m else ""


def _unescape_codepoints(text: str) -> str:
    """Apply SPARQL's \\u/\\U codepoint escapes, which the grammar allows anywhere in the text."""

    def char(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)

    return _CODEPOINT.sub(char, text)


def _is_varname_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "\u00b7" or "\u0300" <= ch <= "\u036f" or ch in "\u203f\u2040"


def _is_local_char(text: str, i: int, end: int) -> bool:
    """Whether text[i] may stand inside the local part of a prefixed name that ends at `end` (PN_LOCAL without
    backslash escapes: a word character, - . : · or a %XX escape that ends before `end`)."""
    ch = text[i]
    if ch.isalnum() or ch in "_-.:\u00b7":
        return True
    return ch == "%" and i + 2 < end and all(c in "0123456789abcdefABCDEF" for c in text[i + 1 : i + 3])


def _is_local_start(text: str, i: int, end: int) -> bool:
    ch = text[i]
    return ch.isalnum() or ch in "_:" or (ch == "%" and _is_local_char(text, i, end))


def service_position(query_text: str) -> tuple[int, int] | None:
    """Line and column of the first `service` that could be the SERVICE keyword, or None.

    Conservative on purpose: the keyword can be glued to what precedes it (`1SERVICE`, `"x"SERVICE`) and a blanked
    copy of the text can be fooled (`FILTER(?a<?b)SERVICE?x#>` reads as an IRI to a regular expression but not to
    the parser), so every occurrence counts unless it sits inside a variable or prefixed name (`?service`,
    `schema:serviceType`): names are read greedily, SERVICE is not a name. A `service` inside a string, IRI or
    comment is refused too; the message says so.

    Linear in the length of the text, so a megabyte of `?serviceservice…` costs milliseconds rather than hours:
    looking back from an occurrence stops at the previous one, whose answer carries over when only name
    characters lie between.
    """
    text = _unescape_codepoints(query_text)
    previous = -1
    in_variable = in_prefixed = False
    for m in _SERVICE.finditer(text):
        start = m.start()
        floor = max(previous, 0)
        # A variable: a run of name characters right after ? or $.
        i = start
        while i > floor and _is_varname_char(text[i - 1]):
            i -= 1
        if previous >= 0 and i == previous:
            variable = in_variable
        else:
            variable = i > 0 and text[i - 1] in "?$"
        # A prefixed name: a colon before, with a valid local part from it up to here.
        prefixed = False
        j = start
        while j > floor:
            if text[j - 1] == ":" and (j == start or _is_local_start(text, j, start)):
                prefixed = True
                break
            if not _is_local_char(text, j - 1, start):
                break
            j -= 1
        else:
            prefixed = previous >= 0 and j == previous and in_prefixed
        if not (variable or prefixed):
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            return line, column
        previous, in_variable, in_prefixed = start, variable, prefixed
    return None


_QUERY_SUFFIXES = (".rq", ".sparql")


def load_query_text(arg: str) -> str:
    """Return the query text of a command-line argument: the file's content if it names a file, the saved query's
    if it names one (`park-ranking`, see kg.store.saved_queries), else the text.

    A path-looking argument ending in .rq (or .sparql) that does not exist is an error rather than being
    sent to the SPARQL parser, which would only report a confusing syntax error.
    """
    try:
        path = Path(arg)
        is_file = path.is_file()
        is_other = not is_file and path.exists()
    except (OSError, ValueError):  # far too long for a file name, or a NUL byte: it is query text
        is_file = is_other = False
    if is_other:  # a folder, a FIFO, a device: never sent to the parser as text, never read (a FIFO would block)
        what = "a folder" if path.is_dir() else "not a regular file"
        raise KgError(f"{arg} is {what}: give SPARQL text or a .rq file")
    if is_file:
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise KgError(f"query file {arg} is not UTF-8 text") from exc
        except OSError as exc:
            raise KgError(f"cannot read query file {arg}: {exc.strerror or exc}") from exc
    stripped = arg.strip()
    saved = saved_query(stripped)
    if saved is not None:
        return saved.text
    if SAVED_QUERY_NAME.fullmatch(stripped):  # one bare word is no SPARQL query: a name mistyped, or a file missing
        names = ", ".join(q.file.removesuffix(".rq") for q in load_saved_queries()) or "none"
        raise KgError(f"{arg} is neither a query file nor a saved query; the saved queries ({SAVED_QUERIES_DIR}): "
                      f"{names}")
    if "\n" not in stripped and "{" not in stripped and stripped.lower().endswith(_QUERY_SUFFIXES):
        raise KgError(f"query file not found: {arg}")
    return arg


# --------------------------------------------------------------------------------------------------------------
# Running queries
# --------------------------------------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """A fully read query result, detached from the store so it can be formatted any number of times.

    kind is "select" (variables + rows), "ask" (boolean) or "graph" (CONSTRUCT/DESCRIBE: triples).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


def _syntax_message(query_text: str, exc: Exception) -> str:
    """The parser's message, made readable when the cause is an undeclared prefix."""
    message = str(exc)
    if "Prefix not found" in message:
        declared, used = _prefixes_in(query_text)
        unknown = sorted(used - declared - set(PREFIXES))
        where = message.split(": expected", 1)[0]
        names = ", ".join(f"{name}:" for name in unknown) or "a prefix"
        known = ", ".join(f"{name}:" for name in PREFIXES)
        return f"{where}: undeclared prefix {names} (declare it with PREFIX; predeclared: {known})"
    return message


# The SPARQL parser and evaluator recurse once per nesting level or chained operator and overflow an 8 MB stack
# (SIGSEGV) at about 2,200 nested braces, 4,500 nested parentheses or 7,000 chained `+` or UNION: queries deeper
# than these limits are refused before they run (kg query and kg serve alike).
MAX_NESTING = 200
MAX_OPERATORS = 5000
_BRACKET = re.compile(r"[(\[{]|[)\]}]")
# What makes the parsed query deeper: operators, path steps, groups and the keywords that chain graph patterns.
_OPERATOR = re.compile(
    r"\|\||&&|[/|^+*=<>!(\[{-]|\b(?:UNION|OPTIONAL|MINUS|BIND|FILTER|GRAPH|VALUES|SELECT)\b", re.IGNORECASE
)


def query_shape_problem(query_text: str) -> str | None:
    """Why a query is nested or chained too deep for the query engine, or None; strings, IRIs and comments are
    left out of the count."""
    code = _blank_opaque(query_text)
    depth = deepest = 0
    for m in _BRACKET.finditer(code):
        if m.group(0) in "([{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    if deepest > MAX_NESTING:
        return f"the query nests brackets {deepest} levels deep; at most {MAX_NESTING} are taken"
    operators = sum(1 for _ in _OPERATOR.finditer(code))
    if operators > MAX_OPERATORS:
        return (f"the query has {operators} operators, groups and pattern keywords; at most {MAX_OPERATORS} are "
                "taken (split it, or use VALUES or IN for long lists)")
    return None


def run_query(store: ox.Store, query_text: str) -> QueryResult:
    """Run a read-only SPARQL query on the store and read the whole result.

    The project prefixes (PREFIXES) are predeclared; the query's own PREFIX declarations take precedence.
    Raises QueryError for a malformed query (with the parser's message) and for SPARQL Update.
    """
    keyword = operation_keyword(query_text)
    if keyword in UPDATE_KEYWORDS:
        raise QueryError(
            f"SPARQL Update ({keyword}) is not allowed: queries are read-only; "
            "the store is rebuilt from the documents by `kg build`"
        )
    problem = query_shape_problem(query_text)
    if problem:
        raise QueryError(problem)
    try:
        answer = store.query(query_text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL query: {_syntax_message(query_text, exc)}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    try:
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(kind="graph", triples=list(answer))
        variables = [v.value for v in answer.variables]
        rows = [tuple(solution[name] for name in variables) for solution in answer]
        return QueryResult(kind="select", variables=variables, rows=rows)
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {exc}") from exc


# --------------------------------------------------------------------------------------------------------------
# Formatting results
# --------------------------------------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    """Terminal columns taken by `text`: East Asian wide/full-width characters take 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _truncate(text: str, max_width: int) -> str:
    """Cut `text` to at most `max_width` columns, marking the cut with '...'."""
    if _display_width(text) <= max_width:
        return text
    keep = max(max_width - 3, 0)
    out, width = [], 0
    for ch in text:
        w = _display_width(ch)
        if width + w > keep:
            break
        out.append(ch)
        width += w
    return "".join(out) + "..."[: max_width - width]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escape_controls(text: str) -> str:
    """Make newlines/tabs visible as \\n, \\t so one value stays on one table line."""
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return _CONTROL.sub(lambda m: named.get(m.group(0), f"\\x{ord(m.group(0)):02x}"), text)


# What a terminal would act on rather than show: controls other than the line and field breaks of CSV/TSV, C1
# controls, and the bidi overrides and isolates that reorder what follows them.
_TERMINAL_ACTIVE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """CSV, TSV or JSON shown on a terminal, with escape sequences from documents made visible (\\x1b, \\u202e);
    written to a file or a pipe the data stays as it is."""
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                                else f"\\u{ord(m.group(0)):04x}", text)


def _prefixed(iri: str) -> str:
    """`kg:Park` for a known namespace, else `<iri>`."""
    for name in DISPLAY_PREFIXES:
        ns = PREFIXES[name]
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _display(term: Term | None) -> str:
    """How a term reads in the table: plain literal values, prefixed IRIs, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _prefixed(term.value)
    if isinstance(term, ox.Literal):
        return _escape_controls(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {_display(term.subject)} {_display(term.predicate)} {_display(term.object)} >>"
    return str(term)


def _table(result: QueryResult, max_width: int | None) -> str:
    """Fixed-width table with a `(N rows)` footer; widths count display columns, not characters."""
    n = len(result.rows)
    footer = f"({n} row{'s' if n != 1 else ''})"
    if not result.variables:
        return footer + "\n"
    header = list(result.variables)
    body = [[_display(term) for term in row] for row in result.rows]
    if max_width is not None:
        body = [[_truncate(cell, max_width) for cell in row] for row in body]
    widths = [_display_width(h) for h in header]
    for row in body:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _display_width(cell))

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c + " " * (w - _display_width(c)) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, line(header), rule, *(line(row) for row in body), rule, footer]
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    """SPARQL CSV: IRIs and literals as bare strings, blank nodes as _:label, unbound as empty."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {term.subject} {term.predicate} {term.object} >>"
    return term.value


_TURTLE_NUMBER = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "double": re.compile(r"[+-]?(?:\d+\.?\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+)"),
    XSD + "boolean": re.compile(r"true|false"),
}


def _tsv_value(term: Term | None) -> str:
    """SPARQL TSV: terms in Turtle/N-Triples syntax (numbers abbreviated where Turtle allows), unbound empty."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        pattern = _TURTLE_NUMBER.get(term.datatype.value)
        if pattern is not None and pattern.fullmatch(term.value):
            return term.value
    if isinstance(term, ox.Triple):
        return f"<< {_tsv_value(term.subject)} {_tsv_value(term.predicate)} {_tsv_value(term.object)} >>"
    return str(term)  # N-Triples form: <iri>, _:b, "text"@zh with \t \n \" escaped


def _json_value(term: Term) -> dict[str, Any]:
    """One RDF term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:  # RDF 1.2 directional language-tagged string
                out["its:dir"] = str(term.direction).lower()
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_value(term.subject),
                "predicate": _json_value(term.predicate),
                "object": _json_value(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _nt_line(subject: Any, predicate: Any, obj: Any) -> str:
    return f"{subject} {predicate} {obj} ."


def _sorted_ntriples(triples: list[ox.Triple]) -> str:
    """N-Triples, one triple per line, sorted so the output does not depend on evaluation order."""
    lines = sorted({_nt_line(t.subject, t.predicate, t.object) for t in triples})
    return "".join(line + "\n" for line in lines)


def format_result(result: QueryResult, fmt: str, *, max_width: int | None = None) -> str:
    """Render a query result as `table` (terminal), `csv`, `tsv` or `json` (the SPARQL 1.1 result formats).

    ASK gives `true`/`false` (JSON: {"head": {}, "boolean": …}); CONSTRUCT/DESCRIBE give sorted N-Triples
    in table/csv/tsv and JSON-LD in json. `max_width` (table only) cuts long cells to that many columns.
    """
    if fmt not in RESULT_FORMATS:
        raise KgError(f"unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        nt = _sorted_ntriples(result.triples)
        if fmt == "json":
            return _jsonld_from_ntriples(nt).decode("utf-8")
        return nt
    if fmt == "table":
        return _table(result, max_width)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(term) for term in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_value(term) for term in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    bindings = [
        {name: _json_value(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------------------------
# Exporting the graph
# --------------------------------------------------------------------------------------------------------------


def _default_graph_triples(store: ox.Store) -> list[ox.Quad]:
    """All triples of the store's default graph (where `write_store` puts the Turtle file's triples)."""
    return list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _ntriples_of(quads: list[ox.Quad]) -> str:
    lines = sorted({_nt_line(q.subject, q.predicate, q.object) for q in quads})
    return "".join(line + "\n" for line in lines)


def _rdflib_graph(ntriples: str) -> rdflib.Graph:
    """An rdflib graph of sorted N-Triples with exactly the project prefixes bound (no rdflib defaults)."""
    graph = rdflib.Graph(bind_namespaces="none")
    for name, ns in PREFIXES.items():
        graph.bind(name, ns, override=True, replace=True)
    if ntriples:
        graph.parse(data=ntriples, format="nt")
    return graph


def _turtle_from_ntriples(ntriples: str) -> bytes:
    """Turtle through rdflib: its serializer orders subjects, predicates and objects by sorting, so for graphs
    without blank nodes the bytes depend only on the triples (checked across hash seeds in the tests)."""
    return _rdflib_graph(ntriples).serialize(format="turtle", encoding="utf-8")


def _canonical_json(value: Any, key: str | None = None) -> Any:
    """Sort every JSON-LD array except @list (whose order is meaningful) so the output is deterministic."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        if key == "@list":
            return items

        def order(item: Any) -> tuple[str, str]:
            node_id = item.get("@id", "") if isinstance(item, dict) else ""
            return (str(node_id), json.dumps(item, sort_keys=True, ensure_ascii=False))

        return sorted(items, key=order)
    return value


def _jsonld_from_ntriples(ntriples: str) -> bytes:
    """JSON-LD through rdflib (compacted with the project prefixes), then canonically sorted: rdflib's own
    JSON-LD node order varies between runs."""
    raw = _rdflib_graph(ntriples).serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
    document = _canonical_json(json.loads(raw))
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _split_provenance(store: ox.Store, quads: list[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(knowledge, provenance): provenance is every triple about a RelationAssertion, Sentence or Document,
    plus every prov:wasDerivedFrom triple; the rest are entities, relations and facts."""
    values = " ".join(f"<{iri}>" for iri in _PROVENANCE_CLASSES)
    answer = store.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }}")
    provenance_subjects = {str(solution["s"]) for solution in answer}
    knowledge, provenance = [], []
    for quad in quads:
        if str(quad.subject) in provenance_subjects or quad.predicate.value == _WAS_DERIVED_FROM:
            provenance.append(quad)
        else:
            knowledge.append(quad)
    return knowledge, provenance


def _trig(store: ox.Store, quads: list[ox.Quad]) -> bytes:
    """TriG with two named graphs, each body written by rdflib's (deterministic) Turtle serializer.

    rdflib's own TriG serializer orders the graphs differently from run to run, hence the assembly here.
    """
    knowledge, provenance = _split_provenance(store, quads)
    prefix_lines: set[str] = set()
    blocks = []
    for graph_iri, part in ((KNOWLEDGE_GRAPH, knowledge), (PROVENANCE_GRAPH, provenance)):
        turtle = _turtle_from_ntriples(_ntriples_of(part)).decode("utf-8")
        body_lines = []
        for line in turtle.splitlines():
            if line.startswith("@prefix "):
                prefix_lines.add(line)
            else:
                body_lines.append(line)
        body = "\n".join(body_lines).strip("\n")
        if '"""' not in body and "'''" not in body:  # never indent inside a multi-line string
            body = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        blocks.append(f"<{graph_iri}> {{\n{body}\n}}\n" if body else f"<{graph_iri}> {{\n}}\n")
    head = "".join(line + "\n" for line in sorted(prefix_lines))
    return (head + "\n" + "\n".join(blocks)).encode("utf-8")


def export_graph(store: ox.Store, fmt: str) -> bytes:
    """Serialise the store's graph as `turtle`, `nt`, `jsonld` or `trig`, byte-identical for the same triples.

    N-Triples are sorted line by line; Turtle and JSON-LD go through rdflib with PREFIXES bound; TriG puts
    entities/relations/facts in kgr:graph/knowledge and provenance in kgr:graph/provenance.
    """
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    quads = _default_graph_triples(store)
    if fmt == "trig":
        return _trig(store, quads)
    ntriples = _ntriples_of(quads)
    if fmt == "nt":
        return ntriples.encode("utf-8")
    if fmt == "turtle":
        return _turtle_from_ntriples(ntriples)
    return _jsonld_from_ntriples(ntriples)

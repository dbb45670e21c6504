"""What changed between two builds: documents, entities and relations that came or went, and figures that changed.

IRIs are derived from content (a name and type, a document hash), so the same thing has the same IRI in both
builds and the comparison is a difference of sets read from the two stores. A figure is compared by its subject,
metric and period (the normalised interval where there is one, else the period as written): the figure changed
when both builds have that key with different values. `kg build` writes the comparison with the store it replaces
as out/changes.json; `kg diff OLD_OUT NEW_OUT` compares any two builds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import store as kgstore
from kg.vocab import KG, RDF, RDFS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kg.store.store import Term

CHANGES_FILE = "changes.json"
# The first key of changes.json: how kg's output folder check knows the file as kg's.
FORMAT = "kg-changes/1"

_LABEL = RDFS + "label"
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = RDF + "subject", RDF + "predicate", RDF + "object"
# The variables of a figure's row and the kg: properties that bind them.
_FIGURE_VALUES = (("s", "subject"), ("metric", "metric"), ("period", "period"), ("value", "value"), ("unit", "unit"),
                  ("norm", "normalizedValue"), ("normUnit", "normalizedUnit"))

_DOCUMENTS = """SELECT ?d ?file ?issued WHERE {
  ?d a kg:Document ; kg:fileName ?file . OPTIONAL { ?d dcterms:issued ?issued } }"""


def _rows(store: ox.Store | None, query: str) -> list[dict[str, str]]:
    if store is None:
        return []
    result = kgstore.run_query(store, query)
    return [{name: (term.value if term is not None else "") for name, term in zip(result.variables, row, strict=True)}
            for row in result.rows]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class _Pattern:
    """The store's triples of one predicate each, read once and joined here. A query that joins the figures' nine
    properties (or an assertion's ends and their labels) makes the store look each one up per row, three to four
    times slower than reading every property alone, in index order, and joining them in a dict."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._read: dict[str, dict[Term, list[Term]]] = {}

    def objects(self, predicate: str) -> dict[Term, list[Term]]:
        """Each subject's objects of `predicate` (in the default graph, as run_query reads it)."""
        if predicate not in self._read:
            found: dict[Term, list[Term]] = defaultdict(list)
            for subject, obj in self.store.query(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
                found[subject].append(obj)
            self._read[predicate] = found
        return self._read[predicate]

    def rows(self, first: str, *columns: tuple[str, str, str, bool]) -> Iterator[dict[str, str]]:
        """The rows of a graph pattern: the solutions of the query `first` (one short join), then each column
        (variable, the variable whose term is its subject, predicate, optional) binds each object of that
        predicate in turn; an optional column without one binds "". Values are the terms' text, as `_rows`."""
        answer = self.store.query(first)
        names = [v.value for v in answer.variables]
        rows: list[dict[str, Term | None]] = [dict(zip(names, solution, strict=True)) for solution in answer]
        for var, of, predicate, optional in columns:
            objects = self.objects(predicate)
            joined: list[dict[str, Term | None]] = []
            for row in rows:
                found = objects.get(row[of]) if row[of] is not None else None
                if found and len(found) == 1:
                    row[var] = found[0]  # the row is this one's alone: no copy
                    joined.append(row)
                elif found:
                    joined.extend({**row, var: obj} for obj in found)
                elif optional:
                    joined.append({**row, var: None})
            rows = joined
        for row in rows:
            yield {k: (term.value if term is not None else "") for k, term in row.items()}


def _snapshot(store: ox.Store | None) -> dict[str, dict]:
    """What a build holds that a comparison reads, keyed by identity."""
    documents = {r["d"]: {"file": r["file"], "issued": r["issued"] or None} for r in _rows(store, _DOCUMENTS)}
    entities: dict[str, dict] = {}
    relations: dict[tuple[str, str, str], dict] = {}
    figures: dict[tuple[str, str, str], dict] = {}
    values: dict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
    if store is not None:
        read = _Pattern(store)
        for r in read.rows(f"SELECT ?e ?type WHERE {{ ?e <{KG}mentionCount> ?n ; a ?type }}",
                           ("label", "e", _LABEL, False)):
            entities[r["e"]] = {"iri": r["e"], "type": _local(r["type"]), "label": r["label"]}
        # DISTINCT ?h ?p ?t ?hl ?tl of ?a a kg:RelationAssertion ; rdf:subject ?h ; rdf:predicate ?p ;
        # rdf:object ?t . ?h rdfs:label ?hl . ?t rdfs:label ?tl
        for r in read.rows(f"SELECT ?a WHERE {{ ?a a <{KG}RelationAssertion> }}", ("h", "a", _RDF_SUBJECT, False),
                           ("p", "a", _RDF_PREDICATE, False), ("t", "a", _RDF_OBJECT, False),
                           ("hl", "h", _LABEL, False), ("tl", "t", _LABEL, False)):
            relations[(r["h"], r["p"], r["t"])] = {"head": r["hl"], "relation": _local(r["p"]), "tail": r["tl"],
                                                   "head_iri": r["h"], "tail_iri": r["t"]}
        # ?f a kg:Fact ; kg:subject ?s ; kg:metric ?metric ; ... ?s rdfs:label ?label, start and end optional
        fact_columns = [(var, "f", KG + local, False) for var, local in _FIGURE_VALUES]
        for r in read.rows(f"SELECT ?f WHERE {{ ?f a <{KG}Fact> }}", *fact_columns, ("label", "s", _LABEL, False),
                           ("start", "f", KG + "periodStart", True), ("end", "f", KG + "periodEnd", True)):
            interval = f"{r['start']}/{r['end']}" if r["start"] or r["end"] else ""
            key = (r["s"], r["metric"], interval or r["period"])
            figures.setdefault(key, {"subject": r["label"], "subject_iri": r["s"], "metric": r["metric"],
                                     "period": r["period"], "interval": interval or None})
            values[key].add((f"{r['value']} {r['unit']}".strip(), f"{r['norm']} {r['normUnit']}"))
    for key, figure in figures.items():
        figure["values"] = sorted(written for written, _ in values[key])
        figure["normalized"] = sorted({normalized for _, normalized in values[key]})
    return {"documents": documents, "entities": entities, "relations": relations, "figures": figures}


def _sorted(items: list[dict], *keys: str) -> list[dict]:
    return sorted(items, key=lambda item: tuple(str(item.get(k) or "") for k in keys))


def _changes(before: dict[str, dict], after: dict[str, dict], previous: bool) -> dict[str, Any]:
    """The changes from one snapshot to the other, as changes.json holds them."""
    out: dict[str, Any] = {}
    order = {"documents": ("file",), "entities": ("type", "label", "iri"),
             "relations": ("relation", "head", "tail", "head_iri", "tail_iri")}
    for part, keys in order.items():
        out[part] = {"added": _sorted([after[part][k] for k in after[part].keys() - before[part].keys()], *keys),
                     "removed": _sorted([before[part][k] for k in before[part].keys() - after[part].keys()], *keys)}
    figure_keys = ("subject", "metric", "period", "interval", "subject_iri")
    changed = []
    for key in before["figures"].keys() & after["figures"].keys():
        was, now = before["figures"][key], after["figures"][key]
        if was["normalized"] != now["normalized"]:
            changed.append({**{k: now[k] for k in ("subject", "subject_iri", "metric", "period", "interval")},
                            "old": was["values"], "new": now["values"]})
    out["figures"] = {
        "added": _sorted([after["figures"][k] for k in after["figures"].keys() - before["figures"].keys()],
                         *figure_keys),
        "removed": _sorted([before["figures"][k] for k in before["figures"].keys() - after["figures"].keys()],
                           *figure_keys),
        "changed": _sorted(changed, *figure_keys),
    }
    for figure in (*out["figures"]["added"], *out["figures"]["removed"]):
        figure.pop("normalized", None)
    counts = {part: {kind: len(items) for kind, items in out[part].items()}
              for part in ("documents", "entities", "relations", "figures")}
    return {"format": FORMAT, "previous": previous, "counts": counts, **out}


# What the store a build replaces held: its snapshot, whether there was one, and why it could not be read.
Previous = tuple[dict[str, dict], bool, str]


def read_previous(old_dir: Path | None, *, old_must_open: bool = False) -> Previous:
    """The snapshot of the build in the store `old_dir`, read on its own so that a build can read it while it
    makes the new store. An `old_dir` that holds no store counts as no earlier build, and so does one that cannot be
    read (unless `old_must_open`): a build is never stopped by the store it is about to replace."""
    before, previous, unreadable = _snapshot(None), False, ""
    if old_dir is not None and ((old_dir / "CURRENT").is_file() or old_must_open):
        old: ox.Store | None = None
        try:
            old = kgstore.open_store(old_dir)
            before, previous = _snapshot(old), True
        except (KgError, OSError, RuntimeError) as exc:
            if isinstance(exc, KgError) and old_must_open:
                raise
            if old_must_open:
                raise KgError(f"cannot read the graph in {old_dir}: {exc}") from exc
            unreadable = str(exc)
        finally:
            old = None  # close the old store's files before it is replaced
    return before, previous, unreadable


def compare_stores(old_dir: Path | None, new_dir: Path, *, old_must_open: bool = False,
                   previous: Previous | None = None) -> dict[str, Any]:
    """The changes from the build in the store `old_dir` (or its snapshot `previous`, read before by
    `read_previous`) to the one in `new_dir`."""
    before, was, unreadable = previous or read_previous(old_dir, old_must_open=old_must_open)
    changes = _changes(before, _snapshot(kgstore.open_store(new_dir)), was)
    if unreadable:
        changes["unreadable"] = unreadable
    return changes


def to_json(changes: dict[str, Any]) -> str:
    return json.dumps(changes, ensure_ascii=False, indent=1) + "\n"


def write_changes(changes: dict[str, Any], path: Path) -> None:
    """Write changes.json, moved into place only when complete."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(to_json(changes), encoding="utf-8")
    tmp.replace(path)


def summary_line(changes: dict[str, Any], where: str) -> str:
    """The build summary's line on what changed since the graph the build replaced."""
    c = changes["counts"]
    if changes.get("unreadable"):
        return f"changes:   the graph this build replaces could not be read, everything counted as new ({where})"
    if not changes["previous"]:
        return f"changes:   first build here, everything is new ({where})"

    def both(part: str) -> str:
        return f"{part} +{c[part]['added']} -{c[part]['removed']}"

    return (f"changes:   {both('documents')}, {both('entities')}, {both('relations')}, "
            f"figures +{c['figures']['added']} -{c['figures']['removed']} ~{c['figures']['changed']} ({where})")


def table(changes: dict[str, Any]) -> str:
    """The changes as one table (+ added, - removed, ~ changed), with the counts above it."""
    rows: list[tuple[str, str, str, str]] = []
    for sign, kind in (("+", "added"), ("-", "removed")):
        rows += [(sign, "document", d["file"], d["issued"] or "") for d in changes["documents"][kind]]
        rows += [(sign, "entity", e["label"], e["type"]) for e in changes["entities"][kind]]
        rows += [(sign, "relation", f"{r['head']} {r['relation']} {r['tail']}", "") for r in changes["relations"][kind]]
        rows += [(sign, "figure", f"{f['subject']} {f['metric']} {f['period']}", ", ".join(f["values"]))
                 for f in changes["figures"][kind]]
    rows += [("~", "figure", f"{f['subject']} {f['metric']} {f['period']}",
              f"{', '.join(f['old'])} -> {', '.join(f['new'])}") for f in changes["figures"]["changed"]]
    result = kgstore.QueryResult(kind="select", variables=["change", "what", "item", "detail"],
                                 rows=[tuple(ox.Literal(cell) for cell in row) for row in rows])
    return summary_line(changes, "").replace(" ()", "").removeprefix("changes:   ") + "\n" + kgstore.format_result(
        result, "table", max_width=60)


def diff_outputs(old_out: Path, new_out: Path, fmt: str) -> str:
    """`kg diff`: the changes from the build in `old_out` to the one in `new_out` (output folders, or stores)."""
    def store_of(folder: Path) -> Path:
        return folder / "store" if (folder / "store").is_dir() else folder

    # A folder without a store is an error here, not an empty build.
    changes = compare_stores(store_of(old_out), store_of(new_out), old_must_open=True)
    return to_json(changes) if fmt == "json" else table(changes)

"""The pipeline, one stage after another: documents -> mentions -> entities -> relations and facts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from kg import documents, facts, recognize, relations, resolve
from kg.lexicon import load
from kg.model import Document, Extraction


def extract_document(doc: Document) -> Extraction:
    lex = load()
    mentions = recognize.recognise(doc)
    mentions, aliases = recognize.document_pass(doc, mentions, lex)
    entities, resolved = resolve.document_entities(mentions, aliases, lex)
    rels, topics = relations.extract(doc, mentions, entities, resolved)
    figures = facts.extract(doc, mentions, resolved, topics)
    return Extraction(document=doc, entities=entities, relations=rels, facts=figures)


def extract_paths(paths: Iterable[Path], progress: Callable[[int, int, str], None] | None = None) -> list[Extraction]:
    paths = list(paths)
    out = []
    for i, path in enumerate(paths, 1):
        out.append(extract_document(documents.read_document(path)))
        if progress:
            progress(i, len(paths), path.name)
    return out


def jsonl_record(ex: Extraction) -> dict:
    """One line of the evaluation format (SCHEMA.md), with aliases, confidences and evidence as extra keys."""
    doc = ex.document
    evidence = {s.index: doc.original[s.start : s.end] for s in doc.sentences}  # as written, not as matched
    return {
        "doc": doc.name,
        "entities": [
            {"name": e.name, "type": e.type, "aliases": sorted(e.aliases), "confidence": e.confidence}
            for e in sorted(ex.entities, key=lambda e: (e.type, e.name))
        ],
        "relations": [
            {"head": r.head, "relation": r.relation, "tail": r.tail, "confidence": r.confidence, "rule": r.rule,
             "evidence": evidence.get(r.sentence, "")}
            for r in ex.relations
        ],
        "facts": [
            {"subject": f.subject, "metric": f.metric, "value": f.value, "unit": f.unit, "period": f.period,
             "confidence": f.confidence, "evidence": evidence.get(f.sentence, "")}
            for f in ex.facts
        ],
    }


def write_jsonl(extractions: list[Extraction], path: Path) -> None:
    lines = [json.dumps(jsonl_record(ex), ensure_ascii=False, sort_keys=False) for ex in extractions]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    tmp.replace(path)

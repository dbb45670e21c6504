"""What each extraction rule does on the development set, and precision/recall by confidence threshold.

    .venv/bin/python -m benchmarks.rule_census                 # seeds + dev, texts and gold beside the repository
    .venv/bin/python -m benchmarks.rule_census TEXTS... --gold DIR [--gold DIR]
    .venv/bin/python -m benchmarks.rule_census --flagged       # only the rules that should go or be fixed

Every document of the texts that has a gold file is extracted in this process and matched against its gold with
the shared scorer's own matching (its `Doc`, `norm`, `unit_kind_and_value`, loaded by path), so a rule is right
here exactly when the scorer would count its item right; the totals are checked against the scorer's.

- Census: for every rule family (the rules of one table, such as the cue words of worksFor, as one) and for
  every rule (Mention.rule of entities, Relation.rule of relations, Fact.rule of facts) how often it
  fires, in how many documents (per gold folder), how many of the items it gave match the gold, and its
  precision. An entity counts for every rule among its mentions' rules; `alone` is the entities only that rule
  found (what removing it would remove). An item the scorer skips as a repeat counts as the first one did.
  Flagged: fires in only one document, or precision below 0.5.
- Calibration: the precision of the items of each confidence value (a confidence should say how often it is right).
- Thresholds: entity, relation and fact precision, recall and F1 when only items at least that confident are
  kept (each kind on its own, the others whole), and the smallest threshold at which relation precision reaches
  0.80 (searched over every confidence the relations have). `--per-doc`: each document's scores at the default line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from kg.extraction.calibrate import load_scorer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_TEXTS = (SHARED / "seeds", SHARED / "eval" / "dev" / "texts")
DEFAULT_GOLD = (SHARED / "eval" / "gold", SHARED / "eval" / "dev" / "gold")
DEFAULT_SCORER = SHARED / "eval" / "score.py"
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TARGET_PRECISION = 0.80
KINDS = ("entity", "relation", "fact")


@dataclass
class GoldSet:
    """The gold documents by file name, and which gold folder (1, 2, ...) each came from."""

    folders: list[Path]
    docs: dict[str, object] = field(default_factory=dict)  # name -> scorer.Doc
    folder_of: dict[str, int] = field(default_factory=dict)


def load_gold(scorer: ModuleType, folders: Iterable[Path]) -> GoldSet:
    gold = GoldSet(list(folders))
    for number, folder in enumerate(gold.folders, 1):
        if not folder.is_dir():
            raise SystemExit(f"no gold folder {folder}")
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            name = Path(data["doc"]).name
            gold.docs[name] = scorer.Doc(data)
            gold.folder_of[name] = number
    return gold


def extract(sources: Iterable[Path], wanted: set[str]) -> list:
    """Full extractions (mentions kept) of every document of the sources that has a gold file, in input order."""
    from kg.building import pipeline
    from kg.text import documents

    found = []
    for path in documents.find_inputs(sources):
        for doc in documents.iter_documents(path):
            if doc.name in wanted:
                found.append(pipeline.extract_document(doc))
    return found


# ------------------------------------------------------------------------------------------------ matching


@dataclass
class Judged:
    """For each predicted item of one record, in record order: whether it matches the gold, and whether the
    scorer counts it at all (a repeat of an earlier item is skipped)."""

    entity: list[tuple[bool, bool]]
    relation: list[tuple[bool, bool]]
    fact: list[tuple[bool, bool]]


def judge(scorer: ModuleType, doc, record: dict) -> Judged:
    """score.py's matching, item by item: the same greedy order, the same one-to-one use of gold items."""
    entities: list[tuple[bool, bool]] = []
    matched: set[int] = set()
    first: dict[tuple[str, str], bool] = {}
    for e in record["entities"]:
        key = (scorer.norm(e.get("name", "")), e.get("type", ""))
        if key in first:
            entities.append((first[key], False))
            continue
        ids = doc.resolve(e.get("name", ""))
        typed = [i for i in ids if doc.entities[i]["type"] == key[1] and i not in matched]
        if typed:
            matched.add(typed[0])
        first[key] = bool(typed)
        entities.append((bool(typed), True))

    gold_relations = [(r["relation"], doc.resolve(r["head"]), doc.resolve(r["tail"])) for r in doc.relations]
    used: set[int] = set()
    seen: dict[tuple[str, str, str], bool] = {}
    relations: list[tuple[bool, bool]] = []
    for r in record["relations"]:
        name = r.get("relation", "")
        key = (name, scorer.norm(r.get("head", "")), scorer.norm(r.get("tail", "")))
        if key in seen:
            relations.append((seen[key], False))
            continue
        head, tail = doc.resolve(r.get("head", "")), doc.resolve(r.get("tail", ""))
        hit = None
        for j, (gname, ghead, gtail) in enumerate(gold_relations):
            if j in used or gname != name:
                continue
            if (head & ghead and tail & gtail) or (name in scorer.SYMMETRIC and head & gtail and tail & ghead):
                hit = j
                break
        if hit is not None:
            used.add(hit)
        seen[key] = hit is not None
        relations.append((hit is not None, True))

    gold_facts = [(doc.resolve(f["subject"]), scorer.unit_kind_and_value(f.get("value"), f.get("unit", "")))
                  for f in doc.facts]
    used_facts: set[int] = set()
    facts: list[tuple[bool, bool]] = []
    for f in record["facts"]:
        subject = doc.resolve(f.get("subject", ""))
        kind_value = scorer.unit_kind_and_value(f.get("value"), f.get("unit", ""))
        hit = None
        for j, (gsubject, gkind_value) in enumerate(gold_facts):
            if j in used_facts or not (subject & gsubject) or kind_value is None or gkind_value is None \
                    or kind_value[0] != gkind_value[0]:
                continue
            if abs(kind_value[1] - gkind_value[1]) <= 0.005 * max(abs(gkind_value[1]), 1e-9):
                hit = j
                break
        if hit is not None:
            used_facts.add(hit)
        facts.append((hit is not None, True))
    return Judged(entities, relations, facts)


def totals(scorer: ModuleType, gold: dict, preds: dict[str, dict]) -> dict[str, tuple[int, int, int]]:
    """(matched, predicted, gold) of each kind, by the scorer itself."""
    ent, _, rel, fact, _ = scorer.score(gold, preds)
    return {"entity": tuple(sum(c[i] for c in ent.values()) for i in range(3)),
            "relation": tuple(sum(c[i] for c in rel.values()) for i in range(3)),
            "fact": tuple(fact)}


def check_against_scorer(scorer: ModuleType, gold: dict, preds: dict[str, dict], judged: dict[str, Judged]) -> None:
    """The item-by-item matching must give the scorer's own counts; if score.py changes, this says so."""
    by_scorer = totals(scorer, gold, preds)
    for kind in KINDS:
        items = [item for j in judged.values() for item in getattr(j, kind)]
        mine = (sum(ok for ok, counted in items if counted), sum(counted for _, counted in items))
        if mine != by_scorer[kind][:2]:
            raise SystemExit(f"the census's {kind} matching gives {mine} (matched, predicted) but score.py gives "
                             f"{by_scorer[kind][:2]}: update benchmarks/rule_census.judge to the scorer's rules")


# -------------------------------------------------------------------------------------------------- census


@dataclass
class RuleCount:
    fires: int = 0  # mentions (entities) or items (relations, facts) the rule gave
    docs: Counter[int] = field(default_factory=Counter)  # gold folder -> documents it fired in
    doc_names: set[str] = field(default_factory=set)
    items: int = 0  # entities it took part in (entities); items (relations, facts)
    right: int = 0
    alone: int = 0  # entities only this rule found
    alone_right: int = 0
    confidences: set[float] = field(default_factory=set)
    items_in: Counter[int] = field(default_factory=Counter)  # gold folder -> items
    right_in: Counter[int] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.right / self.items if self.items else 0.0

    def count(self, folder: int, right: bool) -> None:
        self.items += 1
        self.right += right
        self.items_in[folder] += 1
        self.right_in[folder] += right

    def precision_in(self, folder: int) -> str:
        return f"{self.right_in[folder] / self.items_in[folder]:.2f}" if self.items_in[folder] else "–"

    def flags(self) -> str:
        out = []
        if len(self.doc_names) <= 1:
            out.append("one document")
        if self.precision < 0.5:
            out.append("P < 0.5")
        return ", ".join(out)


CUE_WORD = re.compile(r"[\u3400-\u9fff…]+")


def family(rule: str) -> str:
    """The rule a table entry belongs to: its cue or suffix word replaced by <cue> (worksFor:副主任 and worksFor:局长
    are the one rule worksFor:<cue>; person:after-记者 is person:after-<cue>); named code paths stay themselves."""
    return CUE_WORD.sub("<cue>", rule)


def census(extractions: list, records: dict[str, dict], judged: dict[str, Judged], folder_of: dict[str, int],
           group: Callable[[str], str] = str) -> dict[str, dict[str, RuleCount]]:
    """Each rule's counts; with `group`, of the groups of rules it maps rule names to (an entity counts once per
    group among its mentions' rules)."""
    rules: dict[str, dict[str, RuleCount]] = {kind: defaultdict(RuleCount) for kind in KINDS}
    for ex in extractions:
        name = ex.document.name
        record, verdicts, folder = records[name], judged[name], folder_of[name]
        entity_of = {(e.name, e.type): e for e in ex.entities}
        for e, (right, _) in zip(record["entities"], verdicts.entity, strict=True):
            mentions = entity_of[(e["name"], e["type"])].mentions
            by_rule = Counter(group(m.rule) for m in mentions)
            for rule, fired in by_rule.items():
                count = rules["entity"][rule]
                _fired_in(count, name, folder)
                count.fires += fired
                count.count(folder, right)
                count.confidences.update(m.confidence for m in mentions if group(m.rule) == rule)
                if len(by_rule) == 1:
                    count.alone += 1
                    count.alone_right += right
        for kind, items, verdict in (("relation", record["relations"], verdicts.relation),
                                     ("fact", record["facts"], verdicts.fact)):
            for item, (right, _) in zip(items, verdict, strict=True):
                count = rules[kind][group(item["rule"])]
                _fired_in(count, name, folder)
                count.fires += 1
                count.count(folder, right)
                count.confidences.add(item["confidence"])
    return rules


def _fired_in(count: RuleCount, doc: str, folder: int) -> None:
    if doc not in count.doc_names:
        count.doc_names.add(doc)
        count.docs[folder] += 1


def _confidence_range(values: set[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.2f}" if low == high else f"{low:.2f}–{high:.2f}"


def print_summary(levels: dict[str, dict[str, dict[str, RuleCount]]], folders: int) -> None:
    """The census in a few numbers per kind: rules that fire (in each gold folder), flagged ones, and the
    precision of their items (an entity counts once for each of its rules)."""
    print("\n## census summary\n")
    per_folder = " | ".join(f"fire in folder {k}" for k in range(1, folders + 1))
    print(f"| kind | counted as | fire | {per_folder} | flagged | firings | P of their items |")
    print("|---|---|---:|" + "---:|" * folders + "---:|---:|---:|")
    for kind in KINDS:
        for level, rules in levels.items():
            counts = rules[kind].values()
            fire_in = " | ".join(str(sum(1 for c in counts if c.docs[k])) for k in range(1, folders + 1))
            items, right = sum(c.items for c in counts), sum(c.right for c in counts)
            print(f"| {kind} | {level} | {len(counts)} | {fire_in} | {sum(1 for c in counts if c.flags())} | "
                  f"{sum(c.fires for c in counts)} | {right / items if items else 0.0:.3f} |")


def print_census(rules: dict[str, dict[str, RuleCount]], folders: int, only_flagged: bool,
                 title: str = "rules") -> None:
    for kind in KINDS:
        counts = rules[kind]
        ranked = sorted(counts.items(), key=lambda item: (-item[1].fires, item[0]))
        flagged = [rule for rule, c in ranked if c.flags()]
        print(f"\n## {kind} {title}: {len(counts)} fire, {len(flagged)} flagged "
              f"(one document or P < 0.5), {sum(c.fires for c in counts.values())} firings\n")
        alone = " alone (right) |" if kind == "entity" else ""
        per_folder = "+".join(str(k) for k in range(1, folders + 1))
        print(f"| rule | fires | docs ({per_folder}) | {'entities' if kind == 'entity' else 'items'} | right | P | "
              f"P ({per_folder.replace('+', '/')}) |{alone} confidence | flag |")
        print("|---|---:|---|---:|---:|---:|---|" + ("---:|" if alone else "") + "---|---|")
        for rule, c in ranked:
            if only_flagged and not c.flags():
                continue
            docs = f"{len(c.doc_names)} ({'+'.join(str(c.docs[k]) for k in range(1, folders + 1))})"
            extra = f" {c.alone} ({c.alone_right}) |" if alone else ""
            by_folder = "/".join(c.precision_in(k) for k in range(1, folders + 1))
            print(f"| {rule} | {c.fires} | {docs} | {c.items} | {c.right} | {c.precision:.2f} | {by_folder} |{extra} "
                  f"{_confidence_range(c.confidences)} | {c.flags()} |")


# ---------------------------------------------------------------------------------------------- thresholds


def above(records: dict[str, dict], threshold: float, kind: str) -> dict[str, dict]:
    """The records with only the items of `kind` at least `threshold` sure (the other kinds whole)."""
    key = {"entity": "entities", "relation": "relations", "fact": "facts"}[kind]
    return {name: {**r, key: [item for item in r[key] if item.get("confidence", 1.0) >= threshold - 1e-9]}
            for name, r in records.items()}


def prf(scorer: ModuleType, counts: tuple[int, int, int]) -> tuple[float, float, float]:
    return scorer.prf(*counts)


def threshold_rows(scorer: ModuleType, gold: dict, records: dict[str, dict],
                   thresholds: Iterable[float]) -> list[tuple[float, dict[str, tuple[int, int, int]]]]:
    rows = []
    for t in thresholds:
        by_kind = {kind: totals(scorer, gold, above(records, t, kind))[kind] for kind in KINDS}
        rows.append((t, by_kind))
    return rows


def print_thresholds(scorer: ModuleType, gold: dict, records: dict[str, dict], label: str) -> None:
    print(f"\n## precision / recall by confidence threshold: {label}, {len(gold)} documents\n")
    print("| min confidence | entity P | R | F1 | relation P | R | F1 | kept | fact P | R | F1 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t, by_kind in threshold_rows(scorer, gold, records, THRESHOLDS):
        cells = []
        for kind in KINDS:
            cells += [f"{v:.3f}" for v in prf(scorer, by_kind[kind])]
            if kind == "relation":
                cells.append(str(by_kind[kind][1]))
        print(f"| {t:.2f} | " + " | ".join(cells) + " |")


def smallest_threshold(scorer: ModuleType, gold: dict, records: dict[str, dict], target: float = TARGET_PRECISION,
                       best: bool = False) -> tuple[float, tuple[float, float, float]] | None:
    """The smallest confidence at which relation precision reaches `target`, over every confidence relations
    have (precision need not rise steadily with the threshold: the first one that reaches it); with `best`, the
    threshold of the highest precision instead."""
    candidates = sorted({0.0} | {r["confidence"] for rec in records.values() for r in rec["relations"]})
    scored = [(t, prf(scorer, totals(scorer, gold, above(records, t, "relation"))["relation"])) for t in candidates]
    if best:
        return max(scored, key=lambda item: (item[1][0], -item[0]))
    return next(((t, scores) for t, scores in scored if scores[0] >= target), None)


def print_calibration(records: dict[str, dict], judged: dict[str, Judged]) -> None:
    """How often the items of each confidence band are right: a confidence means something when the two agree."""
    print("\n## calibration: precision of the items in each confidence band, all gold folders\n")
    print("| kind | confidence band | items | mean confidence | right | P |")
    print("|---|---|---:|---:|---:|---:|")
    for kind in KINDS:
        key = {"entity": "entities", "relation": "relations", "fact": "facts"}[kind]
        bands: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0])  # band -> items, confidence sum, right
        for name, record in records.items():
            for item, (right, _) in zip(record[key], getattr(judged[name], kind), strict=True):
                band = bands[min(int(item["confidence"] * 10 + 1e-9), 9)]
                band[0] += 1
                band[1] += item["confidence"]
                band[2] += right
        for band, (items, total, right) in sorted(bands.items()):
            print(f"| {kind} | {band / 10:.1f}–{(band + 1) / 10:.1f} | {items:.0f} | {total / items:.2f} | "
                  f"{right:.0f} | {right / items:.2f} |")


def print_documents(scorer: ModuleType, gold: dict, records: dict[str, dict], folder_of: dict[str, int]) -> None:
    """Each document's scores at the default threshold, to see which kinds of article fall behind."""
    from kg.model import DEFAULT_MIN_CONFIDENCE

    print(f"\n## per document, relations at confidence >= {DEFAULT_MIN_CONFIDENCE:g}\n")
    print("| document | folder | entity F1 | relation P | R | F1 | (matched/predicted/gold) | fact F1 |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    kept = above(records, DEFAULT_MIN_CONFIDENCE, "relation")
    for name in sorted(records, key=lambda n: (folder_of[n], n)):
        by_kind = totals(scorer, {name: gold[name]}, {name: kept[name]})
        relation = prf(scorer, by_kind["relation"])
        print(f"| {name} | {folder_of[name]} | {prf(scorer, by_kind['entity'])[2]:.3f} | {relation[0]:.3f} | "
              f"{relation[1]:.3f} | {relation[2]:.3f} | {'/'.join(map(str, by_kind['relation']))} | "
              f"{prf(scorer, by_kind['fact'])[2]:.3f} |")


def print_line(scorer: ModuleType, gold: dict, records: dict[str, dict], label: str) -> None:
    """The smallest threshold reaching the target precision on these documents, and the scores at the default."""
    from kg.model import DEFAULT_MIN_CONFIDENCE

    found = smallest_threshold(scorer, gold, records)
    if found is None:
        best = smallest_threshold(scorer, gold, records, target=-1.0, best=True)
        assert best is not None
        line = (f"no threshold reaches relation precision {TARGET_PRECISION:.2f}; the highest is {best[1][0]:.3f} at "
                f"{best[0]:g} (R={best[1][1]:.3f} F1={best[1][2]:.3f})")
    else:
        t, (precision, recall, f1) = found
        line = (f"smallest threshold with relation precision >= {TARGET_PRECISION:.2f}: {t:g} "
                f"(P={precision:.3f} R={recall:.3f} F1={f1:.3f})")
    at = prf(scorer, totals(scorer, gold, above(records, DEFAULT_MIN_CONFIDENCE, "relation"))["relation"])
    print(f"{label}: {line}; at the default {DEFAULT_MIN_CONFIDENCE:g} (kg.model.DEFAULT_MIN_CONFIDENCE) "
          f"P={at[0]:.3f} R={at[1]:.3f} F1={at[2]:.3f}")


# ---------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.rule_census", description=__doc__.split("\n\n")[0])
    p.add_argument("texts", nargs="*", type=Path, default=list(DEFAULT_TEXTS), metavar="TEXTS",
                   help="document files or folders (default: ../shared/seeds and ../shared/eval/dev/texts)")
    p.add_argument("--gold", action="append", type=Path, metavar="DIR",
                   help="a folder of gold JSON files; repeat for several (default: ../shared/eval/gold and "
                   "../shared/eval/dev/gold)")
    p.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="the shared score.py")
    p.add_argument("--flagged", action="store_true", help="list only the flagged rules")
    p.add_argument("--no-census", action="store_true", help="print only the threshold tables")
    p.add_argument("--per-doc", action="store_true", help="also print each document's scores")
    args = p.parse_args(argv)

    from kg.building.pipeline import jsonl_record

    scorer = load_scorer(args.scorer)
    gold = load_gold(scorer, args.gold or DEFAULT_GOLD)
    extractions = extract(args.texts, set(gold.docs))
    records = {ex.document.name: jsonl_record(ex, min_confidence=0.0) for ex in extractions}
    missing = sorted(set(gold.docs) - set(records))
    if missing:
        print(f"warning: no text for {len(missing)} gold document(s): {', '.join(missing)}", file=sys.stderr)
    scored = {name: doc for name, doc in gold.docs.items() if name in records}
    judged = {name: judge(scorer, scored[name], record) for name, record in records.items()}
    check_against_scorer(scorer, scored, records, judged)

    folders = ", ".join(f"{k} = {folder} ({sum(1 for n in scored if gold.folder_of[n] == k)} documents)"
                        for k, folder in enumerate(gold.folders, 1))
    print(f"# rule census and confidence thresholds: {len(scored)} documents; gold folders {folders}")
    if not args.no_census:
        rules = census(extractions, records, judged, gold.folder_of)
        families = census(extractions, records, judged, gold.folder_of, family)
        print_summary({"rules": rules, "families": families}, len(gold.folders))
        print_census(families, len(gold.folders), args.flagged, "rule families (each cue or suffix word of a table "
                     "as <cue>)")
        print_census(rules, len(gold.folders), args.flagged)
    print_calibration(records, judged)
    print_thresholds(scorer, scored, records, "all gold folders")
    if len(gold.folders) > 1:
        for k, folder in enumerate(gold.folders, 1):
            part = {n: d for n, d in scored.items() if gold.folder_of[n] == k}
            print_thresholds(scorer, part, {n: records[n] for n in part}, f"folder {k} ({folder})")
    if args.per_doc:
        print_documents(scorer, scored, records, gold.folder_of)
    print()
    parts = {"all gold folders": scored}
    if len(gold.folders) > 1:
        parts.update({f"folder {k}": {n: d for n, d in scored.items() if gold.folder_of[n] == k}
                      for k in range(1, len(gold.folders) + 1)})
    for label, part in parts.items():
        print_line(scorer, part, {n: records[n] for n in part}, label)
    print("(in-sample figures: where confidences were fitted on these documents, take the threshold from a "
          "cross-validation across documents instead)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Relation rules measured one by one, and the confidence table they earn (kg.extraction.relations.RULE_CONFIDENCE).

    python -m benchmarks.relation_calibration --pred extraction.jsonl --gold DIR [--gold DIR …]
        [--calibrate] [--by-confidence] [--fn] [--fp PREFIX]

For every `Relation.rule`: how often it fires on the development set, in how many documents, how many of its
relations match gold, and why the others do not: `ent` — its head or tail is no gold name at all (an entity-name
error, the recogniser's part), `rel` — both ends are gold entities but the gold states no such relation.
`--calibrate` prints RULE_CONFIDENCE: each rule's precision smoothed toward its relation's. Matching is exactly
../shared/eval/score.py's (its `Doc`, `norm` and order: each gold relation matched at most once, in prediction order).
`--pred` is the JSON Lines output of `kg extract`, whose relations carry `rule` and `confidence`.
(benchmarks/rule_census.py, where present, is the project-wide census; this one adds the calibration.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

from kg.extraction.calibrate import load_scorer

DEFAULT_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def judge(score: ModuleType, gold: dict, pred: dict) -> tuple[list[tuple[dict, str]], list[tuple[dict, bool]]]:
    """Each predicted relation with its verdict (tp / ent / rel / dup), and each missed gold relation with
    whether both its ends were predicted as entities (so the miss is a relation error, not a name error)."""
    doc = score.Doc(gold)
    gold_rel = [(r["relation"], doc.resolve(r["head"]), doc.resolve(r["tail"]), r) for r in doc.relations]
    found: set[int] = set()
    for e in pred.get("entities", []):
        found |= doc.resolve(e.get("name", ""))
    used: set[int] = set()
    seen: set[tuple[str, str, str]] = set()
    verdicts: list[tuple[dict, str]] = []
    for r in pred.get("relations", []):
        name = r.get("relation", "")
        key = (name, score.norm(r.get("head", "")), score.norm(r.get("tail", "")))
        if key in seen:
            verdicts.append((r, "dup"))
            continue
        seen.add(key)
        h, t = doc.resolve(r.get("head", "")), doc.resolve(r.get("tail", ""))
        hit = None
        for j, (gname, gh, gt, _) in enumerate(gold_rel):
            if j in used or gname != name:
                continue
            if (h & gh and t & gt) or (name in score.SYMMETRIC and h & gt and t & gh):
                hit = j
                break
        if hit is not None:
            used.add(hit)
            verdicts.append((r, "tp"))
        else:
            verdicts.append((r, "ent" if not h or not t else "rel"))
    misses = [(g, bool(gh & found) and bool(gt & found)) for j, (_, gh, gt, g) in enumerate(gold_rel) if j not in used]
    return verdicts, misses


def calibration(stats: dict[str, dict], weight: float = 3.0, step: float = 0.05) -> str:
    """Each rule's precision as the confidence of what it finds: (tp + w·P_relation) / (fired + w), so a rule seen a
    few times leans on its relation's precision; rounded to `step`, kept within [0.2, 0.95]."""
    family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rule, s in stats.items():
        family[rule.split(":")[0]][0] += s["tp"]
        family[rule.split(":")[0]][1] += s["fire"]
    lines = ["RULE_CONFIDENCE = {"]
    for name, (tp, fire) in sorted(family.items()):
        lines.append(f'    "{name}": {_rounded(tp / fire, step)},')
    for rule, s in sorted(stats.items()):
        tp, fire = family[rule.split(":")[0]]
        smoothed = (s["tp"] + weight * tp / fire) / (s["fire"] + weight)
        lines.append(f'    "{rule}": {_rounded(smoothed, step)},  # {s["tp"]}/{s["fire"]}')
    lines.append("}")
    return "\n".join(lines)


def _rounded(p: float, step: float) -> float:
    return round(min(0.95, max(0.2, round(p / step) * step)), 2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pred", required=True, type=Path)
    ap.add_argument("--gold", required=True, type=Path, action="append")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--by-confidence", action="store_true", help="print precision/recall by confidence threshold")
    ap.add_argument("--fn", action="store_true", help="list the missed gold relations whose two ends were found")
    ap.add_argument("--fp", default=None, help="list the wrong relations of the rules starting with this prefix")
    ap.add_argument("--calibrate", action="store_true",
                    help="print each rule's precision, smoothed toward its relation's, as "
                         "kg.extraction.relations.RULE_CONFIDENCE")
    args = ap.parse_args(argv)
    score = load_scorer(args.scorer)
    golds = {}
    for folder in args.gold:
        for p in sorted(folder.glob("*.json")):
            g = json.loads(p.read_text(encoding="utf-8"))
            golds[Path(g["doc"]).name] = g
    preds = {}
    for line in args.pred.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            preds[Path(obj["doc"]).name] = obj

    stats: dict[str, dict] = defaultdict(lambda: {"fire": 0, "tp": 0, "ent": 0, "rel": 0, "docs": set(), "conf": set()})
    by_conf: list[tuple[float, bool]] = []
    n_gold = 0
    reachable_fn: list[tuple[str, dict]] = []
    unreachable = 0
    wrong: list[tuple[str, dict, str]] = []
    for name, gold in sorted(golds.items()):
        verdicts, misses = judge(score, gold, preds.get(name, {}))
        n_gold += len(gold.get("relations", []))
        for r, v in verdicts:
            if v == "dup":
                continue
            s = stats[r.get("rule", "?")]
            s["fire"] += 1
            s[v] += 1
            s["docs"].add(name)
            s["conf"].add(r.get("confidence", 0.0))
            by_conf.append((float(r.get("confidence", 0.0)), v == "tp"))
            if v != "tp" and args.fp is not None and r.get("rule", "").startswith(args.fp):
                wrong.append((name, r, v))
        for g, reach in misses:
            if reach:
                reachable_fn.append((name, g))
            else:
                unreachable += 1

    print(f"{'rule':<34} {'fire':>4} {'docs':>4} {'tp':>4} {'P':>5} {'ent':>4} {'rel':>4}  conf")
    for rule, s in sorted(stats.items(), key=lambda kv: (kv[0].split(":")[0], -kv[1]["fire"])):
        p = s["tp"] / s["fire"] if s["fire"] else 0.0
        conf = ",".join(f"{c:g}" for c in sorted(s["conf"])[:3])
        counts = f"{s['fire']:>4} {len(s['docs']):>4} {s['tp']:>4} {p:>5.2f} {s['ent']:>4} {s['rel']:>4}"
        print(f"{rule:<34} {counts}  {conf}")
    tp = sum(s["tp"] for s in stats.values())
    fire = sum(s["fire"] for s in stats.values())
    print(f"{'ALL':<34} {fire:>4} {len(golds):>4} {tp:>4} {tp / max(fire, 1):>5.2f}   gold={n_gold} "
          f"missed with both ends found={len(reachable_fn)}, with an end not found={unreachable}")
    if args.calibrate:
        print(calibration(stats))
    if args.by_confidence:
        print("\nthreshold  pred   tp     P     R    F1")
        for th in sorted({c for c, _ in by_conf}):
            kept = [ok for c, ok in by_conf if c >= th]
            t = sum(kept)
            p, r = t / max(len(kept), 1), t / max(n_gold, 1)
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{th:>9.3f} {len(kept):>5} {t:>4} {p:>5.3f} {r:>5.3f} {f:>5.3f}")
    if args.fp is not None:
        for name, r, v in wrong:
            print(f"{name}\t{v}\t{r['rule']}\t{r['head']} -{r['relation']}-> {r['tail']}\t{r.get('evidence', '')[:80]}")
    if args.fn:
        for name, g in reachable_fn:
            print(f"{name}\tFN\t{g['head']} -{g['relation']}-> {g['tail']}\t{g.get('evidence', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

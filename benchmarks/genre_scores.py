"""Scores of the development articles by genre: the quality issue asks that no genre fall below relation F1 0.50.

    .venv/bin/python -m benchmarks.genre_scores                       # extracts dev (texts beside the repository)
    .venv/bin/python -m benchmarks.genre_scores --pred extraction.jsonl

The genre of each article is read from the genre column of ../shared/eval/dev/SOURCES.md by its opening words
(annual review, ranking, chain leader, supply chain, project, university, policy, honours, people), so the table
follows that file rather than a list kept here. Each genre's documents are scored by the shared scorer itself
(loaded by path), exactly as the whole set is.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from kg.extraction.calibrate import load_scorer

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

# A genre cell's opening words name its genre (what follows them is the article's particulars).
GENRES = (
    ("annual reports", re.compile(r"^(park (annual|half-year) review|park feature|(district|city) 政府工作报告)")),
    ("rankings", re.compile(r"^ranking")),
    ("chain leaders", re.compile(r"^(city 主导产业 and its chain leader|链主企业|龙头企业)")),
    ("supply chains", re.compile(r"^supply chain")),
    ("projects and signings", re.compile(r"^(new production base|project|集中开工|investment signing)")),
    ("university cooperation", re.compile(r"^university")),
    ("policy", re.compile(r"^policy")),
    ("honours", re.compile(r"^honours")),
    ("people and roles", re.compile(r"^people")),
)


def genres_of_dev(sources: Path) -> dict[str, str]:
    """Document file name -> genre, from the SOURCES.md table."""
    out: dict[str, str] = {}
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not re.fullmatch(r"d\d+", cells[0]):
            continue
        genre = next((name for name, pattern in GENRES if pattern.search(cells[2])), "other")
        out[f"{cells[0]}.txt"] = genre
    return out


def read_predictions(pred: Path) -> dict[str, dict]:
    records = (json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines() if line.strip())
    return {Path(record["doc"]).name: record for record in records}


def extract_dev(texts: Path) -> dict[str, dict]:
    """The records `kg extract` would write for the dev texts, made in this process."""
    from kg.building import pipeline
    from kg.text import documents

    return {ex.document.name: pipeline.jsonl_record(ex)
            for ex in pipeline.extract_paths(documents.find_inputs([texts]))}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.genre_scores", description=__doc__.split("\n\n")[0])
    p.add_argument("--pred", type=Path, help="an extraction.jsonl to score (default: extract dev now)")
    args = p.parse_args(argv)
    if not (DEV / "SOURCES.md").is_file() or not SCORER.is_file():
        print(f"no development set beside the repository ({DEV})", file=sys.stderr)
        return 2
    scorer = load_scorer(SCORER)
    genres = genres_of_dev(DEV / "SOURCES.md")
    preds = read_predictions(args.pred) if args.pred else extract_dev(DEV / "texts")
    print(f"{'genre':<24} {'docs':>4}  {'entity F1':>9}  {'relation P / R / F1':>21}  {'fact F1':>7}")
    worst = 1.0
    for genre in dict.fromkeys(g for g in (name for name, _ in GENRES) if g in genres.values()):
        docs = sorted(d for d, g in genres.items() if g == genre)
        gold = {d: scorer.Doc(json.loads((DEV / "gold" / f"{d}.json").read_text(encoding="utf-8"))) for d in docs}
        ent, _, rel, fact, _ = scorer.score(gold, {d: preds.get(d, {}) for d in docs})
        e = scorer.prf(*[sum(c[i] for c in ent.values()) for i in range(3)])
        r = scorer.prf(*[sum(c[i] for c in rel.values()) for i in range(3)])
        f = scorer.prf(*fact)
        worst = min(worst, r[2])
        print(f"{genre:<24} {len(docs):>4}  {e[2]:>9.3f}  {r[0]:>6.3f} / {r[1]:.3f} / {r[2]:.3f}  {f[2]:>7.3f}"
              f"  ({', '.join(d.removesuffix('.txt') for d in docs)})")
    print(f"lowest genre relation F1: {worst:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

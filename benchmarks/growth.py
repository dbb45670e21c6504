"""Growth of extraction time with the length of one document, whatever its punctuation.

    .venv/bin/python -m benchmarks.growth                                  # 20k 40k 80k 160k, every shape
    .venv/bin/python -m benchmarks.growth --sizes 20000 40000 --shapes unpunctuated --limit 60

Text pulled out of PDF tables and lists often has no sentence punctuation: a whole document is one sentence (or
one line). Each stage must stay near-linear in the length of a document and of a sentence, so doubling the size
should about double the time (ratio ~2; a quadratic stage gives ~4). The text is written by benchmarks.corpus
(synthetic articles) and then reshaped:

  punctuated    the articles as written (the control)
  unpunctuated  every punctuation mark and line break removed: one sentence of N characters
  comma         every punctuation mark and line break made a full-width comma
  space         every punctuation mark and line break made a space
  newline       every punctuation mark made a line break (one short line per clause)

Each (shape, size) runs in its own process with a time limit, so a quadratic stage shows as "> limit" rather than
hanging the benchmark; the table gives CPU seconds per stage (CPU time, not wall time, so that other work on a
shared machine disturbs the figures less), the total, peak memory and the ratio to the size before.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ("punctuated", "unpunctuated", "comma", "space", "newline")
STAGES = ("document", "recognise", "document_pass", "resolve", "relations", "calibrate", "facts")
# Punctuation of the articles: CJK punctuation, full-width forms that are not letters or digits, ASCII marks.
PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
                         r"“”‘’…—·!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]")


def text_of(shape: str, size: int, seed: int = 1) -> str:
    """`size` characters of synthetic articles in the given shape."""
    from benchmarks.corpus import article

    pieces: list[str] = []
    total = index = 0
    while total < size * 2:  # punctuation removed shrinks the text: take enough
        piece = article(seed, index)
        pieces.append(piece)
        total += len(piece)
        index += 1
    text = "\n".join(pieces)
    if shape == "unpunctuated":
        text = PUNCTUATION.sub("", text).replace("\n", "").replace(" ", "")
    elif shape == "comma":
        text = PUNCTUATION.sub("，", text.replace("\n", "，"))
    elif shape == "space":
        text = PUNCTUATION.sub(" ", text.replace("\n", " "))
    elif shape == "newline":
        text = PUNCTUATION.sub("\n", text)
    elif shape != "punctuated":
        raise ValueError(f"unknown shape {shape}")
    return text[:size]


def measure_one(shape: str, size: int) -> dict:
    """Seconds per stage of extracting one document of `size` characters (run in a process of its own)."""
    import resource

    from kg.extraction import calibrate, facts, recognize, relations, resolve
    from kg.extraction.lexicon import load
    from kg.text import documents

    text = text_of(shape, size)
    lex = load()
    recognize.tokenize("园区")  # jieba's dictionary, loaded before timing
    seconds: dict[str, float] = {}
    started = time.process_time()
    doc = documents.make_document("growth.txt", "growth.txt", text.encode("utf-8"))
    seconds["document"] = time.process_time() - started
    t = time.process_time()
    mentions = recognize.recognise(doc)
    seconds["recognise"] = time.process_time() - t
    t = time.process_time()
    mentions, aliases = recognize.document_pass(doc, mentions, lex)
    seconds["document_pass"] = time.process_time() - t
    t = time.process_time()
    entities, resolved = resolve.document_entities(mentions, aliases, lex)
    seconds["resolve"] = time.process_time() - t
    t = time.process_time()
    rels, topics = relations.extract(doc, mentions, entities, resolved)
    seconds["relations"] = time.process_time() - t
    t = time.process_time()
    rels = calibrate.rescore(rels, doc, mentions, entities, resolved, topics)
    seconds["calibrate"] = time.process_time() - t
    t = time.process_time()
    facts.extract(doc, mentions, resolved, topics)
    seconds["facts"] = time.process_time() - t
    seconds["total"] = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "sentences": len(doc.sentences), "mentions": len(mentions),
            "relations": len(rels), "peak_mb": peak_mb}


def run_case(shape: str, size: int, limit: float) -> dict | None:
    """measure_one in a fresh process; None when it ran past `limit` seconds (and was stopped)."""
    code = ("import json, sys; from benchmarks.growth import measure_one; "
            f"print(json.dumps(measure_one({shape!r}, {size})))")
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.growth", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[20_000, 40_000, 80_000, 160_000], metavar="N",
                   help="document lengths in characters (default: 20000 40000 80000 160000)")
    p.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES), help="which shapes (default: all)")
    p.add_argument("--limit", type=float, default=120.0, metavar="S",
                   help="seconds one case may take before it is stopped (default: 120)")
    args = p.parse_args(argv)
    header = f"{'shape':<13}{'chars':>8}{'sents':>7}" + "".join(f"{s[:9]:>10}" for s in STAGES) + \
        f"{'total s':>9}{'ratio':>7}{'MB':>6}"
    print(header)
    for shape in args.shapes:
        previous: float | None = None
        for size in args.sizes:
            result = run_case(shape, size, args.limit)
            if result is None:
                print(f"{shape:<13}{size:>8}{'':>7}" + f"{'':>10}" * len(STAGES) + f"{'>' + str(args.limit):>9}",
                      flush=True)
                break  # a bigger size would only take longer
            s = result["seconds"]
            ratio = f"{s['total'] / previous:.2f}" if previous else ""
            print(f"{shape:<13}{size:>8}{result['sentences']:>7}" + "".join(f"{s[st]:>10.2f}" for st in STAGES)
                  + f"{s['total']:>9.2f}{ratio:>7}{result['peak_mb']:>6.0f}", flush=True)
            previous = s["total"]
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction throughput against jieba's own segmentation of the same text, on one core.

    .venv/bin/python -m benchmarks.extraction_throughput                  # 300 generated articles
    .venv/bin/python -m benchmarks.extraction_throughput --articles 2000 --seeds seeds/

The text is articles from benchmarks.corpus (and, with --seeds, the files of a folder too). Every figure is
characters per second of the same documents, measured in this process pinned to one CPU:

- jieba.lcut          jieba's default (accurate, HMM) segmentation, pure Python: the baseline of the ratio;
- jieba.posseg.lcut   segmentation with part-of-speech tags (what recognition needs);
- kg.segment          the tokenizer recognition uses (a fast engine when installed, else jieba.posseg);
- extraction          kg.pipeline.extract_document per document: recognition, relations, facts, resolution.

Loading jieba's dictionary and the project's lexicons happens first and is reported on its own line; the
ratio extraction / jieba.lcut is what the issue asks to be at least 1.0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import article


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def _rate(texts: list[str], work: Callable[[str], object], repeats: int) -> float:
    """Characters per second of `work` over all texts, the median of `repeats` passes."""
    chars = sum(len(t) for t in texts)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            work(text)
        times.append(time.perf_counter() - started)
    return chars / statistics.median(times)


def measure(articles: int, seeds: Path | None, repeats: int, seed: int = 1) -> list[tuple[str, float]]:
    """(label, chars/s) for each engine and for the whole extraction, plus the load times."""
    from kg import documents

    docs = [documents.make_document(f"{i:06d}.txt", f"{i:06d}.txt", article(seed, i).encode("utf-8"))
            for i in range(articles)]
    if seeds:
        docs += [documents.read_document(p) for p in documents.find_inputs([seeds])]
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    print(f"{len(docs)} documents, {chars} characters; {_pin_to_one_core()}", file=sys.stderr)

    started = time.perf_counter()
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba_load = time.perf_counter() - started
    started = time.perf_counter()
    from kg import pipeline, recognize
    from kg.lexicon import load

    load()
    recognize.tokenize("预热")  # jieba's dictionary with the project's user words (and the fast engine's copy)
    kg_load = time.perf_counter() - started
    # Warm-up on other articles, so regular expressions and lazily built tables exist before timing.
    for i in range(articles, articles + 5):
        pipeline.extract_document(documents.make_document("w.txt", "w.txt", article(seed, i).encode("utf-8")))

    rows: list[tuple[str, float]] = [("load: jieba dictionary (s)", jieba_load),
                                     ("load: kg lexicons + user words + tokenizer (s)", kg_load)]
    lcut = _rate(texts, jieba.lcut, repeats)
    rows.append(("jieba.lcut (chars/s)", lcut))
    rows.append(("jieba.posseg.lcut (chars/s)", _rate(texts, jieba.posseg.lcut, 1)))
    try:
        from kg import segment
    except ImportError:  # a version of kg from before kg.segment
        segment = None
    if segment is not None:
        # Cold: the cache of unknown-character runs is emptied first, as for text never seen before.
        segment._unknown_run.cache_clear()
        rows.append((f"kg.segment.tag [{segment.engine_name()}] (chars/s)", _rate(texts, segment.tag, 1)))
        segment._unknown_run.cache_clear()
    by_text = dict(zip(texts, docs, strict=False))
    # One pass: extraction's caches start as cold as they would on new text.
    extraction = _rate(texts, lambda t: pipeline.extract_document(by_text[t]), 1)
    rows.append(("extraction (chars/s)", extraction))
    rows.append(("ratio extraction / jieba.lcut (goal >= 1.0)", extraction / lcut))
    return rows


def report(rows: list[tuple[str, float]]) -> str:
    lines = ["Extraction throughput (one core)"]
    for label, value in rows:
        shown = f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
        lines.append(f"  {label:<60} {shown:>14}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=300, help="generated articles to process (default: 300)")
    p.add_argument("--seeds", type=Path, help="also process the documents in this folder")
    p.add_argument("--repeats", type=int, default=3, help="passes per engine; the median is reported (default: 3)")
    args = p.parse_args(argv)
    print(report(measure(args.articles, args.seeds, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Building the graph from Python: `build()` writes every output of `kg build` into a folder and returns a
BuildReport; `extract()` gives the extractions alone, `extract_jsonl()` writes them as `kg extract` does. The two
commands are these functions and a print of their report, so a notebook or a test builds exactly what `kg build`
builds. Progress, each stage and each file left out are told on stderr as they happen, as the commands do.

The heavy parts (rdflib, Oxigraph, the extractor's lexicons) are imported only when a function runs, so importing
this module costs nothing a command does not use."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.model import DEFAULT_MIN_CONFIDENCE, PAGE_NODE_LIMIT

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from concurrent.futures import ProcessPoolExecutor
    from typing import Any

    from kg.building.pipeline import CorpusExtraction, ExtractionCache, JsonlLines
    from kg.model import Entity, Extraction
    from kg.text.dates import DateCount

    # The documents to read: files or folders, or one alone.
    Sources = Iterable[str | Path] | str | Path

# Exit status of a build or extraction that wrote its outputs but left out input files it could not read.
EXIT_SKIPPED = 3

# Resident memory of one extraction worker (measured: about 230 MB with jieba's dictionary and the lexicons).
WORKER_MB = 250

# The clock of the stage lines: seconds since kg was imported (for `kg build`, about when the command started).
_STARTED = time.perf_counter()


EXECUTORS = ("local", "dask")


def check_executor(executor: str, scheduler: str | None) -> None:
    """An executor kg has, with the scheduler address Dask needs."""
    if executor not in EXECUTORS:
        raise KgError(f"--executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    if executor == "dask" and not scheduler:
        raise KgError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")


def check_min_confidence(value: float) -> None:
    """--min-confidence is a confidence: from 0 to 1."""
    if not 0.0 <= value <= 1.0:
        raise KgError(f"--min-confidence must be between 0 and 1, not {value:g}")


@dataclass(frozen=True)
class ExtractOptions:
    """How the documents are extracted (the options `kg build` and `kg extract` share)."""

    jobs: int = 1
    executor: str = "local"  # "local" processes or "dask"
    scheduler: str | None = None  # with executor "dask": the scheduler's address
    date_from_name: bool = False  # date a document by the date its file name starts with, unless it gives one
    strict: bool = False  # stop at the first file that is not readable text instead of skipping it
    min_confidence: float = DEFAULT_MIN_CONFIDENCE  # relations below it are weak: kept out of the graph

    def check(self) -> None:
        """Refuse options no extraction can run with, before anything is read or written."""
        check_min_confidence(self.min_confidence)


@dataclass(frozen=True)
class BuildOptions(ExtractOptions):
    """How the graph is built and drawn, besides how its documents are extracted."""

    lang: str = "zh"  # language of the network page's labels
    max_nodes: int = PAGE_NODE_LIMIT  # most entities drawn on the network page
    reuse_cache: bool = True  # reuse the extractions in OUT/cache/ of documents with the same content
    wait: bool = False  # when another build writes into the same folder, wait for it instead of stopping

    def check(self) -> None:
        if self.max_nodes < 1:
            raise KgError(f"--max-nodes must be 1 or more, not {self.max_nodes}")
        super().check()


@dataclass(frozen=True)
class InputReport:
    """What an extraction left out or found empty, and the documents' dates."""

    documents: int
    skipped: tuple[tuple[Path, str], ...]  # (file, why it was not read)
    duplicates: tuple[tuple[Path, Path], ...]  # (file, the earlier file with the same content)
    empty: tuple[str, ...]  # documents with no text
    without_entities: tuple[str, ...]  # documents with text in which nothing was recognised
    dates: DateCount  # documents by the route their date came from, and those without one
    weak_relations: int  # relations below min_confidence (extraction.jsonl's weak_relations)
    min_confidence: float

    @property
    def dated(self) -> int:
        return sum(self.dates.routes.values())

    @property
    def undated(self) -> tuple[str, ...]:
        return tuple(self.dates.undated)

    @property
    def exit_code(self) -> int:
        """0, or EXIT_SKIPPED when input files were left out for not being readable text."""
        return EXIT_SKIPPED if self.skipped else 0

    def input_lines(self) -> list[str]:
        """Summary lines on what was left out or found empty; none when every input was a normal document."""
        lines = []
        if self.skipped:
            lines.append(f"skipped:   {len(self.skipped)}  " + ", ".join(p.name for p, _ in self.skipped)
                         + " (not readable text; see above)")
        if self.duplicates:
            pairs = ", ".join(f"{p.name} = {o.name}" for p, o in self.duplicates)
            lines.append(f"duplicates: {len(self.duplicates)}  {pairs} (left out of the outputs)")
        if self.empty:
            lines.append(f"empty:     {len(self.empty)}  " + ", ".join(self.empty))
        if self.without_entities:
            lines.append(f"no entities: {len(self.without_entities)}  " + ", ".join(self.without_entities))
        return lines

    def weak_line(self, where: str) -> str:
        """The summary line on the relations left out of the graph and the evaluation `relations` for being weak."""
        return (f"weak:      {self.weak_relations} relations below confidence {self.min_confidence:g}: as "
                f"weak_relations in {where} (--min-confidence moves the line)")


@dataclass(frozen=True)
class ExtractReport(InputReport):
    """What `extract_jsonl()` wrote."""

    output: Path

    def summary_lines(self) -> list[str]:
        """The lines `kg extract` prints on stderr."""
        lines = [*self.input_lines(), self.dates.summary()]
        if self.weak_relations:
            lines.append(self.weak_line(f"{self.output.name}, not scored"))
        lines.append(f"{self.documents} documents -> {self.output}")
        return lines


@dataclass(frozen=True)
class BuildReport(InputReport):
    """What `build()` wrote: the numbers and the files `kg build` prints in its summary."""

    out: Path
    extracted: int  # documents extracted in this build
    reused: int  # documents whose extraction came from OUT/cache/
    reuse_cache: bool
    entities: dict[str, int]  # merged entities by type
    relations: dict[str, int]  # relation assertions by relation name (weak ones included)
    facts: int
    triples: int  # triples in the store and graph.ttl
    changes: dict[str, Any]  # the comparison with the graph the build replaced, as in changes.json
    outputs: dict[str, Path]  # each output by its name: graph.ttl, graph.html, extraction.jsonl, changes.json, store
    timings: dict[str, float] = field(default_factory=dict)  # seconds each stage took, by the stage's line
    seconds: float = 0.0
    peak_memory_mb: float = 0.0  # this process
    largest_worker_mb: float = 0.0  # the largest finished child process (an extraction worker), 0 when none

    def summary_lines(self) -> list[str]:
        """The summary `kg build` prints on stdout."""
        from kg.building import changes

        out = self.out
        lines = [f"documents: {self.documents}", *self.input_lines(), self.dates.summary()]
        lines.append(f"extracted: {self.extracted}  (--no-cache)" if not self.reuse_cache
                     else f"extracted: {self.extracted}  reused {self.reused} from {out}/cache/")
        lines.append(f"entities:  {sum(self.entities.values())}  "
                     + ", ".join(f"{t} {n}" for t, n in sorted(self.entities.items())))
        lines.append(f"relations: {sum(self.relations.values())}  "
                     + ", ".join(f"{t} {n}" for t, n in sorted(self.relations.items())))
        if self.weak_relations:
            lines.append(self.weak_line("extraction.jsonl, not in the graph"))
        lines.append(f"facts:     {self.facts}")
        lines.append(f"triples:   {self.triples}")
        lines.append(changes.summary_line(self.changes, f"{out}/{changes.CHANGES_FILE}"))
        lines.append(f"outputs:   {out}/graph.ttl, {out}/graph.html, {out}/extraction.jsonl, "
                     f"{out}/{changes.CHANGES_FILE}, {out}/store/")
        lines.append(f"memory:    {self.peak_memory_mb:.0f} MB peak"
                     + (f", largest worker {self.largest_worker_mb:.0f} MB" if self.largest_worker_mb else ""))
        lines.append(f"seconds:   {self.seconds:.2f}")
        return lines


# ------------------------------------------------------------------------------------------------- the public API


def _source_paths(sources: Sources) -> list[Path]:
    """The sources as paths; one file or folder may be given alone."""
    if isinstance(sources, (str, os.PathLike)):
        return [Path(sources)]
    return [Path(s) for s in sources]


def build(sources: Sources, out: str | Path = "out", *, jobs: int = 1, executor: str = "local",
          scheduler: str | None = None, lang: str = "zh", max_nodes: int = PAGE_NODE_LIMIT,
          min_confidence: float = DEFAULT_MIN_CONFIDENCE, date_from_name: bool = False, strict: bool = False,
          reuse_cache: bool = True, wait: bool = False) -> BuildReport:
    """Build the graph of the documents in `sources` (files or folders of .txt/.md) into the folder `out`: the
    store, graph.ttl, graph.html, extraction.jsonl and changes.json, as `kg build` does (the keywords are its
    options). The outputs are replaced together at the end, so a failed build leaves the previous ones.
    Raises KgError (with the message `kg build` prints) on bad options or input."""
    options = BuildOptions(jobs=jobs, executor=executor, scheduler=scheduler, date_from_name=date_from_name,
                           strict=strict, min_confidence=min_confidence, lang=lang, max_nodes=max_nodes,
                           reuse_cache=reuse_cache, wait=wait)
    return build_with(options, _source_paths(sources), out)


def extract(sources: Sources, *, jobs: int = 1, executor: str = "local", scheduler: str | None = None,
            date_from_name: bool = False, strict: bool = False) -> list[Extraction]:
    """The extraction of each document in `sources`, in input order, with nothing written. Each relation keeps
    its confidence: the weak ones (below the build's min_confidence) are there too."""
    options = ExtractOptions(jobs=jobs, executor=executor, scheduler=scheduler, date_from_name=date_from_name,
                             strict=strict)
    run, _ = _extract_sources(options, _source_paths(sources))
    return list(run.extractions)


def extract_jsonl(sources: Sources, output: str | Path, *, jobs: int = 1, executor: str = "local",
                  scheduler: str | None = None, date_from_name: bool = False, strict: bool = False,
                  min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> ExtractReport:
    """Write the extraction of `sources` into `output` as JSON Lines (the evaluation format), as `kg extract`."""
    options = ExtractOptions(jobs=jobs, executor=executor, scheduler=scheduler, date_from_name=date_from_name,
                             strict=strict, min_confidence=min_confidence)
    return extract_jsonl_with(options, _source_paths(sources), Path(output))


def open_graph(out: str | Path = "out", *, rdflib: bool = False) -> Any:
    """The graph a build wrote into `out`: its store, opened read-only as kg's commands open it (pyoxigraph;
    `kg.store.store.run_query` runs SPARQL on it), or with `rdflib` an rdflib Graph parsed from graph.ttl."""
    from kg.building import outfolder

    folder = outfolder.check_out_argument(out, root_ok=True)
    if rdflib:
        from rdflib import Graph

        turtle = folder / "graph.ttl"
        if not turtle.is_file():
            raise KgError(f"no graph in {folder}: {turtle} does not exist; build one with kg build")
        return Graph().parse(turtle, format="turtle")
    from kg.store import store

    return store.open_store(folder / "store")


# ------------------------------------------------------------------------------------------------- extraction


def _progress(i: int, n: int, name: str) -> None:
    if sys.stderr.isatty() or n >= 20:
        print(f"\r[{i}/{n}] {name[:60]:<60}", end="" if i < n else "\n", file=sys.stderr, flush=True)


class _Stages:
    """One line on stderr as each long stage of a build starts, with the seconds since kg started; keeps how
    long each stage took for the report."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def __call__(self, message: str) -> None:
        now = time.perf_counter()
        self._close(now)
        self._current = (message, now)
        print(f"kg: {message} (at {now - _STARTED:.1f} s)", file=sys.stderr, flush=True)

    def _close(self, now: float) -> None:
        if self._current is not None:
            name, began = self._current
            self.timings[name] = now - began
            self._current = None

    def done(self) -> dict[str, float]:
        self._close(time.perf_counter())
        return self.timings


def _peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child (the extraction workers), in MB."""
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, kilobytes on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return own, children


def _inputs(options: ExtractOptions, sources: list[Path], out: Path | None = None) -> tuple[list[Path], int]:
    """The input files and the number of jobs to read them with, the extraction options checked before anything
    is read or written; never a file of an output folder of kg (`out`, or any folder with kg's marker)."""
    from kg.building import outfolder
    from kg.text import documents

    if options.jobs < 1:
        raise KgError(f"--jobs must be 1 or more, not {options.jobs}")
    check_executor(options.executor, options.scheduler)
    paths = documents.find_inputs(sources, skip=[out] if out is not None else ())
    own = [src for src in sources if out is not None and src.is_dir()
           and (src.resolve() == out.resolve() or outfolder.is_output_folder(src))]
    if not paths and own:
        what = "the --out folder" if out is not None and own[0].resolve() == out.resolve() else "an output folder of kg"
        raise KgError(f"no documents to read: {own[0]} is {what}, whose files kg never reads as input; write the "
                      "outputs elsewhere with --out")
    if not paths:
        raise KgError(f"no .txt or .md documents found in {', '.join(map(str, sources))}")
    return paths, _capped_jobs(options.jobs, len(paths))


def _capped_jobs(requested: int, documents: int) -> int:
    """--jobs within what helps and what the machine holds: more workers than documents or cores only cost
    memory, so the number is capped (and stderr says so); a number whose workers the memory cannot hold is
    refused."""
    from kg.building import resources

    cores = resources.usable_cores()
    jobs = min(requested, cores, max(documents, 1))
    if jobs < requested:
        print(f"kg: --jobs {requested} capped to {jobs} ({cores} core{'s' if cores != 1 else ''}, {documents} "
              f"document{'s' if documents != 1 else ''})", file=sys.stderr)
    resources.check_memory_for(jobs, WORKER_MB, "--jobs", "worker processes")
    return jobs


def _extract_sources(options: ExtractOptions, sources: list[Path], out: Path | None = None,
                     cache: ExtractionCache | None = None, stage: _Stages | None = None,
                     lines: JsonlLines | None = None) -> tuple[CorpusExtraction, int]:
    """Extract the inputs, reporting on stderr each file skipped and each duplicate; returns the extraction and
    the number of jobs it ran with."""
    paths, jobs = _inputs(options, sources, out)
    return _extract_paths(options, paths, jobs, cache, stage or _Stages(), lines), jobs


def _extract_paths(options: ExtractOptions, paths: list[Path], jobs: int, cache: ExtractionCache | None,
                   stage: _Stages, lines: JsonlLines | None = None) -> CorpusExtraction:
    from kg.building import pipeline

    run = pipeline.extract_corpus(paths, jobs=jobs, executor=options.executor, scheduler=options.scheduler,
                                  cache=cache, strict=options.strict, progress=_progress, stage=stage, lines=lines)
    run.extractions.dated_by_name = options.date_from_name
    for path, reason in run.skipped:
        print(f"kg: skipped {path}: {reason.removeprefix(f'{path}: ')}", file=sys.stderr)
    for path, original in run.duplicates:
        print(f"kg: {path} has the same content as {original}: extracted once, as {original.name}", file=sys.stderr)
    if not run.extractions:
        raise KgError(f"no document could be read ({len(run.skipped)} skipped); nothing was written")
    return run


def _input_fields(run: CorpusExtraction, dated: DateCount, weak: int, min_confidence: float) -> dict[str, Any]:
    return {"documents": len(run.extractions), "skipped": tuple(run.skipped), "duplicates": tuple(run.duplicates),
            "empty": tuple(run.empty), "without_entities": tuple(run.without_entities), "dates": dated,
            "weak_relations": weak, "min_confidence": min_confidence}


def extract_jsonl_with(options: ExtractOptions, sources: list[Path], output: Path) -> ExtractReport:
    """`extract_jsonl()` with its options gathered (what `kg extract` calls)."""
    from kg.building import pipeline
    from kg.text import dates

    options.check()
    # Each document's line is made where it is extracted (in the workers, with --jobs), only written here.
    run, _ = _extract_sources(options, sources,
                              lines=pipeline.JsonlLines(options.min_confidence, options.date_from_name))
    dated = dates.DateCount()
    for name, date, route in run.dated:
        dated.count(name, date, route)
    try:
        pipeline.write_lines(run.lines, output)
    except OSError as exc:
        raise KgError(f"--output {output}: cannot write it ({exc.strerror or exc})") from exc
    return ExtractReport(**_input_fields(run, dated, run.weak, options.min_confidence), output=output)


# ------------------------------------------------------------------------------------------------- the build


def _start_side_process(build_pid: int) -> None:
    """The side process imports what its tasks need as it starts, while the build is still loading the store."""
    import importlib

    from kg.building.processes import start_as_helper

    start_as_helper(build_pid)
    for module in ("kg.building.pipeline", "kg.viz"):
        importlib.import_module(module)


@contextlib.contextmanager
def _side_process() -> Iterator[ProcessPoolExecutor]:
    """One fresh process for work beside the build's own (spawned: not a copy of the build's memory), stopped
    with the build and gone when the build is killed."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_side_process, initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _write_outputs(options: BuildOptions, jobs: int, run: CorpusExtraction, entities: dict[str, Entity],
                   staging: Path, previous_store: Path, stage: _Stages) -> tuple[int, int, dict[str, Any]]:
    """Write every output into `staging`; returns the store's triple count, the weak relations' count and the
    changes from the build in `previous_store` (written to changes.json).

    With more than one job, that many processes write the triples in parts that this one loads into the store as
    they come, while a side process writes extraction.jsonl and reads what the previous store holds (the store is
    replaced only at the end); then the side process draws the network page (which reads the finished store) while
    this one dumps the store to graph.ttl and compares it with the previous one (the page takes longer than
    either). First and last seen (kg.text.dates) and the chain layer (kg.chains.chains) are added to the store once
    the extraction's triples are in."""
    from kg import viz
    from kg.building import changes, graph, pipeline
    from kg.chains import chains
    from kg.store import store
    from kg.text import dates

    def compare(previous: changes.Previous | None = None) -> dict[str, Any]:
        change_set = changes.compare_stores(previous_store, staging / "store", previous=previous)
        changes.write_changes(change_set, staging / changes.CHANGES_FILE)
        return change_set

    min_confidence = options.min_confidence
    page_args = (staging / "store", staging / "graph.html", options.lang, options.max_nodes)
    if jobs <= 1:
        stage("loading the store, writing extraction.jsonl")
        with pipeline.JsonlFile(staging / "extraction.jsonl", min_confidence) as jsonl:
            quads = graph.corpus_triples(jsonl.passing(run.extractions), entities, min_confidence=min_confidence)
            store.build_store_from_triples(quads, staging / "store")
        weak = jsonl.weak
        dates.add_first_last_seen(staging / "store")
        stage("placing firms on the industrial chains")
        triples = chains.add_chain_layer(staging / "store")
        stage("writing graph.ttl")
        store.write_turtle(staging / "store", staging / "graph.ttl")
        stage("drawing the network page")
        viz.draw_store_page(*page_args)
        stage("comparing with the graph it replaces")
        return triples, weak, compare()
    # The part writers are forked first, before the side process's threads exist.
    with graph.TriplePartFiles(run.extractions, entities, staging / "parts", jobs, min_confidence) as parts, \
            _side_process() as side:
        stage(f"loading the store from {jobs} triple writers, writing extraction.jsonl and reading the graph it "
              "replaces beside")
        jsonl = side.submit(pipeline.write_jsonl, run.extractions, staging / "extraction.jsonl", min_confidence)
        previous = side.submit(changes.read_previous, previous_store)
        store.build_store_from_files(parts, staging / "store")  # the writers end with the last part
        dates.add_first_last_seen(staging / "store")
        stage("placing firms on the industrial chains")
        triples = chains.add_chain_layer(staging / "store")
        stage("writing graph.ttl, drawing the network page beside")
        page = side.submit(viz.draw_store_page, *page_args)
        store.write_turtle(staging / "store", staging / "graph.ttl")
        stage("comparing with the graph it replaces, drawing the network page beside")
        change_set = compare(previous.result())
        weak = jsonl.result()
        page.result()
    return triples, weak, change_set


@contextlib.contextmanager
def _output_folder(out: Path, wait: bool) -> Iterator[Path]:
    """The output folder, claimed for this build (refused when kg did not make it) and locked while it writes;
    what a killed build left in it is removed first. Yields the (absent) staging folder's path."""
    import shutil

    from kg.building import outfolder
    from kg.store import store

    outfolder.claim(out)
    lock = outfolder.BuildLock(out)
    lock.acquire(wait=wait, on_wait=lambda pid: print(
        f"kg: waiting for the kg build (process {pid}) writing into {out}", file=sys.stderr, flush=True))
    with lock:
        outfolder.claim(out)  # again: the build that held the lock may have changed the folder
        store.check_store_target((out / "store").absolute())
        staging = out / outfolder.STAGING
        if staging.exists():
            shutil.rmtree(staging)  # checked by claim: it holds only what kg writes
        store.remove_leftovers(out / "store")
        yield staging


def build_with(options: BuildOptions, sources: list[Path], out: str | Path) -> BuildReport:
    """`build()` with its options gathered (what `kg build` calls)."""
    from kg.building import outfolder

    started = time.perf_counter()
    folder = outfolder.check_out_argument(out)
    options.check()
    paths, jobs = _inputs(options, sources, folder)
    with _output_folder(folder, options.wait) as staging:
        return _build_into(options, paths, jobs, folder, staging, started)


def _build_into(options: BuildOptions, paths: list[Path], jobs: int, out: Path, staging: Path,
                started: float) -> BuildReport:
    import shutil

    from kg.building import changes, outfolder, pipeline
    from kg.extraction import resolve
    from kg.store import store
    from kg.text import dates

    store_dir = out / "store"
    stage = _Stages()
    # The cache is written even with --no-cache: the later stages read each document's records back from it.
    cache = pipeline.ExtractionCache(out / "cache", reuse=options.reuse_cache)
    run = _extract_paths(options, paths, jobs, cache, stage)
    stage("merging entities")
    dated = dates.DateCount()
    entities = resolve.merge_corpus(dated.counting(run.extractions.collapsed()))
    # Everything is written into the staging folder and moved into place at the end, so a failed or interrupted
    # build leaves the previous outputs and store as they were (a killed one leaves the staging folder, which
    # the next build removes).
    outfolder.make_staging(out)
    files = ("graph.ttl", "extraction.jsonl", "graph.html", changes.CHANGES_FILE)
    try:
        triples, weak, change_set = _write_outputs(options, jobs, run, entities, staging, store_dir, stage)
        for name in files:
            (staging / name).replace(out / name)
        store.install_store(staging / "store", store_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    cache.prune()
    timings = stage.done()
    seconds = time.perf_counter() - started
    own_mb, worker_mb = _peak_memory_mb()
    return BuildReport(
        **_input_fields(run, dated, weak, options.min_confidence),
        out=out, extracted=run.extracted, reused=run.reused, reuse_cache=options.reuse_cache,
        entities=dict(Counter(e.type for e in entities.values())), relations=dict(run.relations), facts=run.facts,
        triples=triples, changes=change_set, outputs={**{name: out / name for name in files}, "store": store_dir},
        timings=timings, seconds=seconds, peak_memory_mb=own_mb, largest_worker_mb=worker_mb)

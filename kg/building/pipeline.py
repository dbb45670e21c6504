"""The pipeline, one stage after another: documents -> mentions -> entities -> relations and facts.

Extraction is per document, so a corpus is extracted file by file: in this process, in a pool of local worker
processes (`jobs`), or on a Dask cluster, with each file's result cached by its content hash. What comes back is
a slim `Extraction` (the document's text is dropped once the evidence sentences are kept); it goes to the cache and
is read back one file at a time by the later stages, so a build holds one document's records at once.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from importlib import metadata
from pathlib import Path

from kg import __version__
from kg.building import outfolder, processes
from kg.building.building import check_executor
from kg.errors import InputError, KgError
from kg.extraction import calibrate, facts, recognize, relations, resolve
from kg.extraction.lexicon import LEXICON_DIR, load
from kg.model import (
    DEFAULT_MIN_CONFIDENCE,
    Document,
    Entity,
    Extraction,
    Fact,
    Mention,
    Relation,
    Sentence,
    confident_enough,
)
from kg.text import dates, documents, segment

# The modules whose code decides what is extracted from a document: a change to any of them invalidates the cache.
# Paths from kg/, without .py.
EXTRACTION_MODULES = ("text/documents", "text/dates", "extraction/lexicon", "extraction/recognize",
                      "extraction/relations", "extraction/calibrate", "extraction/facts", "extraction/resolve",
                      "model", "building/pipeline")

Progress = Callable[[int, int, str], None]


def extract_document(doc: Document) -> Extraction:
    lex = load()
    mentions = recognize.recognise(doc)
    mentions, aliases = recognize.document_pass(doc, mentions, lex)
    entities, resolved = resolve.document_entities(mentions, aliases, lex)
    rels, topics = relations.extract(doc, mentions, entities, resolved)
    rels = calibrate.rescore(rels, doc, mentions, entities, resolved, topics)
    figures = facts.extract(doc, mentions, resolved, topics)
    return Extraction(document=doc, entities=entities, relations=rels, facts=figures)


def extract_paths(paths: Iterable[Path], progress: Progress | None = None) -> list[Extraction]:
    """Full extractions (documents with their whole text) of the given files, in order; errors are raised."""
    paths = list(paths)
    out = []
    for i, path in enumerate(paths, 1):
        out.append(extract_document(documents.read_document(path)))
        if progress:
            progress(i, len(paths), path.name)
    return out


def slim(ex: Extraction) -> Extraction:
    """The extraction with only what the later stages read: the document's text and paragraphs are dropped and
    only the sentences cited as evidence are kept."""
    cited = {r.sentence for r in ex.relations} | {f.sentence for f in ex.facts}
    doc = ex.document
    kept = Document(name=doc.name, path=doc.path, encoding=doc.encoding, sha256=doc.sha256, text="",
                    date=doc.date, date_route=doc.date_route,
                    sentences=[replace(s, text=doc.evidence(s)) for s in doc.sentences if s.index in cited])
    return Extraction(document=kept, entities=ex.entities, relations=ex.relations, facts=ex.facts)


# ------------------------------------------------------------------------------------------- per-file extraction


@dataclass
class FileResult:
    """What extracting one input file gave: its documents' slim extractions, or why it was skipped."""

    path: str
    extractions: list[Extraction] = field(default_factory=list)
    error: str | None = None
    empty: list[str] = field(default_factory=list)  # names of its documents with no sentence
    # The counts the summary reports (see _summarised):
    documents: int = 0
    without_entities: list[str] = field(default_factory=list)
    relations: Counter[str] = field(default_factory=Counter)
    facts: int = 0
    cached: bool = False  # written to the cache where it was extracted: only the summary came back
    # With JsonlLines: each document's extraction.jsonl line, made where it was extracted (the extractions are
    # dropped), with its relations below the confidence line counted, and (name, date, route) of each document.
    lines: list[str] | None = None
    weak: int = 0
    dated: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class JsonlLines:
    """Asks for each document's extraction.jsonl line to be made in the process that extracted it (`kg extract`):
    the lines are then made in parallel, and the process writing the file only receives text, where it would
    otherwise unpickle every extraction and encode it again on a core the workers need."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    date_from_name: bool = False


def extract_file(path: str, lines: JsonlLines | None = None) -> FileResult:
    """Extract one file (in whichever process runs it); a file that is not readable text comes back as an error."""
    try:
        exs: list[Extraction] = []
        empty: list[str] = []
        for doc in documents.iter_documents(Path(path)):
            if not doc.sentences:
                empty.append(doc.name)
            exs.append(slim(extract_document(doc)))
    except InputError as exc:
        return FileResult(path, error=str(exc))
    result = FileResult(path, exs, empty=empty)
    if lines is None:
        return result
    result.lines = []
    for ex in exs:
        if lines.date_from_name:
            dates.date_by_name(ex.document)
        line, weak = jsonl_line(ex, lines.min_confidence)
        result.lines.append(line)
        result.weak += weak
        result.dated.append((ex.document.name, ex.document.date, ex.document.date_route))
    return _summarised(result, drop=True)


def extract_file_into_cache(path: str, sha256: str, cache_root: str, version: str) -> FileResult:
    """Extract one file and write its cache entry in the process that extracted it, so only the summary travels
    back: the build process then neither unpickles nor encodes the records, and stays out of the workers' way."""
    result = extract_file(path)
    if result.error is not None:
        return result
    ExtractionCache(Path(cache_root), version).put(sha256, Path(path), result)
    result = _summarised(result, drop=True)
    result.cached = True
    return result


def warm_up() -> str:
    """Load the lexicons and teach jieba its vocabulary once per worker process, before its first document;
    returns the worker's extractor version so a cluster running other code is noticed."""
    load()
    recognize.tokenize("园区")
    segment.prepare()
    return extractor_version()


def _worker_init(build: int) -> None:
    processes.start_as_helper(build)
    warm_up()


def extractor_version() -> str:
    """A key that changes whenever what the extractor would produce may change: kg's version, its extraction code,
    its lexicons, and the versions of jieba and cpca (the segmenter's dictionary and the division table)."""
    h = hashlib.sha256(f"kg {__version__}\n".encode())
    for package in ("jieba", "cpca"):
        try:
            h.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package} ?\n".encode())
    here = Path(__file__).parents[1]
    files = [(f"{name}.py", here / f"{name}.py") for name in EXTRACTION_MODULES]
    files += [(f"lexicons/{p.relative_to(LEXICON_DIR).as_posix()}", p)
              for p in sorted(LEXICON_DIR.rglob("*")) if p.is_file()]
    models = here / "extraction" / "models"  # the confidence model
    files += [(f"models/{p.name}", p) for p in sorted(models.glob("*.json"))]
    for name, path in files:
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    """The content hash of a file, read in blocks (a big file is never held whole)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------------------- cache


def _extraction_json(ex: Extraction) -> dict:
    doc = ex.document
    return {
        "document": {"name": doc.name, "path": doc.path, "encoding": doc.encoding, "sha256": doc.sha256,
                     "date": doc.date, "date_route": doc.date_route,
                     "sentences": [[s.index, s.paragraph, s.start, s.end, s.text] for s in doc.sentences]},
        "entities": [{"name": e.name, "type": e.type, "aliases": sorted(e.aliases), "confidence": e.confidence,
                      "docs": sorted(e.docs), "mentions": [list(asdict(m).values()) for m in e.mentions]}
                     for e in ex.entities],
        "relations": [asdict(r) for r in ex.relations],
        "facts": [asdict(f) for f in ex.facts],
    }


def _mentions(rows: list[list], collapse: bool) -> list[Mention]:
    """The mentions of an entity; collapsed, the list has the right length but repeats the first mention, which is
    all the corpus stages read of them (merging concatenates them, the graph counts them) and saves the memory of
    every mention of a large corpus held at once."""
    if collapse and rows:
        return [Mention(*rows[0])] * len(rows)
    return [Mention(*m) for m in rows]


def _extraction_from_json(data: dict, rename: Callable[[str], str], collapse: bool = False) -> Extraction:
    d = data["document"]
    name = rename(d["name"])
    doc = Document(name=name, path=d["path"], encoding=d["encoding"], sha256=d["sha256"], text="",
                   date=d["date"], date_route=d["date_route"],
                   sentences=[Sentence(name, *row) for row in d["sentences"]])
    entities = [Entity(name=e["name"], type=e["type"], aliases=set(e["aliases"]), confidence=e["confidence"],
                       docs=set(e["docs"]), mentions=_mentions(e["mentions"], collapse)) for e in data["entities"]]
    rels = [Relation(**{**r, "doc": rename(r["doc"])}) for r in data["relations"]]
    figures = [Fact(**{**f, "doc": rename(f["doc"])}) for f in data["facts"]]
    return Extraction(document=doc, entities=entities, relations=rels, facts=figures)


class ExtractionCache:
    """Each input file's extractions, one JSON file per file content under `root/<extractor version>/`.

    A file is found again by its content hash whatever its name (a renamed file is not extracted again); a change
    of kg's code or lexicons gives another version folder, so nothing stale is ever read. Entries are written
    atomically as files finish, so a build that is interrupted keeps what it extracted.
    """

    def __init__(self, root: Path, version: str | None = None, *, reuse: bool = True) -> None:
        self.root = Path(root)
        self.version = version or extractor_version()
        self.folder = self.root / self.version[:16]
        self.reuse = reuse  # False: every file is extracted again (and its entry rewritten)
        self.used: set[str] = set()

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.json"

    def get(self, sha256: str, path: Path) -> FileResult | None:
        """The file's earlier result, or None when it has to be extracted."""
        if not self.reuse:
            return None
        try:
            result = self.read(sha256, path)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, or unreadable: extract again
        self.used.add(sha256)
        return result

    def read(self, sha256: str, path: Path, *, collapse: bool = False) -> FileResult:
        """The entry of that content, with the documents named after `path` (a renamed file keeps its entry)."""
        data = json.loads(self._entry(sha256).read_text(encoding="utf-8"))
        old, new = data["name"], documents.shown(path.name)

        def rename(doc_name: str) -> str:
            return new + doc_name[len(old):] if doc_name == old or doc_name.startswith(old + "#") else doc_name

        exs = [_extraction_from_json(item, rename, collapse) for item in data["extractions"]]
        for ex in exs:
            ex.document.path = documents.shown(str(path))
        return FileResult(str(path), exs, empty=[rename(name) for name in data["empty"]])

    def put(self, sha256: str, path: Path, result: FileResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"name": documents.shown(path.name), "empty": result.empty,
                "extractions": [_extraction_json(ex) for ex in result.extractions]}
        encoded = json.dumps(data, ensure_ascii=False).encode("utf-8")
        entry = self._entry(sha256)
        tmp = entry.with_name(f".{entry.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            tmp.write_bytes(encoded)
            os.replace(tmp, entry)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.used.add(sha256)

    def prune(self) -> None:
        """After a successful build keep only what it used: other versions and files no longer in the input go.
        Only what a cache writes is removed (version folders, entries and their temporary files, by their
        names): anything else found in the cache is left where it is."""
        if not self.root.is_dir() or self.root.is_symlink():
            return
        for child in self.root.iterdir():
            if child == self.folder or child.is_symlink() or not child.is_dir() \
                    or not outfolder.CACHE_VERSION.fullmatch(child.name):
                continue
            self._remove_entries(child, keep=set())
            with suppress(OSError):
                child.rmdir()  # only when nothing else is in it
        if self.folder.is_dir() and not self.folder.is_symlink():
            self._remove_entries(self.folder, keep=self.used)

    @staticmethod
    def _remove_entries(folder: Path, keep: set[str]) -> None:
        for entry in folder.iterdir():
            if outfolder.CACHE_ENTRY.fullmatch(entry.name) and not entry.is_symlink() and entry.is_file() \
                    and entry.name.removesuffix(".json") not in keep:
                entry.unlink(missing_ok=True)


# -------------------------------------------------------------------------------------------------------- corpus


class StoredExtractions:
    """A corpus's extractions in input order, read back from the cache one file at a time whenever they are
    iterated, so a build holds one document's records at once rather than the whole corpus's (without a cache
    they are held in memory). `collapsed()` gives them with their mentions collapsed, for merging."""

    def __init__(self, files: list[tuple[Path, str]], cache: ExtractionCache | None,
                 held: dict[Path, list[Extraction]], documents: int) -> None:
        self.files = files
        self.cache = cache
        self.held = held
        self.documents = documents
        self.dated_by_name = False  # --date-from-name: each document gets the date its file name starts with

    def __len__(self) -> int:
        return self.documents

    def __bool__(self) -> bool:
        return self.documents > 0

    def __iter__(self) -> Iterator[Extraction]:
        return self._iterate(collapse=False)

    def collapsed(self) -> Iterator[Extraction]:
        return self._iterate(collapse=True)

    def share(self, part: int, parts: int) -> Iterator[Extraction]:
        """The extractions of the `part`-th of `parts` consecutive shares of the files (to build the graph in
        parts, in several processes)."""
        n = len(self.files)
        return self._iterate(collapse=False, files=self.files[part * n // parts : (part + 1) * n // parts])

    def _iterate(self, collapse: bool, files: list[tuple[Path, str]] | None = None) -> Iterator[Extraction]:
        if not self.dated_by_name:
            yield from self._read(collapse, files)
            return
        for ex in self._read(collapse, files):
            dates.date_by_name(ex.document)
            yield ex

    def _read(self, collapse: bool, files: list[tuple[Path, str]] | None = None) -> Iterator[Extraction]:
        for path, sha in self.files if files is None else files:
            if path in self.held:
                yield from self.held[path]
                continue
            assert self.cache is not None
            try:
                yield from self.cache.read(sha, path, collapse=collapse).extractions
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise KgError(f"the extraction of {path} in {self.cache.folder} went missing during the build: "
                              f"{exc}") from exc


@dataclass
class CorpusExtraction:
    """A corpus's extractions in input order, with what was left out or found empty, and where results came from."""

    extractions: StoredExtractions
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason)
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)  # (file, the earlier file with its content)
    extracted: int = 0  # files extracted in this run
    reused: int = 0  # files whose extraction came from the cache
    empty: list[str] = field(default_factory=list)  # documents with no text at all
    without_entities: list[str] = field(default_factory=list)  # documents with text in which nothing was recognised
    relations: Counter[str] = field(default_factory=Counter)  # relation assertions by relation name
    facts: int = 0
    # With JsonlLines: the documents' extraction.jsonl lines in input order (and no extractions), the relations
    # below the line among them, and each document's (name, date, route).
    lines: list[str] = field(default_factory=list)
    weak: int = 0
    dated: list[tuple[str, str, str]] = field(default_factory=list)


def _run_local(paths: list[Path], jobs: int, cache: ExtractionCache | None,
               hash_of: dict[Path, str], lines: JsonlLines | None) -> Iterator[FileResult]:
    """Results as files finish: in this process for one job, else in a pool of worker processes. With a cache,
    each file's entry is written where it was extracted."""
    def task(path: Path) -> Callable[[], FileResult]:
        if cache is None:
            return partial(extract_file, str(path), lines)
        return partial(extract_file_into_cache, str(path), hash_of[path], str(cache.root), cache.version)

    if jobs <= 1:
        for path in paths:
            yield task(path)()
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Forked (see extract_corpus), at the first submit; the extractor's objects are frozen meanwhile so that the
    # workers' garbage collector leaves them alone rather than copying every page they are on.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_init, initargs=(os.getpid(),))
    try:
        gc.freeze()
        try:
            futures = [pool.submit(_run_tasks, [task(path) for path in batch]) for batch in _batches(paths, jobs)]
        finally:
            gc.unfreeze()
        for future in as_completed(futures):
            yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Files sent to a worker at once, at most: each task costs the build process about a millisecond (a future, its
# pickling, its result's collection), on a core the workers need; eight files are some 0.2 s of a worker's time.
MOST_FILES_A_TASK = 8


def _batches(paths: list[Path], jobs: int) -> Iterator[list[Path]]:
    """Consecutive files in batches that shrink as the files left run out: up to MOST_FILES_A_TASK while many
    are left, one at a time at the end, so that no worker waits long on another's last batch."""
    start = 0
    while start < len(paths):
        size = max(1, min(MOST_FILES_A_TASK, (len(paths) - start) // (8 * jobs)))
        yield paths[start : start + size]
        start += size


def _run_tasks(tasks: list[Callable[[], FileResult]]) -> list[FileResult]:
    return [task() for task in tasks]


def _run_dask(paths: list[Path], scheduler: str, lines: JsonlLines | None) -> Iterator[FileResult]:
    """Results as files finish on a Dask cluster. Files are sent as paths: the workers must see the same files
    (the same machine, or a shared file system) and run the same kg."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise KgError("--executor dask needs Dask: pip install 'kg[dask]'") from exc
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError as exc:
            raise KgError(f"the Dask scheduler at {scheduler} has no worker (waited 60 s)") from exc
        mine = extractor_version()
        others = {worker: version for worker, version in client.run(warm_up).items() if version != mine}
        if others:
            raise KgError(f"Dask workers {', '.join(sorted(others))} run another kg (code or lexicons differ); "
                          "install the same kg on every worker")
        futures = client.map(extract_file, [str(path.absolute()) for path in paths], pure=False, lines=lines)
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)


def extract_corpus(
    paths: list[Path],
    *,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache: ExtractionCache | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    stage: Callable[[str], None] | None = None,
    lines: JsonlLines | None = None,
) -> CorpusExtraction:
    """Extract every file once: duplicates (same content, another name) and unreadable files are reported, not
    extracted; results are in input order whatever order the workers finish in, so outputs do not depend on
    `jobs` or the executor. With `strict`, the first unreadable file raises InputError. `stage` is told when the
    extractor is loaded and when the extraction starts. With `lines` (and no cache), each document's
    extraction.jsonl line is made where it is extracted, and the run's `lines` hold them in input order instead
    of its extractions.

    Locally, the lexicons and the segmenter are loaded here before the first file is sent: worker processes are
    forked from this one and start with them loaded, instead of each spending a second and a half of a core on
    loading them while the others wait on the same load."""
    stage = stage or (lambda message: None)
    skipped: list[tuple[Path, str]] = []
    duplicates: list[tuple[Path, Path]] = []
    first_with: dict[str, Path] = {}  # content hash -> the first file with that content
    hash_of: dict[Path, str] = {}
    outcome: dict[Path, FileResult] = {}  # what each file gave, its extractions dropped once they are cached
    pending: list[Path] = []
    reused = extracted = 0

    for path in paths:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            what = "list the folder" if path.is_dir() else "read"
            message = f"{path}: cannot {what} ({exc.strerror or exc})"
            if strict:
                raise InputError(message) from exc
            skipped.append((path, message))
            continue
        if sha in first_with:
            duplicates.append((path, first_with[sha]))
            continue
        first_with[sha] = path
        hash_of[path] = sha
        cached = cache.get(sha, path) if cache else None
        if cached is not None:
            outcome[path] = _summarised(cached, drop=True)
            reused += 1
        else:
            pending.append(path)
    total, done = len(outcome) + len(pending), len(outcome)
    if progress and done:
        progress(done, total, f"{done} from the cache")
    check_executor(executor, scheduler)
    if executor == "local" and pending:
        stage("loading the lexicons and the segmenter")
        warm_up()
    where = f"on the Dask cluster at {scheduler}" if executor == "dask" else f"with {jobs} job" + "s" * (jobs > 1)
    stage(f"extracting {len(paths)} file{'s' if len(paths) != 1 else ''} {where}")
    if executor == "dask":
        stream = _run_dask(pending, scheduler, lines)
        sent = {str(path.absolute()): path for path in pending}
    else:
        stream = _run_local(pending, jobs, cache, hash_of, lines)
        sent = {str(path): path for path in pending}
    with closing(stream):
        for result in stream:
            path = sent[result.path]
            done += 1
            if result.error is not None:
                if strict:
                    raise InputError(result.error)
                skipped.append((path, result.error))
            elif result.cached or result.lines is not None:
                extracted += 1
                if result.cached:
                    assert cache is not None
                    cache.used.add(hash_of[path])
                outcome[path] = result
            else:
                extracted += 1
                if cache:
                    cache.put(hash_of[path], path, result)
                outcome[path] = _summarised(result, drop=cache is not None)
            if progress:
                progress(done, total, path.name)
    order = {path: i for i, path in enumerate(paths)}
    skipped.sort(key=lambda item: order[item[0]])
    kept = [path for path in paths if path in outcome]
    held = {path: outcome[path].extractions for path in kept if outcome[path].extractions}
    run = CorpusExtraction(
        extractions=StoredExtractions([(path, hash_of[path]) for path in kept], cache, held,
                                      sum(outcome[path].documents for path in kept)),
        skipped=skipped, duplicates=duplicates, extracted=extracted, reused=reused)
    for path in kept:
        summary = outcome[path]
        if summary.lines is not None:
            run.lines.extend(summary.lines)
            run.weak += summary.weak
            run.dated.extend(summary.dated)
        run.empty.extend(summary.empty)
        run.without_entities.extend(summary.without_entities)
        run.relations.update(summary.relations)
        run.facts += summary.facts
    return run


def _summarised(result: FileResult, drop: bool) -> FileResult:
    """The counts the summary reports, taken while the file's extractions are in memory; with `drop` the
    extractions themselves are let go (they are in the cache, or their lines are made)."""
    empty = set(result.empty)
    result.documents = len(result.extractions)
    result.without_entities = [ex.document.name for ex in result.extractions
                               if not ex.entities and ex.document.name not in empty]
    result.relations = Counter(r.relation for ex in result.extractions for r in ex.relations)
    result.facts = sum(len(ex.facts) for ex in result.extractions)
    if drop:
        result.extractions = []
    return result


def jsonl_record(ex: Extraction, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> dict:
    """One line of the evaluation format (SCHEMA.md), with aliases, confidences, rules and evidence as extra keys.

    Relations below `min_confidence` are left out of `relations` (what the scorer reads and the graph holds) and
    kept under `weak_relations`, with their confidence, rule and evidence, for whoever wants to look further."""
    doc = ex.document
    evidence = {s.index: doc.evidence(s) for s in doc.sentences}  # as written, not as matched

    def relation(r: Relation) -> dict:
        return {"head": r.head, "relation": r.relation, "tail": r.tail, "confidence": r.confidence, "rule": r.rule,
                "evidence": evidence.get(r.sentence, "")}

    return {
        "doc": doc.name,
        "date": doc.date or None,
        "date_route": doc.date_route or None,
        "entities": [
            {"name": e.name, "type": e.type, "aliases": sorted(e.aliases), "confidence": e.confidence}
            for e in sorted(ex.entities, key=lambda e: (e.type, e.name))
        ],
        "relations": [relation(r) for r in ex.relations if confident_enough(r.confidence, min_confidence)],
        "weak_relations": [relation(r) for r in ex.relations if not confident_enough(r.confidence, min_confidence)],
        "facts": [
            {"subject": f.subject, "metric": f.metric, "value": f.value, "unit": f.unit, "period": f.period,
             "confidence": f.confidence, "rule": f.rule, "evidence": evidence.get(f.sentence, "")}
            for f in ex.facts
        ],
    }


# Characters JSON allows raw in a string that line splitters (Python's str.splitlines, many editors) take for
# line ends: escaped, so one document stays one line (json.dumps escapes the other controls itself).
_LINE_BREAKING = {ord(ch): f"\\u{ord(ch):04x}" for ch in "\u2028\u2029\x85"}


def _line_safe(line: str) -> str:
    """The line with those characters escaped; looked for first, since str.translate with a table walks the whole
    line in Python-level steps (0.6 s for 6 MB of lines) and they are rare."""
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        return line.translate(_LINE_BREAKING)
    return line


def jsonl_line(ex: Extraction, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> tuple[str, int]:
    """The document's line of extraction.jsonl (without its line end), and how many of its relations are below
    `min_confidence`."""
    record = jsonl_record(ex, min_confidence)
    return _line_safe(json.dumps(record, ensure_ascii=False, sort_keys=False)), len(record["weak_relations"])


class JsonlFile:
    """extraction.jsonl being written: a line per document as each extraction passes through `passing` on its way
    to another reader (the graph's triples, with one job: the corpus is read from the cache once for both), moved
    into place when the block ends with every extraction passed; removed when it does not."""

    def __init__(self, path: Path, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> None:
        self.path = path
        self.min_confidence = min_confidence
        self.weak = 0  # relations below min_confidence, written as weak_relations
        self._complete = False
        self._tmp = _beside(path)

    def __enter__(self) -> JsonlFile:
        self._file = self._tmp.open("w", encoding="utf-8", newline="\n")
        return self

    def passing(self, extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        for ex in extractions:
            line, below = jsonl_line(ex, self.min_confidence)
            self.weak += below
            self._file.write(line + "\n")
            yield ex
        self._complete = True

    def __exit__(self, failed: type[BaseException] | None, *exc: object) -> None:
        self._file.close()
        if failed is None and self._complete:
            self._tmp.replace(self.path)
            return
        self._tmp.unlink(missing_ok=True)
        if failed is None:
            raise RuntimeError(f"{self.path}: the block ended before every extraction had passed")


def write_jsonl(extractions: Iterable[Extraction], path: Path,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> int:
    """One line per document, written as the documents come, and moved into place only when complete; returns
    how many relations were below `min_confidence` (written as `weak_relations`)."""
    with JsonlFile(path, min_confidence) as jsonl:
        for _ in jsonl.passing(extractions):
            pass
    return jsonl.weak


def _beside(path: Path) -> Path:
    """A temporary name beside `path` that is never a file of the user's."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def write_lines(lines: Iterable[str], path: Path) -> None:
    """The lines, each ended by a newline, written to a file beside `path` and moved into place only when
    complete."""
    tmp = _beside(path)
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write(line + "\n")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

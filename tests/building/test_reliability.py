"""Nothing lost, nothing hung, nothing leaked (issue 18): `kg` run as a hostile user would, as real processes on
real folders. kg writes and deletes only in a folder it made, sizes its processes to the machine, stays
near-linear on text without punctuation, finishes a build whose reader went away, never reads its own outputs
back, and lets one build at a time write into a folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from helpers import kg_script
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.building import outfolder, pipeline, resources
from kg.errors import KgError
from kg.text import documents

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
OUTPUTS = ("graph.ttl", "graph.html", "extraction.jsonl")


def kg(*args: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([kg_script(), *map(str, args)], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=timeout)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`, by relative path."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def one_line_refusal(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), proc.stderr
    for word in words:
        assert word in lines[0], proc.stderr


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seed articles: enough for a real build, quick to extract."""
    folder = tmp_path_factory.mktemp("small")
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    return folder


# ------------------------------------------------------------------------------------------- 1. --out is ours


def test_a_folder_kg_did_not_make_is_refused_and_left_alone(tmp_path: Path, small: Path) -> None:
    """The issue's probe: a cache/ and a .staging/ of the user's in --out were emptied by the build."""
    out = tmp_path / "u"
    (out / "cache" / "p").mkdir(parents=True)
    (out / ".staging").mkdir()
    (out / "cache" / "p" / "a.jpg").write_text("x\n")
    (out / ".staging" / "d.txt").write_text("y\n")
    before = tree(out)
    proc = kg("build", small, "--out", out, cwd=tmp_path)
    one_line_refusal(proc, str(out))
    assert tree(out) == before


@pytest.mark.parametrize("name", OUTPUTS)
def test_outputs_kg_did_not_write_are_not_overwritten(tmp_path: Path, small: Path, name: str) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / name).write_text("my own notes, not kg's\n", encoding="utf-8")
    before = tree(out)
    one_line_refusal(kg("build", small, "--out", out, cwd=tmp_path), name)
    assert tree(out) == before


def test_out_empty_or_root_is_refused(tmp_path: Path, small: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine\n")
    before = tree(tmp_path)
    one_line_refusal(kg("build", small, "--out", "", cwd=tmp_path), "--out '' names no folder")
    assert tree(tmp_path) == before
    # The root is checked before the inputs: a kg that would write there stops at the missing input instead.
    one_line_refusal(kg("build", tmp_path / "no-such-input", "--out", "/", cwd=tmp_path),
                     "--out /: refusing to write into the root of the file system")


def test_out_that_is_a_file_is_refused(tmp_path: Path, small: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    one_line_refusal(kg("build", small, "--out", target, cwd=tmp_path), "not a folder")
    assert target.read_text() == "mine\n"


@pytest.mark.slow
def test_a_marked_folder_is_rebuilt_but_what_the_user_added_to_its_cache_is_refused(tmp_path: Path,
                                                                                     small: Path) -> None:
    out = tmp_path / "out"
    first = kg("build", small, "--out", out, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (out / outfolder.MARKER).is_file()
    again = kg("build", small, "--out", out, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    photo = out / "cache" / "p" / "a.jpg"
    photo.parent.mkdir()
    photo.write_bytes(b"\xff\xd8 a photo")
    one_line_refusal(kg("build", small, "--out", out, cwd=tmp_path), "cache/p is not a kg cache folder")
    assert photo.read_bytes() == b"\xff\xd8 a photo"


@pytest.mark.slow
def test_the_output_folder_of_an_older_kg_is_taken_over(tmp_path: Path, small: Path) -> None:
    """An older kg wrote no marker: a folder holding exactly its layout (store, cache, outputs, leftovers of a
    killed build) is taken, marked, and its stale cache version pruned; nothing else of it is refused."""
    out = tmp_path / "out"
    assert kg("build", small, "--out", out, cwd=tmp_path).returncode == 0
    (out / outfolder.MARKER).unlink()
    (out / outfolder.LOCK).unlink()
    stale = out / "cache" / ("0" * 16)
    stale.mkdir()
    (stale / f"{'a' * 64}.json").write_text("{}")
    (out / ".staging").mkdir()
    (out / ".staging" / "graph.ttl.tmp").write_text("half")
    proc = kg("build", small, "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (out / outfolder.MARKER).is_file()
    assert not stale.exists() and not (out / ".staging").exists()


def test_the_cache_prune_removes_only_what_a_cache_writes(tmp_path: Path) -> None:
    cache = pipeline.ExtractionCache(tmp_path / "cache", version="b" * 64)
    cache.folder.mkdir(parents=True)
    unused = cache.folder / f"{'c' * 64}.json"
    unused.write_text("{}")
    foreign = [tmp_path / "cache" / "p" / "a.jpg", tmp_path / "cache" / "README", cache.folder / "notes.txt",
               tmp_path / "cache" / ("a" * 16) / "keep.me"]
    old_entry = tmp_path / "cache" / ("a" * 16) / f"{'d' * 64}.json"
    for path in [*foreign, old_entry]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    cache.prune()
    assert all(path.exists() for path in foreign)
    assert not unused.exists() and not old_entry.exists()


# ------------------------------------------------------------------------------------ 2. processes sized to fit


@pytest.mark.slow
def test_jobs_beyond_the_cores_and_documents_are_capped(tmp_path: Path, small: Path) -> None:
    proc = kg("build", small, "--out", tmp_path / "out", "--jobs", "64", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    cores = resources.usable_cores()
    jobs = min(cores, 2)
    assert f"kg: --jobs 64 capped to {jobs} ({cores} core" in proc.stderr
    assert re.search(rf"extracting 2 files with {jobs} jobs? ", proc.stderr), proc.stderr
    extract = kg("extract", small, "-o", tmp_path / "x.jsonl", "-j", "100000", cwd=tmp_path)
    assert extract.returncode == 0 and "--jobs 100000 capped to" in extract.stderr


def test_jobs_the_memory_cannot_hold_are_refused() -> None:
    with pytest.raises(KgError, match=r"--jobs 8: 8 worker processes need about 2,000 MB .* use --jobs 4 or fewer"):
        resources.check_memory_for(8, 250, "--jobs", "worker processes", available_mb=1000)
    resources.check_memory_for(4, 250, "--jobs", "worker processes", available_mb=1000)
    assert resources.available_memory_mb() is None or resources.available_memory_mb() > 0


@pytest.mark.slow
def test_serve_workers_are_capped_and_connections_beyond_the_open_files_refused(tmp_path: Path, small: Path) -> None:
    out = tmp_path / "out"
    assert kg("build", small, "--out", out, cwd=tmp_path).returncode == 0
    limit = resources.open_files_limit()
    if limit is not None:
        one_line_refusal(kg("serve", "--out", out, "--port", "0", "--max-connections", str(limit * 10),
                            cwd=tmp_path), "--max-connections", "ulimit -n")
    server = subprocess.Popen([kg_script(), "serve", "--out", str(out), "--port", "0", "--workers", "100000"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        assert first.startswith("kg serve: http://"), first + server.stderr.read()
        assert f"{resources.usable_cores()} query workers" in server.stdout.readline()
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    assert f"--workers 100000 capped to {resources.usable_cores()}" in err


# ------------------------------------------------------------------------- 3. near-linear whatever the punctuation


def _shaped(shape: str, size: int) -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.growth import text_of
    finally:
        sys.path.remove(str(ROOT))
    return text_of(shape, size)


@pytest.mark.parametrize("shape", ["unpunctuated", "comma", "space", "newline"])
def test_no_sentence_is_longer_than_the_bound(shape: str) -> None:
    """What keeps every per-sentence stage linear in the document: a run without sentence punctuation is cut."""
    doc = documents.make_document("long.txt", "long.txt", _shaped(shape, 20_000).encode("utf-8"))
    assert doc.sentences
    assert max(s.end - s.start for s in doc.sentences) <= documents.MAX_SENTENCE_CHARS
    # Nothing is dropped: every character but white space is in exactly one sentence.
    assert sum(len("".join(s.text.split())) for s in doc.sentences) == len("".join(doc.text.split()))


# The growth itself (seconds per size, 20k to 160k characters of each shape) is measured by benchmarks/growth.py,
# not timed here: a timing test on a shared machine is a flaky test.


# ---------------------------------------------------------------------------- 5. a build whose reader went away


def test_a_build_piped_into_head_finishes_and_exits_with_its_own_status(tmp_path: Path, small: Path) -> None:
    out = tmp_path / "bp"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", '"$0" build "$1" --out "$2" 2>&1 | head -1',
                           kg_script(), str(small), str(out)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert all((out / name).is_file() for name in OUTPUTS)
    assert (out / "store" / "CURRENT").is_file()


# ------------------------------------------------------------------------------- 7. outputs are never inputs


@pytest.mark.slow
def test_output_folders_inside_the_input_are_never_read(tmp_path: Path, small: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(small, corpus)
    for _ in range(2):  # the second build would find the first one's outputs beneath its input
        proc = kg("build", ".", cwd=corpus)
        assert proc.returncode == 0, proc.stderr
        assert "documents: 2" in proc.stdout.splitlines(), proc.stdout
    # A marked folder anywhere beneath an input (another build's --out) is left out too.
    elsewhere = kg("build", corpus, "--out", tmp_path / "other", cwd=tmp_path)
    assert "documents: 2" in elsewhere.stdout.splitlines()
    (corpus / "out" / "page.txt").write_text("园区。\n", encoding="utf-8")
    assert kg("build", corpus, "--out", tmp_path / "other", cwd=tmp_path).stdout.count("documents: 2") == 1
    # Named as the input itself, an output folder (or the --out folder) is said to be one.
    one_line_refusal(kg("build", corpus / "out", "--out", tmp_path / "third", cwd=tmp_path),
                     "is an output folder of kg")
    one_line_refusal(kg("build", corpus, "--out", corpus, cwd=tmp_path), "is the --out folder")


# ---------------------------------------------------------------------------------- 8. one build per folder


@pytest.mark.slow
def test_a_second_build_into_the_same_folder_names_the_first_and_stops(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted(SEEDS.glob("*.txt"))
    for i in range(12):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (corpus / f"{i:02d}.txt").write_text(f"{text}\n第{i}号稿件。\n", encoding="utf-8")
    out = tmp_path / "out"
    first = subprocess.Popen([kg_script(), "build", str(corpus), "--out", str(out), "--no-cache"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out / outfolder.LOCK).is_file() or not (out / outfolder.LOCK).read_text().strip():
            assert time.monotonic() < deadline and first.poll() is None, "the first build never took the lock"
            time.sleep(0.05)
        waiting = subprocess.Popen([kg_script(), "build", str(corpus), "--out", str(out), "--wait"], cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        second = kg("build", corpus, "--out", out, cwd=tmp_path)
        one_line_refusal(second, f"process {first.pid}")
        assert first.wait(timeout=600) == 0, first.stderr.read()
        _, waited = waiting.communicate(timeout=600)
    finally:
        for process in (first, waiting):
            if process.poll() is None:
                process.kill()
                process.wait()
    assert waiting.returncode == 0, waited
    assert f"waiting for the kg build (process {first.pid})" in waited


# ------------------------------------------------------------------------- 4. file names that are not UTF-8


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path, small: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(small, corpus)
    first = sorted(corpus.glob("*.txt"))[0]
    gbk_name = os.fsdecode(b"\xb1\xa8\xb8\xe6.txt")  # 报告.txt in GBK, as an unzipped GBK archive leaves it
    first.rename(corpus / gbk_name)
    out = tmp_path / "out"
    proc = kg("build", corpus, "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    names = [line.split('"doc": "')[1].split('"')[0] for line in (out / "extraction.jsonl").read_text().splitlines()]
    assert "\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt" in names, names
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    extracted = kg("extract", corpus, "-o", tmp_path / "x.jsonl", cwd=tmp_path)
    assert extracted.returncode == 0, extracted.stderr
    assert (tmp_path / "x.jsonl").read_bytes() == (out / "extraction.jsonl").read_bytes()


# ----------------------------------------------------------------------------- 6. unreadable subfolders


def _without_root_privileges() -> list[str]:
    """A prefix that runs a command without the capabilities that let root read any folder."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"]


@pytest.mark.slow
def test_an_unreadable_subfolder_is_reported_like_an_unreadable_file(tmp_path: Path, small: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(small, corpus)
    locked = corpus / "locked"
    locked.mkdir()
    shutil.move(str(sorted(corpus.glob("*.txt"))[0]), locked)
    locked.chmod(0)
    try:
        proc = subprocess.run([*_without_root_privileges(), kg_script(), "build", str(corpus), "--out",
                               str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 3, proc.stderr
    assert f"kg: skipped {locked}: cannot list the folder (Permission denied)" in proc.stderr
    assert "documents: 1" in proc.stdout.splitlines()


# ------------------------------------------------------------------------ 12. one line for every bad option


@pytest.fixture(scope="module")
def built_out(tmp_path_factory: pytest.TempPathFactory, small: Path) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    assert kg("build", small, "--out", out, cwd=out.parent).returncode == 0
    return out


@pytest.mark.parametrize(("args", "words"), [
    (["build", "{small}", "--out", "{file}"], "not a folder"),
    (["extract", "{small}", "-o", "{folder}"], "is a folder"),
    (["extract", "{small}", "-o", ""], "names no file"),
    (["export", "-o", "{folder}", "--out", "{out}"], "is a folder"),
    (["export", "-o", "/nonexistent/x.ttl", "--out", "{out}"], "no such folder"),
    (["viz", "-o", "{folder}", "--out", "{out}"], "is a folder"),
    (["viz", "-o", "", "--out", "{out}"], "names no file"),
    (["push", "--timeout", "1e308", "--endpoint", "http://127.0.0.1:9/store", "--out", "{out}"], "--timeout"),
    (["push", "--endpoint", "http://[::1", "--out", "{out}"], "not a valid URL"),
    (["serve", "--timeout", "inf", "--port", "0", "--out", "{out}"], "--timeout"),
    (["serve", "--read-timeout", "1e-9", "--port", "0", "--out", "{out}"], "--read-timeout"),
    (["query", "ASK {}", "--out", ""], "--out ''"),
])
@pytest.mark.slow
def test_bad_option_values_get_one_line_and_status_2(tmp_path: Path, small: Path, built_out: Path, args: list[str],
                                                      words: str) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    (tmp_path / "a-file").write_text("mine\n")
    values = {"small": small, "file": tmp_path / "a-file", "folder": folder, "out": built_out}
    before = tree(tmp_path)
    proc = kg(*[str(values[a[1:-1]]) if a[1:-1] in values else a for a in args], cwd=tmp_path, timeout=60)
    one_line_refusal(proc, words)
    assert tree(tmp_path) == before  # nothing left behind (no a-folder.tmp)


# ---------------------------------------------------------------------------------------------------- smaller


def test_line_separators_in_the_evidence_stay_inside_one_json_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("江西华瑞锂能科技有限公司\u2028位于新余高新区\u0085，与恒泰新能源科技股份有限公司"
                                  "开展合作\u2029。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("抚州高新区出台《抚州高新区支持新能源产业发展的若干措施》。\n", encoding="utf-8")
    proc = kg("extract", corpus, "-o", tmp_path / "x.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    assert "\u2028" not in text and "\u2029" not in text and "\x85" not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["doc"] for r in records] == ["a.txt", "b.txt"]


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    one_line_refusal(kg("extract", fifo, "-o", tmp_path / "x.jsonl", cwd=tmp_path, timeout=60),
                     "not a regular file or folder")


def test_a_bad_byte_is_reported_where_it_is(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    text = ("园区企业发展迅速。" * 200).encode("utf-8")
    bad.write_bytes(text[:3000] + b"\xff" + text[3000:])
    proc = kg("extract", bad, "-o", tmp_path / "x.jsonl", "--strict", cwd=tmp_path)
    assert proc.returncode == 2 and "at byte 3000" in proc.stderr, proc.stderr


# ------------------------------------------------------------------------ random names, contents and options

CHARACTERS = st.sampled_from(list("园区企业高新区有限公司产业链主新能源锂电池合作共建签约投资亿元同比增长"
                                  "，。、；：“”（）《》 \t\nabcXYZ019#%&'\"$-\u2028\u200b\u202e"))
FILE_NAMES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=12),
    st.binary(min_size=1, max_size=8).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode),
).filter(lambda name: name not in (".", ".."))
CONTENTS = st.one_of(
    st.text(CHARACTERS, max_size=400).flatmap(
        lambda text: st.sampled_from(["utf-8", "gb18030", "utf-16"]).map(lambda enc: text.encode(enc))),
    st.binary(max_size=300),
)
OPTIONS = st.lists(st.one_of(
    st.tuples(st.just("--jobs"), st.integers(-2, 10**7).map(str)),
    st.tuples(st.just("--max-nodes"), st.integers(-2, 10**9).map(str)),
    st.tuples(st.just("--lang"), st.sampled_from(["zh", "en"])),
    st.tuples(st.just("--strict")),
    st.tuples(st.just("--no-cache")),
), max_size=3)


def _files_outside(root: Path, out: Path) -> dict[str, bytes | None]:
    return {key: value for key, value in tree(root).items() if not (root / key).is_relative_to(out)}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(files=st.lists(st.tuples(FILE_NAMES, st.sampled_from([".txt", ".md", ".html", ""]), CONTENTS), min_size=1,
                      max_size=4, unique_by=lambda f: f[0] + f[1]),
       options=OPTIONS, query=st.text(CHARACTERS, max_size=40))
@pytest.mark.slow
def test_random_inputs_never_give_a_traceback_nor_touch_other_files(tmp_path_factory: pytest.TempPathFactory,
                                                                     files: list[tuple[str, str, bytes]],
                                                                     options: list[tuple[str, ...]],
                                                                     query: str) -> None:
    root = tmp_path_factory.mktemp("random")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, suffix, data in files:
        (corpus / (name + suffix)).write_bytes(data)
    out = root / "out"
    before = _files_outside(root, out)
    flat = [part for option in options for part in option]
    extract_flat = [part for option in options if option[0] in ("--jobs", "--strict") for part in option]
    for command in (["build", corpus, "--out", out, *flat], ["extract", corpus, "-o", out / "x.jsonl", *extract_flat],
                    ["query", query or "ASK {}", "--out", out]):
        proc = kg(*command, cwd=root)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 2, 3), (command, proc.returncode, proc.stderr)
        if command[0] == "build" and proc.returncode in (0, 3):
            for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines():
                json.loads(line)
            assert sum(1 for _ in pyoxigraph.parse(path=str(out / "graph.ttl"),
                                                   format=pyoxigraph.RdfFormat.TURTLE)) > 0
    assert _files_outside(root, out) == before


# ----------------------------------------------------------------------------------- 10. no SERVICE by default


def test_query_refuses_service_unless_allowed(tmp_path: Path, built_out: Path) -> None:
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    contacted: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            contacted.append(True)
            connection.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/sparql> {{ ?s ?p ?o }} }}"
    rq = tmp_path / "remote.rq"
    rq.write_text(query, encoding="utf-8")
    try:
        for text in (query, str(rq)):
            one_line_refusal(kg("query", text, "--out", built_out, cwd=tmp_path, timeout=60), "SERVICE")
        allowed = kg("query", query, "--out", built_out, "--allow-service", cwd=tmp_path, timeout=60)
    finally:
        stop.set()
        watcher.join()
        listener.close()
    assert contacted == [True], "only --allow-service may reach the network"
    assert "Traceback" not in allowed.stderr


def test_a_folder_or_a_fifo_given_as_a_query_is_named(tmp_path: Path, built_out: Path) -> None:
    one_line_refusal(kg("query", built_out, "--out", built_out, cwd=tmp_path), "is a folder")
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    one_line_refusal(kg("query", fifo, "--out", built_out, cwd=tmp_path, timeout=60), "not a regular file")


def test_a_file_named_like_a_part_of_another_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("园区。\n", encoding="utf-8")
    (tmp_path / "big.txt#1").write_text("企业。\n", encoding="utf-8")
    one_line_refusal(kg("extract", tmp_path / "big.txt", tmp_path / "big.txt#1", "-o", tmp_path / "x.jsonl",
                        cwd=tmp_path), "document names must be unique")


@pytest.mark.slow
def test_query_output_on_a_terminal_shows_escape_sequences_instead_of_running_them(out: Path, tmp_path: Path) -> None:
    """`kg query -f csv` on a terminal: an ESC or a bidi override from a document is shown, not acted on; written
    to a pipe the CSV stays byte for byte the data."""
    import pty

    query = tmp_path / "q.rq"
    query.write_text('SELECT ?x WHERE { BIND("a\\u001b[31mred\\u202eevil" AS ?x) }', encoding="utf-8")
    command = [kg_script(), "query", "--out", str(out), str(query), "--format", "csv"]
    piped = subprocess.run(command, capture_output=True, timeout=120)
    assert piped.returncode == 0 and b"\x1b[31m" in piped.stdout and "\u202e".encode() in piped.stdout
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(command, stdout=follower, stderr=subprocess.PIPE, timeout=120)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0, proc.stderr
    assert b"\x1b" not in shown and "\u202e".encode() not in shown
    assert b"a\\x1b[31mred\\u202eevil" in shown

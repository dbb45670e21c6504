"""The output folder of `kg build`: kg writes, replaces and deletes only in a folder it made itself.

A build marks the folder it creates with MARKER, and from then on owns the names it writes there (graph.ttl,
graph.html, extraction.jsonl, store/, cache/, .staging/). A folder without the marker is taken only when it is
empty or holds exactly what an older kg (which wrote no marker) left; anything else is refused with one line,
before a file is touched. One build at a time writes into a folder (LOCK), and input folders never yield a file
from inside an output folder (`is_output_folder`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO

from kg.errors import KgError
from kg.vocab import KG

MARKER = ".kg-output"
MARKER_TEXT = ("This folder is written by `kg build`: each build replaces graph.ttl, graph.html, extraction.jsonl\n"
               "and store/ here and keeps cache/ to what it used. kg refuses to write into a folder without this "
               "file\n(unless it is empty), so nothing of yours is overwritten or deleted.\n")
LOCK = ".kg-lock"
STAGING = ".staging"
STAGING_MARKER = ".kg-staging"

OUTPUT_FILES = frozenset({"graph.ttl", "graph.html", "extraction.jsonl", "changes.json"})
# What a killed build of an older kg may have left: store swaps beside the store, temporary files of the outputs.
_LEFTOVER = re.compile(r"\.store\.(?:building|old)-[0-9a-f]{12}|(?:graph\.ttl|extraction\.jsonl|changes\.json)\.tmp"
                       r"|\.(?:graph\.html|extraction\.jsonl)\.\w+\.tmp")
# How the outputs of any kg begin: the ontology's namespace in graph.ttl's prefixes, the generator of the page,
# the first key of the extraction's first line.
_OUTPUT_SIGNATURE = {
    "graph.ttl": re.compile(rb"\A(?:@prefix [^\n]*\n)*" + re.escape(f"@prefix kg: <{KG}>".encode())),
    "graph.html": re.compile(rb'\A<!DOCTYPE html>.*<meta name="generator" content="kg ', re.DOTALL),
    "extraction.jsonl": re.compile(rb'\A(?:\{"doc": |\Z)'),
    "changes.json": re.compile(rb'\A\{\s*"format": "kg-changes/'),
}
# What the staging folder of any kg holds.
_STAGING_ENTRY = re.compile(r"(?:graph\.ttl|extraction\.jsonl|graph\.html|changes\.json)(?:\.tmp)?"
                            r"|\.(?:graph\.html|extraction\.jsonl)\.\w+\.tmp|store"
                            r"|parts|" + re.escape(STAGING_MARKER))
# The cache: one folder per extractor version, one JSON file per content hash (and its temporary files).
CACHE_VERSION = re.compile(r"[0-9a-f]{16}")
CACHE_ENTRY = re.compile(r"\.?[0-9a-f]{64}\.json(?:\.[0-9a-f]{8}\.tmp)?")


class NotOurFolderError(KgError):
    """The output folder (or something in it) was not made by kg: nothing is written or deleted."""


def is_output_folder(folder: Path) -> bool:
    """A folder kg made for its outputs (marked): never read as input."""
    return (folder / MARKER).is_file()


def check_out_argument(raw: str | Path, option: str = "--out", root_ok: bool = False) -> Path:
    """The folder named by --out, refusing the two that can never be one to write into: '' (which would be the
    current folder) and the root of the file system (unless `root_ok`, for commands that only read there)."""
    text = os.fspath(raw)
    if not text.strip():
        raise NotOurFolderError(f"{option} '' names no folder: give the folder to write into, e.g. {option} out")
    path = Path(text)
    if not root_ok and path.absolute().resolve() == Path(path.absolute().anchor):
        raise NotOurFolderError(f"{option} {text}: refusing to write into the root of the file system")
    return path


def _foreign(entry: Path) -> str | None:
    """Why `entry` (a child of an unmarked output folder) is not something an older kg wrote, or None."""
    name = entry.name
    if entry.is_symlink():
        return "a symbolic link"
    if name in OUTPUT_FILES:
        if not entry.is_file():
            return "not a file"
        with entry.open("rb") as f:
            head = f.read(4096)
        return None if _OUTPUT_SIGNATURE[name].search(head) else "not written by kg"
    if _LEFTOVER.fullmatch(name):
        return None
    if name == "store":
        if not entry.is_dir():
            return "not a folder"
        return None if (entry / "CURRENT").is_file() or not any(entry.iterdir()) else "not a kg store"
    if name == "cache":
        return cache_problem(entry)
    if name == STAGING:
        return staging_problem(entry)
    if name in (MARKER, LOCK):
        return None
    return "not a kg output"


def cache_problem(cache: Path) -> str | None:
    """What in `cache` kg did not write (named from the output folder), or None when it holds only kg's version
    folders and entries."""
    if cache.is_symlink() or not cache.is_dir():
        return f"{cache.name} is not a folder kg made"
    for version in sorted(cache.iterdir()):
        if version.is_symlink() or not version.is_dir() or not CACHE_VERSION.fullmatch(version.name):
            return f"{cache.name}/{version.name} is not a kg cache folder"
        for entry in sorted(version.iterdir()):
            if entry.is_symlink() or not entry.is_file() or not CACHE_ENTRY.fullmatch(entry.name):
                return f"{cache.name}/{version.name}/{entry.name} is not a kg cache entry"
    return None


def staging_problem(staging: Path) -> str | None:
    """What in a left-over staging folder kg did not write (named from the output folder), or None when all of
    it is kg's."""
    if staging.is_symlink() or not staging.is_dir():
        return f"{staging.name} is not a folder kg made"
    for entry in sorted(staging.iterdir()):
        if entry.is_symlink() or not _STAGING_ENTRY.fullmatch(entry.name):
            return f"{staging.name}/{entry.name} is not something kg writes"
    return None


def _refuse(out: Path, what: str) -> NotOurFolderError:
    return NotOurFolderError(f"--out {out}: {what}; kg writes only into a folder it made (marked by {MARKER}) or an "
                             "empty one: choose another --out, or move what is yours out of it")


def claim(out: Path) -> None:
    """Make `out` kg's output folder, or refuse (before anything is written or deleted) when it is not ours.

    Taken: a folder that does not exist (created), an empty one, a marked one, or an unmarked one holding exactly
    what an older kg wrote (it gets the marker). In a marked folder, the staging folder and the cache must still
    hold only what kg writes: a folder of the user's with one of those names is refused too."""
    if out.is_symlink() and not out.exists():
        raise _refuse(out, "a broken symbolic link")
    if out.exists() and not out.is_dir():
        raise NotOurFolderError(f"--out {out}: exists and is not a folder; --out names the folder to write into")
    try:
        if out.is_dir() and not is_output_folder(out):
            for entry in sorted(out.iterdir()):
                reason = _foreign(entry)
                if reason is not None:
                    raise _refuse(out, reason if reason.startswith(entry.name) else f"{entry.name} is {reason}")
        for name, problem in ((STAGING, staging_problem), ("cache", cache_problem)):
            if (out / name).exists() or (out / name).is_symlink():
                reason = problem(out / name)
                if reason is not None:
                    raise _refuse(out, reason)
        out.mkdir(parents=True, exist_ok=True)
        if not is_output_folder(out):
            (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise NotOurFolderError(f"--out {out}: cannot write there ({exc.strerror or exc})") from exc


def make_staging(out: Path) -> Path:
    """The staging folder of a build, marked as kg's the moment it exists."""
    staging = out / STAGING
    staging.mkdir()
    (staging / STAGING_MARKER).write_bytes(b"")
    return staging


class BuildLock:
    """An exclusive lock on an output folder for one build; the second build is told which process holds it.

    flock(2) on LOCK: the system releases it when the holder exits however it ends, so a killed build never
    leaves a stale lock."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self._file: IO[str] | None = None

    def acquire(self, wait: bool = False, on_wait=None) -> None:  # noqa: ANN001 - a callable taking the holder pid
        try:
            import fcntl
        except ImportError:  # not a POSIX system: builds are not serialised there
            return
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            raise NotOurFolderError(f"--out {self.path.parent}: {LOCK} is not a file kg made; remove it")
        handle = self.path.open("a+", encoding="utf-8")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(handle)
                if not wait:
                    raise NotOurFolderError(
                        f"--out {self.path.parent}: another kg build (process {holder}) is writing into it; wait "
                        "for it to finish (or run with --wait), or choose another --out") from None
                if on_wait is not None:
                    on_wait(holder)
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        except BaseException:
            handle.close()
            raise
        self._file = handle

    @staticmethod
    def _holder(handle: IO[str]) -> str:
        handle.seek(0)
        text = handle.read().strip()
        return text if text.isdigit() else "unknown"

    def release(self) -> None:
        """Clear the holder's id (so the folder is as it was before the build) and release the lock."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.seek(0)
                self._file.truncate()
            self._file.close()  # closing the file releases the lock
            self._file = None

    def __enter__(self) -> BuildLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half of one: a temporary file
    beside it (.NAME.XXXX.tmp), synced, then renamed over it, with the mode an ordinary new file would get."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; give it the mode an ordinary new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise

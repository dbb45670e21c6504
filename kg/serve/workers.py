"""The pool of worker processes that run the queries. pyoxigraph evaluates a query inside one native call that no
Python thread can interrupt, so a runaway query can only be stopped by ending the process running it: every
query runs in a worker with the store open read-only, and one that passes the time limit costs its worker.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.serve.answer import QueryJob, Reply, answer_query, error_reply
from kg.serve.config import DEFAULT_MAX_QUEUED, QUERY_STACK_BYTES, RETRY_AFTER_SECONDS, WORKER_START_TIMEOUT
from kg.store.store import (
    open_store,
)


def store_identity(store_dir: str | Path) -> tuple[int, int] | None:
    """Which build the store folder holds: `kg build` swaps a new store folder in whole, so a new inode is a new
    build. None when there is no folder."""
    try:
        st = os.stat(store_dir)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def open_one_build(store_dir: str) -> tuple[ox.Store, tuple[int, int] | None]:
    """The store and the build it belongs to; opened again if a rebuild swapped the folder while it opened."""
    for _ in range(5):
        before = store_identity(store_dir)
        store = open_store(Path(store_dir))
        if store_identity(store_dir) == before:
            return store, before
    return store, store_identity(store_dir)


def _worker_main(store_dir: str, max_rows: int, conn: Connection) -> None:
    """A worker process: open the store read-only, then answer jobs until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it ends the workers
    try:
        store, build = open_one_build(store_dir)
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", build))
    try:
        threading.stack_size(QUERY_STACK_BYTES)
        deep_stack = True
    except (ValueError, RuntimeError):  # a platform without settable thread stacks: the check of the text remains
        deep_stack = False
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        replies: list[Reply] = []

        def answer(job: QueryJob = job, replies: list[Reply] = replies) -> None:
            try:
                replies.append(answer_query(store, job, max_rows))
            except Exception as exc:  # a bug in one answer must not take the worker down with an unclear message
                replies.append(
                    error_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}: {exc}")
                )

        if deep_stack:
            # A fresh thread per query: the stack a deep query used is given back when it ends.
            runner = threading.Thread(target=answer, name="kg-query")
            runner.start()
            runner.join()
        else:
            answer()
        conn.send(replies[0])


# --------------------------------------------------------------------------------------------------------------
# The pool of worker processes
# --------------------------------------------------------------------------------------------------------------


# How a worker dies when a query overflows the engine's stack.
_CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT})


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    build: tuple[int, int] | None = None  # the store folder it opened (store_identity)


class WorkerPool:
    """Worker processes that each hold the store open; a query that overruns its time limit costs its worker.

    Every worker answers from the same build: when `kg build` swaps a new store in, the next query notices, a whole
    new set of workers opens it, and the old ones end as their queries finish; a replacement that would open
    another build than its peers is never mixed in.

    "spawn" rather than fork: replacements are started while the server's threads run, and forking a threaded
    process can copy a lock in a held state.
    """

    def __init__(self, store_dir: Path, size: int, max_rows: int, max_queued: int = DEFAULT_MAX_QUEUED) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._store_dir = str(store_dir)
        self._max_rows = max_rows
        self.size = size
        # Requests that may be waiting for or using a worker; beyond that the answer is 503 at once.
        self._admitted = threading.BoundedSemaphore(size + max_queued)
        self.max_queued = max_queued
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._start_failure: str | None = None  # why the last replacement worker could not start
        self._reload_lock = threading.Lock()
        self.build: tuple[int, int] | None = None
        try:
            workers = self._start_set()
        except BaseException:
            self.close()
            raise
        self.build = workers[0].build
        for worker in workers:
            self._idle.put(worker)

    def _start_set(self) -> list[_Worker]:
        """`size` ready workers on one build (started again if a rebuild landed while they opened)."""
        for _ in range(3):
            workers = [self._launch() for _ in range(self.size)]
            try:
                for worker in workers:
                    self._await_ready(worker)
            except BaseException:
                for worker in workers:
                    self._end(worker)
                raise
            if len({w.build for w in workers}) == 1:
                return workers
            for worker in workers:
                self._end(worker)
        raise KgError("the store kept changing while the query workers opened it (a build running in a loop?)")

    def current_build(self) -> tuple[int, int] | None:
        """The build the workers answer from, after following a rebuild that swapped a new store in."""
        now = store_identity(self._store_dir)
        if now is not None and now != self.build:
            with self._reload_lock:
                if store_identity(self._store_dir) != self.build:
                    self._reload()
        return self.build

    def _reload(self) -> None:
        try:
            fresh = self._start_set()
        except KgError as exc:
            print(f"kg serve: the store was rebuilt but cannot be opened ({exc}); still answering from the "
                  "previous build", file=sys.stderr, flush=True)
            return
        with self._lock:
            self.build = fresh[0].build
            closed = self._closed
        stale = []
        while True:
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in fresh:
            if closed:
                self._end(worker)
            else:
                self._idle.put(worker)
        for worker in stale:
            self._end(worker)
        print(f"kg serve: the store was rebuilt; {len(fresh)} query workers now answer from the new build",
              file=sys.stderr, flush=True)

    def _launch(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(self._store_dir, self._max_rows, child), name="kg-serve-worker", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._live.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        try:
            message = worker.conn.recv() if worker.conn.poll(WORKER_START_TIMEOUT) else ("failed", "no answer")
        except (EOFError, OSError):
            message = ("failed", f"it exited with status {worker.process.exitcode}")
        if message[0] != "ready":
            self._end(worker)
            raise KgError(f"a query worker could not start: {message[1]}")
        worker.build = message[1]

    def _end(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            self._live.discard(worker)

    def _replace(self) -> None:
        try:
            worker = self._launch()
            self._await_ready(worker)
        except KgError as exc:
            print(f"kg serve: {exc}", file=sys.stderr, flush=True)
            with self._lock:
                self._start_failure = str(exc)
            return
        with self._lock:
            self._start_failure = None
            closed = self._closed
            mixed = worker.build != self.build
        if closed or mixed:
            self._end(worker)  # a rebuild landed: the next query starts a whole set on it
        else:
            self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker whose query overran or failed, and start another in the background."""
        self._end(worker)
        with self._lock:
            closed = self._closed
        if not closed:
            threading.Thread(target=self._replace, name="kg-serve-respawn", daemon=True).start()

    def run(self, job: QueryJob, timeout: float) -> Reply:
        """Answer `job` in a worker within `timeout` seconds (after waiting at most as long for a free worker);
        when --max-queued queries already wait, answer 503 at once, so waiting requests stay bounded."""
        if not self._admitted.acquire(blocking=False):
            return error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the server is busy: {self.size} queries are running and {self.max_queued} are waiting "
                f"(kg serve --workers, --max-queued); try again in {RETRY_AFTER_SECONDS} s",
                retry_after=RETRY_AFTER_SECONDS,
            )
        try:
            return self._run_admitted(job, timeout)
        finally:
            self._admitted.release()

    def _no_workers_left(self) -> Reply | None:
        """With every worker gone and the last replacement refused (the store deleted or moved away), say so rather
        than that the workers are busy; one new start is tried first, in case the store is back."""
        with self._lock:
            failure, live = self._start_failure, len(self._live)
        if failure is None or live:
            return None
        self._replace()
        with self._lock:
            failure = self._start_failure
        if failure is None:
            return None
        return error_reply(HTTPStatus.SERVICE_UNAVAILABLE, f"no query worker can open the store any more ({failure}); "
                           "was it deleted or moved? Rebuild it and restart kg serve")

    def _run_admitted(self, job: QueryJob, timeout: float) -> Reply:
        self.current_build()
        gone = self._no_workers_left()
        if gone is not None:
            return gone
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"all {self.size} query workers stayed busy for {timeout:g} s; try again, or start kg serve with "
                "more --workers",
                retry_after=RETRY_AFTER_SECONDS,
            )
        done = False
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                reply = worker.conn.recv()
                done = True
                return reply
            return error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the time limit of {timeout:g} s and was stopped (kg serve --timeout); "
                "narrow it, e.g. with more selective patterns or a LIMIT",
            )
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            if code is not None and code < 0 and -code in _CRASH_SIGNALS:
                return error_reply(
                    HTTPStatus.BAD_REQUEST,
                    f"the query engine crashed on this query ({signal.Signals(-code).name}), most likely because it "
                    "is nested or chained too deeply; simplify it. A new query worker is starting",
                )
            return error_reply(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"the query worker ended while answering (exit status {code}; out of memory?); a new one is starting",
            )
        finally:
            if done and worker.build == self.build:
                self._idle.put(worker)
            elif done:
                self._end(worker)  # it answered from the build before a rebuild; its successors are running
            else:
                self._retire(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._live)
        for worker in workers:
            self._end(worker)

"""Running the parser on a batch of files, each under a time budget: in this process, in a pool
of local worker processes (both cores), or on a Dask cluster when DASK_SCHEDULER_ADDRESS names
one. Whichever runs it, a batch gives the same rows in the same order, and a file that takes
longer than the budget, or kills its process, is its own `failed` record while the run goes on.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import wait
from pathlib import Path

from pipelines.extract.records import ParsedReport
from pipelines.extract.source import refused_report
from pipelines.store.rows import StoredRows, stored_rows

# Fewer files than this are parsed in-process: worker start-up would cost more.
MIN_PARALLEL_BATCH = 64
# Rows are handed on in the batch's order, so a file that takes long (up to its budget) holds
# back every file parsed after it: no more than this many are parsed ahead of it.
MAX_PARSED_AHEAD = 1000
# A file whose parse takes longer than this (seconds) is recorded `failed`; the run goes on.
PARSE_TIMEOUT_ENV = "PARSE_TIMEOUT_SECONDS"
DEFAULT_PARSE_TIMEOUT = 60.0
# Dask's own name for its scheduler's address (dask.config reads it as `scheduler-address`).
DASK_SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"

BatchParser = Callable[[list["Task"], datetime], Iterator[StoredRows]]


@dataclass(frozen=True)
class Task:
    """One record to make this run: a file to parse, or an entry refused with its reason."""

    name: str
    path: Path | None = None
    digest: str | None = None
    refusal: str | None = None


@contextmanager
def batch_parser() -> Iterator[BatchParser]:
    """The parser of this run's batches: on the Dask cluster DASK_SCHEDULER_ADDRESS names (one
    client for the whole run), else on this machine."""
    address = os.environ.get(DASK_SCHEDULER_ENV, "").strip()
    if not address:
        yield parse_locally
        return
    from pipelines.store.cluster import cluster_parser  # imports dask: only when asked for

    with cluster_parser(address) as parse:
        yield parse


def parse_budget() -> float:
    """Seconds one file may take to parse: PARSE_TIMEOUT_SECONDS, else DEFAULT_PARSE_TIMEOUT."""
    try:
        budget = float(os.environ.get(PARSE_TIMEOUT_ENV, "") or DEFAULT_PARSE_TIMEOUT)
    except ValueError:
        return DEFAULT_PARSE_TIMEOUT
    return budget if budget > 0 and budget == budget else DEFAULT_PARSE_TIMEOUT


class ParseTimeout(BaseException):
    """Raised into an in-process parse that ran past its budget (a BaseException, so the
    parser's own `except Exception` cannot swallow it)."""


def parse_one(task: Task, parsed_at: datetime) -> StoredRows:
    """Parse one file into its records (runs in a worker process for big batches)."""
    if task.refusal is not None:
        return stored_rows(refused_report(task.name, task.refusal), parsed_at)
    report = _parser()(task.path, source_file=task.name)
    return stored_rows(report, parsed_at)


def _parser() -> Callable[..., ParsedReport]:
    """The parser, imported only where files are parsed: a run that finds nothing to parse,
    and the sensor's process, never load its modules (0.26 s and 19 MB)."""
    from pipelines.extract.report import parse_report

    return parse_report


def failed_rows(task: Task, reason: str, parsed_at: datetime) -> StoredRows:
    if task.digest is None:
        return stored_rows(refused_report(task.name, reason), parsed_at)
    report = ParsedReport(
        report_id=task.digest[:16],
        source_file=task.name,
        source_sha256=task.digest,
        parse_status="failed",
        parse_errors=[reason],
    )
    return stored_rows(report, parsed_at)


def timeout_reason(budget: float) -> str:
    return (
        f"parsing took over {budget:g} s, the per-file budget ({PARSE_TIMEOUT_ENV}): "
        f"stopped, nothing of the file is loaded"
    )


def parse_locally(batch: list[Task], parsed_at: datetime) -> Iterator[StoredRows]:
    """Rows of every task, in the batch's order. Parsed in worker processes (both cores) when
    the batch is big enough to pay for starting them, else in this process; either way a
    file that takes longer than the budget is stopped and recorded `failed`."""
    budget = parse_budget()
    workers = int(os.environ.get("PARSE_WORKERS", os.cpu_count() or 1))
    to_parse = sum(1 for task in batch if task.refusal is None)
    if to_parse:
        # Loaded here, outside any file's budget (an import cut by the alarm could swallow it
        # and leave that file unbounded) and before the workers fork, so they share it.
        _parser()
    if workers < 2 or to_parse < MIN_PARALLEL_BATCH:
        for task in batch:
            yield _parse_in_process(task, parsed_at, budget)
        return
    yield from _parse_in_workers(batch, parsed_at, budget, min(workers, to_parse))


def _parse_in_process(task: Task, parsed_at: datetime, budget: float) -> StoredRows:
    if task.refusal is not None:
        return parse_one(task, parsed_at)
    try:
        with deadline(budget):
            return parse_one(task, parsed_at)
    except ParseTimeout:
        return failed_rows(task, timeout_reason(budget), parsed_at)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ParseTimeout in this thread after `seconds`. In the main thread by SIGALRM, which
    also stops a long regular-expression match (its C code checks for signals); in another
    thread by an exception set asynchronously, seen between two Python steps."""
    if threading.current_thread() is threading.main_thread():

        def expire(signum, frame):
            raise ParseTimeout()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
            finally:
                signal.signal(signal.SIGALRM, previous)
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True}

    def expire_thread() -> None:
        with lock:
            if state["running"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(ParseTimeout)
                )

    timer = threading.Timer(seconds, expire_thread)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["running"] = False
        timer.cancel()


def _worker(batch: list[Task], parsed_at: datetime, tasks, parent_ends) -> None:
    """A parsing process: parse each task of the batch whose index it is sent, send back its
    rows; stop at EOF (the run ended or was killed). The batch comes with the process (forked,
    it is not even copied), so each task costs the pipe an int, not a pickled Task and path."""
    for end in parent_ends:
        end.close()  # so that this worker sees EOF when the run goes away
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            index = tasks.recv()
        except (EOFError, OSError):
            return
        if index is None:
            return
        try:
            tasks.send(("ok", parse_one(batch[index], parsed_at)))
        except Exception as error:  # noqa: BLE001 - reported as this file's failure
            tasks.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, context, batch: list[Task], parsed_at: datetime, parent_ends: list) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker,
            args=(batch, parsed_at, child, parent_ends + [self.connection]),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5 if not kill else None)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _parse_in_workers(
    batch: list[Task], parsed_at: datetime, budget: float, count: int
) -> Iterator[StoredRows]:
    """Parse the batch in `count` worker processes. A worker whose file runs past the budget
    is killed and replaced; one that dies is replaced; each such file is recorded `failed`."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    results: dict[int, StoredRows] = {}
    queue = [index for index, task in enumerate(batch) if task.refusal is None]
    for index, task in enumerate(batch):
        if task.refusal is not None:
            results[index] = parse_one(task, parsed_at)
    queue.reverse()  # pop() from the end takes the batch in order
    workers: list[_Worker] = []
    next_out = 0

    def assign(worker: _Worker) -> None:
        if queue and queue[-1] < next_out + MAX_PARSED_AHEAD:
            worker.index = queue.pop()
            worker.started = time.monotonic()
            worker.connection.send(worker.index)
        else:
            worker.index = None

    def replace(worker: _Worker) -> None:
        workers.remove(worker)
        worker.stop(kill=True)
        if queue:
            fresh = _Worker(context, batch, parsed_at, [w.connection for w in workers])
            workers.append(fresh)
            assign(fresh)

    try:
        for _ in range(count):
            worker = _Worker(context, batch, parsed_at, [w.connection for w in workers])
            workers.append(worker)
            assign(worker)
        while True:
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            for worker in workers:
                if worker.index is None:
                    assign(worker)  # (one that waited for the oldest file to finish)
            busy = [w for w in workers if w.index is not None]
            if not busy:
                break
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + budget for w in busy) - now)
            ready = wait([w.connection for w in busy], timeout=wait_for)
            for worker in busy:
                index = worker.index
                if worker.connection in ready:
                    try:
                        outcome, payload = worker.connection.recv()
                    except (EOFError, OSError):
                        # (its pipe closes as it exits, a moment before it can be reaped)
                        worker.process.join(timeout=1)
                        code = worker.process.exitcode
                        results[index] = failed_rows(
                            batch[index],
                            f"the parser's process died (exit code {code}): "
                            f"nothing of the file is loaded",
                            parsed_at,
                        )
                        replace(worker)
                        continue
                    results[index] = (
                        payload
                        if outcome == "ok"
                        else failed_rows(batch[index], f"parser error {payload}", parsed_at)
                    )
                    assign(worker)
                elif time.monotonic() - worker.started >= budget:
                    results[index] = failed_rows(batch[index], timeout_reason(budget), parsed_at)
                    replace(worker)
        while next_out in results:
            yield results.pop(next_out)
            next_out += 1
    finally:
        for worker in workers:
            worker.stop(kill=worker.index is not None)

"""Parsing on a Dask cluster (dask.distributed), for archives one machine cannot parse in time.

The run reads each file itself (it has just hashed it) and sends slices of files' bytes to the
cluster, so the workers need no access to RAW_DIR; the rows come back and the run writes the
store's parts, so the store is the same whether the local pool or the cluster parsed it.

On a worker a file is parsed under the same budget as at home, stopped between two Python
steps. A slice whose worker dies, or that outlives the budget of all its files (a parse stuck
inside one C call, as a regular expression that backtracks for ever), is given up (its worker
restarted) and its files are sent one at a time, so only the file at fault is recorded
`failed`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from distributed import Client, Future
from distributed.client import FutureCancelledError
from distributed.scheduler import KilledWorker

from pipelines.extract.records import ParsedReport
from pipelines.extract.report import ReportFile, parse_read_report, read_report
from pipelines.store.parsing import (
    BatchParser,
    ParseTimeout,
    Task,
    deadline,
    failed_rows,
    parse_budget,
    parse_one,
    timeout_reason,
)
from pipelines.store.rows import StoredRows, stored_rows

# Files per task sent to the cluster: enough to make a task's overhead (a few ms) small
# beside its parse, few enough that the slices spread over every worker.
SLICE_SIZE = 32
# Bytes of files read and sent but not yet gathered, and their number: bound what the run
# holds for the cluster and the rows that wait on its workers. 2 048 files are 64 slices, so
# a cluster of up to 64 worker processes is kept busy.
MAX_BYTES_IN_FLIGHT = 256 * 2**20
MAX_FILES_IN_FLIGHT = 2048
CONNECT_TIMEOUT_SECONDS = 10
# Beyond the budget of its files, how long a slice may take before it is given up (the time
# to send it, start it and bring its rows back).
GRACE_SECONDS = 30.0

# A file sent: its place in the batch, its task and what was read of it.
_Sent = tuple[int, Task, ReportFile]


class ClusterUnavailable(RuntimeError):
    """DASK_SCHEDULER_ADDRESS names a scheduler that does not answer."""


@contextmanager
def cluster_parser(address: str) -> Iterator[BatchParser]:
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ClusterUnavailable(
            f"DASK_SCHEDULER_ADDRESS={address!r}: no Dask scheduler answered within "
            f"{CONNECT_TIMEOUT_SECONDS} s ({error}); unset it to parse on this machine"
        ) from error
    try:
        yield lambda batch, parsed_at: _parse_on(client, batch, parsed_at)
    finally:
        client.close()


def _parse_on(client: Client, batch: list[Task], parsed_at: datetime) -> Iterator[StoredRows]:
    """Rows of every task, in the batch's order. Files are read as their slice is sent, and
    no more than MAX_BYTES_IN_FLIGHT or MAX_FILES_IN_FLIGHT of them wait on the cluster (a
    file may be 20 MB)."""
    budget = parse_budget()
    results: dict[int, StoredRows] = {}
    in_flight: deque[tuple[list[_Sent], Future, int]] = deque()
    waiting = 0  # bytes of the slices in flight
    waiting_files = 0
    next_out = 0

    def gather_oldest() -> None:
        nonlocal waiting, waiting_files
        files, future, size = in_flight.popleft()
        waiting -= size
        waiting_files -= len(files)
        gathered = _gathered(client, files, future, parsed_at, budget)
        for (index, _, _), rows in zip(files, gathered, strict=True):
            results[index] = rows

    def send(files: list[_Sent]) -> None:
        nonlocal waiting, waiting_files
        size = sum(len(read.data) for _, _, read in files)
        while in_flight and (
            waiting + size > MAX_BYTES_IN_FLIGHT or waiting_files + len(files) > MAX_FILES_IN_FLIGHT
        ):
            gather_oldest()
        in_flight.append((files, _submit(client, files, parsed_at, budget), size))
        waiting += size
        waiting_files += len(files)

    files: list[_Sent] = []
    for index, task in enumerate(batch):
        if task.refusal is not None or task.path is None:
            results[index] = parse_one(task, parsed_at)
            continue
        read = read_report(task.path, task.name)
        if isinstance(read, ParsedReport):  # could not be read: nothing to send
            results[index] = stored_rows(read, parsed_at)
            continue
        files.append((index, task, read))
        if len(files) == SLICE_SIZE:
            send(files)
            files = []
        while next_out in results:
            yield results.pop(next_out)
            next_out += 1
    if files:
        send(files)
    while in_flight:
        gather_oldest()
        while next_out in results:
            yield results.pop(next_out)
            next_out += 1


def _submit(
    client: Client, files: list[_Sent], parsed_at: datetime, budget: float, priority: int = 0
) -> Future:
    return client.submit(
        parse_slice,
        [(task, read) for _, task, read in files],
        parsed_at,
        budget,
        pure=False,
        priority=priority,
    )


def _gathered(
    client: Client,
    files: list[_Sent],
    future: Future,
    parsed_at: datetime,
    budget: float,
) -> list[StoredRows]:
    """The slice's rows. A slice that kills its worker, or outlives the budget of all its
    files (a parse stuck in C code, which the worker's own deadline cannot stop), is sent
    again file by file, so only the file at fault is `failed`."""
    # A slice may wait for one slice running ahead of it on its worker.
    limit = budget * (len(files) + SLICE_SIZE) + GRACE_SECONDS
    try:
        return future.result(timeout=limit)
    except TimeoutError:
        _stop(client, future)
        reason = timeout_reason(budget)
    except (KilledWorker, FutureCancelledError):
        reason = "the parser's worker on the cluster died or hung: nothing of the file is loaded"
    if len(files) == 1:
        return [failed_rows(files[0][1], reason, parsed_at)]
    # One file at a time, ahead of the slices waiting: a file that kills its worker then
    # takes no other file with it.
    return [_alone(client, file, parsed_at, budget) for file in files]


def _alone(client: Client, file: _Sent, parsed_at: datetime, budget: float) -> StoredRows:
    """One file of a failed slice, sent on its own ahead of the slices waiting."""
    future = _submit(client, [file], parsed_at, budget, priority=1)
    return _gathered(client, [file], future, parsed_at, budget)[0]


def _stop(client: Client, future: Future) -> None:
    """Cancel a task past its time and restart the worker running it: a thread stuck in C code
    would hold the worker's only thread for ever."""
    stuck = [worker for worker, keys in client.processing().items() if future.key in keys]
    future.cancel()
    if stuck:
        client.restart_workers(stuck, raise_for_error=False)


def parse_slice(
    files: list[tuple[Task, ReportFile]], parsed_at: datetime, budget: float
) -> list[StoredRows]:
    """Runs on a worker: each file's rows, each parse under the budget."""
    rows = []
    for task, read in files:
        # One result per file, appended outside the deadline: the budget may expire between
        # the parse's end and the deadline's, and the file must not get two.
        try:
            with deadline(budget):
                result = stored_rows(parse_read_report(read), parsed_at)
        except ParseTimeout:
            result = failed_rows(task, timeout_reason(budget), parsed_at)
        except Exception as error:  # noqa: BLE001 - as the local pool records it
            result = failed_rows(task, f"parser error {type(error).__name__}: {error}", parsed_at)
        rows.append(result)
    return rows

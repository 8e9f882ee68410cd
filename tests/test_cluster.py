"""Issue 12, past one machine: with DASK_SCHEDULER_ADDRESS set, parsing fans out to a Dask
cluster (here a LocalCluster of two worker processes) and the store it leaves is the local
pool's, byte for byte; a file that runs past its budget or kills its worker on the cluster is
that file's `failed` record and the run goes on."""

import os
import shutil
import time
from datetime import UTC, datetime

import dask
import pytest
import regex
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from pipelines.store import cluster as cluster_module
from pipelines.store import parsing
from pipelines.store import update as store
from pipelines.store.cluster import ClusterUnavailable
from pipelines.store.update import read_manifest, update_store
from tests.conftest import RAW_DIR, SEED_WUQING

PARSED_AT = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def dask_cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster


@pytest.fixture
def one_clock(monkeypatch):
    """Both stores are made at one instant, so their part names and parsed_at agree."""
    monkeypatch.setattr(store, "_now", lambda: PARSED_AT)


def store_files(parsed_dir):
    return {
        path.relative_to(parsed_dir).as_posix(): path.read_bytes()
        for path in sorted(parsed_dir.rglob("*"))
        if path.is_file()
    }


def not_on_this_machine(batch, parsed_at):
    raise AssertionError("parsed locally although DASK_SCHEDULER_ADDRESS is set")


def test_the_cluster_parses_the_store_byte_for_byte_as_the_local_pool(
    tmp_path, monkeypatch, dask_cluster, one_clock
):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "empty.txt").write_bytes(b"")
    monkeypatch.setattr(parsing, "MIN_PARALLEL_BATCH", 1)
    monkeypatch.setenv("PARSE_WORKERS", "2")
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    local = update_store(raw, tmp_path / "local.parsed")
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", dask_cluster.scheduler_address)
    monkeypatch.setattr(parsing, "parse_locally", not_on_this_machine)
    # small slices, and never more than one in flight, by bytes and then by files: the order
    # and both windows are tested
    monkeypatch.setattr(cluster_module, "SLICE_SIZE", 3)
    monkeypatch.setattr(cluster_module, "MAX_BYTES_IN_FLIGHT", 1)
    on_cluster = update_store(raw, tmp_path / "cluster.parsed")
    monkeypatch.setattr(cluster_module, "MAX_BYTES_IN_FLIGHT", 2**30)
    monkeypatch.setattr(cluster_module, "MAX_FILES_IN_FLIGHT", 3)
    by_files = update_store(raw, tmp_path / "by_files.parsed")

    assert on_cluster == by_files == local
    assert "empty.txt" in local.problems and len(local.added) == sum(
        1 for path in raw.iterdir() if not path.name.endswith(".meta.json")
    )
    local_files = store_files(tmp_path / "local.parsed")
    assert len(local_files) > 5
    assert store_files(tmp_path / "cluster.parsed") == local_files
    assert store_files(tmp_path / "by_files.parsed") == local_files


class FaultyParser(WorkerPlugin):
    """On every worker, and on every worker started to replace one: a file named slow_loop*
    never finishes its parse (in Python), slow_regex* neither (in C, where the worker's own
    deadline cannot reach it), and crash* kills the worker's process."""

    def setup(self, worker):
        real = cluster_module.parse_read_report

        def parse(read):
            if read.source_file.startswith("slow_loop"):
                while True:
                    pass
            if read.source_file.startswith("slow_regex"):
                regex.match(r"(a|aa)+$", "a" * 60 + "b")  # C code for ages, GIL released
            if read.source_file.startswith("crash"):
                os._exit(3)
            return real(read)

        cluster_module.parse_read_report = parse


def test_a_file_that_hangs_or_kills_its_worker_on_the_cluster_is_failed_alone(
    tmp_path, monkeypatch
):
    raw = tmp_path / "raw"
    raw.mkdir()
    seed = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")
    for name in ("good0.txt", "slow_loop.txt", "slow_regex.txt", "crash.txt", "good1.txt"):
        (raw / name).write_text(seed + f"\n({name})\n", encoding="utf-8")
    # a cluster of its own: this test kills its workers. A task whose worker dies is not
    # tried again (Dask's default is three times), so a crash is told apart from a timeout
    # however slow the machine.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(FaultyParser())
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
        monkeypatch.setenv("PARSE_TIMEOUT_SECONDS", "3")
        monkeypatch.setattr(cluster_module, "GRACE_SECONDS", 3)
        monkeypatch.setattr(cluster_module, "SLICE_SIZE", 5)  # all five files in one slice
        started = time.monotonic()
        update = update_store(raw, tmp_path / "w.parsed")
    assert time.monotonic() - started < 180  # the slices given up, nothing waits for ever
    assert update.problems["slow_loop.txt"].startswith("failed: parsing took over 3 s")
    assert update.problems["slow_regex.txt"].startswith("failed: parsing took over 3 s")
    assert update.problems["crash.txt"].startswith(
        "failed: the parser's worker on the cluster died or hung"
    )
    statuses = {
        name: row["parse_status"] for name, row in read_manifest(tmp_path / "w.parsed").items()
    }
    assert statuses == {
        "good0.txt": "ok",
        "good1.txt": "ok",
        "slow_loop.txt": "failed",
        "slow_regex.txt": "failed",
        "crash.txt": "failed",
    }


def test_a_scheduler_that_does_not_answer_stops_the_run_with_the_reason(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes((RAW_DIR / SEED_WUQING).read_bytes())
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT_SECONDS", 1)
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:9")
    with pytest.raises(ClusterUnavailable, match="no Dask scheduler answered"):
        update_store(raw, tmp_path / "w.parsed")
    assert read_manifest(tmp_path / "w.parsed") == {}

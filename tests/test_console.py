"""Issue 11, the console tells what a run did: files added, changed, removed and unchanged,
whether the warehouse was republished, and a failure's cause in one line (RAW_DIR not a
folder, the warehouse open read-write in another process, a lock held by a PID); `make
report` and `make export` on a missing warehouse say so in one line. Every file of RAW_DIR is
accounted for: a PDF, a Word or WPS document, an image is recorded `failed`."""

import shutil
import subprocess
import sys
import textwrap
import time
from collections import Counter

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.defs.resources import WarehouseSettings
from pipelines.reporting.summary import account, cause_of, failure_cause, lock_holder, run_records
from pipelines.store.files import scan_raw_dir
from pipelines.store.update import update_store
from tests.conftest import PROJECT_ROOT, RAW_DIR, SAMPLE_COUNT, SEED_WUQING, refresh


def run_log(settings):
    """Run the job in this process; its log as `make run` keeps it, and the result."""
    job = defs.resolve_job_def("refresh_warehouse")
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance, resources={"settings": settings}, raise_on_error=False
        )
        log = "\n".join(
            event.message for event in instance.all_logs(result.run_id) if event.message
        )
    return result, log


def test_a_run_says_what_it_did(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    settings = WarehouseSettings(raw_dir=str(raw), warehouse_path=str(tmp_path / "w.duckdb"))
    first_result, first = run_log(settings)
    (raw / SEED_WUQING).unlink()
    shutil.copy(RAW_DIR / SEED_WUQING, raw / "wuqing_renamed.txt")
    (raw / "101_sanming_smsrmzf_2021.txt").write_bytes(
        (RAW_DIR / "101_sanming_smsrmzf_2021.txt").read_bytes() + b"\n"
    )
    _, second = run_log(settings)
    third_result, third = run_log(settings)
    lines = account(run_records(first))
    assert lines[0] == (
        f"RAW_DIR {raw}: {SAMPLE_COUNT} added, 0 changed, 0 removed, "
        f"0 unchanged ({SAMPLE_COUNT} files)"
    )
    assert any(
        line.startswith(f"warehouse {settings.warehouse}: republished (a full build;")
        for line in lines
    )
    lines = account(run_records(second))
    assert lines[:4] == [
        f"RAW_DIR {raw}: 1 added, 1 changed, 1 removed, {SAMPLE_COUNT - 2} unchanged "
        f"({SAMPLE_COUNT} files)",
        "  added: wuqing_renamed.txt",
        "  changed: 101_sanming_smsrmzf_2021.txt",
        f"  removed: {SEED_WUQING}",
    ]
    # an incremental update: 武清 is named by its new file, 三明 2021's old bytes leave and
    # its new ones come
    assert any(
        line.startswith(
            f"warehouse {settings.warehouse}: republished (an incremental "
            f"update, 3 reports changed;"
        )
        for line in lines
    )
    lines = account(run_records(third))
    assert lines[0].endswith(
        f"0 added, 0 changed, 0 removed, {SAMPLE_COUNT} unchanged ({SAMPLE_COUNT} files)"
    )
    assert lines[1].startswith(
        f"warehouse {settings.warehouse}: not republished (nothing changed since build "
    )
    assert lines[2:] == [
        f"exports {settings.exports}: unchanged (made from that build)",
        f"report page {settings.page}: unchanged (made from that build)",
    ]
    # nothing changed, so nothing is emitted after the parse: no model, page or export is
    # materialized and no check runs again
    assert materialized(third_result) == {"parsed_reports"}
    assert third_result.get_asset_check_evaluations() == []
    # a page that is gone is not "unchanged": the next run, though no report changed, draws it
    settings.page.unlink()
    # (and a crawler's index that appears is named, not recorded)
    (raw / "links.tsv").write_text("url\tfile\n")
    fourth_result, fourth = run_log(settings)
    assert {"report_page", "mart_exports"} <= materialized(fourth_result)
    assert settings.page.exists()
    assert f"report page {settings.page}: written" in account(run_records(fourth))
    assert "  not reports (not recorded): links.tsv" in account(run_records(fourth))
    # the parse's materialization counts the statuses the warehouse holds
    parse = fourth_result.asset_materializations_for_node("parsed_reports")[0].metadata
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        held = dict(
            connection.execute(
                "select parse_status, count(*) from dim_report group by parse_status"
            ).fetchall()
        )
    statuses = ("ok", "partial", "failed")
    assert {status: parse[status].value for status in statuses} == {
        status: held.get(status, 0) for status in statuses
    }
    assert parse["reports"].value == SAMPLE_COUNT == sum(held.values())
    assert parse["not_reports"].value == "links.tsv"
    assert {"dim_report", "mart_yoy", "report_page", "mart_exports"} <= materialized(first_result)
    assert len(first_result.get_asset_check_evaluations()) > 20


def materialized(result):
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def test_a_raw_dir_that_is_not_a_folder_is_one_line(tmp_path):
    settings = WarehouseSettings(
        raw_dir=str(tmp_path / "nowhere"), warehouse_path=str(tmp_path / "w.duckdb")
    )
    result, log = run_log(settings)
    assert not result.success
    assert failure_cause(log) == f"reading RAW_DIR: RAW_DIR {tmp_path / 'nowhere'} is not a folder"


def test_make_run_prints_the_cause_and_no_traceback(tmp_path):
    if not (PROJECT_ROOT / ".venv" / ".installed").exists():
        pytest.skip("`make run` needs the project's .venv (make install)")
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "run",
            f"RAW_DIR={tmp_path / 'nowhere'}",
            f"WAREHOUSE_PATH={tmp_path / 'w.duckdb'}",
            f"DAGSTER_HOME={tmp_path / 'dagster'}",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert (
        f"run failed: reading RAW_DIR: RAW_DIR {tmp_path / 'nowhere'} is not a folder\n"
        in result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "module", ["pipelines.reporting.report_page", "pipelines.reporting.export"]
)
def test_report_and_export_on_a_missing_warehouse_say_one_line(tmp_path, module):
    result = subprocess.run(
        [sys.executable, "-m", module, str(tmp_path / "none.duckdb"), str(tmp_path / "out")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"make {'report' if module.endswith('report_page') else 'export'}: no warehouse at "
        f"{tmp_path / 'none.duckdb'}: run `make run` first"
    ]


def test_a_warehouse_open_read_write_elsewhere_names_the_process(seed_warehouse, tmp_path):
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(seed_warehouse.resolve().read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import duckdb, sys
        connection = duckdb.connect({str(copy)!r})
        print("open", flush=True)
        sys.stdin.readline()
    """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(duckdb.Error) as error:
            duckdb.connect(str(copy), read_only=True)
        assert cause_of(error.value).startswith(
            f"the warehouse file is open read-write in PID {holder.pid} ("
        )
        assert cause_of(error.value).endswith(
            "open the warehouse read-only (duckdb -readonly, or read_only=True)"
        )
    finally:
        holder.communicate("done\n", timeout=30)


def test_a_run_waiting_for_a_lock_names_who_holds_it(tmp_path):
    lock = tmp_path / "w.parsed.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from pipelines.store.update import exclusive
        with exclusive(Path({str(lock)!r})):
            print("held", flush=True)
            sys.stdin.readline()
    """),
        ],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert lock_holder(lock).startswith(f"PID {holder.pid} (")
    finally:
        holder.communicate("done\n", timeout=30)
    deadline = time.monotonic() + 10
    while lock_holder(lock) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lock_holder(lock) is None


def test_failure_cause_falls_back_on_the_last_exception_line():
    log = (
        "step started\nTraceback (most recent call last):\n  File x\n"
        "duckdb.duckdb.IOException: IO Error: disk full\n"
    )
    assert failure_cause(log) == "IOException: IO Error: disk full"
    assert failure_cause("") == "the run ended before it logged anything"


# --- every file of RAW_DIR is accounted for --------------------------------------------------


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SEED_WUQING, raw / SEED_WUQING)
    for name, data in (
        ("report_2021.pdf", b"%PDF-1.4\n%%EOF\n"),
        ("report_2021.DOCX", b"PK\x03\x04word/document.xml"),
        ("report_2020.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("report_2019.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("scan_p1.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("sub/scan_p2.png", b"\x89PNG\r\n\x1a\n"),
        ("links.tsv", b"url\tfile\n"),
        ("MANIFEST.tsv", b"file\n"),
    ):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(data)
    update, summary = refresh(raw, root)
    warehouse = summary.warehouse_path
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = dict(
            connection.execute(
                "select source_file, parse_status || ': ' || parse_errors "
                "from dim_report where parse_status = 'failed'"
            ).fetchall()
        )
    return raw, update, rows


@pytest.mark.parametrize(
    "name, kind",
    [
        ("report_2021.pdf", "PDF"),
        ("report_2021.DOCX", "Word (.docx)"),
        ("report_2020.doc", "Word (.doc)"),
        ("report_2019.wps", "WPS (.wps)"),
        ("scan_p1.jpg", "image (.jpg)"),
        ("sub/scan_p2.png", "image (.png)"),
    ],
)
def test_a_report_in_a_format_not_read_is_recorded_failed(formats, name, kind):
    _, update, rows = formats
    assert rows[name].startswith(f"failed: format not read: {kind}; only text and HTML are read")
    assert update.problems[name].startswith(f"failed: format not read: {kind}")


def test_other_files_are_named_not_recorded(formats):
    raw, update, rows = formats
    assert "links.tsv" not in rows
    assert update.other == ["MANIFEST.tsv", "links.tsv"]
    assert scan_raw_dir(raw).other == ["MANIFEST.tsv", "links.tsv"]
    assert [candidate.name for candidate in scan_raw_dir(raw).reports] == [SEED_WUQING]


def test_the_update_says_what_the_store_holds_as_the_warehouse_counts_it(formats):
    raw, update, _ = formats
    with duckdb.connect(str(raw.parent / "w.duckdb"), read_only=True) as connection:
        held = Counter(
            dict(
                connection.execute(
                    "select parse_status, count(*) from dim_report group by parse_status"
                ).fetchall()
            )
        )
    assert update.statuses == held == Counter({"failed": 6, "ok": 1})
    # A run that finds nothing changed says the same, from the manifest it did not rewrite.
    again = update_store(raw, raw.parent / "w.parsed")
    assert (again.added, again.changed, again.removed, again.unchanged) == ([], [], [], 7)
    assert again.statuses == held
    assert again.other == ["MANIFEST.tsv", "links.tsv"]


def test_the_sensor_skips_a_raw_dir_that_is_not_a_folder(tmp_path):
    settings = WarehouseSettings(
        raw_dir=str(tmp_path / "nowhere"), warehouse_path=str(tmp_path / "w.duckdb")
    )
    sensor = defs.get_repository_def().get_sensor_def("raw_dir_changes")
    with dg.instance_for_test() as instance:
        outcome = sensor(
            dg.build_sensor_context(instance=instance, resources={"settings": settings})
        )
    assert isinstance(outcome, dg.SkipReason)
    assert outcome.skip_message == f"RAW_DIR {tmp_path / 'nowhere'} is not a folder"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes((RAW_DIR / SEED_WUQING).read_bytes())
    settings = WarehouseSettings(raw_dir=str(raw), warehouse_path=str(tmp_path / "w.duckdb"))
    with dg.instance_for_test() as instance:
        request = sensor(
            dg.build_sensor_context(instance=instance, resources={"settings": settings})
        )
    assert request.tags == {"warehouse": str(tmp_path / "w.duckdb"), "raw_dir": str(raw)}

"""Incremental runs: only new or changed files are parsed, removed ones leave, nothing new
rewrites nothing, and two runs on the same input give the same tables."""

import gc
import os
import shutil
from datetime import UTC, datetime

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.extract import records
from pipelines.extract import report as parser
from pipelines.extract.sections import split_sections
from pipelines.store import update as store
from pipelines.store.files import scan_raw_dir
from pipelines.store.rows import SCHEMAS, STORED_BY, stored_rows
from pipelines.store.update import read_manifest, update_store
from pipelines.warehouse.build import build_warehouse
from tests.conftest import (
    RAW_DIR,
    SAMPLE_COUNT,
    SEED_WUQING,
    SEED_ZHAOTONG,
    refresh,
    table_contents,
)


def tables(path):
    return table_contents(path, ("dim_report", "fct_applications", "fct_appeals", "qa_checks"))


def test_a_second_run_with_nothing_new_parses_and_rewrites_nothing(raw, tmp_path):
    first, _ = refresh(raw, tmp_path)
    assert len(first.added) == SAMPLE_COUNT
    before = (tmp_path / "w.duckdb").stat()
    second, summary = refresh(raw, tmp_path)
    assert (second.added, second.changed, second.removed, second.unchanged) == (
        [],
        [],
        [],
        SAMPLE_COUNT,
    )
    assert summary.unchanged
    after = (tmp_path / "w.duckdb").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_the_cycle_collector_is_paused_only_while_a_run_finds_what_changed(
    raw, tmp_path, monkeypatch
):
    enabled = []

    def watching(run):
        def stage(*arguments):
            enabled.append(gc.isenabled())
            return run(*arguments)

        return stage

    for name in ("_found", "_parse_into_parts"):
        monkeypatch.setattr(store, name, watching(getattr(store, name)))
    update = update_store(raw, tmp_path / "w.parsed")
    assert len(update.added) == SAMPLE_COUNT
    assert enabled == [False, True] and gc.isenabled()  # off to find, on to parse and after
    # A run that fails while finding leaves it on; a caller that had it off finds it off.
    with pytest.raises(FileNotFoundError):
        update_store(tmp_path / "nowhere", tmp_path / "w.parsed")
    assert gc.isenabled()
    gc.disable()
    try:
        assert update_store(raw, tmp_path / "w.parsed").unchanged == SAMPLE_COUNT
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_only_new_and_changed_files_are_parsed(raw, tmp_path, monkeypatch):
    refresh(raw, tmp_path)
    parsed = []
    real_parse = parser.parse_report
    monkeypatch.setattr(
        parser,
        "parse_report",
        lambda path, source_file: (
            parsed.append(source_file) or real_parse(path, source_file=source_file)
        ),
    )
    monkeypatch.setenv("PARSE_WORKERS", "1")  # the spy sees only this process
    (raw / "new.txt").write_bytes((RAW_DIR / SEED_WUQING).read_bytes().replace(b"6616", b"6617"))
    (raw / SEED_ZHAOTONG).write_bytes((raw / SEED_ZHAOTONG).read_bytes() + b"\n")
    update, summary = refresh(raw, tmp_path)
    assert sorted(parsed) == sorted(["new.txt", SEED_ZHAOTONG])
    assert (update.added, update.changed, update.unchanged) == (
        ["new.txt"],
        [SEED_ZHAOTONG],
        SAMPLE_COUNT - 1,
    )
    assert summary.row_counts["dim_report"] == SAMPLE_COUNT + 1


def test_a_removed_file_leaves_the_warehouse(raw, tmp_path):
    refresh(raw, tmp_path)
    (raw / SEED_WUQING).unlink()
    update, summary = refresh(raw, tmp_path)
    assert update.removed == [SEED_WUQING]
    with duckdb.connect(str(summary.warehouse_path), read_only=True) as connection:
        assert (
            connection.execute(
                "select count(*) from dim_report where source_file = ?", [SEED_WUQING]
            ).fetchone()[0]
            == 0
        )
        assert (
            connection.execute(
                "select count(*) from fct_applications where report_year = 2021 "
                "and jurisdiction_code = '120114'"
            ).fetchone()[0]
            == 0
        )


def test_a_copied_file_is_the_same_report_and_not_parsed_again(raw, tmp_path):
    refresh(raw, tmp_path)
    shutil.copy(raw / SEED_WUQING, raw / "copy_of_wuqing.txt")
    update, summary = refresh(raw, tmp_path)
    assert update.added == ["copy_of_wuqing.txt"]
    assert summary.row_counts["dim_report"] == SAMPLE_COUNT  # one report, named by its first file
    assert len(read_manifest(tmp_path / "w.parsed")) == SAMPLE_COUNT + 1


def test_a_new_parser_or_a_new_shaping_of_its_rows_reparses_everything(raw, tmp_path, monkeypatch):
    assert STORED_BY.startswith(records.PARSER_VERSION + "+rows.")
    refresh(raw, tmp_path)
    monkeypatch.setattr(store, "STORED_BY", STORED_BY + "-next")
    update, _ = refresh(raw, tmp_path)
    assert len(update.changed) == SAMPLE_COUNT


def test_runs_are_deterministic(raw, tmp_path):
    refresh(raw, tmp_path)
    first = tables(tmp_path / "w.duckdb")
    shutil.rmtree(tmp_path / "w.parsed")
    build_warehouse_path = tmp_path / "again"
    update_store(raw, build_warehouse_path / "w.parsed")
    build_warehouse(build_warehouse_path / "w.parsed", build_warehouse_path / "w.duckdb")
    assert tables(build_warehouse_path / "w.duckdb") == first


def test_many_runs_are_compacted_into_one_part(raw, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_PARTS", 2)
    refresh(raw, tmp_path)
    compacted = []
    for index in range(3):
        (raw / f"extra{index}.txt").write_bytes(
            (RAW_DIR / SEED_WUQING).read_bytes() + f"\n{index}".encode()
        )
        update, summary = refresh(raw, tmp_path)
        compacted.append(update.compacted)
    assert compacted == [False, True, False]
    parts = {row["part"] for row in read_manifest(tmp_path / "w.parsed").values()}
    assert len(parts) == 2
    assert len(list((tmp_path / "w.parsed" / "figures").glob("*.parquet"))) == 2
    assert summary.row_counts["dim_report"] == SAMPLE_COUNT + 3


def test_an_incremental_update_equals_a_full_build(raw, tmp_path):
    refresh(raw, tmp_path)
    (raw / "new.txt").write_bytes((RAW_DIR / SEED_WUQING).read_bytes().replace(b"6616", b"6617"))
    (raw / SEED_ZHAOTONG).write_bytes((raw / SEED_ZHAOTONG).read_bytes() + b"\n")
    (raw / "000_3e4ae60c1c22f494.txt").unlink()
    shutil.copy(RAW_DIR / "001_d922dcabc256b160.txt", raw / "renamed_copy.txt")
    update, summary = refresh(raw, tmp_path)
    assert summary.incremental and not summary.unchanged
    with duckdb.connect(str(summary.warehouse_path), read_only=True) as connection:
        # new.txt, 002's old and new contents, 000 removed; the copy of 001 is 001 itself
        assert connection.execute("select reports_changed from build_info").fetchone() == (4,)
    full = build_warehouse(tmp_path / "w.parsed", tmp_path / "full.duckdb", force=True)
    assert not full.incremental
    assert tables(summary.warehouse_path) == tables(full.warehouse_path)


def _named(stored, kind: str) -> dict[str, list]:
    return dict(zip(SCHEMAS[kind].names, stored.columns[kind], strict=True))


def test_section_offsets_point_into_the_text_as_stored():
    """A character the store must escape (a lone surrogate, six characters once escaped)
    lengthens the stored text; sections are stored as offsets into that text, so the body
    cut from it is the body the parser split, escaped the same way."""
    text = "一、总体情况\n本年\ud800收到申请3件。\n二、主动公开政府信息情况\n发布信息5条。"
    report = records.ParsedReport(
        report_id="r",
        source_file="f.txt",
        source_sha256="0" * 64,
        parse_status="ok",
        text=text,
        sections=split_sections(text),
    )
    rows = stored_rows(report, datetime.now(UTC))
    [stored] = _named(rows, "texts")["text"]
    sections = _named(rows, "sections")
    spans = zip(sections["body_start"], sections["body_end"], strict=True)
    cut = [stored[start:end] for start, end in spans]
    assert cut == ["本年\\ud800收到申请3件。", "发布信息5条。"]
    assert sections["body_start"] == [7, 36]  # 31 in the parser's text


def test_values_the_warehouse_cannot_hold_are_stored_null_with_the_reason():
    """A count over 10^12 or not a number, a line number past 32 bits, a year outside
    1990-2100, an address that is not http(s) are NULL, each said among the report's
    errors; past MAX_UNREAD_KEPT the unread numbers are counted, not kept; a lone surrogate
    is escaped wherever it is; every other value is stored as the parser made it."""
    figure = records.Figure
    report = records.ParsedReport(
        report_id="r\udc81",
        source_file="f\udc80.txt",
        source_sha256="0" * 64,
        parse_status="ok",
        text="本年收到申请3件。",
        figures=[
            figure("applications", "received", "total", 3, "3", "table", 7),
            figure("applications", "granted", "total", 10**13, "10000000000000", "table", 8),
            figure("applications", "denied", "total", float("nan"), "nan", "narrative", 9),
            figure("fees", "charged", "amount_yuan", 12.5, "12.5\ud800", "table", 2**31),
        ],
        checks=[records.Check("sum", "total", 10**13, 4.0, "fail", "")],
        unread_numbers=[records.UnreadNumber(n, "5", "no figure", False) for n in range(1003)],
        metadata=records.ReportMetadata(report_year=1800, url="ftp://example.org/r"),
    )
    stored = stored_rows(report, datetime.now(UTC))
    figures = _named(stored, "figures")
    assert figures["value"] == [3, None, None, 12.5]
    assert figures["line_no"] == [7, 8, 9, None]
    assert figures["value_text"][3] == "12.5\\ud800"
    assert figures["report_id"] == ["r\\udc81"] * 4
    checks = _named(stored, "checks")
    assert (checks["expected"], checks["actual"]) == ([None], [4.0])
    unread = _named(stored, "unread_numbers")
    assert unread["line_no"] == list(range(1000)) and len(unread["report_id"]) == 1000
    row = stored.report
    assert (row["report_year"], row["url"], row["parse_status"]) == (None, None, "partial")
    assert row["source_file"] == "f\\udc80.txt"
    assert row["parse_errors"] == (
        "report year '1800' is outside 1990-2100; left NULL; "
        "source url 'ftp://example.org/r' is not an http(s) address; left NULL; "
        "applications granted/total at line 8: '10000000000000' is not a count (over 10^12 "
        "or not a number); left NULL; "
        "applications denied/total at line 9: 'nan' is not a count (over 10^12 or not a "
        "number); left NULL; "
        "3 more unread numbers not kept (the first 1000 are)"
    )
    assert _named(stored, "reports") == {name: [value] for name, value in row.items()}


@pytest.mark.parametrize("first_manifest_format", [False, True])
def test_a_night_plans_what_a_plan_of_every_file_would(
    tmp_path, monkeypatch, first_manifest_format
):
    """The plan keeps the manifest rows of files found unchanged and alone with their bytes
    instead of making them again; after a night of every kind of change it is, row for row and
    task for task, the plan made over every file. So it is over a manifest of the first
    format, which did not record what each parse depended on."""
    raw = tmp_path / "raw"
    raw.mkdir()
    long_name = "长" * 81 + ".txt"  # too long for a sidecar: its parse depends on its name

    def write(name: str, text: str, sidecar: str | None = None) -> None:
        (raw / name).write_text(text, encoding="utf-8")
        if sidecar:
            (raw / f"{name}.meta.json").write_text(sidecar, encoding="utf-8")

    for index in range(4):
        write(f"alone_{index}.txt", f"报告 {index}")
    write(long_name, "长名")
    write("sidecar.txt", "附说明", sidecar='{"year": 2021}')
    write("sidecar_touched.txt", "附说明 改", sidecar='{"year": 2021}')
    write("b_sidecar_pair.txt", "随说明", sidecar='{"year": 2022}')  # first of its bytes
    write("c_sidecar_pair.txt", "随说明")  # parsed from b's bytes and sidecar
    write("pair_a.txt", "同一份")
    write("pair_b.txt", "同一份")
    write("twin_a.txt", "双份")
    write("twin_b.txt", "双份")
    write("to_change.txt", "将改")
    write("to_remove.txt", "将删")
    write("z_sidecar_copied.txt", "被复制", sidecar='{"year": 2020}')
    (raw / "scan.pdf").write_bytes(b"%PDF-1.4")
    update_store(raw, tmp_path / "w.parsed")
    if first_manifest_format:
        manifest = tmp_path / "w.parsed" / store.MANIFEST
        first_format = pq.read_table(manifest).drop(["parsed_from", "parsed_sidecar_mtime_ns"])
        pq.write_table(first_format, manifest)

    write("new.txt", "新的")
    write("a_copy.txt", "被复制")  # an earlier name, no sidecar: the report's first file changes
    write("pair_c.txt", "同一份")  # the pair gains a third file
    (raw / "twin_a.txt").unlink()  # the twins lose their first file
    write("to_change.txt", "双份")  # and gain another
    (raw / "to_remove.txt").unlink()
    os.utime(raw / "sidecar_touched.txt.meta.json", ns=(1, 1))
    old = read_manifest(tmp_path / "w.parsed")

    def planned():
        update = store.StoreUpdate()
        present, refusals = store._found(scan_raw_dir(raw.resolve()), old, update)
        return store._plan(old, present, refusals, update), update

    found = store.StoreUpdate()
    kept = set(
        store._kept_rows(old, store._found(scan_raw_dir(raw.resolve()), old, found)[0], found)
    )
    night, night_update = planned()
    monkeypatch.setattr(store, "_kept_rows", lambda old, present, update: {})
    full, full_update = planned()
    assert night.new == full.new
    assert night.members == full.members
    assert night.tasks == full.tasks
    assert night_update == full_update
    # the first format's row for the long name does not say its parse depended on its name
    again = [long_name] if first_manifest_format else []
    assert [task.name for task in night.tasks] == [
        "a_copy.txt",
        "new.txt",
        "sidecar_touched.txt",
        *again,
    ]
    assert kept == {f"alone_{index}.txt" for index in range(4)} | (
        {"sidecar.txt"} | ({long_name} - set(again))
    )


def test_a_folder_unchanged_since_the_manifest_is_known_by_its_digest(tmp_path, monkeypatch):
    """A run whose walk finds every file and refusal as the manifest records them answers as
    a run that compares them row by row, without reading the rows; each thing that comparison
    reads, changed, takes the run past the digest, which the run then writes anew."""
    raw, parsed = tmp_path / "raw", tmp_path / "w.parsed"
    raw.mkdir()
    for index in range(3):
        (raw / f"alone_{index}.txt").write_text(f"报告 {index}", encoding="utf-8")
    (raw / "twin_a.txt").write_text("双份", encoding="utf-8")
    (raw / "twin_b.txt").write_text("双份", encoding="utf-8")
    (raw / "sidecar.txt").write_text("附说明", encoding="utf-8")
    (raw / "sidecar.txt.meta.json").write_text('{"year": 2021}', encoding="utf-8")
    (raw / "scan.pdf").write_bytes(b"%PDF-1.4")
    (raw / "gone.txt").symlink_to(raw / "nowhere.txt")
    (raw / "links.tsv").write_text("a\tb\n", encoding="utf-8")
    shutil.copy(RAW_DIR / SEED_WUQING, raw / "wuqing.txt")
    assert len(update_store(raw, parsed).added) == 9

    rows_read = []
    real_read_manifest = store.read_manifest

    def counted(parsed_dir):
        rows_read.append(parsed_dir)
        return real_read_manifest(parsed_dir)

    monkeypatch.setattr(store, "read_manifest", counted)

    def run() -> tuple[store.StoreUpdate, bool]:
        rows_read.clear()
        update = update_store(raw, parsed)
        return update, bool(rows_read)

    quick, read = run()
    assert not read
    assert (quick.added, quick.changed, quick.removed, quick.unchanged) == ([], [], [], 9)
    # the seed is read; the one-line files are no report, two entries cannot be read
    assert quick.statuses == {"ok": 1, "failed": 8} and quick.other == ["links.tsv"]
    with monkeypatch.context() as without_digest:
        without_digest.setattr(store, "_unchanged_by_digest", lambda *arguments: False)
        full, read = run()
    assert read and full == quick

    part = next(parsed.glob("reports/*.parquet"))
    changes = {
        "a report's time": lambda: os.utime(raw / "alone_0.txt", ns=(1, 1)),
        "a sidecar's time": lambda: os.utime(raw / "sidecar.txt.meta.json", ns=(1, 1)),
        "a refusal's reason": lambda: ((raw / "gone.txt").unlink(), os.mkfifo(raw / "gone.txt")),
        "a file renamed": lambda: (raw / "alone_2.txt").rename(raw / "alone_3.txt"),
        "a part no manifest lists": lambda: shutil.copy(part, part.with_name("orphan.parquet")),
    }
    for change, make in changes.items():
        make()
        _, read = run()
        assert read, change
        again, read = run()
        assert not read and again.unchanged == 9, change
    assert not (parsed / "reports" / "orphan.parquet").exists()
    # A manifest written before the digest has no footer key: its rows are compared.
    manifest = pq.read_table(parsed / store.MANIFEST)
    pq.write_table(manifest.replace_schema_metadata(None), parsed / store.MANIFEST)
    older, read = run()
    assert read and older.unchanged == 9

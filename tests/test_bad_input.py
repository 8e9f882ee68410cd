"""A folder of whatever scrapers fetched: each bad file is recorded with its reason, every
other report still loads, and the run succeeds."""

import shutil

import duckdb
import pytest

from tests.conftest import RAW_DIR, SEED_WUQING, refresh

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 8
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    raw = root / "raw"
    shutil.copytree(RAW_DIR, raw)
    seed = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "photo.txt").write_bytes(JPEG)
    (raw / "big5.txt").write_bytes(seed.encode("big5", errors="replace"))
    (raw / "not_a_report.html").write_text(
        "<html><head><meta charset='utf-8'></head>"
        "<body><p>今日天气晴,欢迎访问本站。</p></body></html>",
        encoding="utf-8",
    )
    (raw / "truncated.txt").write_text(seed[: seed.index("(三)不予公开") + 40], encoding="utf-8")
    (raw / "twice.txt").write_text(seed + "\n" + seed, encoding="utf-8")
    (raw / "long_line.txt").write_text(
        "政府信息公开" + "行政复议收到申请" * 130_000, encoding="utf-8"
    )
    (raw / "backtracking.txt").write_text(
        "政府信息公开工作年度报告\n" + "行政复议" + "、" * 200_000 + "\n" + "1" * 200_000,
        encoding="utf-8",
    )
    with (raw / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    update, summary = refresh(raw, root)
    warehouse = summary.warehouse_path
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield (
            update,
            dict(
                connection.execute(
                    "select source_file, parse_status || ': ' || coalesce(parse_errors, '') "
                    "from dim_report"
                ).fetchall()
            ),
        )


@pytest.mark.parametrize(
    "name, verdict",
    [
        ("empty.txt", "failed: file is empty"),
        ("photo.txt", "failed: binary file"),
        ("not_a_report.html", "failed: not an information-disclosure report"),
        ("huge.txt", "failed: file is 52428800 bytes, over the 20971520 byte limit"),
        ("truncated.txt", "partial: 表三 line"),
        ("twice.txt", "partial: 表二 (主动公开) is printed again at line"),
        ("long_line.txt", "partial: report year not found"),
        ("backtracking.txt", "partial: "),
    ],
)
def test_each_bad_file_is_recorded_with_its_reason(loaded, name, verdict):
    _, statuses = loaded
    assert statuses[name].startswith(verdict)


def test_text_in_an_unexpected_encoding_is_not_loaded_as_garbage(loaded):
    _, statuses = loaded
    assert statuses["big5.txt"].startswith(("failed", "partial"))


def test_the_good_reports_still_load_and_the_bad_ones_are_named(seed_reports, loaded):
    update, statuses = loaded
    # each sample report loads exactly as it does alone (the seeds `ok`, crawler text often
    # `partial` for a row left NULL)
    alone = {
        name: f"{report.parse_status}: " + "; ".join(report.parse_errors)
        for name, report in seed_reports.items()
    }
    assert {name: statuses[name] for name in alone} == alone
    assert all(alone[name] == "ok: " for name in alone if name.startswith("00"))
    assert {"empty.txt", "photo.txt", "huge.txt"} <= set(update.problems)

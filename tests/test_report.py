import hashlib
import io
import os

import pytest

from pipelines.extract import report as report_module
from pipelines.extract.report import MAX_REPORT_BYTES, parse_report, parse_report_bytes
from tests.conftest import RAW_DIR, SEED_WUQING


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "file is empty"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 40, "binary file"),
        ("今天天气很好,我们去公园散步。".encode(), "not an information-disclosure report"),
    ],
)
def test_bad_input_fails_with_its_reason(data, reason):
    report = parse_report_bytes(data, "bad.txt")
    assert report.parse_status == "failed"
    assert reason in report.parse_errors[0]
    assert report.figures == [] and report.report_id


def test_a_truncated_table_is_partial_and_says_where():
    text = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")
    cut = text.index("2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||")
    report = parse_report_bytes(text[: cut + 22].encode(), "cut.txt")
    assert report.parse_status == "partial"
    assert report.parse_errors[0] == (
        "表三 line 33: row denied.law_prohibited printed '0 0': "
        "2 cells printed where the template has 7; values left NULL"
    )
    assert report.parse_errors[1].startswith(
        "表三: 19 of 25 rows not found: denied.security_stability, "
    )
    assert report.parse_errors[2:] == ["表四 (复议、诉讼) not found"]
    values = {(f.key1, f.key2): f.value for f in report.figures if f.source == "table"}
    assert values[("denied.state_secret", "total")] == 0


def test_report_id_is_stable_for_the_same_bytes(tmp_path):
    data = (RAW_DIR / SEED_WUQING).read_bytes()
    (tmp_path / "copy.txt").write_bytes(data)
    assert (
        parse_report(tmp_path / "copy.txt").report_id
        == parse_report(RAW_DIR / SEED_WUQING).report_id
    )


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_REPORT_BYTES + 1)
    report = parse_report(big)
    assert report.parse_status == "failed"
    assert "byte limit" in report.parse_errors[0]


def _measured_at(monkeypatch, size):
    """The parser's files, opened as they are but measured at `size` bytes: a file that grew
    (or shrank) after it was opened and measured."""
    real_open = report_module.open_regular

    def open_measured(path):
        handle, measured = real_open(path)
        return handle, os.stat_result((*measured[:6], size, *measured[7:10]))

    monkeypatch.setattr(report_module, "open_regular", open_measured)


def test_a_file_that_grew_after_it_was_measured_is_read_whole(tmp_path, monkeypatch):
    data = (RAW_DIR / SEED_WUQING).read_bytes()
    (tmp_path / "copy.txt").write_bytes(data)
    whole = parse_report(tmp_path / "copy.txt")
    _measured_at(monkeypatch, len(data) // 3)
    report = parse_report(tmp_path / "copy.txt")
    assert report.source_sha256 == hashlib.sha256(data).hexdigest() == whole.source_sha256
    assert report.text == whole.text and report.figures == whole.figures


def test_a_file_that_grew_past_the_limit_after_it_was_measured_is_refused(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_REPORT_BYTES + 10)
    _measured_at(monkeypatch, 100)
    report = parse_report(big)
    assert report.parse_status == "failed"
    assert report.parse_errors == [f"file is over the {MAX_REPORT_BYTES} byte limit for a report"]


class _NothingMoreYet(io.RawIOBase):
    """A file's bytes, then "nothing yet" (None) where the end would be: what a file opened
    non-blocking may answer."""

    def __init__(self, data: bytes):
        self._data = data

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self._data:
            return None
        size = min(len(buffer), len(self._data))
        buffer[:size], self._data = self._data[:size], self._data[size:]
        return size


def test_a_file_with_nothing_more_yet_is_read_as_far_as_it_went(tmp_path, monkeypatch):
    data = (RAW_DIR / SEED_WUQING).read_bytes()
    path = tmp_path / "copy.txt"
    path.write_bytes(data)
    whole = parse_report(path)
    measured = os.stat(path)
    # measured a byte short: the read after the first finds nothing yet
    monkeypatch.setattr(
        report_module,
        "open_regular",
        lambda _: (
            io.BufferedReader(_NothingMoreYet(data)),
            os.stat_result((*measured[:6], len(data) - 1, *measured[7:10])),
        ),
    )
    report = parse_report(path)
    assert report.source_sha256 == whole.source_sha256
    assert report.figures == whole.figures

"""Random mutations of real reports never crash the parser, and never make it slow."""

import hashlib
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.report import parse_report_bytes
from tests.conftest import RAW_DIR

SEEDS = [path.read_bytes() for path in sorted(RAW_DIR.glob("*.txt"))]  # seeds and crawler text
SEED_TEXTS = [data.decode("utf-8") for data in SEEDS]


@st.composite
def mutated_report(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate", "digits"]))
        if operation == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 400)) :]
        elif operation == "insert":
            text = text[:position] + draw(st.text(max_size=200)) + text[position:]
        elif operation == "duplicate":
            text = text[:position] + text[position : position + 2000] * 2 + text[position + 2000 :]
        elif operation == "truncate":
            text = text[:position]
        else:
            text = text[:position] + "1" * draw(st.integers(1, 5000)) + text[position:]
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_report())
def test_mutated_reports_never_crash_or_hang(data):
    # CPU time of this process, not wall-clock time: what the parse itself cost, however busy
    # the machine (a mutated report takes milliseconds; a hang would take the budget)
    started = time.process_time()
    report = parse_report_bytes(data, "mutated.txt")
    cost = time.process_time() - started
    assert report.source_sha256 == hashlib.sha256(data).hexdigest()  # recorded, not raised
    assert not any(error.startswith("parser error") for error in report.parse_errors)
    assert cost < 5, f"{cost:.1f} s of CPU"


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=5000))
def test_arbitrary_bytes_are_recorded_not_raised(data):
    report = parse_report_bytes(data, "noise.bin")
    assert not any(error.startswith("parser error") for error in report.parse_errors)

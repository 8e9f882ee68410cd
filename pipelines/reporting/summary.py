"""What the console says: the account `make run` ends with, and one line when a run fails.

During a run the Dagster assets write `run record {json}` lines to the run's log (what the
parse added, changed and removed, whether the warehouse was republished, where the page and
the exports went, or why the run failed). `make run` keeps the log in
$DAGSTER_HOME/last_run.log and hands it here with the run's exit status:

    python -m pipelines.reporting.summary WAREHOUSE --log LOG --exit-status N

prints what the run did and a short account of the published warehouse, or, for a failed
run, the cause in one line, and exits with the run's status. Nothing here raises a traceback
at the console: a warehouse that is missing or cannot be opened is said in one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb
import regex

RECORD = "run record "
_RECORD_LINE = regex.compile(r"run record (\{.*\})\s*$")
_ERROR_LINE = regex.compile(
    r"^\s*((?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Failure|Interrupt|Exit)): (.+)$"
)
_LOCK_HOLDER = regex.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")
NAMES_SHOWN = 20


def record_line(step: str, **facts) -> str:
    """One log line for the account (ASCII JSON on one line, whatever a name holds)."""
    return RECORD + json.dumps({"step": step, **facts}, ensure_ascii=True, default=str)


def run_records(log_text: str) -> list[dict]:
    records = []
    for line in log_text.splitlines():
        match = _RECORD_LINE.search(line)
        if match:
            try:
                records.append(json.loads(match.group(1)))
            except ValueError:
                continue
    return records


def cause_of(error: BaseException) -> str:
    """An exception as one line a person can act on."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    holder = _LOCK_HOLDER.search(text)
    if holder:
        return (
            f"the warehouse file is open read-write in PID {holder.group(2)} "
            f"({holder.group(1)}): close that session, or open the warehouse read-only "
            f"(duckdb -readonly, or read_only=True)"
        )
    if isinstance(error, (FileNotFoundError, NotADirectoryError)) and first.startswith("RAW_DIR"):
        return first
    if isinstance(error, OSError) and error.strerror and error.filename:
        return f"{error.strerror}: {error.filename}"
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def failure_cause(log_text: str) -> str:
    """Why a run failed, from its log: the cause an asset recorded, else the last exception
    line of the log, else its last line."""
    for record in reversed(run_records(log_text)):
        if record.get("step") == "failed" and record.get("cause"):
            return str(record["cause"])
    lines = [line.rstrip() for line in log_text.splitlines() if line.strip()]
    for line in reversed(lines):
        match = _ERROR_LINE.match(line)
        if match and "dagster._core.errors.DagsterExecutionStepExecutionError" not in line:
            return f"{match.group(1).rsplit('.', 1)[-1]}: {match.group(2)}"
    return lines[-1] if lines else "the run ended before it logged anything"


def lock_holder(lock_path: Path) -> str | None:
    """Which other process holds a lock file (flock), from /proc/locks: `PID n (command)`,
    or None when nobody does or it cannot be told."""
    try:
        status = os.stat(lock_path)
        locks = Path("/proc/locks").read_text()
    except OSError:
        return None
    device = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    for line in locks.splitlines():
        parts = line.split()
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK":
            continue  # a process waiting for the lock, or another kind of lock
        if parts[5] != device or not parts[4].isdigit():
            continue
        pid = int(parts[4])
        if pid in (0, os.getpid()):
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            command = " ".join(command.decode("utf-8", "replace").split())[:80]
        except OSError:
            command = "command unknown"
        return f"PID {pid} ({command})"
    return None


def _names(names: list[str], total: int | None = None) -> str:
    total = len(names) if total is None else total
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (f" and {total - NAMES_SHOWN} more" if total > NAMES_SHOWN else "")


def account(records: list[dict]) -> list[str]:
    """What a run did, from its records."""
    lines = []
    for record in records:
        step = record.get("step")
        if step == "parse":
            lines.append(
                f"RAW_DIR {record['raw_dir']}: {record['added']} added, {record['changed']} "
                f"changed, {record['removed']} removed, {record['unchanged']} unchanged "
                f"({record['files']} files)"
            )
            for kind in ("added", "changed", "removed"):
                names = record.get(f"{kind}_files") or []
                if names:
                    lines.append(f"  {kind}: {_names(names, record[kind])}")
            if record.get("other"):
                names = _names(record["other_files"], record["other"])
                lines.append(f"  not reports (not recorded): {names}")
        elif step == "build":
            if record["republished"]:
                changed = record["reports_changed"]
                how = (
                    f"an incremental update, {changed} report{'' if changed == 1 else 's'} changed"
                    if record["incremental"]
                    else "a full build"
                )
                lines.append(
                    f"warehouse {record['warehouse']}: republished ({how}; build "
                    f"{record['build_id']})"
                )
            else:
                lines.append(
                    f"warehouse {record['warehouse']}: not republished (nothing "
                    f"changed since build {record['build_id']})"
                )
                for output, name in (("exports", "exports"), ("page", "report page")):
                    if record.get(output):
                        lines.append(f"{name} {record[output]}: unchanged (made from that build)")
        elif step == "page":
            lines.append(
                f"report page {record['path']}: "
                + ("written" if record["written"] else "unchanged (this build's)")
            )
        elif step == "exports":
            lines.append(
                f"exports {record['path']}: "
                + (
                    f"{record['written']} files written (CSV in UTF-8 with BOM, Parquet)"
                    if record["written"]
                    else "unchanged (this build's)"
                )
            )
    return lines


def summarise(warehouse_path: Path) -> str:
    """A short account of a published warehouse: reports, the files that failed, versions,
    unread numbers and failing rules."""
    try:
        connection = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as error:
        return f"cannot open the warehouse {warehouse_path}: {cause_of(error)}"
    with connection:
        statuses = dict(
            connection.execute(
                "select parse_status, count(*) from dim_report group by 1"
            ).fetchall()
        )
        problems = connection.execute(
            "select source_file, parse_status, parse_errors from dim_report "
            "where parse_status <> 'ok' order by source_file"
        ).fetchall()
        current = connection.execute(
            "select count(*) from dim_report where is_current and parse_status <> 'failed'"
        ).fetchone()[0]
        flags = connection.execute(
            "select check_name, subject, detail from qa_checks where status = 'flag' "
            "order by check_name, subject"
        ).fetchall()
        unread = connection.execute(
            "select count(*) filter (where in_table), count(*) filter (where not in_table) "
            "from unread_numbers"
        ).fetchone()
        failed_checks = connection.execute(
            "select dim_report.source_file, check_name, subject, expected, actual "
            "from qa_checks join dim_report using (report_id) where status = 'fail' "
            "order by 1, 2, 3"
        ).fetchall()
    lines = [
        f"warehouse {warehouse_path}: {sum(statuses.values())} reports, "
        f"{statuses.get('ok', 0)} ok, {statuses.get('partial', 0)} partial, "
        f"{statuses.get('failed', 0)} failed; {current} current (one per issuer and year: "
        f"what the marts read)"
    ]
    lines += [f"  {status}: {name}: {errors}" for name, status, errors in problems]
    if flags:
        lines.append(
            f"{len(flags)} files are not reports of their own (duplicates, superseded "
            f"versions) or share their figures with another issuer:"
        )
        lines += [f"  {check}: {subject}: {detail}" for check, subject, detail in flags[:50]]
        if len(flags) > 50:
            lines.append(
                f"  ... and {len(flags) - 50} more: select * from qa_checks where status = 'flag'"
            )
    else:
        lines.append("no duplicate or superseded files: every file is a report of its own")
    lines.append(
        f"unread numbers: {unread[0]} in tables, {unread[1]} in the sections on "
        f"applications, appeals and fees (select * from unread_numbers)"
    )
    lines.append(f"{len(failed_checks)} consistency checks fail (findings about the reports):")
    lines += [
        f"  {name}: {check}/{subject}: expected {_g(expected)}, actual {_g(actual)}"
        for name, check, subject, expected, actual in failed_checks[:30]
    ]
    if len(failed_checks) > 30:
        lines.append(
            f"  ... and {len(failed_checks) - 30} more: select * from qa_checks "
            f"where status = 'fail'"
        )
    return "\n".join(lines)


def _g(value) -> str:
    return "n/a" if value is None else f"{value:g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--log", type=Path, help="the run's Dagster log")
    parser.add_argument("--exit-status", type=int, default=0, help="the run's exit status")
    arguments = parser.parse_args(argv)
    log_text = ""
    if arguments.log is not None:
        try:
            log_text = arguments.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            log_text = ""
    if arguments.exit_status != 0:
        print(f"run failed: {failure_cause(log_text)[:500]}")
        kept = "kept as it was" if arguments.warehouse.exists() else "not built"
        print(
            f"  the published warehouse {arguments.warehouse} is {kept}; the full log: "
            f"{arguments.log}"
        )
        return arguments.exit_status
    for line in account(run_records(log_text)):
        print(line)
    if not arguments.warehouse.exists():
        print(f"no warehouse at {arguments.warehouse}: run `make run` first")
        return 1
    print(summarise(arguments.warehouse))
    return 0


if __name__ == "__main__":
    sys.exit(main())

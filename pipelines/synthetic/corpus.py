"""`make corpus N=…`: N realistic reports with known answers, and those answers as gold labels.

Real places and codes (the gazetteer), five-year series per place across the three
templates, tables printed as pipes, HTML, Traditional text or glued digits, blank tables
with the figures in prose, several encodings, and a share of reports whose printed total is
wrong (their `balance` rule must fail). A series carries its applications over from year to
year (each year's carried_over is the year before's carried_forward, column by column), so
its `carry_continuity` rule passes, as in a real series: the injected wrong totals touch
total_processed only. Each body reports once a year: a place's series are years apart, and
where a place is drawn again for years it already has, the series goes to another of its
bodies (its government's office, a bureau), so no issuer has two reports of one year. The
labels are written in the format of gold/ (reports.tsv, facts.tsv, qa.tsv), so `make eval
GOLD_DIR=…` scores a generated corpus.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from opencc import OpenCC

from pipelines.evaluation.gold import REPORT_FIELDS
from pipelines.extract.gazetteer import load_gazetteer
from pipelines.extract.vocabulary import APPLICANT_TYPES
from pipelines.synthetic.printing import (
    OtherTables,
    old_report_text,
    random_applications_table,
    random_other_tables,
    report_text,
)

# Sentences of the kind that fill a real report's sections, so generated reports are of a
# real report's length (8-15 KB) and the parser reads as much text as it would.
FILLER = (
    "坚持以公开为常态、不公开为例外,围绕决策、执行、管理、服务和结果五公开,积极做好政府信息主动公开工作。",
    "进一步梳理完善依申请公开办理流程,注重与申请人的沟通交流,切实保障人民群众合法权益。",
    "持续优化政府门户网站栏目设置,强化政策文件库建设,提升公开平台的集约化水平。",
    "加强政策解读,综合运用图解、视频、问答等形式,增强解读的针对性和可读性。",
    "严格落实政务新媒体管理制度,常态化开展检查,及时整改发现的问题。",
    "组织开展政务公开业务培训,不断提升工作人员的业务能力和服务水平。",
    "推进基层政务公开标准化规范化建设,编制完善政务公开事项标准目录。",
    "健全政务舆情收集、研判、处置和回应机制,及时回应社会关切。",
)
YEARS_PER_PLACE = 5
# The years a series may start in (so a corpus spans 2014-2025).
FIRST_YEARS = (2014, 2021)
# The bodies of a place that publish a report: its government first, then, where a series
# would repeat years the government already has, its office and bureaus (scope `agency`).
ISSUER_SUFFIXES = ("人民政府", "人民政府办公室", "财政局", "教育局", "民政局", "司法局")
# Draws of a place and first year before a series may repeat an issuer's year (only when
# the corpus is far larger than places x bodies x years).
MAX_DRAWS = 1000
SHARE_WRONG_TOTAL = 0.05
# (shape, weight): most scraped reports are pipe text; some pages, Traditional, glued.
# The share of reports written in Traditional characters (Taiwan phrasing, as converted by
# OpenCC's s2twp); `generate(traditional_share=…)` and `make corpus TRADITIONAL_SHARE=…`.
TRADITIONAL_SHARE = 0.3
# (shape, weight) of the Simplified reports of the 2019 and 2021 templates: most scraped
# reports are pipe text; some pages, some glued (old reports are pipe text).
SIMPLIFIED_SHAPES = (("pipes", 62), ("html", 25), ("glued", 13))
ENCODINGS = (("utf-8", 70), ("gb18030", 20), ("utf-16", 10))


LABEL_COLUMNS = {
    "reports.tsv": ("file", *REPORT_FIELDS),
    "facts.tsv": ("file", "fact", "key1", "key2", "value", "source"),
    "qa.tsv": ("file", "check_name", "subject", "status"),
}


class Labels:
    """The gold files, written row by row so a 100 000-report corpus never sits in memory."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self._handles = {
            name: (folder / name).open("w", encoding="utf-8", newline="") for name in LABEL_COLUMNS
        }
        self._writers = {
            name: csv.DictWriter(
                handle, fieldnames=LABEL_COLUMNS[name], delimiter="\t", lineterminator="\n"
            )
            for name, handle in self._handles.items()
        }
        for writer in self._writers.values():
            writer.writeheader()
        self.reports = 0

    def report(self, row: dict) -> None:
        self._writers["reports.tsv"].writerow(row)
        self.reports += 1

    def fact(self, row: dict) -> None:
        self._writers["facts.tsv"].writerow(row)

    def check(self, row: dict) -> None:
        self._writers["qa.tsv"].writerow(row)

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()


def _weighted(rng: random.Random, choices) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _issuer(place, suffix: str = "人民政府") -> str:
    prefix = (place.prefecture_name or place.province_name) if place.name.endswith("区") else ""
    return f"{prefix}{place.name}{suffix}"


def _template(year: int) -> str:
    return "f2021" if year >= 2021 else "f2019" if year >= 2019 else "pre2019"


def generate(
    target: Path,
    count: int,
    seed: int = 2026,
    traditional_share: float = TRADITIONAL_SHARE,
    first_years: tuple[int, int] = FIRST_YEARS,
) -> Labels:
    """`count` reports in five-year series from places of the gazetteer, each series starting
    in a year of `first_years` (the benchmark's nightly files start after the corpus's
    years, as a night brings the reports of a year not yet seen)."""
    if not 0 <= traditional_share <= 1:
        raise ValueError(f"traditional_share {traditional_share} is not a share between 0 and 1")
    rng = random.Random(seed)
    counties = [
        p
        for p in load_gazetteer().by_code.values()
        if p.level == "county" and len(load_gazetteer().named(p.name)) == 1 and p.prefecture_name
    ]
    target.mkdir(parents=True, exist_ok=True)
    labels = Labels(target / "gold")
    to_traditional = OpenCC("s2twp")
    written = 0
    years_of: dict[tuple[str, str], set[int]] = {}  # (place code, issuer suffix) -> years
    while written < count:
        place, first_year, suffix = _series(rng, counties, years_of, first_years)
        years = range(first_year, first_year + YEARS_PER_PLACE)
        years_of.setdefault((place.code, suffix), set()).update(years)
        forward = None  # the year before's carried_forward, per applicant column
        for year in years:
            if written == count:
                break
            forward = _write_report(
                target,
                rng,
                place,
                year,
                written,
                labels,
                to_traditional,
                suffix,
                forward,
                traditional_share,
            )
            written += 1
    labels.close()
    return labels


def _series(
    rng: random.Random, counties: list, years_of: dict, first_years: tuple[int, int]
) -> tuple:
    """A place, a first year and the body that reports: the first body of the place whose
    years neither meet nor touch the series' (a year apart at least, so two series of one
    body never chain into each other)."""
    for _ in range(MAX_DRAWS):
        place = rng.choice(counties)
        first_year = rng.randint(*first_years)
        near = set(range(first_year - 1, first_year + YEARS_PER_PLACE + 1))
        for suffix in ISSUER_SUFFIXES:
            if not near & years_of.get((place.code, suffix), set()):
                return place, first_year, suffix
    return place, first_year, ISSUER_SUFFIXES[0]


def _carried_on(table, forward: tuple[int, ...] | None):
    """The table with carried_over taken from the year before's carried_forward, column by
    column, and new_received made to fit (new + carried over = processed + carried forward;
    where the year before carried more than this year answered and carries on, more is
    carried forward)."""
    if forward is None:
        return table
    rows = {item: list(values) for item, values in table.rows.items()}
    for column, carried in enumerate(forward):
        processed = rows["total_processed"][column]
        onward = max(rows["carried_forward"][column], carried - processed)
        rows["carried_over"][column] = carried
        rows["carried_forward"][column] = onward
        rows["new_received"][column] = processed + onward - carried
    for item in ("carried_over", "carried_forward", "new_received"):
        rows[item][-1] = sum(rows[item][:-1])
    return type(table)({item: tuple(values) for item, values in rows.items()})


def _write_report(
    target: Path,
    rng: random.Random,
    place,
    year: int,
    index: int,
    labels: Labels,
    to_traditional: OpenCC,
    suffix: str = "人民政府",
    forward: tuple[int, ...] | None = None,
    traditional_share: float = TRADITIONAL_SHARE,
) -> tuple[int, ...]:
    """Write one report (carrying over the year before's `forward`); its carried_forward."""
    template = _template(year)
    issuer = _issuer(place, suffix)
    if rng.random() < traditional_share:
        shape = "traditional"
    else:
        shape = _weighted(rng, SIMPLIFIED_SHAPES) if template != "pre2019" else "pipes"
    blank = template != "pre2019" and rng.random() < 0.1
    table_template = "f2019" if template == "f2019" else "f2021"
    table = random_applications_table(rng, scale=rng.choice([5, 20, 60]), template=table_template)
    # 表二 printed with values (表四 stays unprinted: the prose states the reviews)
    publications = random_other_tables(rng, table_template).publications
    table = _carried_on(table, forward)
    carried_forward = table.rows["carried_forward"][:-1]
    totals = {item: values[-1] for item, values in table.rows.items()}
    reviews = rng.randint(0, 9)
    corrected = rng.randint(0, reviews)
    filler = "".join(rng.choice(FILLER) for _ in range(rng.randint(60, 110)))
    prose = (
        f"{filler}全年共收到政府信息公开申请{totals['new_received']}件,"
        f"上年结转{totals['carried_over']}件,办结{totals['total_processed']}件,"
        f"结转下年度继续办理{totals['carried_forward']}件。"
        f"全年共发生行政复议{reviews}件,其中结果纠正{corrected}件。"
    )
    wrong_total = template != "pre2019" and not blank and rng.random() < SHARE_WRONG_TOTAL
    if wrong_total:
        rows = dict(table.rows)
        processed = list(rows["total_processed"])
        processed[-1] += rng.randint(1, 9)
        rows["total_processed"] = tuple(processed)
        table = type(table)(rows)
    if template == "pre2019":
        text = old_report_text(year, issuer, prose)
        if shape == "traditional":
            text = to_traditional.convert(text)
    else:
        text = report_text(
            table,
            shape,
            year,
            issuer,
            template,
            blank=blank,
            prose=prose,
            others=OtherTables(publications),
        )
    extension = ".html" if shape == "html" else ".txt"
    name = f"{place.code}_{year}_{index:06d}{extension}"
    encoding = "utf-8" if shape == "html" else _weighted(rng, ENCODINGS)
    (target / name).write_bytes(text.encode(encoding))

    table_values = "none" if template == "pre2019" else "blank" if blank else "filled"
    labels.report(
        {
            "file": name,
            "jurisdiction_name": place.name,
            "jurisdiction_code": place.code,
            "issuer": issuer,
            "scope": "government" if suffix == "人民政府" else "agency",
            "report_year": year,
            "template": template,
            "script": "traditional" if shape == "traditional" else "simplified",
            "table_values": table_values,
        }
    )
    for item in ("new_received", "carried_over", "total_processed", "carried_forward"):
        # (where the table prints a wrong total, the label is still the true one, as the
        # prose states it)
        value = totals[item]
        labels.fact(
            {
                "file": name,
                "fact": "applications",
                "key1": item,
                "key2": "total",
                "value": value,
                "source": "narrative",
            }
        )
    labels.fact(
        {
            "file": name,
            "fact": "appeals",
            "key1": "administrative_review",
            "key2": "total",
            "value": reviews,
            "source": "narrative",
        }
    )
    labels.fact(
        {
            "file": name,
            "fact": "appeals",
            "key1": "administrative_review",
            "key2": "corrected",
            "value": corrected,
            "source": "narrative",
        }
    )
    if table_values == "filled" and shape != "glued":
        for category, measures in publications.items():
            for measure, printed in measures.items():
                labels.fact(
                    {
                        "file": name,
                        "fact": "publications",
                        "key1": category,
                        "key2": measure,
                        "value": float(printed) if "." in printed else int(printed),
                        "source": "table",
                    }
                )
        for item, values in table.rows.items():
            for applicant, value in zip(APPLICANT_TYPES, values, strict=True):
                labels.fact(
                    {
                        "file": name,
                        "fact": "applications",
                        "key1": item,
                        "key2": applicant,
                        "value": value,
                        "source": "table",
                    }
                )
        labels.check(
            {
                "file": name,
                "check_name": "balance",
                "subject": "total",
                "status": "fail" if wrong_total else "pass",
            }
        )
    if forward is not None:  # the year before is in the corpus: the carry-over chains
        labels.check(
            {"file": name, "check_name": "carry_continuity", "subject": "total", "status": "pass"}
        )
    return carried_forward


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--traditional-share",
        type=float,
        default=TRADITIONAL_SHARE,
        help=f"share of reports written in Traditional characters (default {TRADITIONAL_SHARE})",
    )
    arguments = parser.parse_args()
    labels = generate(
        arguments.target, arguments.count, arguments.seed, arguments.traditional_share
    )
    print(
        f"wrote {labels.reports} reports to {arguments.target} and their labels to "
        f"{arguments.target / 'gold'}"
    )


if __name__ == "__main__":
    main()

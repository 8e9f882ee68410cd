"""Who wrote a report, about which place and year, on which template.

Each field is read from the strongest evidence the text offers (a signature, the title, the
report's own 现公布… sentence, the opening sentence) and a sidecar `<file>.meta.json` beats
all of them. A place is only resolved to a GB/T 2260 code when the evidence points at one
division; otherwise the code stays NULL rather than a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

import regex

from pipelines.extract.dates import publication_date
from pipelines.extract.gazetteer import Place, load_gazetteer, short_name, successor
from pipelines.extract.lines import line_index
from pipelines.extract.records import ReportMetadata, Section

_ORG_SUFFIX = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政务服务和大数据管理局|政务服务办公室|"
    r"政务服务办|管理委员会|管委会|委员会|办公室|办公厅|管理局|局|委|办|中心|政府)"
)
_ORG = rf"\p{{Han}}{{1,20}}?{_ORG_SUFFIX}"
_TITLE_YEAR = regex.compile(
    r"(\d{4})年度?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
_PERIOD_YEAR = regex.compile(r"统计期限(?:为|自|从)?(\d{4})年1月1日")
_ANY_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})年")
_PUBLISHES = regex.compile(rf"现(?:予)?公布(?P<org>{_ORG})?(?:\d{{4}})年")
_ALIAS = regex.compile(rf"(?P<org>{_ORG})\(以下简称")
_OPENING = regex.compile(rf"^(?:\d{{4}}年(?:度)?,?)(?P<org>{_ORG})")
_SIGNATURE = regex.compile(rf"^(?P<org>{_ORG})$")
_DATE_LINE = regex.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年.{1,3}月.{1,3}日$")
_TITLE_PLACE = (
    regex.compile(r"^(?P<place>\p{Han}{2,20}?)(?:\d{4})年度?(?:政府)?(?:信息公开|政务公开)"),
    regex.compile(r"^\d{4}年度?(?P<place>\p{Han}{2,20}?)(?:政府)?(?:信息公开|政务公开)"),
)
# Crawlers put the page's title and address in a header: 标题: … / 原文链接: https://…
_CRAWLER_FIELD = regex.compile(r"^(?:#+\s*)?(?:标题|题目)\s*:\s*")
_PAGE_TITLE_SEPARATOR = regex.compile(r"\s+[_|\-–—]+\s+")
_CRAWLER_URL = regex.compile(r"^(?:原文链接|链接|URL|url)\s*:\s*(https?://\S+)", regex.MULTILINE)
# Development zones are run by a 管理委员会, not a 人民政府.
_ZONE = regex.compile(r"(?:综合实验区|实验区|新区|开发区|高新区|试验区)$")
_ZONE_NAME = regex.compile(r"^(\p{Han}{2,4}?)(?:综合实验区|实验区|新区|开发区|高新区|试验区)")

_F2021_MARKERS = (
    "2021〕30号",
    "2021]30号",
    "(2021)30号",
    "本年制发件数",
    "逾期不补正",
    "缴纳费用、行政机关不再处理",
)
_F2019_MARKERS = (
    "2019〕60号",
    "2019]60号",
    "(2019)60号",
    "本年新制作数量",
    "对外公开总数量",
    "其他对外管理服务事项",
)


# The years a report can cover: a stated year outside them is refused, not stored.
YEARS = range(1990, 2101)
_STATED_YEAR = regex.compile(r"\s*(\d{4})\s*(?:年度?)?\s*")
# Only web addresses are kept as a report's source (never javascript:, data:, file: …).
_WEB_ADDRESS = regex.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", regex.IGNORECASE)


def infer_metadata(
    text: str, sections: list[Section], stated: Mapping[str, str] | None = None
) -> ReportMetadata:
    stated = stated or {}
    lines = [line for line in text.split("\n") if line]
    meta = ReportMetadata()
    own_title = infer_title(lines)
    meta.title = stated.get("title") or own_title
    meta.report_year = _stated_year(stated.get("year"), meta.notes) or infer_year(
        text, meta.title, sections
    )
    meta.template = infer_template(text, meta.report_year)
    crawled_url = _CRAWLER_URL.search(text[:2000])
    meta.url = _stated_url(stated.get("url"), meta.notes) or (
        crawled_url.group(1) if crawled_url else None
    )

    organisation = stated.get("issuer") or _organisation(lines, stated.get("title"), own_title)
    place = resolve_place(stated.get("jurisdiction"), organisation, text)
    if place:
        meta.jurisdiction_name = place.name
        meta.jurisdiction_code = place.code
        meta.jurisdiction_level = place.level
        meta.province_name = place.province_name
        meta.prefecture_name = place.prefecture_name
    elif stated.get("jurisdiction"):
        meta.jurisdiction_name = stated["jurisdiction"]
    meta.issuer = stated.get("issuer") or full_issuer_name(organisation, place)
    printed = _PLACE_PREFIX.match(organisation or "")
    if (
        place
        and printed
        and printed.group(1) != place.name
        and not load_gazetteer().named(printed.group(1))
    ):
        if successor(printed.group(1)) == place:
            meta.notes.append(
                f"place printed under its former name {printed.group(1)}, keyed to "
                f"{place.name} ({place.code}) so the series joins"
            )
        elif len(printed.group(1)) == len(place.name):
            meta.notes.append(
                f"place printed as {printed.group(1)}, read as {place.name} "
                f"(one character off, as OCR misreads it)"
            )
    meta.scope = infer_scope(meta.issuer)
    meta.other_provinces = other_provinces(text, meta.province_name)
    reading = publication_date(text, meta.report_year, stated.get("published"))
    meta.notes.extend(reading.errors)
    meta.published_on_passed_over = "; ".join(reading.passed_over) or None
    published = reading.found
    if published is not None:
        meta.published_on, meta.published_on_source = published.on, published.source
        meta.published_on_text, meta.published_on_line = published.text, published.line_no
    return meta


def _stated_year(value: str | None, notes: list[str]) -> int | None:
    """A sidecar's year, when it is one (2021, "2021", "2021年度") between 1990 and 2100; a
    stated value that is not is an error on the report, and the year is read from the text."""
    if value is None:
        return None
    match = _STATED_YEAR.fullmatch(str(value))
    if match and int(match.group(1)) in YEARS:
        return int(match.group(1))
    shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
    notes.append(
        f"sidecar year {shown!r} rejected: not a year between {YEARS.start} and "
        f"{YEARS.stop - 1}; the year is read from the text"
    )
    return None


def _stated_url(value: str | None, notes: list[str]) -> str | None:
    """A sidecar's url, kept only when it is an http(s) address."""
    if value is None:
        return None
    if _WEB_ADDRESS.fullmatch(value):
        return value
    shown = value if len(value) <= 60 else value[:60] + "…"
    notes.append(f"sidecar url {shown!r} rejected: only http(s) addresses are kept")
    return None


def _organisation(lines: list[str], stated_title: str | None, own_title: str | None) -> str | None:
    """The issuer as the text names it. A sidecar's title is evidence only where it names a
    division: a title that does not name the place (年度报告) must not wipe what the text says."""
    from_text = infer_organisation(lines, own_title)
    if not stated_title or stated_title == own_title:
        return from_text
    from_stated = infer_organisation(lines, stated_title)
    if from_stated and from_stated != from_text and _names_prefixing(from_stated):
        return from_stated
    return from_text


def infer_title(lines: list[str]) -> str | None:
    # A saved page's <title> adds its column and site: 报告标题 _ 政府信息公开年报 _ 某某局
    head = [
        part
        for line in lines[:4]
        for part in _PAGE_TITLE_SEPARATOR.split(_CRAWLER_FIELD.sub("", line).lstrip("# "))
    ]
    for index, line in enumerate(head):
        if len(line) <= 60 and regex.search(r"(?:年度报告|年报)$", line):
            return line
        joined = line + (head[index + 1] if index + 1 < len(head) else "")
        if len(joined) <= 60 and regex.search(r"(?:工作|信息公开)年度报告$", joined):
            return joined
    for line in lines[:5]:
        match = regex.search(r"现(?:予)?公布(\p{Han}[^,。]{4,60}?年度报告)", line)
        if match:
            return match.group(1)
    return None


# A report states its year in its title or its opening paragraphs; a year further on is a
# reference to another year (a plan, a regulation).
_YEAR_HEAD = 3000
_FIRST_SECTION_HEAD = 300


def infer_year(text: str, title: str | None, sections: list[Section]) -> int | None:
    for source in (title or "", text[:_YEAR_HEAD]):
        match = _TITLE_YEAR.search(source)
        if match:
            return int(match.group(1))
    match = _PERIOD_YEAR.search(text)
    if match:
        return int(match.group(1))
    if sections:
        match = _ANY_YEAR.search(sections[0].body[:_FIRST_SECTION_HEAD])
        if match:
            return int(match.group(1))
    years = Counter(int(y) for y in _ANY_YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def infer_template(text: str, year: int | None) -> str | None:
    if any(marker in text for marker in _F2021_MARKERS):
        return "f2021"
    if any(marker in text for marker in _F2019_MARKERS):
        return "f2019"
    if year is None:
        return None
    if year >= 2021:
        return "f2021"
    return "f2019" if year >= 2019 else "pre2019"


def infer_organisation(lines: list[str], title: str | None) -> str | None:
    """The issuing body as the report names it (may lack the place: 区政务服务办)."""
    tail = lines[-8:]
    for index, line in enumerate(tail[:-1]):
        if _SIGNATURE.match(line) and _DATE_LINE.match(tail[index + 1]):
            return line
    for pattern in _TITLE_PLACE:
        match = pattern.match(title or "")
        if match:
            return match.group("place")
    head = "\n".join(lines[:12])
    for pattern in (_PUBLISHES, _ALIAS):
        match = pattern.search(head)
        if match and match.group("org"):
            return match.group("org")
    for line in lines[:12]:
        match = _OPENING.match(line)
        if match:
            return match.group("org")
    return None


def resolve_place(stated: str | None, organisation: str | None, text: str) -> Place | None:
    gazetteer = load_gazetteer()
    if stated:
        return _pick(gazetteer.named(stated) or gazetteer.shortly_named(stated), text)
    if organisation:
        for name in reversed(_names_prefixing(organisation)):
            place = _pick(gazetteer.named(name), text)
            if place:
                return place
    mentioned = _mentioned_names(text)
    # The issuer does not name its place (区政务服务办): fall back on the place the text
    # names most, of the level the issuer's name implies, if one clearly leads.
    if organisation:
        zone = _ZONE_NAME.match(organisation)
        if zone:
            # 平潭综合实验区 administers the county its name begins with.
            counties = [p for p in gazetteer.shortly_named(zone.group(1)) if p.level == "county"]
            if len(counties) == 1:
                return counties[0]
        printed = _PLACE_PREFIX.match(organisation)
        former = successor(printed.group(1)) if printed else None
        if former:
            return former
        misread = _one_character_off(organisation, text)
        if misread:
            return misread
    level_hint = organisation[0] if organisation and organisation[0] in "省市区县" else None
    counts = _county_mentions(mentioned, level_hint) or _county_mentions(mentioned, None)
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        candidate = gazetteer.by_code[ranked[0][0]]
        same_name = gazetteer.named(candidate.name)
        return _pick(same_name, text) if len(same_name) > 1 else candidate
    return None


def _county_mentions(mentioned: Counter[str], level_hint: str | None) -> Counter[str]:
    """Mentions per county. A short name (武清 for 武清区) counts only where the text also
    names the county in full or names its prefecture or province: short names are common
    words too (和政 in 和政务公开)."""
    gazetteer = load_gazetteer()
    counts: Counter[str] = Counter()
    for name, count in mentioned.items():
        for place in gazetteer.named(name) + gazetteer.shortly_named(name):
            if place.level != "county" or (level_hint and not place.name.endswith(level_hint)):
                continue
            if (
                name != place.name
                and place.name not in mentioned
                and not any(
                    parent in mentioned or short_name(parent) in mentioned
                    for parent in gazetteer.parent_names(place) - {place.name}
                )
            ):
                continue
            counts[place.code] += count
    return counts


_PLACE_PREFIX = regex.compile(r"^(\p{Han}{1,6}?[省市区县])")


# Characters OCR takes for one another (they differ by a stroke or a dot). Only these
# may explain a place name that is one character off when the text names no parent.
_OCR_LOOKALIKES = frozenset(
    map(
        frozenset,
        (
            "沐沭",
            "己已",
            "未末",
            "土士",
            "日曰",
            "戊戌",
            "汩汨",
            "祁祈",
            "崇祟",
            "泊洎",
            "睢雎",
            "浈滇",
        ),
    )
)


def _one_character_off(organisation: str, text: str) -> Place | None:
    """A place name misread by OCR (沐阳县 for 沭阳县): the one division whose name differs in
    a single character that OCR confuses, or whose prefecture or province the text names."""
    match = _PLACE_PREFIX.match(organisation)
    if not match or load_gazetteer().named(match.group(1)):
        return None
    printed = match.group(1)
    gazetteer = load_gazetteer()
    near: list[tuple[Place, bool]] = []  # (a place, whether the difference is a lookalike)
    for name, places in gazetteer.by_name.items():
        if len(name) != len(printed) or name[-1] != printed[-1]:
            continue
        differences = [frozenset((a, b)) for a, b in zip(name, printed, strict=True) if a != b]
        if len(differences) == 1:
            near.extend((place, differences[0] in _OCR_LOOKALIKES) for place in places)
    lookalike = [place for place, confusable in near if confusable]
    if len(lookalike) == 1:
        return lookalike[0]
    mentioned = _mentioned_names(text)
    supported = [
        place
        for place, _ in near
        if any(
            n in mentioned or short_name(n) in mentioned
            for n in gazetteer.parent_names(place) - {place.name}
        )
    ]
    return supported[0] if len(supported) == 1 else None


def _pick(places: list[Place], text: str) -> Place | None:
    """One place, or None: several places of the same name are told apart by their parents."""
    if len(places) <= 1:
        return places[0] if places else None
    mentioned = _mentioned_names(text)
    gazetteer = load_gazetteer()
    fitting = [
        place
        for place in places
        if any(
            name in mentioned or short_name(name) in mentioned
            for name in gazetteer.parent_names(place) - {place.name}
        )
    ]
    return fitting[0] if len(fitting) == 1 else None


def _names_prefixing(organisation: str) -> list[str]:
    """Division names the organisation's name starts with, in the order written
    (苏州市吴江区人民政府 -> 苏州市, 吴江区)."""
    gazetteer = load_gazetteer()
    longest = _longest_name()
    names = []
    rest = organisation
    while rest:
        found = next(
            (rest[:n] for n in range(min(len(rest), longest), 1, -1) if gazetteer.named(rest[:n])),
            None,
        )
        if not found:
            break
        names.append(found)
        rest = rest[len(found) :]
    return names


@lru_cache(maxsize=1)
def _longest_name() -> int:
    """The longest division name (积石山保安族东乡族撒拉族自治县 has 15 characters)."""
    return max(len(name) for name in load_gazetteer().by_name)


@lru_cache(maxsize=1)
def _names_by_first_two_characters() -> dict[str, tuple[str, ...]]:
    """Every full and short (2+ characters) division name, by its first two characters,
    longest first: a scan that looks names up by prefix is ~80x faster than one regular
    expression with thousands of alternatives."""
    gazetteer = load_gazetteer()
    names = set(gazetteer.by_name) | {s for s in gazetteer.by_short_name if len(s) >= 2}
    index: dict[str, list[str]] = {}
    for name in names:
        index.setdefault(name[:2], []).append(name)
    return {prefix: tuple(sorted(group, key=len, reverse=True)) for prefix, group in index.items()}


# Reports name their place early; reading further only costs time.
_MENTION_WINDOW = 20_000


def _mentioned_names(text: str) -> Counter[str]:
    """How often each division name occurs, left to right, longest name first, no overlaps."""
    index = _names_by_first_two_characters()
    text = text[:_MENTION_WINDOW]
    found: Counter[str] = Counter()
    position, end = 0, len(text) - 1
    while position < end:
        for name in index.get(text[position : position + 2], ()):
            if text.startswith(name, position):
                found[name] += 1
                position += len(name)
                break
        else:
            position += 1
    return found


def full_issuer_name(organisation: str | None, place: Place | None) -> str | None:
    """The issuer's official name: districts carry their city (苏州市吴江区人民政府), counties and
    county-level cities do not (常熟市人民政府); a bare place name is its government."""
    if not organisation:
        return None
    if organisation.endswith("办") and not organisation.endswith("政务服务和大数据管理办"):
        organisation += "公室"
    if _ZONE.search(organisation):
        organisation += "管委会"
    elif not regex.search(_ORG_SUFFIX + "$", organisation):
        organisation += "人民政府"
    if place is None:
        return organisation
    names = _names_prefixing(organisation)
    body = organisation[sum(len(name) for name in names) :]
    misread = _PLACE_PREFIX.match(body)
    if (
        not names
        and misread
        and len(misread.group(1)) == len(place.name)
        and successor(misread.group(1)) is None
    ):
        names, body = [misread.group(1)], body[len(place.name) :]  # OCR-misread place name
    if not names:
        if body[:1] not in "省市区县" or body.startswith(("市场", "区域", "县域")):
            return organisation  # a zone's or a former name (吴江市人民政府): as printed
        body = body[1:]  # 区政务服务办: the place is implied
    prefix = place.name
    if place.level == "county" and place.name.endswith("区"):
        prefix = (place.prefecture_name or place.province_name) + place.name
    return prefix + body


def infer_scope(issuer: str | None) -> str | None:
    if not issuer:
        return None
    if issuer.endswith("政府") or (issuer.endswith("管委会") and _ZONE.search(issuer[:-3])):
        return "government"
    return "agency"


@lru_cache(maxsize=1)
def _provinces() -> tuple[dict[str, str], dict[str, str]]:
    """The provinces' full names, and the names of the provinces' and cities' daily papers
    without 日报 (福建, 苏州): each with the province it names."""
    provinces: dict[str, str] = {}
    papers: dict[str, str] = {}
    for place in load_gazetteer().by_code.values():
        if place.level == "province":
            provinces[place.name] = place.name
        if place.level in ("province", "prefecture") and len(place.short_name) >= 2:
            papers[place.short_name] = place.province_name
    return provinces, papers


@lru_cache(maxsize=1)
def _longest_paper() -> int:
    return max(map(len, _provinces()[1]), default=0)


def _province_mentions(text: str) -> dict[int, tuple[int, str, str]]:
    """start -> (end, word, province) of each province's full name and each daily paper of a
    province or city. Found by str.find on the names and on 日报: a regular expression of
    four hundred alternatives costs more than the rest of the scorecard's reading."""
    provinces, papers = _provinces()
    found: dict[int, tuple[int, str, str]] = {}
    for ending, (names, longest) in _by_ending().items():
        at = text.find(ending)
        while at >= 0:
            end = at + len(ending)
            for length in range(min(longest, end), len(ending), -1):
                name = text[end - length : end]
                if name in names:
                    found[end - length] = (end, name, provinces[name])
                    break
            at = text.find(ending, end)
    longest = _longest_paper()
    at = text.find("日报")
    while at >= 0:
        for length in range(min(longest, at), 1, -1):
            name = text[at - length : at]
            if name in papers:
                found[at - length] = (at + 2, name + "日报", papers[name])
                break
        at = text.find("日报", at + 2)
    return found


@lru_cache(maxsize=1)
def _by_ending() -> dict[str, tuple[frozenset[str], int]]:
    """The provinces' names grouped by how they end (省, 市, 自治区, 特别行政区), each group
    with the length of its longest name: a few searches of the text for the endings find them
    all, where one search per name took thirty-four."""
    endings = ("特别行政区", "自治区", "省", "市")
    grouped: dict[str, set[str]] = {}
    for name in _provinces()[0]:
        ending = next((e for e in endings if name.endswith(e)), name)
        grouped.setdefault(ending, set()).add(name)
    return {ending: (frozenset(group), max(map(len, group))) for ending, group in grouped.items()}


# A local paper, broadcaster or gazette by its title: 《今日定安》, 《平潭时报》, 《三明日报》,
# 《上海市人民政府公报》. What the title names besides the outlet must be a place's whole name
# (or its name without 县/市): anything else (《今日说法》, 《海峡都市报》) names no place.
_OUTLET_TITLE = regex.compile(
    r"《(?P<today>今日)?(?P<place>\p{Han}{2,10}?)"
    r"(?P<outlet>人民政府公报|政府公报|公报|都市报|日报|晚报|时报|新闻网|新闻|电视台|报)?》"
)


@lru_cache(maxsize=1)
def _outlet_places() -> dict[str, frozenset[str]]:
    """name -> the provinces of the places an outlet's title may name by it. Urban districts
    (区) are left out: they rarely have outlets of their own, and their names are words a
    national title uses (光明区: 《光明日报》)."""
    provinces: dict[str, set[str]] = {}
    for place in load_gazetteer().by_code.values():
        if place.level == "county" and not place.name.endswith(("县", "市", "旗")):
            continue
        for name in {place.name, place.short_name}:
            if len(name) >= 2:
                provinces.setdefault(name, set()).add(place.province_name)
    return {name: frozenset(found) for name, found in provinces.items()}


# More mentions than this of other provinces are not listed one by one.
MAX_OTHER_PROVINCES = 10


def other_provinces(text: str, province: str | None) -> list[tuple[str, str, int]]:
    """(word, province, line) for each mention of a province other than the issuer's: its
    full name, its or its cities' daily paper, or a local outlet's title that names one of its
    places (where counties of several provinces share the name, none may be the issuer's). A
    report copied from another body's often still names that body's place."""
    if not province:
        return []
    lines = line_index(text)
    found: dict[int, tuple[int, str, str]] = {}  # start -> (end, word, province)
    places = _outlet_places()
    for match in _OUTLET_TITLE.finditer(text):
        named = places.get(match.group("place"), frozenset())
        if (match.group("today") or match.group("outlet")) and named and province not in named:
            found[match.start()] = (match.end(), match.group(0)[1:-1], "/".join(sorted(named)))
    titles = [(start, end) for start, (end, _, _) in found.items()]
    for start, (end, word, named_province) in _province_mentions(text).items():
        inside = any(title_start <= start < title_end for title_start, title_end in titles)
        if named_province != province and not inside:
            found[start] = (end, word, named_province)
    return [
        (word, named, lines.line_of(start)) for start, (_, word, named) in sorted(found.items())
    ][:MAX_OTHER_PROVINCES]

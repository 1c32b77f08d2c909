"""Baseline statistics are computed from the records, and the comparison notices a difference."""

from __future__ import annotations

import doctest
import json

import pandas as pd
import pytest

import yizhan.data.baseline as baseline_module
from yizhan.data.baseline import (DOCUMENT_ARTICLES, DOCUMENT_COUNTS, area_bracket,
                                  baseline_stats, compare_with_document, population_bracket)
from yizhan.data.bundled import load_luohu

UNITS = pd.DataFrame({
    "code": ["A", "B"], "type": ["enclave", "urban_village"], "population": [20000, 4999],
    "area_km2": [0.2, 2.0], "office_status": ["meets", "hard"],
    "service_status": ["this_year", "this_year"], "plaza_status": ["hard", "meets"],
})
PEOPLE = pd.DataFrame({"person_id": ["p1", "p2", "p3", "p4", "p5"], "name": list("甲乙丙丁戊")})
POSTS = pd.DataFrame([
    ("p1", "station", "A", "head"), ("p1", "committee", "A", "director"),
    ("p1", "party", "A", "secretary"),
    ("p2", "station", "B", "head"), ("p2", "committee", "A", "member"),
    ("p3", "committee", "B", "director"), ("p3", "party", "B", "member"),
    ("p4", "committee", "B", "deputy"), ("p4", "station", "A", "staff"),
    ("p5", "party", "B", "secretary"), ("p5", "committee", "B", "member"),
], columns=["person_id", "org", "unit", "role"])


def test_docstring_examples():
    result = doctest.testmod(baseline_module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("value, key", [(20000, "ge_20000"), (19999, "15000_20000"),
                                        (15000, "15000_20000"), (5000, "5000_10000"),
                                        (4999, "lt_5000"), (float("nan"), "unknown")])
def test_population_brackets_are_lower_inclusive(value, key):
    assert population_bracket(value) == key


@pytest.mark.parametrize("value, key", [(2.0, "ge_2"), (1.999, "1_2"), (0.5, "0.5_1"),
                                        (0.2, "0.2_0.5"), (0.199, "lt_0.2")])
def test_area_brackets_are_lower_inclusive(value, key):
    assert area_bracket(value) == key


def test_stats_are_computed_from_small_records():
    stats = baseline_stats(UNITS, PEOPLE, POSTS)
    assert stats["units"] == 2 and stats["persons"] == 5
    assert stats["types"] == {"mid_high_end": 0, "old_residential": 0, "urban_village": 1,
                              "enclave": 1}
    assert stats["population"]["ge_20000"] == 1 and stats["population"]["lt_5000"] == 1
    assert stats["area"]["ge_2"] == 1 and stats["area"]["0.2_0.5"] == 1
    assert stats["staff"] == {
        "station_staff": 3, "party_members": 3, "party_secretaries": 2, "party_other_members": 1,
        "committee_members": 5, "committee_directors": 2, "committee_deputies": 1,
        "committee_other_members": 2}
    # p1 heads A and directs A; p3 directs B but B's head is p2: one of two directors.
    # p2 is a member holding a station post (in another committee's station still counts);
    # p5 is a member without one; p4 a deputy with one; p1 head and secretary of A, p2 not.
    assert stats["cross_appointments"] == {
        "directors_heading_station": 1, "directors_not_heading_station": 1,
        "deputies_with_station_post": 1, "deputies_without_station_post": 0,
        "members_with_station_post": 1, "members_without_station_post": 1,
        "heads_as_secretary": 1, "heads_not_secretary": 1}
    assert stats["facilities"]["office"] == {"meets": 1, "this_year": 0, "hard": 1}
    json.dumps(stats)  # JSON-friendly: plain ints and strs only


def test_head_of_another_committee_is_not_counted_as_director_heading_station():
    posts = pd.DataFrame([("p1", "committee", "A", "director"), ("p1", "station", "B", "head")],
                         columns=["person_id", "org", "unit", "role"])
    stats = baseline_stats(UNITS, PEOPLE, posts)
    assert stats["cross_appointments"]["directors_heading_station"] == 0


def test_compare_rows_cover_every_document_number_with_its_article():
    rows = compare_with_document(baseline_stats(UNITS, PEOPLE, POSTS))
    assert len(rows) == 4 + 5 + 5 + 8 + 8 + 9
    row = next(r for r in rows if r["name"] == "facilities.plaza.hard")
    assert (row["document"], row["computed"], row["equal"], row["article"]) == (48, 1, False, "§5(3)")
    assert row["label_zh"] == "户外文体广场年内较难达标"
    assert {r["article"] for r in rows} == set(DOCUMENT_ARTICLES.values())


def test_bundled_data_equals_the_document_and_a_changed_record_is_noticed():
    data = load_luohu()
    units = data.instance.units
    assert all(r["equal"] for r in compare_with_document(baseline_stats(units, data.people, data.posts)))
    changed = units.copy()
    changed.iloc[0, changed.columns.get_loc("type")] = (
        "enclave" if changed["type"].iloc[0] != "enclave" else "mid_high_end")
    bad = [r["name"] for r in compare_with_document(baseline_stats(changed, data.people, data.posts))
           if not r["equal"]]
    assert len(bad) == 2 and all(name.startswith("types.") for name in bad)


def test_document_counts_add_up_as_the_document_says():
    d = DOCUMENT_COUNTS
    assert sum(d["types"].values()) == sum(d["population"].values()) == sum(d["area"].values()) == 115
    for facility in d["facilities"].values():
        assert sum(facility.values()) == 115
    s, c = d["staff"], d["cross_appointments"]
    assert s["party_secretaries"] + s["party_other_members"] == s["party_members"]
    assert (s["committee_directors"] + s["committee_deputies"] + s["committee_other_members"]
            == s["committee_members"])
    assert c["directors_heading_station"] + c["directors_not_heading_station"] == 115
    assert c["members_with_station_post"] + c["members_without_station_post"] == 536

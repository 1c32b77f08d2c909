"""Dissolving committees into stations (R7 §2(4)): the union of each station's members."""

from shapely.geometry import MultiPolygon, Polygon, box

from yizhan.geo.dissolve import dissolve


def test_neighbours_of_one_station_become_one_polygon_without_inner_border():
    out = dissolve({"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1)}, {"a": "S", "b": "S"})
    assert list(out) == ["S"]
    station = out["S"]
    assert isinstance(station, Polygon)
    assert station.area == 2.0
    assert station.equals(box(0, 0, 2, 1))
    assert len(station.interiors) == 0


def test_each_station_keeps_its_own_members_only():
    geoms = {"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1), "c": box(2, 0, 3, 1)}
    out = dissolve(geoms, {"a": "S1", "b": "S2", "c": "S2"})
    assert out["S1"].equals(geoms["a"])
    assert out["S2"].equals(box(1, 0, 3, 1))
    assert not out["S1"].intersection(out["S2"]).area


def test_members_apart_give_a_multipolygon_with_both_parts():
    out = dissolve({"a": box(0, 0, 1, 1), "b": box(3, 0, 4, 1)}, {"a": "S", "b": "S"})
    assert isinstance(out["S"], MultiPolygon)
    assert len(out["S"].geoms) == 2
    assert out["S"].area == 2.0


def test_area_is_preserved_and_stations_cover_the_district():
    # a 3x3 grid of unit squares grouped in three columns
    geoms = {f"{i}{j}": box(i, j, i + 1, j + 1) for i in range(3) for j in range(3)}
    plan = {code: f"col{code[0]}" for code in geoms}
    out = dissolve(geoms, plan)
    assert sum(g.area for g in out.values()) == 9.0
    from shapely import union_all
    assert union_all(list(out.values())).equals(box(0, 0, 3, 3))
    assert all(isinstance(g, Polygon) for g in out.values())


def test_snap_closes_a_sliver_between_borders_that_do_not_meet():
    gap = 1e-6
    geoms = {"a": box(0, 0, 1, 1), "b": box(1 + gap, 0, 2, 1)}
    exact = dissolve(geoms, {"a": "S", "b": "S"})
    snapped = dissolve(geoms, {"a": "S", "b": "S"}, snap=1e-5)
    assert isinstance(exact["S"], MultiPolygon)
    assert isinstance(snapped["S"], Polygon)
    assert abs(snapped["S"].area - 2.0) < 1e-4


def test_units_without_geometry_are_skipped():
    out = dissolve({"a": box(0, 0, 1, 1)}, {"a": "S1", "b": "S1", "c": "S2"})
    assert list(out) == ["S1"]
    assert out["S1"].equals(box(0, 0, 1, 1))

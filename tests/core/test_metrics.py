"""Property-based tests of the metrics every layer shares (band, facilities, contiguity)."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yizhan.core import Instance, Plan, Policy, evaluate
from yizhan.core.metrics import band_deviation, cut_edges, facility_area, is_connected
from yizhan.core.policy import Exemption

households = st.integers(min_value=0, max_value=40_000)


@given(households, st.integers(1, 5))
def test_band_deviation_is_the_distance_to_the_band(h, n_units):
    dev = int(band_deviation([h], [n_units])[0])
    exempt = n_units == 1 and h > 10_000
    expected = 0 if exempt else max(6000 - h, 0) + max(h - 10_000, 0)
    assert dev == expected
    assert dev >= 0


@given(st.integers(10_001, 40_000))
def test_one_unit_station_above_the_maximum_is_exempt_only_if_flagged_when_required(h):
    strict = Policy(exemption=Exemption(require_self_contained=True))
    assert band_deviation([h], [1], [True], strict)[0] == 0
    assert band_deviation([h], [1], [False], strict)[0] == h - 10_000
    assert band_deviation([h], [1], [False])[0] == 0  # default: no flag needed


@given(st.integers(0, 5999))
def test_a_small_single_unit_is_never_exempt(h):
    assert band_deviation([h], [1], [True])[0] == 6000 - h


@given(st.lists(st.floats(0, 5000, allow_nan=False), min_size=1, max_size=6))
def test_facility_area_max_never_exceeds_sum(areas):
    assert facility_area(areas, "max") <= facility_area(areas, "sum") + 1e-9
    assert facility_area(areas, "max") == max(areas)


@st.composite
def instances_and_plans(draw):
    """A random grid-ish instance in two parents and a random assignment to stations."""
    n = draw(st.integers(2, 12))
    hh = draw(st.lists(st.integers(0, 12_000), min_size=n, max_size=n))
    office = draw(st.lists(st.sampled_from([0.0, 150.0, 200.0, 400.0]), min_size=n, max_size=n))
    parents = ["P" if i < n // 2 else "Q" for i in range(n)]
    records = [dict(code=f"u{i}", name=f"U{i}", parent=parents[i], households=hh[i],
                    office_m2=office[i]) for i in range(n)]
    edges = [(f"u{i}", f"u{i + 1}") for i in range(n - 1)
             if draw(st.booleans())]
    labels = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    plan = Plan({f"u{i}": f"S{labels[i]}" for i in range(n)})
    return Instance.from_records(records, edges), plan


@settings(max_examples=60, deadline=None)
@given(instances_and_plans())
def test_evaluate_agrees_with_a_direct_count(case):
    inst, plan = case
    m = evaluate(inst, plan)
    stations = plan.stations()
    assert m.stations == len(stations)
    assert m.units == inst.n_units
    direct_dev = 0
    office_ok = 0
    for members in stations.values():
        h = int(inst.units.loc[members, "households"].sum())
        direct_dev += int(band_deviation([h], [len(members)])[0])
        office_ok += inst.units.loc[members, "office_m2"].max() >= 200
    assert m.band_deviation == direct_dev
    assert m.office_share == pytest.approx(office_ok / len(stations))
    parents_per_station = [inst.units.loc[mem, "parent"].nunique() for mem in stations.values()]
    assert m.crosses_parent == any(p > 1 for p in parents_per_station)
    graph = nx.Graph(inst.edges)
    graph.add_nodes_from(inst.codes)
    assert m.contiguous == all(nx.is_connected(graph.subgraph(mem)) for mem in stations.values())
    for share in (m.office_share, m.service_share, m.plaza_share, m.service_and_plaza_share):
        assert 0.0 <= share <= 1.0


@settings(max_examples=40, deadline=None)
@given(instances_and_plans())
def test_metrics_do_not_depend_on_station_labels(case):
    inst, plan = case
    relabelled = Plan({c: "x" + s[::-1] + "y" for c, s in plan.assignment.items()})
    a, b = evaluate(inst, plan).to_dict(), evaluate(inst, relabelled).to_dict()
    for key in ("stations", "band_deviation", "office_share", "contiguous", "crosses_parent",
                "cut_edges", "per_parent"):
        assert a[key] == b[key]


@settings(max_examples=40, deadline=None)
@given(instances_and_plans())
def test_merging_two_stations_never_cuts_more_edges(case):
    inst, plan = case
    stations = list(plan.stations())
    if len(stations) < 2:
        return
    merged = Plan({c: (stations[0] if s == stations[1] else s) for c, s in plan.assignment.items()})
    assert cut_edges(inst, merged) <= cut_edges(inst, plan)


def test_is_connected_single_and_split():
    g = nx.path_graph(["a", "b", "c"])
    assert is_connected(g, ["b"])
    assert is_connected(g, ["a", "b", "c"])
    assert not is_connected(g, ["a", "c"])


def test_per_parent_counts_before_and_after():
    inst = Instance.from_records(
        [dict(code=c, name=c, parent=p, households=4000, station=c) for c, p in
         [("a", "P"), ("b", "P"), ("c", "P"), ("d", "Q")]],
        edges=[("a", "b"), ("b", "c"), ("c", "d")])
    m = evaluate(inst, Plan({"a": "S", "b": "S", "c": "T", "d": "U"}))
    assert m.per_parent.loc["P"].tolist() == [3, 2, 2000]  # S=8000 in band, T=4000
    assert m.per_parent.loc["Q"].tolist() == [1, 1, 2000]
    assert m.office_share == 0.0 and m.cut_edges == 2

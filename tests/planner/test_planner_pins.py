"""Every pin holds in the plan; pins that cannot hold are explained, never a crash."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_helpers import brute_force, small_instances

from yizhan.core import Instance, Policy
from yizhan.planner import Pins, Planner

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _path(n=6, parent="P", hh=3000):
    return Instance.from_records(
        [dict(code=f"u{i}", name=f"N{i}", parent=parent, households=hh, office_m2=300,
              station=f"S{i // 2}") for i in range(n)],
        edges=[(f"u{i}", f"u{i + 1}") for i in range(n - 1)])


@FAST
@given(small_instances(max_units=7), st.data())
def test_every_pin_is_respected(instance, data):
    codes = instance.codes
    pairs = list(itertools.combinations(codes, 2))
    never = data.draw(st.lists(st.sampled_from(pairs), max_size=2)) if pairs else []
    together = data.draw(st.lists(st.sampled_from(pairs), max_size=2)) if pairs else []
    max_units = data.draw(st.one_of(st.none(), st.integers(1, 4)))
    keep = data.draw(st.lists(st.sampled_from(sorted(set(instance.units["station"]))), max_size=1))
    pins = Pins(keep=keep, never=never, together=together, max_units=max_units)
    result = Planner(instance, Policy(), pins=pins).solve()
    if result.plan is None:
        assert result.status == "infeasible" and result.explanations
        assert all(f.rule and f.article for f in result.explanations)
        return
    stations = result.plan.stations()
    group = {c: frozenset(stations[s]) for c, s in result.plan.assignment.items()}
    for a, b in never:
        assert group[a] != group[b]
    for a, b in together:
        assert group[a] == group[b]
    if max_units is not None:
        assert all(len(m) <= max_units for m in stations.values())
    current = instance.current_plan().stations()
    for label in keep:
        assert group[current[label][0]] == frozenset(current[label])


@FAST
@given(small_instances(max_units=7), st.integers(1, 7))
def test_a_pinned_total_number_of_stations_holds_and_is_optimal(instance, total):
    policy = Policy()
    result = Planner(instance, policy, pins=Pins(stations=total)).solve()
    expected = brute_force(instance, policy, n_stations=lambda groups: len(groups) == total)
    if expected is None:
        assert result.plan is None
    else:
        assert result.plan.n_stations == total
        assert tuple(result.totals[t].value for t in policy.objective.order) == expected


def test_stations_pinned_per_parent():
    result = Planner(_path(6), pins=Pins(stations={"P": 3})).solve()
    assert result.plan.n_stations == 3 and result.status == "optimal"


def test_keep_a_current_station_as_it_is():
    result = Planner(_path(6), pins=Pins(keep=["S1"])).solve()
    stations = result.plan.stations().values()
    assert ["u2", "u3"] in [sorted(m) for m in stations]


def test_together_across_subdistricts_is_explained_not_crashed():
    inst = Instance.from_records(
        [dict(code="a", name="A", parent="P", households=4000),
         dict(code="b", name="B", parent="Q", households=4000)], edges=[("a", "b")])
    result = Planner(inst, pins=Pins(together=[("a", "b")])).solve()
    assert result.plan is None and result.status == "infeasible"
    assert [(f.rule, f.article) for f in result.explanations] == [("R6", "§2(4)")]
    assert "不同街道" in result.explanations[0].message
    assert "different subdistricts" in result.explanations[0].message_en


def test_conflicting_pins_are_explained():
    result = Planner(_path(4), pins=Pins(never=[("u0", "u1")], together=[("u0", "u1")])).solve()
    assert result.plan is None and result.explanations


def test_a_number_of_stations_that_cannot_be_contiguous_is_explained():
    inst = Instance.from_records(  # two islands can never form one station
        [dict(code="a", name="A", parent="P", households=4000),
         dict(code="b", name="B", parent="P", households=4000)])
    result = Planner(inst, pins=Pins(stations={"P": 1})).solve()
    assert result.plan is None and result.explanations[0].rule == "R6"


def test_pinned_counts_that_need_groups_above_the_maximum_are_still_planned():
    inst = _path(16, hh=3000)  # 16 units of 3,000 households in one parent
    for pins in (Pins(stations={"P": 2}), Pins(stations=2)):
        result = Planner(inst, pins=pins).solve()
        assert result.plan is not None and result.plan.n_stations == 2
        assert result.totals["band"].value == 2 * (24000 - 10000)

"""The district frontier by min-plus equals solving the combined problem for each K."""

from hypothesis import HealthCheck, given, settings
from planner_helpers import brute_force, policies, small_instances

from yizhan.core import Instance, Policy
from yizhan.planner.frontier import district_frontier, min_plus
from yizhan.planner.subproblem import Subproblem


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_units=7, max_parents=3))
def test_min_plus_frontier_equals_the_combined_problem(instance):
    policy = Policy()
    frontier = district_frontier(instance, policy)
    by_k = {r["stations"]: r["band_deviation"] for r in frontier.rows}
    for k in range(1, instance.n_units + 1):
        best = brute_force(instance, policy, n_stations=lambda groups, k=k: len(groups) == k)
        if best is None:
            assert k not in by_k
        else:
            assert by_k[k] == best[0]


def test_min_plus_adds_the_best_split():
    assert min_plus([{1: (4,), 2: (1,)}, {1: (0,), 3: (9,)}]) == {2: (4,), 3: (1,), 4: (13,), 5: (10,)}


def test_frontier_facility_bound_on_a_small_case():
    inst = Instance.from_records(
        [dict(code=c, name=c, parent="P", households=4000, office_m2=o)
         for c, o in [("a", 300), ("b", 0), ("c", 0), ("d", 0)]],
        edges=[("a", "b"), ("b", "c"), ("c", "d")])
    rows = {r["stations"]: r for r in district_frontier(inst).rows}
    assert rows[2]["band_deviation"] == 0
    assert rows[2]["office_met_at_most"] == 1 and rows[2]["office_short_at_least"] == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_units=8, max_parents=2), policies())
def test_subset_dp_equals_the_cpsat_frontier(instance, policy):
    """The two exact ways to a parent's table agree (band and every target's maximum)."""
    from yizhan.core.metrics import facility_targets
    from yizhan.planner.candidates import build_columns
    from yizhan.planner.frontier import INF, _cpsat_frontier, _subset_frontier
    from yizhan.planner.subproblem import subproblems

    for sub in subproblems(instance):
        dp = _subset_frontier(build_columns(sub, policy, limit=INF), facility_targets(policy))
        cp, complete = _cpsat_frontier(sub, policy, time_limit=10, seed=0, cap=20_000)
        assert complete and dp == cp


def test_large_parents_fall_back_to_cpsat(monkeypatch):
    import yizhan.planner.frontier as fr

    inst = Instance.from_records(
        [dict(code=c, name=c, parent="P", households=4000, office_m2=o)
         for c, o in [("a", 300), ("b", 0), ("c", 0), ("d", 0)]],
        edges=[("a", "b"), ("b", "c"), ("c", "d")])
    dp, _ = fr.parent_frontier(Subproblem.of(inst, "P"))
    monkeypatch.setattr(fr, "DP_MAX_UNITS", 0)
    assert fr.parent_frontier(Subproblem.of(inst, "P")) == (dp, True)


def test_cpsat_frontier_leaves_out_unproven_k(monkeypatch):
    """A k whose band the time limit stopped before proving it is not reported as optimal."""
    import yizhan.planner.frontier as fr

    inst = Instance.from_records(
        [dict(code=c, name=c, parent="P", households=4000) for c in "abcd"],
        edges=[("a", "b"), ("b", "c"), ("c", "d")])
    monkeypatch.setattr(fr, "DP_MAX_UNITS", 0)
    table, complete = fr.parent_frontier(Subproblem.of(inst, "P"), time_limit=0.0)
    assert not complete and table == {}

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
        cp, open_ = _cpsat_frontier(sub, policy, time_limit=10, seed=0, cap=20_000)
        assert open_ == {} and dp == cp


def test_large_parents_fall_back_to_cpsat(monkeypatch):
    import yizhan.planner.frontier as fr

    inst = Instance.from_records(
        [dict(code=c, name=c, parent="P", households=4000, office_m2=o)
         for c, o in [("a", 300), ("b", 0), ("c", 0), ("d", 0)]],
        edges=[("a", "b"), ("b", "c"), ("c", "d")])
    dp, _ = fr.parent_frontier(Subproblem.of(inst, "P"))
    monkeypatch.setattr(fr, "DP_MAX_UNITS", 0)
    assert fr.parent_frontier(Subproblem.of(inst, "P")) == (dp, {})


def test_cpsat_frontier_keeps_unproven_k_open(monkeypatch):
    """A k whose band the work limit stopped before proving it is not in the table (which
    holds proven values only) but open, with no plan and the bound 0."""
    import yizhan.planner.frontier as fr

    inst = Instance.from_records(
        [dict(code=c, name=c, parent="P", households=4000) for c in "abcd"],
        edges=[("a", "b"), ("b", "c"), ("c", "d")])
    monkeypatch.setattr(fr, "DP_MAX_UNITS", 0)
    table, open_ = fr.parent_frontier(Subproblem.of(inst, "P"), time_limit=0.0)
    assert table == {} and open_ == {k: (None, 0) for k in (1, 2, 3, 4)}
    frontier = fr.district_frontier(inst, time_limit=0.0)
    assert not frontier.complete and frontier.rows == []


def test_a_frontier_row_is_optimal_only_when_proven(monkeypatch):
    """Two Luohu subdistricts through the CP-SAT path with a work limit too small to prove
    every k: each row's band is one a plan reaches, its bound holds, and it is called optimal
    exactly when the two meet — and then it is the least, as the exact frontier says. Rows
    through an unproven k are feasible (before, they were printed as the least band), and
    every facility maximum is still an upper bound."""
    import yizhan.planner.frontier as fr
    from yizhan.data.bundled import load_luohu

    luohu = load_luohu().instance
    inst = luohu.subset([c for c, p in luohu.units["parent"].items() if p in ("莲塘", "笋岗")])
    exact = {r["stations"]: r for r in fr.district_frontier(inst).rows}
    monkeypatch.setattr(fr, "DP_MAX_UNITS", 0)
    frontier = fr.district_frontier(inst, time_limit=0.002)
    assert not frontier.complete and any(frontier.open.values())
    statuses = {r["status"] for r in frontier.rows}
    assert statuses == {"optimal", "feasible"}
    for r in frontier.rows:
        truth = exact[r["stations"]]
        assert r["band_bound"] <= truth["band_deviation"] <= r["band_deviation"]
        assert (r["status"] == "optimal") == (r["band_deviation"] == r["band_bound"])
        if r["status"] == "optimal":
            assert r["band_deviation"] == truth["band_deviation"]
        for target in ("office", "service", "plaza"):
            assert r[f"{target}_met_at_most"] >= truth[f"{target}_met_at_most"]
    assert any(r["band_deviation"] > exact[r["stations"]]["band_deviation"]
               for r in frontier.rows)  # what a row claimed before: not the least

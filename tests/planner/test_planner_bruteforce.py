"""The planner's optimum equals brute force over every set partition of small instances."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_helpers import brute_force, fast_vector, objective_vector, policies, small_instances

from yizhan.core import Plan, Policy
from yizhan.planner import Pins, Planner

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _planner_vector(result, policy):
    return tuple(result.totals[t].value for t in policy.objective.order)


@FAST
@given(small_instances(max_units=7), policies())
def test_optimal_objective_vector_equals_brute_force(instance, policy):
    result = Planner(instance, policy, time_limit=30).solve()
    expected = brute_force(instance, policy)
    assert result.status == "optimal"
    assert _planner_vector(result, policy) == expected
    # the report's numbers are the core's numbers for the plan it returns
    assert objective_vector(instance, result.plan, policy) == expected
    for term in policy.objective.order:
        assert result.totals[term].bound == result.totals[term].value


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_units=9, max_parents=3), policies())
def test_optimal_objective_vector_equals_brute_force_up_to_nine_units(instance, policy):
    result = Planner(instance, policy, time_limit=60).solve()
    assert _planner_vector(result, policy) == brute_force(instance, policy)


@FAST
@given(small_instances(max_units=6), policies(), st.data())
def test_per_station_pieces_add_up_to_the_core_metrics(instance, policy, data):
    codes = instance.codes
    labels = data.draw(st.lists(st.integers(0, 3), min_size=len(codes), max_size=len(codes)))
    groups = {}
    for c, lab in zip(codes, labels):
        groups.setdefault(lab, []).append(c)
    groups = list(groups.values())
    assert fast_vector(instance, groups, policy, {}) == objective_vector(
        instance, Plan.from_groups(groups), policy)


@FAST
@given(small_instances(max_units=7), st.data())
def test_pinned_optimum_equals_brute_force_under_the_same_pins(instance, data):
    codes = instance.codes
    pairs = list(itertools.combinations(codes, 2))
    never = data.draw(st.lists(st.sampled_from(pairs), max_size=2)) if pairs else []
    max_units = data.draw(st.one_of(st.none(), st.integers(1, 3)))
    pins = Pins(never=never, max_units=max_units)
    policy = Policy()
    result = Planner(instance, policy, pins=pins).solve()

    def allowed(group):
        return ((max_units is None or len(group) <= max_units)
                and not any(a in group and b in group for a, b in never))

    expected = brute_force(instance, policy, check=allowed)
    if expected is None:
        assert result.plan is None
    else:
        assert _planner_vector(result, policy) == expected


@FAST
@given(small_instances(max_units=7, max_parents=3), policies())
def test_without_the_joint_model_bounds_stay_valid(instance, policy):
    """With the joint model switched off (as for very large districts) the plan is still a
    plan, every proven term is the true optimum and no bound exceeds it."""
    result = Planner(instance, policy, joint_limit=0).solve()
    expected = brute_force(instance, policy)
    got = _planner_vector(result, policy)
    assert objective_vector(instance, result.plan, policy) == got
    assert got >= expected
    for k, term in enumerate(policy.objective.order):
        st = result.totals[term]
        assert st.bound <= st.value
        if got[:k] == expected[:k]:  # the bound of a term is valid given the earlier optima
            assert st.bound <= expected[k]
        if all(result.totals[t].status == "optimal" for t in policy.objective.order[:k + 1]):
            assert got[:k + 1] == expected[:k + 1]

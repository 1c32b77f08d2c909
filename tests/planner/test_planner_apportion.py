"""The fixed headcount (R8 §2(5)) is apportioned by households: total kept, floor kept."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yizhan.planner import apportion
from yizhan.core.apportion import ApportionmentError


@given(st.lists(st.integers(0, 20000), min_size=1, max_size=120), st.integers(0, 5),
       st.integers(0, 2000))
def test_apportionment_keeps_the_total_and_the_floor(weights, floor, extra):
    total = floor * len(weights) + extra
    seats = apportion(total, weights, floor)
    assert sum(seats) == total
    assert all(s >= floor for s in seats)


@given(st.lists(st.integers(1, 20000), min_size=2, max_size=50), st.integers(0, 3000))
def test_more_households_never_get_fewer_staff(weights, total):
    seats = apportion(total, weights, 0)
    for i in range(len(weights)):
        for j in range(len(weights)):
            if weights[i] > weights[j]:
                assert seats[i] >= seats[j]


def test_hamilton_largest_remainder_on_a_known_case():
    # quotas 4.2857, 2.8571, 2.8571 → 4, 2, 2 + one seat each to the largest remainders
    assert apportion(10, [3, 2, 2]) == [4, 3, 3]


def test_luohu_total_of_653_over_83_stations():
    seats = apportion(653, [8000 + 37 * i for i in range(83)], 3)
    assert sum(seats) == 653 and min(seats) >= 3


def test_a_total_below_the_floors_is_refused_in_both_languages():
    with pytest.raises(ApportionmentError, match="cannot give"):
        apportion(5, [1, 1, 1], 2)

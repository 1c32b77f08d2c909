"""Apportion the fixed station headcount over the new stations (R8 §2(5)).

The district's total of station staff under the quota (员额) stays as it is; the stations get
shares in proportion to their households, each at least a floor
(:attr:`yizhan.core.policy.Staffing.min_staff_per_station`).

It is a rule of the policy, so it lives in the core: the planner offers it with a plan, the
data generator used it for the 2006 baseline, and the rollout starts its staff assignment
from it (data and rollout must not import the planner).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["apportion", "ApportionmentError"]

METHOD = "Hamilton (largest remainder) with a floor / 最大余额法(汉密尔顿法)，每站设下限"


class ApportionmentError(ValueError):
    """The total cannot give every station its floor."""


def apportion(total: int, weights: Sequence[float], floor: int = 0) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, each at least ``floor``.

    The **Hamilton (largest-remainder) method** with a minimum: stations whose exact quota
    ``total·w/W`` is below the floor get the floor and leave the rest of the apportionment,
    which is repeated over the others with what remains, until every quota reaches the
    floor; then each station gets the integer part of its quota, and the seats left over go
    one each to the largest fractional remainders (ties: larger weight, then earlier
    station). Exact rational arithmetic, so the result is deterministic. The sum is always
    ``total``; with all weights 0 the total is spread evenly.

    Parameters
    ----------
    total : int
        The fixed headcount (Luohu 2006: 653).
    weights : sequence of numbers ≥ 0
        One per station, e.g. households.
    floor : int
        Least staff per station.

    Returns
    -------
    list of int
        Staff per station, in the order of ``weights``.

    Raises
    ------
    ApportionmentError
        If ``total < floor·len(weights)`` or an input is negative.

    Examples
    --------
    >>> apportion(10, [1, 1, 2])
    [3, 2, 5]
    >>> apportion(20, [100, 1, 1], floor=3)
    [14, 3, 3]
    >>> sum(apportion(653, [8000, 9500, 6100, 12000], floor=3))
    653
    """
    n = len(weights)
    if total < 0 or floor < 0 or any(w < 0 for w in weights):
        raise ApportionmentError("总数、权重与下限不能为负 / total, weights and floor must not be negative")
    if n == 0:
        if total:
            raise ApportionmentError("没有工作站可分配 / no stations to apportion to")
        return []
    if total < floor * n:
        raise ApportionmentError(
            f"总数 {total} 不足以使 {n} 个站每站至少 {floor} 人 / "
            f"a total of {total} cannot give {n} stations at least {floor} each")
    w = [Fraction(x).limit_denominator(10**9) for x in weights]
    if sum(w) == 0:
        w = [Fraction(1)] * n
    at_floor: set[int] = set()
    while True:
        quota = _quotas(total - floor * len(at_floor), w, [i for i in range(n) if i not in at_floor])
        low = {i for i, q in quota.items() if q < floor}
        if not low:
            break
        at_floor |= low
    free = sorted(quota)
    seats = [floor] * n
    for i in free:
        seats[i] = int(quota[i])  # floor of a non-negative Fraction
    remaining = total - sum(seats)
    order = sorted(free, key=lambda i: (-(quota[i] - int(quota[i])), -w[i], i))
    for i in order[:remaining]:
        seats[i] += 1
    return seats


def _quotas(left: int, w: list[Fraction], free: list[int]) -> dict[int, Fraction]:
    """Exact quotas of ``left`` over ``free`` (evenly when their weights are all 0)."""
    weight = sum(w[i] for i in free)
    if weight == 0:
        return {i: Fraction(left, len(free)) for i in free}
    return {i: left * w[i] / weight for i in free}

"""Parents too large to enumerate: a restricted candidate set plus a proven lower bound.

When a parent has more than ``cap`` connected groups within the households limit (many tiny
committees in a huge subdistrict), the planner keeps the groups of at most ``m`` units, with
``m`` the largest size that stays under the cap, and solves the same set-partitioning model
over them. The plan is then *feasible*, not proven optimal; its band deviation is compared
with :func:`band_lower_bound`, a bound that holds for every plan:

- each connected piece of the parent (an island) is covered by its own stations;
- k stations holding R households deviate by at least ``max(0, k·min − R, R − k·max)``;
  so a piece deviates at least the least of this over k ≥ 1 and over the ways to set aside
  units exempt on their own (R3 §2(2)), which may stand alone above the maximum. An island
  below the minimum thus costs its shortfall; one with 10,500 households costs 500.
"""

from __future__ import annotations

import math

from yizhan.core.metrics import band_exempt
from yizhan.core.policy import Policy
from yizhan.planner.candidates import Columns, TooManyCandidates, build_columns
from yizhan.planner.subproblem import Subproblem

__all__ = ["restricted_columns", "band_lower_bound", "components"]


def restricted_columns(sub: Subproblem, policy: Policy, *, limit: float, cap: int) -> Columns:
    """Candidates of at most m units, m the largest size with at most ``cap`` groups."""
    size = max(1, sub.n)
    best = None
    lo, hi = 1, size
    while lo <= hi:  # binary search on the size limit
        mid = (lo + hi) // 2
        try:
            best = build_columns(sub, policy, limit=limit, cap=cap, max_size=mid)
            lo = mid + 1
        except TooManyCandidates:
            hi = mid - 1
    if best is None:
        best = build_columns(sub, policy, limit=limit, max_size=1)
    best.complete, best.method = False, "restricted"
    return best


def band_lower_bound(sub: Subproblem, policy: Policy) -> int:
    """A band deviation that no plan of the parent ``sub`` can beat (see the module notes).

    Examples
    --------
    >>> from yizhan.core import Instance
    >>> inst = Instance.from_records([dict(code="a", name="A", parent="P", households=2000),
    ...                               dict(code="b", name="B", parent="P", households=3000)])
    >>> band_lower_bound(Subproblem.of(inst, "P"), Policy())  # two islands, 4000 + 3000 short
    7000
    """
    bound = 0
    for comp in components(sub):
        hh = sub.households[comp]
        total = int(hh.sum())
        eligible = hh[band_exempt(hh, 1, sub.self_contained[comp], policy)]
        if len(eligible) > 12:
            continue  # too many ways to set exempt units aside: claim nothing
        sums = {0}
        for h in eligible.tolist():
            sums |= {s + h for s in sums}
        bound += min(_spread_cost(total - s, policy) for s in sums)
    return bound


def components(sub: Subproblem, keep=None) -> list[list[int]]:
    """Connected pieces of the parent's units (of those in ``keep`` only, if given), each
    sorted, in order of their lowest unit."""
    keep = set(range(sub.n)) if keep is None else set(keep)
    nbr: dict[int, list[int]] = {i: [] for i in keep}
    for a, b in sub.edges:
        if a in keep and b in keep:
            nbr[a].append(b)
            nbr[b].append(a)
    seen: set[int] = set()
    out = []
    for v in sorted(keep):
        if v in seen:
            continue
        seen.add(v)
        stack, comp = [v], []
        while stack:
            u = stack.pop()
            comp.append(u)
            for w in nbr[u]:
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        out.append(sorted(comp))
    return out


def _spread_cost(rest: int, policy: Policy) -> int:
    """Least deviation of ``rest`` households split into any number k ≥ 1 of stations.

    With k stations the deviation is at least ``max(0, k·min − rest, rest − k·max)``.
    """
    lo, hi = policy.band.min_households, policy.band.max_households
    if rest <= 0:
        return 0
    best = math.inf
    k_hi = max(1, math.ceil(rest / max(hi, 1)) + 1)
    for k in range(1, k_hi + 1):
        best = min(best, max(0, k * lo - rest, rest - k * hi))
    return int(best)

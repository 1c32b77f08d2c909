"""A partition of one parent into stations, and its exact objective.

The neighbourhood search (:mod:`.neighbourhood`) holds a plan of one parent as groups of
unit indices of its :class:`~yizhan.planner.subproblem.Subproblem`. Its terms are computed
as the candidates' are (:func:`~yizhan.planner.candidates.columns_of`: band deviation, units
moved, edges inside, facilities met, each with the core's definitions), and the facility
term with :func:`~yizhan.core.metrics.facility_shortfall` over this parent's stations alone —
as the exact method's per-parent stage — so a plan found by the search carries the same
numbers as one found by enumeration.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from yizhan.core.metrics import facility_shortfall, facility_targets
from yizhan.core.policy import Policy
from yizhan.planner.candidates import columns_of
from yizhan.planner.subproblem import FACILITY_KEYS, Subproblem

__all__ = ["group_terms", "values", "values_of_terms", "vector", "search_order", "search_vector",
           "deficit_weights", "is_partition", "connected", "neighbour_lists"]


def search_order(policy: Policy) -> list[str]:
    """The policy's order with ``deficit`` right after ``facilities``: what the search
    minimises. The shortfall counts whole stations (``ceil``), so merging one pair of
    stations often leaves it unchanged and only a move elsewhere as well would lower it — a
    plateau no single window crosses. The deficit ``Σ max(0, share·S − met)`` (no ceil, in
    exact integers) falls with each step, and is 0 whenever the shortfall is."""
    order = list(policy.objective.order)
    return order[:order.index("facilities") + 1] + ["deficit"] + order[order.index("facilities") + 1:]


def deficit_weights(policy: Policy) -> list[tuple[str, tuple[str, ...], int, int]]:
    """Per facility target ``(name, keys, p·L/q, L)`` for share p/q and L the common
    denominator: the target's deficit is ``max(0, (p·L/q)·S − L·met)``."""
    fracs = [(name, keys, Fraction(share).limit_denominator(1000))
             for name, keys, share in facility_targets(policy)]
    lcm = math.lcm(*(f.denominator for _, _, f in fracs)) if fracs else 1
    return [(name, keys, f.numerator * lcm // f.denominator, lcm) for name, keys, f in fracs]


def neighbour_lists(sub: Subproblem) -> list[list[int]]:
    """Each unit's neighbours inside the parent, as lists of indices."""
    nbr: list[list[int]] = [[] for _ in range(sub.n)]
    for a, b in sub.edges:
        nbr[a].append(b)
        nbr[b].append(a)
    return nbr


def group_terms(sub: Subproblem, groups, policy: Policy, masks=None) -> dict[str, np.ndarray]:
    """Per group (a station): ``band``, ``moved``, ``internal`` (edges inside) and
    ``office_ok`` … (meets the facility's standard). ``masks``: :meth:`Subproblem.neighbours`."""
    cols = columns_of(sub, groups, policy, masks)
    return {"band": cols.band, "moved": cols.moved, "internal": cols.internal,
            **{f"{k}_ok": cols.ok[k] for k in FACILITY_KEYS}}


def values_of_terms(sub: Subproblem, terms: dict[str, np.ndarray], policy: Policy) -> dict[str, int]:
    """The four objective terms of a partition from its stations' :func:`group_terms`."""
    table = pd.DataFrame({f"{k}_ok": terms[f"{k}_ok"] for k in FACILITY_KEYS})
    stations = len(table)
    deficit = 0
    for _, keys, weight, scale in deficit_weights(policy):
        met = int(np.logical_and.reduce([terms[f"{k}_ok"] for k in keys]).sum()) if stations else 0
        deficit += max(0, weight * stations - scale * met)
    return {"band": int(terms["band"].sum()),
            "facilities": sum(facility_shortfall(table, policy).values()),
            "deficit": deficit,
            "disruption": int(terms["moved"].sum()),
            "compactness": len(sub.edges) - int(terms["internal"].sum())}


def values(sub: Subproblem, groups, policy: Policy) -> dict[str, int]:
    """The four objective terms of a partition of the parent (facilities: its own shares)."""
    return values_of_terms(sub, group_terms(sub, groups, policy), policy)


def vector(sub: Subproblem, groups, policy: Policy) -> tuple[int, ...]:
    """:func:`values` in the policy's lexicographic order (less is better)."""
    vals = values(sub, groups, policy)
    return tuple(vals[t] for t in policy.objective.order)


def search_vector(values_: dict[str, int], policy: Policy) -> tuple[int, ...]:
    """The terms of :func:`values_of_terms` in :func:`search_order`."""
    return tuple(values_[t] for t in search_order(policy))


def is_partition(sub: Subproblem, groups, nbr) -> bool:
    """Every unit in exactly one group and every group connected (R1, R6)."""
    if sorted(i for g in groups for i in g) != list(range(sub.n)):
        return False
    return all(connected(sorted(g), nbr) for g in groups)


def connected(members, nbr) -> bool:
    """Whether ``members`` (unit indices, at least one) are connected by ``nbr`` (lists)."""
    inside = set(members)
    start = members[0]
    seen, stack = {start}, [start]
    while stack:
        for v in nbr[stack.pop()]:
            if v in inside and v not in seen:
                seen.add(v)
                stack.append(v)
    return len(seen) == len(inside)

"""Unit moves: shift one unit on a station's border into the neighbouring station.

The windows of :mod:`.neighbourhood` re-partition a few whole stations; on a parent of tiny
committees a window of all the stations that must change together can be too large for
their flow model (three stations of 60 committees). Moving single border units is the
complementary step: cheap, and exactly what balancing such stations needs (a station of
10,400 households beside one of 6,400 reaches the band by handing over committees one by
one). Steepest descent: every move that keeps both stations contiguous and non-empty is
judged with the exact objective (:func:`.partition.search_vector`), the best strictly
better one is made, until none is — so it always ends, and the plan never gets worse.
"""

from __future__ import annotations

import numpy as np

from yizhan.core.policy import Policy
from yizhan.planner.partition import connected, group_terms, search_vector, values_of_terms
from yizhan.planner.subproblem import Subproblem

__all__ = ["descend"]


def descend(sub: Subproblem, policy: Policy, groups, nbr, *, max_moves: int = 1000) -> list[list[int]]:
    """Best single-unit moves until none improves (or ``max_moves`` were made); ``nbr``:
    :func:`.partition.neighbour_lists`."""
    groups = [sorted(g) for g in groups]
    masks = sub.neighbours()
    terms = group_terms(sub, groups, policy, masks)
    best = _vector(sub, policy, terms)
    for _ in range(max_moves):
        station = np.empty(sub.n, dtype=np.int64)
        for s, g in enumerate(groups):
            station[g] = s
        moves = sorted({(u, int(station[v])) for u in range(sub.n) for v in nbr[u]
                        if station[v] != station[u] and len(groups[station[u]]) > 1})
        found = None
        for u, b in moves:
            a = int(station[u])
            rest = [w for w in groups[a] if w != u]
            if not connected(rest, nbr):
                continue
            pair = group_terms(sub, [rest, groups[b] + [u]], policy, masks)
            trial = {k: v.copy() for k, v in terms.items()}
            for k in trial:
                trial[k][[a, b]] = pair[k]
            vec = _vector(sub, policy, trial)
            if vec < best:
                best, found = vec, (u, a, b, rest, trial)
        if found is None:
            break
        u, a, b, rest, terms = found
        groups[a], groups[b] = rest, sorted(groups[b] + [u])
    return groups


def _vector(sub, policy, terms) -> tuple:
    return search_vector(values_of_terms(sub, terms, policy), policy)


"""Large-neighbourhood search for parents too large to enumerate (issue 9, item 3).

A parent of 150–170 committees, or of 100+ tiny ones, has far too many connected groups for
the set-partitioning model of :mod:`.exact`. This search keeps a valid plan of the parent
and improves it window by window: a *window* is a few adjacent stations (grown from a seed
station over the station adjacency, up to ``window_stations`` stations and ``window_units``
units); its units are re-partitioned exactly by a small CP-SAT model while every other
station stays as it is (:mod:`.window`). The window's solution is judged with the exact
objective of the whole parent (:func:`.partition.search_vector`: the policy's order with the
facility deficit as a tie-breaker after the shortfall) and kept if it is no worse, so
the plan never gets worse and every plan the search holds is valid.

Why this method (measured, see docs/planner.md "The hardest subdistricts"): a window of a
few stations is a small model whatever the size of the parent — its enumerated groups when
they are few (the window is halved until they are), else a flow model for tiny committees —
while enumerating the whole parent's groups explodes with the units per station.

The start is the given plan, or, if better, the plan obtained from it by merging stations
below the band minimum into a neighbour while the merged station stays under the maximum;
then single-unit moves (:mod:`.moves`), which run again whenever the windows get stuck.

The bounds are honest and simple (:func:`_bounds`): band deviation at least
:func:`.large.band_lower_bound` (valid for every plan), disruption at least what the most
stations an optimal plan can have leave moved, every other term at least 0. A term is
``optimal`` only when it and every term before it equal their bounds; otherwise
``feasible``. The search stops when every term meets its bound, when ``work`` (CP-SAT
deterministic time, summed over the windows) is spent, or after ``patience`` windows in a
row without improvement that the moves cannot end — all deterministic, so the same input,
seed and settings give the same plan on a busy or an idle machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from yizhan.core.metrics import facility_ok, facility_targets
from yizhan.core.policy import Policy
from yizhan.planner.candidates import columns_of
from yizhan.planner.exact import StageResult
from yizhan.planner.large import band_lower_bound
from yizhan.planner.moves import descend
from yizhan.planner.partition import (group_terms, is_partition, neighbour_lists, search_order,
                                     search_vector, values, values_of_terms)
from yizhan.planner.subproblem import Subproblem
from yizhan.planner.window import solve_window

__all__ = ["SearchResult", "search", "merge_small", "solve_large"]


@dataclass
class SearchResult:
    """The best plan found (groups of unit indices), its terms, their bounds and status."""

    groups: list[list[int]]
    values: dict[str, int]
    bounds: dict[str, int]
    status: dict[str, str]
    windows: int = 0
    work: float = 0.0
    history: list[tuple[int, tuple]] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        return all(s == "optimal" for s in self.status.values())


def search(sub: Subproblem, policy: Policy, start=None, *, work: float = 8.0, seed: int = 0,
           window_stations: int = 6, window_units: int = 130, window_work: float = 0.3,
           patience: int | None = None, wall_limit: float = 10.0) -> SearchResult:
    """Improve ``start`` (groups of unit indices; default one station per unit).

    ``work`` and ``window_work`` are CP-SAT deterministic time (about seconds of one core);
    ``wall_limit`` is a wall-clock safety limit per window only (a window stopped by it is
    rejected unless it found a solution; it matters only on a machine far slower than usual).
    """
    order = list(policy.objective.order)
    nbr = neighbour_lists(sub)
    groups = [sorted(g) for g in (start or [[i] for i in range(sub.n)])]
    if not is_partition(sub, groups, nbr):
        raise ValueError("the start is not a partition of the parent into contiguous stations")
    merged = merge_small(sub, groups, policy, nbr)
    def key(plan):
        return search_vector(values(sub, plan, policy), policy)

    if key(merged) < key(groups):
        groups = merged
    groups = descend(sub, policy, groups, nbr)
    terms = search_order(policy)
    best = key(groups)
    bounds = _bounds(sub, policy, dict(zip(terms, best)))
    target = tuple(bounds.get(t, 0) for t in terms)
    rng = np.random.default_rng(seed)
    patience = patience if patience is not None else max(10, len(groups))
    spent, windows, stale, history = 0.0, 0, 0, [(0, best)]
    queue: list[int] = []
    while best > target and spent < work:
        if stale >= patience:  # the windows are stuck: try single-unit moves, else stop
            moved = descend(sub, policy, groups, nbr)
            if key(moved) == best:
                break
            groups, best, stale = moved, key(moved), 0
            history.append((windows, best))
            bounds = _bounds(sub, policy, dict(zip(terms, best)))
            target = tuple(bounds.get(t, 0) for t in terms)
            continue
        if not queue:
            queue = _seed_units(sub, groups, policy, rng)
        unit = queue.pop()
        station_of = _station_of(sub.n, groups)
        chosen = _grow(station_of[unit], groups, station_of, nbr, rng, window_stations, window_units)
        candidate, used = solve_window(sub, policy, groups, chosen, seed=seed + windows,
                                       work=min(window_work, work - spent), wall_limit=wall_limit)
        spent += used
        windows += 1
        stale += 1
        if candidate is None:
            continue
        vec = key(candidate)
        if vec <= best:
            if vec < best:
                stale = 0
                history.append((windows, vec))
                bounds = _bounds(sub, policy, dict(zip(terms, vec)))
                target = tuple(bounds.get(t, 0) for t in terms)
            groups, best = candidate, vec
    found = values(sub, groups, policy)
    status, proven = {}, True
    for t in order:
        proven = proven and found[t] == bounds[t]
        status[t] = "optimal" if proven else "feasible"
    groups = sorted(sorted(g) for g in groups)
    return SearchResult(groups, found, bounds, status, windows, spent, history)


def _bounds(sub: Subproblem, policy: Policy, values: dict[str, int]) -> dict[str, int]:
    """Lower bounds valid for every lexicographically optimal plan of the parent, given the
    ``values`` of a plan found.

    Band: :func:`.large.band_lower_bound`. Disruption: every optimal plan has the optimum of each
    earlier term; if band deviation comes earlier and a plan with 0 was found, every station
    of an optimal plan holds at least the minimum (or is exempt above the maximum), so there
    are at most ``floor(H / min)`` stations; if facilities come earlier and a plan short of no
    target was found, at most ``floor(c / share)`` stations for each target, c the stations
    that can meet it at all (units with the facility, or with "sum" aggregation the total area
    over the standard). Each station keeps at most one old station, so at least ``n −`` (the
    sum of the that many largest old stations' parts in the parent) units move. Every other
    term: 0.
    """
    order = list(policy.objective.order)
    bounds = {t: 0 for t in order}
    bounds["band"] = band_lower_bound(sub, policy)
    earlier = order[:order.index("disruption")]
    most = sub.n
    if "band" in earlier and values["band"] == 0:
        most = min(most, int(sub.households.sum()) // max(1, policy.band.min_households))
    if "facilities" in earlier and values["facilities"] == 0:
        for _, keys, share in facility_targets(policy):
            if share > 0:
                can = min(_can_meet(sub, policy, key) for key in keys)
                most = min(most, math.floor(can / share + 1e-6))
    parts: dict[str, int] = {}
    for label in sub.current:
        parts[label] = parts.get(label, 0) + 1
    bounds["disruption"] = sub.n - sum(sorted(parts.values(), reverse=True)[:most])
    return bounds


def _can_meet(sub: Subproblem, policy: Policy, key: str) -> int:
    """Most stations of the parent that can meet the standard of facility ``key``."""
    area = sub.areas[key]
    if policy.facilities.aggregation == "max":
        return int(facility_ok(area, key, policy).sum())
    standard = getattr(policy.facilities, f"{key}_min_m2")
    return sub.n if standard <= 0 else min(sub.n, int(area.sum() // standard))


def merge_small(sub: Subproblem, groups, policy: Policy, nbr) -> list[list[int]]:
    """Merge each station below the band minimum (smallest first) into its smallest
    neighbouring station, while the merged station stays at most the maximum."""
    lo, hi = policy.band.min_households, policy.band.max_households
    groups = [sorted(g) for g in groups]
    while True:
        station_of = _station_of(sub.n, groups)
        hh = [int(sub.households[g].sum()) for g in groups]
        small = sorted((h, g[0], s) for s, (h, g) in enumerate(zip(hh, groups)) if h < lo)
        for h, _, s in small:
            near = {station_of[v] for u in groups[s] for v in nbr[u]} - {s}
            fits = sorted((hh[t], groups[t][0], t) for t in near if h + hh[t] <= hi)
            if fits:
                t = fits[0][2]
                groups[s] = sorted(groups[s] + groups[t])
                del groups[t]
                break
        else:
            return groups


def _station_of(n: int, groups) -> np.ndarray:
    station = np.empty(n, dtype=np.int64)
    for s, g in enumerate(groups):
        station[g] = s
    return station


def _seed_units(sub, groups, policy, rng) -> list[int]:
    """One unit per station, in random order; popped first (listed last) the stations
    outside the band, then — while the parent is short of a facility target — the stations
    with the fewest households. A shortfall the band allows to close usually needs one
    station fewer (``ceil(share·S)`` above the stations that can have the facility), and
    the smallest station is the one its neighbours can absorb. (Measured on the planted
    parents of small committees: with this order both of the two that missed the optimum
    reach it within 20 deterministic seconds; with the stations lacking a facility first
    instead, one stayed 2 short.)"""
    terms = group_terms(sub, groups, policy)
    band = terms["band"]
    short = values_of_terms(sub, terms, policy)["facilities"] > 0
    households = [int(sub.households[g].sum()) for g in groups]
    picks = [(band[s] > 0, -households[s] if short else 0, rng.random(), g[0])
             for s, g in enumerate(groups)]
    return [u for *_, u in sorted(picks)]


def _grow(seed: int, groups, station_of, nbr, rng, max_stations: int, max_units: int) -> list[int]:
    """Stations adjacent to ``seed`` (breadth first, random order within a layer) while the
    window stays within ``max_stations`` stations and ``max_units`` units."""
    chosen, size = [seed], len(groups[seed])
    layer = [seed]
    while layer and len(chosen) < max_stations:
        near = sorted({int(station_of[v]) for s in layer for u in groups[s] for v in nbr[u]}
                      - set(chosen))
        rng.shuffle(near)
        layer = []
        for t in near:
            if len(chosen) < max_stations and size + len(groups[t]) <= max_units:
                chosen.append(t)
                layer.append(t)
                size += len(groups[t])
    return chosen


def solve_large(sub: Subproblem, policy: Policy, prefix, rest, *, work: float, seed: int):
    """The per-parent step's answer for a parent too large to enumerate (no pins):
    ``(columns, stages, relaxed)`` — the plan's stations as the only columns (``complete``
    False, method ``neighbourhood``) and a :class:`~.exact.StageResult` per term, the value
    with its bound and status from :func:`search`. Starts from the current stations when they
    are a valid plan of the parent, else from every unit alone."""
    nbr = neighbour_lists(sub)
    current: dict[str, list[int]] = {}
    for i, label in enumerate(sub.current):
        current.setdefault(label, []).append(i)
    start = list(current.values())
    if not is_partition(sub, start, nbr):
        start = None
    result = search(sub, policy, start, work=work, seed=seed)
    cols = columns_of(sub, result.groups, policy)
    cols.complete, cols.method = False, "neighbourhood"
    stages = [StageResult(t, result.values[t], result.bounds[t], result.status[t])
              for t in (*prefix, *rest)]
    return cols, stages[:len(prefix)], stages[len(prefix):]

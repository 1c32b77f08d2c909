"""Candidate stations: the connected groups of units of one parent that a plan may use.

A station must be contiguous and inside one parent (R6 §2(4)), so the planner chooses among
the *connected* subsets of each parent's units. They are enumerated with Wernicke's ESU
algorithm (each connected subset exactly once) on bitmasks, pruned by households: supersets
only add households, so a branch is cut as soon as it passes ``limit``. Single units are
always candidates (a unit can always stand alone, R3 §2(2)).

Why the pruning is exact when band deviation is the first objective (the default): every
term is ≥ 0, so in a plan whose band deviation is B every station deviates by at most B, and
a station of two or more units with more than ``max + B`` households deviates by more. So
once some plan with deviation B is known, enumerating up to ``limit = max + B`` loses no
band-optimal plan; the planner enlarges ``limit`` until this holds (:attr:`Columns.limit`).

Each candidate carries its objective terms, computed with the core's definitions
(:func:`yizhan.core.metrics.band_deviation`, :func:`~yizhan.core.metrics.station_moved`,
facility areas aggregated by the policy's ``max``/``sum`` as
:func:`~yizhan.core.metrics.facility_area`), so the solver's objective is the report's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from yizhan.core.metrics import band_deviation, facility_ok, station_moved
from yizhan.core.policy import Policy
from yizhan.planner.subproblem import FACILITY_KEYS, Subproblem

__all__ = ["Columns", "TooManyCandidates", "connected_subsets", "build_columns", "columns_of"]

class TooManyCandidates(RuntimeError):
    """Raised by :func:`connected_subsets` when more than ``cap`` subsets qualify."""


def connected_subsets(neighbours: list[int], weights, limit: float, *, max_size: int | None = None,
                      forbidden: list[int] | None = None, cap: int | None = None) -> list[int]:
    """All connected vertex subsets (as bitmasks) of weight ≤ ``limit``; singletons always.

    Parameters
    ----------
    neighbours : list of int
        ``neighbours[i]`` is the bitmask of vertex i's neighbours.
    weights : sequence of numbers ≥ 0
    limit : float
        Largest weight of a subset of two or more vertices.
    max_size : int, optional
        Most vertices in a subset.
    forbidden : list of int, optional
        ``forbidden[i]``: vertices that may never share a subset with i.
    cap : int, optional
        Raise :class:`TooManyCandidates` past this many subsets.

    Examples
    --------
    >>> sorted(connected_subsets([0b010, 0b101, 0b010], [1, 1, 1], 3))  # a path 0-1-2
    [1, 2, 3, 4, 6, 7]
    """
    n = len(neighbours)
    max_size = n if max_size is None else max_size
    forbidden = forbidden or [0] * n
    out: list[int] = []

    def extend(sub: int, ext: int, weight: float, size: int, closed: int, higher: int) -> None:
        while ext:
            low = ext & -ext
            ext ^= low
            u = low.bit_length() - 1
            w = weight + weights[u]
            if w > limit or size >= max_size or forbidden[u] & sub:
                continue
            new = sub | low
            out.append(new)
            if cap is not None and len(out) > cap:
                raise TooManyCandidates(f"more than {cap} candidate groups")
            extend(new, ext | (neighbours[u] & higher & ~closed), w, size + 1,
                   closed | neighbours[u], higher)

    for v in range(n):
        bit = 1 << v
        out.append(bit)
        higher = ~((bit << 1) - 1)
        extend(bit, neighbours[v] & higher, weights[v], 1, neighbours[v] | bit, higher)
    return out


@dataclass
class Columns:
    """The candidate stations of one parent and their objective terms.

    ``members[j]`` are indices into ``codes``. ``complete`` says the set holds every group
    that a lexicographically optimal plan can use (see the module notes); a plan built from
    an incomplete set is only *feasible*. ``method`` says how the set was made: ``exact``
    (every connected group within the limit) or ``restricted`` (:mod:`.large`).
    """

    parent: str
    codes: list[str]
    members: list[tuple[int, ...]]
    households: np.ndarray
    band: np.ndarray
    moved: np.ndarray
    internal: np.ndarray
    ok: dict[str, np.ndarray]
    n_edges: int
    limit: float
    complete: bool
    fixed: list[tuple[int, ...]] = field(default_factory=list)
    method: str = "exact"

    def __len__(self) -> int:
        return len(self.members)

    def member_codes(self, j: int) -> list[str]:
        return [self.codes[i] for i in self.members[j]]

    def take(self, idx) -> Columns:
        """The columns at positions ``idx`` (in that order)."""
        idx = list(idx)
        return Columns(self.parent, self.codes, [self.members[j] for j in idx],
                       self.households[idx], self.band[idx], self.moved[idx], self.internal[idx],
                       {k: v[idx] for k, v in self.ok.items()}, self.n_edges, self.limit,
                       self.complete, self.fixed, self.method)


def build_columns(sub: Subproblem, policy: Policy, *, limit: float, cap: int | None = None,
                  max_size: int | None = None) -> Columns:
    """Enumerate the candidate stations of the parent ``sub`` with households ≤ ``limit``.

    Its pins remove groups that break them and add the stations kept as they are. Raises
    :class:`TooManyCandidates` past ``cap``.
    """
    n = sub.n
    nbr = sub.neighbours()
    fixed = list(sub.fixed)
    forbidden = [0] * n
    for a, b in sub.never:
        forbidden[a] |= 1 << b
        forbidden[b] |= 1 << a
    size_cap = max_size
    if sub.max_units is not None:
        size_cap = sub.max_units if size_cap is None else min(size_cap, sub.max_units)
    fixed_units = 0
    for group in fixed:
        for i in group:
            fixed_units |= 1 << i
    free_nbr = [0 if fixed_units >> i & 1 else nb & ~fixed_units for i, nb in enumerate(nbr)]
    masks = connected_subsets(free_nbr, sub.households.tolist(), limit, max_size=size_cap,
                              forbidden=forbidden, cap=cap)
    masks = [m for m in masks if not m & fixed_units]
    if sub.together:
        masks = [m for m in masks
                 if all((m >> a & 1) == (m >> b & 1) for a, b in sub.together)]
    members = [tuple(i for i in range(n) if m >> i & 1) for m in masks]
    members += [g for g in fixed if g not in set(members)]
    return _columns(sub, members, nbr, policy, limit)


def columns_of(sub: Subproblem, members, policy: Policy, nbr: list[int] | None = None) -> Columns:
    """The given groups (tuples of unit indices) as columns with their objective terms; ``nbr``
    is :meth:`Subproblem.neighbours`, computed here if not given."""
    return _columns(sub, [tuple(m) for m in members], nbr or sub.neighbours(), policy, np.inf)


def _columns(sub: Subproblem, members, nbr, policy, limit) -> Columns:
    codes = sub.codes
    size = np.array([len(m) for m in members], dtype=np.int64)
    width = int(size.max()) if len(members) else 1
    # members padded with index n (a phantom unit: 0 households, 0 m², self-contained)
    pad = np.full((len(members), width), len(codes), dtype=np.int64)
    for j, m in enumerate(members):
        pad[j, :len(m)] = m
    households = np.append(sub.households, 0)[pad].sum(axis=1)
    selfc = np.append(sub.self_contained, True)[pad].all(axis=1)
    band = band_deviation(households, size, selfc, policy).astype(np.int64)
    how = policy.facilities.aggregation
    ok = {}
    for key in FACILITY_KEYS:
        area = np.append(sub.areas[key], 0.0)[pad]
        ok[key] = facility_ok(area.max(axis=1) if how == "max" else area.sum(axis=1), key, policy)
    masks = [sum(1 << i for i in m) for m in members]
    internal = np.array([sum((nbr[i] & mask).bit_count() for i in m) // 2
                         for m, mask in zip(members, masks)], dtype=np.int64)
    old = sub.current_members
    if all(len(old[s]) == 1 for s in sub.current):
        moved = size - 1  # one old station per unit: a station keeps one label (station_moved)
    else:
        cur = dict(zip(codes, sub.current))
        moved = np.array([station_moved([codes[i] for i in m], cur, old) for m in members],
                         dtype=np.int64)
    return Columns(sub.parent, codes, members, households, band, np.asarray(moved, dtype=np.int64),
                   internal, ok, len(sub.edges), limit, True, list(sub.fixed))

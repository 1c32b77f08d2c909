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

from yizhan.core.instance import Instance
from yizhan.core.metrics import band_deviation, facility_ok, station_moved
from yizhan.core.policy import Policy

__all__ = ["Columns", "TooManyCandidates", "connected_subsets", "build_columns"]

FACILITY_KEYS = ("office", "service", "plaza")


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
    an incomplete set is only *feasible*.
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
                       self.complete, self.fixed)


def build_columns(instance: Instance, parent: str, policy: Policy, *, limit: float,
                  pins=None, cap: int | None = None, max_size: int | None = None) -> Columns:
    """Enumerate the candidate stations of ``parent`` with households ≤ ``limit``.

    ``pins`` (a :class:`yizhan.planner.pins.Pins`) removes groups that break a pin and adds
    the stations it keeps as they are. Raises :class:`TooManyCandidates` past ``cap``.
    """
    codes = instance.units_of(parent)
    index = {c: i for i, c in enumerate(codes)}
    units = instance.units.loc[codes]
    n = len(codes)
    nbr = [0] * n
    n_edges = 0
    for a, b in instance.edges:
        if a in index and b in index:
            nbr[index[a]] |= 1 << index[b]
            nbr[index[b]] |= 1 << index[a]
            n_edges += 1
    hh = units["households"].to_numpy(dtype=np.int64)

    fixed: list[tuple[int, ...]] = []
    forbidden = [0] * n
    together: list[tuple[int, int]] = []
    size_cap = max_size
    if pins is not None:
        for group in pins.kept_groups(instance, parent):
            fixed.append(tuple(sorted(index[c] for c in group)))
        for a, b in pins.never_pairs(parent, index):
            forbidden[a] |= 1 << b
            forbidden[b] |= 1 << a
        together = list(pins.together_pairs(parent, index))
        if pins.max_units is not None:
            size_cap = pins.max_units if size_cap is None else min(size_cap, pins.max_units)
    fixed_units = 0
    for group in fixed:
        for i in group:
            fixed_units |= 1 << i
    free_nbr = [0 if fixed_units >> i & 1 else nb & ~fixed_units for i, nb in enumerate(nbr)]
    masks = connected_subsets(free_nbr, hh.tolist(), limit, max_size=size_cap,
                              forbidden=forbidden, cap=cap)
    masks = [m for m in masks if not m & fixed_units]
    if together:
        masks = [m for m in masks if all((m >> a & 1) == (m >> b & 1) for a, b in together)]
    members = [tuple(i for i in range(n) if m >> i & 1) for m in masks]
    members += [g for g in fixed if g not in set(members)]
    return _columns(instance, parent, codes, members, nbr, n_edges, policy, limit)


def _columns(instance, parent, codes, members, nbr, n_edges, policy, limit) -> Columns:
    units = instance.units.loc[codes]
    hh = units["households"].to_numpy(dtype=np.int64)
    size = np.array([len(m) for m in members], dtype=np.int64)
    width = int(size.max()) if len(members) else 1
    # members padded with index n (a phantom unit: 0 households, 0 m², self-contained)
    pad = np.full((len(members), width), len(codes), dtype=np.int64)
    for j, m in enumerate(members):
        pad[j, :len(m)] = m
    households = np.append(hh, 0)[pad].sum(axis=1)
    selfc = np.append(units["self_contained"].to_numpy(dtype=bool), True)[pad].all(axis=1)
    band = band_deviation(households, size, selfc, policy).astype(np.int64)
    how = policy.facilities.aggregation
    ok = {}
    for key in FACILITY_KEYS:
        area = np.append(units[f"{key}_m2"].fillna(0).to_numpy(dtype=float), 0.0)[pad]
        ok[key] = facility_ok(area.max(axis=1) if how == "max" else area.sum(axis=1), key, policy)
    internal = np.array([sum((nbr[i] >> k & 1) for i in m for k in m) // 2 for m in members],
                        dtype=np.int64)
    current = instance.current_plan()
    cur = current.assignment
    old_members = current.stations()
    if all(len(v) == 1 for v in (old_members[cur[c]] for c in codes)):
        moved = size - 1  # one old station per unit: a station keeps one label (station_moved)
    else:
        moved = np.array([station_moved([codes[i] for i in m], cur, old_members)
                          for m in members], dtype=np.int64)
    return Columns(parent, codes, members, households, band, np.asarray(moved, dtype=np.int64),
                   internal, ok, n_edges, limit, True)

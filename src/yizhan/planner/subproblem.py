"""One parent's data, cut out of the instance once: all the per-parent step reads.

No station crosses a parent (R6 §2(4)), so a parent is planned from its own units and
edges alone. :func:`subproblems` indexes the instance by parent in one pass over the units
and one over the edges, so per-parent work never scans the whole instance (at 30,000 units
a scan per parent made the cost grow with the square of the size). A :class:`Subproblem`
is plain data (lists, numpy arrays), small and picklable: it can be sent to a worker
process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from yizhan.core.instance import Instance

__all__ = ["Subproblem", "subproblems"]

FACILITY_KEYS = ("office", "service", "plaza")


@dataclass
class Subproblem:
    """A parent's units (local indices 0..n-1, in instance order), edges and pins.

    ``current`` is each unit's current station and ``current_members`` the full member list of
    each of those stations (for :func:`yizhan.core.metrics.station_moved`); ``outside`` marks
    units bordering another parent. Pins are in local indices: ``fixed`` stations kept as
    they are, ``never``/``together`` pairs, ``max_units`` and the pinned number of stations
    ``stations``; ``total_pinned`` says a total number of stations couples all parents.
    """

    parent: str
    codes: list[str]
    names: list[str]
    households: np.ndarray
    self_contained: np.ndarray
    areas: dict[str, np.ndarray]
    edges: list[tuple[int, int]]
    outside: np.ndarray
    current: list[str]
    current_members: dict[str, list[str]]
    fixed: list[tuple[int, ...]] = field(default_factory=list)
    never: list[tuple[int, int]] = field(default_factory=list)
    together: list[tuple[int, int]] = field(default_factory=list)
    max_units: int | None = None
    stations: int | None = None
    total_pinned: bool = False

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def pinned(self) -> bool:
        """Whether any pin constrains this parent."""
        return bool(self.fixed or self.never or self.together or self.max_units is not None
                    or self.stations is not None or self.total_pinned)

    def neighbours(self) -> list[int]:
        """Bitmask of each unit's neighbours inside the parent."""
        nbr = [0] * self.n
        for a, b in self.edges:
            nbr[a] |= 1 << b
            nbr[b] |= 1 << a
        return nbr

    @classmethod
    def of(cls, instance: Instance, parent: str, pins=None) -> Subproblem:
        """One parent's subproblem (for a single parent; use :func:`subproblems` for all)."""
        return next(s for s in subproblems(instance, pins) if s.parent == parent)


def subproblems(instance: Instance, pins=None) -> list[Subproblem]:
    """Every parent's :class:`Subproblem`, in the order of ``instance.parents``.

    ``pins`` (a :class:`yizhan.planner.pins.Pins`, checked beforehand with
    :meth:`~yizhan.planner.pins.Pins.problems`) is split over the parents.
    """
    units = instance.units
    codes = units.index.to_list()
    parent_of = units["parent"].tolist()
    rows: dict[str, list[int]] = {p: [] for p in instance.parents}
    local: dict[str, int] = {}
    for pos, (code, p) in enumerate(zip(codes, parent_of)):
        local[code] = len(rows[p])
        rows[p].append(pos)
    where = dict(zip(codes, parent_of))
    edges: dict[str, list[tuple[int, int]]] = {p: [] for p in rows}
    outside = np.zeros(len(codes), dtype=bool)
    position = {c: k for k, c in enumerate(codes)}
    for a, b in instance.edges:
        pa, pb = where[a], where[b]
        if pa == pb:
            i, j = local[a], local[b]
            edges[pa].append((i, j) if i < j else (j, i))
        else:
            outside[position[a]] = outside[position[b]] = True
    station = units["station"].to_numpy(dtype=object)
    current = [s if s != "" else c for c, s in zip(codes, station)]
    members: dict[str, list[str]] = {}
    for c, s in zip(codes, current):
        members.setdefault(s, []).append(c)
    hh = units["households"].to_numpy(dtype=np.int64)
    selfc = units["self_contained"].to_numpy(dtype=bool)
    areas = {k: units[f"{k}_m2"].fillna(0).to_numpy(dtype=float) for k in FACILITY_KEYS}
    names = units["name"].tolist()
    out = {}
    for p, pos in rows.items():
        idx = np.asarray(pos, dtype=np.int64)
        cur = [current[k] for k in pos]
        out[p] = Subproblem(
            parent=p, codes=[codes[k] for k in pos], names=[names[k] for k in pos],
            households=hh[idx], self_contained=selfc[idx],
            areas={k: v[idx] for k, v in areas.items()}, edges=edges[p], outside=outside[idx],
            current=cur, current_members={s: members[s] for s in dict.fromkeys(cur)})
    if pins is not None:
        _split_pins(instance, pins, out, where, local)
    return [out[p] for p in instance.parents]


def _split_pins(instance, pins, subs: dict[str, Subproblem], where, local) -> None:
    for group in pins.kept_groups(instance):
        if group and all(c in where for c in group):
            subs[where[group[0]]].fixed.append(tuple(sorted(local[c] for c in group)))
    for attr in ("never", "together"):
        for a, b in getattr(pins, attr):
            if a in where and b in where and where[a] == where[b]:
                getattr(subs[where[a]], attr).append((local[a], local[b]))
    for sub in subs.values():
        sub.max_units = pins.max_units
        sub.stations = pins.stations_for(sub.parent)
        sub.total_pinned = pins.total_stations is not None

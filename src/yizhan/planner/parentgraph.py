"""One parent as plain data, and the exact objective of a partition of it.

The neighbourhood search (:mod:`.neighbourhood`) works on a parent without the instance: its
units' households, exemption flags and facility areas, its internal edges (as index pairs)
and its current stations. :meth:`ParentGraph.values` is the parent's lexicographic objective
for a partition, computed with the core's definitions (:func:`~yizhan.core.metrics.band_deviation`,
:func:`~yizhan.core.metrics.facility_ok` of the members' areas aggregated as the policy says,
:func:`~yizhan.core.metrics.facility_shortfall` with this parent's stations alone — as the
exact method's per-parent stage —, :func:`~yizhan.core.metrics.station_moved` and the cut
edges), so a plan found here carries the same numbers as one found by enumeration.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd

from yizhan.core.instance import Instance
from yizhan.core.metrics import band_deviation, facility_ok, facility_shortfall, station_moved
from yizhan.core.policy import Policy

__all__ = ["ParentGraph", "connected"]

FACILITY_KEYS = ("office", "service", "plaza")


@dataclass(frozen=True)
class ParentGraph:
    """A parent's units (indices 0..n−1), their edges and their current stations.

    ``current`` maps each unit code of the parent to its current station label and
    ``current_members`` each of those labels to all its members (also outside the parent:
    they count in :func:`~yizhan.core.metrics.station_moved`).
    """

    codes: tuple[str, ...]
    households: np.ndarray
    self_contained: np.ndarray
    areas: dict[str, np.ndarray]
    edges: tuple[tuple[int, int], ...]
    current: dict[str, str]
    current_members: dict[str, list[str]]

    @classmethod
    def from_instance(cls, instance: Instance, parent: str, current=None) -> ParentGraph:
        """The parent's data; ``current`` (a :class:`~yizhan.core.plan.Plan`) defaults to the
        instance's current plan."""
        codes = instance.units_of(parent)
        index = {c: i for i, c in enumerate(codes)}
        units = instance.units.loc[codes]
        edges = tuple((index[a], index[b]) for a, b in instance.edges if a in index and b in index)
        current = current or instance.current_plan()
        labels = {current.assignment[c] for c in codes}
        members = {k: v for k, v in current.stations().items() if k in labels}
        return cls(tuple(codes), units["households"].to_numpy(dtype=np.int64),
                   units["self_contained"].to_numpy(dtype=bool),
                   {k: units[f"{k}_m2"].fillna(0).to_numpy(dtype=float) for k in FACILITY_KEYS},
                   edges, {c: current.assignment[c] for c in codes}, members)

    @property
    def n(self) -> int:
        return len(self.codes)

    @cached_property
    def neighbours(self) -> list[list[int]]:
        nbr: list[list[int]] = [[] for _ in self.codes]
        for a, b in self.edges:
            nbr[a].append(b)
            nbr[b].append(a)
        return nbr

    def components(self) -> list[list[int]]:
        """The connected pieces (islands) of the parent, each sorted."""
        g = nx.Graph()
        g.add_nodes_from(range(self.n))
        g.add_edges_from(self.edges)
        return sorted(sorted(c) for c in nx.connected_components(g))

    # ------------------------------------------------------------------ objective
    def group_terms(self, groups, policy: Policy) -> dict[str, np.ndarray]:
        """Per group (a station): band deviation, units moved, edges inside, and whether it
        meets each facility (``office_ok`` …), computed for all groups at once."""
        groups = [list(g) for g in groups]
        width = max((len(g) for g in groups), default=1)
        pad = np.full((len(groups), width), self.n, dtype=np.int64)  # index n: a phantom unit
        for j, g in enumerate(groups):
            pad[j, :len(g)] = g
        size = np.array([len(g) for g in groups], dtype=np.int64)
        households = np.append(self.households, 0)[pad].sum(axis=1)
        selfc = np.append(self.self_contained, True)[pad].all(axis=1)
        out = {"band": band_deviation(households, size, selfc, policy).astype(np.int64),
               "moved": np.array([station_moved([self.codes[i] for i in g], self.current,
                                                self.current_members) for g in groups],
                                 dtype=np.int64)}
        for key in FACILITY_KEYS:
            area = np.append(self.areas[key], 0.0)[pad]
            how = policy.facilities.aggregation
            out[f"{key}_ok"] = facility_ok(area.max(axis=1) if how == "max" else area.sum(axis=1),
                                           key, policy)
        nbr = self.neighbours
        out["internal"] = np.array([sum(len(set(nbr[u]).intersection(g)) for u in g) // 2
                                    for g in map(set, groups)], dtype=np.int64)
        return out

    def station_rows(self, groups, policy: Policy) -> list[dict]:
        """:meth:`group_terms` as one dict per station."""
        terms = self.group_terms(groups, policy)
        return [{k: v[j].item() for k, v in terms.items()} for j in range(len(groups))]

    def values(self, groups, policy: Policy) -> dict[str, int]:
        """The four objective terms of a partition of this parent (facilities: own shares)."""
        return self.values_of_terms(self.group_terms(groups, policy), policy)

    def values_of_terms(self, terms: dict[str, np.ndarray], policy: Policy) -> dict[str, int]:
        """:meth:`values` from the stations' :meth:`group_terms` (one row per station)."""
        table = pd.DataFrame({f"{k}_ok": terms[f"{k}_ok"] for k in FACILITY_KEYS})
        return {"band": int(terms["band"].sum()),
                "facilities": sum(facility_shortfall(table, policy).values()),
                "disruption": int(terms["moved"].sum()),
                "compactness": len(self.edges) - int(terms["internal"].sum())}

    def vector(self, groups, policy: Policy) -> tuple[int, ...]:
        """:meth:`values` in the policy's lexicographic order (less is better)."""
        values = self.values(groups, policy)
        return tuple(values[t] for t in policy.objective.order)

    def is_partition(self, groups) -> bool:
        """Every unit in exactly one group and every group connected (R1, R6)."""
        seen = sorted(i for g in groups for i in g)
        if seen != list(range(self.n)):
            return False
        return all(connected(sorted(g), self.neighbours) for g in groups)


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

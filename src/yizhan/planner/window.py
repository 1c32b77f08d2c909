"""One window of the neighbourhood search: re-partition a few adjacent stations exactly.

Two models of the window problem, chosen by size. When the window's connected groups of at
most the band maximum (with band deviation first; of any size otherwise) number at most
:data:`ENUMERATION_CAP`, they are enumerated, the window's current stations added, and the
window is a small set-partitioning model (fast for committees of ordinary size). This
leaves out groups above the maximum that could still lower the band (a window is a step of
a search, not a proof; the bound comes from elsewhere). Otherwise (tiny committees: a
station of 60 units has astronomically many connected groups) an exact flow model:

The window's units get one of L labels (L = its stations + 1, so a station may also split);
a label's units form one station. Contiguity is a single-commodity flow (as in the flow
models of political districting): each used label has exactly one root; flow may only run
along edges whose ends share a label; every unit that is not a root consumes one unit of
flow. A station in two pieces would have a piece without a root, whose units could not be
fed, so every station is connected — and every connected station is possible (a spanning
tree carries the flow). The model size depends on the window, not on the parent.

The objective is the parent's lexicographic order, with exact weights (each exceeds the
largest possible value of every later term), every term exact for the window given the
stations outside it:

- band: per label ``max(0, min·used − H) + max(0, H − max)``, the excess waived for a label
  holding one unit that is exempt alone (R3 §2(2), :func:`~yizhan.core.metrics.band_exempt`);
- facilities: the parent's shortfall ``max(0, ceil(share·S) − met)`` per target, S and met
  counting the stations outside the window too; a label meets a facility if a member does
  ("max" aggregation) or the members' areas add up to the standard ("sum", in hundredths of
  m², rounded so that the model never claims a station the core would not);
- disruption: units minus those that stay (:func:`~yizhan.core.metrics.station_moved`: a
  label keeps an old station if it holds more than half of it, or exactly half with its
  first-listed unit, and keeps its largest such part);
- compactness: window edges whose ends get different labels (edges leaving the window are
  cut whatever the window does);
- the facility deficit right after the shortfall (:func:`.partition.search_order`).

The caller judges the result with the exact objective again (:func:`.partition.search_vector`).
"""

from __future__ import annotations

import math

import numpy as np
from ortools.sat.python import cp_model

from yizhan.core.metrics import band_exempt, facility_ok, facility_targets
from yizhan.core.policy import Policy
from yizhan.planner.candidates import TooManyCandidates, connected_subsets
from yizhan.planner.partition import deficit_weights, group_terms, search_order
from yizhan.planner.subproblem import FACILITY_KEYS, Subproblem
from yizhan.planner.solver import make_solver

__all__ = ["solve_window"]


#: Most enumerated groups in a window before the flow model takes over (measured: a
#: set-partitioning window of a few thousand groups solves in well under 0.1 s).
ENUMERATION_CAP = 5_000


def solve_window(sub: Subproblem, policy: Policy, groups, chosen, *, work: float, seed: int,
                 wall_limit: float):
    """Re-partition the stations ``groups[s]`` for ``s`` in ``chosen`` (adjacent stations in
    the order they were added, so every prefix is connected). Returns (the whole new
    partition or None, work used).

    Enumerated groups when they number at most :data:`ENUMERATION_CAP`, else the window is
    halved (keeping its first stations) and tried again; a window of two stations with too
    many groups gets the flow model.
    """
    while True:
        stations = [sorted(groups[s]) for s in chosen]
        outside = [g for s, g in enumerate(groups) if s not in set(chosen)]
        try:
            model = _ColumnsModel(sub, policy, stations, outside, ENUMERATION_CAP)
            break
        except TooManyCandidates:
            if len(chosen) <= 2:
                model = _FlowModel(sub, policy, stations, outside)
                break
            chosen = chosen[:max(2, len(chosen) // 2)]
    solver = make_solver(wall_limit, seed)
    solver.parameters.max_deterministic_time = max(float(work), 0.01)
    solver.parameters.cp_model_presolve = False  # measured: several times faster on windows
    status = solver.Solve(model.m)
    used = solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, used
    return outside + model.groups(solver), used


def _lexicographic(m, terms: dict, ranges: dict, order) -> None:
    """Minimise the terms in ``order`` with exact weights (each above all later terms' range)."""
    weights, w = {}, 1
    for t in reversed(order):
        weights[t] = w
        w *= ranges[t] + 1
    m.Minimize(sum(weights[t] * terms[t] for t in order))


def _shortfall(m, policy, sub, outside, stations, met_by_target):
    """The parent's facility shortfall and deficit (:func:`.partition.search_order`): per
    target ``max(0, ceil(share·S) − met)`` and ``max(0, share·S − met)`` (scaled to integers),
    S and met counting the stations ``outside`` the window; ``met_by_target[name]`` the
    window's. Returns the two expressions and the deficit's range."""
    ok = group_terms(sub, outside, policy) if outside else None
    n_outside = len(outside)
    shorts, deficits, top_deficit = [], [], 1
    top = n_outside + len(met_by_target[facility_targets(policy)[0][0]]) + 1
    for name, keys, weight, scale in deficit_weights(policy):
        met_out = int(np.logical_and.reduce([ok[f"{k}_ok"] for k in keys]).sum()) if outside else 0
        met = met_out + sum(met_by_target[name])
        need = m.NewIntVar(0, top, "")
        m.Add(scale * need >= weight * (n_outside + stations))
        short = m.NewIntVar(0, top, "")
        m.Add(short >= need - met)
        shorts.append(short)
        deficit = m.NewIntVar(0, weight * top, "")
        m.Add(deficit >= weight * (n_outside + stations) - scale * met)
        deficits.append(deficit)
        top_deficit += weight * top
    return sum(shorts), sum(deficits), top_deficit


class _ColumnsModel:
    """Set partitioning over the window's enumerated connected groups."""

    def __init__(self, sub: Subproblem, policy: Policy, stations, outside, cap: int):
        units = sorted(i for g in stations for i in g)
        pos = {u: k for k, u in enumerate(units)}
        nbr = [0] * len(units)
        for a, b in sub.edges:
            if a in pos and b in pos:
                nbr[pos[a]] |= 1 << pos[b]
                nbr[pos[b]] |= 1 << pos[a]
        band_first = policy.objective.order[0] == "band"
        limit = policy.band.max_households if band_first else float("inf")
        masks = connected_subsets(nbr, sub.households[units].tolist(), limit, cap=cap)
        masks += sorted(set(sum(1 << pos[u] for u in g) for g in stations) - set(masks))
        self.members = [[units[k] for k in range(len(units)) if mask >> k & 1] for mask in masks]
        terms = group_terms(sub, self.members, policy)
        m = self.m = cp_model.CpModel()
        x = self.x = [m.NewBoolVar("") for _ in self.members]
        cover = [[] for _ in units]
        for j, g in enumerate(self.members):
            for u in g:
                cover[pos[u]].append(x[j])
        for lits in cover:
            m.AddExactlyOne(lits)
        lin = cp_model.LinearExpr.WeightedSum
        met = {}
        for name, keys, _ in facility_targets(policy):
            flags = np.logical_and.reduce([terms[f"{k}_ok"] for k in keys])
            met[name] = [x[j] for j in np.flatnonzero(flags)]
        n_edges = sum(1 for a, b in sub.edges if a in pos and b in pos)
        short, deficit, deficit_range = _shortfall(m, policy, sub, outside, sum(x), met)
        exprs = {"band": lin(x, terms["band"].tolist()), "facilities": short, "deficit": deficit,
                 "disruption": lin(x, terms["moved"].tolist()),
                 "compactness": n_edges - lin(x, terms["internal"].tolist())}
        ranges = {"band": int(terms["band"].max(initial=0)) * len(units), "deficit": deficit_range,
                  "facilities": 3 * (len(outside) + len(units) + 1),
                  "disruption": len(units), "compactness": n_edges}
        _lexicographic(m, exprs, ranges, search_order(policy))
        current = {tuple(g) for g in stations}
        for j, g in enumerate(self.members):
            m.AddHint(x[j], tuple(g) in current)

    def groups(self, solver) -> list[list[int]]:
        return [g for g, x in zip(self.members, self.x) if solver.BooleanValue(x)]


class _FlowModel:
    def __init__(self, sub: Subproblem, policy: Policy, stations, outside):
        self.units = units = sorted(i for g in stations for i in g)
        pos = {u: k for k, u in enumerate(units)}
        n, labels = len(units), len(stations) + 1
        self.labels = labels
        m = self.m = cp_model.CpModel()
        x = self.x = [[m.NewBoolVar("") for _ in range(labels)] for _ in units]
        for row in x:
            m.AddExactlyOne(row)
        used = [m.NewBoolVar("") for _ in range(labels)]
        size = [sum(x[k][lab] for k in range(n)) for lab in range(labels)]
        for lab in range(labels):
            for k in range(n):
                m.AddImplication(x[k][lab], used[lab])
            m.Add(size[lab] >= used[lab])
        edges = [(pos[a], pos[b]) for a, b in sub.edges if a in pos and b in pos]
        same = self._contiguity(n, labels, edges, used, [pos[g[0]] for g in stations])
        short, deficit, deficit_range = self._facilities(sub, policy, outside, used)
        terms = {"band": self._band(sub, policy, size, used), "facilities": short, "deficit": deficit,
                 "disruption": self._disruption(sub, size),
                 "compactness": sum(1 - s for s in same)}
        ranges = {"band": int(sub.households[units].sum()) + labels * policy.band.min_households,
                  "deficit": deficit_range,
                  "facilities": 3 * (len(outside) + labels + 1),
                  "disruption": n, "compactness": len(edges)}
        _lexicographic(m, terms, ranges, search_order(policy))
        self._hint(stations, pos, edges, same)

    # ------------------------------------------------------------------ constraints
    def _contiguity(self, n, labels, edges, used, anchors):
        m, x = self.m, self.x
        # label s < len(stations) is rooted at its station's first unit (no symmetry between
        # labels; a station may still vanish, its label unused); the last label roots anywhere
        self.root = [[m.NewBoolVar("") for _ in range(labels)] for _ in range(n)]
        for lab in range(labels):
            m.Add(sum(self.root[k][lab] for k in range(n)) == used[lab])
            for k in range(n):
                m.AddImplication(self.root[k][lab], x[k][lab])
                if lab < len(anchors) and k != anchors[lab]:
                    m.Add(self.root[k][lab] == 0)
        same = [m.NewBoolVar("") for _ in edges]
        self.flow = {}
        inflow = [[] for _ in range(n)]
        outflow = [[] for _ in range(n)]
        for e, (a, b) in enumerate(edges):
            for lab in range(labels):
                m.Add(x[a][lab] == x[b][lab]).OnlyEnforceIf(same[e])
                m.AddBoolOr([x[a][lab].Not(), x[b][lab].Not(), same[e]])
            for u, v in ((a, b), (b, a)):
                f = self.flow[u, v] = m.NewIntVar(0, n - 1, "")
                m.Add(f == 0).OnlyEnforceIf(same[e].Not())
                outflow[u].append(f)
                inflow[v].append(f)
        for k in range(n):
            m.Add(sum(inflow[k]) - sum(outflow[k]) >= 1 - n * sum(self.root[k]))
        return same

    def _band(self, sub, policy, size, used):
        m, x, units = self.m, self.x, self.units
        lo, hi = policy.band.min_households, policy.band.max_households
        hh = [int(h) for h in sub.households[units]]
        total = sum(hh)
        alone = band_exempt(sub.households[units], 1, sub.self_contained[units], policy)
        dev = []
        for lab in range(self.labels):
            load = sum(h * x[k][lab] for k, h in enumerate(hh))
            below = m.NewIntVar(0, lo, "")
            above = m.NewIntVar(0, max(0, total - hi), "")
            m.Add(below >= lo * used[lab] - load)
            over = m.Add(above >= load - hi)
            if alone.any():
                exempt = m.NewBoolVar("")
                m.Add(size[lab] <= 1).OnlyEnforceIf(exempt)
                m.AddBoolOr([x[k][lab] for k in range(len(units)) if alone[k]]).OnlyEnforceIf(exempt)
                over.OnlyEnforceIf(exempt.Not())
            dev += [below, above]
        return sum(dev)

    def _meets(self, sub, policy, key, lab, used):
        """A literal: label ``lab`` meets the standard of facility ``key``."""
        m, x, units = self.m, self.x, self.units
        ok = m.NewBoolVar("")
        m.AddImplication(ok, used)
        area = sub.areas[key][units]
        if policy.facilities.aggregation == "max":
            lits = [x[k][lab] for k in range(len(units)) if facility_ok(area[k], key, policy)]
            m.AddBoolOr(lits or [ok.Not()]).OnlyEnforceIf(ok)
        else:
            need = math.ceil(getattr(policy.facilities, f"{key}_min_m2") * 100)
            m.Add(sum(math.floor(a * 100) * x[k][lab] for k, a in enumerate(area))
                  >= need).OnlyEnforceIf(ok)
        return ok

    def _facilities(self, sub, policy, outside, used):
        m = self.m
        meets = [{key: self._meets(sub, policy, key, lab, used[lab]) for key in FACILITY_KEYS}
                 for lab in range(self.labels)]
        met = {}
        for name, keys, _ in facility_targets(policy):
            met[name] = []
            for lab in range(self.labels):
                both = m.NewBoolVar("")
                for k in keys:
                    m.AddImplication(both, meets[lab][k])
                met[name].append(both)
        return _shortfall(m, policy, sub, outside, sum(used), met)

    def _disruption(self, sub, size):
        m, x, units = self.m, self.x, self.units
        parts: dict[str, list[int]] = {}
        for k, u in enumerate(units):
            parts.setdefault(sub.current[u], []).append(k)
        index = {c: u for u, c in enumerate(sub.codes)}
        stay = []
        for lab in range(self.labels):
            keeps = []
            for label, ks in parts.items():
                old = sub.current_members[label]
                count = sum(x[k][lab] for k in ks)
                keep = m.NewBoolVar("")
                first = index.get(old[0])
                tie = x[self.units.index(first)][lab] if first in self.units else 0
                m.Add(2 * count + tie >= len(old) + 1).OnlyEnforceIf(keep)
                gain = m.NewIntVar(0, len(ks), "")
                m.Add(gain <= count)
                m.Add(gain <= len(ks) * keep)
                keeps.append(keep)
                stay.append(gain)
            m.Add(sum(keeps) <= 1)
        return sum(size) - sum(stay)

    # ------------------------------------------------------------------ hint and answer
    def _hint(self, stations, pos, edges, same):
        """Start from the window's current stations (label s), with a spanning-tree flow."""
        m = self.m
        label = {}
        for s, g in enumerate(stations):
            for u in g:
                label[pos[u]] = s
        roots = {pos[g[0]] for g in stations}
        for k in range(len(self.units)):
            for lab in range(self.labels):
                m.AddHint(self.x[k][lab], label[k] == lab)
                m.AddHint(self.root[k][lab], k in roots and label[k] == lab)
        for e, (a, b) in enumerate(edges):
            m.AddHint(same[e], label[a] == label[b])
        nbr = {k: [] for k in label}
        for a, b in edges:
            if label[a] == label[b]:
                nbr[a].append(b)
                nbr[b].append(a)
        flows = {arc: 0 for arc in self.flow}
        for s, g in enumerate(stations):
            root = pos[g[0]]
            order, parent = [root], {root: None}
            for k in order:
                for v in nbr[k]:
                    if v not in parent:
                        parent[v] = k
                        order.append(v)
            load = {k: 1 for k in order}
            for k in reversed(order[1:]):
                flows[parent[k], k] = load[k]
                load[parent[k]] += load[k]
        for arc, f in flows.items():
            m.AddHint(self.flow[arc], f)

    def groups(self, solver) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for k, u in enumerate(self.units):
            lab = next(lab for lab in range(self.labels) if solver.BooleanValue(self.x[k][lab]))
            out.setdefault(lab, []).append(u)
        return [sorted(g) for g in out.values()]

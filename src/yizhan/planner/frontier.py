"""The trade-off frontier: for each number of stations, the least band deviation.

"83 stations or fewer?" has an exact answer. For each parent and each number of stations k
the planner finds the least band deviation ``B_p(k)`` (CP-SAT, stations fixed to k) and, among
the plans reaching it, the most stations meeting each facility standard ``A_{p,f}(k)``.
Parents are independent (no station crosses one, R6 §2(4)), so the district's least band
deviation with K stations is the min-plus combination

    B(K) = min { Σ_p B_p(k_p) : Σ_p k_p = K },

computed by dynamic programming over the parents, never by solving the district as one
problem. For the facility targets (R4/R5 §2(3)) the same combination, lexicographic in
(band, −A_f), gives the most stations meeting facility f among band-optimal plans with K
stations, hence a **lower bound** on each target's shortfall ``max(0, ceil(share·K) − A_f)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from yizhan.core.instance import Instance
from yizhan.core.metrics import facility_targets
from yizhan.core.policy import Policy
from yizhan.planner.candidates import TooManyCandidates, build_columns
from yizhan.planner.exact import PartitionModel

__all__ = ["Frontier", "parent_frontier", "district_frontier", "min_plus"]

INF = math.inf


@dataclass
class Frontier:
    """Per parent ``{k: (band, {target: stations meeting it})}`` and the district rows."""

    parents: dict[str, dict[int, tuple[int, dict[str, int]]]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    complete: bool = True

    def to_dict(self) -> dict:
        return {"complete": self.complete, "district": self.rows,
                "parents": {p: [{"stations": k, "band_deviation": b, "facility_met": a}
                                for k, (b, a) in sorted(f.items())]
                            for p, f in self.parents.items()}}


def parent_frontier(instance: Instance, parent: str, policy: Policy | None = None, *,
                    time_limit: float = 10.0, seed: int = 0, cap: int = 20_000):
    """``({k: (B_p(k), {target: A(k)})}, complete)`` for every feasible k of ``parent``.

    k runs down from the number of units; when the candidates for a small k would pass
    ``cap`` the smaller k are left out and ``complete`` is False.
    """
    policy = policy or Policy()
    targets = facility_targets(policy)
    hi = policy.band.max_households
    n = len(instance.units_of(parent))
    limit = hi
    out: dict[int, tuple[int, dict[str, int]]] = {}
    try:
        cols = build_columns(instance, parent, policy, limit=limit, cap=cap)
        for k in range(n, 0, -1):
            best = _solve_k(cols, policy, parent, k, time_limit, seed)
            if best is None and cols.limit < INF:  # k may need groups above the limit
                cols = build_columns(instance, parent, policy, limit=INF, cap=cap)
                best = _solve_k(cols, policy, parent, k, time_limit, seed)
            while best is not None and cols.limit < hi + best[0]:
                cols = build_columns(instance, parent, policy, limit=hi + best[0], cap=cap)
                best = _solve_k(cols, policy, parent, k, time_limit, seed)
            if best is None:
                continue
            band, _ = best
            # plans of deviation `band` use only candidates deviating at most that much
            small = cols.take(np.flatnonzero(cols.band <= band))
            met = {}
            for name, keys, _ in targets:
                model = PartitionModel([small], policy, stations={parent: k})
                model.bound_term("band", band)
                met[name] = _max_met(model, small, keys, time_limit, seed)
            out[k] = (band, met)
    except TooManyCandidates:
        return out, False
    return out, True


def _solve_k(cols, policy, parent, k, time_limit, seed):
    model = PartitionModel([cols], policy, stations={parent: k})
    stages, chosen = model.solve_lexicographic(["band"], time_limit=time_limit, seed=seed)
    if chosen is None:
        return None
    return stages[0].value, model


def _max_met(model: PartitionModel, cols, keys, time_limit, seed) -> int:
    """Most stations meeting all ``keys`` among the model's band-optimal plans."""
    flags = np.ones(len(cols), dtype=bool)
    for key in keys:
        flags &= cols.ok[key]
    model.model.Maximize(sum(x for x, f in zip(model.x[0], flags) if f))
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    status = solver.Solve(model.model)
    # an unproven maximum is not a valid bound: then the solver's proven upper bound is used
    if status == cp_model.OPTIMAL:
        return int(round(solver.ObjectiveValue()))
    return int(round(solver.BestObjectiveBound()))


def min_plus(tables: list[dict[int, tuple]]) -> dict[int, tuple]:
    """Combine per-parent tables ``{k: value}`` into ``{K: min Σ value}`` with Σ k = K.

    Values are tuples compared lexicographically and added element-wise.

    Examples
    --------
    >>> min_plus([{1: (5,), 2: (0,)}, {1: (3,), 2: (1,)}])
    {2: (8,), 3: (3,), 4: (1,)}
    """
    acc: dict[int, tuple] = {0: None}
    for table in tables:
        nxt: dict[int, tuple] = {}
        for k0, v0 in acc.items():
            for k, v in table.items():
                val = v if v0 is None else tuple(a + b for a, b in zip(v0, v))
                if k0 + k not in nxt or val < nxt[k0 + k]:
                    nxt[k0 + k] = val
        acc = nxt
    return dict(sorted(acc.items()))


def district_frontier(instance: Instance, policy: Policy | None = None, *, time_limit: float = 10.0,
                      seed: int = 0, cap: int = 20_000) -> Frontier:
    """The district frontier: one row per number of stations (see the module notes)."""
    policy = policy or Policy()
    targets = facility_targets(policy)
    frontier = Frontier()
    for parent in instance.parents:
        table, complete = parent_frontier(instance, parent, policy, time_limit=time_limit,
                                          seed=seed, cap=cap)
        frontier.parents[parent] = table
        frontier.complete &= complete
    band = min_plus([{k: (b,) for k, (b, _) in t.items()} for t in frontier.parents.values()])
    best_met = {name: min_plus([{k: (b, -a[name]) for k, (b, a) in t.items()}
                                for t in frontier.parents.values()]) for name, _, _ in targets}
    for K, (b,) in band.items():
        row = {"stations": K, "band_deviation": b, "facility_shortfall_at_least": 0}
        for name, _, share in targets:
            met = -best_met[name][K][1]
            short = max(0, math.ceil(share * K - 1e-9) - met)
            row[f"{name}_met_at_most"] = met
            row[f"{name}_short_at_least"] = short
            row["facility_shortfall_at_least"] += short
        frontier.rows.append(row)
    return frontier

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

A parent's table is computed in one of two ways, both exact:

- **subset dynamic programming** (:func:`_subset_frontier`, parents of at most
  ``DP_MAX_UNITS`` units): every connected group (no household limit), and for every subset
  U of units and every k the lexicographic least ``(band, −A_f)`` over partitions of U into k
  groups, built layer by layer in k (the group holding U's lowest unit, plus a partition of the
  rest into k − 1 groups). One pass gives every k at once, with no solver and no time limit;
  on the bundled Luohu data this is a few seconds instead of a minute of CP-SAT solves.
- **CP-SAT** per k (larger parents): the band with the station count fixed, then each target's
  maximum among band-optimal plans. A k whose band solve the work limit stopped is kept apart
  as *open* — the least band found (if any) and the solver's proven lower bound — and so is
  every k the candidate cap left unsolved (no plan, bound 0).

Each district row says what is proven (:func:`district_frontier`): its band is the least
*found* for K stations, ``band_bound`` the min-plus combination of the parents' lower bounds,
and ``status`` is ``optimal`` exactly when the two meet, else ``feasible``. The facility
columns are bounds only when no split through an open k could be band-optimal; otherwise they
fall back to the trivial ``met ≤ K``, ``short ≥ 0``.
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
from yizhan.planner.solver import make_solver
from yizhan.planner.subproblem import Subproblem, subproblems

__all__ = ["Frontier", "parent_frontier", "district_frontier", "min_plus"]

#: an open k of a parent: (least band found, or None without a plan; proven lower bound)
OpenEntry = tuple[int | None, int]

INF = math.inf
#: Parents up to this many units use the subset dynamic programming (2^n states).
DP_MAX_UNITS = 16
#: ... and at most this many (state, group) transitions; larger ones use CP-SAT.
DP_MAX_PAIRS = 3_000_000


@dataclass
class Frontier:
    """Per parent ``{k: (band, {target: stations meeting it})}`` (proven), the open k per
    parent (``{k: (band found or None, lower bound)}``) and the district rows."""

    parents: dict[str, dict[int, tuple[int, dict[str, int]]]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    complete: bool = True
    open: dict[str, dict[int, OpenEntry]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"complete": self.complete, "district": self.rows,
                "parents": {p: [{"stations": k, "band_deviation": b, "facility_met": a}
                                for k, (b, a) in sorted(f.items())]
                            for p, f in self.parents.items()},
                "open": {p: [{"stations": k, "band_deviation": v, "band_bound": lb}
                             for k, (v, lb) in sorted(o.items())]
                         for p, o in self.open.items() if o}}


def parent_frontier(sub: Subproblem, policy: Policy | None = None, *,
                    time_limit: float = 10.0, seed: int = 0, cap: int = 20_000):
    """``(table, open)`` of the parent ``sub``: ``table`` ``{k: (B_p(k), {target: A(k)})}``
    for every k proven (k absent from both: proven infeasible), ``open`` ``{k: (band found
    or None, proven lower bound)}`` for every k not proven.

    Parents of at most ``DP_MAX_UNITS`` units: the subset dynamic programming (every k,
    exact, nothing open). Otherwise CP-SAT, k running down from the number of units; a k whose
    band the work limit stopped before it was proven is open, and when the candidates for a
    small k would pass ``cap`` that k and every smaller one are open (no plan, bound 0).
    """
    policy = policy or Policy()
    targets = facility_targets(policy)
    if sub.n <= DP_MAX_UNITS:
        try:
            table = _subset_frontier(build_columns(sub, policy, limit=INF, cap=cap), targets)
        except TooManyCandidates:
            table = None
        if table is not None:
            return table, {}
    return _cpsat_frontier(sub, policy, time_limit=time_limit, seed=seed, cap=cap)


def _subset_frontier(cols, targets) -> dict[int, tuple[int, dict[str, int]]] | None:
    """The parent's exact table by dynamic programming over subsets of its units.

    ``cols`` must hold every connected group (``limit=INF``). For each target f the weight of
    a group is ``band·M + 1 − meets_f`` with M > n, so over k groups a least sum is the
    lexicographic least ``(band, −A_f)``. ``f_k[U]`` is the least weight of a partition of the units U into k
    groups: the group holding U's lowest unit is some candidate c ⊆ U, and the rest U − c is
    partitioned into k − 1 groups. Returns None when the transitions would pass
    ``DP_MAX_PAIRS`` (the caller then uses CP-SAT).
    """
    n = len(cols.codes)
    full = (1 << n) - 1
    masks = [sum(1 << i for i in m) for m in cols.members]
    # transitions: (state U = c | rest, state rest, candidate c), rest ⊆ units above c's lowest
    frees = []
    total = 0
    for c in masks:
        low = (c & -c).bit_length() - 1
        free = full & ~((1 << (low + 1)) - 1) & ~c
        frees.append(free)
        total += 1 << bin(free).count("1")
        if total > DP_MAX_PAIRS:
            return None
    dst = np.empty(total, dtype=np.int64)
    src = np.empty(total, dtype=np.int64)
    cand = np.empty(total, dtype=np.int64)
    pos = 0
    for j, (c, free) in enumerate(zip(masks, frees)):
        sub = np.zeros(1, dtype=np.int64)
        f = free
        while f:
            bit = f & -f
            f ^= bit
            sub = np.concatenate([sub, sub | bit])
        end = pos + len(sub)
        src[pos:end] = sub
        dst[pos:end] = sub | c
        cand[pos:end] = j
        pos = end
    big = n + 1
    inf = np.int64(2 ** 60)
    band = cols.band.astype(np.int64)
    out: dict[int, tuple[int, dict[str, int]]] = {}
    for name, keys, _ in targets:
        meets = np.ones(len(cols), dtype=bool)
        for key in keys:
            meets &= cols.ok[key]
        weight = (band * big + 1 - meets.astype(np.int64))[cand]  # ≥ 0: an infeasible state stays ≥ inf
        prev = np.full(full + 1, inf, dtype=np.int64)
        prev[0] = 0
        for k in range(1, n + 1):
            cur = np.full(full + 1, inf, dtype=np.int64)
            np.minimum.at(cur, dst, prev[src] + weight)
            cur[cur >= inf] = inf
            v = int(cur[full])
            if v < inf:
                b, met = v // big, k - v % big  # v = b·M + (k − met), 0 ≤ k − met ≤ k < M
                entry = out.setdefault(k, (b, {}))
                assert entry[0] == b
                entry[1][name] = met
            prev = cur
    return dict(sorted(out.items(), reverse=True))


def _cpsat_frontier(sub, policy, *, time_limit, seed, cap):
    """The parent's ``(table, open)`` by CP-SAT, one k at a time (see :func:`parent_frontier`)."""
    targets = facility_targets(policy)
    hi = policy.band.max_households
    n, parent = sub.n, sub.parent
    out: dict[int, tuple[int, dict[str, int]]] = {}
    open_: dict[int, OpenEntry] = {}
    k = n
    try:
        cols = build_columns(sub, policy, limit=hi, cap=cap)
        for k in range(n, 0, -1):
            best = _solve_k(cols, policy, parent, k, time_limit, seed)
            if best is None and cols.limit < INF:  # k may need groups above the limit
                cols = build_columns(sub, policy, limit=INF, cap=cap)
                best = _solve_k(cols, policy, parent, k, time_limit, seed)
            while best is not None and best[0] is not None and cols.limit < hi + best[0]:
                cols = build_columns(sub, policy, limit=hi + best[0], cap=cap)
                best = _solve_k(cols, policy, parent, k, time_limit, seed)
            if best is None:  # proven infeasible
                continue
            band, bound, proven = best
            # a band the work limit left unproven is open: the plan found and the bound, valid
            # for every plan since the candidates hold every group up to max + band households
            if not proven:
                open_[k] = (band, bound)
                continue
            # plans of deviation `band` use only candidates deviating at most that much
            small = cols.take(np.flatnonzero(cols.band <= band))
            met = {}
            for name, keys, _ in targets:
                model = PartitionModel([small], policy, stations={parent: k})
                model.bound_term("band", band)
                met[name] = _max_met(model, small, keys, time_limit, seed)
            out[k] = (band, met)
    except TooManyCandidates:  # this k and every smaller one: nothing known
        open_.update({j: (None, 0) for j in range(k, 0, -1) if j not in out})
    return out, open_


def _solve_k(cols, policy, parent, k, time_limit, seed):
    """``(least band found or None, proven lower bound, proven)`` with k stations, or None
    if k is proven infeasible (over ``cols``)."""
    model = PartitionModel([cols], policy, stations={parent: k})
    stages, chosen = model.solve_lexicographic(["band"], time_limit=time_limit, seed=seed)
    stage = stages[0]
    if chosen is None:
        if stage.status == "infeasible":
            return None
        return None, 0, False  # stopped with no plan: unknown
    return stage.value, max(0, stage.bound), stage.status == "optimal"


def _max_met(model: PartitionModel, cols, keys, time_limit, seed) -> int:
    """Most stations meeting all ``keys`` among the model's band-optimal plans."""
    flags = np.ones(len(cols), dtype=bool)
    for key in keys:
        flags &= cols.ok[key]
    model.model.Maximize(sum(x for x, f in zip(model.x[0], flags) if f))
    from ortools.sat.python import cp_model

    solver = make_solver(time_limit, seed)
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


def _least_through_open(tables: list[dict[int, tuple[int, bool]]]) -> dict[int, int]:
    """``{K: least Σ bound}`` over the splits of K that use at least one open k (tables:
    ``{k: (lower bound, open)}`` per parent)."""
    acc: dict[tuple[int, bool], int] = {(0, False): 0}
    for table in tables:
        nxt: dict[tuple[int, bool], int] = {}
        for (k0, through0), v0 in acc.items():
            for k, (bound, is_open) in table.items():
                key, val = (k0 + k, through0 or is_open), v0 + bound
                if key not in nxt or val < nxt[key]:
                    nxt[key] = val
        acc = nxt
    return {K: v for (K, through), v in acc.items() if through}


def district_frontier(instance: Instance, policy: Policy | None = None, *, time_limit: float = 10.0,
                      seed: int = 0, cap: int = 20_000) -> Frontier:
    """The district frontier: one row per number of stations with a plan found (see the
    module notes): ``band_deviation`` (least found), ``band_bound``, ``status``, and the
    facility bounds."""
    policy = policy or Policy()
    targets = facility_targets(policy)
    frontier = Frontier()
    for sub in subproblems(instance):
        table, open_ = parent_frontier(sub, policy, time_limit=time_limit, seed=seed, cap=cap)
        frontier.parents[sub.parent] = table
        frontier.open[sub.parent] = open_
        frontier.complete &= not open_
    proven = list(frontier.parents.values())
    opened = [frontier.open[p] for p in frontier.parents]
    found = min_plus([{**{k: (v,) for k, (v, _) in o.items() if v is not None},
                       **{k: (b,) for k, (b, _) in t.items()}} for t, o in zip(proven, opened)])
    bounds = [{**{k: (lb, True) for k, (_, lb) in o.items()},
               **{k: (b, False) for k, (b, _) in t.items()}} for t, o in zip(proven, opened)]
    lower = min_plus([{k: (b,) for k, (b, _) in t.items()} for t in bounds])
    through_open = _least_through_open(bounds)
    best_met = {name: min_plus([{k: (b, -a[name]) for k, (b, a) in t.items()} for t in proven])
                for name, _, _ in targets}
    for K, (b,) in found.items():
        bound = lower[K][0]
        row = {"stations": K, "band_deviation": b, "band_bound": bound,
               "status": "optimal" if b == bound else "feasible",
               "facility_shortfall_at_least": 0}
        # the facility maxima bound every band-optimal plan only when no split through an
        # open k could be one (its bound below or at the band); else met ≤ K is all we know
        exact = b == bound and through_open.get(K, INF) > b
        for name, _, share in targets:
            met = -best_met[name][K][1] if exact else K
            short = max(0, math.ceil(share * K - 1e-9) - met)
            row[f"{name}_met_at_most"] = met
            row[f"{name}_short_at_least"] = short
            row["facility_shortfall_at_least"] += short
        frontier.rows.append(row)
    return frontier

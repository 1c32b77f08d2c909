"""The planner: the best consolidation plan under the policy's rules, with a proof of quality.

How the work is split (and why it is exact):

1. Band deviation, disruption and compactness are sums over parents (subdistricts); no
   station crosses a parent (R6 §2(4)). The terms of ``policy.objective.order`` that come
   before the first district-wide term are therefore optimised parent by parent, each in
   its own small CP-SAT model, lexicographically.
2. The facility term (R4/R5 §2(3)) is district-wide: the shares count stations over all
   parents. Each parent first solves it and the later terms on its own, as if its own
   stations had to meet the shares; since ``ceil(a) + ceil(b) ≥ ceil(a + b)`` the combined
   plan then meets them for the district too. Each of its terms is compared with the bound
   of the LP relaxation of the joint model (all parents, each parent's earlier terms fixed);
   where they meet, the plan is proven optimal for that term. From the first term where
   they do not, one joint CP-SAT model over all parents takes over, started from that plan
   (:mod:`.lp`) — if the district has at most ``joint_limit`` candidates. Above it, a master
   step (:mod:`.master`) combines two plans per parent, and the plan is reported
   ``feasible`` with the LP bound and the gap.
3. A pinned total number of stations couples the parents too: then everything from the
   first term on is solved jointly.

A parent with too many candidates is solved over a restricted set (:mod:`.large`); its
status is then ``feasible`` and its bound comes from :func:`.large.band_lower_bound`.
"""

from __future__ import annotations

import time

import numpy as np

from yizhan.core.instance import Instance
from yizhan.core.policy import Policy
from yizhan.planner.candidates import Columns, TooManyCandidates, build_columns
from yizhan.planner.exact import SEPARABLE_TERMS, PartitionModel, StageResult
from yizhan.planner.large import band_lower_bound, restricted_columns
from yizhan.planner.lp import lp_solve
from yizhan.planner.master import choose_options
from yizhan.planner.pins import Pins
from yizhan.planner.result import ParentResult, PlanResult, finish

__all__ = ["Planner", "PlanResult", "ParentResult"]


class Planner:
    """Plan the consolidation of ``instance`` under ``policy``.

    Parameters
    ----------
    instance : Instance
    policy : Policy, optional
        Band, facility targets and the objective order (default: the document's).
    pins : Pins, optional
        Decisions fixed by the user.
    time_limit : float
        Seconds per CP-SAT solve (one stage of one model).
    seed : int
        CP-SAT random seed; with ``workers=1`` a run is reproducible.
    workers : int
        CP-SAT search workers for the joint model (more cores help large districts).
    staff_total : int, optional
        The fixed station headcount to apportion over the new stations (R8 §2(5)).
    cap : int
        Most candidate groups per parent before the restricted method takes over.
    joint_limit : int
        Most candidates in a joint (all-parent) CP-SAT model. Above it the plan built parent by
        parent is kept and reported ``feasible`` with the LP bound and the gap.

    Examples
    --------
    >>> inst = Instance.from_records(
    ...     [dict(code=c, name=c, parent="P", households=h, office_m2=300)
    ...      for c, h in [("a", 4000), ("b", 3000), ("c", 5000), ("d", 2500)]],
    ...     edges=[("a", "b"), ("b", "c"), ("c", "d")])
    >>> result = Planner(inst).solve()
    >>> sorted(map(sorted, result.plan.stations().values())), result.status
    ([['a', 'b'], ['c', 'd']], 'optimal')
    """

    def __init__(self, instance: Instance, policy: Policy | None = None, *, pins: Pins | None = None,
                 time_limit: float = 10.0, seed: int = 0, workers: int = 1,
                 staff_total: int | None = None, cap: int = 200_000, joint_limit: int = 20_000):
        self.instance = instance
        self.policy = policy or Policy()
        self.pins = pins or Pins()
        self.time_limit = time_limit
        self.seed = seed
        self.workers = workers
        self.staff_total = staff_total
        self.cap = cap
        self.joint_limit = joint_limit

    # ------------------------------------------------------------------ public
    def solve(self) -> PlanResult:
        """Solve; see the module notes for the method and :class:`PlanResult` for the output."""
        start = time.perf_counter()
        order = list(self.policy.objective.order)
        problems = self.pins.problems(self.instance)
        if problems:
            return PlanResult(None, "infeasible", {}, [], problems, time.perf_counter() - start, self)
        coupled_at = 0 if self.pins.total_stations is not None else _first_coupled(order)
        prefix, rest = order[:coupled_at], order[coupled_at:]
        parents = [self._solve_parent(p, prefix, rest) for p in self.instance.parents]
        if any(not r.chosen and r.columns.codes for r in parents):
            return self._finish(parents, order, {}, start)
        district = self._solve_district(parents, rest)
        if district is None:
            return self._finish(parents, order, {}, start)
        return self._finish(parents, order, {**self._prefix_totals(parents, prefix), **district},
                            start)

    # ------------------------------------------------------------------ parents
    def _columns(self, parent: str, limit: float) -> tuple[Columns, str]:
        try:
            cols = build_columns(self.instance, parent, self.policy, limit=limit, pins=self.pins,
                                 cap=self.cap)
            return cols, "exact"
        except TooManyCandidates:
            return restricted_columns(self.instance, parent, self.policy, limit=limit,
                                      pins=self.pins, cap=self.cap), "restricted"

    def _band_first(self) -> bool:
        return self.policy.objective.order[0] == "band"

    def _solve_parent(self, parent: str, prefix: list[str], rest: list[str]) -> ParentResult:
        t0 = time.perf_counter()
        hi = self.policy.band.max_households
        small = len(self.instance.units_of(parent)) <= 14
        limit = np.inf if (small or not self._band_first()) else hi
        cols, method = self._columns(parent, limit)
        stations = {parent: self.pins.stations_for(parent)}
        cols.complete = method == "exact" and (limit == np.inf or self._band_first())
        quick = self._zero_band(cols, prefix, rest, stations) if prefix[:1] == ["band"] else None
        if quick is not None:
            cols, stages, more, chosen = quick
        else:
            stages, chosen = self._lex(cols, prefix, stations) if prefix else ([], None)
            if prefix and chosen is None and limit < np.inf:  # pins may need larger groups
                limit = np.inf
                cols, method = self._columns(parent, limit)
                cols.complete = method == "exact"
                stages, chosen = self._lex(cols, prefix, stations)
            if prefix and chosen is not None and limit < hi + stages[0].value:
                limit = hi + stages[0].value  # a plan of deviation B has no group above max + B
                cols, method = self._columns(parent, limit)
                cols.complete = method == "exact"
                stages, chosen = self._lex(cols, prefix, stations)
            if prefix and chosen is not None and stages[0].term == "band" and stages[0].status == "optimal":
                keep = np.flatnonzero(cols.band <= stages[0].value)  # no band-optimal plan uses others
                remap = {int(j): k for k, j in enumerate(keep)}
                cols, chosen = cols.take(keep), [[remap[j] for j in chosen[0]]]
            more = []
            if chosen is not None or not prefix:
                more, chosen = self._lex(cols, rest, stations, fixed=stages,
                                         hint=chosen[0] if chosen is not None else None)
        result = ParentResult(parent, cols, chosen[0] if chosen else [], method, stages, more)
        if not cols.complete:
            for st in result.stages + result.relaxed:
                st.status = "feasible" if st.status == "optimal" else st.status
                st.bound = 0
            if result.stages and result.stages[0].term == "band":
                result.stages[0].bound = band_lower_bound(self.instance, parent, self.policy)
        result.seconds = time.perf_counter() - t0
        return result

    def _zero_band(self, cols, prefix, rest, stations):
        """Most parents can meet the band exactly: try the in-band candidates alone first.

        If they can partition the parent, band deviation 0 is proven optimal (it is the least
        possible) and the remaining terms are solved on that smaller model; else None.
        """
        zero = cols.take(np.flatnonzero(cols.band == 0))
        if any(mem not in zero.members for mem in cols.fixed):
            return None
        covered = set(i for mem in zero.members for i in mem)
        if len(covered) < len(cols.codes):
            return None
        results, chosen = self._lex(zero, prefix[1:] + rest, stations)
        if chosen is None:
            return None
        n = len(prefix) - 1
        stages = [StageResult("band", 0, 0, "optimal")] + results[:n]
        return zero, stages, results[n:], chosen

    def _lex(self, cols, terms, stations, hint=None, fixed=()):
        """Lexicographic solve of one parent: stage by stage when band deviation (wide range)
        is among the terms, else one exactly weighted solve (faster for small ranges)."""
        model = PartitionModel([cols], self.policy, stations=stations)
        for st in fixed:
            model.bound_term(st.term, st.value)
        hint = [hint] if hint is not None else None
        if terms and "band" not in terms:
            done = model.solve_weighted(terms, time_limit=self.time_limit, seed=self.seed, hint=hint)
            if done is not None and (done[1] is not None or done[0][0].status == "infeasible"):
                return done
        return model.solve_lexicographic(terms, time_limit=self.time_limit, seed=self.seed,
                                         hint=hint)

    # ------------------------------------------------------------------ district
    def _joint_model(self, parents: list[ParentResult]) -> PartitionModel:
        """All parents in one model, each parent's own stages fixed at their values."""
        model = PartitionModel([r.columns for r in parents], self.policy,
                               stations={r.parent: self.pins.stations_for(r.parent) for r in parents},
                               total_stations=self.pins.total_stations)
        for b, r in enumerate(parents):
            for st in r.stages:
                model.bound_term(st.term, st.value, block=b)
        return model

    def _solve_district(self, parents: list[ParentResult], rest: list[str]):
        """The terms from the first district-wide one on (see the module notes).

        Each parent has solved them on its own, the facility term as if its own stations
        had to meet the shares (by ``ceil(a) + ceil(b) ≥ ceil(a + b)`` the district then
        meets them too). Each term of that plan is compared with the LP bound of the joint
        model; while they are equal the plan is proven optimal term by term. At the first
        term where they differ, the joint CP-SAT model takes over from that plan.
        """
        model = self._joint_model(parents)
        chosen = [r.chosen for r in parents]
        totals: dict[str, StageResult] = {}
        feasible = self.pins.total_stations is None or sum(map(len, chosen)) == self.pins.total_stations
        small = sum(len(r.columns) for r in parents) <= self.joint_limit
        for term in rest:
            if not feasible:
                break
            value = model.value_of(term, chosen)
            bound, lp_values = (0, None) if value == 0 else lp_solve(model, term)
            if term == "facilities" and bound < value and not small:
                chosen = self._master(parents, rest)
                value = model.value_of(term, chosen)
            if bound < value and lp_values is not None and not small:
                chosen = self._lp_repair(parents, model, term, bound, lp_values, chosen)
                value = model.value_of(term, chosen)
            if bound < value:
                break
            totals[term] = StageResult(term, value, bound, "optimal")
            model.bound_term(term, value)
        for r, js in zip(parents, chosen):  # the LP repair may have changed the plan
            r.chosen = js
        if len(totals) == len(rest):
            return self._downgrade(parents, totals)
        k = len(totals)
        if feasible and not small:
            for j, term in enumerate(rest[k:]):  # too large to solve jointly: report the gap
                bound = lp_solve(model, term)[0] if j == 0 else 0
                totals[term] = StageResult(term, model.value_of(term, chosen), bound, "feasible")
            return self._downgrade(parents, totals)
        stages, chosen = self._joint_stages(parents, model, rest[k:],
                                            chosen if feasible else None)
        if chosen is None:
            return None
        for r, js in zip(parents, chosen):
            r.chosen = js
        totals.update({s.term: s for s in stages})
        return self._downgrade(parents, totals)

    def _master(self, parents, rest):
        """Per parent plan A (its own) or B (most facility room), chosen by :mod:`.master`."""
        after = [t for t in rest[rest.index("facilities") + 1:] if t in SEPARABLE_TERMS]
        options = []
        for r in parents:
            stations = {r.parent: self.pins.stations_for(r.parent)}
            _, chosen = self._lex(r.columns, ["facility_deficit", *after], stations,
                                  hint=r.chosen, fixed=r.stages)
            options.append(chosen[0] if chosen is not None else None)
        return choose_options(parents, options, rest, self.policy, time_limit=self.time_limit,
                              seed=self.seed)

    @staticmethod
    def _downgrade(parents, totals):
        """Over a restricted candidate set nothing district-wide is proven."""
        if all(r.columns.complete for r in parents):
            return totals
        for st in totals.values():
            st.status, st.bound = ("feasible" if st.status == "optimal" else st.status), 0
        return totals

    def _lp_repair(self, parents, model, term, bound, lp_values, chosen):
        """Try to reach the LP bound: keep every parent whose LP choice is integral, re-solve
        the others jointly. A plan that reaches the bound is optimal; else keep ``chosen``."""
        blocks, fixed_rows = [], []
        for b, r in enumerate(parents):
            vals = lp_values[b]
            integral = all(v < 1e-6 or v > 1 - 1e-6 for v in vals)
            if integral:
                on = [j for j, v in enumerate(vals) if v > 0.5]
                blocks.append(r.columns.take(on))
                fixed_rows.append(on)
            else:
                blocks.append(r.columns)
                fixed_rows.append(None)
        if sum(len(c) for c in blocks) > self.joint_limit or all(on is None for on in fixed_rows):
            return chosen
        sub = PartitionModel(blocks, self.policy,
                             stations={r.parent: self.pins.stations_for(r.parent) for r in parents},
                             total_stations=self.pins.total_stations)
        for name, block, value in model.bounds:
            sub.bound_term(name, value, block=block)
        sub.model.Add(sub.term(term) >= bound)
        stages, sub_chosen = sub.solve_lexicographic([term], time_limit=self.time_limit,
                                                     seed=self.seed, workers=self.workers)
        if sub_chosen is None or stages[0].value > model.value_of(term, chosen):
            return chosen
        return [js if on is None else [on[j] for j in js]
                for js, on in zip(sub_chosen, fixed_rows)]

    def _joint_stages(self, parents, model, terms, hint):
        """Solve ``terms`` jointly; enlarge household limits first if band is among them."""
        hi = self.policy.band.max_households
        stages, chosen = self._joint_solve(model, terms, hint)
        if chosen is None and any(r.columns.limit < np.inf for r in parents):
            for r in parents:  # pins may need groups above the household limit
                r.columns, r.method = self._columns(r.parent, np.inf)
                r.columns.complete = r.method == "exact"
            model = self._joint_model(parents)
            stages, chosen = self._joint_solve(model, terms, None)
        band = next((s for s in stages if s.term == "band"), None)
        short = [r for r in parents if band is not None and chosen is not None
                 and terms[0] == "band" and r.columns.limit < hi + band.value]
        if short:  # a group of a band-optimal plan deviates at most by the optimum
            for r in short:
                r.columns, r.method = self._columns(r.parent, hi + band.value)
                r.columns.complete = r.method == "exact"
            model = self._joint_model(parents)
            stages, chosen = self._joint_solve(model, terms, None)
        return stages, chosen

    def _joint_solve(self, model, terms, hint):
        """Exact lexicographic weights in one solve when they fit, else stage by stage."""
        done = model.solve_weighted(terms, time_limit=self.time_limit, seed=self.seed,
                                    workers=self.workers, hint=hint)
        if done is not None and done[1] is not None:
            return done
        return model.solve_lexicographic(terms, time_limit=self.time_limit, seed=self.seed,
                                         workers=self.workers, hint=hint, lp=True)

    def _prefix_totals(self, parents, prefix) -> dict[str, StageResult]:
        """District totals of the terms each parent solved on its own."""
        totals: dict[str, StageResult] = {}
        for k, term in enumerate(prefix):
            sts = [r.stages[k] for r in parents if r.stages]
            ok = all(s.status == "optimal" for s in sts)
            totals[term] = StageResult(term, sum(s.value for s in sts), sum(s.bound for s in sts),
                                       "optimal" if ok else _worst(sts))
        return totals

    # ------------------------------------------------------------------ output
    def _finish(self, parents, order, totals, start) -> PlanResult:
        return finish(self, parents, order, totals, start)


def _first_coupled(order: list[str]) -> int:
    return next(k for k, t in enumerate(order) if t not in SEPARABLE_TERMS)


def _worst(stages: list[StageResult]) -> str:
    names = {s.status for s in stages}
    return "time_limit" if "time_limit" in names else "feasible" if "feasible" in names else "optimal"

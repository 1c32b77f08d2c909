"""The district-wide step: the terms from the first district-wide one on, over all parents.

Each parent has solved them on its own (:mod:`.parent`), the facility term as if its own
stations had to meet the shares (by ``ceil(a) + ceil(b) ≥ ceil(a + b)`` the district then
meets them too). Each term of that plan is compared with the LP bound of the joint model;
while they are equal the plan is proven optimal term by term. At the first term where they
differ, the joint CP-SAT model takes over from that plan — if it has at most
``joint_limit`` candidates; above, the master step (:mod:`.master`) and an LP-guided repair
improve the plan, which is reported ``feasible`` with the LP bound and the gap.

Every joint solve starts from a valid plan (the parents' plan, or with a pinned total number
of stations any plan CP-SAT finds), so a plan found is never lost.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from yizhan.core.policy import Policy
from yizhan.planner.exact import SEPARABLE_TERMS, PartitionModel, StageResult, choice_values
from yizhan.planner.lp import lp_solve
from yizhan.planner.master import choose_options
from yizhan.planner.parent import ParentOutcome, Settings, candidates_for, parent_map, room_plan
from yizhan.planner.subproblem import Subproblem

__all__ = ["District"]


class District:
    """The parents' outcomes and what the district-wide terms need to improve them."""

    def __init__(self, subs: list[Subproblem], parents: list[ParentOutcome], policy: Policy,
                 settings: Settings, total_stations: int | None):
        self.subs, self.parents, self.policy = subs, parents, policy
        self.settings, self.total_stations = settings, total_stations
        #: ``infeasible``/``unknown`` when the joint solve found no plan, else None
        self.failure: str | None = None

    def model(self, cpsat: bool = True) -> PartitionModel:
        """All parents in one model, each parent's own stages fixed at their values."""
        model = PartitionModel([r.columns for r in self.parents], self.policy,
                               stations={s.parent: s.stations for s in self.subs},
                               total_stations=self.total_stations, cpsat=cpsat)
        for b, r in enumerate(self.parents):
            for st in r.stages:
                model.bound_term(st.term, st.value, block=b)
        return model

    def solve(self, rest: list[str]) -> dict[str, StageResult] | None:
        """Totals of the terms ``rest`` (see the module notes); None if no plan was found."""
        parents, s = self.parents, self.settings
        if s.compact and self.total_stations is None:
            return self._solve_compact(rest)
        small = sum(len(r.columns) for r in parents) <= s.joint_limit
        chosen = [r.chosen for r in parents]
        feasible = self.total_stations is None or sum(map(len, chosen)) == self.total_stations
        model = self.model(cpsat=small or not feasible)  # CP-SAT only to solve jointly
        totals: dict[str, StageResult] = {}
        lp = _CachedLP(model)
        for term in rest:
            if not feasible:
                break
            value = model.value_of(term, chosen)
            if term == "facilities" and value > 0 and not small:
                chosen = self._master(rest)
                value = model.value_of(term, chosen)
            bound, lp_values = (0, None) if value == 0 else lp(term)
            if bound < value and lp_values is not None and not small:
                chosen = self._lp_repair(model, term, bound, lp_values, chosen)
                value = model.value_of(term, chosen)
            if bound < value:
                break
            totals[term] = StageResult(term, value, bound, "optimal")
            model.bound_term(term, value)
        self._set(chosen)
        k = len(totals)
        if k < len(rest) and feasible and not small:
            for j, term in enumerate(rest[k:]):  # too large to solve jointly: report the gap
                bound = lp(term)[0] if j == 0 else 0
                value = model.value_of(term, chosen)
                totals[term] = StageResult(term, value, min(bound, value), "feasible")
        elif k < len(rest):
            stages, chosen = self._joint_stages(model, rest[k:], chosen if feasible else None)
            if chosen is None:
                self.failure = stages[0].status if stages else "unknown"
                return None
            self._set(chosen)
            totals.update({st.term: st for st in stages})
        if not all(r.columns.complete for r in parents):  # nothing district-wide is proven
            for st in totals.values():
                st.status, st.bound = ("feasible" if st.status == "optimal" else st.status), 0
        return totals

    def _solve_compact(self, rest: list[str]) -> dict[str, StageResult]:
        """The district-wide terms from the parents' summaries alone (``Settings.compact``).

        The parents returned only the stations of their own plan (A) and of their other
        plans (``ParentOutcome.options``: the facility-room plan, the plan without the
        facility shares), so no candidate set of the district is held at once: memory is
        that of the largest parent, time linear in the parents. The master step
        (:mod:`.master`) picks one plan per parent: least facility shortfall, then the later
        terms (parents with room carry those without). Bounds, each valid for every plan with the parents' earlier terms:
        facilities ≥ 0; the first separable term after it ≥ the sum of the parents' bounds
        without the facility shares (``ParentOutcome.free``: dropping the shares only
        enlarges the set of plans); the next one likewise once the first is met with every
        parent at its own proven optimum (then every optimal plan has each parent there).
        Every other term ≥ 0. Nothing is proven when a parent's candidates were incomplete.
        """
        parents = self.parents
        options = []
        for r in parents:  # the plan's stations, then each option's: choices are index ranges
            alts, start = [], len(r.columns)
            for cols in r.options:
                r.columns = _concat(r.columns, cols)
                alts.append(list(range(start, start + len(cols))))
                start += len(cols)
            options.append(alts)
        model = PartitionModel([r.columns for r in parents], self.policy, cpsat=False)
        chosen = [r.chosen for r in parents]
        totals: dict[str, StageResult] = {}
        complete = all(r.columns.complete for r in parents)
        proven = complete
        for term in rest:
            if term == "facilities":
                if any(options):  # parents with room carry those without
                    chosen = choose_options(parents, options, rest, self.policy,
                                            time_limit=self.settings.time_limit,
                                            seed=self.settings.seed)
                value = model.value_of(term, chosen)
                totals[term] = StageResult(term, value, 0, "optimal" if value == 0 else "feasible")
                continue
            value = model.value_of(term, chosen)
            free = [next((st for st in r.free if st.term == term), None) for r in parents]
            bound = 0
            if proven and None not in free:
                bound = min(value, sum(st.bound for st in free))
            ok = proven and value == bound
            totals[term] = StageResult(term, value, bound, "optimal" if ok else "feasible")
            # the next term's bound holds only if every parent sits at its own proven optimum
            proven = (ok and None not in free and all(st.status == "optimal" for st in free)
                      and all(_own(r, term, js) == st.value
                              for r, js, st in zip(parents, chosen, free)))
        self._set(chosen)
        for r in parents:  # the plan's own stations only, again
            r.columns, r.chosen, r.options = r.columns.take(r.chosen), list(range(len(r.chosen))), []
        return totals

    def _set(self, chosen) -> None:
        for r, js in zip(self.parents, chosen):
            r.chosen = js

    def _master(self, rest):
        """Per parent plan A (its own) or B (most facility room, :func:`.parent.room_plan`,
        in worker processes like the parents), chosen by :mod:`.master`."""
        after = [t for t in rest[rest.index("facilities") + 1:] if t in SEPARABLE_TERMS]
        args = [(r.columns, after, self.policy, self.settings, sub.stations, r.chosen, r.stages)
                for sub, r in zip(self.subs, self.parents)]
        options = parent_map(room_plan, args, self.settings, sum(s.n for s in self.subs))
        return choose_options(self.parents, options, rest, self.policy,
                              time_limit=self.settings.time_limit, seed=self.settings.seed)

    def _lp_repair(self, model, term, bound, lp_values, chosen):
        """Try to reach the LP bound: keep every parent whose LP choice is integral, re-solve
        the others jointly. A plan that reaches the bound is optimal; else keep ``chosen``."""
        blocks, fixed_rows = [], []
        for b, r in enumerate(self.parents):
            vals = lp_values[b]
            if all(v < 1e-6 or v > 1 - 1e-6 for v in vals):
                on = [j for j, v in enumerate(vals) if v > 0.5]
                blocks.append(r.columns.take(on))
                fixed_rows.append(on)
            else:
                blocks.append(r.columns)
                fixed_rows.append(None)
        if sum(len(c) for c in blocks) > self.settings.joint_limit or all(on is None for on in fixed_rows):
            return chosen
        sub = PartitionModel(blocks, self.policy,
                             stations={s.parent: s.stations for s in self.subs},
                             total_stations=self.total_stations)
        for name, block, value in model.bounds:
            sub.bound_term(name, value, block=block)
        sub.model.Add(sub.term(term) >= bound)
        s = self.settings
        stages, sub_chosen = sub.solve_lexicographic([term], time_limit=s.time_limit,
                                                     seed=s.seed, workers=s.workers)
        if sub_chosen is None or stages[0].value > model.value_of(term, chosen):
            return chosen
        return [js if on is None else [on[j] for j in js]
                for js, on in zip(sub_chosen, fixed_rows)]

    def _rebuild(self, limit_of) -> None:
        for sub, r in zip(self.subs, self.parents):
            limit = limit_of(r)
            if limit is not None:
                r.columns = candidates_for(sub, self.policy, limit, self.settings.cap)
                r.chosen = []

    def _joint_stages(self, model, terms, hint):
        """Solve ``terms`` jointly; enlarge household limits first if band is among them."""
        hi = self.policy.band.max_households
        stages, chosen = self._joint_solve(model, terms, hint)
        if chosen is None and stages[0].status != "unknown" and any(
                r.columns.limit < math.inf for r in self.parents):
            self._rebuild(lambda r: math.inf)  # pins may need groups above the household limit
            stages, chosen = self._joint_solve(self.model(), terms, None)
        band = next((st for st in stages if st.term == "band"), None)
        short = band is not None and chosen is not None and terms[0] == "band" and any(
            r.columns.limit < hi + band.value for r in self.parents)
        if short and band.status != "optimal":  # stopped by the work limit: claim nothing
            for r in self.parents:
                r.columns.complete = r.columns.complete and r.columns.limit >= hi + band.value
        elif short:
            old = [[r.columns.members[j] for j in js] for r, js in zip(self.parents, chosen)]
            # a group of a band-optimal plan deviates at most by the optimum
            self._rebuild(lambda r: hi + band.value if r.columns.limit < hi + band.value else None)
            again = [_rechoose(r.columns, groups) for r, groups in zip(self.parents, old)]
            stages, chosen = self._joint_solve(self.model(), terms,
                                               None if None in again else again)
        return stages, chosen

    def _joint_solve(self, model, terms, hint):
        """Exact lexicographic weights in one solve when they fit, else stage by stage; with
        no plan to start from, any plan CP-SAT finds first."""
        s = self.settings
        if hint is None:
            status, hint = model.feasible_choice(time_limit=s.time_limit, seed=s.seed,
                                                 workers=s.workers)
            if hint is None:
                return [StageResult(terms[0], -1, -1, status)], None
        done = model.solve_weighted(terms, time_limit=s.time_limit, seed=s.seed,
                                    workers=s.workers, hint=hint)
        if done is not None and done[1] is not None:
            return done
        return model.solve_lexicographic(terms, time_limit=s.time_limit, seed=s.seed,
                                         workers=s.workers, hint=hint, lp=True)


def _own(r: ParentOutcome, term: str, js) -> int:
    return choice_values(r.columns, js)[term]


def _concat(a, b):
    """Columns ``a`` followed by ``b`` (two sets of stations of the same parent)."""
    return replace(a, members=a.members + b.members,
                   households=np.concatenate([a.households, b.households]),
                   band=np.concatenate([a.band, b.band]), moved=np.concatenate([a.moved, b.moved]),
                   internal=np.concatenate([a.internal, b.internal]),
                   ok={k: np.concatenate([a.ok[k], b.ok[k]]) for k in a.ok})


class _CachedLP:
    """The LP bound of a term, solved once for as long as the model's bounds do not change."""

    def __init__(self, model: PartitionModel):
        self.model, self.done = model, {}

    def __call__(self, term: str):
        key = (term, len(self.model.bounds))
        if key not in self.done:
            self.done[key] = lp_solve(self.model, term)
        return self.done[key]


def _rechoose(cols, groups):
    index = {m: j for j, m in enumerate(cols.members)}
    plan = [index.get(g) for g in groups]
    return None if None in plan else plan

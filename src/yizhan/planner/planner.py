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
   ``feasible`` with the LP bound and the gap. A district with more units than
   ``joint_limit`` (so certainly more candidates) never holds its candidates at once: each
   parent returns only its plan, its facility-room plan and its own bounds, and the district
   step works from those (:meth:`.district.District._solve_compact`).
3. A pinned total number of stations couples the parents too: then everything from the
   first term on is solved jointly.

A parent with too many candidates is solved over a restricted set (:mod:`.large`); its
status is then ``feasible`` and its bound comes from :func:`.large.band_lower_bound`.

The instance is cut into one :class:`~.subproblem.Subproblem` per parent once; the parents
are solved by the pure step :func:`~.parent.solve_parent` (in worker processes on large
districts), the district-wide terms by :class:`~.district.District`.
"""

from __future__ import annotations

import time
from dataclasses import replace

from yizhan.core.instance import Instance
from yizhan.core.policy import Policy
from yizhan.planner.district import District
from yizhan.planner.exact import StageResult
from yizhan.planner.parent import ParentOutcome, Progress, Settings, solve_parents, split_order
from yizhan.planner.pins import Pins
from yizhan.planner.result import PlanResult, finish, no_plan
from yizhan.planner.subproblem import subproblems

__all__ = ["Planner", "PlanResult", "ParentOutcome", "Settings"]


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
        Work limit per CP-SAT solve (one stage of one model), in CP-SAT's deterministic
        seconds (:mod:`.solver`): the plan does not depend on the machine's load.
    seed : int
        CP-SAT random seed; with ``workers=1`` a run is reproducible.
    workers : int
        CP-SAT search workers for the joint model (more than 1 may change the plan).
    processes : int, optional
        Worker processes for the parents (default: the machine's cores); the plan is the same.
    staff_total : int, optional
        The fixed station headcount to apportion over the new stations (R8 §2(5)).
    cap : int
        Most candidate groups per parent before the restricted method takes over.
    joint_limit : int
        Most candidates in a joint (all-parent) CP-SAT model. Above it the plan built parent by
        parent is kept and reported ``feasible`` with the LP bound and the gap.
    progress : callable, optional
        ``progress(done, total)``, called with 0 first and then after each parent is solved
        (``total`` = the number of parents); the district-wide step follows the last call.
        The web job and ``yizhan plan`` show it as a progress bar.

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
                 processes: int | None = None, staff_total: int | None = None,
                 cap: int = 200_000, joint_limit: int = 20_000,
                 progress: Progress | None = None):
        self.instance = instance
        self.policy = policy or Policy()
        self.pins = pins or Pins()
        self.settings = Settings(time_limit=time_limit, seed=seed, workers=workers,
                                 processes=processes, cap=cap, joint_limit=joint_limit)
        self.staff_total = staff_total
        self.progress = progress

    def solve(self) -> PlanResult:
        """Solve; see the module notes for the method and :class:`PlanResult` for the output."""
        start = time.perf_counter()
        inst, policy, settings = self.instance, self.policy, self.settings
        # more units than a joint model may hold candidates: the district step works from the
        # parents' summaries (no candidate sets kept; see :meth:`District._solve_compact`)
        big = inst.n_units > settings.joint_limit and self.pins.total_stations is None
        if big != settings.compact:
            settings = replace(settings, compact=big)
        context = dict(instance=inst, policy=policy, settings=settings, staff_total=self.staff_total)
        problems = self.pins.problems(inst)
        if problems:
            return PlanResult(None, "infeasible", {}, [], problems, time.perf_counter() - start,
                              **context)
        subs = subproblems(inst, self.pins)
        prefix, rest = split_order(policy, self.pins.total_stations is not None)
        parents = solve_parents(subs, policy, settings, self.progress)
        failed = [(s, r) for s, r in zip(subs, parents) if r.found != "plan"]
        if failed:
            return no_plan(failed, parents, settings, start, context)
        district = District(subs, parents, policy, settings, self.pins.total_stations)
        totals = district.solve(rest)
        if totals is None:
            return no_plan([], parents, settings, start, context, district=district.failure,
                           total=self.pins.total_stations)
        return finish(subs, parents, {**_prefix_totals(parents, prefix), **totals}, start,
                      context)


def _prefix_totals(parents: list[ParentOutcome], prefix: list[str]) -> dict[str, StageResult]:
    """District totals of the terms each parent solved on its own."""
    totals: dict[str, StageResult] = {}
    for k, term in enumerate(prefix):
        sts = [r.stages[k] for r in parents if r.stages]
        ok = all(s.status == "optimal" for s in sts)
        totals[term] = StageResult(term, sum(s.value for s in sts), sum(s.bound for s in sts),
                                   "optimal" if ok else "feasible")
    return totals

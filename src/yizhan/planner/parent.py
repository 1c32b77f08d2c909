"""The per-parent step: one parent's best plan for its own terms, as a pure function.

:func:`solve_parent` reads only a :class:`~yizhan.planner.subproblem.Subproblem`, the policy
and the :class:`Settings`, and returns a :class:`ParentOutcome`: plain, picklable data with
no reference to a planner. So the same step runs in this process or in a worker process
(:func:`solve_parents`), for a district, a web job or a whole country, with the same result.

What it solves (see :mod:`yizhan.planner.planner`): the terms of the objective before the
first district-wide one (``prefix``), lexicographically, then the rest for this parent alone
(``relaxed``; the facility shares as if this parent had to meet them itself). Every CP-SAT
solve starts from a valid plan — the best so far, else every unit alone (always a plan
without pins), else any plan CP-SAT finds — so a plan is returned whenever one exists and
the work limit allows finding one; ``infeasible`` is said only when CP-SAT proves it.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from yizhan.core.policy import Policy
from yizhan.planner.candidates import Columns, TooManyCandidates, build_columns
from yizhan.planner.exact import SEPARABLE_TERMS, PartitionModel, StageResult
from yizhan.planner.large import band_lower_bound, restricted_columns
from yizhan.planner.neighbourhood import solve_large
from yizhan.planner.subproblem import Subproblem

__all__ = ["Settings", "ParentOutcome", "Progress", "solve_parent", "solve_parents", "parent_map",
           "candidates_for", "split_order", "lex_solve", "room_plan"]

#: Below this many units a district is planned in this process: starting worker processes
#: (each imports numpy, pandas and OR-Tools) costs more than it saves.
PARALLEL_MIN_UNITS = 1000


#: The neighbourhood search's work for a parent too large to enumerate, in units of
#: ``Settings.time_limit``: the search replaces the whole lexicographic sequence of solves an
#: enumerable parent makes (band, then facilities, disruption and compactness, each up to
#: ``time_limit``). Measured (docs/planner.md, "The hardest subdistricts"): planted parents of
#: 150–170 committees of about 1,300 households need up to about 18.5 deterministic seconds
#: to reach the planted optimum (10 was not enough for two of three); at about 1.2 CPU
#: seconds per deterministic second, 22 keeps a parent's step under 30 s of CPU.
SEARCH_WORK = 2.2


@dataclass(frozen=True)
class Settings:
    """How the planner solves. ``time_limit``: deterministic seconds per CP-SAT solve
    (:mod:`.solver`); ``workers``: CP-SAT workers of the joint model; ``processes``: worker
    processes for the parents (None: the machine's cores); ``cap``: most candidate groups per
    parent before the restricted method; ``joint_limit``: most candidates in a joint model;
    ``compact``: the district is too large for a joint model (set by the planner when it has
    more units than ``joint_limit``, so more candidates for certain): each parent returns only
    the stations of its plan and of its facility-room plan, and the lower bounds of its later
    terms without the district's facility shares (``ParentOutcome.free``), so the district
    step needs no candidate sets (:mod:`.district`)."""

    time_limit: float = 10.0
    seed: int = 0
    workers: int = 1
    processes: int | None = None
    cap: int = 200_000
    joint_limit: int = 20_000
    compact: bool = False


@dataclass
class ParentOutcome:
    """One parent's result. ``found``: ``plan``, ``infeasible`` (proven) or ``unknown`` (no plan
    within the work limit; only possible with pins). ``stages``: the prefix terms;
    ``relaxed``: the later terms for this parent alone. ``values``/``lower``/``status`` are the
    final plan's per-term values, bounds and statuses, filled in when the plan is finished."""

    parent: str
    columns: Columns
    chosen: list[int]
    found: str = "plan"
    stages: list[StageResult] = field(default_factory=list)
    relaxed: list[StageResult] = field(default_factory=list)
    seconds: float = 0.0
    values: dict = field(default_factory=dict)
    lower: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)
    #: how many candidate groups the parent was solved over (``columns`` may hold fewer)
    candidates: int = 0
    #: with ``Settings.compact``: the later separable terms solved without the facility
    #: shares (their bounds are lower bounds for any plan with this parent's earlier terms)
    free: list[StageResult] = field(default_factory=list)
    #: with ``Settings.compact``: other plans of the parent for the master step, each as its
    #: own stations — the facility-room plan (:func:`room_plan`) and the plan without the
    #: facility shares, where they differ from the plan
    options: list[Columns] = field(default_factory=list)

    @property
    def method(self) -> str:
        return self.columns.method

    def groups(self) -> list[list[str]]:
        return [self.columns.member_codes(j) for j in self.chosen]


def split_order(policy: Policy, total_pinned: bool) -> tuple[list[str], list[str]]:
    """(terms solved per parent, terms from the first district-wide one on). A pinned total
    number of stations couples the parents from the first term on."""
    order = list(policy.objective.order)
    k = 0 if total_pinned else next(k for k, t in enumerate(order) if t not in SEPARABLE_TERMS)
    return order[:k], order[k:]


def candidates_for(sub: Subproblem, policy: Policy, limit: float, cap: int) -> Columns:
    """The candidates up to ``limit`` households: every connected group (``exact``,
    ``complete``), or if there are more than ``cap`` the restricted set of :mod:`.large`."""
    try:
        return build_columns(sub, policy, limit=limit, cap=cap)
    except TooManyCandidates:
        return restricted_columns(sub, policy, limit=limit, cap=cap)


def solve_parent(sub: Subproblem, policy: Policy, settings: Settings) -> ParentOutcome:
    """The per-parent step (see the module notes)."""
    t0 = time.process_time()
    prefix, rest = split_order(policy, sub.total_pinned)
    hi = policy.band.max_households
    band_first = policy.objective.order[0] == "band"
    limit = math.inf if (sub.n <= 14 or not band_first) else hi
    try:
        cols = build_columns(sub, policy, limit=limit, cap=settings.cap)
    except TooManyCandidates:
        if not sub.pinned:  # too large to enumerate: the neighbourhood search (issue 9)
            cols, stages, more = solve_large(sub, policy, prefix, rest,
                                             work=SEARCH_WORK * settings.time_limit,
                                             seed=settings.seed)
            out = ParentOutcome(sub.parent, cols, list(range(len(cols))), "plan", stages, more,
                                candidates=len(cols))
            out.seconds = time.process_time() - t0
            return out
        cols = restricted_columns(sub, policy, limit=limit, cap=settings.cap)
    lex = _Lex(policy, settings, sub.stations)
    quick = _zero_band(cols, prefix, rest, lex) if prefix[:1] == ["band"] else None
    if quick is not None:
        cols, stages, more, chosen = quick
    else:
        stages, chosen = lex(cols, prefix) if prefix else ([], None)
        if prefix and chosen is None and limit < math.inf:  # pins may need larger groups
            limit = math.inf
            cols = candidates_for(sub, policy, limit, settings.cap)
            stages, chosen = lex(cols, prefix)
        if prefix and chosen is not None and limit < hi + stages[0].value:
            if stages[0].status == "optimal":  # a plan of deviation B has no group above max + B
                limit = hi + stages[0].value
                old = [cols.members[j] for j in chosen[0]]
                cols = candidates_for(sub, policy, limit, settings.cap)
                stages, chosen = lex(cols, prefix, hint=_rehint(cols, old))
            else:  # stopped by the work limit: no larger set, and no claim of completeness
                cols.complete = False
        if prefix and chosen is not None and stages[0].term == "band" and stages[0].status == "optimal":
            keep = np.flatnonzero(cols.band <= stages[0].value)  # no band-optimal plan uses others
            remap = {int(j): k for k, j in enumerate(keep)}
            cols, chosen = cols.take(keep), [[remap[j] for j in chosen[0]]]
        more = []
        if chosen is not None or not prefix:
            more, chosen = lex(cols, rest, fixed=stages,
                               hint=chosen[0] if chosen is not None else None)
    found = "plan" if chosen is not None else _why_none(stages + more)
    if found == "infeasible" and not cols.complete:  # proven for a restricted set only
        found = "unknown"
    out = ParentOutcome(sub.parent, cols, chosen[0] if chosen else [], found, stages, more,
                        candidates=len(cols))
    if settings.compact and found == "plan":
        _summarise(out, sub, policy, settings, rest)
    if not cols.complete:
        for st in out.stages + out.relaxed:
            st.status = "feasible" if st.status == "optimal" else st.status
            st.bound = 0
        if out.stages and out.stages[0].term == "band" and found == "plan":
            out.stages[0].bound = min(out.stages[0].value, band_lower_bound(sub, policy))
    out.seconds = time.process_time() - t0
    return out


def _summarise(out: ParentOutcome, sub: Subproblem, policy: Policy, settings: Settings,
               rest: list[str]) -> None:
    """For a district too large for a joint model (``Settings.compact``): the facility-room
    plan (option B of :mod:`.master`), the later separable terms without the facility
    shares (``free``, with that plan as a third option), then keep only the stations of
    these plans, so that what goes back to the district step is as small as the parent's
    plans."""
    cols = out.columns
    after = [t for t in rest if t in SEPARABLE_TERMS]
    plans = [sorted(out.chosen)]
    if "facilities" in rest and cols.complete:
        room = room_plan(cols, after, policy, settings, sub.stations, out.chosen, out.stages)
        if room is not None:
            plans.append(sorted(room))
    if after and cols.complete:
        out.free, free = lex_solve(cols, after, policy, settings, sub.stations,
                                   hint=out.chosen, fixed=out.stages)
        if free is not None:
            plans.append(sorted(free[0]))
    seen = plans[:1]
    for plan in plans[1:]:
        if plan not in seen:
            seen.append(plan)
            out.options.append(cols.take(plan))
    out.columns, out.chosen = cols.take(out.chosen), list(range(len(out.chosen)))


def solve_parents(subs: list[Subproblem], policy: Policy, settings: Settings,
                  progress: Progress | None = None) -> list[ParentOutcome]:
    """:func:`solve_parent` for every parent (see :func:`parent_map`)."""
    return parent_map(solve_parent, [(s, policy, settings) for s in subs], settings,
                      sum(s.n for s in subs), progress)


#: ``progress(done, total)``: told after each parent is solved (parents done / all parents)
Progress = Callable[[int, int], None]


def parent_map(fn, args: list[tuple], settings: Settings, units: int,
               progress: Progress | None = None) -> list:
    """``[fn(*a) for a in args]``, in worker processes when the district has at least
    :data:`PARALLEL_MIN_UNITS` units (``settings.processes``, default the machine's cores).
    ``fn`` must be deterministic (every solve has a work limit, not a time limit), so the
    results are identical to a serial run; they come back in the order of ``args``.
    ``progress(done, len(args))`` is called as each result comes back (in that order)."""
    tell = progress or (lambda done, total: None)
    total = len(args)
    tell(0, total)
    processes = min(settings.processes or os.cpu_count() or 1, total)
    if processes <= 1 or units < PARALLEL_MIN_UNITS:
        out = []
        for a in args:
            out.append(fn(*a))
            tell(len(out), total)
        return out
    chunk = max(1, total // (processes * 8))
    from concurrent.futures import ProcessPoolExecutor  # here: small districts never need it

    with ProcessPoolExecutor(processes, mp_context=_context()) as pool:
        out = []
        for result in pool.map(fn, *zip(*args), chunksize=chunk):
            out.append(result)
            tell(len(out), total)
        return out


def _context():
    """``fork`` where there is one (Linux): the workers start at once, with the modules already
    imported, and a caller's script needs no ``if __name__ == "__main__"`` guard (which
    ``spawn`` would); the fork happens while no solve runs. ``spawn`` elsewhere."""
    from multiprocessing import get_all_start_methods, get_context

    methods = get_all_start_methods()
    return get_context("fork" if "fork" in methods else "spawn")


class _Lex:
    """Lexicographic solves of one parent's candidates (see :func:`lex_solve`)."""

    def __init__(self, policy: Policy, settings: Settings, stations: int | None):
        self.policy, self.settings, self.stations = policy, settings, stations

    def __call__(self, cols, terms, hint=None, fixed=(), seeded=True):
        return lex_solve(cols, terms, self.policy, self.settings, self.stations, hint=hint,
                         fixed=fixed, seeded=seeded)


def lex_solve(cols: Columns, terms, policy: Policy, settings: Settings, stations: int | None,
              *, hint=None, fixed=(), seeded=True):
    """Lexicographic solve of one parent's candidates, started from a valid plan: ``hint``,
    else (if ``seeded``) :func:`_seed`. Stage by stage when band deviation (wide range) is
    among the terms, else one exactly weighted solve (faster for small ranges)."""
    model = PartitionModel([cols], policy, stations={cols.parent: stations})
    for st in fixed:
        model.bound_term(st.term, st.value)
    if hint is None and not fixed and seeded:
        hint, status = _seed(model, cols, stations, settings)
        if hint is None:
            return [StageResult(terms[0] if terms else "band", -1, -1, status)], None
    hint = [hint] if hint is not None else None
    limit, seed = settings.time_limit, settings.seed
    if terms and "band" not in terms:
        done = model.solve_weighted(terms, time_limit=limit, seed=seed, hint=hint)
        if done is not None:
            return done
    return model.solve_lexicographic(terms, time_limit=limit, seed=seed, hint=hint)


def room_plan(cols: Columns, terms, policy: Policy, settings: Settings, stations: int | None,
              hint: list[int], fixed: list[StageResult]) -> list[int] | None:
    """The parent's plan with the most facility room (the master step's option B): least
    ``facility_deficit``, then ``terms``, its own earlier terms kept (:mod:`.master`)."""
    _, chosen = lex_solve(cols, ["facility_deficit", *terms], policy, settings, stations,
                          hint=hint, fixed=fixed)
    return chosen[0] if chosen is not None else None


def _seed(model: PartitionModel, cols: Columns, stations, settings: Settings):
    """A valid plan to start from: every unit alone with the kept stations (a plan whenever
    those are candidates and no number of stations is pinned), else any plan CP-SAT finds.
    Returns (choice, status) with choice None and status ``infeasible``/``unknown`` if none."""
    index = {m: j for j, m in enumerate(cols.members)}
    fixed = {i for g in cols.fixed for i in g}
    plan = [index.get(g) for g in cols.fixed] + [index.get((i,)) for i in range(len(cols.codes))
                                                  if i not in fixed]
    if None not in plan and (stations is None or len(plan) == stations):
        return plan, "found"
    status, chosen = model.feasible_choice(time_limit=settings.time_limit, seed=settings.seed)
    return (chosen[0] if chosen else None), status


def _rehint(cols: Columns, members: list[tuple[int, ...]]) -> list[int] | None:
    """A choice over ``cols`` with the given groups (all of them are candidates again when
    the household limit only grew)."""
    index = {m: j for j, m in enumerate(cols.members)}
    plan = [index.get(m) for m in members]
    return None if None in plan else plan


def _why_none(stages: list[StageResult]) -> str:
    return "infeasible" if any(s.status == "infeasible" for s in stages) else "unknown"


def _zero_band(cols, prefix, rest, lex):
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
    results, chosen = lex(zero, prefix[1:] + rest, seeded=False)  # no plan: the full model
    if chosen is None:
        return None
    n = len(prefix) - 1
    stages = [StageResult("band", 0, 0, "optimal")] + results[:n]
    return zero, stages, results[n:], chosen

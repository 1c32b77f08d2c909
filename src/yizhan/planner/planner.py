"""The planner: the best consolidation plan under the policy's rules, with a proof of quality.

How the work is split (and why it is exact):

1. Band deviation, disruption and compactness are sums over parents (subdistricts); no
   station crosses a parent (R6 §2(4)). The terms of ``policy.objective.order`` that come
   before the first district-wide term are therefore optimised parent by parent, each in
   its own small CP-SAT model, lexicographically.
2. The facility term (R4/R5 §2(3)) is district-wide: the shares count stations over all
   parents. First each parent optimises its remaining separable terms on its own; this is a
   relaxation, so each value is a lower bound. If the combined plan already meets every
   facility target (shortfall 0, the least possible), every bound is attained and the plan
   is optimal. Otherwise one joint model over all parents (each parent's earlier terms fixed
   at their optima, so only candidates that can appear in such a plan are kept) optimises
   the district-wide term and the terms after it, started from the relaxed plan.
3. A pinned total number of stations couples the parents too: then everything from the
   first term on is solved jointly.

A parent with too many candidates is solved over a restricted set (:mod:`.large`); its
status is then ``feasible`` and its bound comes from :func:`.large.band_lower_bound`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.planner.candidates import Columns, TooManyCandidates, build_columns
from yizhan.planner.exact import SEPARABLE_TERMS, PartitionModel, StageResult, choice_values
from yizhan.planner.large import band_lower_bound, restricted_columns
from yizhan.planner.pins import Pins

__all__ = ["Planner", "PlanResult", "ParentResult"]


@dataclass
class ParentResult:
    """One parent's part of the result.

    ``stages`` holds the parent's own solve of the terms before the first district-wide one;
    ``relaxed`` the terms after it, solved for this parent alone (lower bounds);
    ``values`` the final plan's terms; ``lower`` a proven lower bound per term (0 when none).
    """

    parent: str
    columns: Columns
    chosen: list[int]
    method: str = "exact"
    stages: list[StageResult] = field(default_factory=list)
    relaxed: list[StageResult] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    lower: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)
    seconds: float = 0.0

    def groups(self) -> list[list[str]]:
        return [self.columns.member_codes(j) for j in self.chosen]


@dataclass
class PlanResult:
    """What :meth:`Planner.solve` returns. ``plan`` is None only when no plan exists."""

    plan: Plan | None
    status: str
    totals: dict[str, StageResult]
    parents: list[ParentResult]
    explanations: list[Finding]
    seconds: float
    planner: Planner = field(repr=False, default=None)
    _report: dict | None = field(default=None, repr=False)

    @property
    def report(self) -> dict:
        """The JSON-ready report (:func:`yizhan.planner.report.build_report`)."""
        if self._report is None:
            from yizhan.planner.report import build_report

            self._report = build_report(self)
        return self._report


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
                 staff_total: int | None = None, cap: int = 200_000):
        self.instance = instance
        self.policy = policy or Policy()
        self.pins = pins or Pins()
        self.time_limit = time_limit
        self.seed = seed
        self.workers = workers
        self.staff_total = staff_total
        self.cap = cap

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
        parents = [self._solve_parent(p, prefix, [t for t in rest if t in SEPARABLE_TERMS])
                   for p in self.instance.parents]
        if any(not r.chosen and r.columns.codes for r in parents):
            return self._finish(parents, order, {}, start)
        joint = None
        if self.pins.total_stations is not None or self._shortfall(parents) > 0:
            joint = self._solve_joint(parents, prefix, rest)
            if joint is None:
                return self._finish(parents, order, {}, start)
        return self._finish(parents, order, self._totals(parents, prefix, rest, joint), start)

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

    def _solve_parent(self, parent: str, prefix: list[str], relaxed: list[str]) -> ParentResult:
        t0 = time.perf_counter()
        hi = self.policy.band.max_households
        small = len(self.instance.units_of(parent)) <= 14
        limit = np.inf if (small or not self._band_first()) else hi
        cols, method = self._columns(parent, limit)
        stations = {parent: self.pins.stations_for(parent)}
        stages, chosen = self._lex(cols, prefix, stations) if prefix else ([], None)
        if prefix and chosen is not None and limit < hi + stages[0].value:
            limit = hi + stages[0].value  # a plan of deviation B has no group above max + B
            cols, method = self._columns(parent, limit)
            stages, chosen = self._lex(cols, prefix, stations)
        cols.complete = method == "exact" and (limit == np.inf or self._band_first())
        if prefix and chosen is not None and stages[0].term == "band" and stages[0].status == "optimal":
            keep = np.flatnonzero(cols.band <= stages[0].value)  # no band-optimal plan uses others
            remap = {int(j): k for k, j in enumerate(keep)}
            cols, chosen = cols.take(keep), [[remap[j] for j in chosen[0]]]
        more = []
        if chosen is not None or not prefix:
            more, chosen = self._lex(cols, relaxed, stations, fixed=stages,
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

    def _lex(self, cols, terms, stations, hint=None, fixed=()):
        model = PartitionModel([cols], self.policy, stations=stations)
        for st in fixed:
            model.model.Add(model.term(st.term) <= st.value)
        return model.solve_lexicographic(terms, time_limit=self.time_limit, seed=self.seed,
                                         hint=[hint] if hint is not None else None)

    def _shortfall(self, parents: list[ParentResult]) -> int:
        model = PartitionModel([r.columns for r in parents], self.policy)
        return model.value_of("facilities", [r.chosen for r in parents])

    # ------------------------------------------------------------------ district
    def _solve_joint(self, parents: list[ParentResult], prefix: list[str], rest: list[str]):
        """Solve ``rest`` over all parents at once, each parent's ``prefix`` terms fixed."""
        hi = self.policy.band.max_households
        for attempt in range(2):
            blocks = [r.columns for r in parents]
            stations = {r.parent: self.pins.stations_for(r.parent) for r in parents}
            model = PartitionModel(blocks, self.policy, stations=stations,
                                   total_stations=self.pins.total_stations)
            for b, r in enumerate(parents):
                for st in r.stages:
                    model.model.Add(model.parent_terms[b][st.term] <= st.value)
            hint = None if self.pins.total_stations is not None else [r.chosen for r in parents]
            stages, chosen = model.solve_lexicographic(
                rest, time_limit=self.time_limit, seed=self.seed, workers=self.workers, hint=hint)
            if chosen is None:
                return None
            band = next((s for s in stages if s.term == "band"), None)
            short = [r for r in parents if r.columns.limit < hi + band.value] if (
                band is not None and rest[0] == "band" and attempt == 0) else []
            if not short:
                break
            for r in short:  # enlarge the limit where a group could deviate up to the optimum
                r.columns, r.method = self._columns(r.parent, hi + band.value)
                r.columns.complete = r.method == "exact"
        for r, js in zip(parents, chosen):
            r.chosen = js
        return stages

    def _totals(self, parents, prefix, rest, joint) -> dict[str, StageResult]:
        """District totals per term and per-parent values, bounds and statuses."""
        totals: dict[str, StageResult] = {}
        for k, term in enumerate(prefix):
            sts = [r.stages[k] for r in parents if r.stages]
            ok = all(s.status == "optimal" for s in sts)
            totals[term] = StageResult(term, sum(s.value for s in sts), sum(s.bound for s in sts),
                                       "optimal" if ok else _worst(sts))
        if joint is not None:
            totals.update({s.term: s for s in joint})
        else:  # the relaxed plan meets every facility target: all relaxations attained
            totals["facilities"] = StageResult("facilities", 0, 0, "optimal")
            for k, term in enumerate([t for t in rest if t != "facilities"]):
                sts = [r.relaxed[k] for r in parents if r.relaxed]
                ok = all(s.status == "optimal" for s in sts)
                totals[term] = StageResult(term, sum(s.value for s in sts),
                                           sum(s.bound for s in sts), "optimal" if ok else _worst(sts))
        return totals

    # ------------------------------------------------------------------ output
    def _finish(self, parents, order, totals, start) -> PlanResult:
        from yizhan.planner.explain import explain_band

        inst, policy = self.instance, self.policy
        if not totals:
            findings = [f for r in parents if not r.chosen and r.columns.codes
                        for f in _no_plan(inst, r.parent)]
            return PlanResult(None, "infeasible", {}, parents, findings,
                              time.perf_counter() - start, self)
        for r in parents:
            r.values = choice_values(r.columns, r.chosen)
            _parent_bounds(r, order, totals)
        groups = [g for r in parents for g in r.groups()]
        station = {c: lab for g, lab in zip(groups, _labels(inst, groups)) for c in g}
        plan = Plan({c: station[c] for c in inst.codes}, name="yizhan")
        findings = []
        lo, hi = policy.band.min_households, policy.band.max_households
        for r in parents:
            if r.values["band"] > 0:
                off = [(g, int(r.columns.households[j]), int(r.columns.band[j]))
                       for j, g in zip(r.chosen, r.groups()) if r.columns.band[j] > 0]
                findings += explain_band(inst, r.parent, policy, off)
        findings += _facility_findings(inst, plan, policy)
        statuses = {s.status for s in totals.values()}
        status = ("optimal" if statuses == {"optimal"} else
                  "time_limit" if "time_limit" in statuses else "feasible")
        return PlanResult(plan, status, totals, parents, findings, time.perf_counter() - start, self)


def _facility_findings(instance: Instance, plan: Plan, policy: Policy) -> list[Finding]:
    from yizhan.core.metrics import facility_shortfall, facility_targets, station_table
    from yizhan.planner.explain import explain_facilities

    table = station_table(instance, plan, policy)
    short = facility_shortfall(table, policy)
    if not any(short.values()):
        return []
    lacking = {}
    for name, keys, _ in facility_targets(policy):
        ok = np.ones(len(table), dtype=bool)
        for key in keys:
            ok &= table[f"{key}_ok"].to_numpy(dtype=bool)
        lacking[name] = [str(s) for s in table.index[~ok]]
    return explain_facilities(instance, policy, short, len(table), lacking)


def _first_coupled(order: list[str]) -> int:
    return next(k for k, t in enumerate(order) if t not in SEPARABLE_TERMS)


def _worst(stages: list[StageResult]) -> str:
    names = {s.status for s in stages}
    return "time_limit" if "time_limit" in names else "feasible" if "feasible" in names else "optimal"


def _parent_bounds(r: ParentResult, order, totals) -> None:
    """Per-term lower bounds and statuses of one parent (see :class:`ParentResult`)."""
    own = {s.term: s for s in r.stages}
    still_relaxed = True
    relaxed = {s.term: s for s in r.relaxed}
    for term in order:
        if term == "facilities":
            r.lower[term], r.status[term] = None, totals[term].status
        elif term in own:
            r.lower[term], r.status[term] = own[term].bound, own[term].status
        elif term in relaxed:
            st = relaxed[term]
            valid = still_relaxed and st.status == "optimal"
            r.lower[term] = st.value if valid else 0
            proven = valid and r.values[term] == st.value
            r.status[term] = "optimal" if proven else totals[term].status
            still_relaxed = still_relaxed and r.values[term] == st.value


def _labels(instance: Instance, groups: list[list[str]]) -> list[str]:
    """A unique label per station: member names joined by + (the first code added on a clash)."""
    names = instance.units["name"]
    labels = ["+".join(names[c] or c for c in g) for g in groups]
    count: dict[str, int] = {}
    for lab in labels:
        count[lab] = count.get(lab, 0) + 1
    return [lab if count[lab] == 1 else f"{lab}({g[0]})" for g, lab in zip(groups, labels)]


def _no_plan(instance: Instance, parent: str) -> list[Finding]:
    return [Finding("R6", "§2(4)", "violation", parent,
                    f"{parent}街道在当前固定条件下没有可行方案（例如要求的站数无法用连片的工作站实现）",
                    f"no plan exists for {parent} under the pins (e.g. the pinned number of "
                    f"stations cannot be made of contiguous stations)")]

"""What the planner returns: the plan, per-parent and district results, explanations."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.planner.candidates import Columns
from yizhan.planner.exact import StageResult, choice_values
from yizhan.policy.rules import finding

__all__ = ["ParentResult", "PlanResult", "finish"]


@dataclass
class ParentResult:
    """One parent's part of the result.

    ``stages`` holds the parent's own solve of the terms before the first district-wide one;
    ``relaxed`` the terms from it on, solved for this parent alone (the facility shares as if
    this parent had to meet them itself); ``values`` the final plan's terms; ``lower`` a
    proven lower bound per term (None for the district-wide terms: see the totals).
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
    planner: object = field(repr=False, default=None)
    _report: dict | None = field(default=None, repr=False)

    @property
    def report(self) -> dict:
        """The JSON-ready report (:func:`yizhan.planner.report.build_report`)."""
        if self._report is None:
            from yizhan.planner.report import build_report

            self._report = build_report(self)
        return self._report


def finish(planner, parents, order, totals, start) -> PlanResult:
    """The plan, per-parent values, bounds and statuses, and the explanations."""
    from yizhan.planner.explain import explain_band

    inst, policy = planner.instance, planner.policy
    if not totals:
        findings = [f for r in parents if not r.chosen and r.columns.codes
                    for f in _no_plan(inst, r.parent)]
        return PlanResult(None, "infeasible", {}, parents, findings,
                          time.perf_counter() - start, planner)
    for r in parents:
        r.values = choice_values(r.columns, r.chosen)
        _parent_bounds(r, order, totals)
    parent = inst.units["parent"]
    cross = sum(1 for a, b in inst.edges if parent[a] != parent[b])
    if cross and "compactness" in totals:  # edges between parents are always cut
        st = totals["compactness"]
        totals["compactness"] = StageResult(st.term, st.value + cross, st.bound + cross, st.status)
    groups = [g for r in parents for g in r.groups()]
    station = {c: lab for g, lab in zip(groups, _labels(inst, groups)) for c in g}
    plan = Plan({c: station[c] for c in inst.codes}, name="yizhan")
    findings = []
    for r in parents:
        if r.values["band"] > 0:
            off = [(g, int(r.columns.households[j]), int(r.columns.band[j]))
                   for j, g in zip(r.chosen, r.groups()) if r.columns.band[j] > 0]
            findings += explain_band(inst, r.parent, policy, off)
    findings += _facility_findings(inst, plan, policy)
    statuses = {s.status for s in totals.values()}
    status = ("optimal" if statuses == {"optimal"} else
              "time_limit" if "time_limit" in statuses else "feasible")
    return PlanResult(plan, status, totals, parents, findings, time.perf_counter() - start, planner)


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


def _parent_bounds(r: ParentResult, order, totals) -> None:
    """Per-term lower bounds and statuses of one parent (see :class:`ParentResult`).

    Terms the parent solved on its own carry its proven bound; the district-wide term and
    the terms after it are proven for the district as a whole: they carry the district's
    status and no per-parent bound (None).
    """
    own = {s.term: s for s in r.stages}
    for term in order:
        if term in own:
            r.lower[term], r.status[term] = own[term].bound, own[term].status
        else:
            r.lower[term], r.status[term] = None, totals[term].status


def _labels(instance: Instance, groups: list[list[str]]) -> list[str]:
    """A unique label per station: member names joined by + (the first code added on a clash)."""
    names = instance.units["name"]
    labels = ["+".join(names[c] or c for c in g) for g in groups]
    count: dict[str, int] = {}
    for lab in labels:
        count[lab] = count.get(lab, 0) + 1
    return [lab if count[lab] == 1 else f"{lab}({g[0]})" for g, lab in zip(groups, labels)]


def _no_plan(instance: Instance, parent: str) -> list[Finding]:
    return [finding("R6", "violation", parent,
                    f"{parent}街道在当前固定条件下没有可行方案（例如要求的站数无法用连片的工作站实现）",
                    f"no plan exists for {parent} under the pins (e.g. the pinned number of "
                    f"stations cannot be made of contiguous stations)")]

"""What the planner returns: the plan, per-parent and district results, explanations."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.metrics import facility_shortfall
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.planner.exact import StageResult, choice_values
from yizhan.planner.parent import ParentOutcome, Settings
from yizhan.planner.subproblem import Subproblem

__all__ = ["PlanResult", "finish", "no_plan"]


@dataclass
class PlanResult:
    """What :meth:`Planner.solve` returns. ``plan`` is None only when no plan was found:
    ``status`` is then ``infeasible`` (proven, the explanations name the pin or rule) or
    ``unknown`` (the work limit ran out first; only possible with pins). The result holds
    the data it was made from (instance, policy, settings), not the planner."""

    plan: Plan | None
    status: str
    totals: dict[str, StageResult]
    parents: list[ParentOutcome]
    explanations: list[Finding]
    seconds: float
    instance: Instance = field(repr=False, default=None)
    policy: Policy = field(repr=False, default=None)
    settings: Settings = field(repr=False, default=None)
    staff_total: int | None = None
    _report: dict | None = field(default=None, repr=False)

    @property
    def report(self) -> dict:
        """The JSON-ready report (:func:`yizhan.planner.report.build_report`)."""
        if self._report is None:
            from yizhan.planner.report import build_report

            self._report = build_report(self)
        return self._report


def finish(subs: list[Subproblem], parents: list[ParentOutcome], totals: dict[str, StageResult],
           start: float, context: dict) -> PlanResult:
    """The plan, per-parent values, bounds and statuses, and the explanations.

    Every total's value is recomputed from the plan returned (the stages only supply bounds
    and statuses), so the report's totals are the plan's metrics.
    """
    from yizhan.planner.explain import explain_band

    inst, policy = context["instance"], context["policy"]
    order = list(policy.objective.order)
    for r in parents:
        r.values = choice_values(r.columns, r.chosen)
    cross = len(inst.edges) - sum(len(s.edges) for s in subs)  # edges between parents: always cut
    flags = {f"{k}_ok": [bool(r.columns.ok[k][j]) for r in parents for j in r.chosen]
             for k in ("office", "service", "plaza")}
    value = {t: sum(r.values[t] for r in parents) for t in ("band", "disruption", "compactness")}
    value["compactness"] += cross
    value["facilities"] = sum(facility_shortfall(pd.DataFrame(flags), policy).values())
    totals.update(_honest_totals(totals, value, order, cross))
    for r in parents:
        _parent_bounds(r, order, totals)
    groups = [g for r in parents for g in r.groups()]
    labels = _labels(subs, parents)
    station = {c: lab for g, lab in zip(groups, labels) for c in g}
    plan = Plan({c: station[c] for c in inst.codes}, name="yizhan")
    findings = []
    for sub, r in zip(subs, parents):
        if r.values["band"] > 0:
            cols = r.columns
            band = next((st for st in r.stages if st.term == "band"), None)
            proven = (band is not None and band.status == "optimal" and band.value == r.values["band"])
            stations = [(cols.members[j], int(cols.households[j]), int(cols.band[j])) for j in r.chosen]
            findings += explain_band(sub, policy, stations, proven=proven,
                                     bound=band.bound if band is not None else 0)
    findings += _facility_findings(inst, policy, flags, groups, labels)
    status = "optimal" if all(s.status == "optimal" for s in totals.values()) else "feasible"
    return PlanResult(plan, status, totals, parents, findings, time.perf_counter() - start,
                      **context)


def _honest_totals(totals: dict[str, StageResult], value: dict[str, int], order: list[str],
                   cross: int) -> dict[str, StageResult]:
    """Each term's final status and bound, from the stages' and the plan's ``value``.

    A term is ``optimal`` exactly when it is proven: its value is 0 (no term can be less), or
    it equals the bound its stage proved while every earlier term is optimal too (a stage's
    bound holds *given* the earlier terms' values, so after an unproven term it proves
    nothing). Otherwise ``feasible``, and after an unproven term the bound falls back to what
    holds for every plan: 0, and for compactness the ``cross`` edges between parents (always
    cut). The bound never exceeds the value.
    """
    out, proven = {}, True
    for term in order:
        if term not in totals:
            continue
        st, v = totals[term], value[term]
        floor = cross if term == "compactness" else 0
        bound = min(st.bound + floor, v) if proven else min(floor, v)
        if v == floor or (proven and st.status == "optimal" and v == bound):
            status = "optimal"
        else:
            status = "feasible" if st.status in ("optimal", "feasible") else st.status
        out[term] = StageResult(term, v, bound, status)
        proven = proven and status == "optimal"
    return out


def no_plan(failed, parents, settings, start, context, *, district=None, total=None) -> PlanResult:
    """The result when no plan was found: ``infeasible`` with the pins that make it so, or
    ``unknown`` when the work limit ran out before a plan was found (see :mod:`.infeasible`)."""
    from yizhan.planner.infeasible import explain_no_plan, explain_total

    policy = context["policy"]
    findings = [f for sub, r in failed for f in explain_no_plan(sub, r.found, policy, settings)]
    if district is not None:
        findings += explain_total(total, district, settings)
    proven = any(r.found == "infeasible" for _, r in failed) or district == "infeasible"
    return PlanResult(None, "infeasible" if proven else "unknown", {}, parents, findings,
                      time.perf_counter() - start, **context)


def _facility_findings(instance: Instance, policy: Policy, flags: dict[str, list[bool]],
                       groups: list[list[str]], labels: list[str]) -> list[Finding]:
    """Why facility targets are short, from the chosen candidates' own flags (``flags``, in
    the order of ``groups``/``labels``): no station table is rebuilt (it cost more than the
    whole solve of a small district). Stations are listed in the order of their first unit
    in the instance, as the plan's station table lists them."""
    from yizhan.core.metrics import facility_targets
    from yizhan.planner.explain import explain_facilities

    short = facility_shortfall(pd.DataFrame(flags), policy)
    if not any(short.values()):
        return []
    position = {c: k for k, c in enumerate(instance.units.index)}
    order = sorted(range(len(labels)), key=lambda s: min(position[c] for c in groups[s]))
    lacking = {}
    for name, keys, _ in facility_targets(policy):
        ok = np.ones(len(labels), dtype=bool)
        for key in keys:
            ok &= np.asarray(flags[f"{key}_ok"], dtype=bool)
        lacking[name] = [labels[s] for s in order if not ok[s]]
    return explain_facilities(instance, policy, short, len(labels), lacking)


def _parent_bounds(r: ParentOutcome, order, totals) -> None:
    """Per-term lower bounds and statuses of one parent (see :class:`ParentResult`).

    Terms the parent solved on its own carry its proven bound (a value of 0 is optimal
    whatever the stage said); the district-wide term and
    the terms after it are proven for the district as a whole: they carry the district's
    status and no per-parent bound (None).
    """
    own = {s.term: s for s in r.stages}
    for term in order:
        if term in own and r.values.get(term) == 0:  # no term can be less than 0: proven
            r.lower[term], r.status[term] = 0, "optimal"
        elif term in own:
            r.lower[term], r.status[term] = own[term].bound, own[term].status
        else:
            r.lower[term], r.status[term] = None, totals[term].status


def _labels(subs: list[Subproblem], parents: list[ParentOutcome]) -> list[str]:
    """A unique label per station: member names joined by + (the first code added on a clash)."""
    labels, firsts = [], []
    for sub, r in zip(subs, parents):
        for j in r.chosen:
            members = r.columns.members[j]
            labels.append("+".join(sub.names[i] or sub.codes[i] for i in members))
            firsts.append(sub.codes[members[0]])
    count: dict[str, int] = {}
    for lab in labels:
        count[lab] = count.get(lab, 0) + 1
    return [lab if count[lab] == 1 else f"{lab}({first})" for first, lab in zip(firsts, labels)]

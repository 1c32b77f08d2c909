"""The planner's report: per parent and in total, each objective term with its lower bound,
gap and status; facility shares; the headcount apportionment; the explanations."""

from __future__ import annotations

from yizhan.core.metrics import disruption, evaluate, facility_shortfall
from yizhan.core.apportion import METHOD, ApportionmentError, apportion
from yizhan.policy.rules import RULES

__all__ = ["build_report", "term_row"]


def term_row(value, lower, status) -> dict:
    """``{value, lower_bound, gap, status}``; the gap is ``value − lower_bound``."""
    gap = None if value is None or lower is None else int(value) - int(lower)
    return {"value": value, "lower_bound": lower, "gap": gap, "status": status}


def build_report(result) -> dict:
    """A JSON-ready dict describing ``result`` (a :class:`~yizhan.planner.planner.PlanResult`)."""
    inst, policy, settings = result.instance, result.policy, result.settings
    order = list(policy.objective.order)
    out = {
        "instance": inst.name, "synthetic": bool(inst.synthetic), "status": result.status,
        "objective_order": order, "seconds": round(result.seconds, 3),
        "solver": {"engine": "OR-Tools CP-SAT",
                   "time_limit_per_solve": settings.time_limit,
                   "time_limit_unit": "CP-SAT deterministic seconds", "seed": settings.seed,
                   "workers": settings.workers, "processes": settings.processes},
        "explanations": [f.to_dict() for f in result.explanations],
    }
    if result.plan is None:
        return out
    metrics = evaluate(inst, result.plan, policy)
    out["totals"] = {t: term_row(s.value, s.bound, s.status) for t, s in result.totals.items()}
    out["stations"] = metrics.stations
    out["metrics"] = {k: v for k, v in metrics.to_dict().items() if k != "per_parent"}
    out["metrics"]["disruption"] = disruption(inst, result.plan)
    out["facility_shortfall"] = facility_shortfall(metrics.table, policy)
    out["parents"] = []
    for r in result.parents:
        row = {"parent": r.parent, "units": len(r.columns.codes), "stations": r.values["stations"],
               "method": r.method, "candidates": r.candidates or len(r.columns), "seconds": round(r.seconds, 3),
               "terms": {t: term_row(r.values[t] if t != "facilities" else None, r.lower.get(t),
                                     r.status.get(t)) for t in order},
               "facility_counts": {k: r.values[f"{k}_ok"] for k in ("office", "service", "plaza")}}
        out["parents"].append(row)
    out["staffing"] = staffing(result, metrics.table)
    return out


def staffing(result, table) -> dict | None:
    """Apportion the fixed headcount (R8 §2(5)) over the plan's stations by households."""
    total = result.staff_total
    if total is None:
        return None
    floor = result.policy.staffing.min_staff_per_station
    info = {"rule": "R8", "article": RULES["R8"].article, "method": METHOD, "total": int(total), "floor": floor}
    try:
        seats = apportion(int(total), table["households"].tolist(), floor)
    except ApportionmentError as exc:
        info["error"] = str(exc)
        return info
    info["per_station"] = dict(zip(map(str, table.index), seats))
    return info

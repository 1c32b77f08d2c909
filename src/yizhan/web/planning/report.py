"""The planner's report (:func:`yizhan.planner.report.build_report`, stored on the run) as the
tables the run page shows: each objective term with its value, lower bound, gap and status
in words; each subdistrict's result; the explanations as findings.

Only labels are added here; every number is the report's, so the page says what the
planner proved and nothing more.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yizhan.core.findings import Finding

__all__ = ["TERM_LABELS", "STATUS_LABELS", "report_tables"]

#: the objective's terms (``policy.objective.order``) for people
TERM_LABELS = {
    "band": _("户数区间外户数（R2）"),
    "facilities": _("设施缺口（R4/R5）"),
    "disruption": _("服务关系改变的居委会"),
    "compactness": _("被切断的相邻关系"),
}

#: what a status proves
STATUS_LABELS = {
    "optimal": _("最优（已证明）"),
    "feasible": _("可行，未证明最优"),
    "infeasible": _("无可行方案（已证明）"),
    "unknown": _("未在计算量内找到方案"),
}


def _label(table: dict, key) -> str:
    return str(table.get(key, key)) if key is not None else "—"


def _term_row(term: str, cell: dict) -> dict:
    return {"term": _label(TERM_LABELS, term), "value": cell.get("value"),
            "lower_bound": cell.get("lower_bound"), "gap": cell.get("gap"),
            "status": cell.get("status"), "status_label": _label(STATUS_LABELS, cell.get("status"))}


def report_tables(report: dict) -> dict:
    """``terms`` (district totals), ``parents`` (one row per subdistrict, its terms in the
    objective's order), ``explanations`` (:class:`~yizhan.core.findings.Finding`), the
    overall ``status`` and its label, the ``seconds`` used and the ``solver`` settings."""
    order = list(report.get("objective_order") or [])
    totals = report.get("totals") or {}
    parents = []
    for p in report.get("parents") or []:
        terms = p.get("terms") or {}
        parents.append({
            "parent": p.get("parent"), "units": p.get("units"), "stations": p.get("stations"),
            "candidates": p.get("candidates"),
            "terms": [_term_row(t, terms.get(t) or {}) for t in order],
            "facility_counts": p.get("facility_counts") or {}})
    return {
        "status": report.get("status"), "status_label": _label(STATUS_LABELS, report.get("status")),
        "seconds": report.get("seconds"), "solver": report.get("solver") or {},
        "order": [_label(TERM_LABELS, t) for t in order],
        "terms": [_term_row(t, totals[t]) for t in order if t in totals],
        "parents": parents,
        "explanations": [Finding(**e) for e in report.get("explanations") or []],
    }

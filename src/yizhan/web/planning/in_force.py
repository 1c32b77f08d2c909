"""The page "现行方案" (the plan in force) and its API: per subdistrict which approved plan
is in force, who approved it and when, its stations, its findings, whether it went stale.

Everyone who may read plans reads the plan in force. An officer sees their subdistrict's part
(stations, findings) and the district totals; the source plans are links only where
:func:`~yizhan.web.permissions.restrict` lets the user open them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from yizhan.web.dashboard.summary import Subject, user_scope
from yizhan.web.permissions import require, restrict
from yizhan.web.registry import snapshot as snap
from yizhan.web.planning.authority import applicable, plan_in_force, staleness
from yizhan.web.planning.models import Plan

__all__ = ["in_force_data", "in_force_view"]


def _counts(findings) -> dict:
    out = {"violation": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out


def in_force_data(user, version: int | None = None) -> dict:
    """Everything the page and ``GET /api/planning/in-force/`` show, for ``user``."""
    version = snap.registry_version() if version is None else version
    force = plan_in_force(version)
    district = Subject(None, scope=None, version=version, kind="in_force")
    scope = user_scope(user)
    mine = district if scope is None else Subject(None, scope=scope, version=version,
                                                  kind="in_force")
    visible = set(restrict(Plan.objects.filter(pk__in=[p.pk for p in force.plans]), user)
                  .values_list("pk", flat=True))
    station_parent = {s["station"]: s["parent"] for s in district.stations()}
    shown_parents = set(mine.instance.parents)
    parts = []
    for parent in district.instance.parents:
        if parent not in shown_parents:
            continue
        plan = force.plan_of(parent)
        findings = [f for f in district.result.findings if station_parent.get(f.subject) == parent]
        parts.append({
            "subdistrict": parent, "plan": plan, "linked": plan is not None and plan.pk in visible,
            "stations": sum(1 for p in station_parent.values() if p == parent),
            "committees": sum(1 for p in force.parents.values() if p == parent),
            "uncovered": force.uncovered(parent), "counts": _counts(findings)})
    sources = [{"plan": p, "linked": p.pk in visible, "stale": staleness(p, version),
                "blocked": applicable(p, version)} for p in force.plans
               if p.subdistrict_id is None or p.subdistrict.name in shown_parents]
    return {"force": force, "district": district, "mine": mine, "parts": parts,
            "sources": sources, "stale": any(s["stale"] for s in sources)
            or bool(force.uncovered())}


@login_required
def in_force_view(request):
    require(request.user, "view", Plan)
    data = in_force_data(request.user)
    mine = data["mine"]
    from yizhan.web.planning.downloads import download_links

    return render(request, "planning/in_force.html", {
        "downloads": download_links(mine, request.user),
        **data, "metrics": mine.metrics, "counts": mine.result.counts(),
        "district_metrics": data["district"].metrics,
        "district_counts": data["district"].result.counts(),
        "stations": sorted(mine.stations(), key=lambda s: (s["parent"], s["station"]))})

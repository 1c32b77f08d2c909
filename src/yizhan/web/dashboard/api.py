"""Dashboard REST endpoints (``/api/dashboard/``): the dashboard's numbers and the map data.

``plan`` is a plan id, ``in_force`` (the approved plans composed), ``current`` (today's
stations) or ``official`` (the 2006 document's
plan); a plan outside the user's scope is 404; the data is limited to the user's scope.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from yizhan.web.dashboard import summary as S

router = Router(tags=["dashboard"])


@router.get("/summary/", operation_id="dashboard_summary")
def summary(request, plan: str = "official"):
    """Targets, metrics, findings, stations' band status and SPEC §5's per-subdistrict table
    of the plan, with today's stations as "before"."""
    subject = S.subject_for(plan, request.user)
    before = S.Subject(None, scope=subject.scope, version=subject.version, kind="current")
    return S.summary(subject, before)


@router.get("/committees.geojson", operation_id="map_committees")
def committees(request, plan: str = "current"):
    """Committee polygons with their station in ``plan`` and its band status."""
    return HttpResponse(S.committees_geojson(S.subject_for(plan, request.user)),
                        content_type="application/geo+json; charset=utf-8")


@router.get("/stations.geojson", operation_id="map_stations")
def stations(request, plan: str = "current"):
    """The stations of ``plan`` as dissolved polygons (R7 §2(4))."""
    return HttpResponse(S.stations_geojson(S.subject_for(plan, request.user)),
                        content_type="application/geo+json; charset=utf-8")

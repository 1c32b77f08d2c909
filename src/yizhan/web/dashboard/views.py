"""Dashboard and map pages, and the map's GeoJSON (filtered by the user's scope)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yizhan.web.permissions import restrict
from yizhan.web.registry import snapshot as snap
from yizhan.web.planning.models import Plan
from yizhan.web.dashboard import summary as S
from yizhan.web.operations.supervision import overdue_items_for
from yizhan.web.operations.tasks import pending_requests_for
from yizhan.web.operations.views_reports import document_links
from yizhan.web.reform.services import overdue_for


def _plan_options(user):
    return restrict(Plan.objects.select_related("subdistrict"), user)[:200]


def _default_param(user) -> str:
    """The plan in force when any plan is approved, else the 2006 document's plan. The scope
    is the user's: the whole district for administrators and viewers."""
    from yizhan.web.planning.authority import plan_in_force

    return "in_force" if plan_in_force().exists else "official"


@login_required
def index(request):
    version = snap.registry_version()
    subject = S.subject_for(request.GET.get("plan") or _default_param(request.user),
                            request.user, version)
    lang = get_language()
    # the body (cards, targets, chart, §5 table, findings) depends only on the plan, the
    # registry version and the language: render it once and reuse it for every user
    body = snap.cached(("dashboard-body", lang) + subject.key,
                      lambda: render_to_string("dashboard/_body.html", _body_context(subject)),
                      version)
    from yizhan.web.planning.downloads import download_links

    return render(request, "dashboard/index.html", {
        # safe: the output of our own autoescaping template, cached as a string
        "subject": subject, "body": mark_safe(body),  # noqa: S308
        "plans": _plan_options(request.user), "overdue_tasks": overdue_for(request.user),
        "overdue_supervision": overdue_items_for(request.user),
        "operations_downloads": document_links(request.user),
        "pending_requests": pending_requests_for(request.user),
        "downloads": download_links(subject, request.user)})


def _body_context(subject) -> dict:
    before = S.Subject(None, scope=subject.scope, version=subject.version, kind="current")
    # the 2006 document's own plan on the same scope: its figures stand next to the plan's
    document = S.Subject(None, scope=subject.scope, version=subject.version, kind="official")
    data = S.summary(subject, before)
    targets = [{"t": t, "before": b, "document": d} for t, b, d in zip(
        subject.result.targets, before.result.targets, document.result.targets)]
    stations = sorted(subject.stations(), key=lambda s: s["households"])
    band = subject.policy.band
    top = max([s["households"] for s in stations] + [int(band.max_households * 1.25)])
    chart = {"bars": [{**s, "height": round(100 * s["households"] / top, 2)} for s in stations],
             "min_pos": round(100 * band.min_households / top, 2),
             "max_pos": round(100 * band.max_households / top, 2),
             "top": top, "min": band.min_households, "max": band.max_households}
    return {"subject": subject, "data": data, "metrics": subject.metrics,
            "before_metrics": before.metrics, "document_metrics": document.metrics,
            "targets": targets, "chart": chart,
            "per_subdistrict": data["per_subdistrict"], "findings": subject.result.findings,
            "counts": subject.result.counts()}


def map_urls(plan) -> dict:
    """The GeoJSON URLs ``map.js`` draws a plan (``plan``: an id, ``current``, ``official``)
    from; pages hand them over with ``json_script``."""
    query = "?" + urlencode({"plan": plan})
    return {"stations": reverse("dashboard:stations_geojson") + query,
            "committees": reverse("dashboard:committees_geojson") + query}


def _tiles() -> list:
    tiles = getattr(settings, "LEAFLET_CONFIG", {}).get("TILES") or []
    return [{"url": t[1], "attribution": t[2] if len(t) > 2 else ""} for t in tiles
            if isinstance(t, (list, tuple)) and len(t) >= 2]


@login_required
def map_view(request):
    version = snap.registry_version()
    param = request.GET.get("plan") or _default_param(request.user)
    subject = S.subject_for(param, request.user, version)
    return render(request, "dashboard/map.html", {
        "subject": subject, "plans": _plan_options(request.user), "tiles": _tiles(),
        "map_urls": {**map_urls(subject.param), "before": map_urls("current")["stations"]},
        "band": subject.policy.band, "band_counts": S.band_counts(subject.stations())})


@login_required
def map_print(request):
    """The web map as a printable page (docs/reports.md): the print layout of the PNG maps —
    title, plan and number of stations, date, legend with counts, scale bar, north arrow, the
    committees' or stations' and the subdistricts' names placed by the PNG maps' placement
    (:mod:`yizhan.web.dashboard.printmap`) — on A4 or A3 landscape (CSS ``@page``), drawn by
    the same map script from the same GeoJSON, offline (local Leaflet, no base map unless one
    is configured)."""
    from django.http import HttpResponseBadRequest
    from django.utils import timezone

    from yizhan.web.dashboard.printmap import PRINT_PAPER

    paper, layer = request.GET.get("paper", "A4"), request.GET.get("layer", "after")
    for name, value, allowed in (("paper", paper, PRINT_PAPER), ("layer", layer,
                                                                  ("after", "before"))):
        if value not in allowed:
            return HttpResponseBadRequest(_("参数 %(name)s 无效，可选：%(allowed)s") % {
                "name": name, "allowed": "、".join(allowed)},
                content_type="text/plain; charset=utf-8")
    version = snap.registry_version()
    param = request.GET.get("plan") or _default_param(request.user)
    subject = S.subject_for(param, request.user, version)
    # the layer drawn: the plan's stations, or today's in the user's scope (as the map page)
    shown = subject if layer == "after" else S.subject_for("current", request.user, version)
    parents = list(subject.instance.parents)
    scope = f"{parents[0]}" + _("街道") if len(parents) == 1 else _("全区")
    today = timezone.localdate()
    sheet = _print_sheet(shown, paper)
    return render(request, "dashboard/map_print.html", {
        "subject": subject, "layer": layer, "paper": paper, "size": PRINT_PAPER[paper],
        "title": (_("%(scope)s社区工作站整合后示意图") if layer == "after"
                  else _("%(scope)s社区工作站整合前示意图")) % {"scope": scope},
        "plan_text": subject.label if layer == "after" else _("现状（整合前）"),
        "station_count": len(shown.stations()), "band": subject.policy.band,
        "band_counts": S.band_counts(shown.stations()), "tiles": _tiles(),
        "date_text": f"{today.year}年{today.month}月{today.day}日",
        "map_urls": map_urls(shown.param), "sheet": sheet,
        "print_map": {"view": sheet["view"], "labels": sheet["labels"]},
        "papers": list(PRINT_PAPER)})


def _print_sheet(shown, paper: str) -> dict:
    """The print view's view and labels of ``shown``'s stations (cached per registry
    version, plan, paper and language: the subdistrict names are translated)."""
    from yizhan.web.dashboard.printmap import print_map

    suffix = _("街道")
    suffix = f" {suffix}" if suffix.isascii() else suffix  # "黄贝 Subdistrict" in English

    def compute():
        units = shown.instance.units
        geoms = snap.geometries_for(shown.scope, shown.version)
        return print_map(geoms, shown.core_plan.assignment, shown.metrics.table["members"],
                         units["name"], dict(units["parent"]), paper,
                         lambda parent: f"{parent}{suffix}")

    return snap.cached(("print-map", get_language(), paper) + shown.key, compute,
                       shown.version)


def _geojson(text: str) -> HttpResponse:
    resp = HttpResponse(text, content_type="application/geo+json; charset=utf-8")
    resp["Cache-Control"] = "private, max-age=0"
    return resp


@login_required
def committees_geojson(request):
    subject = S.subject_for(request.GET.get("plan"), request.user, default="current")
    return _geojson(S.committees_geojson(subject))


@login_required
def stations_geojson(request):
    subject = S.subject_for(request.GET.get("plan"), request.user, default="current")
    return _geojson(S.stations_geojson(subject))

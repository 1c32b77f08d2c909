"""Report downloads (docs/reports.md) on the dashboard, a plan's page and the plan in force.

``GET /planning/report/?plan=…&kind=…&format=…[&subdistrict=…]`` returns the same file as
``yizhan report``, computed from the page's subject (:class:`~yizhan.web.dashboard.summary.Subject`:
the registry's instance, the plan, its policy) and the registry's posts. Who may download
what is who may see what: ``view`` on plans; an officer sees their subdistrict only, so an
officer gets their subdistrict's documents and never the district report. The district
report and the frontier chart compute the planner's frontier as the CLI does
(:func:`yizhan.reports.build.wants_frontier`: one rule, one source of the figures), once per
registry version (:func:`cached_frontier`).
"""

from __future__ import annotations

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _

from yizhan.web.dashboard.summary import Subject, subject_for, user_scope
from yizhan.web.permissions import require, restrict
from yizhan.web.planning import services as svc
from yizhan.web.planning.models import Plan
from yizhan.web.registry import snapshot as snap
from yizhan.web.tables import download_name

__all__ = ["report_download", "document_response", "download_links", "subject_inputs",
           "cached_frontier"]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png", "svg": "image/svg+xml", "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}


def subject_inputs(subject: Subject, user, reform=None):
    """The report inputs of what a page shows: its instance, plan and policy, the scope's
    posts, the people the user may see, the scope's boundaries, and the reform's records
    the user may see (``reform``, else the current one)."""
    from yizhan.reports.inputs import Heading, ReportInputs
    from yizhan.web.reform.records import report_records
    from yizhan.web.registry.models import Person

    people = pd.DataFrame.from_records(
        list(restrict(Person.objects.all(), user).values_list("person_id", "name")),
        columns=["person_id", "name"])
    return ReportInputs(subject.instance, subject.core_plan, subject.policy,
                        svc.posts_for(subject.scope, subject.version), people,
                        svc.geometries_for(subject.scope, subject.version), str(subject.label),
                        Heading(), area=_("全区"), records=report_records(user, reform))


def cached_frontier(subject: Subject):
    """``district_frontier`` for the reports of ``subject``, memoised with the app's other
    derived data (:func:`yizhan.web.registry.snapshot.cached`): keyed by the registry version
    (any change of the registry or of a plan writes a change-log entry, so a new version),
    the subject's scope, the subdistricts of the instance asked for, the policy and the time
    limit. The frontier reads only the instance and the policy, not the plan, so every plan
    of a scope shares one. Like every ``snap.cached`` value it lives in the process: under
    gunicorn with several workers each worker computes it once per registry version."""
    from yizhan.planner import frontier as planner_frontier

    def frontier_of(instance, policy, *, time_limit: float):
        key = ("frontier", subject.scope, tuple(instance.parents), policy, float(time_limit))
        return snap.cached(key, lambda: planner_frontier.district_frontier(
            instance, policy, time_limit=time_limit), subject.version)

    return frontier_of


def _kinds(user) -> tuple[str, ...]:
    """The documents ``user`` may download: an officer their subdistrict's only; the
    inspection report to those who may view inspections."""
    from yizhan.web.permissions import permits
    from yizhan.web.reform.models import Inspection

    kinds = ("subdistrict", "filing") if user_scope(user) is not None else (
        "district", "subdistrict", "filing")
    return kinds + (("inspection",) if permits(user, "view", Inspection) else ())


#: a report needs committees: a new server has none until its registry is imported
EMPTY_REGISTRY = ("登记库中还没有居委会，无法生成报告：请先导入登记数据。/ The registry holds no "
                  "committees yet, so there is no report to make: import the registry first.")


@login_required
def report_download(request):
    require(request.user, "view", Plan)
    from yizhan.reports import FIGURES, FORMATS, KINDS
    from yizhan.reports.documents import OPERATIONS

    # the documents of part 四 come from the operations records, not a plan: /operations/report/
    KINDS = tuple(k for k in KINDS if k not in OPERATIONS)  # noqa: N806

    kind = request.GET.get("kind", "")
    fmt = request.GET.get("format", "")
    figure = request.GET.get("figure", "map-after")
    paper = request.GET.get("paper", "A4")
    for name, value, allowed in (("kind", kind, KINDS), ("format", fmt, FORMATS),
                                 ("figure", figure, FIGURES), ("paper", paper, ("A4", "A3"))):
        if value not in allowed:
            return HttpResponseBadRequest(_("参数 %(name)s 无效，可选：%(allowed)s") % {
                "name": name, "allowed": "、".join(allowed)}, content_type="text/plain; charset=utf-8")
    if kind not in _kinds(request.user):
        raise PermissionDenied(_("街道工作人员只能下载本街道的报告。"))
    subject = subject_for(request.GET.get("plan"), request.user, default="in_force")
    if not subject.instance.codes:  # a new server before its registry is imported
        return HttpResponse(EMPTY_REGISTRY, status=409, content_type="text/plain; charset=utf-8")
    parents = list(subject.instance.parents)
    subdistrict = request.GET.get("subdistrict") or (parents[0] if len(parents) == 1 else None)
    if subdistrict is not None and subdistrict not in parents:
        raise Http404(_("没有这个街道，或不在您的管辖范围内。"))
    if kind == "subdistrict" and subdistrict is None:
        return HttpResponseBadRequest(_("请选择街道。"))
    return document_response(request.user, subject, kind, fmt, subdistrict, figure=figure,
                             paper=paper)


def document_response(user, subject: Subject, kind: str, fmt: str, subdistrict: str | None, *,
                      figure: str = "map-after", paper: str = "A4", reform=None) -> HttpResponse:
    """The file of one report as an attachment (the caller has checked who may have it);
    a report that cannot be made is a 409 that says why."""
    from yizhan.reports import ReportError
    from yizhan.reports.build import figures_for, report_bytes, wants_frontier

    try:
        figures = figures_for(subject_inputs(subject, user, reform), kind, subdistrict,
                              frontier=wants_frontier(kind, fmt, figure),
                              frontier_of=cached_frontier(subject))
        data = report_bytes(kind, fmt, figures, figure=figure, paper=paper)
    except ReportError as exc:  # no boundaries, no LibreOffice, no records: said in words
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    names = {"district": _("区报告"), "subdistrict": _("实施方案"), "filing": _("备案表"),
             "inspection": _("检查验收报告")}
    stem = f"{subdistrict or ''}{names[kind]}_{subject.label}"
    if fmt in ("png", "svg"):
        stem = f"{subdistrict or ''}{figure}_{subject.label}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, download_name(stem, fmt))
    return response


def download_links(subject: Subject, user) -> list[dict]:
    """The download links a page shows for its subject (only those the user may have)."""
    base = reverse("planning:report")
    parents = list(subject.instance.parents)
    local = parents[0] if len(parents) == 1 else None

    def link(label, **params):
        return {"label": label, "url": base + "?" + urlencode({"plan": subject.param, **params})}

    links = []
    if "district" in _kinds(user):
        links += [link(_("区报告（Word）"), kind="district", format="docx"),
                  link(_("区报告（PDF）"), kind="district", format="pdf")]
    if local is not None:
        links += [link(_("实施方案（Word）"), kind="subdistrict", format="docx"),
                  link(_("实施方案（PDF）"), kind="subdistrict", format="pdf")]
    links += [link(_("备案表（Word）"), kind="filing", format="docx"),
              link(_("工作簿（Excel）"), kind=_kinds(user)[0], format="xlsx"),
              link(_("整合后地图（PNG）"), kind=_kinds(user)[0], format="png", figure="map-after"),
              link(_("整合前地图（PNG）"), kind=_kinds(user)[0], format="png", figure="map-before"),
              link(_("工作站边界（GeoJSON）"), kind=_kinds(user)[0], format="geojson"),
              link(_("工作站边界（GeoPackage）"), kind=_kinds(user)[0], format="gpkg")]
    return links

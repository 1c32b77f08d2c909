"""Downloads of the operations documents (part 四, docs/reports.md): the approval form of
四、（一）, the window's report of 四、（二）, the supervision report of 四、（三）, a station's
notice board of 四、（四）.

``GET /operations/report/?kind=tasks|window|supervision|open-affairs&format=docx|pdf
[&from=YYYY-MM-DD][&to=YYYY-MM-DD][&station=CODE]`` returns the same file as ``yizhan report
--kind … --plan-in-force``, read through the downloading user's scope
(:mod:`yizhan.web.operations.records`): a role that may not view the document's records gets
403, a subdistrict officer only their subdistrict's figures, a station's staff their
station's; a station outside the scope is 404, a bad parameter 400 naming it, a document that
cannot be made (no LibreOffice for a PDF) 409 with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _

from yizhan.web.operations.records import NEEDS, operations_records
from yizhan.web.permissions import permits, require, restrict
from yizhan.web.tables import download_name

__all__ = ["report", "document_links", "notice_links"]

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}
#: the file names of the documents
NAMES = {"tasks": "工作事项准入审批表", "window": "服务窗口运行情况报告",
         "supervision": "居委会监督情况报告", "open-affairs": "站务公开栏"}


def _bad(name: str, allowed: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(_("参数 %(name)s 无效，可选：%(allowed)s") % {
        "name": name, "allowed": allowed}, content_type="text/plain; charset=utf-8")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@login_required
def report(request):
    from yizhan.reports import ReportError
    from yizhan.reports.build import report_bytes
    from yizhan.web.registry.models import Station

    kind, fmt = request.GET.get("kind", ""), request.GET.get("format", "docx")
    if kind not in NEEDS:
        return _bad("kind", "、".join(NEEDS))
    if fmt not in FORMATS:
        return _bad("format", "、".join(FORMATS))
    require(request.user, "view", NEEDS[kind])
    try:
        start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    except ValueError:
        return _bad("from/to", "YYYY-MM-DD")
    if start and end and end < start:
        return _bad("from/to", _("开始日期不晚于结束日期"))
    station = None
    if kind == "open-affairs":
        code = request.GET.get("station", "")
        if not code:
            return _bad("station", _("工作站编码"))
        station = get_object_or_404(restrict(Station.objects.filter(dissolved__isnull=True),
                                             request.user).select_related("subdistrict"),
                                    code=code[:32])
    records = operations_records(kind, request.user, station=station, start=start, end=end)
    try:
        data = report_bytes(kind, fmt, records)
    except ReportError as exc:  # no LibreOffice for a PDF: said in words
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        True, download_name(f"{records.scope}{NAMES[kind]}", fmt))
    return response


def _url(**params) -> str:
    return reverse("operations:report") + "?" + urlencode(params)


def document_links(user) -> list[dict]:
    """The documents of 四（一）–（三） ``user`` may download (the pages show these), and the
    notice board of the user's own station (station staff, committee members)."""
    links = []
    for kind, label in (("tasks", _("工作事项准入审批表")), ("window", _("服务窗口运行情况报告")),
                        ("supervision", _("居委会监督情况报告"))):
        if permits(user, "view", NEEDS[kind]):
            links += [{"label": f"{label}（Word）", "url": _url(kind=kind, format="docx")},
                      {"label": f"{label}（PDF）", "url": _url(kind=kind, format="pdf")}]
    profile = getattr(user, "profile", None)
    station = None
    if profile is not None and profile.station_id:
        station = profile.station
    elif profile is not None and profile.committee_id:
        m = profile.committee.current_membership
        station = m.station if m is not None else None
    if station is not None and permits(user, "view", NEEDS["open-affairs"]):
        links += notice_links(station)
    return links


def notice_links(station) -> list[dict]:
    """The notice board (站务公开栏) of ``station`` as Word and PDF."""
    return [{"label": _("站务公开栏（%(fmt)s）") % {"fmt": name},
             "url": _url(kind="open-affairs", format=fmt, station=station.code)}
            for fmt, name in (("docx", "Word"), ("pdf", "PDF"))]

"""The reform's records as the reports lay them out (:class:`yizhan.reports.records.ReformRecords`).

One reader for every report path: a web download passes the user (each queryset narrowed by
:func:`yizhan.web.permissions.restrict`, so a report shows exactly what the pages show that
user), ``yizhan report`` passes none (the command line is the database's operator). Labels
are read in Chinese whatever the request's language: the documents are Chinese.
"""

from __future__ import annotations

from django.utils import timezone, translation

from yizhan.reports.records import DEFAULTS_NOTE, HIDDEN_NOTE, ReformRecords, date_text
from yizhan.web.permissions import restrict
from yizhan.web.reform.models import Inspection, Reform, Task
from yizhan.web.reform.services import current_reform
from yizhan.web.workflow.engine import history

__all__ = ["report_records"]


def _visible(qs, user):
    return qs if user is None else restrict(qs, user)


def _log(obj) -> list[dict]:
    """The object's workflow log (who signed, passed, failed, waived; local time)."""
    return [{"action": t.action, "action_label": str(t.action_label), "user_name": t.user_name,
             "time": timezone.localtime(t.time), "reason": t.reason} for t in history(obj)]


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def report_records(user=None, reform: Reform | None = None) -> ReformRecords:
    """The current reform's records visible to ``user`` (all when None). Without a reform (or
    one the user may not see) nothing of the reform is recorded (``recorded`` False, with the
    reason); the assets and filings are read all the same."""
    reform = reform or current_reform()
    if reform is None or not _visible(Reform.objects.filter(pk=reform.pk), user).exists():
        with translation.override("zh-hans"):
            filings, party = _filings(user)
            return ReformRecords(recorded=False,
                                 note=DEFAULTS_NOTE if reform is None else HIDDEN_NOTE,
                                 assets=_assets(user), filings=filings, party_filings=party)
    with translation.override("zh-hans"):
        filings, party = _filings(user)
        return ReformRecords(
            name=reform.name, document=reform.document,
            status_label=str(reform.get_status_display()), recorded=True,
            phases=[{"number": p.number, "name": p.name, "article": p.article, "start": p.start,
                     "end": p.end, "description": p.description}
                    for p in _visible(reform.phases.all(), user)],
            tasks=[{"subdistrict": t.subdistrict.name, "phase": t.phase.number, "title": t.title,
                    "article": t.article, "deadline": t.deadline, "owner": _user_name(t.owner),
                    "status": t.status, "status_label": str(t.get_status_display())}
                   for t in _visible(Task.objects.filter(reform=reform), user)
                   .select_related("subdistrict", "phase", "owner")
                   .order_by("subdistrict_id", "phase__number", "deadline", "pk")],
            inspections=[_inspection(i, user) for i in
                         _visible(Inspection.objects.filter(reform=reform), user)
                         .select_related("subdistrict").order_by("subdistrict_id")],
            assets=_assets(user), filings=filings, party_filings=party)


def _inspection(inspection: Inspection, user) -> dict:
    items = _visible(inspection.items.all(), user).order_by("pk")
    return {"subdistrict": inspection.subdistrict.name, "status": inspection.status,
            "status_label": str(inspection.get_status_display()),
            "signatures": _log(inspection),
            "items": [{"key": i.key, "title": i.title, "article": i.article, "result": i.result,
                       "result_label": str(i.get_result_display()), "note": i.note,
                       "log": _log(i)} for i in items]}


def _assets(user) -> list[dict]:
    """The registry's assets, each with the last line of the rollout's clearance list that
    names it (status, destination, owner class) when there is one."""
    from yizhan.web.registry.models import Asset
    from yizhan.web.rollout.models import AssetClearance

    clearance = {}
    for c in _visible(AssetClearance.objects.all(), user).order_by("record__applied_at", "pk"):
        clearance[c.asset_id] = {"status_label": str(c.get_status_display()),
                                 "destination": c.destination, "owner_class": c.owner_class,
                                 "value_fen": c.value_fen}
    return [{"subdistrict": a.subdistrict.name, "owner": str(a.owner), "description": a.description,
             "value_fen": a.value_fen, "state_owned": a.state_owned,
             "status_label": str(a.get_status_display()), "cleared": a.cleared,
             "clearance": clearance.get(a.pk)}
            for a in _visible(Asset.objects.all(), user)
            .select_related("subdistrict", "station", "committee").order_by("subdistrict_id", "pk")]


def _filings(user) -> tuple[list[dict] | None, list[dict] | None]:
    """The filing records of §2(7) (appointments with their filings) and §2(6) (party
    organisations' approvals and filings) the rollout keeps
    (:func:`yizhan.web.rollout.appointments.station_filings`), each narrowed to what ``user``
    may view; (None, None) while there are none (the filing form then proposes from the posts)."""
    from yizhan.web.registry.models import Station
    from yizhan.web.rollout.appointments import station_filings
    from yizhan.web.rollout.models import Appointment, FilingBody, PartyOrgApproval

    appointments = set(_visible(Appointment.objects.all(), user).values_list("pk", flat=True))
    approvals = set(_visible(PartyOrgApproval.objects.all(), user).values_list("pk", flat=True))
    if not appointments and not approvals:
        return None, None
    rows, party = [], []
    body_labels = {k: str(v) for k, v in FilingBody.choices}
    stations = _visible(Station.objects.all(), user).select_related("subdistrict")
    for station in stations.order_by("subdistrict_id", "code"):
        data = station_filings(station)
        sub, name = data["station"]["subdistrict"], data["station"]["name"]
        for a in data["appointments"]:
            if a["id"] not in appointments:
                continue
            rows.append({
                "subdistrict": sub, "station": name, "post_label": a["post_label"],
                "person": a["person_name"] or "—", "effective": date_text(a["effective"]),
                "status_label": a["status_label"],
                "filed": "；".join(f"{f['body_label']} {date_text(f['filed_on'])}"
                                  + (f" {f['reference']}" if f["reference"] else "")
                                  for f in a["filings"]) or "—",
                "missing": "、".join(body_labels.get(b, b) for b in a["missing_filings"])
                or "—"})
        for p in data["party_organisations"]:
            if p["id"] not in approvals:
                continue
            party.append({
                "subdistrict": sub, "station": name, "name": p["name"],
                "kind_label": p["kind_label"], "members": p["members"],
                "approved": (f"{p['approved_by']} {date_text(p['approved_on'])}"
                             + (f" {p['approval_ref']}" if p["approval_ref"] else ""))
                if p["approved_on"] else "—",
                "filed": (f"区委组织部 {date_text(p['filed_on'])}"
                          + (f" {p['filing_ref']}" if p["filing_ref"] else ""))
                if p["filed_on"] else "—",
                "status_label": p["status_label"]})
    return rows, party

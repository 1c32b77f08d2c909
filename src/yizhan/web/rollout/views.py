"""The rollout pages: preview (and apply) the plan in force, the records, the clearance list.

The preview is a GET (subdistrict, effective date) anyone who may view rollout records can
open — an officer for their own subdistrict; applying is a POST for administrators, whose
form carries the (editable) names of the new stations. Every rule is in
:mod:`~yizhan.web.rollout.access` and :mod:`~yizhan.web.rollout.service`.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yizhan.core.findings import Finding
from yizhan.core.inputs import forbidden_character
from yizhan.web.permissions import permits, restrict
from yizhan.web.registry.models import Station, Subdistrict
from yizhan.web.rollout import service
from yizhan.web.rollout.access import need, parse_date, scope_for
from yizhan.web.rollout.models import (AssetClearance, ClearanceStatus, PartyOrgApproval,
                                       RolloutRecord)

__all__ = ["preview_view", "apply_view", "record_list", "record_view", "clearance_view",
           "sign_off_view"]

_KIND_LABELS = {"open_station": gettext_lazy("新设工作站"),
                "move_committee": gettext_lazy("居委会改由新站服务"),
                "move_post": gettext_lazy("人员调整"), "set_party_org": gettext_lazy("社区党组织"),
                "clear_asset": gettext_lazy("资产清理"),
                "allocate_funds": gettext_lazy("固本强基资金"),
                "close_station": gettext_lazy("撤销工作站")}


def _names_from(post) -> dict[str, str]:
    """label → name from the form's ``name:<label>`` fields (blank = the proposed name)."""
    out = {}
    for key, value in post.items():
        if key.startswith("name:") and value.strip():
            out[key[5:]] = value.strip()
    return out


def _name_problems(names: dict[str, str]) -> list[str]:
    out = []
    for label, name in names.items():
        if forbidden_character(name) is not None or len(name) > 100:
            out.append(_("工作站名称“%(name)s”含有不允许的字符或超过100个字。") % {"name": label})
    return out


def _context(request, result, names):
    run = result.run
    changes = []
    if run is not None:
        for kind, label in _KIND_LABELS.items():
            items = [c for c in run.changes if c.kind == kind]
            if items:
                changes.append({"kind": kind, "label": str(label), "items": items})
    data = run.to_dict() if run else None
    if data:
        data["derived"] = [SimpleNamespace(**d) for d in data["derived"]]
    return {"result": result, "run": run, "data": data,
            "rows": run.station_rows() if run else [], "changes": changes, "names": names,
            "subdistricts": restrict(Subdistrict.objects.all(), request.user),
            "may_apply": permits(request.user, "add", RolloutRecord),
            "unit_names": dict(run.instance.units["name"]) if run else {},
            "has_funds": bool(run and run.roster.has_funds)}


@login_required
def preview_view(request):
    sub = scope_for(request.user, request.GET.get("subdistrict"))
    effective = parse_date(request.GET.get("effective"))
    result = service.preview(sub, effective)
    return render(request, "rollout/preview.html", _context(request, result, {}))


@login_required
@require_POST
def apply_view(request):
    sub = scope_for(request.user, request.POST.get("subdistrict"), "add")
    effective = parse_date(request.POST.get("effective"))
    names = _names_from(request.POST)
    problems = _name_problems(names)
    if not problems:
        try:
            record = service.apply(request.user, sub, effective, names)
        except service.RolloutRefused as exc:
            problems = exc.messages
        else:
            messages.success(request, _("已实施：%(record)s") % {"record": record})
            return redirect("rollout:record", pk=record.pk)
    for p in problems:
        messages.error(request, p)
    result = service.preview(sub, effective, names if not _name_problems(names) else None)
    return render(request, "rollout/preview.html", _context(request, result, names), status=409)


@login_required
def record_list(request):
    need(request.user, "view")
    records = restrict(RolloutRecord.objects.select_related("subdistrict", "applied_by"),
                       request.user)
    return render(request, "rollout/record_list.html", {"records": records})


def _record(user, pk, action="view"):
    need(user, action)
    return get_object_or_404(restrict(RolloutRecord.objects.select_related(
        "subdistrict", "applied_by", "audit_signed_by"), user, action), pk=pk)


@login_required
def record_view(request, pk):
    record = _record(request.user, pk)
    clearances = restrict(AssetClearance.objects.filter(record=record)
                          .select_related("asset"), request.user)
    findings = [Finding(f["rule"], f["article_ref"], f["severity"], f["subject"], f["message"],
                        f["message_en"]) for f in record.findings]
    return render(request, "rollout/record.html", {
        "record": record, "clearances": clearances, "findings": findings,
        "statuses": ClearanceStatus.choices,
        "total_fen": sum(c.value_fen for c in clearances),
        "may_change": permits(request.user, "change", AssetClearance),
        "may_sign": permits(request.user, "sign", RolloutRecord),
        "party_approvals": restrict(PartyOrgApproval.objects.filter(record=record)
                                    .select_related("organisation"), request.user),
        "station_names": dict(Station.objects.filter(
            code__in=[c.destination for c in clearances]).values_list("code", "name"))})


@login_required
@require_POST
def clearance_view(request, pk):
    need(request.user, "change", AssetClearance)
    line = get_object_or_404(restrict(AssetClearance.objects.all(), request.user, "change"), pk=pk)
    status = request.POST.get("status", "")
    if status not in ClearanceStatus.values:
        messages.error(request, _("无效的状态。"))
    elif line.record.audit_signed_at is not None:
        messages.error(request, _("清理清单已经审计签核，不能再修改。"))
    else:
        line.status = status
        line.full_clean()
        line.save()
    return redirect("rollout:record", pk=line.record_id)


@login_required
@require_POST
def sign_off_view(request, pk):
    record = _record(request.user, pk, "sign")
    open_lines = record.clearances.filter(status__in=[ClearanceStatus.TO_TRANSFER,
                                                      ClearanceStatus.DISPUTED])
    if record.audit_signed_at is not None:
        messages.error(request, _("已经签核。"))
    elif open_lines.exists():
        messages.error(request, _("还有%(n)d项资产待移交或有争议，不能签核。") % {"n": open_lines.count()})
    else:
        record.audit_signed_by, record.audit_signed_at = request.user, timezone.now()
        record.save()
        messages.success(request, _("资产清理清单已审计签核。"))
    return redirect("rollout:record", pk=record.pk)

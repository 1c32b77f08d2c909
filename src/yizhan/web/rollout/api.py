"""Rollout REST endpoints (``/api/rollout/``): the same preview and apply as the pages.

Same rules (:mod:`~yizhan.web.rollout.access`): 403 when the role may not, 404 outside an
officer's subdistrict, 409 when the rollout is refused (stale plan, applied already, a broken
invariant — the message names the rule), 400 for a bad date or subdistrict.
"""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from yizhan.web.params import Pagination
from yizhan.web.permissions import restrict
from yizhan.web.rollout import service
from yizhan.web.rollout.access import need, parse_date, scope_for
from yizhan.web.rollout.models import AssetClearance, ClearanceStatus, RolloutRecord
from yizhan.web.rollout.views import _name_problems

router = Router(tags=["rollout"])


class PreviewIn(Schema):
    subdistrict: int | None = None
    effective: date | None = None


class ApplyIn(Schema):
    subdistrict: int | None = None
    effective: date
    names: dict[str, str] = {}


class RecordOut(Schema):
    id: int
    subdistrict: int | None
    plans: list[int]
    effective: date
    applied_by: str | None
    applied_at: datetime
    summary: dict
    findings: list[dict]
    audit_signed_by: str | None
    audit_signed_at: datetime | None

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_applied_by(obj):
        return obj.applied_by.get_username() if obj.applied_by_id else None

    @staticmethod
    def resolve_audit_signed_by(obj):
        return obj.audit_signed_by.get_username() if obj.audit_signed_by_id else None


class ClearanceOut(Schema):
    id: int
    record: int
    asset: int
    owner_class: str
    value_fen: int
    destination: str
    status: str

    @staticmethod
    def resolve_record(obj):
        return obj.record_id

    @staticmethod
    def resolve_asset(obj):
        return obj.asset_id


class ClearanceIn(Schema):
    status: ClearanceStatus


class Refused(Schema):
    #: the refusal's messages; a 422 from ninja's own input validation carries its error
    #: objects (type, loc, msg) in the same field, so the schema names both
    detail: list[str | dict]
    findings: list[dict] = []


@router.get("/preview", summary="预演现行方案的实施 / dry run of the plan in force")
def preview(request, params: Query[PreviewIn]):
    """The core's dry run on the scope (``changes``, ``violations``, …) plus ``refusals``
    and ``can_apply``."""
    sub = scope_for(request.user, params.subdistrict)
    result = service.preview(sub, params.effective or date.today())
    data = result.run.to_dict() if result.run else {}
    return {**data, "subdistrict": getattr(sub, "pk", None),
            "effective": (params.effective or date.today()).isoformat(),
            "plans": [p.pk for p in result.plans], "refusals": result.refusals,
            "can_apply": result.can_apply}


@router.post("/apply", response={201: RecordOut, 409: Refused, 422: Refused},
             summary="实施现行方案（一个事务） / apply the plan in force in one transaction")
def apply(request, body: ApplyIn):
    sub = scope_for(request.user, body.subdistrict, "add")
    problems = _name_problems(body.names)
    if problems:
        return Status(422, {"detail": problems})
    try:
        record = service.apply(request.user, sub, parse_date(body.effective.isoformat()), body.names)
    except service.RolloutRefused as exc:
        return Status(409, {"detail": exc.messages, "findings": exc.findings})
    return Status(201, record)


@router.get("/records", response=list[RecordOut], summary="实施记录 / applied rollouts")
@paginate(Pagination)
def records(request):
    need(request.user, "view")
    return restrict(RolloutRecord.objects.select_related("applied_by", "audit_signed_by"),
                    request.user)


@router.get("/records/{record_id}", response=RecordOut)
def record(request, record_id: int):
    need(request.user, "view")
    return get_object_or_404(restrict(RolloutRecord.objects.all(), request.user), pk=record_id)


@router.get("/records/{record_id}/clearances", response=list[ClearanceOut],
            summary="资产清理清单 / the asset clearance list (R11)")
def clearances(request, record_id: int):
    need(request.user, "view")
    rec = get_object_or_404(restrict(RolloutRecord.objects.all(), request.user), pk=record_id)
    return list(restrict(AssetClearance.objects.filter(record=rec), request.user))


@router.patch("/clearances/{clearance_id}", response={200: ClearanceOut, 409: Refused})
def change_clearance(request, clearance_id: int, body: ClearanceIn):
    need(request.user, "change", AssetClearance)
    line = get_object_or_404(restrict(AssetClearance.objects.select_related("record"),
                                      request.user, "change"), pk=clearance_id)
    if line.record.audit_signed_at is not None:
        return Status(409, {"detail": ["清理清单已经审计签核，不能再修改 / signed off: no more changes"]})
    line.status = body.status
    line.full_clean()
    line.save()
    return line


from yizhan.web.rollout.appointments_api import router as appointments_router  # noqa: E402

router.add_router("", appointments_router)

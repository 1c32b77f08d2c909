"""Heads and leading posts (R10 二、（七）) and the party organisations' approval and filing
(R9 二、（六）): the transition tables on :mod:`yizhan.web.workflow.engine`, the writes they
make, and :func:`station_filings`, what one station's filing form (备案表) reads.

Appointment (one post to fill at a station; who: the grant table, ``rollout.appointment``):

=========  ========================  =========  ==========  ==========================  ======
action     from                      to         permission  condition                   reason
=========  ========================  =========  ==========  ==========================  ======
select     nominated                 selected   select      the person is a candidate;  **yes**
                                                            an assistant only on a
                                                            station above the size
                                                            setting (R10)
file       selected                  filed      file        every filing the document   no
                                                            requires is recorded (the
                                                            secretary's before the day)
appoint    filed                     appointed  appoint     the registry's posts are    no
                                                            written (with the same
                                                            person's filed head or
                                                            secretary appointment of the
                                                            station: one person, both
                                                            posts); refused and rolled
                                                            back if the station then
                                                            breaks R10 or R8;
                                                            the plans fresh before
                                                            stay fresh (a baseline)
withdraw   nominated, selected,      withdrawn  change      —                           **yes**
           filed
=========  ========================  =========  ==========  ==========================  ======

"Breaks" means a finding of the core's own checks (:func:`yizhan.rollout.checks.check_r10`,
``check_r8``) that the state after the appointment has and the state before had not: one head
who is the party secretary, no deputy head, at most ``max_deputy_secretaries`` deputy
secretaries, at most ``max_head_assistants`` assistants and only from
``head_assistant_min_households`` households (settings of the plan in force's policy), the
headcount and each person's subdistrict unchanged. A station that broke a rule before (the
bundled data's four heads who are not secretaries) can thus still be repaired one appointment
at a time: electing its head secretary removes a finding and adds none.

Party organisation approval (one per organisation a rollout set up or re-set):

=======  ========  ========  ==========  ==============================================  ======
approve  proposed  approved  approve     approval date and number recorded; the kind is  no
                                         the one its members qualify for (R9 thresholds)
file     approved  filed     file        filing date recorded, not before the approval   no
=======  ========  ========  ==========  ==============================================  ======
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.core.policy import Policy
from yizhan.policy.checks import PARTY_KINDS, party_organisation_kind
from yizhan.policy.rules import document_article
from yizhan.rollout.checks import Judged, check_r8, check_r10
from yizhan.web.registry.models import PartyOrganisation, Person, Post
from yizhan.web.rollout.models import (FILED_BEFORE, Appointment, AppointmentPost,
                                       AppointmentStatus, PartyApprovalStatus,
                                       PartyOrgApproval)
from yizhan.web.workflow.engine import Transition, TransitionError, Workflow, log, register

__all__ = ["APPOINTMENT", "PARTY_APPROVAL", "policy_for", "station_households",
           "station_filings"]

#: the rules an appointment must not break, and where they come from
GUARDED_RULES = ("R8", "R10")


def policy_for(subdistrict) -> Policy:
    """The policy of the plan in force in ``subdistrict`` (its settings: thresholds, the
    head-assistant size); the default policy when no plan is in force."""
    from yizhan.web.planning import services as svc
    from yizhan.web.planning.authority import plan_in_force

    plan = plan_in_force(svc.registry_version()).plan_of(subdistrict.name)
    return svc.plan_policy(plan) if plan is not None else Policy()


def _state(subdistrict):
    from yizhan.web.rollout.roster import state_of

    instance, roster, state = state_of(subdistrict)
    households: dict[str, int] = {}
    for committee, station in state.membership.items():
        if station and committee in instance.units.index:
            households[station] = households.get(station, 0) + int(
                instance.units.at[committee, "households"])
    names = dict(zip(roster.people["person_id"], roster.people["name"]))
    return state, households, names


def station_households(station) -> int:
    """Households of the committees ``station`` serves today."""
    from yizhan.web.registry.models import StationMembership

    return sum(StationMembership.objects.filter(station=station, end__isnull=True)
               .values_list("committee__households", flat=True))


def _rule_text(f) -> str:
    return _("违反%(rule)s（%(article)s）：%(message)s") % {
        "rule": f.rule, "article": document_article(f.article), "message": f.message}


# ------------------------------------------------------------------------ appointments
def _selectable(a: Appointment) -> str:
    if a.person_id is None:
        return _("请先从候选人中选定人选。")
    candidate = a.candidates.filter(person_id=a.person_id).first()
    if candidate is None:
        return _("选定人选须为候选人之一。")
    if a.station.dissolved is not None:
        return _("工作站已撤销，不能任职。")
    if a.post == AppointmentPost.ASSISTANT:
        floor = policy_for(a.station.subdistrict).leadership.head_assistant_min_households
        n = station_households(a.station)
        if n < floor:
            return _("违反R10（二、（七））：工作站“%(station)s”辖%(n)s户，不足%(floor)s户，"
                     "不设站长助理。") % {"station": a.station.name, "n": f"{n:,}",
                                        "floor": f"{floor:,}"}
    return ""


def _fileable(a: Appointment) -> str:
    missing = a.missing_filings()
    if missing:
        labels = dict(a.filings.model._meta.get_field("body").flatchoices)
        return _("违反R10（二、（七））：尚未报%(list)s备案。") % {
            "list": "、".join(str(labels[b]) for b in missing)}
    for f in a.filings.all():
        if (a.post, f.body) in FILED_BEFORE and f.filed_on > a.effective:
            return _("违反R10（二、（七））：社区党组织书记须任前报区委组织部备案，"
                     "备案日期%(filed)s晚于任职日期%(day)s。") % {"filed": f.filed_on,
                                                          "day": a.effective}
    return ""


def _save(obj):
    obj.full_clean(exclude=[f.name for f in obj._meta.fields if not f.editable])
    obj.save()
    return obj


def _end(post: Post, day) -> None:
    post.end = day
    _save(post)


def _community_org(station, state) -> PartyOrganisation:
    orgs = state.community_org(station.code)
    if len(orgs) != 1:
        raise TransitionError(_("违反R9（二、（六））：工作站“%(station)s”对应%(n)d个社区党组织，"
                                "应有且只有1个，无法任党组织职务。")
                              % {"station": station.name, "n": len(orgs)})
    return PartyOrganisation.objects.get(pk=int(orgs[0].org_id.removeprefix("PO")))


def _write_posts(a: Appointment, state) -> None:
    """The registry's posts after ``a`` is taken up (dated ``a.effective``)."""
    day, person, station = a.effective, Person.objects.get(pk=a.person_id), a.station
    if a.post in (AppointmentPost.HEAD, AppointmentPost.ASSISTANT):
        for p in Post.objects.filter(person=person, org_kind="station", end__isnull=True):
            _end(p, day)
        if a.post == AppointmentPost.HEAD:  # the former head stays on as staff (员额不变)
            for p in Post.objects.filter(station=station, org_kind="station", role="head",
                                         end__isnull=True).exclude(person=person):
                _end(p, day)
                _save(Post(person=p.person, org_kind="station", station=station, role="staff",
                           start=day))
        _save(Post(person=person, org_kind="station", station=station, role=a.post, start=day))
        return
    org = _community_org(station, state)
    open_party = Post.objects.filter(party_organisation=org, org_kind="party", end__isnull=True)
    if a.post == AppointmentPost.SECRETARY:  # the former secretary's term ends
        for p in open_party.filter(role="secretary"):
            _end(p, day)
    for p in open_party.filter(person=person, role__in=["secretary", "deputy_secretary"]):
        if p.end is None and p.role != a.post:
            _end(p, day)
    if not open_party.filter(person=person, role=a.post).exists():
        _save(Post(person=person, org_kind="party", party_organisation=org, role=a.post,
                   start=day))


def _guarded(findings) -> set[tuple]:
    return {(f.rule, f.subject, f.message) for f in findings
            if f.rule in GUARDED_RULES and f.severity == "violation"}


def _companions(a: Appointment):
    """The same person's filed head or secretary appointment at the same station: the two
    posts are one (the secretary is the head, 二、（七）) and are taken up together."""
    pair = {AppointmentPost.HEAD: AppointmentPost.SECRETARY,
            AppointmentPost.SECRETARY: AppointmentPost.HEAD}.get(a.post)
    if pair is None:
        return Appointment.objects.none()
    return Appointment.objects.select_for_update().filter(
        station=a.station, person_id=a.person_id, post=pair, status=AppointmentStatus.FILED)


def _take_up(a: Appointment, user, **options) -> None:
    """Write the posts (with a companion head/secretary appointment), then judge the station
    with the core's R8/R10 checks: any finding the state before did not have refuses the
    appointment (the engine's transaction rolls every write back).

    The approved plans covering the subdistrict that were fresh just before get a baseline
    (``a.baselines``, :func:`yizhan.web.planning.authority.applied_baseline`): the post is a
    step of carrying the plan in force out (R10 asks for it), not a change of the registry
    under the plan, so it does not make them stale; a plan stale before stays stale, and a
    post changed later by hand makes it stale."""
    from django.utils import timezone

    from yizhan.web.planning.authority import baselines_now, fresh_plans_covering

    sub = a.station.subdistrict
    policy = policy_for(sub)
    fresh = fresh_plans_covering(sub)
    before, households, names = _state(sub)
    judged_before = Judged(before, before, policy, households, {}, names)
    had = _guarded(check_r8(judged_before) + check_r10(judged_before))
    companions = list(_companions(a))
    try:
        for appointment in (a, *companions):
            _write_posts(appointment, before)
    except ValidationError as exc:
        raise TransitionError("; ".join(exc.messages)) from None
    now = timezone.now()
    for c in companions:
        c.status = AppointmentStatus.APPOINTED
        c.appointed_at = now
        c.save()
        log(c, "appoint", AppointmentStatus.FILED, AppointmentStatus.APPOINTED, user,
            _("与“%(other)s”同时任职（书记兼任站长）") % {"other": a})
    after, households_after, names_after = _state(sub)
    j = Judged(before, after, policy, households_after, {}, {**names, **names_after})
    new = [f for f in check_r8(j) + check_r10(j)
           if f.severity == "violation" and (f.rule, f.subject, f.message) not in had]
    if new:
        raise TransitionError(" ".join(_rule_text(f) for f in new))
    a.appointed_at = now
    a.baselines = baselines_now(fresh)


APPOINTMENT = register(Workflow(Appointment, (
    Transition("select", AppointmentStatus.NOMINATED, AppointmentStatus.SELECTED, "select",
               True, gettext_lazy("确定人选"), condition=_selectable,
               reason_message=gettext_lazy("确定人选须写明理由（学历、年龄、能力等综合考虑）。")),
    Transition("file", AppointmentStatus.SELECTED, AppointmentStatus.FILED, "file", False,
               gettext_lazy("备案完成"), condition=_fileable),
    Transition("appoint", AppointmentStatus.FILED, AppointmentStatus.APPOINTED, "appoint",
               False, gettext_lazy("任职"), effect=_take_up),
    Transition("withdraw", (AppointmentStatus.NOMINATED, AppointmentStatus.SELECTED,
                            AppointmentStatus.FILED), AppointmentStatus.WITHDRAWN, "change",
               True, gettext_lazy("撤回"), reason_message=gettext_lazy("撤回须写明理由。")),
), forbidden_message=gettext_lazy("您的角色无权对任职执行“%(label)s”。"),
    state_message=gettext_lazy("任职当前状态为“%(status)s”，不能执行“%(label)s”。")))


# ------------------------------------------------------------- party organisation approval
def _approvable(p: PartyOrgApproval) -> str:
    if not p.approved_on or not p.approval_ref.strip():
        return _("请先填写批准日期和批准文号。")
    org = p.organisation
    if org.dissolved is not None:
        return _("该党组织已撤销。")
    policy = policy_for(org.subdistrict)
    want = party_organisation_kind(org.members, policy)
    if p.kind != want or org.kind != p.kind:
        return _("违反R9（二、（六））：%(org)s现有党员%(n)d人，按设置（党总支至少%(gb)d人、党委至少"
                 "%(pc)d人）应设%(want)s，而报批的是%(kind)s。") % {
            "org": org.name, "n": org.members, "want": PARTY_KINDS[want][0],
            "kind": PARTY_KINDS.get(p.kind, (p.kind,))[0],
            "gb": policy.party.general_branch_min_members,
            "pc": policy.party.party_committee_min_members}
    return ""


def _party_fileable(p: PartyOrgApproval) -> str:
    if not p.filed_on:
        return _("请先填写报区委组织部备案的日期。")
    if p.approved_on and p.filed_on < p.approved_on:
        return _("备案日期不能早于批准日期。")
    return ""


PARTY_APPROVAL = register(Workflow(PartyOrgApproval, (
    Transition("approve", PartyApprovalStatus.PROPOSED, PartyApprovalStatus.APPROVED,
               "approve", False, gettext_lazy("记录批准"), condition=_approvable),
    Transition("file", PartyApprovalStatus.APPROVED, PartyApprovalStatus.FILED, "file", False,
               gettext_lazy("记录备案"), condition=_party_fileable),
), forbidden_message=gettext_lazy("您的角色无权对党组织设置执行“%(label)s”。"),
    state_message=gettext_lazy("党组织设置当前状态为“%(status)s”，不能执行“%(label)s”。")))


# ------------------------------------------------------------------- for the filing form
def station_filings(station) -> dict:
    """One station's appointments and party-organisation approvals, with their filings, as
    plain data (what the filing form 备案表 of :mod:`yizhan.reports` reads).

    The caller decides who may read it (``restrict(Station…, user)`` first); nothing here
    checks a user. Withdrawn appointments are left out. Shape::

        {"station": {"code", "name", "subdistrict"},
         "appointments": [{"id", "post", "post_label", "status", "status_label",
                           "effective", "person_id", "person_name",
                           "candidates": [{"person_id", "name", "education",
                                           "education_label", "birth_date", "age",
                                           "experience_years", "assessment",
                                           "nominated_by"}],
                           "selection": {"by", "at", "reason"} | None,
                           "required_filings": [body, ...], "missing_filings": [body, ...],
                           "filings": [{"body", "body_label", "filed_on", "reference"}]}],
         "party_organisations": [{"id", "name", "kind", "kind_label", "members",
                                  "approved_by", "approved_on", "approval_ref",
                                  "filed_on", "filing_ref", "status", "status_label"}]}

    Dates are :class:`datetime.date` (``at`` a timezone-aware datetime).
    """
    from yizhan.web.workflow.engine import history

    appointments = []
    for a in (Appointment.objects.filter(station=station)
              .exclude(status=AppointmentStatus.WITHDRAWN).select_related("person")
              .prefetch_related("candidates__person", "filings")):
        chosen = history(a).filter(action="select").order_by("-time", "-pk").first()
        appointments.append({
            "id": a.pk, "post": a.post, "post_label": str(a.get_post_display()),
            "status": a.status, "status_label": str(a.get_status_display()),
            "effective": a.effective,
            "person_id": a.person.person_id if a.person_id else "",
            "person_name": a.person.name if a.person_id else "",
            "candidates": [{"person_id": c.person.person_id, "name": c.person.name,
                            "education": c.education,
                            "education_label": str(c.get_education_display()),
                            "birth_date": c.birth_date, "age": c.age,
                            "experience_years": c.experience_years,
                            "assessment": c.assessment, "nominated_by": c.nominated_by}
                           for c in a.candidates.all()],
            "selection": {"by": chosen.user_name, "at": chosen.time, "reason": chosen.reason}
            if chosen else None,
            "required_filings": [str(b) for b in a.required_filings()],
            "missing_filings": [str(b) for b in a.missing_filings()],
            "filings": [{"body": f.body, "body_label": str(f.get_body_display()),
                         "filed_on": f.filed_on, "reference": f.reference}
                        for f in a.filings.all()]})
    orgs = PartyOrganisation.objects.filter(station=station).values_list("pk", flat=True)
    committees = station.current_committees().values_list("pk", flat=True)
    org_pks = set(orgs) | set(PartyOrganisation.objects.filter(committee__in=committees)
                              .values_list("pk", flat=True))
    party = [{"id": p.pk, "name": p.organisation.name, "kind": p.kind,
              "kind_label": str(p.get_kind_display()), "members": p.members,
              "approved_by": p.approved_by, "approved_on": p.approved_on,
              "approval_ref": p.approval_ref, "filed_on": p.filed_on,
              "filing_ref": p.filing_ref, "status": p.status,
              "status_label": str(p.get_status_display())}
             for p in PartyOrgApproval.objects.filter(organisation__in=org_pks)
             .select_related("organisation")]
    return {"station": {"code": station.code, "name": station.name,
                        "subdistrict": station.subdistrict.name},
            "appointments": appointments, "party_organisations": party}

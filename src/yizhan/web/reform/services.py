"""Starting a reform from the document's defaults and opening a subdistrict's work.

:func:`start_reform` makes the reform with the timetable of 七, the district group of 三、（一）
and one group per subdistrict (三、（二））. :func:`open_subdistrict` gives a subdistrict its
task list (deadlines: the end of each task's phase) and its inspection checklist (七、（三））;
it is idempotent, so the rollout's apply step and the page's button may both call it.
Both write through ``save()``: change-logged with the caller's change context.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from yizhan.web.reform import defaults as D
from yizhan.web.reform.choices import InspectionStatus, ReformStatus, TaskStatus
from yizhan.web.reform.models import (GroupMember, Inspection, InspectionItem, LeadingGroup,
                                      Phase, Reform, Task, overdue_q)

__all__ = ["current_reform", "start_reform", "open_subdistrict", "progress", "overdue_tasks",
           "overdue_for", "open_after_rollout"]


def current_reform() -> Reform | None:
    """The reform in progress (else the last one accepted; None before any)."""
    return (Reform.objects.filter(status=ReformStatus.IN_PROGRESS).first()
            or Reform.objects.first())


@transaction.atomic
def start_reform(name: str | None = None) -> Reform:
    from yizhan.web.registry.models import Subdistrict

    reform = Reform(name=name or "“一站多居”体制改革", document=D.DOCUMENT)
    reform.full_clean()
    reform.save()
    for number, phase_name, article, start, end, what in D.PHASES:
        Phase(reform=reform, number=number, name=phase_name, article=article, start=start,
              end=end, description=what).save()
    g = D.DISTRICT_GROUP
    district = LeadingGroup(reform=reform, name=g["name"], article=g["article"],
                            office=g["office"], member_units=g["member_units"],
                            duties=g["duties"])
    district.save()
    for role, person in g["members"]:
        GroupMember(group=district, role=role, name=person).save()
    s = D.SUBDISTRICT_GROUP
    for sub in Subdistrict.objects.order_by("pk"):
        names = {"subdistrict": sub.name.removesuffix("街道")}
        LeadingGroup(reform=reform, subdistrict=sub, name=s["name"] % names,
                     article=s["article"], office=s["office"] % names,
                     duties=s["duties"]).save()
    return reform


@transaction.atomic
def open_subdistrict(reform: Reform, subdistrict) -> bool:
    """Create the subdistrict's task list and checklist unless it has them; True if made."""
    if reform.tasks.filter(subdistrict=subdistrict).exists():
        return False
    phases = {p.number: p for p in reform.phases.all()}
    for number, title, article in D.TASKS:
        phase = phases.get(number)
        if phase is None:
            continue
        Task(reform=reform, subdistrict=subdistrict, phase=phase, title=title,
             article=article, deadline=phase.end).save()
    inspection, _made = Inspection.objects.get_or_create(reform=reform, subdistrict=subdistrict)
    for key, title, article in D.CHECKLIST:
        if not inspection.items.filter(key=key).exists():
            InspectionItem(inspection=inspection, key=key, title=title, article=article).save()
    return True


def progress(reform: Reform, subdistricts) -> list[dict]:
    """Per subdistrict: tasks done/total, overdue, the inspection and its state."""
    counts = {row["subdistrict"]: row for row in reform.tasks.values("subdistrict").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        overdue=Count("pk", filter=overdue_q()))}
    inspections = {i.subdistrict_id: i for i in reform.inspections.all()}
    groups = {g.subdistrict_id: g for g in reform.groups.all()}
    rows = []
    for sub in subdistricts:
        c = counts.get(sub.pk, {})
        rows.append({"subdistrict": sub, "total": c.get("total", 0), "done": c.get("done", 0),
                     "overdue": c.get("overdue", 0), "inspection": inspections.get(sub.pk),
                     "group": groups.get(sub.pk),
                     "accepted": getattr(inspections.get(sub.pk), "status", None)
                     == InspectionStatus.ACCEPTED})
    return rows


def overdue_tasks(queryset):
    """The tasks of ``queryset`` (already restricted to the user) past their deadline."""
    return queryset.filter(overdue_q()).select_related("subdistrict", "owner", "phase")


def overdue_for(user) -> list:
    """The overdue tasks ``user`` may see (the dashboard's flag); [] for roles that see none."""
    from yizhan.web.permissions import permits, restrict

    if not permits(user, "view", Task):
        return []
    return list(overdue_tasks(restrict(Task.objects.all(), user))[:20])


def open_after_rollout(sender, instance, created, raw=False, **kwargs):
    """A rollout applied to a subdistrict (or the district) opens its task list and
    checklist in the reform in progress — in the rollout's own transaction."""
    from yizhan.web.registry.models import Subdistrict

    if raw or not created:
        return
    reform = Reform.objects.filter(status=ReformStatus.IN_PROGRESS).first()
    if reform is None:
        return
    subs = ([instance.subdistrict] if instance.subdistrict_id is not None
            else list(Subdistrict.objects.order_by("pk")))
    for sub in subs:
        open_subdistrict(reform, sub)

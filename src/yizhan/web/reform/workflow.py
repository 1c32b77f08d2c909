"""The reform's transition tables (on :mod:`yizhan.web.workflow.engine`) and who signs off.

Who may is two checks: the role and scope (the ``permission`` column, enforced by
:mod:`yizhan.web.permissions`), then *membership* (the ``allowed`` column): a leading group
decides for its level (三、（一）、（二）).

Task (a subdistrict's task list, 七):

=========  ===================  ===========  ==========  ==========================  ======
action     from                 to           permission  who (membership)            reason
=========  ===================  ===========  ==========  ==========================  ======
start      todo                 in_progress  change      —                           no
complete   todo, in_progress    done         change      owner, or a member of the   no
                                                         subdistrict's or district
                                                         group
reopen     done                 in_progress  change      the same                    **yes**
=========  ===================  ===========  ==========  ==========================  ======

Inspection item (the checklist of 七、（三））, only while its inspection is open:

=====  ==============  =======  ==========  ==========================================  ======
pass   pending,failed  passed   inspect     —                                           no
fail   pending,passed  failed   inspect     —                                           **yes**
waive  failed          waived   waive       leader or deputy of the district group      **yes**
=====  ==============  =======  ==========  ==========================================  ======

Inspection (one per subdistrict):

======  ========  ========  ==========  ======================================  ======
sign    open      signed    sign        — (every item has a result)             no
return  signed    open      sign        —                                       **yes**
accept  signed    accepted  accept      leader or deputy of the district group;  no
                                        refused while an item failed unwaived,
                                        and before a rollout was applied to the
                                        subdistrict (or the district)
======  ========  ========  ==========  ======================================  ======

Reform: ``accept`` in_progress → accepted (permission ``accept``; leader or deputy of the
district group; every subdistrict accepted); it dissolves the district group (三、（一）:
"在本项工作结束后自行撤销").
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.web.reform.choices import (SIGNING_ROLES, InspectionStatus, ItemResult,
                                       ReformStatus, TaskStatus)
from yizhan.web.reform.models import GroupMember, Inspection, InspectionItem, Reform, Task
from yizhan.web.workflow.engine import Transition, Workflow, register

__all__ = ["TASK", "ITEM", "INSPECTION", "REFORM", "seats", "district_signatory"]


# ---------------------------------------------------------------------- membership
def seats(user, reform_id: int, subdistrict_id: int | None = None, signing: bool = False):
    """The user's seats in the reform's live (not dissolved) group of one level (the
    district when ``subdistrict_id`` is None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return GroupMember.objects.none()
    qs = GroupMember.objects.filter(user=user, group__reform_id=reform_id,
                                    group__dissolved_at__isnull=True)
    qs = (qs.filter(group__subdistrict__isnull=True) if subdistrict_id is None
          else qs.filter(group__subdistrict_id=subdistrict_id))
    return qs.filter(role__in=SIGNING_ROLES) if signing else qs


def district_signatory(reform_id: int):
    """``allowed`` for district sign-offs: a leader or deputy of the district group."""

    def refusal(obj, user) -> str:
        if seats(user, reform_id(obj), signing=True).exists():
            return ""
        return _("只有区领导小组组长、副组长可以签署此事项（三、（一））；"
                 "请在领导小组页面关联您的用户。")

    return refusal


def _task_signoff(task: Task, user) -> str:
    if task.owner_id is not None and task.owner_id == getattr(user, "pk", None):
        return ""
    if (seats(user, task.reform_id, task.subdistrict_id).exists()
            or seats(user, task.reform_id).exists()):
        return ""
    return _("只有任务负责人或本街道、区领导小组成员可以确认任务完成（三、（二））。")


# ---------------------------------------------------------------------- tasks
TASK = register(Workflow(Task, (
    Transition("start", TaskStatus.TODO, TaskStatus.IN_PROGRESS, "change", False,
               gettext_lazy("开始")),
    Transition("complete", (TaskStatus.TODO, TaskStatus.IN_PROGRESS), TaskStatus.DONE,
               "change", False, gettext_lazy("确认完成"), allowed=_task_signoff),
    Transition("reopen", TaskStatus.DONE, TaskStatus.IN_PROGRESS, "change", True,
               gettext_lazy("重新打开"), allowed=_task_signoff),
), forbidden_message=gettext_lazy("您的角色无权对该任务执行“%(label)s”。"),
    state_message=gettext_lazy("任务当前状态为“%(status)s”，不能执行“%(label)s”。")))


# ---------------------------------------------------------------------- checklist items
def _inspection_open(item: InspectionItem) -> str:
    if Inspection.objects.filter(pk=item.inspection_id,
                                 status=InspectionStatus.OPEN).exists():
        return ""
    return _("检查表已签署，不能再修改检查结果；如需修改，请先退回检查。")


def _item_reform(item: InspectionItem) -> int:
    return item.inspection.reform_id


ITEM = register(Workflow(InspectionItem, (
    Transition("pass", (ItemResult.PENDING, ItemResult.FAILED), ItemResult.PASSED, "inspect",
               False, gettext_lazy("合格"), condition=_inspection_open),
    Transition("fail", (ItemResult.PENDING, ItemResult.PASSED), ItemResult.FAILED, "inspect",
               True, gettext_lazy("不合格"), condition=_inspection_open,
               reason_message=gettext_lazy("判定不合格必须写明问题。")),
    Transition("waive", ItemResult.FAILED, ItemResult.WAIVED, "waive", True,
               gettext_lazy("豁免"), allowed=district_signatory(_item_reform),
               reason_message=gettext_lazy("豁免必须写明理由。")),
), state_field="result",
    forbidden_message=gettext_lazy("您的角色无权对检查项执行“%(label)s”。"),
    state_message=gettext_lazy("检查项当前结果为“%(status)s”，不能执行“%(label)s”。")))


# ---------------------------------------------------------------------- inspections
def _all_items_checked(inspection: Inspection) -> str:
    pending = list(inspection.items.filter(result=ItemResult.PENDING)
                   .values_list("title", flat=True))
    if pending:
        return _("还有检查项未填写结果：%(list)s") % {"list": "、".join(pending)}
    return ""


def _no_unwaived_failure(inspection: Inspection) -> str:
    failed = [i.title for i in inspection.unwaived_failures()]
    if failed:
        return _("检查项不合格且未豁免，不能验收（七、（三））：%(list)s。"
                 "须由区领导小组组长或副组长记录豁免理由后方可验收。") % {"list": "、".join(failed)}
    return ""


def _rollout_applied(inspection: Inspection) -> str:
    """A subdistrict is accepted only after its consolidation is carried out: a rollout of
    the plan in force applied to it (or to the whole district)."""
    from django.apps import apps
    from django.db.models import Q

    if not apps.is_installed("yizhan.web.rollout"):
        return ""
    record = apps.get_model("rollout", "RolloutRecord")
    if record.objects.filter(Q(subdistrict_id=inspection.subdistrict_id)
                             | Q(subdistrict__isnull=True)).exists():
        return ""
    return _("%(subdistrict)s尚未实施整合方案（整合实施记录），不能验收。") % {
        "subdistrict": inspection.subdistrict}


def _acceptable(inspection: Inspection) -> str:
    return _rollout_applied(inspection) or _no_unwaived_failure(inspection)


INSPECTION = register(Workflow(Inspection, (
    Transition("sign", InspectionStatus.OPEN, InspectionStatus.SIGNED, "sign", False,
               gettext_lazy("签署检查表"), condition=_all_items_checked),
    Transition("return", InspectionStatus.SIGNED, InspectionStatus.OPEN, "sign", True,
               gettext_lazy("退回重新检查"),
               reason_message=gettext_lazy("退回检查必须写明理由。")),
    Transition("accept", InspectionStatus.SIGNED, InspectionStatus.ACCEPTED, "accept", False,
               gettext_lazy("验收通过"), allowed=district_signatory(lambda i: i.reform_id),
               condition=_acceptable),
), forbidden_message=gettext_lazy("您的角色无权对检查验收执行“%(label)s”。"),
    state_message=gettext_lazy("检查验收当前状态为“%(status)s”，不能执行“%(label)s”。")))


# ---------------------------------------------------------------------- the reform
def _every_subdistrict_accepted(reform: Reform) -> str:
    from yizhan.web.registry.models import Subdistrict

    accepted = set(reform.inspections.filter(status=InspectionStatus.ACCEPTED)
                   .values_list("subdistrict_id", flat=True))
    missing = [s.name for s in Subdistrict.objects.order_by("pk") if s.pk not in accepted]
    if missing:
        return _("以下街道尚未通过检查验收，全区不能验收：%(list)s") % {"list": "、".join(missing)}
    return ""


def _dissolve_district_group(reform: Reform, user, **options) -> None:
    """三、（一）: the district group dissolves itself when the work is done."""
    now = timezone.now()
    reform.accepted_at = now
    group = reform.groups.filter(subdistrict__isnull=True, dissolved_at__isnull=True).first()
    if group is not None:
        group.dissolved_at = now
        group.save()


REFORM = register(Workflow(Reform, (
    Transition("accept", ReformStatus.IN_PROGRESS, ReformStatus.ACCEPTED, "accept", False,
               gettext_lazy("全区验收"), allowed=district_signatory(lambda r: r.pk),
               condition=_every_subdistrict_accepted, effect=_dissolve_district_group),
), forbidden_message=gettext_lazy("您的角色无权执行“%(label)s”。")))

"""The reform's transition tables on the workflow engine: tasks, checklist items,
inspections and the district acceptance — every move and refusal, membership deciding who
signs off (三), the waiver a failing item needs before acceptance (七、（三））."""

import pytest
from django.core.exceptions import PermissionDenied

from yizhan.web.context import change_context
from yizhan.web.reform import services
from yizhan.web.reform.models import GroupMember, Inspection, Task
from yizhan.web.workflow.engine import InvalidReason, TransitionError, transition

from ..factories import make_user


@pytest.fixture
def people(reform, world, users):
    """Besides admin (district leader), officer and viewer: a member of the own
    subdistrict's group, an officer of the other subdistrict, an inspector, and an
    administrator who sits in no group."""
    own, other = world["own"]["subdistrict"], world["other"]["subdistrict"]
    member = make_user("member", "officer", own)
    GroupMember.objects.create(group=reform.groups.get(subdistrict=own), name="组员",
                               role="member", user=member)
    return {**users, "member": member, "other_officer": make_user("officer2", "officer", other),
            "inspector": make_user("inspector", "inspector"),
            "admin2": make_user("admin2", "admin")}


def _task(reform, world, status="todo", owner=None):
    task = reform.tasks.filter(subdistrict=world["own"]["subdistrict"]).first()
    Task.objects.filter(pk=task.pk).update(status=status, owner=owner)
    return Task.objects.get(pk=task.pk)


#: (action, from, who, reason, outcome)
TASK_CASES = [
    ("start", "todo", "officer", "", "in_progress"),
    ("start", "todo", "viewer", "", PermissionDenied),
    ("start", "todo", "other_officer", "", PermissionDenied),
    ("complete", "in_progress", "officer", "", PermissionDenied),     # not owner nor member
    ("complete", "in_progress", "member", "", "done"),
    ("complete", "todo", "admin", "", "done"),                        # district group leader
    ("complete", "in_progress", "admin2", "", PermissionDenied),      # no seat in any group
    ("complete", "done", "member", "", TransitionError),
    ("reopen", "done", "member", "", InvalidReason),
    ("reopen", "done", "member", "材料不全", "in_progress"),
    ("reopen", "done", "officer", "材料不全", PermissionDenied),
    ("start", "done", "officer", "", TransitionError),
]


@pytest.mark.parametrize("case", TASK_CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in TASK_CASES])
def test_task_moves(reform, world, people, case):
    action, state, who, reason, outcome = case
    task = _task(reform, world, state)
    if isinstance(outcome, str):
        transition(task, action, people[who], reason)
        assert Task.objects.get(pk=task.pk).status == outcome
        assert task.transitions.get().user_name == people[who].username
    else:
        with pytest.raises(outcome):
            transition(task, action, people[who], reason)
        assert Task.objects.get(pk=task.pk).status == state
        assert not task.transitions.exists()


def test_the_owner_completes_their_task(reform, world, people):
    task = _task(reform, world, "in_progress", owner=people["officer"])
    transition(task, "complete", people["officer"])
    assert task.status == "done"


def _fill(inspection, user, failing=()):
    for item in inspection.items.all():
        if item.key in failing:
            transition(item, "fail", user, "办公用房不足200平方米")
        else:
            transition(item, "pass", user)


def test_the_inspector_signs_only_a_complete_checklist(inspection, people):
    with pytest.raises(TransitionError, match="未填写结果"):
        transition(inspection, "sign", people["inspector"])
    for who in ("officer", "viewer"):
        with pytest.raises(PermissionDenied):
            transition(inspection.items.first(), "pass", people[who])
    _fill(inspection, people["inspector"])
    transition(inspection, "sign", people["inspector"], "检查完毕")
    assert inspection.status == "signed"
    with pytest.raises(TransitionError, match="已签署"):   # results are frozen once signed
        transition(inspection.items.first(), "fail", people["inspector"], "改判")


def test_failing_an_item_needs_the_problem_written(inspection, people):
    with pytest.raises(InvalidReason, match="问题"):
        transition(inspection.items.first(), "fail", people["inspector"], "")


def test_a_failing_item_blocks_acceptance_until_a_recorded_waiver(inspection, people, rolled_out):
    _fill(inspection, people["inspector"], failing={"office"})
    transition(inspection, "sign", people["inspector"])
    with pytest.raises(TransitionError, match="七、（三）.*办公用房"):
        transition(inspection, "accept", people["admin"])
    office = inspection.items.get(key="office")
    with pytest.raises(PermissionDenied, match="组长、副组长"):
        transition(office, "waive", people["admin2"], "年内可达标")     # no seat
    with pytest.raises(InvalidReason):
        transition(office, "waive", people["admin"], "")
    with change_context(user=people["admin"], label="test"):
        transition(office, "waive", people["admin"], "年内可达标，已列入计划")
    waiver = office.waiver
    assert (waiver.user_name, waiver.reason) == ("admin", "年内可达标，已列入计划")
    assert waiver.time is not None
    transition(inspection, "accept", people["admin"])
    assert Inspection.objects.get(pk=inspection.pk).status == "accepted"


def test_only_the_district_groups_leaders_accept(inspection, people, reform, rolled_out):
    _fill(inspection, people["inspector"])
    transition(inspection, "sign", people["inspector"])
    for who in ("admin2", "member", "inspector"):
        with pytest.raises(PermissionDenied):
            transition(inspection, "accept", people[who])
    deputy = reform.district_group.members.filter(role="deputy").first()
    deputy.user = people["admin2"]
    deputy.save()
    transition(inspection, "accept", people["admin2"])
    assert inspection.status == "accepted"


def test_return_sends_the_inspection_back_with_a_reason(inspection, people):
    _fill(inspection, people["inspector"])
    transition(inspection, "sign", people["inspector"])
    with pytest.raises(InvalidReason):
        transition(inspection, "return", people["inspector"], "")
    transition(inspection, "return", people["inspector"], "补充材料")
    assert inspection.status == "open"


def test_the_district_accepts_when_every_subdistrict_is_accepted_and_the_group_dissolves(
        reform, world, people, rolled_out):
    own_inspection = reform.inspections.get(subdistrict=world["own"]["subdistrict"])
    _fill(own_inspection, people["inspector"])
    transition(own_inspection, "sign", people["inspector"])
    transition(own_inspection, "accept", people["admin"])
    with pytest.raises(TransitionError, match=world["other"]["subdistrict"].name):
        transition(reform, "accept", people["admin"])
    services.open_subdistrict(reform, world["other"]["subdistrict"])
    other = reform.inspections.get(subdistrict=world["other"]["subdistrict"])
    _fill(other, people["inspector"])
    transition(other, "sign", people["inspector"])
    transition(other, "accept", people["admin"])
    transition(reform, "accept", people["admin"])
    reform.refresh_from_db()
    assert reform.status == "accepted" and reform.accepted_at is not None
    assert reform.district_group.dissolved_at == reform.accepted_at
    assert reform.groups.filter(subdistrict__isnull=False, dissolved_at__isnull=True).count() == 2


def test_a_subdistrict_is_not_accepted_before_its_rollout_is_applied(inspection, people, world):
    import datetime

    from yizhan.web.rollout.models import RolloutRecord

    _fill(inspection, people["inspector"])
    transition(inspection, "sign", people["inspector"])
    RolloutRecord.objects.create(subdistrict=world["other"]["subdistrict"],
                                 effective=datetime.date(2006, 8, 31))  # another's does not count
    with pytest.raises(TransitionError, match="尚未实施整合方案"):
        transition(inspection, "accept", people["admin"])
    assert Inspection.objects.get(pk=inspection.pk).status == "signed"
    RolloutRecord.objects.create(subdistrict=None, effective=datetime.date(2006, 8, 31))
    transition(inspection, "accept", people["admin"])  # a district-wide rollout covers it
    assert Inspection.objects.get(pk=inspection.pk).status == "accepted"

"""The reform's permission matrix, driven by the grant table (as the registry's and the
planning's): every page and API call, every role of ``factories.ROLE_USERS`` and anonymous, on
the ``own`` and the ``other`` subdistrict's records. The answer is what
:mod:`..grant_oracle` reads from the table for the endpoint's (model, action); for district
sign-offs (accept) also the group membership: only a leader or deputy of the district
leading group — here the ``leading_group_district`` user, seated as a deputy — may."""

import pytest
from django.db import transaction
from django.urls import reverse

from yizhan.web.context import change_context
from yizhan.web.reform import services
from yizhan.web.reform.models import GroupMember, Inspection, InspectionItem

from .. import grant_oracle as oracle
from ..factories import ROLE_USERS, make_role_user

USERS = list(ROLE_USERS) + ["anonymous"]
REFORM, PHASE, TASK = "reform.reform", "reform.phase", "reform.task"
GROUP, MEMBER = "reform.leadinggroup", "reform.groupmember"
INSPECTION, ITEM = "reform.inspection", "reform.inspectionitem"
SIGNATORIES = {"leading_group_district"}

#: (kind, endpoint, sides, (model, action), status when it worked, status outside the scope,
#: needs a district seat)
ENDPOINTS = [
    ("page", "reform", ["own"], (REFORM, "view"), 200, 404, False),
    ("page", "phase_edit", ["own"], (PHASE, "change"), 200, 404, False),
    ("page", "task_list", ["own"], (TASK, "view"), 200, 404, False),
    ("page", "task", ["own", "other"], (TASK, "view"), 200, 404, False),
    ("page", "task_add", ["own"], (TASK, "add"), 200, 404, False),
    ("page", "task_start", ["own", "other"], (TASK, "change"), 302, 404, False),
    ("page", "open", ["own", "other"], (TASK, "add"), 302, 404, False),
    ("page", "group", ["own", "other"], (GROUP, "view"), 200, 404, False),
    ("page", "member_add", ["own"], (MEMBER, "add"), 200, 404, False),
    ("page", "inspection", ["own", "other"], (INSPECTION, "view"), 200, 404, False),
    ("page", "inspection_report", ["own", "other"], (INSPECTION, "view"), 200, 404, False),
    ("page", "item_pass", ["own", "other"], (ITEM, "inspect"), 302, 404, False),
    ("page", "inspection_sign", ["own", "other"], (INSPECTION, "sign"), 302, 404, False),
    ("page", "inspection_accept", ["own", "other"], (INSPECTION, "accept"), 302, 404, True),
    ("api", "reform_read", ["own"], (REFORM, "view"), 200, 404, False),
    ("api", "phase_update", ["own"], (PHASE, "change"), 200, 404, False),
    ("api", "task_list", ["own"], (TASK, "view"), 200, 404, False),
    ("api", "task_read", ["own", "other"], (TASK, "view"), 200, 404, False),
    ("api", "task_create", ["own", "other"], (TASK, "add"), 201, 422, False),
    ("api", "task_start", ["own", "other"], (TASK, "change"), 200, 404, False),
    ("api", "member_add", ["own", "other"], (MEMBER, "add"), 201, 404, False),
    ("api", "inspection_read", ["own", "other"], (INSPECTION, "view"), 200, 404, False),
    ("api", "item_pass", ["own", "other"], (ITEM, "inspect"), 200, 404, False),
    ("api", "inspection_sign", ["own", "other"], (INSPECTION, "sign"), 200, 404, False),
    ("api", "inspection_accept", ["own", "other"], (INSPECTION, "accept"), 200, 404, True),
]


def expected(user, kind, side, need, ok, outside, seat):
    """The table's answer, where a move that needs a seat on the group refuses (403) a user
    who holds none even when the table and the scope allow it."""
    signs = not seat or user in SIGNATORIES
    return oracle.status(user, kind, side, need, ok if signs else 403, outside)


@pytest.fixture
def rworld(world, users):
    """A reform with both subdistricts opened, and the district group's first deputy seat
    given to the ``leading_group_district`` user."""
    with change_context(label="test-setup"):
        people = {key: users.get(key) or make_role_user(key, world) for key in ROLE_USERS}
        reform = services.start_reform()
        for side in ("own", "other"):
            services.open_subdistrict(reform, world[side]["subdistrict"])
        seat = GroupMember.objects.filter(group__reform=reform, group__subdistrict__isnull=True,
                                          role="deputy").first()
        seat.user = people["leading_group_district"]
        seat.save()
    return {"reform": reform, "people": people}


def _client(user, rworld):
    from django.test import Client

    client = Client()
    if user != "anonymous":
        client.force_login(rworld["people"][user])
    return client


def rolled_out(sub):
    import datetime

    from yizhan.web.rollout.models import RolloutRecord

    RolloutRecord.objects.get_or_create(subdistrict=sub,
                                        defaults={"effective": datetime.date(2006, 8, 31)})


def _request(client, kind, endpoint, side, world, rworld):
    reform = rworld["reform"]
    sub = world[side]["subdistrict"]
    task = reform.tasks.filter(subdistrict=sub).first()
    inspection = reform.inspections.get(subdistrict=sub)
    item = inspection.items.first()
    group = reform.groups.get(subdistrict=sub)
    phase = reform.phases.first()
    if endpoint.startswith("inspection_") and endpoint != "inspection_read":
        InspectionItem.objects.filter(inspection=inspection).update(result="passed")
        if endpoint == "inspection_accept":
            Inspection.objects.filter(pk=inspection.pk).update(status="signed")
            rolled_out(sub)  # a subdistrict is accepted only once its rollout is applied
    if kind == "page":
        get = {
            "reform": reverse("reform:reform", args=[reform.pk]),
            "phase_edit": reverse("reform:phase_edit", args=[phase.pk]),
            "task_list": reverse("reform:task_list"),
            "task": reverse("reform:task", args=[task.pk]),
            "task_add": reverse("reform:task_add"),
            "group": reverse("reform:leadinggroup", args=[group.pk]),
            "member_add": reverse("reform:groupmember_add"),
            "inspection": reverse("reform:inspection", args=[inspection.pk]),
            "inspection_report": reverse("reform:inspection_report", args=[inspection.pk]),
        }
        if endpoint in get:
            return client.get(get[endpoint])
        return client.post(*{
            "task_start": (reverse("reform:task_transition", args=[task.pk]),
                           {"action": "start", "expected": "todo"}),
            "open": (reverse("reform:open", args=[reform.pk, sub.pk]), {}),
            "item_pass": (reverse("reform:item_transition", args=[item.pk]),
                          {"action": "pass"}),
            "inspection_sign": (reverse("reform:inspection_transition", args=[inspection.pk]),
                                {"action": "sign"}),
            "inspection_accept": (reverse("reform:inspection_transition",
                                          args=[inspection.pk]), {"action": "accept"}),
        }[endpoint])
    base, j = "/api/reform", "application/json"
    return {
        "reform_read": lambda: client.get(f"{base}/reforms/{reform.pk}/"),
        "phase_update": lambda: client.patch(f"{base}/phases/{phase.pk}/",
                                             {"name": "调查摸底阶段"}, content_type=j),
        "task_list": lambda: client.get(f"{base}/tasks/"),
        "task_read": lambda: client.get(f"{base}/tasks/{task.pk}/"),
        "task_create": lambda: client.post(f"{base}/tasks/", {
            "reform": reform.pk, "subdistrict": sub.pk, "phase": phase.pk, "title": "补充任务",
            "deadline": "2006-07-31"}, content_type=j),
        "task_start": lambda: client.post(f"{base}/tasks/{task.pk}/transition/",
                                          {"action": "start"}, content_type=j),
        "member_add": lambda: client.post(f"{base}/groups/{group.pk}/members/",
                                          {"name": "新成员"}, content_type=j),
        "inspection_read": lambda: client.get(f"{base}/inspections/{inspection.pk}/"),
        "item_pass": lambda: client.post(f"{base}/items/{item.pk}/transition/",
                                         {"action": "pass"}, content_type=j),
        "inspection_sign": lambda: client.post(f"{base}/inspections/{inspection.pk}/transition/",
                                               {"action": "sign"}, content_type=j),
        "inspection_accept": lambda: client.post(
            f"{base}/inspections/{inspection.pk}/transition/", {"action": "accept"},
            content_type=j),
    }[endpoint]()


MATRIX = [(user, kind) for user in USERS for kind in ("page", "api")]


@pytest.mark.parametrize("user,kind", MATRIX, ids=[f"{u}-{k}" for u, k in MATRIX])
def test_reform_permission_matrix(user, kind, world, rworld):
    client = _client(user, rworld)
    wrong = []
    for k, endpoint, sides, need, ok, outside, seat in ENDPOINTS:
        if k != kind:
            continue
        for side in sides:
            want = expected(user, kind, side, need, ok, outside, seat)
            with transaction.atomic():
                response = _request(client, kind, endpoint, side, world, rworld)
                transaction.set_rollback(True)
            if response.status_code != want:
                wrong.append((endpoint, side, want, response.status_code,
                              response.content[:200]))
    assert not wrong, wrong


def test_a_move_the_page_refuses_says_why_and_changes_nothing(world, rworld):
    """A page POST that passes role and scope but not the state answers 302 with the
    refusal as a message: the matrix's 302 is not a silent success."""
    inspection = rworld["reform"].inspections.get(subdistrict=world["own"]["subdistrict"])
    client = _client("inspector", rworld)
    page = client.post(reverse("reform:inspection_transition", args=[inspection.pk]),
                       {"action": "sign"}, follow=True)
    assert "未填写结果" in page.content.decode()
    assert Inspection.objects.get(pk=inspection.pk).status == "open"

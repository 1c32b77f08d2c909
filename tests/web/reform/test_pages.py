"""The reform's pages and API: permission-checked (403 / 404 as everywhere), moves with a
message, overdue tasks flagged on the dashboard, conflicts as 409, every change logged."""

import datetime

import pytest
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.reform.models import Task


def _own_task(reform, world):
    return reform.tasks.filter(subdistrict=world["own"]["subdistrict"]).first()


def test_the_overview_shows_timetable_groups_and_progress(reform, client_for):
    html = client_for("officer").get(reverse("reform:index"), follow=True).content.decode()
    assert "调查摸底、宣传发动阶段" in html and "2006-09-15" in html
    assert "七、（三）" in html and "领导小组" in html
    assert 'id="progress"' in html


def test_before_a_reform_the_admin_starts_one_from_the_document(world, client_for):
    page = client_for("admin").get(reverse("reform:index")).content.decode()
    assert 'id="start-reform"' in page
    assert client_for("officer").post(reverse("reform:reform_start")).status_code == 403
    response = client_for("admin").post(reverse("reform:reform_start"), follow=True)
    assert "检查验收阶段" in response.content.decode()


def test_an_officer_sees_only_their_subdistricts_tasks(reform, world, client_for):
    services_other = reform.tasks.filter(subdistrict=world["other"]["subdistrict"])
    assert not services_other.exists()
    from yizhan.web.reform import services

    services.open_subdistrict(reform, world["other"]["subdistrict"])
    other_task = reform.tasks.filter(subdistrict=world["other"]["subdistrict"]).first()
    officer = client_for("officer")
    assert officer.get(reverse("reform:task", args=[other_task.pk])).status_code == 404
    listing = officer.get(reverse("reform:task_list")).content.decode()
    assert world["other"]["subdistrict"].name not in listing.split('<table class="table">')[1]
    assert officer.post(reverse("reform:task_transition", args=[other_task.pk]),
                        {"action": "start"}).status_code == 404


def test_a_viewer_reads_but_moves_nothing(reform, world, client_for):
    task = _own_task(reform, world)
    viewer = client_for("viewer")
    assert viewer.get(reverse("reform:task", args=[task.pk])).status_code == 200
    assert viewer.post(reverse("reform:task_transition", args=[task.pk]),
                       {"action": "start", "expected": "todo"}).status_code == 403
    assert Task.objects.get(pk=task.pk).status == "todo"


def test_a_move_on_the_page_is_change_logged_with_the_log_rows_request_id(reform, world,
                                                                          client_for):
    task = _own_task(reform, world)
    response = client_for("officer").post(reverse("reform:task_transition", args=[task.pk]),
                                          {"action": "start", "expected": "todo"}, follow=True)
    assert "进行中" in response.content.decode()
    change = ObjectChange.objects.filter(changed_object_type__model="task",
                                         changed_object_id=task.pk).latest("time")
    assert change.user_name == "officer" and change.postchange_data["status"] == "in_progress"
    assert task.transitions.get().request_id == change.request_id


def test_an_overtaken_move_is_a_message_on_the_page_and_409_in_the_api(reform, world,
                                                                       client_for):
    task = _own_task(reform, world)
    url = reverse("reform:task_transition", args=[task.pk])
    client_for("officer").post(url, {"action": "start", "expected": "todo"})
    page = client_for("admin").post(url, {"action": "start", "expected": "todo"}, follow=True)
    assert "已被他人处理" in page.content.decode()
    api = client_for("admin").post(f"/api/reform/tasks/{task.pk}/transition/",
                                   {"action": "start", "from_status": "todo"},
                                   content_type="application/json")
    assert api.status_code == 409 and "officer" in api.json()["detail"]
    assert task.transitions.count() == 1


def test_overdue_tasks_are_flagged_on_the_dashboard_and_the_overview(reform, world, client_for):
    task = _own_task(reform, world)     # the 2006 deadlines are long past
    Task.objects.filter(subdistrict=world["own"]["subdistrict"]).exclude(pk=task.pk).update(
        status="done")
    dash = client_for("officer").get(reverse("dashboard:index")).content.decode()
    assert 'id="overdue-tasks"' in dash and task.title in dash
    Task.objects.filter(pk=task.pk).update(deadline=datetime.date.today()
                                           + datetime.timedelta(days=3))
    dash = client_for("officer").get(reverse("dashboard:index")).content.decode()
    assert 'id="overdue-tasks"' not in dash


def test_api_task_list_overdue_filter_and_phase_validation(reform, world, client_for):
    admin = client_for("admin")
    rows = admin.get("/api/reform/tasks/?overdue=true").json()
    assert rows and all(r["overdue"] for r in rows)
    phase = reform.phases.get(number=1)
    bad = admin.patch(f"/api/reform/phases/{phase.pk}/", {"end": "2006-05-01"},
                      content_type="application/json")
    assert bad.status_code == 422 and "结束日期" in str(bad.json())
    ok = admin.patch(f"/api/reform/phases/{phase.pk}/", {"end": "2006-07-20"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["end"] == "2006-07-20"
    assert client_for("officer").patch(f"/api/reform/phases/{phase.pk}/", {"end": "2006-07-21"},
                                       content_type="application/json").status_code == 403


def test_the_reform_endpoints_are_in_the_openapi_document(reform, client_for):
    paths = client_for("admin").get("/api/openapi.json").json()["paths"]
    for path in ("/api/reform/reforms/", "/api/reform/reforms/{pk}/transition/",
                 "/api/reform/tasks/", "/api/reform/tasks/{pk}/transition/",
                 "/api/reform/inspections/{pk}/transition/", "/api/reform/items/{pk}/transition/",
                 "/api/reform/phases/{pk}/", "/api/reform/groups/{pk}/members/"):
        assert path in paths, path


def test_the_admin_edits_a_phase_and_links_a_user_to_a_seat_on_the_pages(reform, users,
                                                                         client_for):
    from yizhan.web.reform.models import GroupMember, Phase

    admin = client_for("admin")
    phase = reform.phases.get(number=3)
    url = reverse("reform:phase_edit", args=[phase.pk])
    data = {"reform": reform.pk, "number": 3, "name": phase.name, "article": phase.article,
            "start": "2006-09-01", "end": "2006-08-15", "description": ""}
    refused = admin.post(url, data).content.decode()
    assert "结束日期不能早于开始日期" in refused
    assert admin.post(url, {**data, "end": "2006-09-30"}).status_code == 302
    assert Phase.objects.get(pk=phase.pk).end == datetime.date(2006, 9, 30)
    seat = GroupMember.objects.get(group=reform.district_group, role="deputy", name="吴裕中")
    response = admin.post(reverse("reform:groupmember_edit", args=[seat.pk]), {
        "group": seat.group_id, "role": "deputy", "name": "吴裕中", "unit": "区政府",
        "user": users["viewer"].pk, "person": ""}, follow=True)
    assert "已保存" in response.content.decode()
    assert GroupMember.objects.get(pk=seat.pk).user == users["viewer"]
    change = ObjectChange.objects.filter(changed_object_type__model="groupmember",
                                         changed_object_id=seat.pk).latest("time")
    assert change.user_name == "admin" and change.postchange_data["user"] == users["viewer"].pk

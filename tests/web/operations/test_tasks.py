"""四、（一）: a department asks, the community-building committee decides, the station works
only approved tasks, and funding follows the task (费随事转, R13)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from yizhan.policy.operations import task_funding_findings
from yizhan.web.changelog.models import ObjectChange
from yizhan.web.operations.models import StationTask, TaskRequest
from yizhan.web.workflow.models import TransitionLog

from .conftest import API, J, make_request, request_body


def _approve(client, req, **extra):
    return client.post(f"{API}/requests/{req.pk}/transition/",
                       {"action": "approve", **extra}, content_type=J)


def test_department_request_through_the_api_is_a_draft_of_its_own_department(world, client_for,
                                                                             users):
    client = client_for("department")
    r = client.post(f"{API}/requests/", request_body(world), content_type=J)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and body["department"] == "区卫生健康局"
    assert body["funding_yuan"] == "5,000.00"
    req = TaskRequest.objects.get(pk=body["id"])
    # the stations are in the change log too (set after the row: an update entry)
    logged = ObjectChange.objects.filter(changed_object_id=req.pk,
                                         changed_object_type__model="taskrequest")
    assert [c.postchange_data["stations"] for c in logged.order_by("time", "pk")][-1] == [
        world["own"]["station"].pk]
    assert all(c.user == users["department"] for c in logged)


def test_only_a_department_asks(world, client_for):
    """An administrator may add any record but has no department to ask in the name of."""
    r = client_for("admin").post(f"{API}/requests/", request_body(world), content_type=J)
    assert r.status_code == 422 and "政府职能部门" in r.json()["detail"]


def test_a_station_never_sees_a_request_before_its_approval(world, client_for, users):
    station = client_for("station_staff")
    req = make_request(world, client_for("department") and users["department"])
    # by every route a station has: pages, API, its task list, the ledger
    assert station.get(reverse("operations:taskrequest", args=[req.pk])).status_code == 403
    assert station.get(f"{API}/requests/{req.pk}/").status_code == 403
    assert station.get(f"{API}/station-tasks/").json() == []
    page = station.get(reverse("operations:stationtask_list")).content.decode()
    assert req.title not in page
    # approved: now the station has it, and only now
    cb = client_for("community_building")
    assert _approve(cb, req).status_code == 200
    tasks = station.get(f"{API}/station-tasks/").json()
    assert [t["title"] for t in tasks] == [req.title]
    assert req.title in station.get(reverse("operations:stationtask_list")).content.decode()


def test_a_rejected_request_never_reaches_a_station(world, client_for, users):
    client_for("department")
    req = make_request(world, users["department"])
    cb = client_for("community_building")
    refused = cb.post(f"{API}/requests/{req.pk}/transition/", {"action": "reject"},
                      content_type=J)
    assert refused.status_code == 422 and "理由" in refused.json()["detail"]
    r = cb.post(f"{API}/requests/{req.pk}/transition/",
                {"action": "reject", "reason": "属于部门自身职责，不宜下派工作站"}, content_type=J)
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert not StationTask.objects.exists()
    assert client_for("station_staff").get(f"{API}/station-tasks/").json() == []


def test_a_rejected_request_is_revised_and_submitted_again_keeping_its_history(
        world, client_for, users):
    """A department answers a rejection by revising the request and submitting it again:
    the rejection and its reason stay in the workflow log, the edit is in the change log,
    and the committee decides afresh."""
    dept = client_for("department")
    req = make_request(world, users["department"], kind="routine", funding_fen=0,
                       funding_source="", conditions="")
    cb = client_for("community_building")
    url = f"{API}/requests/{req.pk}/"
    reason = "应作为临时性任务申报并配套经费"
    assert cb.post(url + "transition/", {"action": "reject", "reason": reason},
                   content_type=J).status_code == 200
    # rejected: frozen until reopened, and only by its own department
    assert dept.patch(url, {"title": "改"}, content_type=J).status_code == 409
    assert cb.post(url + "transition/", {"action": "reopen"},
                   content_type=J).status_code == 403
    version = TaskRequest.objects.get(pk=req.pk).version
    reopened = dept.post(url + "transition/", {"action": "reopen",
                                              "from_status": "rejected"}, content_type=J)
    assert reopened.status_code == 200 and reopened.json()["status"] == "draft"
    revised = dept.patch(url, {"kind": "temporary", "funding_fen": 300000,
                               "funding_source": "区财政专项", "conditions": "派驻人员1名"},
                         content_type=J)
    assert revised.status_code == 200, revised.content
    assert TaskRequest.objects.get(pk=req.pk).version > version
    assert dept.post(url + "transition/", {"action": "submit"},
                     content_type=J).status_code == 200
    assert not StationTask.objects.exists() and TaskRequest.objects.get(pk=req.pk).decision \
        is None
    assert _approve(cb, req).status_code == 200
    assert StationTask.objects.filter(request=req).count() == 1
    log = list(TransitionLog.objects.filter(task_request=req).order_by("time", "pk")
               .values_list("action", "reason"))
    assert [a for a, _r in log] == ["reject", "reopen", "submit", "approve"]
    assert log[0] == ("reject", reason)
    edits = ObjectChange.objects.filter(changed_object_id=req.pk, action="update",
                                        changed_object_type__model="taskrequest")
    assert any(c.prechange_data.get("funding_fen") == 0
               and c.postchange_data.get("funding_fen") == 300000 for c in edits)
    assert TaskRequest.objects.get(pk=req.pk).decision.action == "approve"


def test_an_approved_request_cannot_be_reopened(world, client_for, users):
    dept = client_for("department")
    req = make_request(world, users["department"], status="approved")
    r = dept.post(f"{API}/requests/{req.pk}/transition/", {"action": "reopen"},
                  content_type=J)
    assert r.status_code == 409
    assert TaskRequest.objects.get(pk=req.pk).status == "approved"


def test_a_department_cannot_assign_work_directly_by_any_route(world, client_for, users):
    """No page, API call or import of a department makes a station task or changes a
    request once submitted; the approval alone makes station tasks."""
    dept = client_for("department")
    req = make_request(world, users["department"])
    station = world["own"]["station"].pk
    # the API has no way to write a station task
    assert dept.post(f"{API}/station-tasks/", {"request": req.pk, "station": station},
                     content_type=J).status_code == 405
    # nor may the department approve its own request (page or API)
    assert _approve(dept, req).status_code == 403
    assert dept.post(reverse("operations:taskrequest_transition", args=[req.pk]),
                     {"action": "approve", "expected": "submitted"}).status_code == 403
    # a submitted request is frozen: no adding stations or rewording it afterwards
    other = world["other"]["station"].pk
    patched = dept.patch(f"{API}/requests/{req.pk}/", {"stations": [station, other]},
                         content_type=J)
    assert patched.status_code == 409 and "撤回" in patched.json()["detail"]
    page = dept.post(reverse("operations:taskrequest_edit", args=[req.pk]),
                     {**request_body(world), "stations": [station, other],
                      "funding_fen": "5000", "version": req.version})
    assert page.status_code == 200 and "撤回" in page.content.decode()
    # the one import of the web app reads committees, and a department may not use it
    assert dept.post(reverse("registry:committee_import"), {}).status_code == 403
    assert set(TaskRequest.objects.get(pk=req.pk).stations.values_list("pk", flat=True)) == {
        station}
    assert not StationTask.objects.exists() and req.transitions.count() == 0


def test_station_tasks_are_written_only_by_the_approval():
    """The source has one place that makes a StationTask: the approval's effect. (The
    dynamic tests show each route refusing; this shows no other route exists.)"""
    root = Path(__file__).parents[3] / "src" / "yizhan"
    makers = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if re.search(r"(?<!class )StationTask\((?!Status)|StationTask\.objects\.(bulk_)?create",
                           p.read_text(encoding="utf-8"))]
    assert makers == ["web/operations/tasks.py"]
    text = (root / "web/operations/tasks.py").read_text(encoding="utf-8")
    assert text.count("StationTask(request=") == 1


def test_temporary_task_without_funding_cannot_be_approved(world, client_for, users):
    client_for("department")
    req = make_request(world, users["department"], funding_fen=0, funding_source="",
                       conditions="")
    cb = client_for("community_building")
    r = _approve(cb, req)
    assert r.status_code == 409
    detail = r.json()["detail"]
    assert "R13" in detail and "四、（一）" in detail and "经费" in detail
    assert TaskRequest.objects.get(pk=req.pk).status == "submitted"
    assert not StationTask.objects.exists()
    # the page says it too, and offers no approve button
    page = cb.get(reverse("operations:taskrequest", args=[req.pk])).content.decode()
    assert 'id="funding-refusal"' in page and "R13" in page
    assert 'value="approve"' not in page and 'value="reject"' in page


def test_routine_task_needs_no_funding(world, client_for, users):
    client_for("department")
    req = make_request(world, users["department"], kind="routine", funding_fen=0,
                       funding_source="", conditions="")
    assert _approve(client_for("community_building"), req).status_code == 200
    assert StationTask.objects.filter(request=req).count() == 1


def test_the_rule_names_each_missing_piece():
    assert [f.subject for f in task_funding_findings("temporary", 100, "", "")] == [
        "funding_source", "conditions"]
    assert all(f.article == "§4(1)" for f in task_funding_findings("temporary", 0, "", ""))
    assert task_funding_findings("temporary", 1, "财政", "场地") == []


def test_approval_is_logged_with_who_and_when(world, client_for, users):
    client_for("department")
    req = make_request(world, users["department"], stations=[world["own"]["station"].pk,
                                                             world["other"]["station"].pk])
    _approve(client_for("community_building"), req)
    log = TransitionLog.objects.get(task_request=req)
    assert (log.action, log.user, log.from_status, log.to_status) == (
        "approve", users["community_building"], "submitted", "approved")
    assert StationTask.objects.filter(request=req).count() == 2
    changes = ObjectChange.objects.filter(request_id=log.request_id)
    assert {c.changed_object_type.model for c in changes} == {"taskrequest", "stationtask"}


def test_funding_follows_the_task_into_the_station_ledger(world, client_for, users):
    client_for("department")
    req = make_request(world, users["department"])
    _approve(client_for("community_building"), req)
    task = StationTask.objects.get(request=req)
    station = client_for("station_staff")
    url = f"{API}/station-tasks/{task.pk}/entries/"
    spend = {"kind": "spent", "amount_fen": 100, "date": "2026-12-02", "note": "办证耗材"}
    early = station.post(url, spend, content_type=J)
    assert early.status_code == 422 and "结余" in str(early.json()["detail"])
    assert station.post(url, {"kind": "received", "amount_fen": 500000, "date": "2026-12-01",
                              "note": "区财政拨入"}, content_type=J).status_code == 201
    assert station.post(url, {**spend, "amount_fen": 120050}, content_type=J).status_code == 201
    ledger = station.get(f"{API}/stations/{world['own']['station'].pk}/ledger/").json()
    assert (ledger["received_fen"], ledger["spent_fen"], ledger["balance_fen"]) == (
        500000, 120050, 379950)
    page = station.get(reverse("operations:station_ledger",
                               args=[world["own"]["station"].pk])).content.decode()
    assert "3,799.50" in page and "1,200.50" in page
    # the department sees the money of its own task; another station's staff nothing
    dept = client_for("department").get(f"{API}/station-tasks/{task.pk}/").json()
    assert dept["spent_fen"] == 120050
    # the page form takes 元 and keeps the input on a refusal
    form = station.post(reverse("operations:fundingentry_add", args=[task.pk]),
                        {"kind": "spent", "amount_fen": "99999.99", "date": "2026-12-03",
                         "note": "超支测试"})
    assert form.status_code == 422 and "超支测试" in form.content.decode()


def test_public_queries_give_approved_tasks_and_spending(world, client_for, users):
    from yizhan.web.operations.tasks import approved_tasks, spending_summary

    client_for("department")
    approved = make_request(world, users["department"], title="已批准任务")
    make_request(world, users["department"], title="待审批任务")
    _approve(client_for("community_building"), approved)
    station = world["own"]["station"]
    assert [t.request.title for t in approved_tasks(station)] == ["已批准任务"]
    summary = spending_summary(station)
    assert summary["received_fen"] == 0 and summary["tasks"][0]["funding_fen"] == 500000
    assert approved_tasks(world["other"]["station"]).count() == 0


def test_station_works_its_task(world, client_for, users):
    client_for("department")
    req = make_request(world, users["department"])
    _approve(client_for("community_building"), req)
    task = StationTask.objects.get(request=req)
    station = client_for("station_staff")
    r = station.post(reverse("operations:stationtask_transition", args=[task.pk]),
                     {"action": "complete", "expected": "assigned"})
    assert r.status_code == 302
    assert StationTask.objects.get(pk=task.pk).status == "done"

"""The permission matrix of 四(一) and 四(三), driven by the grant table (as the reform's):
every page and API call of the operations app, every role of ``factories.ROLE_USERS`` and
anonymous, on the ``own`` and the ``other`` side's records. The expected answer is what
:mod:`..grant_oracle` reads from the table for the endpoint's (model, action)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from yizhan.web.context import change_context
from yizhan.web.operations.models import (AnnualAssessment, StationTask, SupervisionItem,
                                          TaskRequest)

from .. import grant_oracle as oracle
from ..factories import DEPARTMENT, ROLE_USERS, make_role_user

USERS = list(ROLE_USERS) + ["anonymous"]
REQ, TASK, ENTRY = "operations.taskrequest", "operations.stationtask", "operations.fundingentry"
ITEM, FORM, STATION = ("operations.supervisionitem", "operations.annualassessment",
                       "registry.station")
BOTH, OWN = ["own", "other"], ["own"]

#: a list answers 200 to every role that may read the model; whether the own side's record is
#: in it is the scope's answer (its marker: a text only that record shows on the page)
LIST = "list"

#: (kind, endpoint, sides, (model, action) the role needs, status when it worked, status
#: outside the scope, (model, action) whose scope decides when not the first)
ENDPOINTS = [
    ("page", "request_list", OWN, (REQ, "view"), 200, LIST, None),
    ("page", "request", BOTH, (REQ, "view"), 200, 404, None),
    ("page", "request_add", OWN, (REQ, "add"), 200, 404, None),
    ("page", "request_edit", BOTH, (REQ, "change"), 200, 404, None),
    ("page", "request_submit", BOTH, (REQ, "submit"), 302, 404, (REQ, "view")),
    ("page", "request_approve", BOTH, (REQ, "approve"), 302, 404, (REQ, "view")),
    ("page", "request_reopen", BOTH, (REQ, "change"), 302, 404, (REQ, "view")),
    ("page", "task_list", OWN, (TASK, "view"), 200, LIST, None),
    ("page", "task", BOTH, (TASK, "view"), 200, 404, None),
    ("page", "task_start", BOTH, (TASK, "work"), 302, 404, (TASK, "view")),
    ("page", "entry_add", BOTH, (ENTRY, "add"), 302, 404, (TASK, "work")),
    ("page", "ledger", BOTH, (ENTRY, "view"), 200, 404, (STATION, "view")),
    ("page", "item_list", OWN, (ITEM, "view"), 200, LIST, None),
    ("page", "item", BOTH, (ITEM, "view"), 200, 404, None),
    ("page", "item_add", OWN, (ITEM, "add"), 200, 404, None),
    ("page", "item_answer", BOTH, (ITEM, "answer"), 302, 404, (ITEM, "view")),
    ("page", "item_return", BOTH, (ITEM, "return"), 302, 404, (ITEM, "view")),
    ("page", "form_list", OWN, (FORM, "view"), 200, LIST, None),
    ("page", "form", BOTH, (FORM, "view"), 200, 404, None),
    ("page", "form_add", OWN, (FORM, "add"), 200, 404, None),
    ("page", "form_edit", BOTH, (FORM, "change"), 200, 404, None),
    ("page", "form_delete", BOTH, (FORM, "delete"), 200, 404, None),
    # the documents of 四（一）（三） (docs/reports.md): a list each, read through the scope
    ("page", "report_tasks", OWN, (TASK, "view"), 200, LIST, None),
    ("page", "report_supervision", OWN, (ITEM, "view"), 200, LIST, None),
    ("api", "request_list", OWN, (REQ, "view"), 200, LIST, None),
    ("api", "request_read", BOTH, (REQ, "view"), 200, 404, None),
    ("api", "request_create", OWN, (REQ, "add"), 201, 404, None),
    ("api", "request_update", BOTH, (REQ, "change"), 200, 404, None),
    ("api", "request_submit", BOTH, (REQ, "submit"), 200, 404, (REQ, "view")),
    ("api", "request_approve", BOTH, (REQ, "approve"), 200, 404, (REQ, "view")),
    ("api", "request_reopen", BOTH, (REQ, "change"), 200, 404, (REQ, "view")),
    ("api", "task_list", OWN, (TASK, "view"), 200, LIST, None),
    ("api", "task_read", BOTH, (TASK, "view"), 200, 404, None),
    ("api", "task_start", BOTH, (TASK, "work"), 200, 404, (TASK, "view")),
    ("api", "entry_add", BOTH, (ENTRY, "add"), 201, 404, (TASK, "work")),
    ("api", "ledger", BOTH, (ENTRY, "view"), 200, 404, (STATION, "view")),
    ("api", "item_list", OWN, (ITEM, "view"), 200, LIST, None),
    ("api", "item_read", BOTH, (ITEM, "view"), 200, 404, None),
    ("api", "item_create", BOTH, (ITEM, "add"), 201, 422, ("registry.committee", "view")),
    ("api", "item_answer", BOTH, (ITEM, "answer"), 200, 404, (ITEM, "view")),
    ("api", "item_return", BOTH, (ITEM, "return"), 200, 404, (ITEM, "view")),
    ("api", "form_list", OWN, (FORM, "view"), 200, LIST, None),
    ("api", "form_read", BOTH, (FORM, "view"), 200, 404, None),
    ("api", "form_create", BOTH, (FORM, "add"), 201, 422, ("registry.committee", "view")),
]
#: writing a request needs a department to write it in the name of (422 without one)
DEPARTMENT_ONLY = {("api", "request_create")}


def expected(user, kind, endpoint, side, need, ok, outside, scope_need):
    """The table's answer (:func:`oracle.status`, the object looked up through
    ``scope_need``'s scope when given), and what differs here: a list answers 200 and holds
    the own record iff it is in scope; writing a request needs a department (422)."""
    if (kind, endpoint) in DEPARTMENT_ONLY and "department" not in ROLE_USERS.get(
            user, ("", {}))[1]:
        ok = 422
    if outside == LIST:
        answer = oracle.status(user, kind, side, need, ok, ok)
        return (answer, oracle.in_scope(user, *need, side)) if answer == ok else answer
    return oracle.status(user, kind, side, need, ok, outside, scope_need)


@pytest.fixture
def oworld(world, users):
    """Per side: a draft, a submitted, an approved and a rejected request of that side's
    department for that side's station (the approved one with its station task), a
    supervision item and a yearly form of that side's committee."""
    people = {key: users.get(key) or make_role_user(key, world) for key in ROLE_USERS}
    out = {}
    with change_context(label="test-setup"):
        for side in BOTH:
            station, committee = world[side]["station"], world[side]["committee"]
            reqs = {}
            for status in ("draft", "submitted", "approved", "rejected"):
                r = TaskRequest(department=DEPARTMENT[side], title=f"{side}-{status}",
                                kind="routine", description="入户走访",
                                start=datetime.date(2026, 12, 1),
                                end=datetime.date(2026, 12, 31), status=status)
                r.save()
                r.stations.set([station])
                reqs[status] = r
            task = StationTask(request=reqs["approved"], station=station)
            task.save()
            item = SupervisionItem(committee=committee, title=f"{side}-item",
                                   content="请安排轮值。")
            item.full_clean()
            item.save()
            answered = SupervisionItem(committee=committee, title=f"{side}-answered",
                                       content="请公示轮值表。", status="answered")
            answered.full_clean()
            answered.save()
            form = AnnualAssessment(committee=committee, year=2025, rating_service="satisfied",
                                    rating_efficiency="basic", rating_openness="satisfied",
                                    rating_integrity="satisfied", overall="satisfied",
                                    comments=f"{side}-form")
            form.full_clean()
            form.save()
            out[side] = {"req": reqs, "task": task, "item": item, "answered": answered,
                         "form": form,
                         "station": station, "committee": committee}
    return {"people": people, **out}


def _client(user, oworld):
    from django.test import Client

    client = Client()
    if user != "anonymous":
        client.force_login(oworld["people"][user])
    return client


def _request(client, kind, endpoint, side, oworld):
    o = oworld[side]
    req, task, item, form = o["req"], o["task"], o["item"], o["form"]
    if kind == "page":
        u = reverse
        get = {
            "request_list": u("operations:taskrequest_list"),
            "request": u("operations:taskrequest", args=[req["submitted"].pk]),
            "request_add": u("operations:taskrequest_add"),
            "request_edit": u("operations:taskrequest_edit", args=[req["draft"].pk]),
            "task_list": u("operations:stationtask_list"),
            "task": u("operations:stationtask", args=[task.pk]),
            "ledger": u("operations:station_ledger", args=[o["station"].pk]),
            "item_list": u("operations:supervisionitem_list"),
            "item": u("operations:supervisionitem", args=[item.pk]),
            "item_add": u("operations:supervisionitem_add"),
            "form_list": u("operations:annualassessment_list"),
            "form": u("operations:annualassessment", args=[form.pk]),
            "form_add": u("operations:annualassessment_add"),
            "form_edit": u("operations:annualassessment_edit", args=[form.pk]),
            "form_delete": u("operations:annualassessment_delete", args=[form.pk]),
            "report_tasks": u("operations:report") + "?kind=tasks&format=docx",
            "report_supervision": u("operations:report") + "?kind=supervision&format=docx",
        }
        if endpoint in get:
            return client.get(get[endpoint])
        return client.post(*{
            "request_submit": (u("operations:taskrequest_transition", args=[req["draft"].pk]),
                               {"action": "submit", "expected": "draft"}),
            "request_approve": (u("operations:taskrequest_transition",
                                  args=[req["submitted"].pk]),
                                {"action": "approve", "expected": "submitted"}),
            "request_reopen": (u("operations:taskrequest_transition",
                                 args=[req["rejected"].pk]),
                               {"action": "reopen", "expected": "rejected"}),
            "task_start": (u("operations:stationtask_transition", args=[task.pk]),
                           {"action": "start", "expected": "assigned"}),
            "entry_add": (u("operations:fundingentry_add", args=[task.pk]),
                          {"kind": "received", "amount_fen": "100.00", "date": "2026-12-01",
                           "note": "拨入"}),
            "item_answer": (u("operations:supervisionitem_transition", args=[item.pk]),
                            {"action": "answer", "expected": "submitted",
                             "reason": "已安排轮值。"}),
            "item_return": (u("operations:supervisionitem_transition",
                              args=[o["answered"].pk]),
                            {"action": "return", "expected": "answered", "reason": "未公示"}),
        }[endpoint])
    base, j = "/api/operations", "application/json"
    body = {"title": "新申请", "kind": "routine", "description": "入户走访",
            "stations": [o["station"].pk], "start": "2026-12-01", "end": "2026-12-31"}
    rating = {f: "satisfied" for f in ("rating_service", "rating_efficiency",
                                       "rating_openness", "rating_integrity", "overall")}
    return {
        "request_list": lambda: client.get(f"{base}/requests/"),
        "request_read": lambda: client.get(f"{base}/requests/{req['submitted'].pk}/"),
        "request_create": lambda: client.post(f"{base}/requests/", body, content_type=j),
        "request_update": lambda: client.patch(f"{base}/requests/{req['draft'].pk}/",
                                               {"title": "改名"}, content_type=j),
        "request_submit": lambda: client.post(f"{base}/requests/{req['draft'].pk}/transition/",
                                              {"action": "submit"}, content_type=j),
        "request_approve": lambda: client.post(
            f"{base}/requests/{req['submitted'].pk}/transition/", {"action": "approve"},
            content_type=j),
        "request_reopen": lambda: client.post(
            f"{base}/requests/{req['rejected'].pk}/transition/", {"action": "reopen"},
            content_type=j),
        "task_list": lambda: client.get(f"{base}/station-tasks/"),
        "task_read": lambda: client.get(f"{base}/station-tasks/{task.pk}/"),
        "task_start": lambda: client.post(f"{base}/station-tasks/{task.pk}/transition/",
                                          {"action": "start"}, content_type=j),
        "entry_add": lambda: client.post(f"{base}/station-tasks/{task.pk}/entries/", {
            "kind": "received", "amount_fen": 10000, "date": "2026-12-01", "note": "拨入"},
            content_type=j),
        "ledger": lambda: client.get(f"{base}/stations/{o['station'].pk}/ledger/"),
        "item_list": lambda: client.get(f"{base}/supervision/"),
        "item_read": lambda: client.get(f"{base}/supervision/{item.pk}/"),
        "item_create": lambda: client.post(f"{base}/supervision/", {
            "committee": o["committee"].pk, "title": "意见", "content": "内容"},
            content_type=j),
        "item_answer": lambda: client.post(f"{base}/supervision/{item.pk}/transition/",
                                           {"action": "answer", "reason": "已整改"},
                                           content_type=j),
        "item_return": lambda: client.post(
            f"{base}/supervision/{o['answered'].pk}/transition/",
            {"action": "return", "reason": "未公示"}, content_type=j),
        "form_list": lambda: client.get(f"{base}/assessments/"),
        "form_read": lambda: client.get(f"{base}/assessments/{form.pk}/"),
        "form_create": lambda: client.post(f"{base}/assessments/", {
            "committee": o["committee"].pk, "year": 2026, **rating}, content_type=j),
    }[endpoint]()


MARKER = {
    ("page", "request_list"): lambda o: o["own"]["req"]["submitted"].title,
    ("api", "request_list"): lambda o: o["own"]["req"]["submitted"].title,
    ("page", "task_list"): lambda o: o["own"]["req"]["approved"].title,
    ("api", "task_list"): lambda o: o["own"]["req"]["approved"].title,
    ("page", "item_list"): lambda o: o["own"]["item"].title,
    ("api", "item_list"): lambda o: o["own"]["item"].title,
    ("page", "form_list"): lambda o: f'href="/operations/assessments/{o["own"]["form"].pk}/"',
    ("api", "form_list"): lambda o: o["own"]["form"].comments,
    ("page", "report_tasks"): lambda o: o["own"]["req"]["approved"].title,
    ("page", "report_supervision"): lambda o: o["own"]["station"].name,
}


def body(response) -> str:
    """A page's text, or a Word document's (paragraphs and table cells)."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io

        from docx import Document

        doc = Document(io.BytesIO(response.content))
        return "\n".join([p.text for p in doc.paragraphs] + [
            c.text for t in doc.tables for row in t.rows for c in row.cells])
    return response.content.decode()

MATRIX = [(user, kind) for user in USERS for kind in ("page", "api")]


@pytest.mark.parametrize("user,kind", MATRIX, ids=[f"{u}-{k}" for u, k in MATRIX])
def test_operations_permission_matrix(user, kind, world, oworld):
    client = _client(user, oworld)
    wrong = []
    for k, endpoint, sides, need, ok, outside, scope_need in ENDPOINTS:
        if k != kind:
            continue
        for side in sides:
            want = expected(user, kind, endpoint, side, need, ok, outside, scope_need)
            with transaction.atomic():
                response = _request(client, kind, endpoint, side, oworld)
                transaction.set_rollback(True)
            got = response.status_code
            if isinstance(want, tuple):  # a list: 200, and the own record iff in scope
                got = (got, MARKER[kind, endpoint](oworld) in body(response))
            if got != want:
                wrong.append((endpoint, side, want, got, response.content[:200]))
    assert not wrong, wrong

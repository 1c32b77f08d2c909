"""The service window's and internal rules' permission matrix (四、（二）（四）), driven by the
grant table as the registry's, planning's and reform's: every page and API call, every role
of ``factories.ROLE_USERS`` and anonymous, on the ``own`` and the ``other`` station's records.
The answer is what :mod:`..grant_oracle` reads from the table for the endpoint's (model,
action).

The public pages under /open/ answer every visitor, signed in or not, as the ``public`` role
(the grant table's ``public`` lines open them): 200 when the table opens them to the public,
else 403."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .. import grant_oracle as oracle
from ..factories import ROLE_USERS, make_role_user
from .window_world import build_window

USERS = list(ROLE_USERS) + ["anonymous"]
ITEM, TICKET, RULE = "operations.serviceitem", "operations.ticket", "operations.stationrule"

#: (kind, endpoint, sides, (model, action), status when it worked, status outside the scope)
ENDPOINTS = [
    ("page", "serviceitem_list", ["own"], (ITEM, "view"), 200, 404),
    ("page", "serviceitem", ["own", "other"], (ITEM, "view"), 200, 404),
    ("page", "serviceitem_add", ["own"], (ITEM, "add"), 200, 404),
    ("page", "serviceitem_edit", ["own", "other"], (ITEM, "change"), 200, 404),
    ("page", "serviceitem_save", ["own", "other"], (ITEM, "change"), 302, 404),
    ("page", "serviceitem_delete", ["own", "other"], (ITEM, "delete"), 200, 404),
    ("page", "ticket_list", ["own"], (TICKET, "view"), 200, 404),
    ("page", "ticket", ["own", "other"], (TICKET, "view"), 200, 404),
    ("page", "ticket_add", ["own"], (TICKET, "add"), 200, 404),
    ("page", "ticket_start", ["own", "other"], (TICKET, "change"), 302, 404),
    ("page", "window_statistics", ["own"], (TICKET, "view"), 200, 404),
    ("page", "stationrule_list", ["own"], (RULE, "view"), 200, 404),
    ("page", "stationrule", ["own", "other"], (RULE, "view"), 200, 404),
    ("page", "stationrule_add", ["own"], (RULE, "add"), 200, 404),
    ("page", "stationrule_edit", ["own", "other"], (RULE, "change"), 200, 404),
    ("page", "rule_coverage", ["own"], (RULE, "view"), 200, 404),
    # the documents of 四（二）（四） (docs/reports.md)
    ("page", "report_window", ["own"], (TICKET, "view"), 200, 404),
    ("page", "report_notice", ["own", "other"], (ITEM, "view"), 200, 404),
    ("open", "index", ["own"], (ITEM, "view"), 200, 200),
    ("open", "station", ["own", "other"], (ITEM, "view"), 200, 200),
    ("open", "request", ["own", "other"], (TICKET, "add"), 200, 200),
    ("open", "status", ["own", "other"], (TICKET, "add"), 200, 200),
    ("api", "service_list", ["own"], (ITEM, "view"), 200, 404),
    ("api", "service_read", ["own", "other"], (ITEM, "view"), 200, 404),
    ("api", "service_create", ["own", "other"], (ITEM, "add"), 201, 422),
    ("api", "service_update", ["own", "other"], (ITEM, "change"), 200, 404),
    ("api", "service_delete", ["own", "other"], (ITEM, "delete"), 204, 404),
    ("api", "ticket_list", ["own"], (TICKET, "view"), 200, 404),
    ("api", "ticket_read", ["own", "other"], (TICKET, "view"), 200, 404),
    ("api", "ticket_create", ["own", "other"], (TICKET, "add"), 201, 422),
    ("api", "ticket_start", ["own", "other"], (TICKET, "change"), 200, 404),
    ("api", "window_statistics", ["own"], (TICKET, "view"), 200, 404),
    ("api", "rule_list", ["own"], (RULE, "view"), 200, 404),
    ("api", "rule_read", ["own", "other"], (RULE, "view"), 200, 404),
    ("api", "rule_create", ["own", "other"], (RULE, "add"), 201, 422),
    ("api", "rule_update", ["own", "other"], (RULE, "change"), 200, 404),
    ("api", "rule_delete", ["own", "other"], (RULE, "delete"), 204, 404),
    ("api", "rule_coverage", ["own"], (RULE, "view"), 200, 404),
]


def expected(user, kind, side, need, ok, outside):
    if kind == "open":  # everyone is the public here
        return ok if oracle.permits("anonymous", *need) else 403
    return oracle.status(user, kind, side, need, ok, outside)


@pytest.fixture
def people(world, users):
    return {key: users.get(key) or make_role_user(key, world) for key in ROLE_USERS}


def _request(client, kind, endpoint, side, world, w):
    st, item = world[side]["station"], w[side]["free"]
    ticket, rule = w[side]["window"], world[side]["station"].rules.first()
    if kind == "open":
        return client.get({
            "index": lambda: reverse("open:index"),
            "station": lambda: reverse("open:station", args=[st.code]),
            "request": lambda: reverse("open:request", args=[st.code]),
            "status": lambda: reverse("open:status") + f"?ref={ticket.reference}",
        }[endpoint]())
    if kind == "page":
        get = {
            "serviceitem_list": reverse("operations:serviceitem_list"),
            "serviceitem": reverse("operations:serviceitem", args=[item.pk]),
            "serviceitem_add": reverse("operations:serviceitem_add"),
            "serviceitem_edit": reverse("operations:serviceitem_edit", args=[item.pk]),
            "serviceitem_delete": reverse("operations:serviceitem_delete", args=[item.pk]),
            "ticket_list": reverse("operations:ticket_list"),
            "ticket": reverse("operations:ticket", args=[ticket.pk]),
            "ticket_add": reverse("operations:ticket_add"),
            "window_statistics": reverse("operations:window_statistics"),
            "stationrule_list": reverse("operations:stationrule_list"),
            "stationrule": reverse("operations:stationrule", args=[rule.pk]),
            "stationrule_add": reverse("operations:stationrule_add"),
            "stationrule_edit": reverse("operations:stationrule_edit", args=[rule.pk]),
            "rule_coverage": reverse("operations:rule_coverage"),
            "report_window": reverse("operations:report") + "?kind=window&format=docx",
            "report_notice": reverse("operations:report")
            + f"?kind=open-affairs&format=docx&station={st.code}",
        }
        if endpoint in get:
            return client.get(get[endpoint])
        return client.post(*{
            "serviceitem_save": (reverse("operations:serviceitem_edit", args=[item.pk]), {
                "station": st.pk, "name": "居住证申办代办（新）", "kind": "housing_residence",
                "time_limit_days": 3, "fee_fen": "0", "delivery": "station",
                "active": "on"}),
            "ticket_start": (reverse("operations:ticket_transition", args=[ticket.pk]),
                             {"action": "start", "expected": "received"}),
        }[endpoint])
    base, j = "/api/operations", "application/json"
    bought = w[side]["bought"]
    return {
        "service_list": lambda: client.get(f"{base}/services/"),
        "service_read": lambda: client.get(f"{base}/services/{item.pk}/"),
        "service_create": lambda: client.post(f"{base}/services/", {
            "station": st.pk, "name": "政策咨询", "kind": "consultation"}, content_type=j),
        "service_update": lambda: client.patch(f"{base}/services/{item.pk}/",
                                               {"time_limit_days": 2}, content_type=j),
        "service_delete": lambda: client.delete(f"{base}/services/{bought.pk}/"),
        "ticket_list": lambda: client.get(f"{base}/tickets/"),
        "ticket_read": lambda: client.get(f"{base}/tickets/{ticket.pk}/"),
        "ticket_create": lambda: client.post(f"{base}/tickets/", {
            "station": st.pk, "subject": "咨询"}, content_type=j),
        "ticket_start": lambda: client.post(f"{base}/tickets/{ticket.pk}/transition/",
                                            {"action": "start"}, content_type=j),
        "window_statistics": lambda: client.get(f"{base}/window/statistics/"),
        "rule_list": lambda: client.get(f"{base}/rules/"),
        "rule_read": lambda: client.get(f"{base}/rules/{rule.pk}/"),
        "rule_create": lambda: client.post(f"{base}/rules/", {
            "station": st.pk, "kind": "study", "title": "学习制度（修订）",
            "adopted": "2006-10-01"}, content_type=j),
        "rule_update": lambda: client.patch(f"{base}/rules/{rule.pk}/", {"document": "罗站〔2006〕1号"},
                                            content_type=j),
        "rule_delete": lambda: client.delete(f"{base}/rules/{rule.pk}/"),
        "rule_coverage": lambda: client.get(f"{base}/rules/coverage/"),
    }[endpoint]()


MATRIX = [(user, kind) for user in USERS for kind in ("page", "api", "open")]


@pytest.mark.parametrize("user,kind", MATRIX, ids=[f"{u}-{k}" for u, k in MATRIX])
def test_window_permission_matrix(user, kind, world, people):
    w = build_window(world)
    client = Client()
    if user != "anonymous":
        client.force_login(people[user])
    wrong = []
    for k, endpoint, sides, need, ok, outside in ENDPOINTS:
        if k != kind:
            continue
        for side in sides:
            want = expected(user, kind, side, need, ok, outside)
            with transaction.atomic():
                response = _request(client, kind, endpoint, side, world, w)
                transaction.set_rollback(True)
            if response.status_code != want:
                wrong.append((endpoint, side, want, response.status_code,
                              response.content[:200]))
    assert not wrong, wrong


def test_the_matrix_reads_the_table(monkeypatch):
    """Without the public lines the open pages would be expected (and must answer) 403."""
    from yizhan.web import grants

    lines = tuple(g for g in grants.GRANTS if g.role != "public"
                  or not str(g.models).startswith("operations."))
    monkeypatch.setattr(grants, "GRANTS", lines)
    assert expected("viewer", "open", "own", (ITEM, "view"), 200, 200) == 403


def test_open_pages_answer_403_when_the_table_closes_them(world, monkeypatch):
    from yizhan.web import grants

    lines = tuple(g for g in grants.GRANTS if g.role != "public"
                  or not str(g.models).startswith("operations."))
    monkeypatch.setattr(grants, "GRANTS", lines)
    client = Client()
    assert client.get(reverse("open:index")).status_code == 403
    assert client.get(reverse("open:request", args=[world["own"]["station"].code])
                      ).status_code == 403

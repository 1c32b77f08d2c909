"""The permission matrix of the appointment and party-approval pages and API, driven by the
grant table: every role of ``factories.ROLE_USERS`` and anonymous, on the ``own`` and the
``other`` subdistrict's records; the expected answer is what :mod:`..grant_oracle` reads
from the table for the endpoint's (model, action)."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from yizhan.web.context import change_context
from yizhan.web.registry import models as rm
from yizhan.web.rollout.models import Appointment, Candidate, PartyOrgApproval

from .. import grant_oracle as oracle
from ..factories import ROLE_USERS, make_role_user

USERS = list(ROLE_USERS) + ["anonymous"]
APPT, CAND, FILING = "rollout.appointment", "rollout.candidate", "rollout.filing"
APPROVAL = "rollout.partyorgapproval"
DAY = datetime.date(2006, 9, 1)

#: (kind, endpoint, sides, (model, action), status when it worked, status outside the scope)
ENDPOINTS = [
    ("page", "appointment_list", ["own"], (APPT, "view"), 200, 404),
    ("page", "appointment", ["own", "other"], (APPT, "view"), 200, 404),
    ("page", "appointment_add", ["own"], (APPT, "add"), 200, 404),
    ("page", "appointment_edit", ["own", "other"], (APPT, "change"), 200, 404),
    ("page", "appointment_select", ["own", "other"], (APPT, "select"), 302, 404),
    ("page", "candidate_list", ["own"], (CAND, "view"), 200, 404),
    ("page", "candidate_add", ["own"], (CAND, "add"), 200, 404),
    ("page", "filing_list", ["own"], (FILING, "view"), 200, 404),
    ("page", "filing_add", ["own"], (FILING, "add"), 200, 404),
    ("page", "approval_list", ["own"], (APPROVAL, "view"), 200, 404),
    ("page", "approval", ["own", "other"], (APPROVAL, "view"), 200, 404),
    ("page", "approval_edit", ["own", "other"], (APPROVAL, "change"), 200, 404),
    ("page", "approval_approve", ["own", "other"], (APPROVAL, "approve"), 302, 404),
    ("api", "appointment_list", ["own"], (APPT, "view"), 200, 404),
    ("api", "appointment_read", ["own", "other"], (APPT, "view"), 200, 404),
    ("api", "appointment_create", ["own", "other"], (APPT, "add"), 201, 422),
    ("api", "appointment_select", ["own", "other"], (APPT, "select"), 200, 404),
    ("api", "candidate_add", ["own", "other"], (CAND, "add"), 201, 404),
    ("api", "filing_add", ["own", "other"], (FILING, "add"), 201, 404),
    ("api", "station_filings", ["own", "other"], (APPT, "view"), 200, 404),
    ("api", "approval_list", ["own"], (APPROVAL, "view"), 200, 404),
    ("api", "approval_read", ["own", "other"], (APPROVAL, "view"), 200, 404),
    ("api", "approval_update", ["own", "other"], (APPROVAL, "change"), 200, 404),
    ("api", "approval_approve", ["own", "other"], (APPROVAL, "approve"), 200, 404),
]


#: the status the table gives a user for one endpoint on a side's object
expected = oracle.status


@pytest.fixture
def aworld(world, users):
    """Per side: a secretary appointment with its person selected from the candidates, a
    second person to nominate, and a party-organisation approval ready to be approved."""
    people = {key: users.get(key) or make_role_user(key, world) for key in ROLE_USERS}
    out = {"people": people}
    with change_context(label="test-setup"):
        for side in ("own", "other"):
            s = world[side]
            a = Appointment.objects.create(station=s["station"], post="secretary", effective=DAY)
            Candidate.objects.create(appointment=a, person=s["person"], education="college",
                                     birth_date=datetime.date(1970, 1, 1), experience_years=5,
                                     assessment="称职")
            a.person = s["person"]
            a.save()
            second = rm.Person.objects.create(person_id=f"Q{side}", name=f"{side}候选",
                                              subdistrict=s["subdistrict"])
            approval = PartyOrgApproval.objects.create(
                organisation=s["partyorganisation"], kind="branch", members=40,
                approved_on=DAY, approval_ref="批1号")
            out[side] = {"appointment": a, "second": second, "approval": approval}
    return out


def _request(client, kind, endpoint, side, world, aworld):
    a = aworld[side]["appointment"]
    p = aworld[side]["approval"]
    station = world[side]["station"]
    if kind == "page":
        get = {
            "appointment_list": reverse("rollout:appointment_list"),
            "appointment": reverse("rollout:appointment", args=[a.pk]),
            "appointment_add": reverse("rollout:appointment_add"),
            "appointment_edit": reverse("rollout:appointment_edit", args=[a.pk]),
            "candidate_list": reverse("rollout:candidate_list"),
            "candidate_add": reverse("rollout:candidate_add") + f"?appointment={a.pk}",
            "filing_list": reverse("rollout:filing_list"),
            "filing_add": reverse("rollout:filing_add") + f"?appointment={a.pk}",
            "approval_list": reverse("rollout:partyorgapproval_list"),
            "approval": reverse("rollout:party_approval", args=[p.pk]),
            "approval_edit": reverse("rollout:partyorgapproval_edit", args=[p.pk]),
        }
        if endpoint in get:
            return client.get(get[endpoint])
        return client.post(*{
            "appointment_select": (reverse("rollout:appointment_transition", args=[a.pk]),
                                   {"action": "select", "reason": "综合考虑"}),
            "approval_approve": (reverse("rollout:party_approval_transition", args=[p.pk]),
                                 {"action": "approve"}),
        }[endpoint])
    base, j = "/api/rollout", "application/json"
    return {
        "appointment_list": lambda: client.get(f"{base}/appointments"),
        "appointment_read": lambda: client.get(f"{base}/appointments/{a.pk}"),
        "appointment_create": lambda: client.post(f"{base}/appointments", {
            "station": station.pk, "post": "deputy_secretary", "effective": "2006-09-01"},
            content_type=j),
        "appointment_select": lambda: client.post(
            f"{base}/appointments/{a.pk}/transition", {"action": "select", "reason": "综合考虑"},
            content_type=j),
        "candidate_add": lambda: client.post(f"{base}/appointments/{a.pk}/candidates", {
            "person": aworld[side]["second"].pk, "education": "bachelor",
            "birth_date": "1975-06-01", "experience_years": 3, "assessment": "可"},
            content_type=j),
        "filing_add": lambda: client.post(f"{base}/appointments/{a.pk}/filings", {
            "body": "organisation", "filed_on": "2006-08-30"}, content_type=j),
        "station_filings": lambda: client.get(f"{base}/stations/{station.pk}/filings"),
        "approval_list": lambda: client.get(f"{base}/party-approvals"),
        "approval_read": lambda: client.get(f"{base}/party-approvals/{p.pk}"),
        "approval_update": lambda: client.patch(f"{base}/party-approvals/{p.pk}",
                                                {"approval_ref": "批2号"}, content_type=j),
        "approval_approve": lambda: client.post(
            f"{base}/party-approvals/{p.pk}/transition", {"action": "approve"}, content_type=j),
    }[endpoint]()


MATRIX = [(user, kind) for user in USERS for kind in ("page", "api")]


@pytest.mark.parametrize("user,kind", MATRIX, ids=[f"{u}-{k}" for u, k in MATRIX])
def test_appointment_permission_matrix(user, kind, world, aworld):
    client = Client()
    if user != "anonymous":
        client.force_login(aworld["people"][user])
    wrong = []
    for k, endpoint, sides, need, ok, outside in ENDPOINTS:
        if k != kind:
            continue
        for side in sides:
            want = expected(user, kind, side, need, ok, outside)
            with transaction.atomic():
                response = _request(client, kind, endpoint, side, world, aworld)
                transaction.set_rollback(True)
            if response.status_code != want:
                wrong.append((endpoint, side, want, response.status_code,
                              response.content[:300]))
    assert not wrong, wrong


def test_a_select_the_page_refuses_says_why(world, aworld):
    """The matrix's 302 is not a silent success: a refused move says why and changes
    nothing (no reason given)."""
    client = Client()
    client.force_login(aworld["people"]["officer"])
    a = aworld["own"]["appointment"]
    page = client.post(reverse("rollout:appointment_transition", args=[a.pk]),
                       {"action": "select"}, follow=True)
    assert "理由" in page.content.decode()
    a.refresh_from_db()
    assert a.status == "nominated"
    assert Appointment.objects.get(pk=a.pk).transitions.count() == 0

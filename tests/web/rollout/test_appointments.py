"""Heads and leading posts (R10 二、（七）): candidate list → selection → filings → taking up.

Every rule is broken on purpose once: the move is refused with a message naming the rule,
and nothing is written (posts, statuses and the workflow log are as before)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from yizhan.web.context import change_context
from yizhan.web.registry import models as m
from yizhan.web.rollout.appointments import station_filings
from yizhan.web.rollout.models import Appointment, Candidate, Filing
from yizhan.web.workflow.engine import InvalidReason, TransitionError, transition
from yizhan.web.workflow.models import TransitionLog

DAY = datetime.date(2006, 9, 1)


def appointment(station_code, post, person_id, *, filings=(), others=()):
    """An appointment with ``person_id`` (and ``others``) on its candidate list, selected."""
    with change_context(label="test"):
        a = Appointment(station=m.Station.objects.get(code=station_code), post=post,
                        effective=DAY)
        a.full_clean()
        a.save()
        for pid in (person_id, *others):
            c = Candidate(appointment=a, person=m.Person.objects.get(person_id=pid),
                          education="bachelor", birth_date=datetime.date(1970, 3, 2),
                          experience_years=8, assessment="熟悉社区工作")
            c.full_clean()
            c.save()
        a.person = m.Person.objects.get(person_id=person_id)
        a.full_clean()
        a.save()
        for body, day in filings:
            f = Filing(appointment=a, body=body, filed_on=day, reference=f"罗组备{body}")
            f.full_clean()
            f.save()
    return a


def through(a, user, *, to="filed"):
    transition(a, "select", user, "学历、年龄、能力综合考虑")
    if to in ("filed", "appointed"):
        transition(a, "file", user)
    if to == "appointed":
        transition(a, "appoint", user)
    a.refresh_from_db()
    return a


STATION_FILINGS = (("personnel", DAY), ("civil_affairs", DAY))
SECRETARY_FILING = (("organisation", DAY - datetime.timedelta(days=3)),)


def posts():
    return sorted(m.Post.objects.values_list("person__person_id", "org_kind", "role", "station_id",
                                             "party_organisation_id", "start", "end"),
                  key=str)


def open_roles(station_code):
    return sorted(m.Post.objects.filter(station__code=station_code, end__isnull=True)
                  .values_list("person__person_id", "role"))


def refused(a, user, action, *words):
    """``action`` is refused naming ``words``; nothing is written."""
    before = (posts(), a.status, TransitionLog.objects.count(),
              sorted(Appointment.objects.values_list("pk", "status")))
    with pytest.raises(TransitionError) as exc:
        transition(a, action, user, "理由")
    for w in words:
        assert w in str(exc.value), str(exc.value)
    a.refresh_from_db()
    assert (posts(), a.status, TransitionLog.objects.count(),
            sorted(Appointment.objects.values_list("pk", "status"))) == before
    return str(exc.value)


def test_candidate_list_records_the_criteria_and_the_selection(rw, users):
    a = appointment("SH00", "head", "H00-0", others=("H00-1",), filings=STATION_FILINGS)
    c = a.candidates.get(person__person_id="H00-0")
    assert (c.education, c.experience_years, c.age) == ("bachelor", 8, 36)
    with pytest.raises(InvalidReason):  # the selection says why
        transition(a, "select", users["admin"], "")
    transition(a, "select", users["admin"], "学历、年龄、能力综合考虑")
    data = station_filings(m.Station.objects.get(code="SH00"))
    row = data["appointments"][0]
    assert row["person_id"] == "H00-0" and len(row["candidates"]) == 2
    assert row["selection"]["reason"] == "学历、年龄、能力综合考虑"
    assert [f["body"] for f in row["filings"]] == ["civil_affairs", "personnel"]
    # the list is closed once a person is selected
    with pytest.raises(ValidationError):
        Candidate(appointment=a, person=m.Person.objects.get(person_id="H00-h"),
                  education="college", birth_date=datetime.date(1960, 1, 1),
                  experience_years=3, assessment="x").full_clean()


def test_selected_person_must_be_a_candidate(rw, users):
    a = appointment("SH00", "head", "H00-0")
    a.person = m.Person.objects.get(person_id="H00-1")
    with pytest.raises(ValidationError, match="候选人"):
        a.full_clean()
    Appointment.objects.filter(pk=a.pk).update(person=a.person)  # past the form's check
    a.refresh_from_db()
    refused(a, users["admin"], "select", "候选人")


def test_no_deputy_head_post_exists(rw):
    a = Appointment(station=m.Station.objects.get(code="SH00"), post="deputy_head",
                    effective=DAY)
    with pytest.raises(ValidationError) as exc:
        a.full_clean()
    assert "不设副站长" in str(exc.value)


def test_filing_required_before_it_counts_as_filed(rw, users):
    a = appointment("SH00", "head", "H00-0", filings=(("personnel", DAY),))
    transition(a, "select", users["admin"], "综合考虑")
    a.refresh_from_db()
    refused(a, users["admin"], "file", "R10", "区民政局")


def test_secretary_is_filed_with_the_organisation_department_before_taking_office(rw):
    a = appointment("SH00", "secretary", "H00-h")
    f = Filing(appointment=a, body="organisation", filed_on=DAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        f.full_clean()
    assert "R10" in str(exc.value) and "任前" in str(exc.value)


def test_head_who_is_not_the_secretary_is_refused_naming_r10(rw, users):
    a = through(appointment("SH00", "head", "H00-0", filings=STATION_FILINGS), users["admin"])
    refused(a, users["admin"], "appoint", "R10", "不兼任社区党组织书记")
    assert open_roles("SH00") == [("H00-0", "staff"), ("H00-1", "staff"), ("H00-h", "head")]


def test_head_and_secretary_taken_up_together(rw, users):
    staff_before = m.Post.objects.filter(org_kind="station", end__isnull=True).count()
    sec = through(appointment("SH00", "secretary", "H00-0", filings=SECRETARY_FILING),
                  users["admin"])
    head = through(appointment("SH00", "head", "H00-0", filings=STATION_FILINGS),
                   users["admin"], to="appointed")
    sec.refresh_from_db()
    assert (head.status, sec.status) == ("appointed", "appointed")
    # the former head stays on as staff: headcount unchanged, one head, who is secretary
    assert open_roles("SH00") == [("H00-0", "head"), ("H00-1", "staff"), ("H00-h", "staff")]
    assert m.Post.objects.filter(org_kind="station", end__isnull=True).count() == staff_before
    org = m.PartyOrganisation.objects.get(committee__code="H00")
    assert list(m.Post.objects.filter(party_organisation=org, role="secretary", end__isnull=True)
                .values_list("person__person_id", flat=True)) == ["H00-0"]
    assert sec.transitions.filter(action="appoint").exists()


def test_secretary_alone_who_is_not_the_head_is_refused(rw, users):
    a = through(appointment("SH00", "secretary", "H00-0", filings=SECRETARY_FILING),
                users["admin"])
    refused(a, users["admin"], "appoint", "R10")


def test_at_most_one_deputy_secretary(rw, users):
    first = through(appointment("SH00", "deputy_secretary", "H00-0"), users["admin"],
                    to="appointed")
    assert first.status == "appointed"
    second = through(appointment("SH00", "deputy_secretary", "H00-1"), users["admin"])
    refused(second, users["admin"], "appoint", "R10", "副书记")


def test_head_assistant_only_on_large_stations_and_at_most_one(rw, users):
    small = appointment("SH00", "assistant", "H00-0", filings=STATION_FILINGS)
    refused(small, users["admin"], "select", "R10", "站长助理")
    m.Committee.objects.filter(code="H00").update(households=9000)
    first = through(appointment("SH00", "assistant", "H00-1", filings=STATION_FILINGS),
                    users["admin"], to="appointed")
    assert ("H00-1", "assistant") in open_roles("SH00")
    second = through(small, users["admin"])
    refused(second, users["admin"], "appoint", "R10", "站长助理")
    assert first.status == "appointed"


def test_head_from_outside_the_station_staff_is_refused_naming_r8(rw, users, world):
    outsider = m.Person.objects.create(person_id="X-1", name="外来", subdistrict=rw["sub"])
    with change_context(label="test"):
        m.Post.objects.create(person=outsider, org_kind="party", role="secretary",
                              party_organisation=m.PartyOrganisation.objects.get(
                                  committee__code="H00"), start=DAY)
    a = through(appointment("SH00", "head", "X-1", filings=STATION_FILINGS), users["admin"])
    refused(a, users["admin"], "appoint", "R8")


def test_withdraw_needs_a_reason(rw, users):
    a = appointment("SH00", "head", "H00-0")
    with pytest.raises(InvalidReason):
        transition(a, "withdraw", users["admin"], "")
    transition(a, "withdraw", users["admin"], "人选调整")
    assert station_filings(m.Station.objects.get(code="SH00"))["appointments"] == []


def test_officer_of_another_subdistrict_may_not(rw, users, world):
    from django.core.exceptions import PermissionDenied

    from ..factories import make_user

    a = appointment("SH00", "head", "H00-0")
    other = make_user("other-officer", "officer", world["other"]["subdistrict"])
    for user in (other, users["viewer"]):
        with pytest.raises(PermissionDenied):
            transition(a, "select", user, "x")
    transition(a, "select", users["officer"], "综合考虑")

"""The appointment path on the pages, as an officer of the subdistrict: nominate, list the
candidates with their criteria, select with a reason, record the filings, take the posts up
(the head together with the secretary), and see the station's new head."""

import datetime

from django.urls import reverse

from yizhan.web.registry import models as m
from yizhan.web.rollout.models import Appointment, PartyOrgApproval


def _form_ok(response):
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response


def _nominate(client, station, post, person):
    _form_ok(client.post(reverse("rollout:appointment_add"), {
        "station": station.pk, "post": post, "effective": "2006-09-01", "note": ""}))
    a = Appointment.objects.filter(station=station, post=post).latest("pk")
    _form_ok(client.post(reverse("rollout:candidate_add"), {
        "appointment": a.pk, "person": person.pk, "education": "bachelor",
        "birth_date": "1968-02-03", "experience_years": 12, "assessment": "熟悉社区",
        "nominated_by": "街道党工委"}))
    _form_ok(client.post(reverse("rollout:appointment_edit", args=[a.pk]), {
        "station": station.pk, "post": post, "person": person.pk, "effective": "2006-09-01",
        "note": "", "version": 1}))
    return a


def _move(client, a, action, reason=""):
    page = client.post(reverse("rollout:appointment_transition", args=[a.pk]),
                       {"action": action, "reason": reason, "expected": a.status}, follow=True)
    a.refresh_from_db()
    return page.content.decode()


def test_officer_appoints_a_head_who_is_secretary_on_the_pages(rw, client_for):
    client = client_for("officer")
    station = m.Station.objects.get(code="SH00")
    person = m.Person.objects.get(person_id="H00-0")
    sec = _nominate(client, station, "secretary", person)
    head = _nominate(client, station, "head", person)
    page = client.get(reverse("rollout:appointment", args=[head.pk])).content.decode()
    assert "大学本科" in page and "38" in page and "区人事局" in page  # criteria, filings due
    for a in (sec, head):
        _move(client, a, "select", "学历、年龄、能力综合考虑")
        assert a.status == "selected"
    bodies = {sec: [("organisation", "2006-08-25")],
              head: [("personnel", "2006-08-30"), ("civil_affairs", "2006-08-30")]}
    for a, rows in bodies.items():
        for body, day in rows:
            _form_ok(client.post(reverse("rollout:filing_add"), {
                "appointment": a.pk, "body": body, "filed_on": day, "reference": "罗备1号"}))
        _move(client, a, "file")
        assert a.status == "filed"
    text = _move(client, head, "appoint")
    sec.refresh_from_db()
    assert (head.status, sec.status) == ("appointed", "appointed"), text[-3000:]
    assert m.Post.objects.get(station=station, role="head", end__isnull=True).person == person
    html = client.get(reverse("rollout:appointment", args=[sec.pk])).content.decode()
    assert "书记兼任站长" in html  # the companion's log line


def test_a_refused_appointment_shows_the_rule(rw, client_for):
    client = client_for("officer")
    station = m.Station.objects.get(code="SH00")
    head = _nominate(client, station, "head", m.Person.objects.get(person_id="H00-0"))
    _move(client, head, "select", "综合考虑")
    text = _move(client, head, "file")
    assert head.status == "selected" and "R10" in text and "区人事局" in text


def test_party_approval_pages(rw, users, client_for):
    from yizhan.web.rollout import service

    service.apply(users["admin"], rw["sub"], datetime.date(2006, 8, 31))
    p = PartyOrgApproval.objects.first()
    client = client_for("officer")
    assert client.get(reverse("rollout:partyorgapproval_list")).status_code == 200
    _form_ok(client.post(reverse("rollout:partyorgapproval_edit", args=[p.pk]), {
        "approved_by": "黄贝街道党工委", "approved_on": "2006-08-31",
        "approval_ref": "黄党〔2006〕9号", "filed_on": "", "filing_ref": ""}))
    page = client.post(reverse("rollout:party_approval_transition", args=[p.pk]),
                       {"action": "approve", "expected": "proposed"}, follow=True)
    p.refresh_from_db()
    assert p.status == "approved", page.content.decode()[-2000:]
    assert "黄党〔2006〕9号" in client.get(reverse("rollout:party_approval", args=[p.pk])).content.decode()


def test_pages_in_english(rw, client_for):
    client = client_for("officer")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    station = m.Station.objects.get(code="SH00")
    a = _nominate(client, station, "head", m.Person.objects.get(person_id="H00-0"))
    html = client.get(reverse("rollout:appointment", args=[a.pk])).content.decode()
    for text in ("Apply the plan", "Progress &amp; acceptance", "Appointments &amp; filings",
                 "Bachelor’s degree", "District personnel bureau", "Age on taking office"):
        assert text in html, text
    html = client.get(reverse("rollout:preview")).content.decode()
    assert "Dry run" in html or "Cannot be applied" in html


def test_the_selected_candidate_cannot_be_deleted(rw, client_for):
    from yizhan.web.rollout.models import Candidate

    client = client_for("officer")
    a = _nominate(client, m.Station.objects.get(code="SH00"), "head",
                  m.Person.objects.get(person_id="H00-0"))
    c = a.candidates.get()
    page = client.post(reverse("rollout:candidate_delete", args=[c.pk]), follow=True)
    assert "候选人名单不能再改动" in page.content.decode()
    assert Candidate.objects.filter(pk=c.pk).exists()

"""The appointment path over the API: list → candidates → select → filings → appoint, and a
refused move (409 naming the rule) that leaves everything as it was."""

import json

from django.urls import reverse

from yizhan.web.registry import models as m


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_appointment_through_the_api(rw, client_for):
    client = client_for("officer")
    station = m.Station.objects.get(code="SH00")
    r = post(client, "/api/rollout/appointments", {"station": station.pk, "post": "head",
                                                   "effective": "2006-09-01"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["required_filings"] == ["personnel", "civil_affairs"]
    person = m.Person.objects.get(person_id="H00-0")
    r = post(client, f"/api/rollout/appointments/{pk}/candidates", {
        "person": person.pk, "education": "college", "birth_date": "1972-05-01",
        "experience_years": 6, "assessment": "群众认可"})
    assert r.status_code == 201, r.content
    assert r.json()["age"] == 34
    r = client.patch(f"/api/rollout/appointments/{pk}", json.dumps({"person": person.pk}),
                     content_type="application/json")
    assert r.status_code == 200, r.content
    r = post(client, f"/api/rollout/appointments/{pk}/transition", {"action": "select"})
    assert r.status_code == 422  # the selection needs its reason
    r = post(client, f"/api/rollout/appointments/{pk}/transition",
             {"action": "select", "reason": "综合考虑"})
    assert r.status_code == 200 and r.json()["status"] == "selected"
    r = post(client, f"/api/rollout/appointments/{pk}/transition", {"action": "file"})
    assert r.status_code == 409 and "R10" in r.json()["detail"]
    for body in ("personnel", "civil_affairs"):
        r = post(client, f"/api/rollout/appointments/{pk}/filings",
                 {"body": body, "filed_on": "2006-08-30", "reference": "罗人备1号"})
        assert r.status_code == 201, r.content
    r = post(client, f"/api/rollout/appointments/{pk}/transition", {"action": "file"})
    assert r.json()["status"] == "filed"
    posts = m.Post.objects.count()
    r = post(client, f"/api/rollout/appointments/{pk}/transition", {"action": "appoint"})
    assert r.status_code == 409 and "R10" in r.json()["detail"]
    assert m.Post.objects.count() == posts
    r = client.get(f"/api/rollout/stations/{station.pk}/filings")
    assert r.status_code == 200
    row = r.json()["appointments"][0]
    assert row["status"] == "filed" and len(row["filings"]) == 2


def test_deputy_head_refused_as_input(rw, client_for):
    client = client_for("officer")
    station = m.Station.objects.get(code="SH00")
    r = post(client, "/api/rollout/appointments", {"station": station.pk, "post": "deputy_head",
                                                   "effective": "2006-09-01"})
    assert r.status_code == 422


def test_other_roles(rw, client_for, world):
    station = m.Station.objects.get(code="SH00")
    body = {"station": station.pk, "post": "head", "effective": "2006-09-01"}
    assert post(client_for("viewer"), "/api/rollout/appointments", body).status_code == 403
    assert client_for("viewer").get("/api/rollout/appointments").status_code == 200

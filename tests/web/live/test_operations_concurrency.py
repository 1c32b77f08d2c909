"""Two (or eight) members of the community-building committee decide one department request
at the same instant, against a running server: exactly one decision; every other answer is a
409 naming who decided first, and the station gets the task once (四、（一））."""

from __future__ import annotations

import pytest

from .conftest import Browser, at_once, refused_as_loser

pytestmark = pytest.mark.live


def _submitted_request(server, title):
    department = Browser(server, "department")
    station = Browser(server, "station-staff").get("/api/registry/stations/").json()["items"][0]
    created = department.post("/api/operations/requests/", json={
        "title": title, "kind": "temporary", "description": "集中办理老年人优待证",
        "stations": [station["id"]], "start": "2026-12-01", "end": "2026-12-31",
        "funding_fen": 300000, "funding_source": "区财政专项", "conditions": "派驻人员1名"})
    assert created.status_code == 201, created.text
    url = f"/api/operations/requests/{created.json()['id']}/"
    assert department.post(url + "transition/", json={"action": "submit"}).status_code == 200
    return url


def test_eight_approvals_at_once_one_decision(server):
    url = _submitted_request(server, "并发审批：八人同时批准")
    approvers = [Browser(server, "community-building") for _ in range(8)]
    responses = at_once([(lambda a=a: a.post(url + "transition/", json={"action": "approve"}))
                         for a in approvers])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 7, [(r.status_code, r.text[:200]) for r in responses]
    for loser in (r for r in responses if r.status_code == 409):
        assert refused_as_loser(loser, "已批准"), loser.text
    final = approvers[0].get(url).json()
    assert final["status"] == "approved"
    assert [t["action"] for t in final["transitions"]].count("approve") == 1
    tasks = Browser(server, "station-staff").get("/api/operations/station-tasks/").json()
    assert [t["title"] for t in tasks].count("并发审批：八人同时批准") == 1


def test_approve_and_reject_at_once_one_decision(server):
    for trial in range(3):
        url = _submitted_request(server, f"并发审批：批准与驳回 {trial}")
        a, b = Browser(server, "community-building"), Browser(server, "community-building")
        yes, no = at_once([
            lambda: a.post(url + "transition/", json={"action": "approve"}),
            lambda: b.post(url + "transition/", json={"action": "reject", "reason": "重复申请"})])
        assert sorted([yes.status_code, no.status_code]) == [200, 409], (yes.text, no.text)
        final = a.get(url).json()
        winner = "approve" if yes.status_code == 200 else "reject"
        assert final["status"] == {"approve": "approved", "reject": "rejected"}[winner]
        assert [t["action"] for t in final["transitions"]] == ["submit", winner]

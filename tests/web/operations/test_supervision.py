"""四、（三）: a committee raises an opinion about its station, the station answers, overdue
items are flagged, the committee may send an answer back; one yearly form per year."""

import datetime

from django.urls import reverse
from django.utils import timezone

from yizhan.web.context import change_context
from yizhan.web.operations.models import SupervisionItem
from yizhan.web.operations.supervision import overdue_items_for

from .conftest import API, J


def _raise(client, world, **over):
    body = {"committee": world["own"]["committee"].pk, "kind": "opinion",
            "title": "服务窗口午间无人值守", "content": "居民反映中午12点至14点窗口无人。", **over}
    return client.post(f"{API}/supervision/", body, content_type=J)


def test_committee_raises_station_answers(world, client_for, users):
    committee = client_for("committee_member")
    r = _raise(committee, world)
    assert r.status_code == 201, r.content
    item = r.json()
    # the station is the committee's own, the deadline 15 days away
    assert item["station"] == world["own"]["station"].pk
    assert item["deadline"] == str(timezone.localdate() + datetime.timedelta(days=15))
    station = client_for("station_staff")
    url = f"{API}/supervision/{item['id']}/transition/"
    empty = station.post(url, {"action": "answer"}, content_type=J)
    assert empty.status_code == 422 and "答复" in empty.json()["detail"]
    answered = station.post(url, {"action": "answer", "reason": "已安排午间轮值，12月5日起执行。"},
                            content_type=J)
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    page = committee.get(reverse("operations:supervisionitem", args=[item["id"]]))
    assert "已安排午间轮值" in page.content.decode()
    # the committee is not satisfied: back to the station, with the reason
    back = committee.post(url, {"action": "return", "reason": "轮值表未公示"}, content_type=J)
    assert back.status_code == 200 and back.json()["status"] == "submitted"
    # a committee may not answer for the station, a station may not send back
    assert committee.post(url, {"action": "answer", "reason": "x"},
                          content_type=J).status_code == 403


def test_another_committee_cannot_raise_items_about_this_station(world, client_for):
    r = _raise(client_for("committee_member"), world, committee=world["other"]["committee"].pk)
    assert r.status_code == 422
    assert not SupervisionItem.objects.exists()


def test_unanswered_items_past_their_deadline_are_flagged(world, client_for, users):
    committee = client_for("committee_member")
    item_id = _raise(committee, world).json()["id"]
    late = SupervisionItem.objects.get(pk=item_id)
    with change_context(label="test-setup"):
        late.deadline = timezone.localdate() - datetime.timedelta(days=1)
        late.save()
    station = client_for("station_staff")
    assert [i["id"] for i in station.get(f"{API}/supervision/?overdue=true").json()] == [item_id]
    assert [i.pk for i in overdue_items_for(users["station_staff"])] == [item_id]
    assert overdue_items_for(users["department"] if "department" in users else None) == []
    page = station.get(reverse("operations:supervisionitem_list") + "?overdue=1").content.decode()
    assert "逾期未答复" in page
    dash = client_for("station_staff").get("/", follow=True).content.decode()
    assert 'id="overdue-supervision"' in dash and late.title in dash
    # answered: no longer flagged, even though the deadline has passed
    station.post(f"{API}/supervision/{item_id}/transition/",
                 {"action": "answer", "reason": "已整改"}, content_type=J)
    assert station.get(f"{API}/supervision/?overdue=true").json() == []


def test_the_yearly_form_once_per_year(world, client_for):
    committee = client_for("committee_member")
    rating = {f: "satisfied" for f in ("rating_service", "rating_efficiency",
                                       "rating_openness", "rating_integrity")}
    body = {"committee": world["own"]["committee"].pk, "year": 2026, "overall": "basic",
            "comments": "窗口服务有改进。", **rating}
    first = committee.post(f"{API}/assessments/", body, content_type=J)
    assert first.status_code == 201 and first.json()["station"] == world["own"]["station"].pk
    again = committee.post(f"{API}/assessments/", body, content_type=J)
    assert again.status_code == 422 and "本年度" in str(again.json()["detail"])
    future = committee.post(f"{API}/assessments/", {**body, "year": 2099}, content_type=J)
    assert future.status_code == 422
    # the station reads it; the station may not fill it in
    station = client_for("station_staff")
    assert station.get(f"{API}/assessments/").json()[0]["overall"] == "basic"
    assert station.post(f"{API}/assessments/", body, content_type=J).status_code == 403

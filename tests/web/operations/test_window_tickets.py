"""四、（二）: tickets registered at the window by staff, moved received → in progress →
done / referred through the workflow engine (times stamped, every move logged with who and
when), per-station statistics (volume, time to close, overdue)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.operations.models import Ticket
from yizhan.web.operations.window import station_statistics
from yizhan.web.workflow.engine import history

from .window_world import wworld  # noqa: F401


def test_staff_register_a_ticket_at_the_window(world, wworld, client_for):
    client = client_for("station_staff")
    page = client.post(reverse("operations:ticket_add"), {
        "station": world["own"]["station"].pk, "service": wworld["own"]["free"].pk,
        "subject": "补办居住证", "description": "遗失", "name": "", "phone": ""})
    assert page.status_code == 302
    ticket = Ticket.objects.get(subject="补办居住证")
    assert not ticket.online and ticket.status == "received"
    assert ticket.reference and ticket.reference.startswith(
        timezone.localtime(ticket.received_at).strftime("%Y%m%d"))
    # the item's time limit (3 days) sets the due time: the end of that local day
    due = timezone.localtime(ticket.due_at)
    assert due.date() == timezone.localtime(ticket.received_at).date() + datetime.timedelta(3)
    assert (due.hour, due.minute) == (23, 59)
    change = ObjectChange.objects.get(changed_object_id=ticket.pk, action="create",
                                      changed_object_type__model="ticket")
    assert change.user_name == "station-staff"


def test_a_service_of_another_station_is_refused(world, wworld, client_for):
    page = client_for("admin").post(reverse("operations:ticket_add"), {
        "station": world["own"]["station"].pk, "service": wworld["other"]["free"].pk,
        "subject": "x"})
    assert "不属于所选的工作站" in page.content.decode()


def test_status_flow_stamps_times_and_logs_who(wworld, client_for):
    ticket = wworld["own"]["window"]
    client = client_for("station_staff")
    url = reverse("operations:ticket_transition", args=[ticket.pk])
    client.post(url, {"action": "start", "expected": "received"})
    ticket.refresh_from_db()
    assert ticket.status == "in_progress" and ticket.started_at and not ticket.closed_at
    client.post(url, {"action": "close", "expected": "in_progress", "reason": "已办结发证"})
    ticket.refresh_from_db()
    assert ticket.status == "done" and ticket.closed_at >= ticket.started_at
    moves = [(e.action, e.user_name, e.reason) for e in history(ticket)]
    assert moves == [("start", "station-staff", ""), ("close", "station-staff", "已办结发证")]
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "已办结" in page and "已办结发证" in page


def test_referral_needs_to_whom_and_why(wworld, client_for):
    ticket = wworld["own"]["window"]
    client = client_for("station_staff")
    url = reverse("operations:ticket_transition", args=[ticket.pk])
    page = client.post(url, {"action": "refer", "expected": "received"}, follow=True)
    assert "转办须写明" in page.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == "received"
    client.post(url, {"action": "refer", "expected": "received", "reason": "转区住建局"})
    assert Ticket.objects.get(pk=ticket.pk).status == "referred"


def test_a_stale_move_is_a_conflict_not_a_second_move(wworld, client_for):
    ticket = wworld["own"]["window"]
    url = f"/api/operations/tickets/{ticket.pk}/transition/"
    a, b = client_for("station_staff"), client_for("admin")
    j = "application/json"
    assert a.post(url, {"action": "close", "from_status": "received"},
                  content_type=j).status_code == 200
    r = b.post(url, {"action": "refer", "reason": "转办", "from_status": "received"},
               content_type=j)
    assert r.status_code == 409 and "station-staff" in r.json()["detail"]
    assert Ticket.objects.get(pk=ticket.pk).status == "done"


def test_other_stations_tickets_are_not_found(wworld, client_for):
    ticket = wworld["other"]["window"]
    client = client_for("station_staff")
    assert client.get(ticket.get_absolute_url()).status_code == 404
    assert client.post(reverse("operations:ticket_transition", args=[ticket.pk]),
                       {"action": "close"}).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == "received"


def test_statistics_count_volume_time_to_close_and_overdue(world, wworld):
    station = world["own"]["station"]
    now = timezone.now()
    t0 = now - datetime.timedelta(days=10)
    # closed in 2 h, on time; closed in 6 h, on time; closed after its due time; still open
    # and past due; still open and in time
    rows = [("done", 2, 5), ("referred", 6, 5), ("done", 24 * 4, 1), ("received", None, 1),
            ("in_progress", None, 30)]
    Ticket.objects.all().delete()
    for status, hours, days in rows:
        Ticket.objects.create(
            station=station, subject="x", status=status, received_at=t0,
            due_at=t0 + datetime.timedelta(days=days),
            closed_at=t0 + datetime.timedelta(hours=hours) if hours is not None else None)
    s = station_statistics(Ticket.objects.all(), now=now)[station.pk]
    assert (s["total"], s["open"], s["done"], s["referred"]) == (5, 2, 2, 1)
    assert s["overdue"] == 2  # the late close and the open one past due
    assert s["mean_hours"] == round((2 + 6 + 96) / 3, 1) and s["median_hours"] == 6.0
    page = __import__("django.test", fromlist=["Client"]).Client()
    html = page.get(reverse("open:station", args=[station.code])).content.decode()
    assert 'id="stat-total">5<' in html and 'id="stat-overdue">2<' in html


def test_statistics_page_and_api_are_scoped(wworld, client_for):
    r = client_for("station_staff").get("/api/operations/window/statistics/")
    assert [row["station"] for row in r.json()] == [wworld["own"]["window"].station_id]
    r = client_for("admin").get("/api/operations/window/statistics/")
    assert len(r.json()) == 2 and all(row["total"] == 2 for row in r.json())
    page = client_for("officer").get(reverse("operations:window_statistics"))
    assert page.status_code == 200 and "黄贝工作站" in page.content.decode()
    assert "南湖工作站" not in page.content.decode()


def test_a_dissolved_station_takes_no_new_ticket(world, client_for):
    station = world["own"]["station"]
    station.dissolved = datetime.date(2006, 9, 1)
    station.save()
    r = client_for("admin").post("/api/operations/tickets/", {
        "station": station.pk, "subject": "咨询"}, content_type="application/json")
    assert r.status_code == 422 and "已撤销" in r.json()["detail"]["station"][0]
    assert not Ticket.objects.filter(subject="咨询").exists()


def test_the_change_log_section_only_for_roles_that_read_the_change_log(wworld, client_for):
    url = wworld["own"]["window"].get_absolute_url()
    assert "变更记录</h2>" not in client_for("station_staff").get(url).content.decode()
    assert "变更记录</h2>" in client_for("admin").get(url).content.decode()

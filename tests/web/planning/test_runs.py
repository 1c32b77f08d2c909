"""Planner jobs: queued through django-tasks' database backend, run by the db worker
in-process, report progress on the status endpoint, can be cancelled, leave a draft plan."""

import threading
import time

import pytest
from django.urls import reverse

from yizhan.web.planning.choices import PlanSource, PlanStatus, RunStatus
from yizhan.web.planning.models import Plan, PlannerRun

from . import fake_planners



@pytest.fixture
def use(settings, monkeypatch):
    """``use("slow_planner")``: the job runs ``fake_planners.slow_planner`` (a module-level
    function, so the spawned child imports it by name: the folder pytest imported it from,
    with ``--import-mode=importlib``, goes on the path the child starts with)."""
    from pathlib import Path

    from yizhan.web.planning import tasks

    depth = fake_planners.__name__.count(".")
    monkeypatch.syspath_prepend(str(Path(fake_planners.__file__).parents[depth]))

    def choose(planner, isolation="process"):
        settings.YIZHAN_PLANNER_ISOLATION = isolation
        monkeypatch.setattr(tasks, "PLANNER", getattr(fake_planners, planner))

    return choose


def _worker_batch():
    """The django-tasks-db worker (``db_worker --batch``), in this process: run every queued
    task, then return. Built directly so it can run in a thread (the command sets signals)."""
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    try:
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
               startup_delay=False, max_tasks=None, worker_id="test-worker",
               excluded_queue_names=[]).run()
    finally:
        connection.close()


def _start(client, world, **extra):
    body = {"name": "黄贝规划", "subdistrict": world["own"]["subdistrict"].pk, "time_limit": 3,
            **extra}
    response = client.post("/api/planning/runs/", body, content_type="application/json")
    assert response.status_code == 202, response.content
    return response.json()


def _wait(pred, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_planner_job_runs_in_the_db_worker_and_leaves_a_draft_plan(use, world, users, client_for,
                                                                   settings):
    from django_tasks_db.models import DBTaskResult

    use("pairs_planner")
    client = client_for("officer")
    run = _start(client, world, pins={"max_units": 2}, seed=7)
    assert run["status"] == "queued"
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.args_kwargs["args"] == [run["id"]]
    _worker_batch()
    status = client.get(f"/api/planning/runs/{run['id']}/").json()
    assert status["status"] == "succeeded" and status["progress"] == 1.0 and status["finished"]
    plan = Plan.objects.get(pk=status["plan"])
    assert plan.source == PlanSource.PLANNER and plan.status == PlanStatus.DRAFT
    assert plan.subdistrict == world["own"]["subdistrict"]
    assert plan.created_by == users["officer"]
    assert plan.assignment == {"T001": "黄贝-0"}
    stored = PlannerRun.objects.get(pk=run["id"])
    assert stored.report == {"planner": "pairs", "seed": 7}
    assert stored.params["pins"]["max_units"] == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    from yizhan.web.changelog.models import ObjectChange

    logged = ObjectChange.objects.filter(changed_object_type__model="plannerrun",
                                         changed_object_id=run["id"])
    assert {c.user_name for c in logged} == {"officer"}
    assert logged.filter(action="create").exists()


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_on_the_status_endpoint_while_it_runs(use, world, client_for, settings):
    use("slow_planner")
    client = client_for("officer")
    run = _start(client, world, time_limit=4)
    worker = threading.Thread(target=_worker_batch)
    worker.start()
    seen = []
    url = reverse("planning:run_status", args=[run["id"]])
    # the page's poller tries again after a failed poll; so does this one: the test
    # database (SQLite in memory, shared by threads) can refuse a read while the worker
    # writes, which a file database waits out
    client.raise_request_exception = False
    while worker.is_alive():
        response = client.get(url)
        if response.status_code == 200:
            s = response.json()
            seen.append((s["status"], s["progress"], s["message"]))
        time.sleep(0.2)
    worker.join()
    running = [p for st, p, _m in seen if st == "running"]
    assert any(0 < p < 1 for p in running), seen
    assert running == sorted(running)  # never goes backwards
    assert any("步" in m for _s, _p, m in seen)
    assert client.get(url).json()["status"] == "succeeded"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("isolation", ["process"])
def test_a_running_job_is_cancelled_within_seconds_even_if_the_planner_is_stuck(use,
        world, client_for, settings, isolation):
    use("stuck_planner", isolation)
    client = client_for("officer")
    run = _start(client, world, time_limit=600)
    worker = threading.Thread(target=_worker_batch)
    worker.start()
    assert _wait(lambda: PlannerRun.objects.get(pk=run["id"]).status == RunStatus.RUNNING)
    time.sleep(0.5)
    t0 = time.monotonic()
    response = client.post(reverse("planning:run_cancel", args=[run["id"]]))
    assert response.status_code == 302
    worker.join(timeout=15)
    assert not worker.is_alive()
    assert time.monotonic() - t0 < 5
    stored = PlannerRun.objects.get(pk=run["id"])
    assert stored.status == RunStatus.CANCELLED and stored.plan is None
    assert stored.cancel_requested
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "yizhan-planner"]


@pytest.mark.django_db(transaction=True)
def test_a_queued_job_cancelled_before_it_starts_never_runs(use, world, client_for, settings):
    use("failing_planner")
    client = client_for("officer")
    run = _start(client, world)
    out = client.post(f"/api/planning/runs/{run['id']}/cancel/").json()
    assert out["status"] == "cancelled" and out["finished"]
    _worker_batch()
    stored = PlannerRun.objects.get(pk=run["id"])
    assert stored.status == RunStatus.CANCELLED and stored.error == ""


@pytest.mark.django_db(transaction=True)
def test_a_failing_planner_is_recorded_not_raised(use, world, client_for, settings):
    use("failing_planner", "thread")
    client = client_for("officer")
    run = _start(client, world)
    _worker_batch()
    s = client.get(f"/api/planning/runs/{run['id']}/").json()
    assert s["status"] == "failed" and "模拟的规划器错误" in s["error"]
    assert not Plan.objects.exists()


def test_pins_that_cannot_hold_are_refused_before_queueing(world, client_for):
    response = client_for("admin").post("/api/planning/runs/", {
        "name": "x", "pins": {"together": [["T001", "T002"]]}}, content_type="application/json")
    assert response.status_code == 422 and "R6" in response.json()["detail"]
    outside = client_for("officer").post("/api/planning/runs/", {
        "name": "x", "subdistrict": world["own"]["subdistrict"].pk,
        "pins": {"keep": ["T002"]}}, content_type="application/json")
    assert outside.status_code == 422  # T002 is not in the officer's subdistrict
    assert not PlannerRun.objects.exists()


def test_run_form_turns_ui_pins_into_planner_pins(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("planning:run_add"), {
            "name": "全区", "scope": "", "keep": ["T001"], "never": "T001 T002",
            "together": "", "stations": "2", "max_units": "3", "time_limit": "5", "seed": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    run = PlannerRun.objects.get()
    assert run.subdistrict is None
    assert run.params["pins"] == {"keep": [world["own"]["station"].code],
                                  "never": [["T001", "T002"]], "together": [],
                                  "stations": 2, "max_units": 3}
    assert run.params["time_limit"] == 5 and run.params["seed"] == 1


def test_a_progress_tick_that_meets_a_locked_database_is_skipped_not_fatal(world, monkeypatch):
    """A progress write that cannot get the lock must not fail a run whose solve is done
    (it did, under load, in the in-memory test database: "database table is locked")."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    from yizhan.web.planning import tasks

    run = PlannerRun.objects.create(name="tick", subdistrict=world["own"]["subdistrict"])

    def locked(self, **fields):
        raise OperationalError("database table is locked: planning_plannerrun")

    monkeypatch.setattr(QuerySet, "update", locked)
    tasks._update(run.pk, progress=0.5)  # skipped

    def broken(self, **fields):
        raise OperationalError("no such column: progress")

    monkeypatch.setattr(QuerySet, "update", broken)
    with pytest.raises(OperationalError):  # any other database error still surfaces
        tasks._update(run.pk, progress=0.5)

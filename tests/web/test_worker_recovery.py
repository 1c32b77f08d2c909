"""A job whose worker stopped beating (yizhan.web.service.recovery): queued again once, then
failed with the reason; recovered exactly once however many workers look at the same time.
The real kill of a worker process is in tests/web/test_worker_kill.py (slow)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.planning.choices import RunStatus
from yizhan.web.planning.models import PlannerRun
from yizhan.web.planning.tasks import run_planner
from yizhan.web.service.models import WorkerHeartbeat, stale_seconds
from yizhan.web.service.recovery import recover


def _ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def _running(world, users, worker="dead-worker", claimed_ago=None, starts=1, **run_fields):
    """A planner run whose job ``worker`` claimed ``claimed_ago`` seconds ago (``starts``
    claims in all), as django-tasks-db leaves it when that worker is killed."""
    run = PlannerRun.objects.create(
        name="中断的计算", subdistrict=world["own"]["subdistrict"], created_by=users["officer"],
        params={"time_limit": 5, "seed": 0}, status=RunStatus.RUNNING, started=_ago(60),
        progress=0.4, message="第 2/5 步", **run_fields)
    job = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, args_kwargs={"args": [run.pk], "kwargs": {}},
        task_path=run_planner.module_path, backend_name="default", run_after=_ago(120),
        started_at=_ago(claimed_ago if claimed_ago is not None else stale_seconds() + 5),
        worker_ids=[f"earlier-{i}" for i in range(starts - 1)] + [worker])
    PlannerRun.objects.filter(pk=run.pk).update(task_id=str(job.pk))
    return run, job


def _changes(run):
    from django.contrib.contenttypes.models import ContentType

    return ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(PlannerRun),
        changed_object_id=run.pk).order_by("pk")


def _heartbeat(worker, seconds_ago):
    return WorkerHeartbeat.objects.create(worker_id=worker, host="srv", pid=4242,
                                          started_at=_ago(3600), seen_at=_ago(seconds_ago))


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_beating_is_queued_again_once(world, users):
    _heartbeat("dead-worker", seconds_ago=stale_seconds() + 5)
    run, job = _running(world, users)
    [done] = recover()
    assert (done.outcome, done.run_id, done.job_id) == ("requeued", run.pk, str(job.pk))
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=job.pk).exists()  # a worker will claim it
    assert run.status == RunStatus.QUEUED and run.progress == 0
    assert "dead-worker" in run.message and "srv:4242" in run.message
    assert "attempt 2 of 2" in run.message
    assert recover() == []  # once
    change = _changes(run).last()
    assert change.user_name == "worker-recovery"
    assert (change.prechange_data["status"], change.postchange_data["status"]) == (
        RunStatus.RUNNING, RunStatus.QUEUED)


@pytest.mark.django_db
def test_a_job_started_as_often_as_allowed_fails_with_the_reason(world, users):
    run, job = _running(world, users, starts=2)  # no heartbeat row at all
    [done] = recover()
    assert done.outcome == "failed"
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED and job.finished_at is not None
    assert job.exception_class_path == "yizhan.web.service.recovery.WorkerLost"
    assert run.status == RunStatus.FAILED and run.finished is not None
    assert "dead-worker" in run.error and "started 2 times" in run.error
    assert "没有心跳记录" in run.error
    assert recover() == []


@pytest.mark.django_db
def test_one_attempt_allowed_fails_at_once(world, users, settings):
    settings.YIZHAN_JOB_ATTEMPTS = 1
    run, _job = _running(world, users)
    assert [d.outcome for d in recover()] == ["failed"]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


@pytest.mark.django_db
def test_a_cancelled_run_whose_worker_died_ends_cancelled(world, users):
    run, job = _running(world, users, cancel_requested=True)
    assert [d.outcome for d in recover()] == ["cancelled"]
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == RunStatus.CANCELLED and run.error == ""
    assert job.status == TaskResultStatus.FAILED


@pytest.mark.django_db
def test_jobs_of_live_workers_and_fresh_claims_are_left_alone(world, users):
    _heartbeat("busy-worker", seconds_ago=1)
    busy, busy_job = _running(world, users, worker="busy-worker")
    # claimed a moment ago by a worker that has not beaten yet: not judged before stale_seconds
    fresh, fresh_job = _running(world, users, worker="new-worker", claimed_ago=1)
    mine, mine_job = _running(world, users, worker="me")
    assert recover(me="me") == []
    for job in (busy_job, fresh_job, mine_job):
        job.refresh_from_db()
        assert job.status == TaskResultStatus.RUNNING
    for run in (busy, fresh, mine):
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING


@pytest.mark.django_db
def test_a_job_claimed_again_since_is_not_touched(world, users):
    """The compare-and-set names the attempt (its claim time): a recoverer that read the job
    before another worker claimed it again updates nothing."""
    run, job = _running(world, users)
    stale_copy = DBTaskResult.objects.get(pk=job.pk)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now(),
                                                  worker_ids=["dead-worker", "new-worker"])
    from yizhan.web.service import recovery

    assert recovery._recover(stale_copy, "dead-worker", timezone.now()) is None
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


@pytest.mark.postgres
@pytest.mark.parametrize("trial", range(5))
def test_two_workers_recovering_at_once_recover_exactly_once(transactional_db, world, users,
                                                             trial):
    """Two workers start at the same instant after a crash, each in its own connection:
    one job recovered once (PostgreSQL: the second UPDATE waits for the first and then finds
    the row no longer RUNNING)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    run, job = _running(world, users)
    start = threading.Barrier(2)
    results = {}

    def worker(name):
        from django.db import connections

        try:
            start.wait()
            results[name] = recover(me=name)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r) for r in results.values()) == [0, 1], results
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    assert [c.user_name for c in _changes(run)][-1:] == ["worker-recovery"]
    assert sum(c.user_name == "worker-recovery" for c in _changes(run)) == 1

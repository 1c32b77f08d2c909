"""The planner job (django-tasks; the database backend queues it, ``db_worker`` runs it).

:func:`run_planner` is enqueued by :func:`start_run` with the id of a :class:`PlannerRun`. It
builds the instance from the registry (the planner never touches the ORM), runs the planner
in a child process (:func:`yizhan.web.planning.runner.run_isolated`), writes progress to the
run row as it goes, honours ``cancel_requested``, and on success saves the result as a draft
:class:`Plan`. Every state change of the run and the new plan are change-logged as made by the
user who started the run.

The planner function is :data:`PLANNER` (:func:`yizhan.web.planning.runner.plan_with_yizhan`;
the job tests put slow, stuck or failing ones in its place). Settings (optional):
``YIZHAN_PLANNER_ISOLATION`` (``process``/``thread``), ``YIZHAN_PLANNER_TIME_LIMIT``
(default work limit per solve, 30).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from yizhan.web.conflicts import conflict_message
from yizhan.web.context import change_context
from yizhan.web.planning.choices import PlanSource, PlanStatus, RunStatus
from yizhan.web.planning import runner
from yizhan.web.planning.models import Plan, PlannerRun

__all__ = ["run_planner", "start_run", "request_cancel", "PLANNER"]

log = logging.getLogger(__name__)

#: the planner function the job runs (see :mod:`yizhan.web.planning.runner`)
PLANNER = runner.plan_with_yizhan


def default_time_limit() -> float:
    return float(getattr(settings, "YIZHAN_PLANNER_TIME_LIMIT", 30))


def start_run(run: PlannerRun) -> PlannerRun:
    """Queue ``run`` (already saved) as a background job; returns it with ``task_id`` set."""
    # enqueue after the transaction that created the run commits, so a worker never
    # looks for a run row it cannot see yet
    def enqueue():
        result = run_planner.enqueue(run.pk)
        PlannerRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return run


def request_cancel(run: PlannerRun) -> PlannerRun:
    """Ask a run to stop. A queued run is cancelled at once; a running one within a second."""
    if run.finished_state:
        return run
    run.cancel_requested = True
    if run.status == RunStatus.QUEUED:
        run.status = RunStatus.CANCELLED
        run.finished = timezone.now()
        run.message = ""
    run.save(update_fields=["cancel_requested", "status", "finished", "message"])
    return run


def _update(run_id: int, **fields) -> None:
    """Progress ticks: plain UPDATE (not change-logged). A tick that finds the database
    locked by another writer is skipped, not fatal: the next tick, or the run's final save,
    carries the state; failing a finished solve for a progress bar would lose the result."""
    try:
        PlannerRun.objects.filter(pk=run_id).update(**fields)
    except OperationalError as exc:
        if conflict_message(exc) is None:
            raise
        log.info("planner run %s: progress tick skipped (%s)", run_id, exc)


@task()
def run_planner(run_id: int) -> dict:
    from yizhan.web.planning.services import policy_from_toml
    from yizhan.web.registry.snapshot import instance_for

    run = PlannerRun.objects.select_related("subdistrict", "created_by").get(pk=run_id)
    with change_context(user=run.created_by, label="planner"):
        if run.finished_state:
            return {"status": run.status}
        if run.cancel_requested:
            run.status, run.finished = RunStatus.CANCELLED, timezone.now()
            run.save(update_fields=["status", "finished"])
            return {"status": run.status}
        run.status, run.started = RunStatus.RUNNING, timezone.now()
        run.message = "读取基础信息 / reading the registry"
        run.save(update_fields=["status", "started", "message"])
        params = run.params or {}
        try:
            instance = instance_for(run.subdistrict)
            policy = policy_from_toml(params.get("policy_toml", ""))
            assignment, report = runner.run_isolated(
                PLANNER, instance, policy,
                params.get("pins") or {},
                time_limit=float(params.get("time_limit") or default_time_limit()),
                seed=int(params.get("seed") or 0),
                on_progress=lambda f, m: _update(run_id, progress=f,
                                                 **({"message": m[:300]} if m else {})),
                should_cancel=lambda: PlannerRun.objects.filter(
                    pk=run_id, cancel_requested=True).exists(),
                isolation=getattr(settings, "YIZHAN_PLANNER_ISOLATION", "process"))
        except runner.Cancelled:
            run.refresh_from_db()
            run.status, run.finished = RunStatus.CANCELLED, timezone.now()
            run.message = ""
            run.save()
            return {"status": run.status}
        except Exception as exc:  # noqa: BLE001 - a failed run is recorded, not raised
            log.exception("planner run %s failed", run_id)
            run.refresh_from_db()
            run.status, run.finished = RunStatus.FAILED, timezone.now()
            run.error = str(exc)[-4000:]
            run.message = ""
            run.save()
            return {"status": run.status}
        with transaction.atomic():
            # re-read under the write lock: a second attempt of this job (the same job run
            # again, e.g. queued anew after its worker died) may have finished first; then this
            # result is dropped, so a run never leaves two plans. Only the run's row is locked
            # (PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins)
            run = PlannerRun.objects.select_for_update(of=("self",)).select_related(
                "subdistrict", "created_by").get(pk=run_id)
            if run.finished_state:
                return {"status": run.status}
            plan = Plan.objects.create(
                name=run.name, subdistrict=run.subdistrict, source=PlanSource.PLANNER,
                status=PlanStatus.DRAFT, assignment=assignment,
                policy_toml=params.get("policy_toml", ""), created_by=run.created_by,
                description=params.get("description", ""))
            run.plan = plan
            run.report = report or {}
            run.status, run.finished = RunStatus.SUCCEEDED, timezone.now()
            run.progress, run.message = 1.0, ""
            run.save()
        return {"status": run.status, "plan": plan.pk}

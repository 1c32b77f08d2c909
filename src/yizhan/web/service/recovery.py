"""Jobs whose worker died: put back in the queue once, then marked failed with the reason.

django-tasks-db marks a job RUNNING when a worker claims it (adding the worker's id to
``worker_ids``) and has no recovery of its own: a worker killed mid-job (``kill -9``, the OOM
killer, a power cut) would leave the job — and its planner run — "running" forever. Every
``python -m yizhan.web worker`` beats (:class:`~yizhan.web.service.models.WorkerHeartbeat`);
:func:`recover`, which each worker runs when it starts and after each of its beats, takes a
RUNNING job whose worker has not beaten for :func:`~yizhan.web.service.models.stale_seconds`
(and that was claimed at least that long ago) for abandoned, and

- **queues it again** (READY) while it has been started fewer than ``YIZHAN_JOB_ATTEMPTS``
  times (default 2: one retry); its planner run goes back to "queued", the reason in its
  message;
- otherwise **fails** it: the job FAILED, the run "failed" with the reason as its error
  (which worker, its last beat, how many starts) — a job that kills its worker each time (the
  OOM killer) is not started forever. A run whose cancel was requested is cancelled instead.

**Exactly once.** Each recovery is one compare-and-set, ``UPDATE … WHERE id = … AND status =
'RUNNING' AND started_at = <this attempt's claim time>``, in the same transaction as the run's
change. Two workers recovering at once (two started together after a crash) both try; one
updates the row and the other finds nothing left to update — PostgreSQL re-checks the WHERE
once the first transaction commits, SQLite runs one write transaction at a time — so only the
one that updated touches the run. A job claimed again since has another ``started_at``: a late
recoverer never touches the new attempt.

**Never two results.** A worker that was taken for dead but was alive after all (cut off from
the database for longer than ``stale_seconds``) may still finish its attempt while the retry
runs; the planner job writes its result under the run's row lock and drops it when the run is
already finished (:func:`yizhan.web.planning.tasks.run_planner`), so a run never gets two
plans. Every worker must be ``yizhan.web worker`` (with the heartbeat): a plain ``db_worker``
never beats, so its jobs would be taken for abandoned.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from yizhan.web.context import change_context
from yizhan.web.service.models import WorkerHeartbeat, stale_seconds

__all__ = ["recover", "Recovered", "WorkerLost", "attempts_allowed"]

log = logging.getLogger(__name__)

#: the change log's name for what recovery changes
LABEL = "worker-recovery"


class WorkerLost(Exception):
    """What a job failed of when its worker died (the failed job's exception class)."""


@dataclass(frozen=True)
class Recovered:
    job_id: str
    run_id: int | None
    #: "requeued", "failed" or "cancelled"
    outcome: str
    reason: str


def attempts_allowed() -> int:
    return max(1, int(getattr(settings, "YIZHAN_JOB_ATTEMPTS", 2)))


def recover(now: datetime.datetime | None = None, me: str = "") -> list[Recovered]:
    """Recover every abandoned job (see the module); returns what this call recovered.

    ``me``: the calling worker's id (its own jobs are never abandoned while it runs this).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=stale_seconds())
    alive = set(WorkerHeartbeat.alive(now).values_list("worker_id", flat=True)) | {me}
    out = []
    for job in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        worker = job.worker_ids[-1] if job.worker_ids else ""
        if worker in alive:
            continue
        done = _recover(job, worker, now)
        if done is not None:
            log.warning("job %s (run %s) %s: %s", done.job_id, done.run_id, done.outcome,
                        done.reason)
            out.append(done)
    return out


def _reason(worker: str, starts: int, allowed: int) -> tuple[str, bool]:
    """(the bilingual reason, whether the job is started again)."""
    beat = WorkerHeartbeat.objects.filter(worker_id=worker).first()
    if beat is None:
        who_zh = f"任务进程 {worker or '（未知）'} 在计算中停止（没有心跳记录）"
        who_en = f"the task worker {worker or '(unknown)'} stopped mid-job (no heartbeat)"
    else:
        seen = timezone.localtime(beat.seen_at).strftime("%Y-%m-%d %H:%M:%S")
        who_zh = f"任务进程 {worker}（{beat.host}:{beat.pid}）在计算中停止，最后心跳 {seen}"
        who_en = (f"the task worker {worker} ({beat.host}:{beat.pid}) stopped mid-job, last "
                  f"heartbeat {seen}")
    if starts < allowed:
        return (f"{who_zh}；已重新排队（第 {starts + 1} 次，共 {allowed} 次）/ {who_en}; "
                f"queued again (attempt {starts + 1} of {allowed})"), True
    return (f"{who_zh}；已开始 {starts} 次，不再重试 / {who_en}; started {starts} times, "
            "not tried again"), False


def _recover(job: DBTaskResult, worker: str, now) -> Recovered | None:
    from yizhan.web.planning.choices import RunStatus
    from yizhan.web.planning.models import PlannerRun

    starts = len(job.worker_ids)
    reason, again = _reason(worker, starts, attempts_allowed())
    with transaction.atomic():
        claimed = DBTaskResult.objects.filter(pk=job.pk, status=TaskResultStatus.RUNNING,
                                              started_at=job.started_at)
        run = _planner_run(job)
        run = None if run is None else PlannerRun.objects.select_for_update(
            of=("self",)).filter(pk=run).first()
        cancelled = run is not None and run.cancel_requested
        if again and not cancelled:
            won = claimed.update(status=TaskResultStatus.READY)
            outcome = "requeued"
        else:
            won = claimed.update(status=TaskResultStatus.FAILED, finished_at=now,
                                 return_value=None,
                                 exception_class_path=f"{__name__}.WorkerLost",
                                 traceback=f"{__name__}.WorkerLost: {reason}\n")
            outcome = "cancelled" if cancelled else "failed"
        if not won:  # another worker recovered it first, or it was claimed again
            return None
        if run is not None and not run.finished_state:
            with change_context(user=None, label=LABEL):
                if outcome == "requeued":
                    run.status, run.progress, run.message = RunStatus.QUEUED, 0.0, reason[:300]
                else:
                    run.status, run.finished, run.message = (
                        RunStatus.CANCELLED if cancelled else RunStatus.FAILED), now, ""
                    if not cancelled:
                        run.error = reason
                run.save()
    return Recovered(str(job.pk), run.pk if run is not None else None, outcome, reason)


def _planner_run(job: DBTaskResult) -> int | None:
    """The PlannerRun id of a planner job (its one argument), else None."""
    from yizhan.web.planning.tasks import run_planner

    if job.task_path != run_planner.module_path:
        return None
    args = (job.args_kwargs or {}).get("args") or []
    return args[0] if args and isinstance(args[0], int) else None

"""``python -m yizhan.web worker``: django-tasks-db's ``db_worker`` with a heartbeat and the
recovery of jobs whose worker died.

Same options as ``db_worker``. The worker writes its
:class:`~yizhan.web.service.models.WorkerHeartbeat` row before it claims anything, then a
daemon thread writes it again every ``YIZHAN_WORKER_BEAT_SECONDS`` (its own database
connection: Django's are per thread), so a worker busy with a long planner job still shows as
alive. When it starts and after every beat it recovers the jobs of workers that stopped
beating (:func:`yizhan.web.service.recovery.recover`: queued again once, then failed with the
reason). The row is removed when the worker stops cleanly; rows of workers dead for a day are
removed by the next worker that starts.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from yizhan.web.service.models import WorkerHeartbeat, beat_seconds
from yizhan.web.service.recovery import recover

log = logging.getLogger(__name__)


def _touch(worker_id: str, started: datetime.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(),
                  "started_at": started, "seen_at": timezone.now()})


def _recover(worker_id: str, out) -> None:
    for done in recover(me=worker_id):
        out.write(f"recovered job {done.job_id} (run {done.run_id}): {done.outcome}: "
                  f"{done.reason}")
        out.flush()


def _beat(worker_id: str, started: datetime.datetime, stop: threading.Event, out) -> None:
    while not stop.wait(beat_seconds()):
        try:
            close_old_connections()
            _touch(worker_id, started)
            _recover(worker_id, out)
        except Exception:  # noqa: BLE001 - a database restart must not end the heartbeat
            log.warning("worker %s: heartbeat or recovery failed", worker_id, exc_info=True)
            connection.close()
    connection.close()


class Command(DBWorkerCommand):
    help = ("Run planner jobs (django-tasks-db db_worker), keep a heartbeat row and recover the "
            "jobs of workers that died.")

    def handle(self, *args, worker_id: str, **options) -> None:
        started = timezone.now()
        WorkerHeartbeat.objects.filter(
            seen_at__lt=started - datetime.timedelta(days=1)).delete()
        _touch(worker_id, started)  # alive before the first claim
        _recover(worker_id, self.stdout)
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(worker_id, started, stop, self.stdout),
                                daemon=True, name="heartbeat")
        beat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
            beat.join(timeout=5)
            try:
                WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
            except DatabaseError:  # the database is gone: the row goes stale by itself
                pass

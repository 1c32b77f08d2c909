"""``python -m yizhan.web worker``: django-tasks-db's ``db_worker`` with a heartbeat.

Same options as ``db_worker``. A daemon thread writes this worker's
:class:`~yizhan.web.service.models.WorkerHeartbeat` row every ``BEAT_SECONDS`` (its own
database connection: Django's are per thread), so a worker busy with a long planner job still
shows as alive; the row is removed when the worker stops cleanly, and rows of workers dead for
a day are removed by the next worker that starts.
"""

from __future__ import annotations

import datetime
import os
import socket
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from yizhan.web.service.models import BEAT_SECONDS, WorkerHeartbeat


def _beat(worker_id: str, started: datetime.datetime, stop: threading.Event) -> None:
    while True:
        try:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id,
                defaults={"host": socket.gethostname()[:255], "pid": os.getpid(),
                          "started_at": started, "seen_at": timezone.now()})
        except Exception:  # noqa: BLE001 - a database restart must not end the heartbeat
            connection.close()
        if stop.wait(BEAT_SECONDS):
            break
    connection.close()


class Command(DBWorkerCommand):
    help = "Run planner jobs (django-tasks-db db_worker) and keep a heartbeat row."

    def handle(self, *args, worker_id: str, **options) -> None:
        started = timezone.now()
        WorkerHeartbeat.objects.filter(
            seen_at__lt=started - datetime.timedelta(days=1)).delete()
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(worker_id, started, stop), daemon=True,
                                name="heartbeat")
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

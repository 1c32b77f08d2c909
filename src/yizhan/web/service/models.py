"""The task worker's heartbeat: one row per running worker, touched every few seconds.

django-tasks-db records which worker claimed a job but not whether that worker is still
alive; ``yizhan check-deploy`` needs to know that planner jobs will be picked up at all. The
row lives in the database (not a file) so that a worker on another host counts too.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

#: seconds between two beats of a running worker (default of ``YIZHAN_WORKER_BEAT_SECONDS``)
BEAT_SECONDS = 10
#: a worker whose last beat is older than this is taken for dead (three beats missed)
STALE_SECONDS = 3 * BEAT_SECONDS


def beat_seconds() -> float:
    """Seconds between two beats: ``YIZHAN_WORKER_BEAT_SECONDS`` (the same for every process of
    one installation), default :data:`BEAT_SECONDS`."""
    return float(getattr(settings, "YIZHAN_WORKER_BEAT_SECONDS", BEAT_SECONDS))


def stale_seconds() -> float:
    """A worker silent this long (three beats) is taken for dead."""
    return 3 * beat_seconds()


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"

    @classmethod
    def alive(cls, now: datetime.datetime | None = None):
        """Workers that beat within :func:`stale_seconds`."""
        now = now or timezone.now()
        return cls.objects.filter(
            seen_at__gte=now - datetime.timedelta(seconds=stale_seconds()))

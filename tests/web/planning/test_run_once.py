"""A planner job that runs a second time (its worker was taken for dead and the job queued
again, yizhan.web.service.recovery) never leaves two plans: the attempt that finishes second
finds the run finished and drops its result. The worker-kill end to end is in
tests/web/test_worker_kill.py."""

import pytest

from yizhan.web.planning import runner
from yizhan.web.planning.choices import RunStatus
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.planning.tasks import run_planner


@pytest.mark.django_db
def test_the_attempt_that_finishes_second_leaves_no_second_plan(world, users, monkeypatch):
    sub = world["own"]["subdistrict"]
    run = PlannerRun.objects.create(name="twice", subdistrict=sub, created_by=users["officer"],
                                    params={"time_limit": 5, "seed": 0})
    first = Plan.objects.create(name="twice", subdistrict=sub, assignment={"T001": "A"},
                                created_by=users["officer"])

    def other_attempt_finishes_meanwhile(*args, **kwargs):
        PlannerRun.objects.filter(pk=run.pk).update(status=RunStatus.SUCCEEDED, plan=first)
        return {"T001": "B"}, {}

    monkeypatch.setattr(runner, "run_isolated", other_attempt_finishes_meanwhile)
    assert run_planner.call(run.pk) == {"status": RunStatus.SUCCEEDED}
    assert list(Plan.objects.filter(name="twice")) == [first]
    assert PlannerRun.objects.get(pk=run.pk).plan == first

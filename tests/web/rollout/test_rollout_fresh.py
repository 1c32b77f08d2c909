"""Applying the plan in force does not make it stale (the rollout's own post moves are the
plan carried out); a real change of the registry afterwards still does."""

import datetime

from yizhan.web.planning import services as svc
from yizhan.web.planning.authority import staleness
from yizhan.web.registry import models as m
from yizhan.web.rollout import service

from .helpers import EFFECTIVE

DAY = datetime.date.fromisoformat(EFFECTIVE)


def stale(plan):
    plan.refresh_from_db()
    svc.clear_cache()
    return staleness(plan, svc.registry_version())


def test_applied_plan_is_not_stale_but_a_later_change_makes_it(rw, users):
    plan = rw["plan"]
    assert stale(plan) == []
    record = service.apply(users["admin"], rw["sub"], DAY)
    assert str(plan.pk) in record.baselines
    # the rollout moved posts (which the approval's fingerprint includes): still not stale
    assert m.Post.objects.filter(start=DAY).exists()
    assert stale(plan) == []
    # a post changed by hand afterwards is a real change
    post = m.Post.objects.filter(org_kind="station", role="staff", end__isnull=True,
                                 subdistrict=rw["sub"]).first()
    post.role = "assistant"
    post.save()
    lines = stale(plan)
    assert lines and "职务变化" in lines[0], lines
    post.role = "staff"
    post.save()
    assert stale(plan) == []  # compared with what the rollout left, not with the approval
    com = m.Committee.objects.get(code="H00")
    com.households += 500
    com.save()
    assert any("户数" in line for line in stale(plan))


def test_without_the_baseline_the_applied_plan_would_look_stale(rw, users):
    """The fix is what keeps it fresh: the same apply without the recorded baseline."""
    from yizhan.web.rollout.models import RolloutRecord

    service.apply(users["admin"], rw["sub"], DAY)
    RolloutRecord.objects.update(baselines={})
    assert stale(rw["plan"]) != []

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


def _approved(name, subdistrict, assignment, users):
    from django.contrib.auth.models import User

    from yizhan.web.planning.choices import PlanSource
    from yizhan.web.planning.models import Plan
    from yizhan.web.planning.workflow import transition

    plan = Plan.objects.create(name=name, subdistrict=subdistrict, source=PlanSource.IMPORTED,
                               assignment=assignment, created_by=users["admin"])
    transition(plan, "submit", users["admin"])
    transition(plan, "approve", User.objects.get(username="admin2"), "同意",
               blocking_findings=lambda p: [])
    plan.refresh_from_db()
    return plan


def test_the_district_plan_whose_part_was_replaced_stays_fresh(rw, users):
    """The plan in force is the district plan with 黄贝's part replaced by 黄贝's plan:
    applying it for 黄贝 keeps both fresh; a district plan stale before stays stale."""
    from yizhan.web.registry.snapshot import current_assignment

    district = _approved("全区方案", None, current_assignment(), users)
    huangbei = _approved("黄贝方案", rw["sub"], rw["plan"].assignment, users)
    assert stale(district) == [] and stale(huangbei) == []
    record = service.apply(users["admin"], rw["sub"], DAY)
    assert set(record.baselines) == {str(district.pk), str(huangbei.pk)}
    assert record.plans == [huangbei.pk]
    assert stale(district) == [] and stale(huangbei) == []


def test_a_district_plan_stale_before_the_apply_stays_stale(rw, users, world):
    from yizhan.web.registry.snapshot import current_assignment

    district = _approved("全区方案", None, current_assignment(), users)
    huangbei = _approved("黄贝方案", rw["sub"], rw["plan"].assignment, users)
    other = world["other"]["committee"]
    other.households += 100  # the other subdistrict: the district plan is stale, 黄贝's is not
    other.save()
    assert stale(district) and stale(huangbei) == []
    record = service.apply(users["admin"], rw["sub"], DAY)
    assert str(district.pk) not in record.baselines
    assert any("户数" in line for line in stale(district))

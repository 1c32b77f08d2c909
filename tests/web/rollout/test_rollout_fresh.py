"""Applying the plan in force does not make it stale (the rollout's own post moves are the
plan carried out), nor does taking up an appointment (a head or secretary R10 asks for); a
real change of the registry afterwards still does."""

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


# ------------------------------------------------ appointments (issue 11's note, R10 二、（七）)
def _elect_head_secretary(users):
    """H00's station: its staff member H00-0 elected party secretary and made head (the R10
    repair the dry run asks for), taken up through the workflow."""
    from .test_appointments import (SECRETARY_FILING, STATION_FILINGS, appointment,
                                    through)

    sec = through(appointment("SH00", "secretary", "H00-0", filings=SECRETARY_FILING),
                  users["admin"])
    head = through(appointment("SH00", "head", "H00-0", filings=STATION_FILINGS),
                   users["admin"], to="appointed")
    sec.refresh_from_db()
    assert (head.status, sec.status) == ("appointed", "appointed")
    return head


def test_an_appointment_taken_up_keeps_the_approved_plan_fresh(rw, users):
    plan = rw["plan"]
    before = set(m.Post.objects.filter(end__isnull=True).values_list("pk", flat=True))
    head = _elect_head_secretary(users)
    # the take-up changed posts, which the approval's fingerprint includes...
    assert set(m.Post.objects.filter(end__isnull=True).values_list("pk", flat=True)) != before
    # ...and the plan is still the one approved: not stale, and the rollout is not blocked
    assert str(plan.pk) in head.baselines and head.appointed_at is not None
    assert stale(plan) == []
    after = datetime.date(2006, 9, 15)  # the rollout after the post was taken up (09-01)
    record = service.apply(users["admin"], rw["sub"], after)
    assert record.plans == [plan.pk] and stale(plan) == []


def test_without_the_appointments_baseline_the_plan_would_look_stale(rw, users):
    """What issue 11's note saw: the same take-up without the baseline makes the plan stale,
    listing the posts, and the rollout is refused until the plan is re-approved."""
    import pytest

    from yizhan.web.rollout.models import Appointment

    _elect_head_secretary(users)
    Appointment.objects.update(baselines={})
    lines = stale(rw["plan"])
    assert lines and "职务变化" in lines[0], lines
    with pytest.raises(service.RolloutRefused) as refused:
        service.apply(users["admin"], rw["sub"], datetime.date(2006, 9, 15))
    assert "重新批准" in str(refused.value)


def test_what_made_the_plan_stale_still_does_after_an_appointment(rw, users):
    """A post changed by hand after the take-up, or households changed, still make the plan
    stale; and a plan stale before the take-up gets no baseline and stays stale."""
    plan = rw["plan"]
    _elect_head_secretary(users)
    post = m.Post.objects.filter(org_kind="station", role="staff", end__isnull=True,
                                 subdistrict=rw["sub"]).first()
    post.role = "assistant"
    post.save()
    lines = stale(plan)
    assert lines and "职务变化" in lines[0], lines
    post.role = "staff"
    post.save()
    assert stale(plan) == []  # compared with what the take-up left
    com = m.Committee.objects.get(code="H10")
    com.households += 500
    com.save()
    assert any("户数" in line for line in stale(plan))


def test_a_plan_stale_before_the_appointment_stays_stale(rw, users):
    plan = rw["plan"]
    com = m.Committee.objects.get(code="H10")
    com.households += 500
    com.save()
    assert stale(plan)
    head = _elect_head_secretary(users)
    assert str(plan.pk) not in head.baselines
    lines = stale(plan)
    assert any("户数" in line for line in lines) and any("职务变化" in line for line in lines)


def test_an_appointment_keeps_the_district_plan_fresh_too(rw, users, world):
    """The district plan covers the subdistrict's posts as well: both plans of the plan in
    force stay fresh."""
    from yizhan.web.registry.snapshot import current_assignment

    district = _approved("全区方案", None, current_assignment(), users)
    huangbei = _approved("黄贝方案", rw["sub"], rw["plan"].assignment, users)
    assert stale(district) == [] and stale(huangbei) == []
    head = _elect_head_secretary(users)
    assert set(head.baselines) == {str(district.pk), str(huangbei.pk)}
    assert stale(district) == [] and stale(huangbei) == []

"""Applying a rollout opens the subdistrict's task list and checklist in the reform in
progress (the ``RolloutRecord`` the apply step saves, in its transaction)."""

import datetime

import pytest
from django.apps import apps

pytestmark = pytest.mark.skipif(not apps.is_installed("yizhan.web.rollout"),
                                reason="the rollout app is not installed")


def test_a_rollout_record_opens_the_task_list(world, users):
    from yizhan.web.reform import services
    from yizhan.web.rollout.models import RolloutRecord

    reform = services.start_reform()
    own, other = world["own"]["subdistrict"], world["other"]["subdistrict"]
    RolloutRecord.objects.create(subdistrict=own, effective=datetime.date(2006, 9, 1),
                                 applied_by=users["admin"])
    assert reform.tasks.filter(subdistrict=own).exists()
    assert reform.inspections.filter(subdistrict=own).exists()
    assert not reform.tasks.filter(subdistrict=other).exists()

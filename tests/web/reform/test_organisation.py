"""Parts 三 and 七 as records: the timetable, the leading groups, a subdistrict's task list
and checklist, started from the document and editable per reform."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from yizhan.web.reform import defaults as D
from yizhan.web.reform import services
from yizhan.web.reform.models import LeadingGroup, Phase, Task


def test_the_timetable_is_the_documents_three_phases(reform):
    phases = [(p.number, p.name, p.article, p.start, p.end) for p in reform.phases.all()]
    assert phases == [
        (1, "调查摸底、宣传发动阶段", "七、（一）", datetime.date(2006, 6, 1), datetime.date(2006, 7, 31)),
        (2, "组织实施阶段", "七、（二）", datetime.date(2006, 8, 1), datetime.date(2006, 8, 31)),
        (3, "检查验收阶段", "七、（三）", datetime.date(2006, 9, 1), datetime.date(2006, 9, 15))]


def test_the_district_group_and_one_group_per_subdistrict(reform, world):
    district = reform.district_group
    assert district.office == "区民政局" and district.article == "三、（一）"
    assert district.units == ["区委组织部", "区民政局", "区改革办", "区人事局（编办）", "各街道办事处"]
    assert [(m.role, m.name) for m in district.members.order_by("pk")] == [
        ("leader", "曾节"), ("deputy", "吴裕中"), ("deputy", "康雅丽")]
    subs = reform.groups.filter(subdistrict__isnull=False)
    assert sorted(g.subdistrict_id for g in subs) == sorted(
        [world["own"]["subdistrict"].pk, world["other"]["subdistrict"].pk])
    assert all(g.article == "三、（二）" for g in subs)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadingGroup.objects.create(reform=reform, subdistrict=world["own"]["subdistrict"],
                                    name="第二个")
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadingGroup.objects.create(reform=reform, name="第二个区领导小组")


def test_a_subdistrict_gets_its_task_list_and_checklist_once(reform, world):
    own = world["own"]["subdistrict"]
    tasks = list(reform.tasks.filter(subdistrict=own).select_related("phase"))
    assert len(tasks) == len(D.TASKS)
    assert all(t.deadline == t.phase.end and t.article for t in tasks)
    inspection = reform.inspections.get(subdistrict=own)
    assert [i.key for i in inspection.items.all()] == [k for k, _t, _a in D.CHECKLIST]
    assert services.open_subdistrict(reform, own) is False
    assert reform.tasks.filter(subdistrict=own).count() == len(D.TASKS)
    assert not reform.tasks.filter(subdistrict=world["other"]["subdistrict"]).exists()


def test_phase_dates_are_editable_and_checked(reform):
    phase = reform.phases.get(number=2)
    phase.end = datetime.date(2006, 7, 1)
    with pytest.raises(ValidationError, match="结束日期"):
        phase.full_clean()
    phase.end = datetime.date(2006, 9, 10)
    phase.full_clean()
    phase.save()
    assert Phase.objects.get(pk=phase.pk).end == datetime.date(2006, 9, 10)


def test_a_task_of_another_reforms_phase_is_refused(reform, world):
    other = services.start_reform("另一次改革")
    task = Task(reform=reform, subdistrict=world["own"]["subdistrict"],
                phase=other.phases.first(), title="x", deadline=datetime.date(2006, 8, 1))
    with pytest.raises(ValidationError, match="阶段"):
        task.full_clean()

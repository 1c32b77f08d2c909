import pytest

from yizhan.web.context import change_context


@pytest.fixture
def reform(world, users):
    """A reform started from the document, the own subdistrict opened (task list and
    checklist), and the admin linked as the district group's leader."""
    from yizhan.web.reform import services
    from yizhan.web.reform.models import GroupMember

    with change_context(label="test-setup"):
        r = services.start_reform()
        services.open_subdistrict(r, world["own"]["subdistrict"])
        leader = GroupMember.objects.get(group__reform=r, group__subdistrict__isnull=True,
                                         role="leader")
        leader.user = users["admin"]
        leader.save()
    return r


@pytest.fixture
def inspection(reform, world):
    return reform.inspections.get(subdistrict=world["own"]["subdistrict"])


@pytest.fixture
def rolled_out(world):
    """A rollout applied to each subdistrict of the world (its record is what acceptance
    needs; what it wrote does not matter here)."""
    import datetime

    from yizhan.web.rollout.models import RolloutRecord

    for side in ("own", "other"):
        RolloutRecord.objects.create(subdistrict=world[side]["subdistrict"],
                                     effective=datetime.date(2006, 8, 31))

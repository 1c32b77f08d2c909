"""Apply the plan in force in one transaction: what is written, and what is refused."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.registry import models as m
from yizhan.web.rollout import service
from yizhan.web.rollout.models import AssetClearance, FundAllocation, RolloutRecord
from yizhan.web.rollout.writer import Writer

from .helpers import EFFECTIVE

DAY = datetime.date.fromisoformat(EFFECTIVE)


def snapshot():
    """Everything a rollout writes, to show that a refused one wrote nothing."""
    return (m.Station.objects.count(), m.StationMembership.objects.count(),
            m.Post.objects.count(), m.PartyOrganisation.objects.count(),
            FundAllocation.objects.count(), RolloutRecord.objects.count(),
            AssetClearance.objects.count(),
            sorted(m.Person.objects.values_list("person_id", "pay_grade")))


def test_preview_lists_every_change_and_can_apply(rw):
    result = service.preview(rw["sub"], DAY)
    assert result.refusals == [] and result.can_apply, [f.message for f in result.run.violations]
    kinds = {c.kind for c in result.run.changes}
    assert kinds == {"open_station", "move_committee", "move_post", "set_party_org",
                     "clear_asset", "allocate_funds", "close_station"}


def test_apply_writes_everything_in_one_go_and_logs_who(rw, users):
    before = service.preview(rw["sub"], DAY).run
    record = service.apply(users["admin"], rw["sub"], DAY, {"HR0": "黄贝一站"})
    new = m.Station.objects.get(name="黄贝一站")
    assert new.established == DAY
    assert set(new.current_committees().values_list("code", flat=True)) == {"H00", "H01"}
    old = m.Station.objects.get(code="SH00")  # closed, not deleted
    assert old.dissolved == DAY
    ended = m.StationMembership.objects.get(station=old)
    assert ended.end == DAY
    # headcount and pay unchanged, posts moved with dates
    open_staff = m.Post.objects.filter(org_kind="station", end__isnull=True, subdistrict=rw["sub"])
    assert open_staff.count() == before.before.headcount("黄贝")
    assert m.Person.objects.get(person_id="H01-0").pay_grade == "九级"
    assert open_staff.filter(station=new, role="head").count() == 1
    # party organisation: 60 members → a general branch, the old ones its branches
    org = m.PartyOrganisation.objects.get(station=new)
    assert (org.kind, org.members) == ("general_branch", 60)
    assert set(org.branches.values_list("name", flat=True)) == {"黄贝00党支部", "黄贝01党支部"}
    # assets on the clearance list; funds follow the station, total kept
    lines = {c.asset.description: c for c in AssetClearance.objects.filter(record=record)}
    assert lines["电脑"].destination == "district_government" and lines["电脑"].status == "to_transfer"
    assert lines["捐赠桌椅"].destination == new.code
    funds = FundAllocation.objects.filter(end__isnull=True)
    assert sum(funds.values_list("amount_fen", flat=True)) == 1_000_000
    assert funds.get(station=new).amount_fen == 300_000
    # change-logged, by the user, one request id
    changes = ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(m.Station),
                                          changed_object_id=new.pk)
    assert changes.get().user == users["admin"]
    assert record.summary["headcount_before"] == record.summary["headcount_after"]


def test_applying_twice_is_refused(rw, users):
    service.apply(users["admin"], rw["sub"], DAY)
    state = snapshot()
    with pytest.raises(service.RolloutRefused) as exc:
        service.apply(users["admin"], rw["sub"], DAY)
    assert "不能重复实施" in " ".join(exc.value.messages)
    assert snapshot() == state


def test_a_stale_plan_is_refused(rw, users):
    com = m.Committee.objects.get(code="H00")
    com.households += 1000
    com.save()
    state = snapshot()
    with pytest.raises(service.RolloutRefused) as exc:
        service.apply(users["admin"], rw["sub"], DAY)
    assert "重新批准" in " ".join(exc.value.messages)
    assert snapshot() == state


def test_no_plan_in_force_nothing_to_apply(world, users):
    with pytest.raises(service.RolloutRefused) as exc:
        service.apply(users["admin"], world["other"]["subdistrict"], DAY)
    assert "没有已批准的现行方案" in exc.value.messages[0]


def _break(monkeypatch, method, edit):
    """Make ``Writer.<method>`` write a changed version of what it is told to write."""
    original = getattr(Writer, method)

    def faulty(self, d):
        return original(self, edit(dict(d)))

    monkeypatch.setattr(Writer, method, faulty)


def _set(d, **kw):
    d.update(kw)
    return d


BROKEN = {
    "R8 pay": ("_move_post", lambda d: _set(d, pay_grade="一级") if d["person_id"] == "H01-0" else d, "R8"),
    "R8 moves out of the subdistrict": ("_move_post", lambda d: _set(d, to="ST002") if d["person_id"] == "H01-0" else d, "R8"),
    "R10 two heads": ("_move_post", lambda d: _set(d, role_to="head"), "R10"),
    "R9 wrong kind": ("_set_party_org", lambda d: _set(d, kind="committee") if d["org_id"].startswith("PO-") else d, "R9"),
    "R9 members lost": ("_set_party_org", lambda d: _set(d, members=d["members"] - 1) if d["org_id"].startswith("PO-") else d, "R9"),
    "R10 two deputy secretaries": ("_set_party_org", lambda d: _set(d, deputy_secretaries=["H00-0", "H00-1"]) if d["org_id"].startswith("PO-") else d, "R10"),
    "R11 state asset kept": ("_clear_asset", lambda d: _set(d, destination="SH00") if d["owner_class"] == "state" else d, "R11"),
    "R11 value changed": ("_clear_asset", lambda d: _set(d, value_fen=d["value_fen"] + 1), "R11"),
    "R12 total changed": ("_allocate_funds", lambda d: _set(d, amount_fen=d["amount_fen"] - 100), "R12"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_invariant_rolls_everything_back_naming_the_rule(rw, users, monkeypatch, case):
    method, edit, rule = BROKEN[case]
    _break(monkeypatch, method, edit)
    state = snapshot()
    with pytest.raises(service.RolloutRefused) as exc:
        service.apply(users["admin"], rw["sub"], DAY)
    assert any(f"违反{rule}" in m_ for m_ in exc.value.messages), exc.value.messages
    assert {f["rule"] for f in exc.value.findings} >= {rule}
    assert snapshot() == state


def test_a_committee_left_behind_rolls_back_naming_r1(rw, users, monkeypatch):
    original = Writer._move_committee
    monkeypatch.setattr(Writer, "_move_committee",
                        lambda self, d: None if d["committee"] == "H11" else original(self, d))
    state = snapshot()
    with pytest.raises(service.RolloutRefused) as exc:
        service.apply(users["admin"], rw["sub"], DAY)
    assert any("违反R1" in x for x in exc.value.messages)
    assert snapshot() == state


def test_a_head_who_is_not_secretary_blocks_the_apply_with_what_to_change(rw, users):
    from django.contrib.auth.models import User

    from yizhan.web.planning.workflow import transition

    for pid, role in (("T001-a", "head"), ("PT001", "staff")):
        post = m.Post.objects.get(person__person_id=pid, org_kind="station")
        post.role = role
        post.save()
    with pytest.raises(service.RolloutRefused, match="重新批准"):  # the posts changed: stale
        service.apply(users["admin"], rw["sub"], DAY)
    transition(rw["plan"], "reapprove", User.objects.get(username="admin2"), "已核对",
               blocking_findings=lambda p: [])
    state = snapshot()
    with pytest.raises(service.RolloutRefused) as exc:
        service.apply(users["admin"], rw["sub"], DAY)
    assert any("违反R10" in x and "选举" in x for x in exc.value.messages), exc.value.messages
    assert snapshot() == state


def test_a_deputy_head_cannot_even_be_written(rw, users, monkeypatch):
    """R10: no deputy-head post exists — the registry has no such role, so the write is
    refused by the model and everything rolls back."""
    _break(monkeypatch, "_move_post",
           lambda d: _set(d, role_to="deputy_head") if d["role_to"] == "staff" else d)
    state = snapshot()
    with pytest.raises(service.RolloutRefused):
        service.apply(users["admin"], rw["sub"], DAY)
    assert snapshot() == state

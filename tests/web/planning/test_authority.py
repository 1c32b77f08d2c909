"""Plan authority (issue 8, items 1-4): one approved plan per scope, superseding, the plan in
force composed from the approved plans, stale plans, four eyes, officers reading it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from yizhan.web.context import change_context
from yizhan.web.planning.authority import applicable, compose, plan_in_force, staleness
from yizhan.web.planning.choices import PlanSource, PlanStatus
from yizhan.web.planning.models import Plan
from yizhan.web.planning.workflow import TransitionError, available_actions, transition
from yizhan.web.registry import models as m

from ..factories import make_user
from .helpers import assignment_for

OK = lambda plan: []  # noqa: E731 - no hard-rule violations (approval not blocked)


@pytest.fixture
def grid(pw):
    """The planning world with no approved plan yet (its "approved" fixtures made drafts)."""
    Plan.objects.filter(status=PlanStatus.APPROVED).update(status=PlanStatus.DRAFT)
    return pw


def new_plan(sub, user, assignment=None, name=None, status=PlanStatus.SUBMITTED):
    return Plan.objects.create(
        name=name or f"{getattr(sub, 'name', '全区')} 方案", subdistrict=sub,
        source=PlanSource.IMPORTED, status=status, created_by=user,
        assignment=assignment if assignment is not None else district_assignment())


def district_assignment() -> dict[str, str]:
    out = {}
    for sub in m.Subdistrict.objects.all():
        out.update(assignment_for(sub))
    return out


def approve(plan, user):
    transition(plan, "approve", user, "同意", blocking_findings=OK)
    plan.refresh_from_db()
    return plan


# ---------------------------------------------------------------------- one per scope
def test_two_approvals_in_one_scope_leave_one_approved_one_superseded(grid, world, users):
    sub = world["own"]["subdistrict"]
    first = approve(new_plan(sub, users["officer"], assignment_for(sub), "第一稿"), users["admin"])
    second = approve(new_plan(sub, users["officer"], assignment_for(sub), "第二稿"),
                     users["admin"])
    first.refresh_from_db()
    assert (first.status, second.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert first.superseded_by == second
    log = first.transitions.get(action="supersede")
    assert (log.user_name, log.from_status, log.to_status) == ("admin", "approved", "superseded")
    assert "第二稿" in log.reason and log.time is not None
    assert Plan.objects.filter(pk=first.pk).exists()   # never deleted
    assert Plan.objects.filter(subdistrict=sub, status=PlanStatus.APPROVED).count() == 1
    # the other subdistrict's approval is untouched by this scope's
    other = approve(new_plan(world["other"]["subdistrict"], users["viewer"],
                             assignment_for(world["other"]["subdistrict"])), users["admin"])
    second.refresh_from_db()
    assert (second.status, other.status) == (PlanStatus.APPROVED, PlanStatus.APPROVED)


def test_the_database_refuses_a_second_approved_plan_in_a_scope(grid, world, users):
    a = new_plan(None, users["admin"], status=PlanStatus.APPROVED)
    b = new_plan(None, users["admin"], status=PlanStatus.DRAFT)
    b.status = PlanStatus.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        b.save()
    sub = world["own"]["subdistrict"]
    new_plan(sub, users["admin"], assignment_for(sub), status=PlanStatus.APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        new_plan(sub, users["admin"], assignment_for(sub), status=PlanStatus.APPROVED)
    assert Plan.objects.filter(status=PlanStatus.APPROVED).count() == 2 and a.pk


def test_a_concurrent_approval_that_loses_the_race_changes_nothing(grid, world, users,
                                                                    monkeypatch):
    """Two approvals at once both find no approved plan to supersede (neither sees the
    other's uncommitted row); the unique index lets only one commit."""
    sub = world["own"]["subdistrict"]
    winner = approve(new_plan(sub, users["officer"], assignment_for(sub)), users["admin"])
    loser = new_plan(sub, users["officer"], assignment_for(sub))
    monkeypatch.setattr("yizhan.web.planning.workflow.superseded_by_approval",
                        lambda plan: Plan.objects.none())
    with pytest.raises(TransitionError, match="刚刚被批准"):
        transition(loser, "approve", users["admin"], blocking_findings=OK)
    loser.refresh_from_db()
    winner.refresh_from_db()
    assert (loser.status, winner.status) == (PlanStatus.SUBMITTED, PlanStatus.APPROVED)
    assert not loser.transitions.exists()


def test_a_district_approval_supersedes_the_subdistrict_plans_it_replaces(grid, world, users):
    sub = world["own"]["subdistrict"]
    part = approve(new_plan(sub, users["officer"], assignment_for(sub)), users["admin"])
    district = approve(new_plan(None, users["viewer"]), users["admin"])
    part.refresh_from_db()
    assert part.status == PlanStatus.SUPERSEDED and part.superseded_by == district


# ---------------------------------------------------------------------- the plan in force
def test_compose_replaces_one_subdistrict_part_and_nothing_else():
    units = {"a": "P", "b": "P", "c": "Q", "d": "Q", "e": "R"}
    current = {c: f"now-{c}" for c in units}
    district = {"a": "S1", "b": "S1", "c": "S2", "d": "S2", "e": "S3"}
    before, _ = compose(units, current, district)
    after, source = compose(units, current, district, {"Q": {"c": "Q1", "d": "Q2"}})
    assert before == district
    assert {c: after[c] for c in ("a", "b", "e")} == {c: before[c] for c in ("a", "b", "e")}
    assert (after["c"], after["d"]) == ("Q1", "Q2")
    assert source == {"a": "district", "b": "district", "c": "Q", "d": "Q", "e": "district"}
    # no plan at all: everyone on today's station
    assert compose(units, current) == (current, {c: "current" for c in units})


def test_compose_keeps_parts_apart_when_labels_clash():
    units = {"a": "P", "b": "Q", "n": "Q"}
    assignment, source = compose(units, {"a": "x", "b": "y", "n": "S"},
                                 {"a": "S", "b": "T"}, {"Q": {"b": "S"}})
    # 黄贝's "S" and the district's "S" are different stations; "n" (not in the
    # subdistrict plan) stays on today's "S", a third one
    assert len(set(assignment.values())) == 3
    assert source == {"a": "district", "b": "Q", "n": "current"}


def test_a_subdistrict_approval_changes_the_plan_in_force_there_only(grid, world, users):
    district = approve(new_plan(None, users["viewer"]), users["admin"])
    before = plan_in_force()
    own, other = world["own"]["subdistrict"], world["other"]["subdistrict"]
    merged = {c: "黄贝一站" for c in assignment_for(own)}
    approve(new_plan(own, users["officer"], merged), users["admin"])
    after = plan_in_force()
    own_codes = set(assignment_for(own))
    assert {c: s for c, s in after.assignment.items() if c in own_codes} == merged
    assert {c: s for c, s in after.assignment.items() if c not in own_codes} == \
        {c: s for c, s in before.assignment.items() if c not in own_codes}
    assert after.plan_of(own.name).name.startswith("黄贝") and after.plan_of(other.name) == district
    district.refresh_from_db()
    assert district.status == PlanStatus.APPROVED


def test_the_plan_in_force_covers_every_committee(grid, world, users):
    approve(new_plan(world["own"]["subdistrict"], users["officer"],
                     assignment_for(world["own"]["subdistrict"])), users["admin"])
    force = plan_in_force()
    assert set(force.assignment) == set(m.Committee.objects.values_list("code", flat=True))
    other = world["other"]["subdistrict"].name
    # 南湖 has no approved plan: its committees stay on today's stations
    assert sorted(force.uncovered(other)) == sorted(assignment_for(world["other"]["subdistrict"]))
    assert force.plan_of(other) is None


# ---------------------------------------------------------------------- stale plans
def _add(w):
    with change_context(label="test"):
        m.Committee.objects.create(code="H99", name="新社区", subdistrict=w["own"]["subdistrict"],
                                   households=3000)


def _remove(w):
    with change_context(label="test"):
        c = m.Committee.objects.get(code="H11")
        c.memberships.all().delete()
        m.CommitteeAdjacency.objects.filter(a=c).delete()
        m.CommitteeAdjacency.objects.filter(b=c).delete()
        c.delete()


def _move(w):
    with change_context(label="test"):
        c = m.Committee.objects.get(code="H11")
        c.subdistrict = w["other"]["subdistrict"]
        c.save()


def _facility(w):
    with change_context(label="test"):
        c = m.Committee.objects.get(code="H10")
        c.office_m2 = 400
        c.save()


def _households(w):
    with change_context(label="test"):
        c = m.Committee.objects.get(code="H10")
        c.households += 1
        c.save()


def _adjacency(w):
    with change_context(label="test"):
        a, b = m.Committee.objects.get(code="H00"), m.Committee.objects.get(code="H11")
        m.CommitteeAdjacency.objects.create(a=min(a, b, key=lambda o: o.pk),
                                            b=max(a, b, key=lambda o: o.pk))


def _post(w):
    with change_context(label="test"):
        post = w["own"]["post"]
        post.end = datetime.date(2026, 1, 1)
        post.save()


@pytest.mark.parametrize("change, words", [
    (_add, "新增居委会"), (_remove, "删除的居委会"), (_move, "所属街道"),
    (_households, "户数"), (_facility, "办公用房"), (_adjacency, "相邻关系"),
    (_post, "职务")])
def test_a_registry_change_that_changes_the_check_makes_the_plan_stale(
        grid, world, users, change, words):
    plan = approve(new_plan(None, users["officer"]), users["admin"])
    assert plan.approved_version and plan.approved_fingerprint and plan.approved_check["counts"]
    assert staleness(plan) == [] and applicable(plan) == []
    change(world)
    stale = staleness(plan)
    assert stale and any(words in line for line in stale), stale
    assert applicable(plan)[1:] == stale
    # re-checked and re-approved (by someone else than the submitter): applicable again
    assert [t.action for t in available_actions(plan, users["admin"])] == ["reapprove"]
    transition(plan, "reapprove", users["admin"], "已核对", blocking_findings=OK)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and staleness(plan) == [] and applicable(plan) == []


def test_a_write_that_does_not_change_the_check_keeps_the_plan_fresh(grid, world, users):
    sub = world["own"]["subdistrict"]
    plan = approve(new_plan(sub, users["officer"], assignment_for(sub)), users["admin"])
    with change_context(label="test"):
        c = m.Committee.objects.get(code="H00")
        c.name = "改名社区"
        c.save()
    assert staleness(plan) == []
    with pytest.raises(TransitionError, match="无需重新批准"):
        transition(plan, "reapprove", users["admin"], blocking_findings=OK)


def test_a_committee_added_after_approval_stays_on_its_station_and_the_plan_is_stale(
        grid, world, users):
    sub = world["own"]["subdistrict"]
    plan = approve(new_plan(sub, users["officer"], assignment_for(sub)), users["admin"])
    _add(world)
    force = plan_in_force()
    assert force.source["H99"] == "current" and force.uncovered(sub.name) == ["H99"]
    assert staleness(plan) and applicable(plan)


def test_a_committee_moved_out_of_a_subdistrict_plan_makes_it_stale(grid, world, users):
    sub = world["own"]["subdistrict"]
    plan = approve(new_plan(sub, users["officer"], assignment_for(sub)), users["admin"])
    _move(world)
    assert any("删除的居委会" in line and "H11" in line for line in staleness(plan))


# ---------------------------------------------------------------------- four eyes
def test_the_submitter_cannot_approve_their_own_plan(grid, world, users, settings):
    other_admin = make_user("admin2", "admin")
    plan = new_plan(None, users["admin"], status=PlanStatus.DRAFT)
    transition(plan, "submit", users["admin"])
    assert "approve" not in [t.action for t in available_actions(plan, users["admin"])]
    with pytest.raises(PermissionDenied, match="四眼"):
        transition(plan, "approve", users["admin"], blocking_findings=OK)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    approve(plan, other_admin)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == other_admin
    # a small office turns the rule off
    settings.YIZHAN_FOUR_EYES = False
    mine = new_plan(None, users["admin"], status=PlanStatus.DRAFT)
    transition(mine, "submit", users["admin"])
    assert approve(mine, users["admin"]).status == PlanStatus.APPROVED


def test_approval_on_the_page_shows_the_findings_and_needs_confirmation(grid, world, users,
                                                                         client_for):
    plan = new_plan(world["own"]["subdistrict"], users["officer"],
                    assignment_for(world["own"]["subdistrict"]))
    admin = client_for("admin")
    page = admin.get(plan.get_absolute_url()).content.decode()
    assert 'id="approve-summary"' in page and 'name="confirm"' in page and "检查结果" in page
    url = reverse("planning:plan_transition", args=[plan.pk])
    admin.post(url, {"action": "approve"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED          # not confirmed: nothing happened
    admin.post(url, {"action": "approve", "confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


# ---------------------------------------------------------------------- officers
def test_an_officer_reads_the_plan_in_force_and_the_district_plan_but_cannot_move_it(
        grid, world, users, client_for):
    district = approve(new_plan(None, users["viewer"]), users["admin"])
    officer = client_for("officer")
    page = officer.get(reverse("planning:in_force"))
    assert page.status_code == 200
    text = page.content.decode()
    assert district.name in text and 'data-subdistrict="黄贝"' in text
    assert 'data-subdistrict="南湖"' not in text and 'id="district-totals"' in text
    detail = officer.get(district.get_absolute_url())
    assert detail.status_code == 200 and 'id="workflow"' not in detail.content.decode()
    assert officer.get(reverse("planning:plan_download", args=[district.pk])).status_code == 200
    resp = officer.post(reverse("planning:plan_transition", args=[district.pk]),
                        {"action": "submit"})
    assert resp.status_code == 403    # visible to them, so not 404: read-only
    district.refresh_from_db()
    assert district.status == PlanStatus.APPROVED
    # the other subdistrict's plans stay hidden
    other = new_plan(world["other"]["subdistrict"], users["admin"],
                     assignment_for(world["other"]["subdistrict"]))
    assert officer.get(other.get_absolute_url()).status_code == 404
    api = officer.get("/api/planning/in-force/").json()
    assert [p["subdistrict"] for p in api["parts"]] == ["黄贝"]
    assert api["district"]["committees"] == m.Committee.objects.count()


def test_the_admin_dashboard_shows_the_whole_district_after_a_subdistrict_approval(
        grid, world, users, client_for):
    approve(new_plan(None, users["viewer"]), users["admin"])
    sub = world["own"]["subdistrict"]
    approve(new_plan(sub, users["officer"], assignment_for(sub)), users["admin"])
    summary = client_for("admin").get("/api/dashboard/summary/?plan=in_force").json()
    assert summary["metrics"]["units"] == m.Committee.objects.count()
    page = client_for("admin").get(reverse("dashboard:index")).content.decode()
    assert 'value="in_force" selected' in page and 'id="in-force-sources"' in page


@pytest.mark.skipif("postgresql" not in __import__("django.conf").conf.settings.DATABASES[
    "default"]["ENGINE"], reason="needs concurrent transactions (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_on_postgresql_leave_one_approved(monkeypatch):
    """Two threads approve two plans of one scope at the same moment: both look for an
    approved plan to supersede before either saves; the unique index lets one commit."""
    import threading

    from django.db import connection

    from yizhan.web.planning import workflow

    from ..factories import build_world

    world = build_world()
    admin = make_user("admin", "admin")
    sub = world["own"]["subdistrict"]
    plans = [new_plan(sub, admin, {"T001": "S"}, f"并发{i}") for i in range(2)]
    barrier = threading.Barrier(2, timeout=10)
    found = workflow.superseded_by_approval

    def in_step(plan):
        rows = list(found(plan))   # both transactions read "nothing approved yet"
        barrier.wait()
        return Plan.objects.filter(pk__in=[p.pk for p in rows])

    monkeypatch.setattr(workflow, "superseded_by_approval", in_step)
    outcome = {}

    def run(plan):
        try:
            transition(plan, "approve", admin, blocking_findings=OK)
            outcome[plan.pk] = "approved"
        except TransitionError as exc:
            outcome[plan.pk] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(v == "approved" for v in outcome.values()) == [False, True], outcome
    assert Plan.objects.filter(subdistrict=sub, status=PlanStatus.APPROVED).count() == 1

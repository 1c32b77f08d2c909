"""The workflow engine on the plan's table: every transition and every refusal (table-driven),
optimistic concurrency (a move overtaken by another is a conflict, 409 in the API, a message
on the page), and the one log."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.planning.choices import PlanStatus as S
from yizhan.web.planning.models import Plan
from yizhan.web.planning.workflow import TRANSITIONS, WORKFLOW
from yizhan.web.versioning import StaleEdit
from yizhan.web.workflow import engine
from yizhan.web.workflow.engine import (InvalidReason, TransitionConflict, TransitionError,
                                        transition)
from yizhan.web.workflow.models import TransitionLog

OK = lambda plan: []  # noqa: E731 - no hard-rule violations (approval not blocked)

#: (action, side, from, role, reason, outcome): outcome is the new state or the refusal
CASES = [
    # every move of the table, by a role that may
    ("submit", "own", S.DRAFT, "officer", "", S.SUBMITTED),
    ("withdraw", "own", S.SUBMITTED, "officer", "", S.DRAFT),
    ("approve", "own", S.SUBMITTED, "admin", "", S.APPROVED),
    ("reject", "own", S.SUBMITTED, "admin", "不连片", S.REJECTED),
    ("reopen", "own", S.REJECTED, "officer", "", S.DRAFT),
    ("submit", "other", S.DRAFT, "admin", "", S.SUBMITTED),
    # role and scope
    ("approve", "own", S.SUBMITTED, "officer", "", PermissionDenied),
    ("reject", "own", S.SUBMITTED, "officer", "x", PermissionDenied),
    ("submit", "other", S.DRAFT, "officer", "", PermissionDenied),
    ("submit", "own", S.DRAFT, "viewer", "", PermissionDenied),
    ("reopen", "own", S.REJECTED, "viewer", "", PermissionDenied),
    # reason
    ("reject", "own", S.SUBMITTED, "admin", "", InvalidReason),
    ("reject", "own", S.SUBMITTED, "admin", "   ", InvalidReason),
    ("reject", "own", S.SUBMITTED, "admin", "a\x00b", InvalidReason),
    # state: every action from every state it does not start from
    *[(t.action, "own", state, "admin", "理由", TransitionError)
      for t in TRANSITIONS.values() for state in S.values
      if state not in t.sources and t.action != "reapprove"],
    # reapprove is offered only when the approved plan is stale
    ("reapprove", "own", S.APPROVED, "admin", "", TransitionError),
]


def _id(case):
    action, side, state, role, _reason, outcome = case
    name = outcome if isinstance(outcome, str) else outcome.__name__
    return f"{action}-{side}-{state}-{role}-{name}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_every_transition_and_refusal(pw, users, case):
    action, side, state, role, reason, outcome = case
    plan = pw[(side, state)]
    before = TransitionLog.objects.count()
    if isinstance(outcome, str):
        entry = transition(plan, action, users[role], reason, blocking_findings=OK)
        plan.refresh_from_db()
        assert plan.status == outcome
        assert (entry.action, entry.from_status, entry.to_status, entry.user_name,
                entry.reason) == (action, state, outcome, role, reason)
        assert entry.subject == plan and entry.subdistrict_id == plan.subdistrict_id
    else:
        with pytest.raises(outcome):
            transition(plan, action, users[role], reason, blocking_findings=OK)
        plan.refresh_from_db()
        assert plan.status == state
        assert TransitionLog.objects.count() == before


def test_every_row_of_the_table_is_exercised():
    moved = {c[0] for c in CASES if isinstance(c[5], str)}
    assert moved | {"reapprove"} == set(TRANSITIONS)   # reapprove: test_authority.py


def test_a_move_overtaken_by_another_is_a_conflict_and_changes_nothing(pw, users):
    """Two administrators open the same submitted plan; one approves, the other rejects on
    the page they read: exactly one move, the other a conflict naming who moved it."""
    first = Plan.objects.get(pk=pw[("own", S.SUBMITTED)].pk)
    second = Plan.objects.get(pk=first.pk)
    other_admin = type(users["admin"]).objects.create_superuser("admin2", password="x-2006-pw")
    transition(first, "approve", users["admin"], blocking_findings=OK)
    with pytest.raises(TransitionConflict) as caught:
        transition(second, "reject", other_admin, "不同意")
    assert isinstance(caught.value, StaleEdit)           # → 409 through web/conflicts.py
    assert "admin" in caught.value.message and "已被他人处理" in caught.value.message
    first.refresh_from_db()
    assert first.status == S.APPROVED
    assert list(first.transitions.values_list("action", flat=True)) == ["approve"]


def test_expected_state_from_the_page_beats_a_fresh_read(pw, users):
    """The page POSTs the state it showed; the view reads the plan afresh, so without the
    expected state the late click would only be "wrong state"; with it, it is a conflict
    naming who moved the plan."""
    plan = pw[("own", S.SUBMITTED)]
    transition(plan, "withdraw", users["officer"])
    with pytest.raises(TransitionConflict, match="officer.*撤回"):
        transition(Plan.objects.get(pk=plan.pk), "withdraw", users["admin"],
                   expected=S.SUBMITTED)
    assert Plan.objects.get(pk=plan.pk).status == S.DRAFT
    assert plan.transitions.count() == 1


def test_api_answers_409_to_the_overtaken_move(pw, client_for):
    plan = pw[("own", S.SUBMITTED)]
    url = f"/api/planning/plans/{plan.pk}/transition/"
    admin = client_for("admin")
    assert admin.post(url, {"action": "withdraw", "from_status": "submitted"},
                      content_type="application/json").status_code == 200
    late = admin.post(url, {"action": "reject", "reason": "x", "from_status": "submitted"},
                      content_type="application/json")
    assert late.status_code == 409 and "已被他人处理" in late.json()["detail"]
    assert Plan.objects.get(pk=plan.pk).status == S.DRAFT


def test_page_shows_the_conflict_as_a_message(pw, client_for):
    plan = pw[("own", S.SUBMITTED)]
    url = reverse("planning:plan_transition", args=[plan.pk])
    client_for("officer").post(url, {"action": "withdraw", "expected": "submitted"})
    page = client_for("admin").post(url, {"action": "reject", "reason": "x",
                                          "expected": "submitted"}, follow=True)
    assert page.status_code == 200 and "已被他人处理" in page.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == S.DRAFT


def test_the_log_row_and_the_change_log_entry_share_the_request_id(pw, client_for):
    plan = pw[("own", S.DRAFT)]
    client_for("officer").post(f"/api/planning/plans/{plan.pk}/transition/",
                               {"action": "submit"}, content_type="application/json")
    entry = TransitionLog.objects.get(content_type=ContentType.objects.get_for_model(Plan),
                                      object_id=plan.pk)
    change = ObjectChange.objects.filter(changed_object_id=plan.pk,
                                         changed_object_type__model="plan").latest("time")
    assert entry.request_id == change.request_id
    assert change.prechange_data["status"] == "draft"
    assert (entry.from_label, entry.to_label, entry.action_label) == ("草稿", "已提交", "提交审批")


def test_an_unregistered_model_has_no_workflow(db):
    with pytest.raises(LookupError):
        engine.workflow_for(ObjectChange)
    assert engine.workflow_for(Plan) is WORKFLOW


def test_a_condition_hides_the_button_and_refuses_the_move(pw, users, monkeypatch):
    """``condition`` is checked on the locked row: reapprove of a plan that is not stale."""
    plan = pw[("own", S.APPROVED)]
    assert "reapprove" not in [t.action for t in engine.available_actions(plan, users["admin"])]
    with pytest.raises(TransitionError, match="无需重新批准"):
        transition(plan, "reapprove", users["admin"])

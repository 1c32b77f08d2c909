"""The plan workflow (Wagtail-style states and log): draft → submitted → approved/rejected."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.planning.choices import PlanStatus
from yizhan.web.planning.workflow import TransitionError, available_actions, transition

OK = lambda plan: []  # noqa: E731 - no hard-rule violations (approval not blocked)


def test_a_plan_goes_from_draft_to_approved_with_who_when_and_why(pw, users):
    plan = pw[("own", "draft")]
    transition(plan, "submit", users["officer"], "请审批")
    assert plan.status == PlanStatus.SUBMITTED
    transition(plan, "approve", users["admin"], "同意", blocking_findings=OK)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    log = list(plan.transitions.values_list("action", "from_status", "to_status", "user_name",
                                            "reason"))
    assert log == [("submit", "draft", "submitted", "officer", "请审批"),
                   ("approve", "submitted", "approved", "admin", "同意")]
    assert all(t.time for t in plan.transitions.all())


def test_reject_without_reason_is_refused(pw, users):
    plan = pw[("own", "submitted")]
    for reason in ("", "   "):
        with pytest.raises(TransitionError, match="理由"):
            transition(plan, "reject", users["admin"], reason)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not plan.transitions.exists()
    transition(plan, "reject", users["admin"], "东门街道户数不足6000户")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    assert plan.transitions.get().reason == "东门街道户数不足6000户"


def test_officer_cannot_approve_or_reject_even_their_own_subdistrict(pw, users):
    plan = pw[("own", "submitted")]
    for action in ("approve", "reject"):
        with pytest.raises(PermissionDenied):
            transition(plan, action, users["officer"], "自己批准", blocking_findings=OK)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert [t.action for t in available_actions(plan, users["officer"])] == ["withdraw"]
    assert {t.action for t in available_actions(plan, users["admin"])} == {
        "withdraw", "approve", "reject"}


def test_officer_cannot_submit_another_subdistricts_plan_and_viewer_nothing(pw, users):
    with pytest.raises(PermissionDenied):
        transition(pw[("other", "draft")], "submit", users["officer"])
    with pytest.raises(PermissionDenied):
        transition(pw[("own", "draft")], "submit", users["viewer"])
    assert available_actions(pw[("own", "draft")], users["viewer"]) == []


def test_moves_only_from_their_state_and_approved_is_final(pw, users):
    with pytest.raises(TransitionError, match="状态"):
        transition(pw[("own", "draft")], "approve", users["admin"], blocking_findings=OK)
    approved = pw[("own", "approved")]
    for action in ("submit", "withdraw", "approve", "reject", "reopen"):
        assert action not in [t.action for t in available_actions(approved, users["admin"])]
        with pytest.raises(TransitionError):
            transition(approved, action, users["admin"], "x", blocking_findings=OK)
    with pytest.raises(TransitionError, match="未知"):
        transition(pw[("own", "draft")], "publish", users["admin"])


def test_rejected_plan_can_be_reopened_and_resubmitted(pw, users):
    plan = pw[("own", "rejected")]
    transition(plan, "reopen", users["officer"])
    transition(plan, "submit", users["officer"], "已修改")
    assert plan.status == PlanStatus.SUBMITTED


def test_a_plan_breaking_a_hard_rule_cannot_be_approved(pw, users, world):
    plan = pw[("own", "submitted")]
    # join the grid with the world's committee T001, which borders none of them (R6)
    plan.assignment = {**plan.assignment, "T001": "HR0"}
    plan.save()
    with pytest.raises(TransitionError, match="R6"):
        transition(plan, "approve", users["admin"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_every_move_is_in_the_change_log_with_the_same_request_id(pw, users, client_for):
    plan = pw[("own", "draft")]
    response = client_for("officer").post(reverse("planning:plan_transition", args=[plan.pk]),
                                          {"action": "submit", "reason": "请审批"})
    assert response.status_code == 302
    change = ObjectChange.objects.filter(changed_object_id=plan.pk,
                                         changed_object_type__model="plan").first()
    assert change.user_name == "officer" and change.action == "update"
    assert change.prechange_data["status"] == "draft"
    assert change.postchange_data["status"] == "submitted"
    assert change.subdistrict_id == plan.subdistrict_id
    assert plan.transitions.get().request_id == change.request_id


def test_reject_page_without_reason_shows_the_error_and_keeps_the_state(pw, client_for):
    plan = pw[("own", "submitted")]
    response = client_for("admin").post(reverse("planning:plan_transition", args=[plan.pk]),
                                        {"action": "reject", "reason": ""}, follow=True)
    assert "退回方案必须填写理由" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_api_transitions_refuse_reject_without_reason_and_officer_approval(pw, client_for):
    plan = pw[("own", "submitted")]
    url = f"/api/planning/plans/{plan.pk}/transition/"
    admin, officer = client_for("admin"), client_for("officer")
    no_reason = admin.post(url, {"action": "reject"}, content_type="application/json")
    assert no_reason.status_code == 422
    assert officer.post(url, {"action": "approve", "confirm": True},
                        content_type="application/json").status_code == 403
    ok = admin.post(url, {"action": "reject", "reason": "不连片"},
                    content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "rejected"
    assert ok.json()["transitions"][-1]["reason"] == "不连片"
    again = admin.post(url, {"action": "approve", "confirm": True},
                       content_type="application/json")
    assert again.status_code == 409


def test_creating_a_plan_is_change_logged(world, users, client_for):
    from yizhan.web.planning.models import Plan

    response = client_for("officer").post(reverse("planning:plan_add"), {
        "name": "黄贝现状", "source": "current", "scope": world["own"]["subdistrict"].pk})
    plan = Plan.objects.get(name="黄贝现状")
    assert response.status_code == 302 and plan.created_by == users["officer"]
    assert plan.assignment == {"T001": world["own"]["station"].code}
    change = ObjectChange.objects.get(changed_object_id=plan.pk, changed_object_type__model="plan")
    assert change.action == "create" and change.user_name == "officer"


def test_api_approval_needs_the_same_explicit_confirmation_as_the_page(pw, client_for):
    """The page asks to tick "I have read the findings"; the API asks for ``confirm: true``:
    without it nothing moves (422, in the user's language)."""
    plan = pw[("own", "submitted")]
    url = f"/api/planning/plans/{plan.pk}/transition/"
    admin = client_for("admin")
    refused = admin.post(url, {"action": "approve"}, content_type="application/json")
    assert refused.status_code == 422 and "confirm" in refused.json()["detail"]
    assert "检查结果" in refused.json()["detail"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    ok = admin.post(url, {"action": "approve", "confirm": True}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"

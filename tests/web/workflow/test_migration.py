"""The plan's old approval log (``PlanTransition``) moves into the one workflow log: every row
with who, when, from, to, why and request id, readable as ``plan.transitions`` afterwards."""

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0002_plan_authority"), ("workflow", "0001_initial")]
AFTER = [("planning", "0003_plan_log_to_workflow")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.slow
def test_plan_transitions_are_copied_into_the_workflow_log(transactional_db):
    old = _migrate(BEFORE)
    Subdistrict = old.get_model("registry", "Subdistrict")
    Plan = old.get_model("planning", "Plan")
    PlanTransition = old.get_model("planning", "PlanTransition")
    sub = Subdistrict.objects.create(name="黄贝街道", street_code="440303001")
    plan = Plan.objects.create(name="旧方案", subdistrict=sub, source="imported",
                               status="submitted", assignment={"a": "S"})
    when = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.timezone.utc)
    rid = uuid.uuid4()
    PlanTransition.objects.create(plan=plan, action="submit", from_status="draft",
                                  to_status="submitted", user_name="officer", time=when,
                                  reason="请审批", request_id=rid)
    try:
        new = _migrate(AFTER)
        Log = new.get_model("workflow", "TransitionLog")
        row = Log.objects.get()
        assert (row.content_type.app_label, row.content_type.model, row.object_id) == (
            "planning", "plan", plan.pk)
        assert (row.action, row.from_status, row.to_status, row.user_name, row.time,
                row.reason, row.request_id, row.subdistrict_id) == (
            "submit", "draft", "submitted", "officer", when, "请审批", rid, sub.pk)
        back = _migrate(BEFORE)          # reversible: the rows come back
        assert back.get_model("planning", "PlanTransition").objects.get().reason == "请审批"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

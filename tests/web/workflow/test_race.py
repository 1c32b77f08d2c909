"""Two users move one plan at the same instant, each in its own database connection
(threads): exactly one move, the other a conflict. PostgreSQL only: SQLite's in-memory test
database is one connection, and row locks (``SELECT … FOR UPDATE``) are what is tested."""

import threading

import pytest
from django.db import connection

from yizhan.web.planning.choices import PlanStatus as S
from yizhan.web.planning.models import Plan
from yizhan.web.workflow.engine import TransitionConflict, TransitionError, transition

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("trial", range(5))
def test_two_moves_at_once_give_exactly_one_transition(transactional_db, pw, users, trial):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    pk = pw[("own", S.SUBMITTED)].pk
    start = threading.Barrier(2)
    outcomes = {}

    def act(name, action, user, reason):
        from django.db import connections

        plan = Plan.objects.get(pk=pk)            # both read "submitted"
        start.wait()
        try:
            transition(plan, action, user, reason, blocking_findings=lambda p: [])
            outcomes[name] = "moved"
        except TransitionConflict:
            outcomes[name] = "conflict"
        except TransitionError as exc:            # pragma: no cover - the assertion shows it
            outcomes[name] = f"error: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=("approve", "approve", users["admin"], "")),
               threading.Thread(target=act, args=("reject", "reject", users["admin"], "否"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "moved"], outcomes
    plan = Plan.objects.get(pk=pk)
    winner = next(name for name, o in outcomes.items() if o == "moved")
    assert plan.status == {"approve": S.APPROVED, "reject": S.REJECTED}[winner]
    assert list(plan.transitions.values_list("action", flat=True)) == [winner]

"""Two approvers decide one request at the same instant, each in its own database connection
(threads): exactly one decision, the other a conflict, and the stations get the task once.
PostgreSQL only (row locks, ``SELECT … FOR UPDATE``): SQLite's in-memory test database is one
connection."""

import threading

import pytest
from django.db import connection

from yizhan.web.operations.models import StationTask, TaskRequest
from yizhan.web.workflow.engine import TransitionConflict, TransitionError, transition

from .conftest import make_request
from ..factories import make_role_user, make_user

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("trial", range(5))
def test_two_decisions_at_once_give_exactly_one(transactional_db, world, trial):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    department = make_role_user("department", world)
    approvers = [make_role_user("community_building", world),
                 make_user("community-building-2", "community_building")]
    pk = make_request(world, department, stations=[world["own"]["station"].pk,
                                                   world["other"]["station"].pk]).pk
    start = threading.Barrier(2)
    outcomes = {}

    def act(name, action, user, reason):
        from django.contrib.auth.models import User
        from django.db import connections

        user = User.objects.select_related("profile").get(pk=user.pk)
        req = TaskRequest.objects.get(pk=pk)          # both read "submitted"
        start.wait()
        try:
            transition(req, action, user, reason)
            outcomes[name] = "moved"
        except TransitionConflict:
            outcomes[name] = "conflict"
        except TransitionError as exc:                # pragma: no cover - the assertion shows it
            outcomes[name] = f"error: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=("approve", "approve", approvers[0], "")),
               threading.Thread(target=act, args=("reject", "reject", approvers[1], "重复"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "moved"], outcomes
    req = TaskRequest.objects.get(pk=pk)
    winner = next(name for name, o in outcomes.items() if o == "moved")
    assert req.status == {"approve": "approved", "reject": "rejected"}[winner]
    assert list(req.transitions.values_list("action", flat=True)) == [winner]
    assert StationTask.objects.filter(request=req).count() == (2 if winner == "approve" else 0)

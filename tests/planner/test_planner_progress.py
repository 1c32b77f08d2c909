"""The planner reports real progress: parents (subdistricts) done out of all, through the
``progress`` callback the web job and ``yizhan plan`` show as a bar."""

from yizhan.core import Instance, Policy
from yizhan.planner import Planner, Settings
from yizhan.planner.parent import parent_map


def _instance():
    rows = [dict(code=f"{p}{i}", name=f"{p}{i}", parent=p, households=3000 + 500 * i,
                 office_m2=300) for p in "PQR" for i in range(3)]
    edges = [(f"{p}{i}", f"{p}{i + 1}") for p in "PQR" for i in range(2)]
    return Instance.from_records(rows, edges=edges)


def test_progress_counts_every_parent_once_in_order_from_zero():
    calls = []
    result = Planner(_instance(), Policy(), progress=lambda done, total: calls.append((done, total))).solve()
    assert result.plan is not None
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_parent_map_reports_as_results_come_back_in_worker_processes_too():
    calls = []
    out = parent_map(pow, [(2, k) for k in range(5)], Settings(processes=2), units=10_000,
                     progress=lambda done, total: calls.append((done, total)))
    assert out == [1, 2, 4, 8, 16]
    assert calls == [(k, 5) for k in range(6)]

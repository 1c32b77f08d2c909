"""The plan the planner writes covers every unit exactly once (R1 §2(1))."""

import io

from hypothesis import HealthCheck, given, settings
from planner_helpers import small_instances

from yizhan.core import Plan
from yizhan.core.metrics import evaluate
from yizhan.planner import Planner


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_units=8, max_parents=3))
def test_the_plan_file_covers_every_unit_exactly_once(instance):
    result = Planner(instance).solve()
    buf = io.StringIO()
    result.plan.write_csv(buf)
    back = Plan.read_csv(io.StringIO(buf.getvalue()))
    assert list(back.assignment) == instance.codes
    assert not back.coverage_problems(instance.codes)
    m = evaluate(instance, back)
    assert m.contiguous and not m.crosses_parent


def test_the_report_carries_each_term_per_parent_and_in_total(tmp_path):
    from planner_helpers import small_instances  # noqa: F401 (keeps the helper import local)

    from yizhan.core import Instance

    inst = Instance.from_records(
        [dict(code=c, name=c, parent=p, households=h, office_m2=300)
         for c, p, h in [("a", "P", 4000), ("b", "P", 3000), ("c", "Q", 7000)]],
        edges=[("a", "b"), ("b", "c")])
    report = Planner(inst, staff_total=12).solve().report
    assert set(report["totals"]) == {"band", "facilities", "disruption", "compactness"}
    for row in report["totals"].values():
        assert row["gap"] == row["value"] - row["lower_bound"] and row["status"] == "optimal"
    assert [p["parent"] for p in report["parents"]] == ["P", "Q"]
    assert report["parents"][0]["terms"]["band"]["lower_bound"] == 0
    assert sum(report["staffing"]["per_station"].values()) == 12
    assert report["metrics"]["cut_edges"] == report["totals"]["compactness"]["value"]

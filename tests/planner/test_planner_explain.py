"""When a target cannot be met the planner says which units and why, in both languages."""

from hypothesis import HealthCheck, given, settings
from planner_helpers import small_instances

from yizhan.core import Instance, Policy
from yizhan.planner import Planner


def _rules(result):
    return {(f.rule, f.article) for f in result.explanations}


def test_a_subdistrict_too_small_for_any_station_is_explained():
    inst = Instance.from_records([dict(code="a", name="甲", parent="小", households=2000),
                                  dict(code="b", name="乙", parent="小", households=1500)],
                                 edges=[("a", "b")])
    result = Planner(inst).solve()
    assert result.plan is not None and result.totals["band"].value == 2500
    assert ("R2", "§2(2)") in _rules(result)
    f = next(f for f in result.explanations if f.rule == "R2")
    assert "3500" in f.message and "3500" in f.message_en


def test_an_island_is_explained():
    inst = Instance.from_records(
        [dict(code="a", name="甲", parent="P", households=5000),
         dict(code="b", name="乙", parent="P", households=4000),
         dict(code="c", name="丙", parent="P", households=2000),  # borders only another parent
         dict(code="d", name="丁", parent="Q", households=7000)],
        edges=[("a", "b"), ("c", "d")])
    result = Planner(inst).solve()
    assert result.totals["band"].value == 4000
    island = next(f for f in result.explanations if f.rule == "R6")
    assert island.subject == "c" and "飞地" in island.message and "island" in island.message_en


def test_a_small_unit_next_to_large_exempt_units_is_explained():
    inst = Instance.from_records(
        [dict(code="big1", name="大一", parent="P", households=12000),
         dict(code="small", name="小", parent="P", households=5000),
         dict(code="big2", name="大二", parent="P", households=11000)],
        edges=[("big1", "small"), ("small", "big2")])
    result = Planner(inst).solve()
    assert result.totals["band"].value == 1000  # the small unit alone; the large ones exempt
    stuck = next(f for f in result.explanations if f.rule == "R3")
    assert stuck.subject == "small" and "exempt" in stuck.message_en and "豁免" in stuck.message


def test_a_facility_target_that_cannot_be_met_is_explained():
    inst = Instance.from_records(
        [dict(code=c, name=c, parent="P", households=7000, office_m2=0) for c in "ab"],
        edges=[("a", "b")])
    result = Planner(inst).solve()
    office = next(f for f in result.explanations if f.rule == "R4")
    assert office.article == "§2(3)" and "office" in office.message_en


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_units=8, max_parents=3))
def test_explanations_never_crash_and_always_cite_a_rule(instance):
    result = Planner(instance, Policy()).solve()
    assert result.plan is not None
    if result.totals["band"].value > 0:
        assert result.explanations
    for f in result.explanations:
        assert f.rule.startswith("R") and f.article.startswith("§") and f.message and f.message_en

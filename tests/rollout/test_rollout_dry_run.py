"""The rollout core proposes the changes of a plan and keeps R8-R12 on the state after."""

import datetime
import importlib
import subprocess
import sys

from rollout_helpers import EFFECTIVE, PLAN, instance, roster, rules, run

from yizhan.core import Plan, Policy
from yizhan.rollout import RolloutInputError, dry_run


def test_a_good_plan_rolls_out_with_every_invariant_kept():
    result = run()
    assert result.applicable, [f.message_en for f in result.violations]
    d = result.to_dict()
    assert (d["stations"], d["stations_before"], d["stations_opened"], d["stations_closed"]) == (3, 4, 1, 2)
    assert d["headcount_before"] == d["headcount_after"] == 13
    assert d["stations_with_one_head_secretary"] == 3


def test_old_stations_are_closed_not_deleted_and_committees_move_with_the_date():
    result = run()
    new = next(t for t in result.targets if not t.kept)
    assert new.name == "甲乙社区工作站" and new.members == ("a", "b")
    for old in ("a", "b"):
        assert result.after.stations[old].closed == EFFECTIVE
        assert result.after.membership[old] == new.code
    assert result.after.stations[new.code].opened == EFFECTIVE
    kinds = [c.kind for c in result.changes]
    assert kinds.index("open_station") < kinds.index("move_committee") < kinds.index("close_station")


def test_new_station_names_can_be_chosen():
    result = run(names={"A+B": "湖滨社区工作站"})
    assert [t.name for t in result.targets if not t.kept] == ["湖滨社区工作站"]


def test_the_head_is_the_former_head_who_is_party_secretary_and_other_heads_become_staff():
    result = run()
    new = next(t for t in result.targets if not t.kept).code
    assert result.after.staff["P01"].role == "head" and result.after.staff["P01"].station == new
    assert result.after.staff["P04"].role == "staff"
    assert not any(s.role == "deputy_head" for s in result.after.staff.values())


def test_merged_party_organisations_become_a_general_branch_with_the_old_ones_as_branches():
    result = run()
    new = next(t for t in result.targets if not t.kept).code
    [org] = result.after.community_org(new)
    assert (org.kind, org.members, org.secretary) == ("general_branch", 55, "P01")
    assert org.deputy_secretaries == ("P90",)  # one deputy at most: b's old secretary
    assert result.after.party["PO-a"].level == "branch" and result.after.party["PO-a"].parent == org.org_id


def test_small_merged_organisations_merge_into_one_branch():
    result = run(policy=Policy.from_dict({"party": {"general_branch_min_members": 60,
                                                    "party_committee_min_members": 100}}))
    new = next(t for t in result.targets if not t.kept).code
    [org] = result.after.community_org(new)
    assert org.kind == "branch" and result.after.party["PO-b"].closed


def test_state_assets_go_to_the_district_government_with_values_in_yuan():
    result = run()
    by_id = {c.subject: c for c in result.changes if c.kind == "clear_asset"}
    assert by_id["A1"].data["destination"] == "district_government"
    assert "5,000.00元" in by_id["A1"].message
    assert by_id["A2"].data["status"] == "kept"                    # a committee's, not state-owned
    assert by_id["A3"].data["destination"] == next(t.code for t in result.targets if not t.kept)


def test_funds_follow_the_consolidated_station_and_the_total_is_kept():
    result = run()
    new = next(t for t in result.targets if not t.kept).code
    assert result.after.funds == {new: 3_000_000, "c": 500_000}
    assert sum(result.before.funds.values()) == sum(result.after.funds.values())


def test_staff_meet_the_apportioned_quota_and_stay_in_their_subdistrict():
    result = run()
    rows = {r["code"]: r for r in result.station_rows()}
    assert all(r["staff"] == r["quota"] for r in rows.values())
    for pid, s in result.after.staff.items():
        assert result.after.stations[s.station].parent == result.before.stations[result.before.staff[pid].station].parent
        assert s.pay_grade == result.before.staff[pid].pay_grade


def test_a_plan_crossing_subdistricts_is_refused_naming_r6():
    result = run(Plan({"a": "X", "b": "X", "c": "X", "d": "X"}))
    assert result.refused and not result.changes
    assert "R6" in rules(result.findings)
    assert not result.applicable


def test_a_plan_missing_a_committee_is_refused_naming_r1():
    result = run(Plan({"a": "X", "b": "X", "c": "C"}))
    assert result.refused and rules(result.findings) == {"R1"}


def test_a_chosen_head_outside_the_subdistrict_is_refused_in_both_languages():
    try:
        run(heads={"A+B": "P11"})
    except RolloutInputError as exc:
        assert "P11" in exc.zh and "P11" in exc.en
    else:
        raise AssertionError("a head from another subdistrict was accepted")


def test_missing_data_is_named_not_invented():
    bare = roster(assets=None, funds=None)
    bare.people["pay_grade"] = ""
    result = run(roster=bare)
    gaps = {f.rule for f in result.findings if f.subject == "数据 data"}
    assert gaps == {"R8", "R11", "R12"}
    assert result.applicable  # gaps are warnings: the rollout can still be applied
    assert all(s.pay_grade == "" for s in result.after.staff.values())


def test_official_plan_on_the_bundled_data_keeps_83_stations_and_653_staff():
    from yizhan.data.bundled import bundled_roster, load_luohu

    data = load_luohu()
    result = dry_run(data.instance, bundled_roster(), data.official_plan, None,
                     datetime.date(2006, 8, 31))
    d = result.to_dict()
    assert (d["stations"], d["headcount_before"], d["headcount_after"]) == (83, 653, 653)
    # every violation on the synthetic data is an R10 head who is not the party secretary,
    # and says what to change
    assert {v["rule"] for v in d["violations"]} == {"R10"}
    assert all("书记" in v["message"] and "elect" in v["message_en"] for v in d["violations"])
    assert d["stations_with_one_head_secretary"] == d["stations"] - len(d["violations"])


def test_the_rollout_core_imports_no_django():
    code = ("import sys, yizhan.rollout, yizhan.rollout.commands, yizhan.core.roster;"
            "sys.exit('django' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
    assert importlib.import_module("yizhan.core.apportion").apportion(3, [1, 1, 1]) == [1, 1, 1]

"""Each invariant of R8-R12 broken on purpose gives a violation naming its rule.

The changes of a good rollout are edited the way a faulty writer would get them wrong, and
the state after is checked again (the web app checks what it wrote the same way)."""

import pytest
from rollout_helpers import edit_change, rechecked, roster, rules, run

from yizhan.core import Policy
from yizhan.rollout.state import Staff


def new_code(result):
    return next(t.code for t in result.targets if not t.kept)


def test_r8_a_person_dropped_changes_the_headcount():
    result = run()
    after = result.after.copy()
    after.staff.pop("P02")
    findings = result.judge(after)
    assert rules(findings) == {"R8"}
    assert any("P02" in f.message for f in findings)


def test_r8_a_person_added_changes_the_headcount():
    result = run()
    after = result.after.copy()
    after.staff["P99"] = Staff("P99", "c", "staff")
    assert rules(result.judge(after)) == {"R8"}


def test_r8_pay_grade_changed():
    result = run()
    findings = rechecked(result, lambda ch: edit_change(ch, "move_post", "P02", pay_grade="G9"))
    assert rules(findings) == {"R8"} and any("G9" in f.message for f in findings)


def test_r8_a_move_across_subdistricts():
    result = run()
    findings = rechecked(result, lambda ch: edit_change(ch, "move_post", "P02", to="d"))
    assert "R8" in rules(findings)
    assert any("Q" in f.message and "本街道" in f.message for f in findings)


def test_r8_a_person_left_at_a_closed_station():
    result = run()
    findings = rechecked(result, lambda ch: ch.remove(next(
        c for c in ch if c.kind == "move_post" and c.subject == "P02")))
    assert "R8" in rules(findings)


def test_r10_a_head_who_is_not_the_party_secretary_says_what_to_change():
    result = run(heads={"A+B": "P04"})
    [v] = result.violations
    assert v.rule == "R10" and v.article == "§2(7)"
    assert "P04" in v.message and "选举" in v.message and "elects" in v.message_en


def test_r10_two_heads():
    result = run()
    findings = rechecked(result, lambda ch: edit_change(ch, "move_post", "P04", role_to="head"))
    assert rules(findings) == {"R10"}


def test_r10_no_deputy_head():
    result = run()
    findings = rechecked(result, lambda ch: edit_change(ch, "move_post", "P02", role_to="deputy_head"))
    assert rules(findings) == {"R10"} and any("副站长" in f.message for f in findings)


def test_r10_at_most_one_deputy_secretary():
    result = run()
    org = f"PO-{new_code(result)}"
    findings = rechecked(result, lambda ch: edit_change(ch, "set_party_org", org,
                                                         deputy_secretaries=["P90", "P91"]))
    assert rules(findings) == {"R10"}


def test_r10_an_assistant_only_above_the_size_setting():
    result = run()
    assert result.after.staff["P03"].station == new_code(result)
    findings = rechecked(result, lambda ch: edit_change(ch, "move_post", "P03", role_to="assistant"))
    assert rules(findings) == {"R10"}  # 7,500 households < 8,000
    lowered = run(policy=Policy.from_dict({"leadership": {"head_assistant_min_households": 7000}}))
    assert not rules(rechecked(lowered, lambda ch: edit_change(ch, "move_post", "P03",
                                                               role_to="assistant")))
    two = rechecked(lowered, lambda ch: (edit_change(ch, "move_post", "P03", role_to="assistant"),
                                         edit_change(ch, "move_post", "P05", role_to="assistant")))
    assert rules(two) == {"R10"}


def test_r9_wrong_kind_for_the_members():
    result = run()
    org = f"PO-{new_code(result)}"
    findings = rechecked(result, lambda ch: edit_change(ch, "set_party_org", org, kind="branch"))
    assert rules(findings) == {"R9"}


def test_r9_a_station_without_its_party_organisation():
    result = run()
    org = f"PO-{new_code(result)}"
    findings = rechecked(result, lambda ch: ch.remove(next(
        c for c in ch if c.kind == "set_party_org" and c.subject == org)))
    assert "R9" in rules(findings)


def test_r9_members_lost():
    result = run()
    org = f"PO-{new_code(result)}"
    findings = rechecked(result, lambda ch: edit_change(ch, "set_party_org", org, members=54))
    assert "R9" in rules(findings)


def test_r11_state_asset_not_to_the_district_government():
    result = run()
    findings = rechecked(result, lambda ch: edit_change(ch, "clear_asset", "A1", destination="a"))
    assert rules(findings) == {"R11"}


def test_r11_an_asset_left_off_the_clearance_list():
    result = run()
    findings = rechecked(result, lambda ch: ch.remove(next(
        c for c in ch if c.kind == "clear_asset" and c.subject == "A2")))
    assert rules(findings) == {"R11"}


def test_r11_an_asset_without_owner_class_is_disputed_not_guessed():
    base = roster()
    base.assets.loc[0, "owner_class"] = ""
    result = run(roster=base)
    [c] = [c for c in result.changes if c.subject == "A1"]
    assert c.data["status"] == "disputed" and c.data["destination"] == ""
    assert "R11" in rules(result.findings, "warning")


def test_r12_total_changed():
    result = run()
    findings = rechecked(result, lambda ch: edit_change(ch, "allocate_funds", new_code(result),
                                                         amount_fen=2_999_999))
    assert rules(findings) == {"R12"}


def test_r12_funds_left_with_a_closed_station():
    result = run()
    findings = rechecked(result, lambda ch: ch.remove(next(
        c for c in ch if c.kind == "allocate_funds")))
    assert rules(findings) == {"R12"}


@pytest.mark.parametrize("rule", ["R8", "R9", "R10", "R11", "R12"])
def test_every_violation_cites_its_article(rule):
    from yizhan.policy.rules import RULES

    assert RULES[rule].article.startswith("§2(")

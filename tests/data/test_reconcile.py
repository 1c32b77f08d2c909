"""Reconciliation with the 2023 codes: exact matches apply, near matches are only proposed
until a person confirms them, and what is left over is listed on each side."""

from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yizhan.data.reconcile as reconcile_module
from yizhan.data.bundled import data_dir, read_bundled_csv
from yizhan.data.reconcile import (CONFIRMED_COLUMNS, near_match_reason, reconcile,
                                   reconcile_bundled, strip_committee_suffix)

OLD = [dict(code="LH1", name="碧波", parent="黄贝"), dict(code="LH2", name="羲龙", parent="黄贝"),
       dict(code="LH3", name="渔邨", parent="南湖"), dict(code="LH4", name="百仕达", parent="翠竹")]
NEW = pd.DataFrame({
    "code": ["440303002020", "440303002011", "440303005014", "440303004001"],
    "name": ["碧波社区居民委员会", "曦龙社区居民委员会", "渔民村社区居民委员会", "翠达社区居民委员会"],
    "street_code": ["440303002", "440303002", "440303005", "440303004"],
    "street_name": ["黄贝街道", "黄贝街道", "南湖街道", "翠竹街道"],
})
CONFIRM_XILONG = [dict(name_2006="羲龙", parent="黄贝", code_2023="440303002011", name_2023="曦龙",
                       reason="羲/曦 异写", confirmed_by="tester", confirmed_on="2026-01-01")]


def test_docstring_examples():
    result = doctest.testmod(reconcile_module)
    assert result.attempted > 0 and result.failed == 0


def test_exact_match_applies_and_suffix_is_stripped():
    report = reconcile(OLD, NEW)
    assert [(m.name_2006, m.code_2023) for m in report.exact] == [("碧波", "440303002020")]
    assert strip_committee_suffix("渔民村社区居民委员会") == "渔民村"


def test_near_matches_are_proposed_with_reasons_but_not_applied():
    report = reconcile(OLD, NEW)
    proposed = {m.name_2006: m for m in report.proposed}
    assert proposed["羲龙"].name_2023 == "曦龙" and "羲→曦" in proposed["羲龙"].reason
    assert "variant" in proposed["羲龙"].reason
    assert proposed["渔邨"].name_2023 == "渔民村" and "abbreviation" in proposed["渔邨"].reason
    assert report.confirmed == []
    assert ("羲龙", "黄贝") not in report.codes() and ("渔邨", "南湖") not in report.codes()
    missing = {r["name_2006"]: r["proposals"] for r in report.missing_2006}
    assert missing == {"羲龙": ["曦龙"], "渔邨": ["渔民村"], "百仕达": []}
    assert {r["name_2023"] for r in report.missing_2023} == {"曦龙", "渔民村", "翠达"}


def test_only_confirmed_near_matches_get_their_code():
    report = reconcile(OLD, NEW, CONFIRM_XILONG)
    assert report.codes()[("羲龙", "黄贝")] == "440303002011"
    assert [m.confirmed_by for m in report.confirmed] == ["tester"]
    assert [m.name_2006 for m in report.proposed] == ["渔邨"]
    assert ("渔邨", "南湖") not in report.codes()
    assert report.problems == []


@pytest.mark.parametrize("change, words", [
    (dict(code_2023="440303009999"), "no such 2023 code"),
    (dict(code_2023="440303004001", name_2023="翠达"), "another subdistrict"),
    (dict(code_2023="440303002020", name_2023="碧波"), "already matched"),
    (dict(name_2023="别的"), "2023 name"),
    (dict(name_2006="碧波"), "not an unmatched 2006 committee"),
])
def test_a_bad_confirmation_is_reported_and_not_applied(change, words):
    row = {**CONFIRM_XILONG[0], **change}
    report = reconcile(OLD, NEW, [row])
    assert len(report.problems) == 1 and words in report.problems[0]
    assert report.confirmed == []
    assert report.codes().get(("羲龙", "黄贝")) is None


def test_no_match_across_subdistricts():
    report = reconcile([dict(code="X", name="碧波", parent="南湖")], NEW)
    assert report.exact == [] and [r["name_2006"] for r in report.missing_2006] == ["碧波"]


def test_similarity_rule_ignores_a_shared_common_character():
    assert near_match_reason("翠辉", "翠达") is None
    assert near_match_reason("木棉花", "木棉岭").startswith("名称相近")
    assert near_match_reason("碧波", "碧波") is None


names = st.text(alphabet="碧波湖滨罗芳羲曦龙渔邨村民翠辉达", min_size=2, max_size=4)


@settings(max_examples=60, deadline=None)
@given(old=st.lists(names, unique=True, max_size=6), new=st.lists(names, unique=True, max_size=6))
def test_every_committee_is_accounted_for_once(old, new):
    report = reconcile([dict(code=f"L{i}", name=n, parent="P") for i, n in enumerate(old)],
                       [dict(code=f"C{i}", name=n, street_name="P街道") for i, n in enumerate(new)])
    matched_old = [m.name_2006 for m in report.exact] + [r["name_2006"] for r in report.missing_2006]
    assert sorted(matched_old) == sorted(old)
    matched_new = [m.name_2023 for m in report.exact] + [r["name_2023"] for r in report.missing_2023]
    assert sorted(matched_new) == sorted(new)
    assert all(m.name_2006 == m.name_2023 for m in report.exact)
    assert report.confirmed == [] and len(report.codes()) == len(report.exact)


def test_bundled_reconciliation_counts_and_missing_on_each_side():
    report = reconcile_bundled()
    assert report.counts == {"exact": 106, "confirmed": 2, "proposed": 0, "missing_2006": 7,
                             "missing_2023": 1, "problems": 0}
    assert {m.name_2006: m.name_2023 for m in report.confirmed} == {"羲龙": "曦龙", "渔邨": "渔民村"}
    assert [r["name_2023"] for r in report.missing_2023] == ["翠达"]
    assert {r["name_2006"] for r in report.missing_2006} == {
        "百仕达", "翠辉", "翠锦", "马山", "马岗", "港发", "木棉花"}
    assert report.to_dict()["counts"] == report.counts


def test_bundled_without_confirmations_proposes_exactly_the_two_near_matches():
    old = read_bundled_csv("units.csv")[["code", "name", "parent"]]
    report = reconcile(old, read_bundled_csv("nbs2023_luohu.csv"))
    assert {(m.name_2006, m.name_2023) for m in report.proposed} == {("羲龙", "曦龙"), ("渔邨", "渔民村")}
    assert len(report.exact) == 106


def test_confirmed_file_has_its_columns_and_a_reason_per_row():
    confirmed = read_bundled_csv("reconcile_confirmed.csv")
    assert tuple(confirmed.columns) == CONFIRMED_COLUMNS
    assert (confirmed["reason"].str.len() > 20).all() and (confirmed["confirmed_by"] != "").all()


def test_bundled_copy_is_the_shared_nbs_file():
    # shared/ lies beside the project checkout (as for developers and CI); a user's clone lacks it
    shared = Path(__file__).resolve().parents[3] / "shared/data/nbs2023/luohu_440303_committees.csv"
    if not shared.exists():
        pytest.skip("shared NBS extract not present beside this checkout")
    assert data_dir().joinpath("nbs2023_luohu.csv").read_bytes() == shared.read_bytes()

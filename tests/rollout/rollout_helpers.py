"""A small district for the rollout tests: two subdistricts, four committees, every table.

P: committees a, b (merged by the plan into one station) and c (kept alone); Q: d (kept).
Every head of a and c is the party secretary there; b's head is not (the plan's station
takes a's head). a and b's organisations together have 55 members: a general branch (R9).
"""

from __future__ import annotations

import datetime
from dataclasses import replace

import pandas as pd

from yizhan.core import Instance, Plan, Policy
from yizhan.core.roster import Roster
from yizhan.rollout import apply_changes, dry_run

EFFECTIVE = datetime.date(2006, 8, 31)
PLAN = Plan({"a": "A+B", "b": "A+B", "c": "C", "d": "D"}, name="test")


def instance() -> Instance:
    return Instance.from_records([
        dict(code="a", name="甲", parent="P", households=4000, party_members=30),
        dict(code="b", name="乙", parent="P", households=3500, party_members=25),
        dict(code="c", name="丙", parent="P", households=9000, party_members=20),
        dict(code="d", name="丁", parent="Q", households=7000, party_members=10)],
        edges=[("a", "b"), ("b", "c")], name="test")


def _posts() -> list[tuple[str, str, str, str]]:
    posts = []
    staff = {"a": 3, "b": 3, "c": 4, "d": 3}
    n = 0
    for unit, count in staff.items():
        for k in range(count):
            n += 1
            posts.append((f"P{n:02d}", "station", unit, "head" if k == 0 else "staff"))
    heads = {"a": "P01", "b": "P04", "c": "P07", "d": "P11"}
    secretaries = {"a": "P01", "b": "P90", "c": "P07", "d": "P11"}  # b's secretary is no staff
    for unit in staff:
        posts.append((secretaries[unit], "party", unit, "secretary"))
        posts.append((heads[unit], "committee", unit, "director"))
    posts.append(("P91", "party", "b", "deputy_secretary"))
    return posts


def roster(**overrides) -> Roster:
    posts = pd.DataFrame(_posts(), columns=["person_id", "org", "unit", "role"])
    ids = sorted(set(posts["person_id"]))
    people = pd.DataFrame({"person_id": ids, "name": [f"人{i}" for i in ids],
                           "pay_grade": ["G5" if i < "P50" else "" for i in ids]})
    party = pd.DataFrame({"org_id": ["PO-a", "PO-b", "PO-c", "PO-d"], "unit": list("abcd"),
                          "name": ["甲社区党支部", "乙社区党支部", "丙社区党支部", "丁社区党支部"],
                          "kind": "branch", "members": [30, 25, 20, 10]})
    assets = pd.DataFrame({"asset_id": ["A1", "A2", "A3"], "org": ["station", "committee", "station"],
                           "unit": ["a", "b", "b"], "description": ["电脑", "活动室家具", "打印机"],
                           "owner_class": ["state", "collective", "other"],
                           "value_fen": [500000, 120000, 80000]})
    funds = pd.DataFrame({"unit": ["a", "b", "c"], "amount_fen": [1_000_000, 2_000_000, 500_000]})
    tables = dict(people=people, posts=posts, party=party, assets=assets, funds=funds)
    tables.update(overrides)
    return Roster(**tables)


def run(plan: Plan = PLAN, policy: Policy | None = None, **kwargs):
    return dry_run(instance(), kwargs.pop("roster", None) or roster(), plan, policy, EFFECTIVE,
                   **kwargs)


def rechecked(result, edit):
    """The findings after ``edit(changes)`` changed the list of changes (a bug in the writer)."""
    changes = list(result.changes)
    edit(changes)
    return result.judge(apply_changes(result.before, changes, EFFECTIVE))


def edit_change(changes, change_kind, subject, **data):
    """Replace the data of the first change of ``change_kind`` on ``subject``."""
    for i, c in enumerate(changes):
        if c.kind == change_kind and c.subject == subject:
            changes[i] = replace(c, data={**c.data, **data})
            return
    raise AssertionError(f"no {change_kind} change on {subject}")


def rules(findings, severity="violation") -> set[str]:
    return {f.rule for f in findings if f.severity == severity}

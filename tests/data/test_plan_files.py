"""Plan files read the way every import reads (encoding detected, every problem listed,
readable rows kept for the coverage check), and the 2006 plan carried over to a registry."""

import pytest

from yizhan.core.plan import PlanFileError
from yizhan.data.bundled import load_luohu, official_plan_for
from yizhan.data.importers import Upload, check_plan_file, read_plan


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_a_plan_file_in_any_clerk_encoding_reads_the_same(encoding):
    text = "code,station\nLH001,碧波+湖滨\nLH002,碧波+湖滨\n"
    plan = read_plan(Upload("方案.csv", text.encode(encoding)))
    assert plan.assignment == {"LH001": "碧波+湖滨", "LH002": "碧波+湖滨"} and plan.name == "方案"


def test_every_problem_at_once_and_the_readable_rows_kept():
    text = "code,station\nA,S1\nA,S2\n,S3\nB,S1\n"
    found = check_plan_file(Upload("p.csv", text.encode()))
    assert found.plan is None
    assert found.rows == {"A": "S1", "B": "S1"}
    assert len(found.problems) == 2 and "第3行" in found.problems[0] and "第4行" in found.problems[1]
    with pytest.raises(PlanFileError) as err:
        read_plan(Upload("p.csv", text.encode()))
    assert err.value.problems == found.problems


def test_undecodable_bytes_are_a_problem_in_both_languages():
    found = check_plan_file(Upload("p.csv", b"code,station\n\xff\xfe\xfa,\x81\n"))
    assert found.plan is None and found.problems and "/" in found.problems[0]


def test_the_official_plan_follows_codes_then_names_and_keeps_unknown_committees_alone():
    data = load_luohu()
    inst = data.instance
    assignment, unmatched = official_plan_for(inst)
    assert assignment == data.official_plan.assignment and unmatched == []
    units = inst.units.copy()
    first, second = units.index[:2]
    renamed = units.rename(index={first: "NEW001"})  # re-coded: matched by (subdistrict, name)
    renamed.loc["NEW002"] = renamed.loc[second]
    renamed.loc["NEW002", "name"] = "新社区"          # unknown: its own station
    from yizhan.core import Instance

    other = Instance(renamed.reset_index(names="code"), [], name="x")
    assignment, unmatched = official_plan_for(other)
    assert assignment["NEW001"] == data.official_plan.assignment[first]
    assert unmatched == ["NEW002"] and assignment["NEW002"] == "新社区"

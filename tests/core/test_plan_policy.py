"""Plan files and policy files: round trips and the errors a user sees."""

import io

import pytest

from yizhan.core import Plan, PlanFileError, Policy, PolicyError


def test_plan_csv_round_trip(tmp_path):
    plan = Plan({"a": "碧波+湖滨", "b": "碧波+湖滨", "c": "水库"})
    plan.write_csv(tmp_path / "p.csv")
    back = Plan.read_csv(tmp_path / "p.csv")
    assert back.assignment == plan.assignment
    assert back.name == "p"


def test_plan_file_lists_every_problem():
    text = "code,station\na,S\na,T\n,U\nb,\n"
    with pytest.raises(PlanFileError) as err:
        Plan.read_csv(io.StringIO(text))
    assert len(err.value.problems) == 3
    assert "第3行" in err.value.problems[0] and "row 3" in err.value.problems[0]


def test_plan_file_missing_column():
    with pytest.raises(PlanFileError, match="missing column"):
        Plan.read_csv(io.StringIO("code,group\na,S\n"))


def test_plans_are_equal_when_they_group_alike():
    assert Plan({"a": "1", "b": "1", "c": "2"}) == Plan({"a": "x", "b": "x", "c": "y"})
    assert Plan({"a": "1", "b": "1", "c": "2"}) != Plan({"a": "1", "b": "2", "c": "2"})
    assert Plan({"a": "1", "b": "1", "c": "2"}).moved_units(Plan({"a": "1", "b": "2", "c": "2"})) \
        == ["a", "b", "c"]


def test_coverage_problems_name_missing_and_unknown_units():
    problems = Plan({"a": "S", "z": "S"}).coverage_problems(["a", "b"])
    assert problems == ["unit b has no station", "plan names unknown unit z"]


def test_default_policy_has_the_documents_numbers():
    p = Policy()
    assert (p.band.min_households, p.band.max_households) == (6000, 10000)
    assert p.facilities.office_min_m2 == 200 and p.facilities.office_target_share == 1.0
    assert p.facilities.service_min_m2 == 900 and p.facilities.plaza_min_m2 == 1000
    assert p.facilities.r5_mode == "each" and p.facilities.aggregation == "max"
    assert all(row["article"] for row in p.describe())


def test_policy_toml_round_trip():
    p = Policy.from_toml_text('[facilities]\naggregation = "sum"\nr5_mode = "both"\n')
    assert Policy.from_toml_text(p.to_toml()) == p


@pytest.mark.parametrize("text, needle", [
    ("[band]\nmin_households = 'many'", "整数"),
    ("[band]\nmin_households = 12000", "下限"),
    ("[band]\nwidth = 3", "unknown setting"),
    ("[bands]\nmin_households = 3", "unknown section"),
    ("[facilities]\naggregation = 'mean'", "must be one of"),
    ("[objective]\norder = ['band']", "must order exactly"),
    ("[band\n", "TOML"),
])
def test_bad_policy_files_get_a_clear_error(text, needle):
    with pytest.raises(PolicyError, match=needle):
        Policy.from_toml_text(text)

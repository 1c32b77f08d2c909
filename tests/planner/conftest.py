"""Make the planner tests' helper module importable (tests/ has no packages), and check
every plan any planner test makes: the report's totals are the core metrics of the plan
returned, and every band explanation is about stations the plan leaves outside the band."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from planner_helpers import check_result  # noqa: E402

from yizhan.planner.planner import Planner  # noqa: E402


@pytest.fixture(autouse=True)
def _every_plan_agrees_with_its_report(monkeypatch):
    solve = Planner.solve

    def checked(self):
        result = solve(self)
        check_result(result)
        return result

    monkeypatch.setattr(Planner, "solve", checked)

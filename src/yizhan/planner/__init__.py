"""yizhan.planner: provably good consolidation plans.

>>> from yizhan.planner import Planner, Pins, apportion
"""

from yizhan.core.apportion import apportion
from yizhan.planner.pins import Pins
from yizhan.planner.parent import ParentOutcome, Settings, solve_parent
from yizhan.planner.planner import Planner, PlanResult
from yizhan.planner.subproblem import Subproblem, subproblems

__all__ = ["Planner", "PlanResult", "ParentOutcome", "Settings", "Subproblem", "subproblems",
           "solve_parent", "Pins", "apportion"]

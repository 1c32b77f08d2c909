"""yizhan.planner: provably good consolidation plans.

>>> from yizhan.planner import Planner, Pins, apportion
"""

from yizhan.planner.apportion import apportion
from yizhan.planner.pins import Pins
from yizhan.planner.planner import ParentResult, Planner, PlanResult

__all__ = ["Planner", "PlanResult", "ParentResult", "Pins", "apportion"]

"""The planning domain as plain Python (never imports Django): Instance, Plan, Policy, metrics."""

from yizhan.core.findings import Finding, TargetResult
from yizhan.core.instance import Instance
from yizhan.core.metrics import PlanMetrics, band_deviation, evaluate, station_table
from yizhan.core.plan import Plan, PlanFileError
from yizhan.core.policy import Policy, PolicyError

__all__ = ["Finding", "TargetResult", "Instance", "Plan", "PlanFileError", "Policy",
           "PolicyError", "PlanMetrics", "band_deviation", "evaluate", "station_table"]

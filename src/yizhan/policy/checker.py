"""The policy checker: every checkable rule of the document run on a plan, with the targets.

Examples
--------
>>> from yizhan.core import Instance, Plan
>>> inst = Instance.from_records([
...     dict(code="a", name="甲", parent="P", households=4000, office_m2=250),
...     dict(code="b", name="乙", parent="P", households=3000)], edges=[("a", "b")])
>>> result = check(inst, Plan({"a": "S", "b": "S"}))
>>> [t.attained for t in result.targets if t.rule == "R2"]
[True]
>>> result.metrics.office_share
1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from yizhan.core.findings import Finding, TargetResult
from yizhan.core.instance import Instance
from yizhan.core.metrics import PlanMetrics, evaluate
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.policy.checks import RULE_CHECKS, CheckContext
from yizhan.policy.rules import CHECKED_ON_PLAN, RULES

__all__ = ["check", "CheckResult", "targets"]


@dataclass
class CheckResult:
    instance: Instance
    plan: Plan
    policy: Policy
    metrics: PlanMetrics
    findings: list[Finding]
    targets: list[TargetResult]

    @property
    def ok(self) -> bool:
        """No hard rule is broken (targets may still be missed)."""
        return not any(f.severity == "violation" for f in self.findings)

    def counts(self) -> dict[str, int]:
        out = {"violation": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_dict(self) -> dict:
        """The JSON of ``yizhan check --json`` (DESIGN.md names the required keys)."""
        m = self.metrics.to_dict()
        return {
            "instance": self.instance.name,
            "synthetic": self.instance.synthetic,
            "plan": self.plan.name,
            **m,
            "targets": [t.to_dict() for t in self.targets],
            "findings": [f.to_dict() for f in self.findings],
            "finding_counts": self.counts(),
            "ok": self.ok,
            "rules_checked": list(CHECKED_ON_PLAN),
            "rules_not_checked_here": [
                {"rule": r.id, "article": r.article, "kind": r.kind, "en": r.en}
                for r in RULES.values() if r.id not in CHECKED_ON_PLAN],
        }


def check(instance: Instance, plan: Plan, policy: Policy | None = None, *,
          posts: pd.DataFrame | None = None,
          headcount: Mapping[str, int] | None = None) -> CheckResult:
    """Check ``plan`` on ``instance``: findings of R1-R6, R8-R10 and the targets' attainment."""
    policy = policy or Policy()
    metrics = evaluate(instance, plan, policy)
    ctx = CheckContext(instance, plan, policy, metrics, posts=posts, headcount=headcount)
    findings = [f for rule_check in RULE_CHECKS.values() for f in rule_check(ctx)]
    return CheckResult(instance, plan, policy, metrics, findings, targets(metrics, policy))


def targets(metrics: PlanMetrics, policy: Policy) -> list[TargetResult]:
    """Whether the plan attains each numeric target of the document, with the numbers."""
    fac = policy.facilities
    out = [
        TargetResult("R2", RULES["R2"].article, "户数区间偏离为零", "no households outside the band",
                     0, metrics.band_deviation, metrics.band_deviation == 0,
                     f"{metrics.stations_in_band}/{metrics.stations} stations in band, "
                     f"{metrics.exempt_stations} exempt (R3)"),
        TargetResult("R4", RULES["R4"].article, "办公用房达标站比例", "share with office space",
                     fac.office_target_share, round(metrics.office_share, 4),
                     metrics.office_share >= fac.office_target_share),
    ]
    if fac.r5_mode == "both":
        out.append(TargetResult("R5", RULES["R5"].article, "服务设施与广场均达标站比例",
                                "share with both service facilities and plaza",
                                fac.service_target_share, round(metrics.service_and_plaza_share, 4),
                                metrics.service_and_plaza_share >= fac.service_target_share))
    else:
        out += [
            TargetResult("R5", RULES["R5"].article, "公共服务设施达标站比例", "share with service facilities",
                         fac.service_target_share, round(metrics.service_share, 4),
                         metrics.service_share >= fac.service_target_share),
            TargetResult("R5", RULES["R5"].article, "户外文体广场达标站比例", "share with an outdoor plaza",
                         fac.plaza_target_share, round(metrics.plaza_share, 4),
                         metrics.plaza_share >= fac.plaza_target_share),
        ]
    return out

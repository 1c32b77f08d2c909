"""Plans meet the core: a plan's policy, metrics and check, and the rows pages show.

The registry side (the instance, posts, boundaries, the version-keyed cache) lives in
:mod:`yizhan.web.registry.snapshot`; plan files are read by
:mod:`yizhan.data.importers.plans`; the band and the facility rules by
:mod:`yizhan.core.metrics`; the 2006 plan's matching by :func:`yizhan.data.bundled.official_plan_for`.
What is left here is what only plans need, cached under the same registry version.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from yizhan.core.instance import Instance
from yizhan.core.metrics import BAND_STATUSES, PlanMetrics, band_status, evaluate
from yizhan.core.plan import Plan as CorePlan
from yizhan.core.policy import Policy, PolicyError
from yizhan.web.registry.snapshot import (cached, clear_cache, geometries_for,  # noqa: F401 - used as svc.*
                                          instance_for, posts_for, registry_version)

__all__ = ["run_check", "policy_from_toml", "plan_policy", "evaluate_plan", "check_plan",
           "check_assignment", "official_assignment", "scope_problems", "station_rows",
           "evaluate_assignment"]


def run_check(assignment_or_plan, subdistrict=None, policy: Policy | None = None,
              version: int | None = None):
    """THE check of the web app: :func:`yizhan.policy.check` — the function ``yizhan check``
    calls — on the scope's instance *and posts*, so pages, API and CLI show the same findings
    (R8 staffing and R10 station heads included)."""
    from yizhan.policy.checker import check

    version = registry_version() if version is None else version
    plan = assignment_or_plan if isinstance(assignment_or_plan, CorePlan) \
        else CorePlan(assignment_or_plan)
    return check(instance_for(subdistrict, version), plan, policy or Policy(),
                 posts=posts_for(subdistrict, version))


def policy_from_toml(text: str) -> Policy:
    if not (text or "").strip():
        return Policy()
    return Policy.from_toml_text(text)


def plan_policy(plan) -> Policy:
    try:
        return policy_from_toml(plan.policy_toml)
    except PolicyError:
        return Policy()


def plan_key(plan) -> tuple:
    """A saved plan's cache key: a new edit of the plan is a new key."""
    return (plan.pk, plan.updated.isoformat() if plan.updated else "")


def evaluate_plan(plan, version: int | None = None) -> PlanMetrics:
    """:func:`yizhan.core.metrics.evaluate` of a saved plan on its scope's instance."""
    version = registry_version() if version is None else version
    inst = instance_for(plan.subdistrict_id, version)
    return cached(("evaluate", plan_key(plan)),
                  lambda: evaluate(inst, plan.core_plan(), plan_policy(plan)), version)


def check_plan(plan, version: int | None = None):
    """:func:`run_check` of a saved plan (findings, targets, metrics)."""
    version = registry_version() if version is None else version
    return cached(("check", plan_key(plan)),
                  lambda: run_check(plan.core_plan(), plan.subdistrict_id, plan_policy(plan),
                                    version), version)


def check_assignment(assignment: dict, subdistrict=None, policy: Policy | None = None):
    """Check an unsaved assignment (import preview)."""
    return run_check(assignment, subdistrict, policy)


def official_assignment(subdistrict=None) -> tuple[dict[str, str], list[str]]:
    """The 2006 document's plan for the scope's committees
    (:func:`yizhan.data.bundled.official_plan_for`), and a note for each committee it does
    not cover (which keeps a station of its own)."""
    from yizhan.data.bundled import official_plan_for

    inst = instance_for(subdistrict)
    assignment, unmatched = official_plan_for(inst)
    names = inst.units["name"]
    return assignment, [_("%(name)s（%(code)s）不在2006年正式方案中，保留为单独工作站。")
                        % {"name": names[code], "code": code} for code in unmatched]


def scope_problems(assignment: dict[str, str], inst: Instance) -> list[str]:
    """R1 coverage against the scope: every committee of the scope once, nothing else."""
    known = set(inst.units.index)
    names = inst.units["name"]
    missing = [f"{c} {names[c]}" for c in inst.units.index if c not in assignment]
    unknown = [c for c in assignment if c not in known]
    out = []
    if missing:
        out.append(_("以下居委会没有归属的工作站（R1 §2(1)）：%(list)s")
                   % {"list": "、".join(missing[:30]) + ("……" if len(missing) > 30 else "")})
    if unknown:
        out.append(_("以下编码不是本范围内的居委会：%(list)s")
                   % {"list": "、".join(unknown[:30]) + ("……" if len(unknown) > 30 else "")})
    return out


def station_rows(metrics: PlanMetrics, inst: Instance, policy: Policy) -> list[dict]:
    """One dict per station of ``metrics.table`` with names and band status (for templates
    and GeoJSON)."""
    rows = []
    names = inst.units["name"]
    for station, r in metrics.table.iterrows():
        rows.append({
            "station": str(station),
            "parent": str(r["parent"]),
            "members": [str(c) for c in r["members"]],
            "names": [str(names.get(c, c)) for c in r["members"]],
            "units": int(r["units"]),
            "households": int(r["households"]),
            "exempt": bool(r["exempt"]),
            "band": band_status(int(r["households"]), bool(r["exempt"]), policy),
            "band_deviation": int(r["band_deviation"]),
            "office_m2": float(r["office_m2"]), "service_m2": float(r["service_m2"]),
            "plaza_m2": float(r["plaza_m2"]),
            "office_ok": bool(r["office_ok"]), "service_ok": bool(r["service_ok"]),
            "plaza_ok": bool(r["plaza_ok"]), "contiguous": bool(r["contiguous"]),
        })
    return rows


def evaluate_assignment(assignment: dict, subdistrict=None, policy: Policy | None = None,
                        version: int | None = None, key=None) -> PlanMetrics:
    """:func:`evaluate` of a plain assignment on the scope's instance (cached when ``key``)."""
    policy = policy or Policy()
    version = registry_version() if version is None else version
    inst = instance_for(subdistrict, version)
    compute = (lambda: evaluate(inst, CorePlan(assignment), policy))
    return cached(("evaluate-assignment", key, getattr(subdistrict, "pk", subdistrict)),
                  compute, version) if key is not None else compute()

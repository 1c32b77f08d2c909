"""Plans meet the core: the registry as an Instance, a plan's metrics and check, new plans.

Everything here is cached per process and keyed by the *registry version* (the id of the
newest change-log entry, one indexed query): any change of the registry — or of a plan —
writes an ObjectChange and so invalidates what was computed before. Instances, checks and
dissolved geometries are then reused across requests (the map and dashboard stay fast).
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections import OrderedDict

from django.utils.translation import gettext as _

from yizhan.core.instance import Instance
from yizhan.core.metrics import BAND_STATUSES, PlanMetrics, band_status, evaluate
from yizhan.core.plan import Plan as CorePlan
from yizhan.core.plan import PlanFileError
from yizhan.core.policy import Policy, PolicyError

__all__ = ["registry_version", "instance_for", "posts_for", "check_inputs", "run_check", "policy_from_toml", "plan_policy",
           "evaluate_plan", "check_plan", "geometries_for", "official_assignment",
           "current_assignment", "scope_problems", "parse_plan_csv", "cached"]

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: OrderedDict = OrderedDict()
_CACHE_SIZE = 256


#: how long a read of the registry version is reused in this process (changes made in this
#: process invalidate it at once, see :func:`_forget_version`; other processes' — the
#: task worker's — are seen within this time)
VERSION_TTL = 1.0
_version = {"value": None, "at": 0.0}


def registry_version() -> int:
    """Id of the newest change-log entry: changes whenever the registry or a plan does."""
    import time

    from yizhan.web.changelog.models import ObjectChange

    now = time.monotonic()
    value = _version["value"]
    if value is not None and now - _version["at"] < VERSION_TTL:
        return value
    value = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _version.update(value=value, at=now)
    return value


def _forget_version(**kwargs) -> None:
    _version["value"] = None


def _connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from yizhan.web.changelog.models import ObjectChange

    post_save.connect(_forget_version, sender=ObjectChange, dispatch_uid="yizhan-version")
    post_delete.connect(_forget_version, sender=ObjectChange, dispatch_uid="yizhan-version-d")


def cached(key, compute, version: int | None = None):
    """``compute()`` memoised under ``(key, registry_version())`` (a small LRU)."""
    full = (key, registry_version() if version is None else version)
    with _lock:
        if full in _cache:
            _cache.move_to_end(full)
            return _cache[full]
    value = compute()
    with _lock:
        _cache[full] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def clear_cache() -> None:
    with _lock:
        _cache.clear()
    _version["value"] = None


def _sub_key(subdistrict) -> int | None:
    return getattr(subdistrict, "pk", subdistrict)


def instance_for(subdistrict=None, version: int | None = None) -> Instance:
    """The registry (one subdistrict, or all when None) as a core Instance."""
    from yizhan.web.registry.instance import build_instance

    sid = _sub_key(subdistrict)
    return cached(("instance", sid), lambda: build_instance(sid), version)


def posts_for(subdistrict=None, version: int | None = None):
    """The registry's open posts of the scope as the checker's posts table (R8, R10)."""
    from yizhan.web.registry.instance import build_posts

    sid = _sub_key(subdistrict)
    return cached(("posts", sid), lambda: build_posts(sid), version)


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


#: the unit columns the checker's verdicts depend on. Left out on purpose: names (labels
#: only) and today's station (only the "before" column; rollout changes it by design).
CHECKED_UNIT_COLUMNS = ("parent", "households", "self_contained", "office_m2", "service_m2",
                        "plaza_m2", "party_members")


def check_inputs(subdistrict=None, version: int | None = None) -> dict:
    """The parts of the registry the check reads, as plain JSON: units (the columns above),
    adjacency and posts. Two registries with equal inputs get equal checks of any plan;
    :mod:`yizhan.web.planning.authority` stores this at approval to tell when it went stale."""
    def compute():
        inst = instance_for(subdistrict, version)
        units = inst.units
        data = {code: [_plain(units.at[code, col]) for col in CHECKED_UNIT_COLUMNS]
                for code in units.index}
        posts = posts_for(subdistrict, version)
        return {"columns": list(CHECKED_UNIT_COLUMNS), "units": data,
                "edges": sorted(sorted(map(str, e)) for e in inst.edges),
                "posts": sorted(map(list, posts.itertuples(index=False, name=None)))}

    return cached(("check-inputs", _sub_key(subdistrict)), compute, version)


def _plain(value):
    """numpy scalars → int/float/bool/str for JSON (and equal after a JSON round trip)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def policy_from_toml(text: str) -> Policy:
    if not (text or "").strip():
        return Policy()
    return Policy.from_toml_text(text)


def plan_policy(plan) -> Policy:
    try:
        return policy_from_toml(plan.policy_toml)
    except PolicyError:
        return Policy()


def _plan_key(plan) -> tuple:
    return (plan.pk, plan.updated.isoformat() if plan.updated else "")


def evaluate_plan(plan, version: int | None = None) -> PlanMetrics:
    """:func:`yizhan.core.metrics.evaluate` of a saved plan on its scope's instance."""
    version = registry_version() if version is None else version
    inst = instance_for(plan.subdistrict_id, version)
    return cached(("evaluate", _plan_key(plan)),
                  lambda: evaluate(inst, plan.core_plan(), plan_policy(plan)), version)


def check_plan(plan, version: int | None = None):
    """:func:`run_check` of a saved plan (findings, targets, metrics)."""
    version = registry_version() if version is None else version
    return cached(("check", _plan_key(plan)),
                  lambda: run_check(plan.core_plan(), plan.subdistrict_id, plan_policy(plan),
                                    version), version)


def check_assignment(assignment: dict, subdistrict=None, policy: Policy | None = None):
    """Check an unsaved assignment (import preview)."""
    return run_check(assignment, subdistrict, policy)


def geometries_for(subdistrict=None, version: int | None = None) -> dict:
    """Committee code → shapely geometry (committees without a boundary are left out).

    A stored boundary that fails :func:`yizhan.geo.validate.boundary` (saved before that
    check existed, or written around it) is left out and logged: one bad committee must not
    take the map away from every user.
    """
    from yizhan.geo.validate import BoundaryError, boundary
    from yizhan.web.registry.models import Committee

    def compute():
        qs = Committee.objects.exclude(geometry="")
        if subdistrict is not None:
            qs = qs.filter(subdistrict=_sub_key(subdistrict))
        out = {}
        for code, text in qs.values_list("code", "geometry"):
            try:
                out[code] = boundary(text)
            except BoundaryError as exc:
                logger.warning("committee %s: boundary left off the map: %s", code, exc.en)
        return out

    return cached(("geometries", _sub_key(subdistrict)), compute, version)


def current_assignment(subdistrict=None) -> dict[str, str]:
    """Today's stations as a plan (the registry's open memberships)."""
    return dict(instance_for(subdistrict).current_plan().assignment)


def official_assignment(subdistrict=None) -> tuple[dict[str, str], list[str]]:
    """The 2006 document's plan for the registry's committees, and what did not match.

    Committees are matched to the bundled plan by code, then by (subdistrict, name).
    Returns (assignment, problems); a committee without a match keeps a station of its own.
    """
    from yizhan.data.bundled import load_luohu

    data = load_luohu()
    official = data.official_plan.assignment
    units = data.instance.units
    by_name = {(units.at[c, "parent"], units.at[c, "name"]): c for c in units.index}
    inst = instance_for(subdistrict)
    assignment, problems = {}, []
    for code, row in inst.units.iterrows():
        src = code if code in official else by_name.get((row["parent"], row["name"]))
        if src is None or src not in official:
            assignment[code] = row["name"]
            problems.append(_("%(name)s（%(code)s）不在2006年正式方案中，保留为单独工作站。")
                            % {"name": row["name"], "code": code})
        else:
            assignment[code] = official[src]
    return assignment, problems


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


def readable_rows(text: str) -> dict[str, str]:
    """The ``code → station`` rows of a plan file that can be read (first of duplicates,
    rows with an empty code left out), to check coverage when other rows are broken."""
    import csv

    try:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error:
        return {}
    out: dict[str, str] = {}
    for row in rows:
        code = (row.get("code") or "").strip()
        if code and code not in out:
            out[code] = (row.get("station") or "").strip() or "?"
    return out


def parse_plan_csv(raw: bytes | str) -> tuple[dict[str, str] | None, list[str]]:
    """Read an uploaded ``code,station`` file (UTF-8 or GBK); (assignment, problems)."""
    if isinstance(raw, bytes):
        for enc in ("utf-8-sig", "gbk"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None, [_("文件既不是 UTF-8 也不是 GBK 编码。")]
    else:
        text = raw
    try:
        plan = CorePlan.read_csv(io.StringIO(text))
    except PlanFileError as exc:
        return None, list(exc.problems)
    return plan.assignment, []


# ---------------------------------------------------------------------- per-station rows
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
    return cached(("evaluate-assignment", key, _sub_key(subdistrict)), compute, version) \
        if key is not None else compute()

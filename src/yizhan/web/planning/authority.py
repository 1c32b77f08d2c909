"""Which plan is in force: one approved plan per scope, staleness, and the composed plan.

Rules (docs/planning.md "Plan authority"):

* A *scope* is the district (``subdistrict`` empty) or one subdistrict. At most one plan per
  scope is ``approved`` — a partial unique index on the table says so too. Approving a plan
  *supersedes* the approved plan of its scope; approving a district plan also supersedes the
  approved subdistrict plans (the new district plan replaces their parts). Superseded plans
  keep their record: status ``superseded``, ``superseded_by``, and a workflow log row
  with who, when and why.
* The *plan in force* is the approved district plan with each subdistrict's part replaced by
  that subdistrict's approved plan when it was approved later (:func:`compose`, pure). A
  committee no approved plan covers — a subdistrict without any, a committee added after the
  approval — stays on its station of today, and the plan in force says so.
* Approval records the registry version, the check's inputs (:func:`services.check_inputs`)
  with their fingerprint, and the check result. When the inputs change (committees added,
  removed or moved, households, facilities, adjacency, posts), the plan is *stale*
  (:func:`staleness` lists the difference) and :func:`applicable` refuses it until it is
  checked and approved again (``reapprove`` in :mod:`~yizhan.web.planning.workflow`).
  Applying the plan (the rollout) changes posts by design: each rollout records the inputs it
  left behind (``RolloutRecord.baselines``) and the plan is compared with those afterwards
  (:func:`applied_baseline`), so only a change made after the rollout makes it stale. So does
  taking up an appointment (``Appointment.baselines``): the heads and secretaries the reform
  requires (R10) are the plan being carried out, and the take-up is itself refused when it
  would break R8 or R10; posts edited by hand still make the plan stale.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from yizhan.core.plan import Plan as CorePlan
from yizhan.web.registry import snapshot as snap
from yizhan.web.planning.choices import PlanStatus

__all__ = ["fingerprint", "input_differences", "record_approval", "staleness", "applicable",
           "applied_baseline", "fresh_plans_covering", "baselines_now",
           "compose", "InForce", "plan_in_force", "superseded_by_approval"]

CURRENT = "current"
DISTRICT = "district"


# ---------------------------------------------------------------------- staleness
def fingerprint(inputs: Mapping) -> str:
    """SHA-256 of the check inputs as canonical JSON."""
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _join(items: list[str], limit: int = 20) -> str:
    return "、".join(items[:limit]) + ("……" if len(items) > limit else "")


def input_differences(old: Mapping, new: Mapping) -> list[str]:
    """What changed between two check inputs, in words (one line per kind of change)."""
    cols = list(new.get("columns") or old.get("columns") or [])
    ou, nu = old.get("units", {}), new.get("units", {})
    out = []
    added = sorted(set(nu) - set(ou))
    removed = sorted(set(ou) - set(nu))
    if added:
        out.append(_("新增居委会：%(list)s") % {"list": _join(added)})
    if removed:
        out.append(_("删除的居委会：%(list)s") % {"list": _join(removed)})
    labels = {"parent": _("所属街道"), "households": _("户数"),
              "self_contained": _("自成一体"), "office_m2": _("办公用房"),
              "service_m2": _("服务设施"), "plaza_m2": _("文体广场"),
              "party_members": _("党员数")}
    changed: dict[str, list[str]] = defaultdict(list)
    for code in sorted(set(ou) & set(nu)):
        for i, col in enumerate(cols):
            a = ou[code][i] if i < len(ou[code]) else None
            b = nu[code][i] if i < len(nu[code]) else None
            if a != b:
                changed[col].append(f"{code}（{a} → {b}）")
    for col in cols:
        if changed[col]:
            out.append(_("%(field)s变化：%(list)s")
                       % {"field": labels.get(col, col), "list": _join(changed[col])})
    oe = {tuple(e) for e in old.get("edges", [])}
    ne = {tuple(e) for e in new.get("edges", [])}
    if oe != ne:
        out.append(_("相邻关系变化：新增 %(added)d 条，删除 %(removed)d 条")
                   % {"added": len(ne - oe), "removed": len(oe - ne)})
    op = {tuple(p) for p in old.get("posts", [])}
    np_ = {tuple(p) for p in new.get("posts", [])}
    if op != np_:
        out.append(_("职务变化（R8、R10）：新增 %(added)d 条，结束 %(removed)d 条")
                   % {"added": len(np_ - op), "removed": len(op - np_)})
    return out


def record_approval(plan, user, result, version: int, first: bool = True) -> None:
    """Write the approval's who/when (first approval only: a re-approval is in the log),
    registry version, check inputs and check result."""
    inputs = snap.check_inputs(plan.subdistrict_id, version)
    if first:
        plan.approved_by = user if getattr(user, "is_authenticated", False) else None
        plan.approved_at = timezone.now()
    plan.approved_version = version
    plan.approved_inputs = inputs
    plan.approved_fingerprint = fingerprint(inputs)
    plan.approved_check = {"counts": result.counts(), "ok": result.ok,
                           "findings": [f.to_dict() for f in result.findings]}


def staleness(plan, version: int | None = None) -> list[str]:
    """Why an approved plan no longer matches the registry ([] when it still does).

    Plans that are not approved are never stale: they are checked afresh on every view.
    """
    if plan.status != PlanStatus.APPROVED or not plan.approved_fingerprint:
        return []
    inputs = snap.check_inputs(plan.subdistrict_id, version)
    now = fingerprint(inputs)
    if now == plan.approved_fingerprint:
        return []
    applied = applied_baseline(plan)
    if applied is not None and now == applied["fingerprint"]:
        return []  # what differs is the plan's own rollout: the plan carried out, not stale
    base = applied["inputs"] if applied is not None else plan.approved_inputs or {}
    return input_differences(base, inputs) or [_("检查所用的登记数据已变化。")]


def applied_baseline(plan) -> dict | None:
    """The check inputs the newest step of carrying ``plan`` out left behind (``{"fingerprint",
    "inputs"}``), or None before any: a rollout (``RolloutRecord.baselines``) or an
    appointment taken up (``Appointment.baselines``). Each changes posts by design; a change
    after it is a change of the registry like any other."""
    from django.apps import apps

    if not apps.is_installed("yizhan.web.rollout"):
        return None
    key = str(plan.pk)
    newest = None
    for model, when in (("RolloutRecord", "applied_at"), ("Appointment", "appointed_at")):
        row = (apps.get_model("rollout", model).objects.filter(baselines__has_key=key)
               .order_by(f"-{when}", "-pk").values_list(when, "baselines").first())
        if row is not None and (newest is None or row[0] > newest[0]):
            newest = row
    return newest[1][key] if newest is not None else None


def fresh_plans_covering(subdistrict, exclude=()) -> list:
    """The approved plans whose check inputs cover ``subdistrict`` (its own plan and the
    district plan; every plan when ``subdistrict`` is None) and are not stale now, but those in
    ``exclude``. Called before a step of carrying the plan in force out writes anything: the
    plans it leaves fresh get a baseline (:func:`baselines_now`); one stale before stays stale."""
    from django.db.models import Q

    from yizhan.web.planning.models import Plan

    version = snap.registry_version()
    done = {p.pk for p in exclude}
    qs = Plan.objects.filter(status=PlanStatus.APPROVED).exclude(pk__in=done)
    if subdistrict is not None:
        qs = qs.filter(Q(subdistrict__isnull=True) | Q(subdistrict=subdistrict))
    return [p for p in qs if not staleness(p, version)]


def baselines_now(plans) -> dict:
    """plan pk → ``{"fingerprint", "inputs"}``: each plan's check inputs as the database holds
    them now, read inside the writing transaction and never from the cache (what a rollout or
    an appointment stores, :func:`applied_baseline`)."""
    out = {}
    for plan in plans:
        inputs = snap.check_inputs_now(plan.subdistrict_id)
        out[str(plan.pk)] = {"fingerprint": fingerprint(inputs), "inputs": inputs}
    return out


def applicable(plan, version: int | None = None) -> list[str]:
    """Why ``plan`` may not be applied to the registry now ([] when it may): it must be the
    approved plan of its scope and not stale. Rollout calls this before changing anything."""
    if plan.status != PlanStatus.APPROVED:
        return [_("只有已批准的方案才能实施（当前状态：%(status)s）。")
                % {"status": plan.get_status_display()}]
    stale = staleness(plan, version)
    if stale:
        return [_("登记数据在批准后发生变化，方案须重新检查并重新批准后才能实施："), *stale]
    return []


def superseded_by_approval(plan):
    """The approved plans that approving ``plan`` supersedes: the one of its scope and, for
    a district plan, every approved subdistrict plan (whose part it replaces)."""
    from yizhan.web.planning.models import Plan

    qs = Plan.objects.filter(status=PlanStatus.APPROVED).exclude(pk=plan.pk)
    if plan.subdistrict_id is not None:
        qs = qs.filter(subdistrict=plan.subdistrict_id)
    return qs


# ---------------------------------------------------------------------- composition
def compose(units: Mapping[str, str], current: Mapping[str, str],
            district: Mapping[str, str] | None = None,
            parts: Mapping[str, Mapping[str, str]] | None = None
            ) -> tuple[dict[str, str], dict[str, str]]:
    """The plan in force from plain plans (no database).

    Parameters
    ----------
    units : committee code → subdistrict name, for *every* committee
    current : committee code → today's station
    district : the approved district plan's assignment (or None)
    parts : subdistrict name → the assignment of its approved plan, approved after the
        district plan (the caller drops earlier ones)

    Returns
    -------
    (assignment, source) : committee → station label, and committee → where its station
        comes from (``"district"``, the subdistrict's name, or ``"current"``). A station label
        used by two sources is prefixed with its source, so parts never merge by accident.

    >>> compose({"a": "P", "b": "P", "c": "Q"}, {"a": "s1", "b": "s2", "c": "s3"},
    ...         district={"a": "X", "b": "X", "c": "Y"}, parts={"Q": {"c": "X"}})
    ({'a': 'X', 'b': 'X', 'c': 'Q·X'}, {'a': 'district', 'b': 'district', 'c': 'Q'})
    >>> compose({"a": "P", "n": "P"}, {"a": "s1", "n": "s9"}, district={"a": "X"})[1]
    {'a': 'district', 'n': 'current'}
    """
    parts = parts or {}
    chosen: dict[str, tuple[str, str]] = {}
    for code, parent in units.items():
        if parent in parts:  # the subdistrict plan replaces the whole part
            part = parts[parent]
            chosen[code] = (parent, part[code]) if code in part else \
                (CURRENT, current.get(code) or code)
        elif district is not None and code in district:
            chosen[code] = (DISTRICT, district[code])
        else:
            chosen[code] = (CURRENT, current.get(code) or code)
    sources_of: dict[str, set] = defaultdict(set)
    for source, label in chosen.values():
        sources_of[label].add(source)
    prefix = {CURRENT: "现状"}  # a station label (data), not interface text
    assignment, source_of = {}, {}
    for code, (source, label) in chosen.items():
        clash = len(sources_of[label]) > 1 and source != DISTRICT
        assignment[code] = f"{prefix.get(source, source)}·{label}" if clash else label
        source_of[code] = source
    return assignment, source_of


@dataclass
class InForce:
    """The plan in force: its assignment and, per subdistrict, where it comes from."""

    assignment: dict[str, str]
    source: dict[str, str]                   # committee → "district" | subdistrict | "current"
    district: object | None                  # the approved district Plan
    parts: dict[str, object] = field(default_factory=dict)   # subdistrict → approved Plan
    parents: dict[str, str] = field(default_factory=dict)    # committee → subdistrict

    @property
    def exists(self) -> bool:
        return self.district is not None or bool(self.parts)

    def plan_of(self, subdistrict: str):
        """The approved plan whose part is in force in ``subdistrict`` (None: today's)."""
        return self.parts.get(subdistrict) or self.district

    @property
    def plans(self) -> list:
        return [p for p in [self.district, *self.parts.values()] if p is not None]

    def uncovered(self, subdistrict: str | None = None) -> list[str]:
        """Committees that stay on today's station (no approved plan covers them)."""
        return [c for c, s in self.source.items() if s == CURRENT
                and (subdistrict is None or self.parents[c] == subdistrict)]

    def core_plan(self, codes=None) -> CorePlan:
        """The composed plan, or its part on the committees ``codes`` (a scope's)."""
        assignment = self.assignment if codes is None else {
            c: s for c, s in self.assignment.items() if c in codes}
        return CorePlan(assignment, name=_("现行方案"))


def plan_in_force(version: int | None = None) -> InForce:
    """The district's plan in force now (cached per registry version)."""
    from yizhan.web.planning.models import Plan

    version = snap.registry_version() if version is None else version

    def compute():
        inst = snap.instance_for(None, version)
        approved = list(Plan.objects.filter(status=PlanStatus.APPROVED)
                        .select_related("subdistrict", "approved_by"))
        district = next((p for p in approved if p.subdistrict_id is None), None)
        since = district.approved_at if district is not None else None
        parts = {p.subdistrict.name: p for p in approved if p.subdistrict_id is not None
                 and (since is None or p.approved_at is None or p.approved_at >= since)}
        parents = {str(c): str(p) for c, p in inst.units["parent"].items()}
        current = {str(c): str(s) for c, s in inst.units["station"].items()}
        assignment, source = compose(
            parents, current, district.assignment if district is not None else None,
            {name: p.assignment for name, p in parts.items()})
        return InForce(assignment, source, district, parts, parents)

    return snap.cached(("in-force",), compute, version)

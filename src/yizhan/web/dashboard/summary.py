"""What the dashboard and the map show, computed once and shared by the pages and the API.

The numbers are :func:`yizhan.core.metrics.evaluate` and
:func:`yizhan.policy.checker.check` of the plan on the registry's instance — nothing is
recomputed here, so the dashboard says exactly what the checker, the CLI and the reports say.

Scope: a plan is judged on its own scope (its subdistrict, or the district). Without a plan
the scope is the user's (an officer's subdistrict; everything for others) and the "plan" is
today's stations (``current``), the 2006 document's plan (``official``) or the plan in force
(``in_force``: the approved plans composed, :mod:`yizhan.web.planning.authority`).
"""

from __future__ import annotations

import json
import math

from django.utils.translation import gettext as _

from yizhan.core.metrics import BAND_STATUSES
from yizhan.core.plan import Plan as CorePlan
from yizhan.core.policy import Policy
from yizhan.geo.dissolve import dissolve
from yizhan.web.permissions import permits, subdistrict_scope
from yizhan.web.planning import services as svc
from yizhan.web.registry import snapshot as snap

__all__ = ["user_scope", "Subject", "subject_for", "summary", "committees_geojson",
           "stations_geojson", "per_subdistrict_rows"]


def user_scope(user):
    """The subdistrict id the user's view of the registry is limited to (an officer's); None
    for the whole district. These pages sum whole subdistricts: a role that may not view the
    plans, or whose view of the committees is neither the district nor one subdistrict (a
    station's staff, a department), is refused (403)."""
    from django.core.exceptions import PermissionDenied

    from yizhan.web.planning.models import Plan
    from yizhan.web.registry.models import Committee

    scope = subdistrict_scope(user, "view", Committee)
    if permits(user, "view", Plan) and (scope is None or len(scope) == 1):
        return None if scope is None else next(iter(scope))
    raise PermissionDenied(_("您的角色不能查看全区或街道的汇总。"))


class Subject:
    """What a page shows: a saved plan, today's stations (``current``) or the 2006 document's
    plan (``official``, not saved), on a scope, with its check — computed lazily, cached."""

    def __init__(self, plan=None, scope=None, version=None, kind: str | None = None):
        self.plan = plan
        self.kind = "plan" if plan is not None else (kind or "current")
        self.scope = plan.subdistrict_id if plan is not None else scope
        self.version = snap.registry_version() if version is None else version
        self.instance = snap.instance_for(self.scope, self.version)
        self.policy = svc.plan_policy(plan) if plan is not None else Policy()
        self._result = None

    @property
    def key(self):
        return ("plan", svc.plan_key(self.plan)) if self.plan is not None \
            else (self.kind, self.scope)

    @property
    def param(self) -> str:
        """The ``?plan=`` value that selects this subject."""
        return str(self.plan.pk) if self.plan is not None else self.kind

    @property
    def label(self) -> str:
        if self.plan is not None:
            return self.plan.name
        return {"official": _("2006年正式方案（文件）"),
                "in_force": _("现行方案")}.get(self.kind, _("现状（整合前）"))

    @property
    def in_force(self):
        """The plan in force (the approved plans composed), for ``in_force`` subjects."""
        from yizhan.web.planning.authority import plan_in_force

        return plan_in_force(self.version)

    @property
    def core_plan(self) -> CorePlan:
        if self.plan is not None:
            return self.plan.core_plan()
        if self.kind == "official":
            return snap.cached(("official-plan", self.scope),
                              lambda: CorePlan(svc.official_assignment(self.scope)[0],
                                               name="official"), self.version)
        if self.kind == "in_force":
            return self.in_force.core_plan(set(self.instance.units.index))
        return self.instance.current_plan()

    @property
    def result(self):
        if self._result is None:
            if self.plan is not None:
                self._result = svc.check_plan(self.plan, self.version)
            else:
                self._result = snap.cached(
                    ("check",) + self.key,
                    lambda: svc.run_check(self.core_plan, self.scope, self.policy,
                                          self.version), self.version)
        return self._result

    @property
    def metrics(self):
        return self.result.metrics

    def stations(self) -> list[dict]:
        return snap.cached(("station-rows",) + self.key,
                          lambda: svc.station_rows(self.metrics, self.instance, self.policy),
                          self.version)


#: the ``?plan=`` values that name no saved plan
SUBJECT_KINDS = ("current", "official", "in_force")


def subject_for(param: str | None, user, version=None, default: str = "official") -> Subject:
    """The subject ``?plan=`` names for ``user``: a plan id (404 outside the user's scope),
    ``current``, ``official``, ``in_force``; empty means ``default``; anything else is a
    400."""
    from django.shortcuts import get_object_or_404

    from yizhan.web.params import query_id
    from yizhan.web.permissions import restrict
    from yizhan.web.planning.models import Plan

    param = (param or "").strip() or default
    scope = user_scope(user)  # 403 first for a role that may not see these pages at all
    if param in SUBJECT_KINDS:
        return Subject(None, scope=scope, version=version, kind=param)
    plan = get_object_or_404(restrict(Plan.objects.select_related("subdistrict"), user, "view"),
                             pk=query_id({"plan": param}, "plan"))
    return Subject(plan, version=version)


def per_subdistrict_rows(subject: Subject) -> list[dict]:
    """SPEC §5's table: per subdistrict, stations before and after, merged groups, kept alone.

    "Before" is today's stations in the registry (``evaluate``'s ``per_parent.before``).
    """
    names = subject.instance.units["name"]
    counts = subject.metrics.per_parent
    rows = {}
    for parent in subject.instance.parents:
        rows[parent] = {"parent": parent, "before": int(counts["before"].get(parent, 0)),
                        "after": int(counts["after"].get(parent, 0)), "merged": [], "alone": []}
    for s in subject.stations():
        row = rows.get(s["parent"])
        if row is None:
            continue
        if s["units"] > 1:
            row["merged"].append("+".join(str(names.get(c, c)) for c in s["members"]))
        else:
            row["alone"].append(str(names.get(s["members"][0], s["members"][0])))
    return list(rows.values())


def summary(subject: Subject, before: Subject | None = None) -> dict:
    """The dashboard's numbers as JSON (the page and ``/api/dashboard/summary`` show these)."""
    m = subject.metrics
    result = subject.result
    out = {
        "plan": subject.param,
        "label": subject.label,
        "scope": subject.scope,
        "synthetic": bool(subject.instance.synthetic),
        "band": {"min": subject.policy.band.min_households,
                 "max": subject.policy.band.max_households},
        "metrics": {k: v for k, v in m.to_dict().items() if k != "per_parent"},
        "targets": [t.to_dict() for t in result.targets],
        "findings": [f.to_dict() for f in result.findings],
        "finding_counts": result.counts(),
        "band_counts": band_counts(subject.stations()),
        "stations": [{k: s[k] for k in ("station", "parent", "units", "households", "band",
                                        "office_ok", "service_ok", "plaza_ok")}
                     for s in subject.stations()],
    }
    out["per_subdistrict"] = per_subdistrict_rows(subject)
    if before is not None:
        out["before"] = {"label": before.label,
                         "metrics": {k: v for k, v in before.metrics.to_dict().items()
                                     if k != "per_parent"},
                         "targets": [t.to_dict() for t in before.result.targets]}
    return out


def band_counts(stations: list[dict]) -> dict:
    out = {k: 0 for k in BAND_STATUSES}
    for s in stations:
        out[s["band"]] += 1
    return out


# ---------------------------------------------------------------------- GeoJSON
def _finite(value):
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _feature_collection(features: list) -> str:
    """The map's JSON. Boundaries passed :func:`yizhan.geo.validate.boundary` and a number
    that is not finite (stored before the input rule) becomes null, so ``allow_nan=False``
    holds: never an ``Infinity`` or ``NaN``, which browsers' ``JSON.parse`` rejects."""
    for f in features:
        f["properties"] = {k: _finite(v) for k, v in f["properties"].items()}
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def committees_geojson(subject: Subject) -> str:
    """Committee polygons with their station in the subject and its band status."""
    def compute():
        geoms = snap.geometries_for(subject.scope, subject.version)
        units = subject.instance.units
        by_station = {s["station"]: s for s in subject.stations()}
        assignment = subject.core_plan.assignment
        features = []
        for code, row in units.iterrows():
            geom = geoms.get(code)
            if geom is None:
                continue
            st = by_station.get(assignment.get(code))
            features.append({"type": "Feature", "geometry": geom.__geo_interface__, "properties": {
                "code": code, "name": row["name"], "subdistrict": row["parent"],
                "households": int(row["households"]),
                "station": st["station"] if st else "",
                "station_names": "、".join(st["names"]) if st else "",
                "station_households": st["households"] if st else None,
                "band": st["band"] if st else "",
                "office_m2": float(row["office_m2"]), "service_m2": float(row["service_m2"]),
                "plaza_m2": float(row["plaza_m2"]), "kind": "committee"}})
        return _feature_collection(features)

    return snap.cached(("committees-geojson",) + subject.key, compute, subject.version)


def stations_geojson(subject: Subject) -> str:
    """The subject's stations as dissolved polygons (R7), with band status and facilities."""
    def compute():
        geoms = snap.geometries_for(subject.scope, subject.version)
        shapes = dissolve(geoms, subject.core_plan.assignment, snap=1e-7)
        features = []
        for s in subject.stations():
            geom = shapes.get(s["station"])
            if geom is None:
                continue
            features.append({"type": "Feature", "geometry": geom.__geo_interface__,
                             "properties": {**{k: s[k] for k in (
                                 "station", "parent", "units", "households", "band",
                                 "office_m2", "service_m2", "plaza_m2", "office_ok",
                                 "service_ok", "plaza_ok", "contiguous")},
                                 "names": "、".join(s["names"]), "kind": "station"}})
        return _feature_collection(features)

    return snap.cached(("stations-geojson",) + subject.key, compute, subject.version)

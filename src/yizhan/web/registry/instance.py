"""Build a core :class:`~yizhan.core.instance.Instance` from the registry.

The planner and the policy checker never touch the ORM (DESIGN.md); the web app calls
:func:`build_instance` and hands them plain data. Units are the committees (code = the
committee's local code), parent = subdistrict name, ``station`` = the code of the station
that currently serves the committee (open membership), edges = stored adjacency.
"""

from __future__ import annotations

import pandas as pd

from yizhan.core.instance import Instance

__all__ = ["build_instance", "UNIT_FIELDS"]

#: units-file column → Committee field
UNIT_FIELDS = {
    "code": "code", "name": "name", "households": "households", "office_m2": "office_m2",
    "service_m2": "service_m2", "plaza_m2": "plaza_m2", "population": "population",
    "area_km2": "area_km2", "type": "type", "self_contained": "self_contained",
    "office_status": "office_status", "service_status": "service_status",
    "plaza_status": "plaza_status", "party_members": "party_members", "nbs_code": "nbs_code",
    "x": "x", "y": "y",
}


def build_instance(subdistrict=None, *, queryset=None, name: str = "") -> Instance:
    """The registry as an Instance.

    Parameters
    ----------
    subdistrict : Subdistrict, int, str or None
        Only this subdistrict (object, primary key or name); None for the whole district.
    queryset : QuerySet of Committee, optional
        Start from this (e.g. ``restrict(Committee.objects.all(), user)``) instead of all.
    name : str
        The instance's label (default: the subdistrict's name or "registry").
    """
    from yizhan.web.registry.models import Committee, CommitteeAdjacency, StationMembership

    qs = queryset if queryset is not None else Committee.objects.all()
    if subdistrict is not None:
        if isinstance(subdistrict, str):
            qs = qs.filter(subdistrict__name=subdistrict)
        else:
            qs = qs.filter(subdistrict=subdistrict)
    qs = qs.select_related("subdistrict").order_by("code")
    rows = list(qs.values(*UNIT_FIELDS.values(), "pk", "subdistrict__name", "synthetic"))
    pks = [r["pk"] for r in rows]
    current = dict(StationMembership.objects.filter(committee__in=pks, end__isnull=True)
                   .values_list("committee_id", "station__code"))
    records = []
    for r in rows:
        rec = {col: r[field] for col, field in UNIT_FIELDS.items()}
        rec["parent"] = r["subdistrict__name"]
        rec["station"] = current.get(r["pk"], "")
        for col in ("population", "area_km2", "x", "y"):
            if rec[col] is None:
                rec[col] = float("nan")
        records.append(rec)
    code_of = {r["pk"]: r["code"] for r in rows}
    edges = [(code_of[a], code_of[b]) for a, b in
             CommitteeAdjacency.objects.filter(a__in=pks, b__in=pks).values_list("a", "b")]
    columns = ["code", "name", "parent", *[c for c in UNIT_FIELDS if c not in ("code", "name")],
               "station"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    label = name or (str(subdistrict) if subdistrict is not None else "registry")
    return Instance(frame, edges, name=label, synthetic=any(r["synthetic"] for r in rows))

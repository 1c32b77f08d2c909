"""Build a core :class:`~yizhan.core.instance.Instance` from the registry.

The planner and the policy checker never touch the ORM (DESIGN.md); the web app calls
:func:`build_instance` and hands them plain data. Units are the committees (code = the
committee's local code), parent = subdistrict name, ``station`` = the code of the station
that currently serves the committee (open membership), edges = stored adjacency.
"""

from __future__ import annotations

import pandas as pd

from yizhan.core.instance import Instance

__all__ = ["build_instance", "build_posts", "UNIT_FIELDS", "POST_COLUMNS"]

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


#: the columns of a posts file (docs/formats.md), which R8 and R10 read
POST_COLUMNS = ["person_id", "org", "unit", "role"]


def build_posts(subdistrict=None) -> pd.DataFrame:
    """The registry's open posts as the checker's posts table (``person_id, org, unit, role``).

    ``unit`` is a committee code, as in the posts file: a committee post names its committee,
    a party post the committee of its party organisation, a station post the first (by code)
    committee the station serves today — the checker maps units to the plan's stations, so
    any committee of the station leads to the same place. Posts whose organisation serves no
    committee are left out (they belong to no station of any plan).
    """
    from yizhan.web.registry.models import Post, StationMembership

    qs = Post.objects.filter(end__isnull=True)
    if subdistrict is not None:
        qs = qs.filter(subdistrict=subdistrict)
    rows = list(qs.values_list("person__person_id", "org_kind", "role", "committee__code",
                               "party_organisation__committee__code", "station_id",
                               "party_organisation__station_id"))
    served: dict[int, str] = {}
    for station, code in (StationMembership.objects.filter(end__isnull=True)
                          .order_by("-committee__code")
                          .values_list("station_id", "committee__code")):
        served[station] = code  # descending order: the smallest code is written last
    records = []
    for person, org, role, committee, party_committee, station, party_station in rows:
        unit = committee or party_committee or served.get(station or party_station)
        if unit:
            records.append((person, org, unit, role))
    return pd.DataFrame.from_records(sorted(records), columns=POST_COLUMNS)

"""Load the bundled Luohu 2006 data into an empty registry (``yizhan serve`` on first start).

Idempotent: does nothing when any committee exists. Everything is written in one
transaction and recorded in the change log as "system" with one request id.

The 2006 baseline: one station per committee (``units.station``), each serving its
committee from :data:`BASELINE_DATE` (the start of the survey phase, SPEC §6; the document
does not date the old stations). Facility areas are the committee's own fields, a
station's derived from its committees (see :mod:`.models`); each committee's party organisation is a branch, general branch or party committee
by its members under the default policy's R9 thresholds (> 50 general branch, ≥ 100
committee), the same judgement the checker makes.
"""

from __future__ import annotations

import datetime
import json

from django.db import transaction

from yizhan.core.policy import Policy
from yizhan.policy.checks import PARTY_KINDS, party_organisation_kind
from yizhan.web.changelog.signals import log_bulk_created
from yizhan.web.context import change_context
from yizhan.web.registry import models as m

__all__ = ["BASELINE_DATE", "load_bundled", "load_instance_data"]

BASELINE_DATE = datetime.date(2006, 6, 1)


def _num(value, cast=float):
    try:
        if value is None or value != value or value == "":  # NaN
            return None
        return cast(value)
    except (TypeError, ValueError):
        return None


def load_bundled(user=None) -> bool:
    """Load :func:`yizhan.data.bundled.load_luohu` if the registry is empty. True if loaded."""
    if m.Committee.objects.exists():
        return False
    from yizhan.data.bundled import load_luohu

    data = load_luohu()
    geometries = _bundled_geometries()
    load_instance_data(data.instance, subdistricts=data.subdistricts, people=data.people,
                       posts=data.posts, geometries=geometries, user=user,
                       label="system: bundled Luohu 2006")
    return True


def _bundled_geometries() -> dict[str, str]:
    from yizhan.data.bundled import data_dir

    with data_dir().joinpath("committees.geojson").open("r", encoding="utf-8") as fh:
        collection = json.load(fh)
    return {f["properties"]["code"]: json.dumps(f["geometry"], ensure_ascii=False,
                                                separators=(",", ":"))
            for f in collection["features"]}


def load_instance_data(instance, *, subdistricts=None, people=None, posts=None,
                       geometries=None, user=None, label="system") -> None:
    """Write an Instance (and optional people/posts) into the registry in one transaction."""
    geometries = geometries or {}
    with transaction.atomic(), change_context(user=user, label=label):
        codes = {}
        if subdistricts is not None:
            codes = dict(zip(subdistricts["name"], subdistricts["street_code"]))
        subs = {}
        for parent in instance.parents:
            subs[parent], _ = m.Subdistrict.objects.get_or_create(
                name=parent, defaults={"street_code": codes.get(parent, "")})
        committees, stations, parties = {}, {}, {}
        units = instance.units
        for code, row in units.iterrows():
            sub = subs[row["parent"]]
            c = m.Committee.objects.create(
                code=code, name=row["name"], subdistrict=sub, nbs_code=row.get("nbs_code", ""),
                households=int(row["households"]),
                population=_num(row.get("population"), int),
                area_km2=_num(row.get("area_km2")), type=row.get("type", "") or "",
                self_contained=bool(row.get("self_contained", False)),
                party_members=int(row.get("party_members", 0) or 0),
                office_m2=float(row["office_m2"]), service_m2=float(row["service_m2"]),
                plaza_m2=float(row["plaza_m2"]),
                office_status=row.get("office_status", "") or "",
                service_status=row.get("service_status", "") or "",
                plaza_status=row.get("plaza_status", "") or "",
                geometry=geometries.get(code, ""), x=_num(row.get("x")), y=_num(row.get("y")),
                synthetic=bool(instance.synthetic))
            committees[code] = c
            label_ = row.get("station", "") or row["name"]
            st = m.Station.objects.create(code=f"S-{code}", name=f"{label_}社区工作站",
                                          subdistrict=sub)
            stations[code] = st
            m.StationMembership.objects.create(station=st, committee=c, start=BASELINE_DATE)
            members = int(row.get("party_members", 0) or 0)
            party_kind = party_organisation_kind(members, Policy())
            parties[code] = m.PartyOrganisation.objects.create(
                name=f"{row['name']}社区{PARTY_KINDS[party_kind][0]}",
                kind=party_kind, committee=c, members=members)
        for a, b in instance.edges:
            ca, cb = committees[a], committees[b]
            if ca.pk > cb.pk:
                ca, cb = cb, ca
            m.CommitteeAdjacency.objects.create(a=ca, b=cb)
        if people is not None and posts is not None:
            _load_people(people, posts, committees, stations, parties)


def _load_people(people, posts, committees, stations, parties) -> None:
    """People and posts (most of the rows) in bulk: two INSERTs and one for their change-log
    entries instead of one pair of statements per row (first start: 4.5 → 0.6 s of CPU for the
    bundled data's ~1,900 rows; benchmarks/first_start.py)."""
    first_unit = dict(zip(posts["person_id"][::-1], posts["unit"][::-1]))
    persons = {}
    for pid, name in zip(people["person_id"], people["name"]):
        unit = first_unit.get(pid)
        sub = committees[unit].subdistrict if unit in committees else None
        persons[pid] = m.Person(person_id=pid, name=name, subdistrict=sub, synthetic=True)
    m.Person.objects.bulk_create(persons.values())
    rows = []
    for pid, org, unit, role in zip(posts["person_id"], posts["org"], posts["unit"],
                                    posts["role"]):
        kw = {"station": stations[unit]} if org == "station" else (
            {"committee": committees[unit]} if org == "committee" else
            {"party_organisation": parties[unit]})
        post = m.Post(person=persons[pid], org_kind=org, role=role, start=BASELINE_DATE, **kw)
        post.copy_scope()
        rows.append(post)
    m.Post.objects.bulk_create(rows)
    log_bulk_created([*persons.values(), *rows])

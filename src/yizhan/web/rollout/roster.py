"""The registry as the rollout core's inputs: an Instance, a Roster, and the state they make.

Read once before a rollout is written and once after, inside the same transaction: the core's
checks then judge the state the database really holds (:func:`state_of`), not the changes the
writer meant to make.
"""

from __future__ import annotations

import pandas as pd

from yizhan.core.roster import Roster
from yizhan.rollout.state import State, state_before
from yizhan.web.registry.instance import build_instance, build_posts

__all__ = ["build_roster", "state_of", "read_holdings", "org_id", "asset_id"]


def org_id(pk: int) -> str:
    return f"PO{pk}"


def asset_id(pk: int) -> str:
    return f"A{pk}"


def _first_committee(subdistrict) -> dict[int, str]:
    """Station pk → the first (by code) committee it serves today: the ``unit`` of its rows."""
    from yizhan.web.registry.models import StationMembership

    qs = StationMembership.objects.filter(end__isnull=True)
    if subdistrict is not None:
        qs = qs.filter(station__subdistrict=subdistrict)
    out: dict[int, str] = {}
    for station, code in qs.order_by("-committee__code").values_list("station_id", "committee__code"):
        out[station] = code
    return out


def build_roster(subdistrict=None) -> Roster:
    """People, open posts, open party organisations, assets and open fund allocations."""
    from yizhan.web.registry.models import Asset, PartyOrganisation, Person, Post
    from yizhan.web.rollout.models import FundAllocation

    first = _first_committee(subdistrict)
    sub = {} if subdistrict is None else {"subdistrict": subdistrict}
    people = pd.DataFrame.from_records(
        list(Person.objects.filter(**sub).values_list("person_id", "name", "pay_grade", "synthetic")),
        columns=["person_id", "name", "pay_grade", "synthetic"])
    posts = build_posts(subdistrict)
    missing = sorted(set(posts["person_id"]) - set(people["person_id"]))
    if missing:  # a post in the scope held by someone registered elsewhere
        people = pd.concat([people, pd.DataFrame.from_records(
            list(Person.objects.filter(person_id__in=missing)
                 .values_list("person_id", "name", "pay_grade", "synthetic")),
            columns=people.columns)], ignore_index=True)
    party_posts = {}
    for org, role, pid in Post.objects.filter(end__isnull=True, org_kind="party", **sub) \
            .values_list("party_organisation_id", "role", "person__person_id").order_by("person__person_id"):
        party_posts.setdefault((org, role), []).append(pid)
    orgs = []
    for o in PartyOrganisation.objects.filter(dissolved__isnull=True, **sub) \
            .values("pk", "name", "kind", "members", "parent_id", "committee__code", "station_id"):
        unit = o["committee__code"] or first.get(o["station_id"], "")
        if not unit:
            continue
        orgs.append({"org_id": org_id(o["pk"]), "unit": unit, "name": o["name"],
                     "kind": o["kind"], "members": o["members"],
                     "level": "branch" if o["parent_id"] else "community",
                     "parent": org_id(o["parent_id"]) if o["parent_id"] else "",
                     "secretary": ";".join(party_posts.get((o["pk"], "secretary"), [])),
                     "deputy_secretaries": ";".join(party_posts.get((o["pk"], "deputy_secretary"), []))})
    assets = []
    for a in Asset.objects.filter(**sub).exclude(status__in=["transferred", "disposed"]) \
            .values("pk", "description", "state_owned", "value_fen", "committee__code", "station_id"):
        org = "committee" if a["committee__code"] else "station"
        unit = a["committee__code"] or first.get(a["station_id"], "")
        if unit:
            assets.append({"asset_id": asset_id(a["pk"]), "org": org, "unit": unit,
                           "description": a["description"],
                           "owner_class": "state" if a["state_owned"] else "other",
                           "value_fen": a["value_fen"]})
    funds = [{"unit": first[f["station_id"]], "amount_fen": f["amount_fen"]}
             for f in FundAllocation.objects.filter(end__isnull=True, **sub)
             .values("station_id", "amount_fen") if f["station_id"] in first]
    return Roster(people[["person_id", "name", "pay_grade"]], posts, party=orgs or None,
                  assets=assets or None, funds=funds or None,
                  synthetic=bool(people["synthetic"].any()) if len(people) else False)


def state_of(subdistrict=None) -> tuple[object, Roster, State]:
    """The instance, roster and core state of the registry now (one subdistrict or all).

    A committee that no open membership serves belongs to no station (R1 will say so), rather
    than standing alone as it would in a units file without a ``station`` column.
    """
    from yizhan.web.registry.models import Station

    instance = build_instance(subdistrict)
    roster = build_roster(subdistrict)
    state = state_before(instance, roster)
    names = dict(Station.objects.filter(code__in=list(state.stations)).values_list("code", "name"))
    for code, name in names.items():
        state.set_station(code, name=name)
    for code, station in instance.units["station"].items():
        if not station:
            state.membership[code] = ""
            state.stations.pop(code, None)
    return instance, roster, state


def read_holdings(state: State, subdistrict, record) -> None:
    """Replace ``state``'s assets and funds by what the database holds, whoever holds them —
    a closed station included, so that an asset or a fund left behind is seen, not lost —
    with the clearance list of ``record`` as each asset's status and destination."""
    from yizhan.rollout.state import AssetItem
    from yizhan.web.registry.models import Asset
    from yizhan.web.rollout.models import AssetClearance, FundAllocation

    sub = {} if subdistrict is None else {"subdistrict": subdistrict}
    cleared = {c.asset_id: c for c in AssetClearance.objects.filter(record=record)}
    state.assets = {}
    for a in Asset.objects.filter(**sub).exclude(status__in=["transferred", "disposed"]) \
            .select_related("station", "committee"):
        c = cleared.get(a.pk)
        holder, org = (a.committee.code, "committee") if a.committee_id else (a.station.code, "station")
        state.assets[asset_id(a.pk)] = AssetItem(
            asset_id(a.pk), holder, org, a.description, "state" if a.state_owned else "other",
            a.value_fen, c.status if c else "held", c.destination if c else "")
    state.funds = {}
    for code, amount in FundAllocation.objects.filter(end__isnull=True, **sub) \
            .values_list("station__code", "amount_fen"):
        state.funds[code] = state.funds.get(code, 0) + amount

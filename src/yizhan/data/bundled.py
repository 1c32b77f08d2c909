"""Load the bundled Luohu 2006 dataset (real names and plan, SYNTHETIC attributes).

The files live in ``yizhan/data/luohu2006/`` as package data and are produced by
``python -m yizhan.data.generate --seed 2006``. :func:`load_luohu` reads them once per process
and returns the same :class:`LuohuData` on every call: treat it as read-only (copy a frame or
call ``Instance.subset`` before changing anything).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable

import pandas as pd

from yizhan.core.instance import Instance
from yizhan.core.plan import Plan

__all__ = ["DATASET_NAME", "LuohuData", "data_dir", "read_bundled_csv", "load_luohu",
           "load_luohu_polygons", "bundled_roster", "party_organisations", "official_plan_for"]

DATASET_NAME = "罗湖区 2006 (synthetic)"

#: Columns that hold codes: always read as text (a code is never a number).
_TEXT_COLUMNS = ("code", "a", "b", "station", "nbs_code", "street_code", "code_2023",
                 "person_id", "unit", "name", "name_2006", "name_2023", "parent")


def data_dir() -> Traversable:
    """The directory of the bundled files (a path on a normal install)."""
    return resources.files("yizhan.data").joinpath("luohu2006")


def read_bundled_csv(name: str) -> pd.DataFrame:
    """One bundled CSV file, code-like columns as text, empty cells as ''."""
    with data_dir().joinpath(name).open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype={c: str for c in _TEXT_COLUMNS}, keep_default_na=False)
    return frame


@dataclass(frozen=True)
class LuohuData:
    """The bundled dataset.

    Attributes
    ----------
    instance : Instance
        115 committees (``synthetic=True``), adjacency from the schematic polygons, and the
        2006 station of each committee (one each) in ``station``.
    official_plan : Plan
        The 2006 document's plan: 83 stations labelled like ``碧波+湖滨``.
    people, posts : pandas.DataFrame
        ``person_id,name`` and ``person_id,org,unit,role`` (docs/formats.md).
    subdistricts : pandas.DataFrame
        ``name,street_code`` (9-digit 2023 codes).
    """

    instance: Instance
    official_plan: Plan
    people: pd.DataFrame
    posts: pd.DataFrame
    subdistricts: pd.DataFrame


@functools.lru_cache(maxsize=1)
def load_luohu() -> LuohuData:
    """The bundled Luohu 2006 dataset, read once and cached (read-only)."""
    units = read_bundled_csv("units.csv")
    adjacency = read_bundled_csv("adjacency.csv")
    with data_dir().joinpath("official_plan.csv").open("r", encoding="utf-8") as fh:
        plan = Plan.read_csv(fh, name="official 2006")
    instance = Instance(units, zip(adjacency["a"], adjacency["b"]), name=DATASET_NAME,
                        synthetic=True)
    return LuohuData(instance=instance, official_plan=plan, people=read_bundled_csv("people.csv"),
                     posts=read_bundled_csv("posts.csv"),
                     subdistricts=read_bundled_csv("subdistricts.csv"))


def party_organisations(units: pd.DataFrame) -> pd.DataFrame:
    """One community-level party organisation per committee, from ``party_members``.

    The document counts party members but records no organisation's kind, so the kind is
    *derived* from the members under the default policy's R9 thresholds — the judgement the
    checker makes and the registry loader writes — and the roster says so.
    """
    from yizhan.core.policy import Policy
    from yizhan.policy.checks import PARTY_KINDS, party_organisation_kind

    frame = units.reset_index() if "code" not in units.columns else units
    kinds = [party_organisation_kind(int(n), Policy()) for n in frame["party_members"]]
    return pd.DataFrame({
        "org_id": [f"PO-{c}" for c in frame["code"]], "unit": list(frame["code"]),
        "name": [f"{n}社区{PARTY_KINDS[k][0]}" for n, k in zip(frame["name"], kinds)],
        "kind": kinds, "members": [int(n) for n in frame["party_members"]],
        "level": "community", "parent": ""})


def bundled_roster():
    """The bundled people, posts and party organisations as a core :class:`Roster`.

    What the 2006 document does not give is left out, never made up: no pay grade, no asset,
    no 固本强基 fund (:meth:`Roster.gaps` reports each); the party organisations' kinds are
    derived (``Roster.derived`` says so) and everything else is synthetic.
    """
    from yizhan.core.roster import Roster

    data = load_luohu()
    return Roster(data.people, data.posts, party=party_organisations(data.instance.units),
                  synthetic=True, derived={"party_kind": (
                      "党组织形式未登记，按R9默认门槛（50人以上总支、100人以上党委）由合成的党员数推定",
                      "party organisation kinds are not recorded: derived from the synthetic "
                      "member counts under R9's default thresholds (over 50 general branch, "
                      "100 or more committee)")})


def load_luohu_polygons() -> dict:
    """Code → shapely polygon of the schematic (SYNTHETIC) committee shapes."""
    import json

    from shapely.geometry import shape  # only here: loading the units need not import shapely

    with data_dir().joinpath("committees.geojson").open("r", encoding="utf-8") as fh:
        collection = json.load(fh)
    return {f["properties"]["code"]: shape(f["geometry"]) for f in collection["features"]}


def official_plan_for(instance: Instance) -> tuple[dict[str, str], list[str]]:
    """The 2006 document's plan carried over to another registry's committees.

    A committee is matched to the bundled plan by its code, else by (subdistrict, name) —
    a registry edited or re-imported after the demo keeps its matches. Returns the
    assignment and the codes that match nothing; each of those keeps a station of its own
    (labelled with its name), so the assignment always covers the instance (R1 §2(1)).
    """
    data = load_luohu()
    official = data.official_plan.assignment
    known = data.instance.units
    by_name = {(known.at[c, "parent"], known.at[c, "name"]): c for c in known.index}
    assignment, unmatched = {}, []
    for code, row in instance.units.iterrows():
        source = code if code in official else by_name.get((row["parent"], row["name"]))
        if source is None or source not in official:
            assignment[code] = row["name"]
            unmatched.append(code)
        else:
            assignment[code] = official[source]
    return assignment, unmatched

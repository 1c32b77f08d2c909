"""The numbers of every report, taken from the functions ``yizhan check`` and ``yizhan stats``
call — :func:`yizhan.policy.check` and :func:`yizhan.data.baseline.baseline_stats` — so a
report says exactly what the command line and the web app say (a test compares them).

This module only reshapes those results into rows for tables: per subdistrict (document part
六's "before, after, merged groups, kept alone"), per station, per target, and the staffing
of each new station (from the post records: who heads it, its party organisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yizhan.core.metrics import band_status
from yizhan.data.baseline import baseline_stats, compare_with_document
from yizhan.policy import check
from yizhan.policy.checker import CheckResult
from yizhan.policy.checks import PARTY_KINDS, party_organisation_kind
from yizhan.reports.inputs import ReportInputs

__all__ = ["Figures", "compute", "BAND_LABELS", "ROLE_LABELS"]

#: a station's place against the band (R2/R3 §2(2)), as tables and legends name it
BAND_LABELS = {"below": "低于下限", "in_band": "区间内", "above": "高于上限",
               "exempt": "独立完整大社区（可超标准）"}
#: posts file roles (docs/formats.md) as a filing form names them
ROLE_LABELS = {("station", "head"): "站长", ("station", "assistant"): "站长助理",
               ("station", "deputy_head"): "副站长", ("station", "staff"): "工作人员",
               ("party", "secretary"): "党组织书记", ("party", "deputy_secretary"): "党组织副书记",
               ("party", "member"): "党组织委员", ("committee", "director"): "居委会主任",
               ("committee", "deputy"): "居委会副主任", ("committee", "member"): "居委会委员"}


@dataclass
class Figures:
    """A report's numbers: the check, the baseline, and rows derived from them."""

    inputs: ReportInputs
    result: CheckResult
    stations: list[dict]
    per_subdistrict: list[dict]
    baseline: dict | None = None
    comparison: list[dict] = field(default_factory=list)
    frontier: object | None = None

    @property
    def metrics(self):
        return self.result.metrics


def compute(inputs: ReportInputs, *, frontier: bool = False, time_limit: float = 10.0,
            frontier_of=None) -> Figures:
    """Check the plan and, when post records exist, compute the baseline; optionally the
    planner's frontier (:func:`yizhan.planner.frontier.district_frontier`, seconds).

    ``frontier_of(instance, policy, time_limit=…)`` replaces ``district_frontier`` when given:
    the web app passes a cached one (:func:`yizhan.web.planning.downloads.cached_frontier`)."""
    result = check(inputs.instance, inputs.plan, inputs.policy, posts=inputs.posts)
    stations = station_rows(inputs, result)
    figures = Figures(inputs, result, stations, subdistrict_rows(inputs, result, stations))
    if inputs.posts is not None and inputs.people is not None:
        figures.baseline = baseline_stats(inputs.instance.units, inputs.people, inputs.posts)
        figures.comparison = compare_with_document(figures.baseline)
    if frontier:
        if frontier_of is None:
            from yizhan.planner.frontier import district_frontier as frontier_of

        figures.frontier = frontier_of(inputs.instance, inputs.policy, time_limit=time_limit)
    return figures


def _people_of(inputs: ReportInputs) -> dict[str, str]:
    if inputs.people is None:
        return {}
    return dict(zip(inputs.people["person_id"].astype(str), inputs.people["name"].astype(str)))


def station_rows(inputs: ReportInputs, result: CheckResult) -> list[dict]:
    """One row per station of the plan (the checker's station table), with names, band
    status, party organisation and, from the posts, staff and the proposed head."""
    names = inputs.instance.units["name"]
    posts = None
    if inputs.posts is not None:
        posts = inputs.posts.assign(station=inputs.posts["unit"].map(inputs.plan.assignment))
    who = _people_of(inputs)
    rows = []
    for station, r in result.metrics.table.iterrows():
        kind = party_organisation_kind(int(r["party_members"]), inputs.policy)
        row = {"station": str(station), "parent": str(r["parent"]),
               "members": list(r["members"]), "names": [str(names[c]) for c in r["members"]],
               "units": int(r["units"]), "households": int(r["households"]),
               "population": int(r["population"]) if r["population"] == r["population"] else None,
               "band": band_status(int(r["households"]), bool(r["exempt"]), inputs.policy),
               "band_deviation": int(r["band_deviation"]),
               "office_m2": float(r["office_m2"]), "service_m2": float(r["service_m2"]),
               "plaza_m2": float(r["plaza_m2"]), "office_ok": bool(r["office_ok"]),
               "service_ok": bool(r["service_ok"]), "plaza_ok": bool(r["plaza_ok"]),
               "contiguous": bool(r["contiguous"]), "party_members": int(r["party_members"]),
               "party_kind": kind, "party_label": PARTY_KINDS[kind][0]}
        row["band_label"] = BAND_LABELS[row["band"]]
        row["label"] = "、".join(row["names"])
        if posts is not None:
            row.update(_staffing(posts[posts["station"] == station], who))
        rows.append(row)
    return rows


def _staffing(posts, who: dict[str, str]) -> dict:
    """Staff and leaders of one new station from its committees' posts.

    The proposed head follows §2(7): one head, and the party secretary heads the station, so
    a former head who is also a member committee's party secretary is proposed first, then any
    party secretary, then a former head. The office that files the form decides; the form
    lists every former head and secretary beside the proposal.
    """
    def holders(org, role):
        return list(dict.fromkeys(posts.loc[(posts["org"] == org) & (posts["role"] == role),
                                            "person_id"].astype(str)))

    heads, secretaries = holders("station", "head"), holders("party", "secretary")
    both = [p for p in heads if p in secretaries]
    proposed = (both or secretaries or heads or [None])[0]
    station_staff = posts.loc[posts["org"] == "station", "person_id"].nunique()
    return {"staff": int(station_staff),
            "heads": [who.get(p, p) for p in heads],
            "secretaries": [who.get(p, p) for p in secretaries],
            "proposed_head": who.get(proposed, proposed) if proposed else "",
            "proposed_head_is_secretary": proposed in secretaries,
            "posts": [{"person": who.get(str(p), str(p)), "person_id": str(p),
                       "role": ROLE_LABELS.get((o, r), f"{o}/{r}"), "unit": str(u)}
                      for p, o, r, u in posts[["person_id", "org", "role", "unit"]]
                      .itertuples(index=False)]}


def subdistrict_rows(inputs: ReportInputs, result: CheckResult, stations: list[dict]) -> list[dict]:
    """Document part 六's table: per subdistrict stations before and after (the checker's
    ``per_parent``), the merged groups and the stations kept alone."""
    per_parent = result.metrics.per_parent
    rows = {p: {"parent": p, "before": int(per_parent.at[p, "before"]),
                "after": int(per_parent.at[p, "after"]),
                "band_deviation": int(per_parent.at[p, "band_deviation"]),
                "merged": [], "alone": []} for p in per_parent.index}
    for s in stations:
        row = rows.get(s["parent"])
        if row is not None:
            (row["merged"] if s["units"] > 1 else row["alone"]).append("+".join(s["names"]))
    return list(rows.values())

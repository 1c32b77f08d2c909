"""What the ``yizhan plan`` and ``yizhan compare`` commands show, as plain data.

The CLI (``yizhan.cli``) only reads files and prints; the tables are made here so that the
web app and the tests can use the same rows.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from yizhan.core.cells import spreadsheet_cell
from yizhan.core.instance import Instance
from yizhan.core.metrics import disruption, evaluate, facility_shortfall
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.planner.pins import Pins

__all__ = ["parse_pins", "plan_tables", "compare", "compare_tables", "frontier_table",
           "write_frontier", "staff_total_of"]


def parse_pins(keep=(), never=(), together=(), stations=(), max_units=None) -> Pins:
    """Pins from command-line strings: ``never``/``together`` as ``"a,b"``; ``stations`` as
    ``"N"`` (total) or ``"parent=N"``.

    Examples
    --------
    >>> parse_pins(never=["a,b"], stations=["黄贝=9"]).stations
    {'黄贝': 9}
    """
    def pair(text):
        a, _, b = text.partition(",")
        if not a or not b:
            raise ValueError(f"应为 a,b / expected two codes a,b: {text!r}")
        return a.strip(), b.strip()

    per_parent, total = {}, None
    for item in stations:
        if "=" in item:
            parent, _, n = item.rpartition("=")
            per_parent[parent.strip()] = int(n)
        else:
            total = int(item)
    if per_parent and total is not None:
        raise ValueError("站数只能按街道或按总数固定之一 / pin stations per parent or in total, not both")
    return Pins(keep=[k.split("+") if "+" in k and "," not in k else k for k in keep],
                never=[pair(x) for x in never], together=[pair(x) for x in together],
                stations=per_parent or total, max_units=max_units)


def staff_total_of(posts) -> int | None:
    """The station headcount in a posts table (org ``station``), e.g. 653 for Luohu 2006."""
    if posts is None or "org" not in posts:
        return None
    return int((posts["org"] == "station").sum())


def plan_tables(result) -> list[tuple[str, list[str], list[list]]]:
    """(title, columns, rows) for the terminal: per parent terms, totals, staffing."""
    rep = result.report
    order = rep["objective_order"]
    names = {"band": "户数偏离 band", "facilities": "设施缺口 facilities",
             "disruption": "变动 disruption", "compactness": "切边 cut edges"}
    tables = []
    if result.plan is None:
        return tables
    rows = []
    for p in rep["parents"]:
        row = [p["parent"], p["units"], p["stations"], p["method"]]
        for t in order:
            cell = p["terms"][t]
            if t == "facilities":
                fc = p["facility_counts"]
                row.append(f"{fc['office']}/{fc['service']}/{fc['plaza']}")
            else:
                row.append(f"{cell['value']} ≥{cell['lower_bound']}" if cell["lower_bound"] is not None
                           else cell["value"])
        row.append(_status(p["terms"]))
        rows.append(row)
    tables.append(("各街道 / per subdistrict (facilities: stations with office/service/plaza)",
                   ["街道 parent", "单元 units", "站 stations", "方法 method",
                    *[names[t] for t in order], "状态 status"], rows))
    totals = rep["totals"]
    tables.append(("全区目标项 / district objective terms (lexicographic)",
                   ["项 term", "值 value", "下界 lower bound", "差距 gap", "状态 status"],
                   [[names[t], totals[t]["value"], totals[t]["lower_bound"], totals[t]["gap"],
                     totals[t]["status"]] for t in order]))
    m = rep["metrics"]
    tables.append(("方案指标 / plan metrics", ["指标 metric", "值 value"], [
        ["工作站 stations", m["stations"]], ["区间内 in band", m["stations_in_band"]],
        ["豁免 exempt (R3)", m["exempt_stations"]], ["户数偏离 band deviation", m["band_deviation"]],
        ["办公用房达标 office share (R4)", f"{m['office_share']:.1%}"],
        ["服务设施达标 service share (R5)", f"{m['service_share']:.1%}"],
        ["户外广场达标 plaza share (R5)", f"{m['plaza_share']:.1%}"],
        ["变动单元 disruption", m["disruption"]], ["切边 cut edges", m["cut_edges"]]]))
    staff = rep.get("staffing")
    if staff and "per_station" in staff:
        tables.append((f"员额分配 / staff apportionment (R8 §2(5)): {staff['total']}, {staff['method']}",
                       ["工作站 station", "人数 staff"], [[k, v] for k, v in staff["per_station"].items()]))
    return tables


def _status(terms: dict) -> str:
    names = {t["status"] for t in terms.values()}
    return "optimal" if names == {"optimal"} else "feasible"


def compare(instance: Instance, plan_a: Plan, plan_b: Plan, policy: Policy | None = None) -> dict:
    """Both plans' metrics side by side and the units whose co-members differ."""
    policy = policy or Policy()
    out = {"plans": [plan_a.name or "A", plan_b.name or "B"], "metrics": {}}
    for key, plan in (("a", plan_a), ("b", plan_b)):
        problems = plan.coverage_problems(instance.codes)
        m = evaluate(instance, plan, policy)
        d = {k: v for k, v in m.to_dict().items() if k != "per_parent"}
        d["disruption"] = disruption(instance, plan)
        d["facility_shortfall"] = sum(facility_shortfall(m.table, policy).values())
        d["coverage_problems"] = problems
        out["metrics"][key] = d
    moved = plan_a.moved_units(plan_b)
    names = instance.units["name"]
    out["moved_units"] = [{"code": c, "name": names.get(c, ""), "a": plan_a.assignment[c],
                           "b": plan_b.assignment[c]} for c in moved]
    return out


COMPARE_KEYS = [("stations", "工作站 stations"), ("band_deviation", "户数偏离 band deviation"),
                ("stations_in_band", "区间内 in band"), ("exempt_stations", "豁免 exempt"),
                ("office_share", "办公用房 office share"), ("service_share", "服务设施 service share"),
                ("plaza_share", "户外广场 plaza share"), ("facility_shortfall", "设施缺口 facility shortfall"),
                ("disruption", "变动 disruption"), ("cut_edges", "切边 cut edges"),
                ("contiguous", "连片 contiguous"), ("crosses_parent", "跨街道 crosses parent")]


def compare_tables(data: dict) -> list[tuple[str, list[str], list[list]]]:
    a, b = data["metrics"]["a"], data["metrics"]["b"]
    rows = [[label, a[k], b[k]] for k, label in COMPARE_KEYS]
    moved = [[m["code"], m["name"], m["a"], m["b"]] for m in data["moved_units"]]
    return [("方案对比 / plans side by side", ["指标 metric", *data["plans"]], rows),
            (f"变动的单元 / units that move: {len(moved)}",
             ["编码 code", "名称 name", data["plans"][0], data["plans"][1]], moved)]


def frontier_table(frontier) -> tuple[str, list[str], list[list]]:
    """The frontier's rows for the terminal; a row the work limit left unproven says so and
    gives its lower bound."""
    from yizhan.terminal import STATUSES, word

    def status(r):
        said = word(STATUSES, r["status"])
        return said if r["status"] == "optimal" else f"{said} ≥ {r['band_bound']}"

    rows = [[r["stations"], r["band_deviation"], status(r), r["facility_shortfall_at_least"],
             *[r[k] for k in r if k.endswith("_met_at_most")]] for r in frontier.rows]
    keys = [k for k in (frontier.rows[0] if frontier.rows else {}) if k.endswith("_met_at_most")]
    title = "站数与户数偏离的取舍 / stations vs least band deviation" + (
        "" if frontier.complete else
        " (部分站数在时限内未求得证明 / some numbers of stations not proved within the limit)")
    return (title, ["站数 stations", "最小户数偏离 least band dev.", "状态 status",
                    "设施缺口至少 facility short ≥",
                    *[f"{k.removesuffix('_met_at_most')} 达标至多 met ≤" for k in keys]], rows)


def write_frontier(frontier, path: str | Path) -> None:
    """JSON (``.json``) or CSV (otherwise, district rows) for charts."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(frontier.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        return
    buf = io.StringIO()
    if frontier.rows:
        writer = csv.DictWriter(buf, fieldnames=list(frontier.rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in frontier.rows)
    path.write_text(buf.getvalue(), encoding="utf-8")

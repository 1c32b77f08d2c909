"""Test data of the planning and dashboard tests: the ``world`` of tests/web/factories.py
(subdistricts ``own`` = 黄贝 and ``other`` = 南湖, one committee each) plus a 2×2 grid of
committees with boundaries in each, and plans in each state on both sides."""

from __future__ import annotations

import datetime
import json

from shapely.geometry import box, mapping

from yizhan.web.context import change_context
from yizhan.web.planning.choices import PlanSource, PlanStatus
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.registry import models as m

#: households of the grid committees: (row, col) → households
GRID = {(0, 0): 3000, (0, 1): 4000, (1, 0): 5000, (1, 1): 2500}


def add_grid(side: dict, prefix: str, x0: float) -> list[str]:
    """Four committees in a 2×2 grid (each with its own station) in ``side``'s subdistrict."""
    sub = side["subdistrict"]
    made = {}
    for (r, c), hh in GRID.items():
        code = f"{prefix}{r}{c}"
        geom = box(x0 + c * 0.01, 22.5 + r * 0.01, x0 + (c + 1) * 0.01, 22.5 + (r + 1) * 0.01)
        com = m.Committee.objects.create(
            code=code, name=f"{sub.name}{r}{c}", subdistrict=sub, households=hh,
            office_m2=250 if c == 0 else 100, service_m2=1000 if r == 0 else 0,
            plaza_m2=1200 if (r, c) == (1, 1) else 0, synthetic=True,
            geometry=json.dumps(mapping(geom)))
        st = m.Station.objects.create(code=f"S{code}", name=f"{com.name}工作站", subdistrict=sub)
        m.StationMembership.objects.create(station=st, committee=com,
                                           start=datetime.date(2006, 6, 1))
        made[(r, c)] = com
    for a, b in [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((0, 0), (1, 0)), ((0, 1), (1, 1))]:
        ca, cb = sorted([made[a], made[b]], key=lambda o: o.pk)
        m.CommitteeAdjacency.objects.create(a=ca, b=cb)
    return [made[k].code for k in sorted(made)]


def assignment_for(sub) -> dict[str, str]:
    """Grid rows merged (row 0 → R0, row 1 → R1); the world's own committee alone."""
    out = {}
    for c in m.Committee.objects.filter(subdistrict=sub):
        grid = len(c.code) == 3 and c.code[0] in "HN"
        out[c.code] = f"{c.code[0]}R{c.code[1]}" if grid else c.code
    return out


def build_planning_world(world, users) -> dict:
    with change_context(label="test-setup"):
        add_grid(world["own"], "H", 114.10)
        add_grid(world["other"], "N", 114.20)
        plans = {}
        for side in ("own", "other"):
            sub = world[side]["subdistrict"]
            officer = users["officer"] if side == "own" else users["admin"]
            for status in PlanStatus.values:
                plans[(side, status)] = Plan.objects.create(
                    name=f"{sub.name} {status}", subdistrict=sub, source=PlanSource.IMPORTED,
                    status=status, assignment=assignment_for(sub), created_by=officer)
            plans[(side, "run")] = PlannerRun.objects.create(
                name=f"{sub.name} run", subdistrict=sub, created_by=officer,
                params={"pins": {}, "time_limit": 5})
    return plans

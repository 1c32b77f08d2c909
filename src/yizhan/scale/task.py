"""One batch of a national run, as a Dask task: read its districts, plan each, return the rows.

Each district is planned by the ordinary :class:`~yizhan.planner.Planner` — the pure
per-parent step (:func:`~yizhan.planner.parent.solve_parent`) for each parent, then the
district-wide facility step (:class:`~yizhan.planner.district.District`) over the parents'
options — with one CP-SAT worker and no worker processes of its own (Dask's worker is the
parallelism) and CP-SAT's deterministic work limit: so a district gets the same plan here,
in a local run, on a cluster, or planned alone with ``yizhan plan``. Statuses are the
planner's own: ``optimal`` only for a term proven so, ``feasible`` with its lower bound when
the work limit stopped a solve first.

Memory: the task holds its batch's units and edges and one district's planner at a time
(the candidate groups of that district's parents); the peak resident memory of the worker
process (``VmHWM``) is returned with the results. Results go back to the client as Parquet
bytes; the worker writes nothing, so a worker lost mid-batch leaves no trace.
"""

from __future__ import annotations

import io
import os
import resource
import socket
import time

import pandas as pd
import psutil

from yizhan.core.policy import Policy
from yizhan.planner.parent import Settings
from yizhan.scale.batches import Batch

__all__ = ["plan_batch", "peak_rss_mb", "PARENT_COLUMNS"]

#: The columns of ``OUT/parents.parquet`` and their types (the same in every batch's file).
PARENT_COLUMNS = {"parent": "string", "district": "string", "units": "Int64",
                  "stations": "Int64", "band_deviation": "Int64", "band_bound": "Int64",
                  "office": "Int64", "service": "Int64", "plaza": "Int64",
                  "disruption": "Int64", "cut_edges": "Int64", "status": "string",
                  "unproven": "string", "method": "string", "seconds": "float64"}


def plan_batch(instance_dir: str, batch: Batch, policy: Policy, settings: Settings) -> dict:
    """``{"plan": bytes, "parents": bytes, "mark": dict}`` for ``batch`` (see the notes)."""
    from yizhan.planner import Planner
    from yizhan.scale.store import Store

    wall, cpu = time.perf_counter(), time.process_time()
    store = Store(instance_dir)
    plans, rows, districts = [], [], []
    for district, inst in store.instances(batch.province, list(batch.districts)):
        t0 = time.perf_counter()
        result = Planner(inst, policy, time_limit=settings.time_limit, seed=settings.seed,
                         workers=1, processes=1, cap=settings.cap,
                         joint_limit=settings.joint_limit).solve()
        plans.append(_plan_rows(inst, result))
        rows += _parent_rows(district, inst, result)
        districts.append(_district_row(district, inst, result, time.perf_counter() - t0))
        del result, inst
    mark = {"batch": batch.id, "parents": batch.parents, "units": batch.units,
            "districts": districts, "wall": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu, "worker": f"{socket.gethostname()}:{os.getpid()}",
            "peak_rss_mb": peak_rss_mb(), "rss_mb": psutil.Process().memory_info().rss / 2**20}
    return {"plan": _parquet(pd.concat(plans, ignore_index=True)),
            "parents": _parquet(pd.DataFrame(rows, columns=list(PARENT_COLUMNS))
                                .astype(PARENT_COLUMNS)), "mark": mark}


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux ``VmHWM``), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _plan_rows(inst, result) -> pd.DataFrame:
    """code, parent, station: a station is named by its first member's code (unique in the
    country, unlike the members' names)."""
    if result.plan is None:
        return pd.DataFrame({"code": [], "parent": [], "station": []}, dtype=str)
    order = {c: k for k, c in enumerate(inst.codes)}
    station = {}
    for members in result.plan.stations().values():
        first = min(members, key=order.__getitem__)
        for c in members:
            station[c] = first
    parent = inst.units["parent"]
    return pd.DataFrame({"code": inst.codes, "parent": parent.to_numpy(),
                         "station": [station[c] for c in inst.codes]})


def _parent_rows(district, inst, result) -> list[dict]:
    """One row per parent: its plan's values, bounds and statuses (the planner's)."""
    units = inst.units.groupby("parent", sort=False).size()
    rows = []
    for r in result.parents:
        row = {"parent": r.parent, "district": district, "units": int(units[r.parent]),
               "method": r.method, "seconds": round(r.seconds, 4)}
        if result.plan is None:
            rows.append({**row, "status": result.status, "stations": 0})
            continue
        v = r.values
        row.update(stations=v["stations"], band_deviation=v["band"],
                   band_bound=r.lower.get("band"), office=v["office_ok"],
                   service=v["service_ok"], plaza=v["plaza_ok"], disruption=v["disruption"],
                   cut_edges=v["compactness"])
        statuses = [r.status[t] for t in result.policy.objective.order]
        row["status"] = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
        row["unproven"] = ",".join(t for t in result.policy.objective.order
                                   if r.status[t] != "optimal")
        rows.append(row)
    return rows


def _district_row(district, inst, result, seconds: float) -> dict:
    """The district's totals per term (value, lower bound, status) and its status."""
    terms = {t: {"value": int(st.value), "bound": int(st.bound), "status": st.status}
             for t, st in result.totals.items()}
    stations = result.plan.n_stations if result.plan is not None else 0
    return {"district": district, "parents": len(result.parents), "units": inst.n_units,
            "stations": stations, "status": result.status, "terms": terms,
            "seconds": round(seconds, 3)}


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()

"""What a finished national run shows: ``OUT/parents.parquet`` and ``OUT/summary.json``.

Built from the committed files only (one batch file at a time, then a few columns of one
row per parent), so a resumed run's summary is the same as an uninterrupted one's, apart from
the timings of the sessions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from yizhan.scale.batches import Manifest, atomic_write_bytes
from yizhan.scale.store import Store

__all__ = ["finish", "gather_parents", "SLOWEST"]

#: How many of the slowest parents the summary lists.
SLOWEST = 10


def gather_parents(manifest: Manifest) -> Path:
    """Every batch's parent rows into ``OUT/parents.parquet``, one batch in memory at a time."""
    out = manifest.out / "parents.parquet"
    tmp = out.with_name(".parents.parquet.tmp")
    writer = None
    try:
        for b in manifest.batches:
            table = pq.read_table(manifest.out / "parents" / f"{b.name}.parquet")
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(out)
    return out


def finish(manifest: Manifest, store: Store, session: dict) -> dict:
    """Gather the parents, compute the summary, write ``OUT/summary.json``, return it."""
    path = gather_parents(manifest)
    cols = ["parent", "district", "units", "stations", "band_deviation", "band_bound", "office",
            "service", "plaza", "status", "unproven", "method", "seconds"]
    parents = pq.read_table(path, columns=cols).to_pandas()
    names = store.parents(["parent", "name"]).set_index("parent")["name"]
    districts = {"count": 0, "optimal": 0, "meeting_targets": 0, "facility_shortfall": 0,
                 "unproven_terms": {}}
    cpu = batch_wall = 0.0
    workers: dict[str, float] = {}
    for mark in manifest.marks():
        cpu += mark["cpu"]
        batch_wall += mark["wall"]
        workers[mark["worker"]] = max(workers.get(mark["worker"], 0.0), mark["peak_rss_mb"])
        for d in mark["districts"]:
            districts["count"] += 1
            districts["optimal"] += d["status"] == "optimal"
            fac = d["terms"].get("facilities")
            if fac is not None:
                districts["meeting_targets"] += fac["value"] == 0
                districts["facility_shortfall"] += fac["value"]
            for term, st in d["terms"].items():
                if st["status"] != "optimal":
                    districts["unproven_terms"][term] = districts["unproven_terms"].get(term, 0) + 1
    stations = int(parents["stations"].sum())
    optimal = int((parents["status"] == "optimal").sum())
    slow = parents.nlargest(SLOWEST, "seconds")
    summary = {
        "synthetic": bool(store.meta.get("synthetic")), "instance": store.meta["name"],
        "fingerprint": store.fingerprint, "parents": len(parents),
        "units": int(parents["units"].sum()), "stations": stations,
        "band_deviation": int(parents["band_deviation"].sum()),
        "band_bound": int(parents["band_bound"].sum()),
        "parents_optimal": optimal, "share_optimal": optimal / max(len(parents), 1),
        "status_counts": {str(k): int(v) for k, v in parents["status"].value_counts().items()},
        "stations_meeting": {k: int(parents[k].sum()) for k in ("office", "service", "plaza")},
        "districts": districts,
        "slowest_parents": [{"parent": r.parent, "name": str(names.get(r.parent, "")),
                             "district": r.district, "units": int(r.units),
                             "seconds": float(r.seconds), "method": r.method, "status": r.status}
                            for r in slow.itertuples(index=False)],
        "cpu_seconds": round(cpu, 1), "batches": len(manifest.batches),
        "batch_wall_seconds": round(batch_wall, 1), "worker_peak_rss_mb": workers,
        "session": session,
    }
    atomic_write_bytes(manifest.out / "summary.json",
                       json.dumps(summary, ensure_ascii=False, indent=1).encode("utf-8"))
    return summary

"""The client of a national run: batches on Dask distributed, results written as they arrive.

``run_national`` connects to a cluster (a :class:`distributed.LocalCluster` of ``workers``
single-threaded worker processes, or a running scheduler by address), submits every batch not
yet finished (:mod:`.batches`) as one task of :func:`.task.plan_batch`, and writes each result
as soon as it arrives (atomic files, commit mark last). Workers read their own districts from
the instance folder (its path must be the same on every machine: a shared or copied folder);
only small results travel, never the instance. Then the per-parent rows are gathered into
``OUT/parents.parquet`` and the summary is written (:mod:`.summary`).

Memory on the client: the batch list, one result at a time, and at the end one summary row
per parent (a few columns); never the units, edges or candidate groups, which live only in
the worker planning them.

Interrupted (Ctrl+C, the client or a worker killed, a worker lost): what was committed stays;
the same command continues with the batches without a commit mark. A lost worker's task is
rerun by Dask itself (up to ``retries`` more times).
"""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path

from yizhan.core.policy import Policy
from yizhan.planner.parent import Settings
from yizhan.scale.batches import Manifest, make_batches
from yizhan.scale.store import Store
from yizhan.scale.summary import finish
from yizhan.scale.task import peak_rss_mb, plan_batch

__all__ = ["run_national", "connect", "BATCH_UNITS"]

#: Committees per batch (whole districts; see :mod:`.batches`).
BATCH_UNITS = 300


def connect(scheduler: str, workers: int | None):
    """(client, cluster or None): a LocalCluster of ``workers`` processes (default: the
    machine's cores), one thread each, its dashboard on a free port; or the scheduler at ``scheduler``."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        return Client(cluster), cluster
    return Client(scheduler, timeout="30s"), None


def run_national(instance_dir: str | Path, out: str | Path, *, scheduler: str = "local",
                 workers: int | None = None, policy: Policy | None = None,
                 settings: Settings | None = None, batch_units: int = BATCH_UNITS,
                 progress=None, retries: int = 3, stop_after: int | None = None) -> dict:
    """Plan every parent of the instance in ``instance_dir`` into ``out`` (see the module
    notes) and return the summary. ``progress(done_parents, total_parents, batch_mark)`` is
    called after each commit; ``stop_after`` stops (as an interruption would) after that
    many batches of this session, for tests."""
    store = Store(instance_dir)
    policy = policy or Policy()
    settings = settings or Settings()
    identity = {"instance": store.fingerprint, "policy": policy.to_dict(),
                "time_limit": settings.time_limit, "seed": settings.seed, "cap": settings.cap,
                "joint_limit": settings.joint_limit}
    manifest = Manifest.open(out, identity, lambda: make_batches(
        store.parents(["parent", "district", "province", "units"]), batch_units))
    todo = manifest.todo()
    total = sum(b.parents for b in manifest.batches)
    done = total - sum(b.parents for b in todo)
    start = time.perf_counter()
    session = {"batches": 0, "parents": 0, "wall": 0.0, "workers": {}}
    if progress:
        progress(done, total, None)
    if todo:
        client, cluster = connect(scheduler, workers)
        try:
            session["cluster_workers"] = len(client.scheduler_info()["workers"])
            _drain(client, manifest, todo, str(store.folder), policy, settings, retries,
                   stop_after, session, lambda mark: progress and progress(
                       done + session["parents"], total, mark))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    session["wall"] = time.perf_counter() - start
    session["client_peak_rss_mb"] = peak_rss_mb()
    if len(manifest.done_ids()) < len(manifest.batches):
        return {"finished": False, "session": session,
                "batches_done": len(manifest.done_ids()), "batches": len(manifest.batches)}
    return finish(manifest, store, session)


def _drain(client, manifest, todo, folder, policy, settings, retries, stop_after, session,
           on_commit) -> None:
    """Submit ``todo`` and commit each result as it arrives; return after ``stop_after``
    commits (the rest is cancelled when the client closes)."""
    from distributed import as_completed

    token = uuid.uuid4().hex[:8]  # keys unique to this session on a shared scheduler
    batch_of = {}
    futures = []
    for b in todo:
        f = client.submit(plan_batch, folder, b, policy, settings, retries=retries,
                          key=f"yizhan-{b.name}-{token}", pure=False)
        batch_of[f.key] = b
        futures.append(f)
    queue = as_completed(futures)
    del futures
    for future in queue:
        batch = batch_of.pop(future.key)
        result = future.result()
        future.release()
        manifest.commit(batch, result["plan"], result["parents"], result["mark"])
        _record(session, result["mark"])
        on_commit(result["mark"])
        del result
        if stop_after is not None and session["batches"] >= stop_after:
            return


def _record(session, mark) -> None:
    w = session["workers"].setdefault(mark["worker"], {"batches": 0, "peak_rss_mb": 0.0})
    w["batches"] += 1
    w["peak_rss_mb"] = max(w["peak_rss_mb"], mark["peak_rss_mb"])
    session["batches"] += 1
    session["parents"] += mark["parents"]

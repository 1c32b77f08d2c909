"""National scale (issue 10): plan the synthetic national instance, or a sample of it, on Dask.

Each measurement is one fresh ``yizhan plan --instance DIR --out OUT …`` process (imports,
cluster start-up and the summary included; ``benchmarks/timing.py``) into a new ``OUT``:
wall clock, the CPU the batches report (their workers' solving), peak resident memory per
process (the client, and each worker from its own ``VmHWM``), the share of parents proven
optimal, throughput (parents and committees per second of wall clock) and the slowest
parents. Modes: a local cluster of 1 and of 2 worker processes, and ``tcp`` — a ``dask
scheduler`` and a ``dask worker --nworkers 2`` started here on loopback (ports 18075-18079),
reached by ``--scheduler tcp://127.0.0.1:18075``.

Usage::

    .venv/bin/python benchmarks/national.py --sample 400              # 1, 2 workers and tcp
    .venv/bin/python benchmarks/national.py --full --modes 2          # the whole country
    .venv/bin/python benchmarks/national.py --full --only 31 --modes 2   # whole districts of one province
    .venv/bin/python benchmarks/national.py --full --whole-districts 12 --seed 1   # in-process CPU
    .venv/bin/python benchmarks/national.py --full --district 310115               # the largest

The instance is generated once per (sample, seed) under ``--instances`` (``yizhan scale
generate``); the machine's load is printed before each run. The results are SYNTHETIC data.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import run, uptime, yizhan_command

HERE = Path(__file__).resolve().parent
PORT = 18075


def ensure_instance(folder: Path, sample: int | None, seed: int, only: list[str]) -> Path:
    name = f"national-{'full' if sample is None else sample}-s{seed}" + "".join(
        f"-{o}" for o in only)
    path = folder / name
    if not (path / "instance.json").exists():
        cmd = yizhan_command() + ["scale", "generate", "--out", str(path), "--seed", str(seed)]
        if sample is not None:
            cmd += ["--sample", str(sample)]
        for o in only:
            cmd += ["--only", o]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return path


def measure(instance: Path, mode: str, work: Path, args) -> dict:
    out = work / f"out-{mode}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = yizhan_command() + ["plan", "--instance", str(instance), "--out", str(out),
                              "--batch-units", str(args.batch_units), "--json"]
    started = []
    if mode == "tcp":
        started = start_cluster(2)
        cmd += ["--scheduler", f"tcp://127.0.0.1:{PORT}"]
    else:
        cmd += ["--workers", mode]
    try:
        m = run(cmd, stderr=subprocess.DEVNULL)
    finally:
        stop(started)
    if m.returncode != 0:
        return {"mode": mode, "m": m, "summary": None}
    return {"mode": mode, "m": m,
            "summary": json.loads((out / "summary.json").read_text(encoding="utf-8"))}


def start_cluster(workers: int) -> list[subprocess.Popen]:
    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{PORT}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(PORT),
                               "--no-dashboard"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)]
    procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", str(workers),
                                   "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                   "--worker-port", f"{PORT + 1}:{PORT + 2}",
                                   "--nanny-port", f"{PORT + 3}:{PORT + 4}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from distributed import Client

    deadline = time.monotonic() + 180
    while True:
        try:
            with Client(address, timeout="5s") as client:
                client.wait_for_workers(workers, timeout=180)
            return procs
        except OSError:
            if time.monotonic() > deadline:
                stop(procs)
                raise
            time.sleep(1)


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def whole_districts(instance: Path, count: int, codes: list[str], seed: int) -> None:
    """Plan whole districts in this process, as a worker does (one CP-SAT worker), and print
    CPU per committee: ``count`` at random (seeded) or the districts ``codes``."""
    import resource

    import numpy as np

    from yizhan.planner import Planner
    from yizhan.scale.store import Store

    store = Store(instance)
    per = store.parents(["province", "district", "units"]).groupby(
        ["province", "district"], sort=True)["units"].sum().reset_index()
    if codes:
        pick = per[per["district"].isin(codes)]
    else:
        pick = per.iloc[np.random.default_rng(seed).choice(len(per), count, replace=False)]
    units = cpu = 0.0
    statuses = set()
    for province, district, _ in pick.itertuples(index=False):
        for _, inst in store.instances(province, [district]):
            t = time.process_time()
            result = Planner(inst, processes=1, workers=1).solve()
            cpu += time.process_time() - t
            units += inst.n_units
            statuses.add(result.status)
            print(f"district {district}: {inst.n_units} committees, {len(inst.parents)} parents, "
                  f"{result.status}", flush=True)
    print(f"| {len(pick)} | {units:,.0f} | {cpu:.1f} | {1000 * cpu / units:.2f} | "
          f"{', '.join(sorted(statuses))} | "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} |")


def row(r: dict) -> str:
    m, s = r["m"], r["summary"]
    if s is None:
        return f"| {r['mode']} | exit {m.returncode} | | | | | | | {m.load_before:.1f} |"
    workers = s["worker_peak_rss_mb"]
    peak_w = max(workers.values()) if workers else 0.0
    return (f"| {r['mode']} | {s['parents']:,} | {s['units']:,} | {m.wall:.1f} | "
            f"{s['cpu_seconds']:.1f} | {s['parents'] / m.wall:.2f} | {s['units'] / m.wall:.1f} | "
            f"{s['session']['client_peak_rss_mb']:.0f} / {peak_w:.0f} ({len(workers)}) | "
            f"{100 * s['share_optimal']:.2f}% | {s['stations']:,} | {s['band_deviation']:,} | "
            f"{s['districts']['meeting_targets']}/{s['districts']['count']} | {m.load_before:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--sample", type=int, help="parents drawn at random (seeded)")
    group.add_argument("--full", action="store_true", help="all 41,352 township units")
    parser.add_argument("--only", nargs="+", default=[],
                        help="township units whose code starts so (a province: 31); with --full")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--modes", nargs="+", default=["1", "2", "tcp"],
                        help="worker processes of a local cluster (1, 2, …) or tcp")
    parser.add_argument("--batch-units", type=int, default=300)
    parser.add_argument("--instances", type=Path, default=HERE / "instances")
    parser.add_argument("--keep", type=Path, help="keep the outputs here (default: temporary)")
    parser.add_argument("--whole-districts", type=int, default=0,
                        help="instead of runs: plan this many districts at random in-process")
    parser.add_argument("--district", nargs="+", default=[],
                        help="instead of runs: plan these districts in-process")
    args = parser.parse_args()
    print(f"start: {uptime()}")
    instance = ensure_instance(args.instances, None if args.full else args.sample, args.seed,
                               args.only)
    if args.whole_districts or args.district:
        print("| districts | committees | CPU s | ms per committee | status | peak MB |")
        whole_districts(instance, args.whole_districts, args.district, args.seed)
        print(f"end: {uptime()}")
        return
    print(f"instance: {instance} ({json.loads((instance / 'instance.json').read_text())['generator']})")
    print("| mode | parents | committees | wall s | batch CPU s | parents/s | committees/s | "
          "peak MB client / worker (workers) | proven optimal | stations | band deviation | "
          "districts meeting targets | load before |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for mode in args.modes:
            results.append(measure(instance, mode, work, args))
            print(row(results[-1]), flush=True)
    print(f"end: {uptime()}")
    for r in results:
        if r["summary"] is not None:
            slow = ", ".join(f"{p['parent']} {p['name']} ({p['units']} units, {p['seconds']:.2f} s, "
                             f"{p['status']})" for p in r["summary"]["slowest_parents"][:5])
            print(f"slowest parents ({r['mode']}): {slow}")


if __name__ == "__main__":
    main()

"""Planner functions for the job tests (no Django here: they run in the planner's child
process). Same signature as :func:`yizhan.web.planning.runner.plan_with_yizhan`."""

import time


def pairs_planner(instance, policy, pins, *, time_limit, seed, progress):
    """Quick: each subdistrict's units merged in pairs of codes in order, with progress."""
    assignment = {}
    parents = instance.parents
    for i, parent in enumerate(parents):
        codes = instance.units_of(parent)
        for j, code in enumerate(codes):
            assignment[code] = f"{parent}-{j // 2}"
        progress((i + 1) / len(parents), f"{parent} 完成")
    return assignment, {"planner": "pairs", "seed": seed}


def slow_planner(instance, policy, pins, *, time_limit, seed, progress):
    """Steps of 0.3 s reporting progress, ``time_limit`` seconds in all."""
    steps = max(1, int(time_limit / 0.3))
    for k in range(steps):
        time.sleep(0.3)
        progress((k + 1) / steps, f"第 {k + 1}/{steps} 步")
    return {c: c for c in instance.codes}, {"planner": "slow"}


def stuck_planner(instance, policy, pins, *, time_limit, seed, progress):
    """Never reports and never returns on its own (a solver deep in native code)."""
    while True:
        time.sleep(0.05)


def failing_planner(instance, policy, pins, *, time_limit, seed, progress):
    raise ValueError("模拟的规划器错误 / simulated planner failure")


def recorded_planner(instance, policy, pins, *, time_limit, seed, progress):
    """Writes its process id as a line to ``$YIZHAN_TEST_PLANNER_LOG`` (one line a start, for
    the worker-kill test to count the starts). The first start works until ``time_limit``
    (long enough to be killed mid-job); a later start is :func:`pairs_planner`."""
    import os

    path = os.environ["YIZHAN_TEST_PLANNER_LOG"]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
    with open(path, encoding="utf-8") as fh:
        starts = len(fh.read().split())
    if starts == 1:
        end = time.monotonic() + time_limit
        while time.monotonic() < end:
            time.sleep(0.2)
            progress(0.5, "第一次计算 / first attempt")
    return pairs_planner(instance, policy, pins, time_limit=time_limit, seed=seed,
                         progress=progress)

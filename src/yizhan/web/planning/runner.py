"""Run the planner away from the web process, with progress and a way to stop it.

The planner is plain Python (:mod:`yizhan.planner`); a solve may sit inside OR-Tools for its
whole work limit, where no Python code runs to notice a cancel flag. So :func:`run_isolated`
starts it in a **child process** (``spawn``: safe next to the web server's threads), reads
progress messages from a queue, and asks ``should_cancel()`` twice a second: on a cancel it
terminates the child — a cancel takes effect within about a second however the solver is
busy. Progress is the planner's own: parents (subdistricts) done out of all, then the
district-wide step (:class:`yizhan.planner.Planner`'s ``progress``).

This module does not import Django: the child needs only the planner and the instance.

A *planner function* (:func:`plan_with_yizhan`; the job tests pass slow or failing ones)::

    planner(instance, policy, pins: dict, *, time_limit: float, seed: int,
            progress: Callable[[float, str], None]) -> tuple[dict[str, str], dict]

returns the assignment (unit code → station label) and the JSON report; it is a module-level
function, so the child process can import it by name.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_mod
import signal
import threading
import traceback
from collections.abc import Callable

__all__ = ["Cancelled", "PlannerFailed", "NoPlan", "run_isolated", "plan_with_yizhan",
           "make_pins", "pins_problems", "PIN_KEYS"]

#: the pins a user can set in the workspace (the keys of the ``pins`` dict)
PIN_KEYS = ("keep", "never", "together", "stations", "max_units")


class Cancelled(Exception):
    """The user cancelled the run."""


class PlannerFailed(Exception):
    """The planner raised; ``args[0]`` is the child's traceback text."""


class NoPlan(Exception):
    """No plan satisfies the rules and pins; ``args[0]`` says why (the explanations)."""


def _child(out, planner: Callable, instance, policy, pins: dict, time_limit: float,
           seed: int) -> None:
    """Child process body: run the planner, send ("progress"…), ("done"…) or ("error"…)."""
    try:
        def progress(fraction: float, message: str = "") -> None:
            out.put(("progress", float(fraction), str(message)))

        assignment, report = planner(instance, policy, pins, time_limit=time_limit, seed=seed,
                                     progress=progress)
        out.put(("done", dict(assignment), report))
    except BaseException:  # noqa: BLE001 - report everything to the parent
        out.put(("error", traceback.format_exc()))


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the process that started it dies, so a task
    worker killed mid-job (``kill -9``, the OOM killer) leaves no planner computing on for
    nobody. Elsewhere nothing (the planner then ends at its time limit)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before prctl
        os._exit(1)


def _child_process(out, *args) -> None:
    """:func:`_child` in the planner's own process (``isolation="process"``)."""
    _die_with_parent()
    _child(out, *args)


def run_isolated(planner: Callable, instance, policy, pins: dict, *, time_limit: float,
                 seed: int = 0, on_progress: Callable[[float, str], None] = lambda f, m: None,
                 should_cancel: Callable[[], bool] = lambda: False, poll: float = 0.5,
                 isolation: str = "process") -> tuple[dict[str, str], dict]:
    """Run ``planner`` on the instance; returns (assignment, report).

    Parameters
    ----------
    isolation : {"process", "thread"}
        ``process`` (default) can stop a solver anywhere; ``thread`` is cheaper to start but
        a cancel only takes effect when the run ends (the result is then discarded).

    Raises
    ------
    Cancelled
        ``should_cancel()`` turned true before the planner finished.
    PlannerFailed
        the planner raised or its process died.
    """
    args = (planner, instance, policy, pins, time_limit, seed)
    if isolation == "process":
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        worker = ctx.Process(target=_child_process, name="yizhan-planner", args=(out, *args))
    else:
        out = queue_mod.Queue()
        worker = threading.Thread(target=_child, name="yizhan-planner", daemon=True,
                                  args=(out, *args))
    shown = [0.0]  # progress never goes backwards

    def report(fraction: float, message: str) -> None:
        fraction = max(shown[0], min(max(fraction, 0.0), 0.99))
        shown[0] = fraction
        on_progress(fraction, message)

    worker.start()
    try:
        while True:
            try:
                msg = out.get(timeout=poll)
            except queue_mod.Empty:
                msg = None
            if msg is not None:
                kind = msg[0]
                if kind == "progress":
                    report(msg[1], msg[2])
                elif kind == "done":
                    return msg[1], msg[2]
                else:
                    raise PlannerFailed(msg[1])
            if should_cancel():
                raise Cancelled()
            if msg is None and not worker.is_alive():
                try:  # a last message may have arrived just as it ended
                    msg = out.get(timeout=poll)
                except queue_mod.Empty:
                    code = getattr(worker, "exitcode", None)
                    raise PlannerFailed(f"planner process ended without a result "
                                        f"(exit code {code})") from None
                if msg[0] == "done":
                    return msg[1], msg[2]
                if msg[0] == "error":
                    raise PlannerFailed(msg[1])
    finally:
        if isinstance(worker, multiprocessing.process.BaseProcess):
            if worker.is_alive():
                worker.terminate()
                worker.join(5)
                if worker.is_alive():
                    worker.kill()
                    worker.join(5)
            out.close()
            out.cancel_join_thread()


# ---------------------------------------------------------------------- the planner
def make_pins(pins: dict):
    """The workspace's pins (a JSON dict, keys :data:`PIN_KEYS`) as :class:`yizhan.planner.Pins`."""
    from yizhan.planner.pins import Pins

    stations = pins.get("stations")
    if isinstance(stations, dict):
        stations = {str(k): int(v) for k, v in stations.items() if v not in (None, "")}
    elif stations not in (None, ""):
        stations = int(stations)
    else:
        stations = None
    return Pins(keep=list(pins.get("keep") or []),
                never=[tuple(p) for p in pins.get("never") or []],
                together=[tuple(p) for p in pins.get("together") or []],
                stations=stations or None,
                max_units=int(pins["max_units"]) if pins.get("max_units") else None)


def pins_problems(instance, pins: dict) -> list:
    """Findings for pins that cannot all hold together on ``instance``."""
    return make_pins(pins).problems(instance)


def parents_progress(progress: Callable[[float, str], None]) -> Callable[[int, int], None]:
    """The planner's ``(parents done, total)`` as a fraction and a message. The district-wide
    step after the last parent counts as one more step, so the bar does not sit at 100 %
    while it runs."""
    def tell(done: int, total: int) -> None:
        if done < total:
            message = f"已完成 {done}/{total} 个街道 / {done} of {total} subdistricts done"
        else:
            message = (f"已完成 {total}/{total} 个街道，正在全区统筹 / all {total} "
                       "subdistricts done; district-wide step")
        progress(done / (total + 1), message)

    return tell


def plan_with_yizhan(instance, policy, pins: dict, *, time_limit: float, seed: int,
                     progress: Callable[[float, str], None]) -> tuple[dict[str, str], dict]:
    """The planner function of the web job: :class:`yizhan.planner.Planner` with the pins,
    reporting parents done; raises :class:`NoPlan` (with the reasons) when no plan exists."""
    from yizhan.planner import Planner

    result = Planner(instance, policy, pins=make_pins(pins), time_limit=time_limit, seed=seed,
                     progress=parents_progress(progress)).solve()
    if result.plan is None:
        reasons = [f.message for f in result.explanations]
        raise NoPlan("没有满足规则和固定条件的方案 / no plan satisfies the rules and pins: "
                     + "；".join(reasons[:5]))
    return dict(result.plan.assignment), _jsonable(result.report)


def _jsonable(value):
    """The report JSON-safe (numpy scalars, tuples) as the database's JSON column needs it."""
    import json

    def default(o):
        if hasattr(o, "item"):
            return o.item()
        if hasattr(o, "tolist"):
            return o.tolist()
        return str(o)

    return json.loads(json.dumps(value, default=default, ensure_ascii=False))

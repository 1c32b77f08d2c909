"""Run the planner away from the web process, with progress and a way to stop it.

The planner is plain Python (:mod:`yizhan.planner`); a solve may sit inside OR-Tools for its
whole time limit, where no Python code runs to notice a cancel flag. So :func:`run_isolated`
starts it in a **child process** (``spawn``: safe next to the web server's threads), reads
progress messages from a queue, and asks ``should_cancel()`` twice a second: on a cancel it
terminates the child — a cancel takes effect within about a second however the solver is
busy. When the planner reports no progress of its own, progress is the share of the time
limit used (capped at 95 %), which is honest for a time-limited solver.

This module does not import Django: the child needs only the planner and the instance.

A *planner function* has the signature::

    planner(instance, policy, pins: dict, *, time_limit: float, seed: int,
            progress: Callable[[float, str], None]) -> tuple[dict[str, str], dict]

returning the assignment (unit code → station label) and a JSON-able report.
:func:`yizhan_planner` adapts :mod:`yizhan.planner`; tests plug in a slow fake.
"""

from __future__ import annotations

import importlib
import inspect
import multiprocessing
import queue as queue_mod
import threading
import time
import traceback
from collections.abc import Callable

__all__ = ["Cancelled", "PlannerFailed", "run_isolated", "load_planner", "yizhan_planner",
           "pins_problems"]

#: the pins a user can set in the workspace (the keys of the ``pins`` dict)
PIN_KEYS = ("keep", "never", "together", "stations", "max_units")


class Cancelled(Exception):
    """The user cancelled the run."""


class PlannerFailed(Exception):
    """The planner raised; ``args[0]`` is the child's traceback text."""


def load_planner(path: str) -> Callable:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _import_roots(planner_path: str) -> list[str]:
    """Where the parent found the planner's module (so a fresh child finds it too, e.g. a
    planner in a test folder that pytest put on the parent's path only)."""
    import os
    import sys

    module = sys.modules.get(planner_path.rpartition(".")[0])
    file = getattr(module, "__file__", None)
    if not file:
        return []
    root = os.path.dirname(os.path.abspath(file))
    for _ in range(module.__name__.count(".") + (file.endswith("__init__.py"))):
        root = os.path.dirname(root)
    return [root]


def _child(out, planner_path: str, instance, policy, pins: dict, time_limit: float,
           seed: int, roots: list[str] = ()) -> None:
    """Child process body: run the planner, send ("progress"…), ("done"…) or ("error"…)."""
    import sys

    for root in roots:
        if root not in sys.path:
            sys.path.append(root)
    try:
        planner = load_planner(planner_path)

        def progress(fraction: float, message: str = "") -> None:
            out.put(("progress", float(fraction), str(message)))

        assignment, report = planner(instance, policy, pins, time_limit=time_limit, seed=seed,
                                     progress=progress)
        out.put(("done", dict(assignment), report))
    except BaseException:  # noqa: BLE001 - report everything to the parent
        out.put(("error", traceback.format_exc()))


def run_isolated(planner_path: str, instance, policy, pins: dict, *, time_limit: float,
                 seed: int = 0, on_progress: Callable[[float, str], None] = lambda f, m: None,
                 should_cancel: Callable[[], bool] = lambda: False, poll: float = 0.5,
                 isolation: str = "process") -> tuple[dict[str, str], dict]:
    """Run ``planner_path`` on the instance; returns (assignment, report).

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
    if isolation == "process":
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        worker = ctx.Process(target=_child, name="yizhan-planner",
                             args=(out, planner_path, instance, policy, pins, time_limit, seed,
                                   _import_roots(planner_path)))
    else:
        out = queue_mod.Queue()
        worker = threading.Thread(target=_child, name="yizhan-planner", daemon=True,
                                  args=(out, planner_path, instance, policy, pins, time_limit,
                                        seed))
    start = time.monotonic()
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
            if msg is None:  # time-based, for planners that report nothing themselves
                elapsed = time.monotonic() - start
                report(min(0.95, elapsed / max(time_limit, 1.0)), "")
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


# ---------------------------------------------------------------------- the real planner
def _make_pins(instance, pins: dict):
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
    """Findings for pins that cannot all hold (empty when the planner is not installed)."""
    try:
        return _make_pins(instance, pins).problems(instance)
    except ImportError:
        return []


def yizhan_planner(instance, policy, pins: dict, *, time_limit: float, seed: int,
                   progress: Callable[[float, str], None]) -> tuple[dict[str, str], dict]:
    """Adapter to :class:`yizhan.planner.Planner` (whatever keywords it accepts)."""
    import yizhan.planner as planner_pkg

    Planner = getattr(planner_pkg, "Planner")
    kwargs = {"pins": _make_pins(instance, pins), "time_limit": time_limit, "seed": seed}
    accepted = inspect.signature(Planner).parameters
    if "progress" in accepted:
        kwargs["progress"] = progress
    kwargs = {k: v for k, v in kwargs.items()
              if k in accepted or any(p.kind == p.VAR_KEYWORD for p in accepted.values())}
    progress(0.02, "准备候选工作站 / building candidate stations")
    result = Planner(instance, policy, **kwargs).solve()
    plan = getattr(result, "plan", result)
    if plan is None:  # no plan satisfies the rules and pins: say why
        reasons = [getattr(f, "message", str(f)) for f in getattr(result, "explanations", [])]
        raise RuntimeError("没有满足规则和固定条件的方案 / no plan satisfies the rules and pins: "
                           + "；".join(reasons[:5]))
    report = getattr(result, "report", {})
    if hasattr(report, "to_dict"):
        report = report.to_dict()
    return dict(plan.assignment), _jsonable(report)


def _jsonable(value):
    """Make a report JSON-safe (numpy scalars, tuples, dataclasses, frames)."""
    import dataclasses
    import json

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)

    def default(o):
        if hasattr(o, "item"):
            return o.item()
        if hasattr(o, "tolist"):
            return o.tolist()
        if hasattr(o, "to_dict"):
            return o.to_dict()
        return str(o)

    return json.loads(json.dumps(value, default=default, ensure_ascii=False))

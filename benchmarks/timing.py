"""Time a command as a whole process: wall clock, CPU, peak memory, machine load.

Shared by the planner benchmarks so that every side is measured the same way: one fresh
process per measurement (imports, reading the files and writing the result included), its
CPU time and peak resident memory from ``os.wait4`` (the child's own usage plus that of the
worker processes it waited for; ``ru_maxrss`` is the largest single process of that tree),
and the summed resident memory of the whole tree sampled every ``sample`` seconds (what
several worker processes hold together).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    """One process run: seconds of wall clock and CPU (user + system), MB of memory."""

    wall: float
    cpu: float
    max_rss_mb: float   # largest single process (os.wait4 ru_maxrss)
    tree_mb: float      # largest sampled sum over the process and its descendants
    returncode: int
    load_before: float  # 1-minute load average when the run started


def yizhan_command() -> list[str]:
    """The ``yizhan`` console script of the running interpreter's environment."""
    script = Path(sys.executable).with_name("yizhan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "yizhan.cli"]


def run(cmd: list[str], *, sample: float = 0.1, stdout=subprocess.DEVNULL,
        stderr=None) -> Measured:
    """Run ``cmd`` to its end in a fresh process and measure it."""
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr)
    tree = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree = max(tree, _tree_rss(proc.pid))
        time.sleep(sample)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                    tree / 2**20, proc.returncode, load)


def _tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants now (0 if it is gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(pid, [])
    return total


def summary(values: list[float]) -> tuple[float, float]:
    """``(min, median)`` of repeated measurements."""
    return min(values), statistics.median(values)


def uptime() -> str:
    """The ``uptime`` line (time and load averages), to print next to a result."""
    exe = shutil.which("uptime")
    if exe:
        return subprocess.run([exe], capture_output=True, text=True).stdout.strip()
    return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())

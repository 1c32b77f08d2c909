"""What ``yizhan scale generate`` and ``yizhan plan --instance`` show, as plain data, and the
progress bar of a national run."""

from __future__ import annotations

from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from yizhan.terminal import STATUSES, percent, say, word

__all__ = ["summary_tables", "ProgressBar"]


def summary_tables(s: dict) -> list[tuple[str, list[str], list[list]]]:
    """(title, columns, rows) of a national run's summary (:func:`.summary.finish`)."""
    d = s["districts"]
    n = s["parents"]
    stations = max(s["stations"], 1)
    meet = s["stations_meeting"]
    rows = [
        [say("街道（母单元）", "parents (subdistricts)"), f"{n:,}"],
        [say("社区（单元）", "committees (units)"), f"{s['units']:,}"],
        [say("工作站", "stations"), f"{s['stations']:,}"],
        [say("户数偏离（下界）", "band deviation (lower bound)"),
         f"{s['band_deviation']:,} (≥ {s['band_bound']:,})"],
        [say("已证明最优的街道", "parents proven optimal"),
         f"{s['parents_optimal']:,} / {n:,} ({percent(s['share_optimal'])})"],
        [say("区县：全部设施目标达标", "districts meeting every facility target"),
         f"{d['meeting_targets']:,} / {d['count']:,}"],
        [say("设施缺口（站）", "facility shortfall (stations)"), f"{d['facility_shortfall']:,}"],
        [say("区县：已证明最优", "districts proven optimal"), f"{d['optimal']:,} / {d['count']:,}"],
        [say("办公用房达标站", "stations with office space"),
         f"{meet['office']:,} ({percent(meet['office'] / stations)})"],
        [say("服务设施达标站", "stations with service facilities"),
         f"{meet['service']:,} ({percent(meet['service'] / stations)})"],
        [say("户外广场达标站", "stations with a plaza"),
         f"{meet['plaza']:,} ({percent(meet['plaza'] / stations)})"],
        [say("求解CPU秒（合计）", "solve CPU seconds (all batches)"), f"{s['cpu_seconds']:,}"],
        [say("本次用时（秒）", "this session's wall clock (s)"), f"{s['session']['wall']:.1f}"],
    ]
    tables = [(say("全国规划汇总（合成数据）", "national plan summary (SYNTHETIC data)"),
               [say("项目", "item"), say("值", "value")], rows)]
    slow = [[p["parent"], p["name"], p["units"], f"{p['seconds']:.2f}", p["method"],
             word(STATUSES, p["status"])] for p in s["slowest_parents"]]
    tables.append((say("最慢的街道", "slowest parents"),
                   [say("街道", "parent"), say("名称", "name"), say("单元", "units"),
                    say("CPU秒", "CPU s"), say("方法", "method"), say("状态", "status")], slow))
    mem = [[say("客户端", "client"), f"{s['session']['client_peak_rss_mb']:.0f}"]]
    mem += [[w, f"{mb:.0f}"] for w, mb in sorted(s["worker_peak_rss_mb"].items())]
    tables.append((say("各进程峰值内存", "peak memory per process"),
                   [say("进程", "process"), "MB"], mem))
    return tables


class ProgressBar:
    """A rich progress bar over parents: done/total, parents per second, elapsed, ETA (from
    this session's rate; parents finished in an earlier session count as done)."""

    def __init__(self, console):
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=console, speed_estimate_period=120)
        self.task = None

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def __call__(self, done: int, total: int, mark) -> None:
        if self.task is None:
            self.task = self.progress.add_task(say("规划街道", "planning parents"), total=total,
                                               completed=done, rate="")
            return
        self.progress.update(self.task, completed=done)
        speed = self.progress.tasks[0].speed
        if speed:
            self.progress.update(self.task, rate=f"{speed:.1f}/s")

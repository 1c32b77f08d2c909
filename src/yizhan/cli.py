"""The ``yizhan`` command (typer + rich). Each command is thin: it reads, calls the library,
prints a table (or ``--json``)."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from yizhan.terminal import (LANGUAGE, SEVERITIES, STATUSES, cite, percent, rich_table, say, word,
                             yes_no)

app = typer.Typer(help="一站 yizhan: 一站多居 社区工作站整合 / community-workstation consolidation",
                  no_args_is_help=True, add_completion=False)
policy_app = typer.Typer(help="策略设置 / policy settings", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
scale_app = typer.Typer(help="全国规模（合成数据）/ national scale (synthetic data)", no_args_is_help=True)
app.add_typer(scale_app, name="scale")

console = Console()


@app.callback()
def _options(lang: str = typer.Option("zh", "--lang", envvar="YIZHAN_LANG",
                                      help="输出语言 zh|en / output language")) -> None:
    """一站 yizhan: 一站多居 社区工作站整合 / community-workstation consolidation."""
    LANGUAGE["value"] = "en" if lang.lower().startswith("en") else "zh"


def print_json(data) -> None:
    """Machine-readable output: one JSON object, UTF-8, Chinese kept readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value)}")


@policy_app.command("show")
def policy_show(
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="TOML 策略文件 / policy file"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
    toml: bool = typer.Option(False, "--toml", help="输出 TOML 文件 / print as a TOML file"),
) -> None:
    """显示策略设置及其条款 / show the policy settings with their articles."""
    from yizhan.core.policy import Policy

    pol = Policy.load(policy)
    if toml:
        sys.stdout.write(pol.to_toml())
    elif as_json:
        print_json(pol.describe())
    else:
        console.print(rich_table(
            say("策略设置", "policy settings"),
            [say("设置", "setting"), say("值", "value"), say("条款", "article"), say("含义", "meaning")],
            ([f"[{r['section']}] {r['key']}", r["value"], r["article"], say(r["zh"], r["en"])]
             for r in pol.describe())))


UNITS_OPT = typer.Option(None, "--units", "-u", help="居委会文件 CSV/XLSX / units file (default: bundled Luohu 2006)")
ADJ_OPT = typer.Option(None, "--adjacency", "-a", help="相邻关系 CSV / adjacency file")
GEO_OPT = typer.Option(None, "--geometry", "-g", help="GeoJSON 边界 / unit polygons")
POLICY_OPT = typer.Option(None, "--policy", "-p", help="TOML 策略文件 / policy file")
JSON_OPT = typer.Option(False, "--json", help="输出 JSON / print JSON")


def load_instance_or_bundled(units: Optional[Path], adjacency: Optional[Path] = None,
                             geometry: Optional[Path] = None):
    """The instance of the given files, or the bundled Luohu 2006 data when none is given.

    Returns ``(instance, bundled)`` where ``bundled`` is the :class:`LuohuData` or None.
    A bad file ends the command with every problem listed (exit code 2).
    """
    if units is None:
        from yizhan.data.bundled import load_luohu

        data = load_luohu()
        return data.instance, data
    from yizhan.data.importers import ImportFailed, load_instance

    try:
        instance, warnings = load_instance(units, adjacency, geometry)
    except ImportFailed as exc:
        print_problems(exc.problems)
        raise typer.Exit(2) from exc
    if warnings:
        print_problems(warnings)
    return instance, None


def print_problems(problems) -> None:
    """Import problems as a table on stderr (row, column, Chinese and English message)."""
    err = Console(stderr=True)
    err.print(rich_table(say("导入问题", "import problems"),
                         [say("文件", "file"), say("行", "row"), say("列", "column"),
                          say("问题", "problem")],
                         ([p.file, p.row or "", p.column or "", say(p.message, p.message_en)]
                          for p in problems)))


def synthetic_banner(instance) -> None:
    if instance.synthetic:
        console.print("[bold yellow]" + say(
            "合成演示数据：名称、街道与方案来自文件，其余属性为按文件统计校准的合成数据",
            "SYNTHETIC demonstration data: names, subdistricts and plan are real, attributes "
            "are synthetic (calibrated to the document's counts)") + "[/]")


@app.command()
def check(
    plan: Optional[Path] = typer.Option(None, "--plan", help="方案 CSV code,station / plan file (default: the official 2006 plan)"),
    units: Optional[Path] = UNITS_OPT,
    adjacency: Optional[Path] = ADJ_OPT,
    geometry: Optional[Path] = GEO_OPT,
    policy: Optional[Path] = POLICY_OPT,
    posts: Optional[Path] = typer.Option(None, "--posts", help="人员职务 CSV / posts file (R8, R10)"),
    as_json: bool = JSON_OPT,
) -> None:
    """检查方案是否符合政策 / check a plan against every rule of the policy."""
    import pandas as pd

    from yizhan.core import PlanFileError, Policy, PolicyError
    from yizhan.data.importers import read_plan
    from yizhan.policy import check as run_check

    instance, bundled = load_instance_or_bundled(units, adjacency, geometry)
    try:
        pol = Policy.load(policy)
        the_plan = read_plan(plan) if plan else (bundled.official_plan if bundled else instance.current_plan())
    except (PlanFileError, PolicyError) as exc:
        Console(stderr=True).print(escape(str(exc)))
        raise typer.Exit(2) from exc
    the_posts = pd.read_csv(posts, dtype=str) if posts else (bundled.posts if bundled else None)
    result = run_check(instance, the_plan, pol, posts=the_posts)
    if as_json:
        print_json(result.to_dict())
        return
    synthetic_banner(instance)
    m = result.metrics
    groups = m.table.groupby("parent", sort=False)
    console.print(rich_table(
        say("各街道整合前后", "stations per subdistrict") + f" — {the_plan.name or 'plan'}",
        [say("街道", "subdistrict"), say("整合前", "before"), say("整合后", "after"),
         say("合并", "merged groups"), say("保留", "kept alone"), say("户数偏离", "band dev.")],
        ([parent, row["before"], row["after"],
          "； ".join("+".join(n) for n in groups.get_group(parent)["names"] if len(n) > 1)
          if parent in groups.groups else "",
          " ".join(n[0] for n in groups.get_group(parent)["names"] if len(n) == 1)
          if parent in groups.groups else "",
          f"{row['band_deviation']:,}"]
         for parent, row in m.per_parent.iterrows())))
    console.print(say(f"工作站 {m.stations}　区间外户数 {m.band_deviation:,}　"
                      f"全部相连 {yes_no(m.contiguous)}　跨街道 {yes_no(m.crosses_parent)}",
                      f"stations {m.stations}  band deviation {m.band_deviation:,}  "
                      f"contiguous {yes_no(m.contiguous)}  crosses a subdistrict "
                      f"{yes_no(m.crosses_parent)}"))
    console.print(rich_table(
        say("目标", "targets"),
        [say("规则", "rule"), say("目标", "target"), say("要求", "required"),
         say("实际", "actual"), say("达到", "attained")],
        ([f"{t.rule} {cite(t.article)}", say(t.name, t.name_en),
          f"{t.target:,}" if t.rule == "R2" else f"≥ {percent(t.target)}",
          f"{t.actual:,}" if t.rule == "R2" else percent(t.actual), yes_no(t.attained)]
         for t in result.targets)))
    console.print(rich_table(
        say("发现", "findings"),
        [say("规则", "rule"), say("级别", "severity"), say("对象", "subject"),
         say("说明", "message")],
        ([f"{f.rule} {cite(f.article)}", word(SEVERITIES, f.severity), f.subject,
          say(f.message, f.message_en)] for f in result.findings)))
    counts = result.counts()
    console.print(say(f"违反 {counts['violation']}　警告 {counts['warning']}　提示 {counts['info']}",
                      f"violations {counts['violation']}  warnings {counts['warning']}  "
                      f"info {counts['info']}"))
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def stats(
    units: Optional[Path] = UNITS_OPT,
    people: Optional[Path] = typer.Option(None, "--people", help="人员 CSV person_id,name"),
    posts: Optional[Path] = typer.Option(None, "--posts", help="职务 CSV person_id,org,unit,role"),
    as_json: bool = JSON_OPT,
) -> None:
    """基本情况统计（文件第五部分）/ the baseline tables of the document's part 五, from the records."""
    import pandas as pd

    from yizhan.data.baseline import baseline_stats, compare_with_document

    instance, bundled = load_instance_or_bundled(units)
    if bundled is not None and people is None and posts is None:
        people_df, posts_df = bundled.people, bundled.posts
    elif people is None or posts is None:
        Console(stderr=True).print("请同时给出 --people 与 --posts / give both --people and --posts")
        raise typer.Exit(2)
    else:
        people_df, posts_df = pd.read_csv(people, dtype=str), pd.read_csv(posts, dtype=str)
    computed = baseline_stats(instance.units, people_df, posts_df)
    rows = compare_with_document(computed)
    if as_json:
        print_json({"instance": instance.name, "synthetic": instance.synthetic, "stats": computed,
                    "comparison": rows, "all_equal": all(r["equal"] for r in rows)})
        return
    synthetic_banner(instance)
    for section, article in dict.fromkeys((r["name"].split(".")[0], r["article"]) for r in rows):
        console.print(rich_table(
            f"{section} {article}",
            [say("项目", "item"), say("文件", "document"), say("计算", "computed"),
             say("一致", "equal")],
            ([say(r["label_zh"], r["label_en"]), r["document"], r["computed"], yes_no(r["equal"])]
             for r in rows if r["name"].startswith(section + "."))))
    equal = sum(r["equal"] for r in rows)
    console.print(say(f"与文件一致 {equal}/{len(rows)}",
                      f"{equal}/{len(rows)} numbers equal the document"))


@app.command("import")
def import_files(
    units: Path = typer.Option(..., "--units", "-u", help="居委会文件 CSV/XLSX / units file"),
    adjacency: Optional[Path] = typer.Option(None, "--adjacency", "-a", help="相邻关系 CSV a,b / adjacency file"),
    geometry: Optional[Path] = typer.Option(None, "--geometry", "-g", help="GeoJSON 边界 / unit polygons"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
) -> None:
    """检查要导入的文件并列出全部问题 / validate files to import and list every problem.

    Exit code 1 when any file has an error (then nothing would be loaded), 0 otherwise.
    """
    from yizhan.data.importers import ImportFailed, load_instance

    try:
        instance, problems = load_instance(units, adjacency, geometry)
    except ImportFailed as exc:
        instance, problems = None, exc.problems
    counts = dict.fromkeys(("units", "parents", "edges", "isolated"))
    if instance is not None:
        counts = dict(units=instance.n_units, parents=len(instance.parents),
                      edges=len(instance.edges), isolated=len(instance.isolated_units()))
    if as_json:
        print_json({"ok": instance is not None, **counts,
                    "problems": [p.to_dict() for p in problems]})
    else:
        if instance is not None:
            console.print(say(f"居委会 {counts['units']}　街道 {counts['parents']}　"
                              f"相邻关系 {counts['edges']}　孤立 {counts['isolated']}",
                              f"units {counts['units']}  parents {counts['parents']}  "
                              f"edges {counts['edges']}  isolated {counts['isolated']}"))
        if problems:
            console.print(rich_table(
                say("导入问题", "import problems"),
                [say("文件", "file"), say("行", "row"), say("列", "column"),
                 say("级别", "severity"), say("问题", "problem")],
                ([p.file, p.row or "", p.column or "",
                  say("错误", "error") if p.is_error else say("警告", "warning"),
                  say(p.message, p.message_en)] for p in problems)))
        n_errors = sum(p.is_error for p in problems)
        console.print(say(f"错误 {n_errors}　警告 {len(problems) - n_errors}　",
                          f"errors {n_errors}  warnings {len(problems) - n_errors}  ")
                      + (say("未导入", "nothing loaded") if instance is None
                         else say("可以导入", "ready to load")))
    if instance is None:
        raise typer.Exit(1)


@app.command()
def reconcile(as_json: bool = JSON_OPT) -> None:
    """2006年居委会名称与2023年统计用区划代码对照 / reconcile the 2006 committees with the 2023 codes.

    Exact matches and reviewed near matches (reconcile_confirmed.csv) get a code; near matches
    found by rule are only proposed, with their reason; the rest is listed as missing.
    """
    from yizhan.data.reconcile import reconcile_bundled

    report = reconcile_bundled()
    if as_json:
        print_json(report.to_dict())
        return
    labels = {"exact": "完全一致 exact", "confirmed": "已确认近似 confirmed",
              "proposed": "待确认近似 proposed", "missing_2006": "2006年无代码 no 2023 code",
              "missing_2023": "2023年未对应 matched to none", "problems": "问题 problems"}
    console.print(rich_table("对照结果 / reconciliation counts", ["类别 kind", "数量 count"],
                             ([labels[k], v] for k, v in report.counts.items())))
    match_columns = ["街道 subdistrict", "2006 名称 name", "2023 名称 name", "2023 代码 code",
                     "理由 reason"]
    for kind, title in (("exact", "完全一致 / exact matches"),
                        ("confirmed", "已确认的近似匹配 / confirmed near matches"),
                        ("proposed", "待确认的近似匹配（未采用）/ proposed near matches (not applied)")):
        matches = getattr(report, kind)
        if matches:
            console.print(rich_table(title, match_columns, (
                [m.parent, f"{m.code_2006} {m.name_2006}", m.name_2023, m.code_2023,
                 m.reason + (f"\n{m.confirmed_by} {m.confirmed_on}" if m.confirmed_by else "")]
                for m in matches)))
    console.print(rich_table(
        "2006年有、2023年无对应 / 2006 committees without a 2023 code",
        ["街道 subdistrict", "2006 名称 name", "候选 proposals"],
        ([r["parent"], f"{r['code_2006']} {r['name_2006']}", "、".join(r["proposals"]) or "—"]
         for r in report.missing_2006)))
    console.print(rich_table(
        "2023年有、2006年无对应 / 2023 committees matched to no 2006 committee",
        ["街道 subdistrict", "2023 名称 name", "2023 代码 code"],
        ([r["parent"], r["name_2023"], r["code_2023"]] for r in report.missing_2023)))
    for problem in report.problems:
        console.print(escape(problem))


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, "--port", help="端口 / port"),
    no_load: bool = typer.Option(False, "--no-load", help="不载入内置数据 / skip the bundled data"),
    no_worker: bool = typer.Option(False, "--no-worker",
                                   help="不启动后台任务进程 / no background job worker"),
    allowed_host: list[str] = typer.Option(
        [], "--allowed-host", help="其他电脑访问所用的主机名或 IP（可重复；默认取 "
        "YIZHAN_ALLOWED_HOSTS，再默认只有本机）/ a host name or address other computers use "
        "(repeatable; default YIZHAN_ALLOWED_HOSTS, else loopback only)"),
    workers: Optional[int] = typer.Option(
        None, "--workers", min=0, show_default=False,
        help="gunicorn 工作进程数（默认：YIZHAN_WORKERS，否则每个 CPU 2 个；Windows 上为 0）；"
        "0 = 单进程内置服务器（调试用）/ gunicorn worker processes (default: YIZHAN_WORKERS, "
        "else 2 per CPU; 0 on Windows); 0 = the built-in one-process server (for debugging)"),
) -> None:
    """启动网页系统 / run the web application (migrates, loads the bundled Luohu data once,
    prints demo credentials once, serves with gunicorn and several worker processes).
    SQLite under ./var (YIZHAN_DATA_DIR) or DATABASE_URL."""
    from yizhan.web.serve import serve as run_server

    run_server(host=host, port=port, load=not no_load, worker=not no_worker,
               echo=lambda text: console.print(escape(text), soft_wrap=True),
               allowed_hosts=allowed_host, workers=workers)


@app.command("check-deploy")
def check_deploy() -> None:
    """检查生产部署设置 / check a production server's set-up: Django's deployment checks plus
    debug off, explicit host names, HTTPS declared, database reachable and migrated, static
    files collected, task worker alive. Exit status 1 on any failure."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
    import django

    django.setup()
    from yizhan.web.service.checks import run_checks

    results = run_checks()
    for result in results:
        console.print(escape(result.line()), soft_wrap=True)
    failed = sum(r.ok is False for r in results)
    console.print(f"{failed} 项失败 / {failed} failed" if failed else "全部通过 / all passed")
    raise typer.Exit(1 if failed else 0)


@contextmanager
def parents_bar(disable: bool = False):
    """A progress bar on stderr of the planner's real progress, subdistricts done out of all
    (the planner's ``progress`` callback); yields the callback. Off with ``--json``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(say("已完成街道", "subdistricts done")), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                  disable=disable) as bar:
        task = bar.add_task("", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@app.command("plan")
def plan_command(
    units: Optional[Path] = UNITS_OPT,
    adjacency: Optional[Path] = ADJ_OPT,
    geometry: Optional[Path] = GEO_OPT,
    policy: Optional[Path] = POLICY_OPT,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出方案 CSV / write the plan (code,station)"),
    report: Optional[Path] = typer.Option(None, "--report", help="输出报告 JSON / write the report"),
    frontier: bool = typer.Option(False, "--frontier", help="各站数下的最小户数偏离 / least band deviation per number of stations"),
    frontier_out: Optional[Path] = typer.Option(None, "--frontier-out", help="取舍数据 .json 或 .csv / frontier data for charts"),
    keep: list[str] = typer.Option([], "--keep", help="保留工作站（现工作站名或 a+b）/ keep a station as it is"),
    never: list[str] = typer.Option([], "--never", help="不得合并 a,b / never merge two units"),
    together: list[str] = typer.Option([], "--together", help="必须合并 a,b / always merge two units"),
    stations: list[str] = typer.Option([], "--stations", help="站数 N 或 街道=N / number of stations, total or parent=N"),
    max_units: Optional[int] = typer.Option(None, "--max-units", help="每站最多单元数 / most units per station"),
    time_limit: float = typer.Option(10.0, "--time-limit", min=0.1, help="每次求解的计算量（CP-SAT 确定性秒）/ work limit per CP-SAT solve, in CP-SAT deterministic seconds"),
    seed: int = typer.Option(0, "--seed", help="随机种子 / random seed"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="CP-SAT 线程（默认1）；与 --instance 一起：Dask 工作进程数（默认CPU核数）/ CP-SAT workers for the joint model (default 1); with --instance: Dask worker processes of the local cluster (default: cores)"),
    processes: Optional[int] = typer.Option(None, "--processes", help="并行进程数（默认CPU核数）/ worker processes for the subdistricts (default: cores)"),
    staff_total: Optional[int] = typer.Option(None, "--staff-total", help="员额总数 / fixed station headcount (bundled: 653)"),
    joint_limit: int = typer.Option(20_000, "--joint-limit", help="全区联合模型的最大候选数 / most candidates in the joint model (a proof for the district-wide terms)"),
    instance: Optional[Path] = typer.Option(None, "--instance", help="全国实例目录（yizhan scale generate）；--out 为输出目录 / a national instance folder (yizhan scale generate); --out is then the output folder"),
    scheduler: str = typer.Option("local", "--scheduler", help="与 --instance：local 或 tcp://主机:端口 / with --instance: local or tcp://HOST:PORT of a running dask scheduler"),
    batch_units: int = typer.Option(300, "--batch-units", min=1, help="与 --instance：每批社区数（整区县）/ with --instance: committees per batch (whole districts)"),
    as_json: bool = JSON_OPT,
) -> None:
    """规划最优整合方案并给出证明 / plan the best consolidation under the policy, with bounds."""
    from yizhan.core import Policy, PolicyError
    from yizhan.planner import Planner
    from yizhan.planner.commands import (frontier_table, parse_pins, plan_tables, staff_total_of,
                                         write_frontier)
    from yizhan.core.inputs import SEED_RANGE

    if not SEED_RANGE[0] <= seed <= SEED_RANGE[1]:
        raise typer.BadParameter(f"随机种子应在{SEED_RANGE[0]}至{SEED_RANGE[1]}之间 / the seed must "
                                 f"be between {SEED_RANGE[0]} and {SEED_RANGE[1]}", param_hint="--seed")
    if instance is not None:
        if units or adjacency or geometry or keep or never or together or stations or max_units \
                or frontier or frontier_out or report or staff_total is not None:
            Console(stderr=True).print(say(
                "--instance 只能与 --out --scheduler --workers --batch-units --policy --time-limit "
                "--seed --joint-limit --json 一起使用",
                "--instance takes only --out --scheduler --workers --batch-units --policy "
                "--time-limit --seed --joint-limit --json"))
            raise typer.Exit(2)
        _plan_national(instance, out, scheduler, workers, batch_units, policy, time_limit, seed,
                       joint_limit, as_json)
        return
    instance, bundled = load_instance_or_bundled(units, adjacency, geometry)
    try:
        pol = Policy.load(policy)
        pins = parse_pins(keep, never, together, stations, max_units)
    except (PolicyError, ValueError) as exc:
        Console(stderr=True).print(escape(str(exc)))
        raise typer.Exit(2) from exc
    if frontier or frontier_out:
        from yizhan.planner.frontier import district_frontier

        front = district_frontier(instance, pol, time_limit=time_limit, seed=seed)
        if frontier_out:
            write_frontier(front, frontier_out)
        if as_json:
            print_json(front.to_dict())
        else:
            synthetic_banner(instance)
            console.print(rich_table(*frontier_table(front)))
        return
    if staff_total is None and bundled is not None:
        staff_total = staff_total_of(bundled.posts)
    with parents_bar(disable=as_json) as tell:
        result = Planner(instance, pol, pins=pins, time_limit=time_limit, seed=seed,
                         workers=workers or 1, processes=processes, staff_total=staff_total,
                         joint_limit=joint_limit, progress=tell).solve()
    if result.plan is not None and out:
        result.plan.write_csv(out)
    if report:
        report.write_text(json.dumps(result.report, ensure_ascii=False, indent=1,
                                     default=_json_default), encoding="utf-8")
    if as_json:
        print_json(result.report)
    else:
        synthetic_banner(instance)
        for table in plan_tables(result):
            console.print(rich_table(*table))
        for f in result.explanations:
            console.print(escape(f"[{f.rule} {cite(f.article)}] {say(f.message, f.message_en)}"))
        console.print(say("状态", "status") + f": {word(STATUSES, result.status)}　"
                      + say("用时", "time") + f" {result.seconds:.2f} s"
                      + (say("　方案 → ", "  plan → ") + str(out)
                         if out and result.plan is not None else ""))
    if result.plan is None:
        raise typer.Exit(1)


def _plan_national(instance, out, scheduler, workers, batch_units, policy, time_limit, seed,
                   joint_limit, as_json) -> None:
    """``yizhan plan --instance``: the national run (:mod:`yizhan.scale.run`)."""
    from yizhan.core import Policy, PolicyError
    from yizhan.planner.parent import Settings
    from yizhan.scale.batches import ManifestError
    from yizhan.scale.commands import ProgressBar, summary_tables
    from yizhan.scale.run import run_national
    from yizhan.scale.store import StoreError

    err = Console(stderr=True)
    if out is None:
        err.print(say("--instance 需要 --out 输出目录", "--instance needs --out, an output folder"))
        raise typer.Exit(2)
    try:
        pol = Policy.load(policy)
        with ProgressBar(err) as bar:
            summary = run_national(instance, out, scheduler=scheduler, workers=workers,
                                   policy=pol, batch_units=batch_units, progress=bar,
                                   settings=Settings(time_limit=time_limit, seed=seed,
                                                     joint_limit=joint_limit))
    except (PolicyError, StoreError, ManifestError) as exc:
        err.print(escape(str(exc)))
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        err.print(say("已中断：已完成的批次已保存；用同一命令继续。",
                      "interrupted: finished batches are saved; run the same command to continue."))
        raise typer.Exit(130) from None
    if not summary.get("finished", True):
        err.print(say("未完成", "not finished") + f": {summary['batches_done']}/{summary['batches']}")
        raise typer.Exit(1)
    if as_json:
        print_json(summary)
        return
    console.print("[bold yellow]" + escape(say("合成数据：全国实例的社区与属性为生成数据，仅街道社区数为真实统计。",
                                               "SYNTHETIC: the national instance's committees and "
                                               "attributes are generated; only the counts per "
                                               "township unit are real.")) + "[/]")
    for table in summary_tables(summary):
        console.print(rich_table(*table))
    console.print(say("结果", "results") + f": {escape(str(out))}/plan/, parents.parquet, summary.json")


@scale_app.command("generate")
def scale_generate(
    out: Path = typer.Option(..., "--out", help="输出目录 / output folder"),
    sample: Optional[int] = typer.Option(None, "--sample", min=1, help="随机抽取N个街道（保持规模分布）/ N parents at random, keeping the size distribution"),
    seed: int = typer.Option(0, "--seed", help="随机种子 / random seed"),
    only: list[str] = typer.Option([], "--only", help="只取代码以此开头的乡级单位（省44、区县440303）/ only township units whose code starts with this (province 44, district 440303)"),
    as_json: bool = JSON_OPT,
) -> None:
    """生成全国合成实例（各街道真实社区数）/ write the synthetic national instance (real committee counts)."""
    from yizhan.scale.generate import generate

    try:
        meta = generate(out, sample=sample, seed=seed, only=tuple(only))
    except ValueError as exc:
        Console(stderr=True).print(escape(str(exc)))
        raise typer.Exit(2) from exc
    if as_json:
        print_json(meta)
        return
    console.print("[bold yellow]" + escape(say("合成数据（仅各街道社区数为真实统计）",
                                               "SYNTHETIC data (only the committee counts are real)")) + "[/]")
    console.print(rich_table(say("全国实例", "national instance"), [say("项目", "item"), say("值", "value")], [
        [say("街道", "parents"), f"{meta['parents']:,}"], [say("社区", "committees"), f"{meta['units']:,}"],
        [say("区县", "districts"), f"{meta['districts']:,}"], [say("省份", "provinces"), meta["provinces"]],
        [say("目录", "folder"), str(out)], [say("指纹", "fingerprint"), meta["fingerprint"]]]))


@app.command("compare")
def compare_command(
    plan_a: Path = typer.Argument(..., help="方案A CSV / first plan"),
    plan_b: Path = typer.Argument(..., help="方案B CSV / second plan"),
    units: Optional[Path] = UNITS_OPT,
    adjacency: Optional[Path] = ADJ_OPT,
    geometry: Optional[Path] = GEO_OPT,
    policy: Optional[Path] = POLICY_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """并列比较两个方案 / compare two plans side by side and list the units that move."""
    from yizhan.core import PlanFileError, Policy, PolicyError
    from yizhan.data.importers import read_plan
    from yizhan.planner.commands import compare, compare_tables

    instance, _ = load_instance_or_bundled(units, adjacency, geometry)
    try:
        pol = Policy.load(policy)
        a, b = read_plan(plan_a), read_plan(plan_b)
    except (PlanFileError, PolicyError) as exc:
        Console(stderr=True).print(escape(str(exc)))
        raise typer.Exit(2) from exc
    data = compare(instance, a, b, pol)
    if as_json:
        print_json(data)
    else:
        synthetic_banner(instance)
        for table in compare_tables(data):
            console.print(rich_table(*table))
        for key in ("a", "b"):
            for problem in data["metrics"][key]["coverage_problems"]:
                console.print(escape(f"{data['plans'][0 if key == 'a' else 1]}: {problem}"))


def _django() -> None:
    """Django's settings from the environment (YIZHAN_DATA_DIR, DATABASE_URL, …)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
    django.setup()


@app.command("backup")
def backup_command(
    dest: Path = typer.Argument(..., help="备份文件，或存放备份的目录 / the backup file, or a "
                                "directory to write yizhan-YYYYmmdd-HHMMSS.tar.gz into"),
    keep: Optional[int] = typer.Option(None, "--keep", min=1, help="只保留该目录中最新的 N 份备份 "
                                       "/ then keep only the N newest backups in that directory"),
    as_json: bool = JSON_OPT,
) -> None:
    """备份数据库和数据目录 / back up the database and the data directory into one file.

    SQLite through its online backup API, PostgreSQL with pg_dump (custom format); the files
    of YIZHAN_DATA_DIR with it; a manifest with checksums and row counts. Safe while the
    server runs."""
    _django()
    from yizhan.web.backup import BackupError, create_backup

    try:
        result = create_backup(dest, keep)
    except BackupError as exc:
        Console(stderr=True).print(escape(str(exc)))
        raise typer.Exit(1) from exc
    tables = result["database"]["tables"]
    if as_json:
        print_json({k: result[k] for k in ("path", "created", "version", "database", "pruned")}
                   | {"data_files": len(result["files"]) - 1})
        return
    # one line each, never wrapped at the console's width: under systemd the journal keeps
    # them as lines (journalctl -u yizhan-backup), and a wrapped one splits in two entries
    console.print(escape(say(
        f"备份已写入 {result['path']}：{result['database']['engine']} {len(tables)} 个表 "
        f"{sum(tables.values()):,} 行，数据文件 {len(result['files']) - 1} 个",
        f"backup written to {result['path']}: {result['database']['engine']} {len(tables)} "
        f"tables, {sum(tables.values()):,} rows, {len(result['files']) - 1} data files")),
        soft_wrap=True)
    for path in result["pruned"]:
        console.print(escape(say(f"已删除旧备份 {path}", f"deleted old backup {path}")),
                      soft_wrap=True)


@app.command("restore")
def restore_command(
    file: Path = typer.Argument(..., help="备份文件 / the backup file"),
    force: bool = typer.Option(False, "--force", help="覆盖非空的数据库和数据目录 / overwrite a "
                               "database and data directory that are not empty"),
    as_json: bool = JSON_OPT,
) -> None:
    """从备份恢复（先停止服务）/ restore a backup into an empty database and data directory
    (stop the services first). Checksums are verified before anything is touched; the row
    count of every table is compared afterwards."""
    _django()
    from yizhan.web.backup import BackupError, restore_backup

    try:
        result = restore_backup(file, force=force)
    except BackupError as exc:
        Console(stderr=True).print(escape(str(exc)))
        raise typer.Exit(1) from exc
    if as_json:
        print_json(result)
        return
    console.print(escape(say(
        f"已恢复 {result['created']} 的备份：{result['engine']} {result['tables']} 个表 "
        f"{result['rows']:,} 行（与备份一致），文件 {result['files']} 个",
        f"restored the backup of {result['created']}: {result['engine']} {result['tables']} "
        f"tables, {result['rows']:,} rows (as in the backup), {result['files']} files")),
        soft_wrap=True)


@app.command("rollout")
def rollout_command(
    plan: Optional[Path] = typer.Option(None, "--plan", help="方案 CSV code,station / plan file (default: the official 2006 plan)"),
    units: Optional[Path] = UNITS_OPT,
    adjacency: Optional[Path] = ADJ_OPT,
    geometry: Optional[Path] = GEO_OPT,
    people: Optional[Path] = typer.Option(None, "--people", help="人员 CSV/XLSX person_id,name[,pay_grade]"),
    posts: Optional[Path] = typer.Option(None, "--posts", help="职务 CSV/XLSX person_id,org,unit,role"),
    party: Optional[Path] = typer.Option(None, "--party", help="社区党组织 org_id,unit,name,kind,members"),
    assets: Optional[Path] = typer.Option(None, "--assets", help="资产 asset_id,org,unit,description,owner_class,value_yuan"),
    funds: Optional[Path] = typer.Option(None, "--funds", help="固本强基资金 unit,amount_yuan"),
    policy: Optional[Path] = POLICY_OPT,
    effective: Optional[str] = typer.Option(None, "--effective", help="生效日期 YYYY-MM-DD（默认今天）/ effective date (default today)"),
    all_changes: bool = typer.Option(False, "--all-changes", help="列出全部变更 / list every change"),
    lang: Optional[str] = typer.Option(None, "--lang", help="输出语言 zh|en / output language"),
    as_json: bool = JSON_OPT,
) -> None:
    """整合实施预演：变更清单及R8—R12检查 / rollout dry run: the changes, checked against R8-R12.

    Exit 1 when the plan cannot be applied (a violation), 2 when an input file is bad.
    """
    from yizhan.core import Plan, PlanFileError, Policy, PolicyError
    from yizhan.rollout import RolloutInputError, dry_run
    from yizhan.rollout import commands as show

    if lang:
        LANGUAGE["value"] = "en" if lang.lower().startswith("en") else "zh"
    instance, bundled = load_instance_or_bundled(units, adjacency, geometry)
    err = Console(stderr=True)
    try:
        pol = Policy.load(policy)
        date = show.parse_effective(effective)
        the_plan = Plan.read_csv(plan) if plan else (
            bundled.official_plan if bundled else instance.current_plan())
    except (PlanFileError, PolicyError, ValueError) as exc:
        err.print(escape(str(exc)))
        raise typer.Exit(2) from exc
    roster = _roster_or_bundled(instance, bundled, people, posts, party, assets, funds)
    try:
        run = dry_run(instance, roster, the_plan, pol, date)
    except RolloutInputError as exc:
        err.print(escape(say(exc.zh, exc.en)))
        raise typer.Exit(2) from exc
    if as_json:
        print_json(run.to_dict())
    else:
        synthetic_banner(instance)
        for line in show.derived_lines(run):
            console.print("[yellow]" + escape(line) + "[/]")
        console.print(rich_table(*show.station_table(run)))
        console.print(rich_table(*show.change_table(run, None if all_changes else 40)))
        if not all_changes and len(run.changes) > 40:
            console.print(say("（只列出前40项；--all-changes 或 --json 列出全部）",
                              "(first 40 shown; --all-changes or --json lists all)"))
        console.print(rich_table(*show.finding_table(run)))
        for line in show.summary_lines(run):
            console.print(escape(line))
    if not run.applicable:
        raise typer.Exit(1)


def _roster_or_bundled(instance, bundled, people, posts, party, assets, funds):
    """The roster of the given files; what no file gives comes from the bundled roster when
    the units are the bundled ones."""
    from yizhan.data.importers import ImportFailed
    from yizhan.data.importers.roster import load_roster

    base = None
    if bundled is not None:
        from yizhan.data.bundled import bundled_roster

        base = bundled_roster()
        if not any((people, posts, party, assets, funds)):
            return base
    try:
        roster, warnings = load_roster(people, posts, party=party, assets=assets, funds=funds,
                                       units=instance.codes, base=base)
    except ImportFailed as exc:
        print_problems(exc.problems)
        raise typer.Exit(2) from exc
    if warnings:
        print_problems(warnings)
    return roster


@app.command("report")
def report_command(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件 / file to write"),
    fmt: str = typer.Option("docx", "--format", "-f", help="docx|pdf|xlsx|png|svg|geojson|gpkg"),
    kind: str = typer.Option("district", "--kind", "-k", help="district|subdistrict|filing|inspection；日常工作（四）/ daily work (part 四), with --plan-in-force: tasks|window|supervision|open-affairs"),
    subdistrict: Optional[str] = typer.Option(None, "--subdistrict", "-s", help="街道名称 / subdistrict name"),
    plan: Optional[Path] = typer.Option(None, "--plan", help="方案 CSV code,station（默认：2006年正式方案）/ plan file"),
    in_force: bool = typer.Option(False, "--plan-in-force", help="网页系统数据库中的现行方案 / the web database's plan in force"),
    policy: Optional[Path] = POLICY_OPT,
    figure: str = typer.Option("map-after", "--figure", help="png/svg 的内容 / what a png or svg shows: map-after|map-before|chart-band|chart-targets|chart-frontier"),
    paper: str = typer.Option("A4", "--paper", help="地图纸张（横向）A4|A3 / map paper, landscape"),
    no_frontier: bool = typer.Option(False, "--no-frontier", help="区报告不计算规划最优前沿 / skip the frontier in the district report"),
    templates: Optional[Path] = typer.Option(None, "--templates", help="自定义 Word 模板目录 / directory of restyled templates"),
    issuer: Optional[str] = typer.Option(None, "--issuer", help="发文机关 / issuing office"),
    number: str = typer.Option("", "--number", help="发文字号 / document number"),
    date: Optional[str] = typer.Option(None, "--date", help="成文日期 YYYY-MM-DD / date (default today)"),
    copy_to: str = typer.Option("", "--copy-to", help="抄送机关，以“，”分隔 / copied to (版记)"),
    samples: Optional[Path] = typer.Option(None, "--samples", help="写出全套样例到此目录 / write the sample set to this directory"),
    station: Optional[str] = typer.Option(None, "--station", help="工作站编码（站务公开栏）/ station code (open-affairs)"),
    period_from: Optional[str] = typer.Option(None, "--from", help="期间开始 YYYY-MM-DD（日常工作文件）/ period start (part 四 documents)"),
    period_to: Optional[str] = typer.Option(None, "--to", help="期间结束 YYYY-MM-DD（含）/ period end (inclusive)"),
) -> None:
    """公文格式报告、工作簿、地图与图表 / reports: Word (GB/T 9704), PDF, Excel, maps, charts, GIS."""
    import datetime as dt

    from yizhan.core import PlanFileError, Policy, PolicyError
    from yizhan.reports import FIGURES, FORMATS, KINDS, Heading, ReportError
    from yizhan.reports.build import figures_for, report_bytes, wants_frontier, write_samples
    from yizhan.reports.documents import OPERATIONS
    from yizhan.reports.inputs import bundled_inputs, in_force_inputs, web_database

    err = Console(stderr=True)
    choices = {"--format": (fmt, FORMATS), "--kind": (kind, tuple(KINDS)),
               "--figure": (figure, FIGURES), "--paper": (paper, ("A4", "A3"))}
    for option, (value, allowed) in choices.items():
        if value not in allowed:
            raise typer.BadParameter(f"可选 / one of: {'|'.join(allowed)}", param_hint=option)
    if plan and in_force:
        raise typer.BadParameter("--plan 与 --plan-in-force 只能选一个 / give one", param_hint="--plan")
    if out is None and samples is None:
        raise typer.BadParameter("请给出 --out 文件 / give --out", param_hint="--out")
    try:
        when = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError as exc:
        raise typer.BadParameter("日期格式 YYYY-MM-DD / date as YYYY-MM-DD", param_hint="--date") from exc
    heading = Heading(**({"issuer": issuer} if issuer else {}), number=number, date=when,
                      copy_to=copy_to.strip().rstrip("。"))
    try:
        start, end = (dt.date.fromisoformat(d) if d else None for d in (period_from, period_to))
    except ValueError as exc:
        raise typer.BadParameter("日期格式 YYYY-MM-DD / date as YYYY-MM-DD", param_hint="--from/--to") from exc
    if start and end and end < start:
        raise typer.BadParameter("开始日期晚于结束日期 / the period starts after it ends", param_hint="--from")
    if kind in OPERATIONS and samples is None:
        if not in_force:
            err.print(escape(f"“{kind}”由网页系统数据库中的日常工作记录生成：请加 --plan-in-force（读取网页系统的数据库）。"
                             "没有数据库就没有这些记录，不生成估计的数字。/ "
                             f"{kind} is made from the operations records in the web database: add "
                             "--plan-in-force (reads the web app's database). Without the database "
                             "there are no such records, and no figures are invented."))
            raise typer.Exit(2)
        try:
            web_database()
            from yizhan.web.operations.records import command_line_records

            records = command_line_records(kind, heading, subdistrict=subdistrict,
                                           station=station, start=start, end=end)
            data = report_bytes(kind, fmt, records, templates=templates)
        except (ValueError, ReportError) as exc:
            err.print(escape(str(exc)))
            raise typer.Exit(2) from exc
        out.write_bytes(data)
        console.print(say(f"已写出 {out}（{len(data):,} 字节）", f"wrote {out} ({len(data):,} bytes)"))
        return
    try:
        pol = Policy.load(policy)
        inputs = in_force_inputs(heading) if in_force else bundled_inputs(plan, pol, heading)
        if samples is not None:
            write_samples(inputs, samples, subdistrict or inputs.instance.parents[0],
                          echo=lambda text: console.print(escape(text)))
            return
        figures = figures_for(inputs, kind, subdistrict,
                              frontier=not no_frontier and wants_frontier(kind, fmt, figure))
        data = report_bytes(kind, fmt, figures, figure=figure, paper=paper, templates=templates)
    except (PlanFileError, PolicyError, ValueError, ReportError) as exc:
        err.print(escape(str(exc)))
        raise typer.Exit(2) from exc
    out.write_bytes(data)
    console.print(say(f"已写出 {out}（{len(data):,} 字节）", f"wrote {out} ({len(data):,} bytes)"))


def main() -> None:  # pragma: no cover - console-script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

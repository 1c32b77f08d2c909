"""What each Word document says: the context its template is rendered with.

One function per kind of document (:data:`KINDS`); each takes the
:class:`~yizhan.reports.figures.Figures` and returns plain values (text, rows of text, charts
as PNG bytes) that :mod:`yizhan.reports.word` puts into the template. Adding a document is
adding a template and one function here. ``inspection`` (part 七's 检查验收 report) has its
slot but no template yet: it needs the rollout checklist.
"""

from __future__ import annotations

from collections import Counter

from yizhan.core.instance import FACILITY_STATUSES
from yizhan.policy.rules import CHECKED_ON_PLAN, RULES
from yizhan.reports.charts import band_chart, frontier_chart, target_chart
from yizhan.reports.errors import ReportError
from yizhan.reports.figures import Figures
from yizhan.reports.timetable import phases

__all__ = ["KINDS", "NotAvailable", "context", "cn_number"]

SYNTHETIC_NOTE = ("本报告所用居委会户数、面积、设施和人员数据为按文件统计数字校准的合成演示数据，"
                  "名称、街道与方案来自文件；正式使用时请导入本区登记数据。")
_DIGITS = "零一二三四五六七八九"


class NotAvailable(ReportError):
    """A document kind that cannot be made (yet, or from these inputs)."""


def cn_number(n: int) -> str:
    """Chinese numerals for heading numbers 1-99 (一, 十, 十一, 二十三).

    >>> [cn_number(n) for n in (1, 10, 11, 20, 23)]
    ['一', '十', '十一', '二十', '二十三']
    """
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _count(n) -> str:
    return f"{n:,}" if isinstance(n, int) else ("—" if n is None else str(n))


def _common(figures: Figures) -> dict:
    inputs = figures.inputs
    return {"heading": inputs.heading, "synthetic": bool(inputs.instance.synthetic),
            "synthetic_note": SYNTHETIC_NOTE, "area": inputs.area,
            "plan_label": inputs.plan_label}


def _baseline_sections(figures: Figures) -> list[dict]:
    titles = {"types": "社区类型", "population": "社区人口规模", "area": "社区面积规模",
              "staff": "社区队伍", "cross_appointments": "交叉任职", "facilities": "社区设施"}
    sections: dict[str, dict] = {}
    for r in figures.comparison:
        key = r["name"].split(".")[0]
        sec = sections.setdefault(key, {"title": titles[key], "article": r["article"].replace(
            "§5", "第五部分"), "rows": []})
        sec["rows"].append({"label": r["label_zh"], "document": _count(r["document"]),
                            "computed": _count(r["computed"]), "equal": "是" if r["equal"] else "否"})
    out = list(sections.values())
    for i, sec in enumerate(out, 1):
        sec["cn"], sec["table_no"] = cn_number(i), i
    return out


def _targets(figures: Figures) -> list[dict]:
    rows = []
    for t in figures.result.targets:
        share = t.rule != "R2"
        rows.append({"rule": t.rule, "article": t.article, "name": t.name,
                     "required": f"≥{t.target:.0%}" if share else f"{t.target:,}户",
                     "actual": f"{t.actual:.1%}" if share else f"{t.actual:,}户",
                     "attained": "是" if t.attained else "否"})
    return rows


def _rules(figures: Figures) -> list[dict]:
    """Every rule the checker runs on a plan, with its findings counted by severity."""
    counts = Counter((f.rule, f.severity) for f in figures.result.findings)
    return [{"rule": r.id, "article": r.article, "name": r.zh,
             **{s: counts.get((r.id, s), 0) for s in ("violation", "warning", "info")}}
            for r in RULES.values() if r.id in CHECKED_ON_PLAN]


def _frontier_rows(figures: Figures, span: int = 6) -> list[dict]:
    if figures.frontier is None:
        return []
    chosen = figures.metrics.stations
    rows = []
    for r in figures.frontier.rows:
        if abs(r["stations"] - chosen) <= span:
            rows.append({"stations": r["stations"], "band_deviation": f"{r['band_deviation']:,}",
                         **{k: r.get(f"{k}_short_at_least", "—") for k in
                            ("office", "service", "plaza")},
                         "mark": "★" if r["stations"] == chosen else ""})
    return rows


def district(figures: Figures) -> dict:
    """The district report: baseline, plan, targets and rules, frontier, map, notes."""
    m, result = figures.metrics, figures.result
    counts = result.counts()
    baseline = _baseline_sections(figures) if figures.comparison else []
    equal = sum(r["equal"] for r in figures.comparison)
    n_tables = len(baseline)
    merged = sum(1 for s in figures.stations if s["units"] > 1)
    texts = []
    for i, r in enumerate(figures.per_subdistrict, 1):
        parts = [f"{r['parent']}街道从原来{r['before']}个社区工作站整合为{r['after']}个"]
        if r["merged"]:
            parts.append("合并" + "；".join(g.replace("+", "、") for g in r["merged"]))
        if r["alone"]:
            parts.append(f"保留{'、'.join(r['alone'])}{len(r['alone'])}个社区工作站")
        texts.append({"cn": cn_number(i), "text": "，".join(parts) + "。"})
    frontier = figures.frontier
    if frontier is not None:
        at = {r["stations"]: r for r in frontier.rows}.get(m.stations)
        best = "—" if at is None else f"{at['band_deviation']:,}"
        frontier_intro = (
            f"规划程序对每一个工作站数计算了在全部硬性规则（不跨街道、地域相连）下可以达到的最小区间外户数"
            f"（规划最优前沿{'' if frontier.complete else '，部分街道未在时限内求得证明，相应站数未列出'}）。"
            f"本方案设{m.stations}个工作站，区间外户数{m.band_deviation:,}户；同样{m.stations}个站时"
            f"最小可达{best}户。表中“至少缺站”是该站数下设施目标无法避免的缺口。")
    else:
        frontier_intro = "本次未计算规划最优前沿（命令行加 --frontier 计算）。"
    ctx = {
        **_common(figures),
        "title": f"关于{figures.inputs.area}社区工作站整合推行“一站多居”体制方案的报告",
        "addressee": "区整合社区工作站推行“一站多居”体制工作领导小组",
        "intro": (f"按照实施方案的要求，现将全区社区基本情况、社区工作站整合方案（{figures.inputs.plan_label}）"
                  f"及其对照政策规则与目标的检查结果报告如下。全区{m.units}个社区居委会，"
                  f"整合前{int(m.per_parent['before'].sum())}个社区工作站，整合后{m.stations}个。"),
        "baseline_intro": (f"按登记数据统计，与实施方案第五部分的{len(figures.comparison)}项数字相比，"
                           f"一致{equal}项。" if figures.comparison else
                           "未提供人员与职务记录，无法统计社区队伍与交叉任职情况。"),
        "baseline": baseline,
        "plan_intro": (f"整合后共{m.stations}个社区工作站，其中合并设立{merged}个、保留{m.stations - merged}个；"
                       f"{'没有' if not m.crosses_parent else '有'}工作站跨街道，"
                       f"{'全部' if m.contiguous else '并非全部'}工作站地域相连。各街道情况如下表。"),
        "plan_table_no": n_tables + 1,
        "subdistricts": [{**r, "merged_text": "；".join(r["merged"]) or "—",
                          "alone_text": "、".join(r["alone"]) or "—",
                          "band_deviation_text": f"{r['band_deviation']:,}"}
                         for r in figures.per_subdistrict],
        "subdistrict_texts": texts,
        "targets_intro": (f"按政策设置检查，本方案区间内工作站{m.stations_in_band}个，"
                          f"可超标准的独立完整大社区{m.exempt_stations}个，区间外户数合计{m.band_deviation:,}户；"
                          f"办公用房达标比例{m.office_share:.1%}，服务设施{m.service_share:.1%}，"
                          f"文体广场{m.plaza_share:.1%}。"),
        "targets_table_no": n_tables + 2,
        "targets": _targets(figures),
        "findings_intro": (f"逐条检查规则，共有违反{counts['violation']}项、警告{counts['warning']}项、"
                           f"提示{counts['info']}项（明细见工作簿“检查发现”表）。"),
        "rules_table_no": n_tables + 3,
        "rules": _rules(figures),
        "band_chart": band_chart(figures),
        "target_chart": target_chart(figures),
        "frontier_intro": frontier_intro,
        "frontier_table_no": n_tables + 4,
        "frontier_rows": _frontier_rows(figures),
        "frontier_chart": frontier_chart(figures),
        "map_intro": "整合后各社区工作站的责任区域为所辖居委会区域的合并，颜色表示常住户数与标准区间的关系。",
        "notes": _notes(figures),
    }
    if figures.inputs.geometries:
        from yizhan.reports.maps import station_map

        ctx["map_after"] = station_map(figures.inputs, "after", "A4")
    return ctx


def _notes(figures: Figures) -> list[str]:
    notes = []
    if figures.inputs.instance.synthetic:
        notes.append(SYNTHETIC_NOTE)
    notes.append("户数区间、设施标准等政策设置按实施方案第二部分，见“yizhan policy show”。")
    unchecked = [r for r in RULES.values() if r.id not in CHECKED_ON_PLAN]
    if unchecked:
        notes.append("以下规则不能从方案本身检查，需在实施中落实：" + "；".join(
            f"{r.id}（{r.article}）{r.zh}" for r in unchecked) + "。")
    return notes


def _station_table(figures: Figures) -> list[dict]:
    rows = []
    for i, s in enumerate(figures.stations, 1):
        rows.append({**s, "no": i, "households": f"{s['households']:,}",
                     "office": f"{s['office_m2']:,.0f}", "service": f"{s['service_m2']:,.0f}",
                     "plaza": f"{s['plaza_m2']:,.0f}",
                     "staff": s.get("staff", "—"), "proposed_head": s.get("proposed_head") or "—",
                     "head_secretary": ("是" if s.get("proposed_head_is_secretary") else "否")
                     if s.get("proposed_head") else "—",
                     "heads_text": "、".join(s.get("heads", [])) or "—",
                     "secretaries_text": "、".join(s.get("secretaries", [])) or "—"})
    return rows


def subdistrict(figures: Figures) -> dict:
    """A subdistrict's implementation plan: stations, staff and heads, party organisations,
    assets (the committees' facilities), timetable, the check's findings."""
    inputs = figures.inputs
    name = inputs.instance.parents[0] if len(inputs.instance.parents) == 1 else inputs.area
    m = figures.metrics
    stations = _station_table(figures)
    staff = sum(s.get("staff", 0) for s in figures.stations)
    statuses = {k: zh for k, (zh, _) in FACILITY_STATUSES.items()}
    units = inputs.instance.units
    station_of = inputs.plan.assignment
    assets = [{"name": r["name"], "station": station_of.get(code, "—"),
               "office": f"{r['office_m2']:,.0f}", "service": f"{r['service_m2']:,.0f}",
               "plaza": f"{r['plaza_m2']:,.0f}",
               **{f"{k}_status": statuses.get(r[f"{k}_status"], "—")
                  for k in ("office", "service", "plaza")}}
              for code, r in units.iterrows()]
    kinds = Counter(s["party_label"] for s in figures.stations)
    findings = [f"{f.rule}（{f.article}）{f.message}" for f in figures.result.findings
                if f.severity != "info"]
    return {
        **_common(figures),
        "title": f"{name}街道整合社区工作站推行“一站多居”体制实施方案",
        "intro": (f"根据区实施方案（{inputs.plan_label}），本街道{m.units}个社区居委会保持不变，"
                  f"社区工作站由{int(m.per_parent['before'].sum())}个整合为{m.stations}个。具体方案如下。"),
        "stations_intro": (f"整合后各工作站所辖居委会、常住户数与设施如下表；区间外户数合计{m.band_deviation:,}户。"),
        "stations": stations,
        "staff_intro": (f"整合前后本街道社区工作站属员额管理的工作人员总量保持不变（{staff}人），待遇与经费不变，"
                        "由街道办事处调整安排（第二部分（五））。每站只设站长1名，不设副站长；"
                        "社区党组织书记兼任工作站站长（第二部分（七））。拟任站长为所辖居委会原站长中兼任党组织书记者，"
                        "最终人选由街道办事处确定后报备。") if inputs.posts is not None else
                       "未提供人员与职务记录，人员配备待补充。",
        "party_intro": ("社区党组织与工作站同步调整，小调整、大稳定、支部基本不动；合并后符合条件的改设总支或党委"
                        f"（第二部分（六））。整合后设{'、'.join(f'{k}{v}个' for k, v in kinds.items())}。"),
        "assets_intro": ("整合期间对原社区工作站和社区居委会的资产进行产权清理，属国有资产的产权划归区政府所有"
                         "（第二部分（八））。下表为登记的各居委会设施面积与达标情况，作为清理的依据。"),
        "assets": assets,
        "timetable_intro": "按区实施方案第七部分的步骤推进：",
        "timetable": [{"name": p["name"], "dates": f"{p['start'].month}月{p['start'].day}日至"
                       f"{p['end'].month}月{p['end'].day}日", "work": p["work"]} for p in phases()],
        "findings_intro": (f"按政策规则检查本街道方案：违反{figures.result.counts()['violation']}项、"
                           f"警告{figures.result.counts()['warning']}项" +
                           ("，需说明或调整的事项如下：" if findings else "。")),
        "findings": findings,
    }


def filing(figures: Figures) -> dict:
    """The filing form (备案表) of the station heads and party organisations (§2(7))."""
    inputs = figures.inputs
    scope = inputs.instance.parents[0] + "街道" if len(inputs.instance.parents) == 1 \
        else inputs.area
    return {
        **_common(figures),
        "title": f"{scope}社区工作站站长任职及社区党组织设置备案表",
        "intro": (f"根据{inputs.plan_label}，整合后社区工作站{figures.metrics.stations}个。"
                  "站长人选与党组织设置如下，请予备案。"),
        "stations": _station_table(figures),
        "filed_with": "备案机关：区委组织部、区人事局、区民政局（实施方案第二部分（七））。",
    }


def inspection(figures: Figures) -> dict:
    raise NotAvailable("检查验收报告（实施方案第七部分（三））的模板尚未提供：它依据实施进度模块的检查清单，"
                       "该模块完成后补充 / the inspection report needs the rollout checklist; "
                       "its template is not there yet")


#: kind → (template file, context function, needs one subdistrict)
KINDS = {"district": ("district.docx", district, False),
         "subdistrict": ("subdistrict.docx", subdistrict, True),
         "filing": ("filing.docx", filing, False),
         "inspection": (None, inspection, False)}


def context(kind: str, figures: Figures) -> dict:
    return KINDS[kind][1](figures)

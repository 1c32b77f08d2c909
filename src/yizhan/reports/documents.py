"""What each Word document says: the context its template is rendered with.

One function per kind of document (:data:`KINDS`); each takes the
:class:`~yizhan.reports.figures.Figures` and returns plain values (text, rows of text, charts
as PNG bytes) that :mod:`yizhan.reports.word` puts into the template. Adding a document is
adding a template and one function here; the documents of part 四 (the stations' daily work)
are laid out by :mod:`yizhan.reports.operations` from the web database's records and registered
in :data:`KINDS` beside these.
"""

from __future__ import annotations

from collections import Counter

from yizhan.core.instance import FACILITY_STATUSES
from yizhan.policy.rules import CHECKED_ON_PLAN, RULES
from yizhan.reports.charts import band_chart, frontier_chart, target_chart
from yizhan.reports.errors import ReportError
from yizhan.reports.operations import KINDS as OPERATIONS_KINDS
from yizhan.reports.figures import Figures
from yizhan.reports.records import HIDDEN_NOTE, date_text
from yizhan.reports.timetable import records_for, timetable

__all__ = ["KINDS", "OPERATIONS", "NotAvailable", "context", "cn_number"]

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


def _yuan(fen: int) -> str:
    """An amount in fen as yuan: 1,234.50."""
    return f"{fen // 100:,}.{fen % 100:02d}"


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
            band = f"{r['band_deviation']:,}"
            if r.get("status", "optimal") != "optimal":  # the work limit left it unproven
                band += f"（未证明，至少{r['band_bound']:,}）"
            rows.append({"stations": r["stations"], "band_deviation": band,
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
        best = "—户" if at is None else f"{at['band_deviation']:,}户"
        if at is not None and at.get("status", "optimal") != "optimal":
            best += f"（时限内未证明为最小，至少{at['band_bound']:,}户）"
        frontier_intro = (
            f"规划程序对每一个工作站数计算了在全部硬性规则（不跨街道、地域相连）下可以达到的最小区间外户数"
            f"（规划最优前沿{'' if frontier.complete else '，部分站数未在时限内求得证明，表中注明'}）。"
            f"本方案设{m.stations}个工作站，区间外户数{m.band_deviation:,}户；同样{m.stations}个站时"
            f"最小可达{best}。表中“至少缺站”是该站数下设施目标无法避免的缺口。")
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
    plan_timetable = timetable(inputs)
    records = records_for(inputs)
    recorded_assets = [{**a, "no": i, "value": _yuan(a["value_fen"]),
                        "state_owned_text": "是" if a["state_owned"] else "否",
                        "cleared_text": "是" if a["cleared"] else "否",
                        "clearance_text": (f"{a['clearance']['status_label']}"
                                           + (f"（{a['clearance']['destination']}）"
                                              if a["clearance"]["destination"] else ""))
                        if a["clearance"] else "—"}
                       for i, a in enumerate(records.assets, 1)]
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
        "timetable_intro": plan_timetable["note"],
        "timetable": plan_timetable["phases"],
        "tasks": plan_timetable["tasks"],
        "recorded_assets": recorded_assets,
        "assets_table_no": 5,
        "phases_table_no": 6 if recorded_assets else 5,
        "tasks_table_no": 7 if recorded_assets else 6,
        "recorded_assets_intro": (
            f"登记的资产{len(recorded_assets)}项，价值合计{_yuan(sum(a['value_fen'] for a in records.assets))}元，"
            f"其中国有资产{sum(1 for a in records.assets if a['state_owned'])}项；"
            + (f"已列入整合实施的资产清理清单{sum(1 for a in records.assets if a['clearance'])}项。"
               if any(a["clearance"] for a in records.assets) else "尚未列入资产清理清单。"))
        if recorded_assets else "",
        "findings_intro": (f"按政策规则检查本街道方案：违反{figures.result.counts()['violation']}项、"
                           f"警告{figures.result.counts()['warning']}项" +
                           ("，需说明或调整的事项如下：" if findings else "。")),
        "findings": findings,
    }


def filing(figures: Figures) -> dict:
    """The filing form (备案表) of the station heads and party organisations (§2(7), §2(6)):
    the rollout's appointment and party-organisation filing records when there are any, else
    the proposal from the posts (heads who are party secretaries, the R9 kind)."""
    inputs = figures.inputs
    scope = inputs.instance.parents[0] + "街道" if len(inputs.instance.parents) == 1 \
        else inputs.area
    records = records_for(inputs)
    recorded = records.filings is not None or records.party_filings is not None
    appointments = [{**r, "no": i} for i, r in enumerate(records.filings or [], 1)]
    party = [{**r, "no": i} for i, r in enumerate(records.party_filings or [], 1)]
    if recorded:
        heads = {r["station"] for r in appointments if r["post_label"] == "站长"}
        without = [s["station"] for s in figures.stations if s["station"] not in heads]
        intro = (f"根据{inputs.plan_label}，整合后社区工作站{figures.metrics.stations}个。下表为系统中登记的"
                 f"任职{len(appointments)}项及其备案、社区党组织设置审批{len(party)}项及其备案，请予备案。")
        if without:
            intro += f"尚有{len(without)}个工作站未登记站长任职：{'、'.join(without)}。"
    else:
        intro = (f"根据{inputs.plan_label}，整合后社区工作站{figures.metrics.stations}个。"
                 "系统中尚无任职与党组织设置的备案记录，以下为按现任职务提出的站长人选与党组织设置，请予备案。")
    return {
        **_common(figures),
        "title": f"{scope}社区工作站站长任职及社区党组织设置备案表",
        "intro": intro, "recorded": recorded,
        "appointments": appointments, "party": party,
        "stations": _station_table(figures),
        "filed_with": "备案机关：区委组织部、区人事局、区民政局（实施方案第二部分（七））。",
    }


def _when(t) -> str:
    return f"{date_text(t)} {t:%H:%M}" if t is not None else "—"


def _inspection_section(i: int, insp: dict, figures: Figures, records,
                        first_table: int) -> dict:
    """One subdistrict's inspection: the checklist with each result and its record, the
    facility figures of the check for its stations, waivers, signatures."""
    items = []
    for n, item in enumerate(insp["items"], 1):
        log = [f"{_when(t['time'])} {t['user_name']} {t['action_label']}"
                   + (f"：{t['reason']}" if t["reason"] else "") for t in item["log"]]
        items.append({**item, "no": n, "record": "；".join(log) or "—",
                      "result_text": item["result_label"] if records.recorded else ""})
    counts = Counter(item["result"] for item in insp["items"])
    waivers = [{"title": item["title"], "reason": t["reason"], "by": t["user_name"],
                "when": _when(t["time"])}
               for item in insp["items"] for t in item["log"] if t["action"] == "waive"
               and item["result"] == "waived"]
    signatures = [{"action": t["action_label"], "by": t["user_name"], "when": _when(t["time"]),
                   "reason": t["reason"] or "—"} for t in insp["signatures"]]
    stations = [s for s in figures.stations if s["parent"] == insp["subdistrict"]]
    recorded = records.recorded
    yes = {True: "是", False: "否"}
    station_rows = [{"station": s["station"], "label": s["label"],
                     "office": f"{s['office_m2']:,.0f}", "office_ok": yes[s["office_ok"]],
                     "service": f"{s['service_m2']:,.0f}", "service_ok": yes[s["service_ok"]],
                     "plaza": f"{s['plaza_m2']:,.0f}", "plaza_ok": yes[s["plaza_ok"]],
                     "party_label": s["party_label"]} for s in stations]
    ok = {k: sum(s[f"{k}_ok"] for s in stations) for k in ("office", "service", "plaza")}
    if not recorded:
        summary = ("系统中尚无检查记录" if records.note != HIDDEN_NOTE else "下载者的角色不能查看检查记录") \
            + "：下表为实施方案七、（三）规定的检查项，结果栏供检查时填写。"
    else:
        summary = (f"检查表{len(insp['items'])}项：合格{counts['passed']}项，不合格{counts['failed']}项，"
                   f"不合格经豁免{counts['waived']}项，待检查{counts['pending']}项。当前状态：{insp['status_label']}。")
        if insp["status"] == "accepted":
            summary += "已通过区领导小组验收。"
        elif insp["status"] == "signed":
            summary += ("检查表已签署，待区领导小组验收。" if not counts["failed"] else
                        "检查表已签署；有不合格且未豁免的检查项，不能验收（七、（三））。")
    facilities = (f"按登记数据检查本街道整合后{len(stations)}个工作站：办公用房达到200平方米的{ok['office']}个，"
                  f"服务设施达到900平方米的{ok['service']}个，户外文体广场达到1000平方米的{ok['plaza']}个"
                  f"（数字与“yizhan check”相同，依据：{figures.inputs.plan_label}）。") if stations else \
        "本街道在所依据的方案中没有工作站，无法列出设施情况。"
    return {"cn": cn_number(i), "subdistrict": insp["subdistrict"], "summary": summary,
            "checklist": items, "items_table_no": first_table,
            "facilities_intro": facilities, "stations": station_rows,
            "stations_table_no": first_table + 1,
            "waivers": waivers, "signatures": signatures,
            "waivers_text": "" if waivers else "无豁免事项。",
            "signatures_text": "" if signatures else "检查表尚未签署。"}


def inspection(figures: Figures) -> dict:
    """The inspection report (七、（三））: per subdistrict the checklist with its results,
    records and waivers, the signatures, and the facility figures the check computes."""
    inputs = figures.inputs
    records = records_for(inputs)
    parents = set(inputs.instance.parents)
    found = [i for i in records.inspections if i["subdistrict"] in parents]
    if not found:
        raise NotAvailable("没有检查验收记录：请先在“改革组织”中为街道开始工作（生成检查表）/ "
                           "no inspection recorded for this scope")
    scope = inputs.instance.parents[0] + "街道" if len(inputs.instance.parents) == 1 \
        else inputs.area
    sections = [_inspection_section(n, insp, figures, records, 2 * n - 1)
                for n, insp in enumerate(found, 1)]
    accepted = sum(1 for i in found if i["status"] == "accepted")
    intro = (f"根据{records.document or '区实施方案'}第七部分（三），对{scope}整合社区工作站工作进行了检查："
             "组织实施情况，整合后社区办公用房、社区服务设施、户外广场的落实情况，整合后社区党组织、"
             "社区工作站、社区居委会等建章立制情况。")
    if records.recorded:
        intro += f"共{len(found)}个街道，已通过验收{accepted}个。现将检查验收情况报告如下。"
    return {**_common(figures),
            "title": f"关于{scope}整合社区工作站工作检查验收情况的报告",
            "addressee": "区整合社区工作站推行“一站多居”体制工作领导小组",
            "intro": intro, "recorded": records.recorded, "sections": sections}


#: kind → (template file, context function, needs one subdistrict); the operations documents'
#: functions take an :class:`~yizhan.reports.operations.OperationsRecords` instead of figures
KINDS = {"district": ("district.docx", district, False),
         "subdistrict": ("subdistrict.docx", subdistrict, True),
         "filing": ("filing.docx", filing, False),
         "inspection": ("inspection.docx", inspection, False),
         **OPERATIONS_KINDS}
#: the kinds made from the web database's operations records (part 四), not from a plan
OPERATIONS = frozenset(OPERATIONS_KINDS)


def context(kind: str, source) -> dict:
    """The template values of ``kind`` from its source (figures, or operations records)."""
    return KINDS[kind][1](source)

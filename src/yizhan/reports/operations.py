"""The documents of the stations' daily work (the 2006 document's part 四), from the web
database's operations records.

=============  ========  ===========================================================
kind           part      document
=============  ========  ===========================================================
tasks          四、（一）  社区工作站工作事项准入审批表: approved tasks with their funding
                         (费随事转), the requests not approved, each station's ledger
window         四、（二）  “一站式”服务窗口运行情况报告 for a period: tickets by station and
                         by kind, time to close, overdue, every fee in the catalogue
supervision    四、（三）  社区居委会监督社区工作站情况报告: items raised, answered, sent
                         back, overdue; the yearly assessment forms per station
open-affairs   四、（四）  站务公开栏 of one station, for the notice board
=============  ========  ===========================================================

Each is one template (``templates/<kind>.docx``), one reader in the web app
(:data:`yizhan.web.operations.records.READERS`, which runs the queries the operations pages
and API run, through the reading user's scope) and one context function here. The reader
returns an :class:`OperationsRecords` of plain values; this module never touches Django.
Amounts are in 分 and shown in 元.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from yizhan.policy.service import yuan
from yizhan.reports.inputs import Heading
from yizhan.reports.records import date_text

__all__ = ["OperationsRecords", "KINDS", "PARTS", "SYNTHETIC_NOTE"]

#: a document made on a registry marked synthetic says so (every operations record of such a
#: database was entered on demonstration data)
SYNTHETIC_NOTE = ("本系统的居委会与工作站登记数据为按文件统计数字校准的合成演示数据，本文所列业务记录"
                  "是在该演示系统中录入的，不是实际工作记录。")
#: kind → the article of part 四 it reports on
PARTS = {"tasks": "四、（一）", "window": "四、（二）", "supervision": "四、（三）",
         "open-affairs": "四、（四）"}
#: who issues a document when ``--issuer`` does not say: the approval form is the
#: community-building committee's (四、（一）), the reports go from the civil-affairs bureau,
#: which guides the stations' work (四), to that committee; the notice board is the station's
ISSUERS = {"tasks": "区社区建设工作委员会办公室", "window": "区民政局", "supervision": "区民政局"}


@dataclass
class OperationsRecords:
    """What one operations document shows, read through one user's scope.

    ``scope``: whose records (全区, 黄贝街道, a station, a department); ``start``/``end``: the
    period (None: all); ``read_at``: when the database was read (local time); ``data``: the
    kind's values as its reader documents them.
    """

    kind: str
    scope: str
    heading: Heading = field(default_factory=Heading)
    synthetic: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    read_at: dt.datetime | None = None
    data: dict = field(default_factory=dict)

    @property
    def period_text(self) -> str:
        if self.start is None and self.end is None:
            return "截至" + _when(self.read_at)
        return (f"{date_text(self.start) if self.start else '开始'}至"
                f"{date_text(self.end) if self.end else date_text(self.read_at)}")


def _when(t) -> str:
    return f"{date_text(t)} {t:%H:%M}" if t is not None else "—"


def _hours(h) -> str:
    return "—" if h is None else f"{h:.1f}"


def _heading(records: OperationsRecords, issuer: str | None = None) -> Heading:
    """The document's heading: the issuer given (``--issuer``), else the kind's own."""
    h = records.heading
    if h.issuer != Heading().issuer:
        return h
    return Heading(issuer=issuer or ISSUERS[records.kind], number=h.number, date=h.date)


def _common(records: OperationsRecords) -> dict:
    return {"heading": _heading(records) if records.kind in ISSUERS else records.heading,
            "synthetic": records.synthetic,
            "synthetic_note": SYNTHETIC_NOTE, "scope": records.scope,
            "period": records.period_text, "part": PARTS[records.kind],
            "read_at": _when(records.read_at)}


# ---------------------------------------------------------------------- 四、（一）
def tasks(records: OperationsRecords) -> dict:
    """四、（一）: the approved tasks with funding, source and period; the requests refused or
    still waiting (when the reader may see requests); per station and task the funding
    received, spent and the balance; the temporary tasks whose funding has not all arrived
    at the stations of the document (a request's funding is for all its stations).

    ``data``: ``approved`` [{request, department, title, kind_label, temporary, stations,
    station_count, start, end, funding_fen, funding_source, conditions, decided_by,
    decided_at}] (``stations``: those in the reader's scope, ``station_count``: all),
    ``refused`` [{department, title, kind_label, reason, decided_by, decided_at}] or None
    (the reader may not see requests), ``waiting`` (count or None), ``ledger`` [{request,
    station, title, kind_label, received_fen, spent_fen, balance_fen}] per station task.
    """
    d = records.data
    short = {"kind_label": lambda r: r["kind_label"].removesuffix("任务")}  # 临时性 / 常规性
    d = {**d, **{k: [{**r, "kind_label": short["kind_label"](r)} for r in d[k] or []]
                 if d[k] is not None else None for k in ("approved", "refused", "ledger")}}
    received: dict[int, int] = {}
    for r in d["ledger"]:
        received[r["request"]] = received.get(r["request"], 0) + r["received_fen"]
    approved = [{**r, "no": i, "stations_text": "、".join(r["stations"]) + (
                    f"（另有{r['station_count'] - len(r['stations'])}个工作站不在本表范围）"
                    if r["station_count"] > len(r["stations"]) else ""),
                 "dates": f"{date_text(r['start'])}至{date_text(r['end'])}",
                 "funding": yuan(r["funding_fen"]) if r["funding_fen"] else "—",
                 "source": r["funding_source"] or "—",
                 "decision": f"{r['decided_by'] or '—'} {date_text(r['decided_at'])}"}
                for i, r in enumerate(d["approved"], 1)]
    refused = [{**r, "no": i, "decision": f"{r['decided_by'] or '—'} {date_text(r['decided_at'])}"}
               for i, r in enumerate(d["refused"] or [], 1)]
    stations: dict[str, dict] = {}
    for r in d["ledger"]:
        s = stations.setdefault(r["station"], {"station": r["station"], "tasks": 0,
                                               **{k: 0 for k in _MONEY}})
        s["tasks"] += 1
        for k in _MONEY:
            s[k] += r[k]
    total = {k: sum(s[k] for s in stations.values()) for k in _MONEY}
    ledger = [{**r, **{k.replace("_fen", ""): yuan(r[k]) for k in _MONEY}}
              for r in d["ledger"]]
    per_station = [{**s, **{k.replace("_fen", ""): yuan(s[k]) for k in _MONEY}}
                   for s in stations.values()]
    unfunded = [{**r, "funding": yuan(r["funding_fen"]),
                 "received": yuan(received.get(r["request"], 0)),
                 "missing": yuan(r["funding_fen"] - received.get(r["request"], 0)),
                 "partial": "否" if r["station_count"] > len(r["stations"]) else "是"}
                for r in d["approved"]
                if r["temporary"] and received.get(r["request"], 0) < r["funding_fen"]]
    temporary = sum(1 for r in d["approved"] if r["temporary"])
    intro = (f"根据区实施方案四、（一），政府工作部门要求社区工作站协助或承办的工作事项，须经区社区建设工作委员会"
             f"审核批准；临时性、非常规性工作实行“费随事转”。{records.period_text}，{records.scope}经批准由社区工作站"
             f"承办的工作事项{len(approved)}项（其中临时性{temporary}项），配套经费合计"
             f"{yuan(sum(r['funding_fen'] for r in d['approved']))}元。")
    show_refused = d["refused"] is not None
    if show_refused:
        intro += f"不予批准{len(refused)}项；待审批{d['waiting']}项。"
    funding = (f"各工作站承接的工作事项{len(ledger)}项次，经费到账{yuan(total['received_fen'])}元，"
               f"支出{yuan(total['spent_fen'])}元，结余{yuan(total['balance_fen'])}元（数字与工作站经费台账相同）。")
    numbers = _numbers(["approved"] + (["refused"] if show_refused else [])
                       + ["stations", "ledger"] + (["unfunded"] if unfunded else []))
    if unfunded:
        funding += (f"临时性工作事项中有{len(unfunded)}项的配套经费尚未全部拨付到工作站（费随事转：先到账，后支出），"
                    f"见表{numbers['unfunded']}。")
    elif temporary:
        funding += "临时性工作事项的配套经费均已拨付到工作站。"
    return {**_common(records),
            "title": f"{records.scope}社区工作站工作事项准入审批表",
            "intro": intro, "approved": approved,
            "show_refused": show_refused, "refused": refused, "t": numbers,
            "refused_text": "" if refused else "无不予批准的事项。",
            "funding_intro": funding, "ledger": ledger, "per_station": per_station,
            "unfunded": unfunded,
            "filed_with": "审批机关：区社区建设工作委员会（实施方案四、（一））。"}


_MONEY = ("received_fen", "spent_fen", "balance_fen")


def _numbers(tables: list[str]) -> dict[str, int]:
    """The tables a document shows, numbered in order (表1, 表2, …)."""
    return {name: n for n, name in enumerate(tables, 1)}


# ---------------------------------------------------------------------- 四、（二）
def window(records: OperationsRecords) -> dict:
    """四、（二）: the window's tickets received in the period — per station (volume, done,
    referred, open, overdue, mean and median hours to close, as the statistics page), per
    service kind — and every fee of the catalogue (the document: no fee unless a law or
    regulation provides for one, so each fee is listed with its basis for review), the
    services the government buys.

    ``data``: ``stations`` [{station, total, open, done, referred, overdue, mean_hours,
    median_hours}], ``kinds`` [{kind_label, total, done, referred, open}], ``items`` (count of
    catalogue items in service), ``fees`` [{station, name, fee_fen, fee_basis, tickets,
    active}] (items in service, or used by the period's tickets),
    ``purchased`` [{station, name, provider, contract, start, end, cost_fen}].
    """
    d = records.data
    rows = [{**s, "mean": _hours(s["mean_hours"]), "median": _hours(s["median_hours"])}
            for s in d["stations"]]
    total = {k: sum(s[k] for s in d["stations"]) for k in ("total", "open", "done",
                                                            "referred", "overdue")}
    closed = total["done"] + total["referred"]
    intro = (f"根据区实施方案四、（二），社区工作站开设“一站式”服务窗口，为社区居民提供各种便利和服务；除法律法规另有"
             f"规定外，不得收取任何费用。现将{records.scope}{records.period_text}服务窗口运行情况报告如下。")
    volume = (f"共受理办件{total['total']}件，办结{total['done']}件，转办{total['referred']}件，"
              f"仍在办理{total['open']}件；超过办结时限的{total['overdue']}件"
              f"（在办已超时限或超时限办结）。" if total["total"] else "本期间没有受理办件。")
    if closed:
        volume += "各站平均办结时长见表1（自受理至办结或转办，小时）。"
    fees = [{**f, "no": i, "fee": yuan(f["fee_fen"]),
             "name": f["name"] if f["active"] else f"{f['name']}（已停办）"}
            for i, f in enumerate(d["fees"], 1)]
    if fees:
        charge = (f"服务目录中对外办理的事项{d['items']}项，其中收费事项{len(fees)}项（表3）。按实施方案四、（二），"
                  "除法律法规另有规定外不得收取任何费用：每项收费均列出其登记的法律法规依据，请逐项核查；"
                  "依据不能成立的，应停止收费。")
    else:
        charge = (f"服务目录中对外办理的事项{d['items']}项，全部免费，未登记任何收费。" if d["items"]
                  else "服务目录中没有对外办理的事项。")
    charge += "（办件本身不记录收费金额，收费以服务目录登记的收费标准为准。）"
    purchased = [{**p, "no": i, "cost": yuan(p["cost_fen"]) if p["cost_fen"] is not None else "—",
                  "dates": f"{date_text(p['start'])}至{date_text(p['end'])}"}
                 for i, p in enumerate(d["purchased"], 1)]
    numbers = _numbers(["stations", "kinds"] + (["fees"] if fees else [])
                       + (["purchased"] if purchased else []))
    if fees:
        charge = charge.replace("（表3）", f"（表{numbers['fees']}）")
    return {**_common(records), "t": numbers,
            "title": f"关于{records.scope}社区工作站“一站式”服务窗口运行情况的报告",
            "addressee": "区社区建设工作委员会",
            "intro": intro, "volume_intro": volume, "stations": rows,
            "total": {**total, "station": "合计"}, "kinds": d["kinds"],
            "charge_intro": charge, "fees": fees, "purchased": purchased,
            "purchased_text": "" if purchased else "本期间服务目录中没有政府购买服务事项。",
            "timeliness": (f"超过办结时限的办件{total['overdue']}件，占受理总数的"
                           f"{total['overdue'] / total['total']:.1%}。" if total["total"]
                           else "本期间没有受理办件，无时效情况可报。")}


# ---------------------------------------------------------------------- 四、（三）
def supervision(records: OperationsRecords) -> dict:
    """四、（三）: per station the items its committees raised in the period (opinions,
    assessments), answered, waiting, overdue, and the answers sent back; the overdue items by
    name; the yearly assessment forms per station and year with the overall ratings and the
    aspects rated unsatisfied.

    ``data``: ``stations`` [{station, raised, opinions, assessments, answered, waiting,
    overdue, returned}], ``overdue`` [{station, committee, title, submitted, deadline}],
    ``forms`` [{station, year, forms, satisfied, basic, unsatisfied, weak}] (``weak``: the
    aspects some form rated 不满意, with how many).
    """
    d = records.data
    total = {k: sum(s[k] for s in d["stations"]) for k in
             ("raised", "opinions", "assessments", "answered", "waiting", "overdue", "returned")}
    intro = (f"根据区实施方案四、（三），社区工作站应接受社区居委会的监督，听取社区居委会的意见和建议。"
             f"现将{records.scope}{records.period_text}社区居委会监督社区工作站的情况报告如下。")
    items = (f"各社区居委会提出事项{total['raised']}项（意见建议{total['opinions']}项、评议{total['assessments']}项），"
             f"工作站已答复{total['answered']}项，待答复{total['waiting']}项，其中超过答复期限{total['overdue']}项；"
             f"居委会对答复不满意退回{total['returned']}次。" if total["raised"] else "本期间社区居委会没有提出监督事项。")
    forms = [{**f, "weak_text": f["weak"] or "—"} for f in d["forms"]]
    unsatisfied = sum(f["unsatisfied"] for f in d["forms"])
    forms_intro = (f"年度评议表{sum(f['forms'] for f in d['forms'])}份：总体评价满意"
                   f"{sum(f['satisfied'] for f in d['forms'])}份、基本满意{sum(f['basic'] for f in d['forms'])}份、"
                   f"不满意{unsatisfied}份。" if forms else "本期间没有填写年度评议表。")
    numbers = _numbers(["stations"] + (["overdue"] if d["overdue"] else [])
                       + (["forms"] if forms else []))
    return {**_common(records), "t": numbers,
            "title": f"关于{records.scope}社区居委会监督社区工作站情况的报告",
            "addressee": "区社区建设工作委员会",
            "intro": intro, "items_intro": items, "stations": d["stations"],
            "total": {**total, "station": "合计"},
            "overdue": [{**r, "no": i, "submitted_text": date_text(r["submitted"]),
                         "deadline_text": date_text(r["deadline"])}
                        for i, r in enumerate(d["overdue"], 1)],
            "overdue_text": "" if d["overdue"] else "没有超过答复期限未答复的事项。",
            "forms_intro": forms_intro, "forms": forms}


# ---------------------------------------------------------------------- 四、（四）
def open_affairs(records: OperationsRecords) -> dict:
    """四、（四）: one station's notice board — how to get a service, the catalogue with time
    limits and fees, purchased services, the window's figures, the approved tasks with their
    funding and spending, the committees served, the staff (name and post), the internal
    rules in force. The public page's data (/open/<code>/), nothing personal.

    ``data``: ``station``, ``code``, ``subdistrict``, ``catalogue`` [{name, kind_label,
    time_limit_days, fee_fen, fee_basis, legal_basis, purchased}], ``purchased`` [{name,
    provider, contract, start, end, cost_fen}], ``stats`` ({total, done, referred, open,
    overdue, mean_hours} or None), ``tasks`` [{title, department, kind_label, start, end,
    status_label, funding_fen, received_fen, spent_fen, balance_fen}], ``committees`` [name],
    ``staff`` [(name, post)], ``rules`` [{kind_label, title, adopted}], ``url`` (the public
    page's path).
    """
    d = records.data
    s = d["stats"] or {"total": 0, "done": 0, "referred": 0, "open": 0, "overdue": 0,
                       "mean_hours": None}
    catalogue = [{**c, "no": i, "limit": "当日办结" if not c["time_limit_days"]
                  else f"{c['time_limit_days']}天",
                  "fee": "免费" if not c["fee_fen"] else f"{yuan(c['fee_fen'])}元（{c['fee_basis']}）",
                  "basis": c["legal_basis"] or "—",
                  "how": "政府购买服务" if c["purchased"] else "工作站办理"}
                 for i, c in enumerate(d["catalogue"], 1)]
    tasks_rows = [{**t, "no": i, "dates": f"{date_text(t['start'])}至{date_text(t['end'])}",
                   **{k.replace("_fen", ""): yuan(t[k]) for k in ("funding_fen", *_MONEY)}}
                  for i, t in enumerate(d["tasks"], 1)]
    heading = _heading(records, d["station"])  # the notice is the station's own
    free = all(not c["fee_fen"] for c in d["catalogue"])
    return {**_common(records), "heading": heading,
            "title": f"{d['station']}站务公开栏",
            "intro": (f"根据区实施方案四、（四）和本站站务公开制度，现将本站服务事项、办事时限、收费、办件情况、"
                      f"承接的工作事项及经费、人员和制度公开如下（{records.period_text}），欢迎居民监督。"),
            "station": d["station"], "subdistrict": d["subdistrict"],
            "catalogue": catalogue,
            "fee_text": ("本站所有服务事项均免费。" if free else
                         "除下表注明法律法规依据的收费外，本站办理事项一律免费（实施方案四、（二））。"),
            "purchased": [{**p, "cost": yuan(p["cost_fen"]) if p["cost_fen"] is not None else "—",
                           "dates": f"{date_text(p['start'])}至{date_text(p['end'])}"}
                          for p in d["purchased"]],
            "stats_text": (f"本站共受理办件{s['total']}件，办结{s['done']}件，转办{s['referred']}件，在办"
                           f"{s['open']}件，超过办结时限{s['overdue']}件；平均办结时长{_hours(s['mean_hours'])}"
                           "小时。" if s["total"] else "本站尚未受理办件。"),
            "tasks": tasks_rows,
            "tasks_text": "" if tasks_rows else "本站目前没有经批准承接的工作事项。",
            "committees_text": "、".join(d["committees"]) or "—",
            "staff": [{"name": n, "post": p} for n, p in d["staff"]],
            "staff_text": "" if d["staff"] else "本站尚未登记工作人员。",
            "rules": [{**r, "adopted_text": date_text(r["adopted"])} for r in d["rules"]],
            "rules_text": "" if d["rules"] else "本站尚未登记内部管理制度。",
            "contact": (f"网上办事与查询：本系统“站务公开”页面（路径 {d['url']}），可网上提交办事请求，凭查询编号查询办理进度。"
                        "对本站工作的意见和建议，可向所在社区居委会反映。")}


#: kind → (template file, context function, needs one subdistrict): registered beside the
#: documents of :mod:`yizhan.reports.documents`
KINDS = {"tasks": ("tasks.docx", tasks, False),
         "window": ("window.docx", window, False),
         "supervision": ("supervision.docx", supervision, False),
         "open-affairs": ("open-affairs.docx", open_affairs, False)}

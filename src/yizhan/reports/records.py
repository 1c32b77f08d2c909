"""What the carrying-out of the reform has recorded, as plain values a report lays out.

The timetable (part 七's phases and each subdistrict's task list), the inspection checklist of
七、（三） with its results, waivers and signatures, the registry's assets with the rollout's
clearance list (§2(8)), and the filing records of appointments and party organisations (§2(7))
live in the web database. :func:`yizhan.web.reform.records.report_records` reads them (through
the user's scope on a web download, all of them on the command line) into
:class:`ReformRecords`; the reports never touch Django.

Without a reform in the database the documents use the 2006 document's own timetable and
checklist (:func:`document_defaults`) and say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

__all__ = ["ReformRecords", "document_defaults", "DEFAULTS_NOTE", "HIDDEN_NOTE"]

#: what a document says when its timetable is the 2006 document's, not recorded dates
DEFAULTS_NOTE = "系统中尚无改革实施记录，以下为区实施方案第七部分原定的步骤和日期。"
#: … and when records exist but the reader's role may not see them
HIDDEN_NOTE = "下载者的角色不能查看改革实施记录，以下为区实施方案第七部分原定的步骤和日期。"


@dataclass
class ReformRecords:
    """Records of one reform (plain dicts; every date a :class:`datetime.date`).

    ``phases``: number, name, article, start, end, description.
    ``tasks``: subdistrict, phase (number), title, article, deadline, owner, status, status_label.
    ``inspections``: subdistrict, status, status_label, items (key, title, article, result,
    result_label, note, log: [action_label, user_name, time, reason]), signatures
    (action, action_label, user_name, time, reason).
    ``assets``: subdistrict, owner, description, value_fen, state_owned, status_label, cleared,
    clearance (status_label, destination, owner_class) or None.
    ``filings``: None when the database has no filing records (the form then proposes from
    the posts); else one row per appointment (rollout C, §2(7)): subdistrict, station,
    post_label, person, effective, status_label, filed (bodies with date and number), missing.
    ``party_filings``: the party organisations' approvals and filings (rollout D, §2(6)):
    subdistrict, station, name, kind_label, members, approved, filed, status_label.
    """

    name: str = ""
    document: str = ""
    status_label: str = ""
    recorded: bool = True          # False: the document's defaults, nothing recorded
    #: why nothing recorded is shown (DEFAULTS_NOTE or HIDDEN_NOTE)
    note: str = ""
    phases: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    inspections: list[dict] = field(default_factory=list)
    assets: list[dict] = field(default_factory=list)
    filings: list[dict] | None = None
    party_filings: list[dict] | None = None

    def subset(self, subdistrict: str) -> "ReformRecords":
        """The records of one subdistrict (phases are district-wide)."""
        def mine(rows):
            return [r for r in rows if r["subdistrict"] == subdistrict]

        return replace(self, tasks=mine(self.tasks), inspections=mine(self.inspections),
                       assets=mine(self.assets),
                       filings=None if self.filings is None else mine(self.filings),
                       party_filings=None if self.party_filings is None
                       else mine(self.party_filings))


def document_defaults(subdistricts: list[str] | tuple[str, ...] = ()) -> ReformRecords:
    """The 2006 document's timetable, and for each subdistrict its default task list (due at
    the end of each phase) and an unfilled checklist: what a subdistrict starts from, nothing
    recorded (``recorded`` is False)."""
    from yizhan.web.reform import defaults as D  # plain data, no Django

    phases = [{"number": n, "name": name, "article": article, "start": start, "end": end,
               "description": what} for n, name, article, start, end, what in D.PHASES]
    end = {p["number"]: p["end"] for p in phases}
    tasks, inspections = [], []
    for sub in subdistricts:
        tasks += [{"subdistrict": sub, "phase": n, "title": title, "article": article,
                   "deadline": end[n], "owner": "", "status": "todo", "status_label": "未开始"}
                  for n, title, article in D.TASKS]
        inspections.append({
            "subdistrict": sub, "status": "open", "status_label": "检查中", "signatures": [],
            "items": [{"key": key, "title": title, "article": article, "result": "pending",
                       "result_label": "待检查", "note": "", "log": []}
                      for key, title, article in D.CHECKLIST]})
    return ReformRecords(name="“一站多居”体制改革", document=D.DOCUMENT, status_label="",
                         recorded=False, note=DEFAULTS_NOTE, phases=phases, tasks=tasks, inspections=inspections)


def date_text(day: dt.date | dt.datetime | None) -> str:
    """2006年9月15日 (GB/T 9704 writes dates without padding)."""
    if day is None:
        return "—"
    return f"{day.year}年{day.month}月{day.day}日"

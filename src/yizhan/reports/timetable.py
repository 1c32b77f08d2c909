"""The timetable of the consolidation: part 七's phases and each subdistrict's task list.

From the reform's records when a reform has been started in the web app (its phases with their
edited dates, the subdistrict's tasks with deadline, owner and status); otherwise from the
2006 document's own timetable (:func:`yizhan.reports.records.document_defaults`), and the
documents say which (:data:`~yizhan.reports.records.DEFAULTS_NOTE`). One function for the
implementation plan and the workbook.
"""

from __future__ import annotations

from yizhan.reports.records import DEFAULTS_NOTE, ReformRecords, date_text, document_defaults

__all__ = ["records_for", "timetable", "phases"]


def records_for(inputs) -> ReformRecords:
    """The inputs' reform records, or the document's defaults for its subdistricts (with the
    reason nothing recorded is shown)."""
    records = inputs.records
    if records is not None and records.recorded:
        return records
    defaults = document_defaults(list(inputs.instance.parents))
    if records is not None:  # no reform (or not visible): the registry's and rollout's records stay
        defaults.note = records.note or defaults.note
        defaults.assets = records.assets
        defaults.filings, defaults.party_filings = records.filings, records.party_filings
    return defaults


def phases(records: ReformRecords | None = None) -> list[dict]:
    """The phases (the document's when no records are given).

    >>> [p["start"].isoformat() for p in phases()]
    ['2006-06-01', '2006-08-01', '2006-09-01']
    """
    return list((records or document_defaults()).phases)


def timetable(inputs) -> dict:
    """``recorded`` (dates from the database or the document's), ``note`` (what a document
    says about the source), ``phases`` (with ``dates`` text and the phase's ``tasks``)."""
    records = records_for(inputs)
    tasks: dict[int, list[dict]] = {}
    for t in records.tasks:
        tasks.setdefault(t["phase"], []).append(
            {**t, "deadline_text": date_text(t["deadline"]), "owner_text": t["owner"] or "—"})
    rows = []
    for p in records.phases:
        for t in tasks.get(p["number"], []):
            t["phase_name"] = p["name"]
        rows.append({**p, "dates": f"{date_text(p['start'])}至{date_text(p['end'])}",
                     "work": p["description"], "tasks": tasks.get(p["number"], [])})
    if records.recorded:
        note = (f"按“{records.name}”在系统中记录的实施步骤和任务清单推进（日期、负责人与完成情况以系统记录为准）：")
    else:
        note = records.note or DEFAULTS_NOTE
    return {"recorded": records.recorded, "note": note, "phases": rows,
            "tasks": [t for p in rows for t in p["tasks"]]}

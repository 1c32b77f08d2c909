"""Rules of the stations' daily work (the document's part 四) that the operations records
are checked against; pure Python, no Django (the web app calls these and shows the findings).

R13 §4(1) 费随事转: a task a government department wants a station to do is approved by the
community-building committee; a *temporary* (non-routine) task must carry its funding — an
amount above zero and where the money comes from — and its working conditions, or it is not
approved. A routine task is part of the station's standing duties (budgeted with the station)
and needs neither.

>>> [f.rule for f in task_funding_findings("temporary", 0, "", "")]
['R13', 'R13', 'R13']
>>> task_funding_findings("temporary", 500000, "区财政专项", "配备专职人员1名")
[]
>>> task_funding_findings("routine", 0, "", "")
[]
"""

from __future__ import annotations

from yizhan.core.findings import Finding
from yizhan.policy.rules import finding

__all__ = ["TEMPORARY", "ROUTINE", "task_funding_findings"]

ROUTINE = "routine"
TEMPORARY = "temporary"


def task_funding_findings(kind: str, funding_fen: int, funding_source: str,
                          conditions: str) -> list[Finding]:
    """The R13 violations of a task request (empty: it may be approved as far as R13 goes).

    Parameters
    ----------
    kind : ``"routine"`` or ``"temporary"``
    funding_fen : the funding that comes with the task, in fen (分)
    funding_source : where the money comes from (e.g. 区财政专项)
    conditions : the working conditions provided (staff, premises, equipment)
    """
    if kind != TEMPORARY:
        return []
    out = []
    if not funding_fen or funding_fen <= 0:
        out.append(finding("R13", "violation", "funding",
                           "临时性任务未附经费，不予批准（费随事转）",
                           "a temporary task without funding cannot be approved"))
    if not (funding_source or "").strip():
        out.append(finding("R13", "violation", "funding_source",
                           "临时性任务未写明经费来源，不予批准",
                           "a temporary task must name the source of its funding"))
    if not (conditions or "").strip():
        out.append(finding("R13", "violation", "conditions",
                           "临时性任务未写明配套工作条件，不予批准",
                           "a temporary task must state the working conditions it comes with"))
    return out

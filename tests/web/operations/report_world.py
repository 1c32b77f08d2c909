"""Operations records for the documents of part 四 (docs/reports.md), on the shared ``world``
and made through the real workflow (approve, reject, close, refer, answer, return) and the
ledger's one write path, per side (``own``, ``other``):

- 四（一）: a temporary task with 5,000.00 元 of funding approved for the side's station, of
  which 3,000.00 元 received and 1,200.00 元 spent; a routine task approved; a request refused
  with its reason; one waiting for the decision;
- 四（二）: the window world (a free item, an item with a fee and its basis, a purchased
  service; a ticket at the window closed, an online one referred with its reason);
- 四（三）: an opinion answered, one answered and sent back, one past its deadline; a yearly
  form (2025) rating open affairs 不满意.
"""

import datetime

from yizhan.web.context import change_context
from yizhan.web.operations import models as m
from yizhan.web.operations.tasks import record_entry
from yizhan.web.workflow.engine import transition

from ..factories import DEPARTMENT, make_user
from .window_world import build_window

TODAY = datetime.date.today()


def _request(station, department, title, kind="routine", funding=0, **extra):
    r = m.TaskRequest(department=department, title=title, kind=kind,
                      description=f"{title}：入户走访、登记、汇总", start=TODAY,
                      end=TODAY + datetime.timedelta(days=30), funding_fen=funding, **extra)
    r.full_clean()
    r.save()
    r.stations.set([station])
    return r


def build_reports(world) -> dict:
    window = build_window(world)
    decider = make_user("cb-reports", "community_building")
    out = {"window": window}
    for side in ("own", "other"):
        st, committee = world[side]["station"], world[side]["committee"]
        dept = make_user(f"dept-{side}", "department", department=DEPARTMENT[side])
        staff = make_user(f"staff-{side}", "station_staff", station=st)
        member = make_user(f"member-{side}", "committee_member", committee=committee)
        with change_context(user=dept, label="test-setup"):
            temp = _request(st, DEPARTMENT[side], f"{side}老年人优待证集中办理", "temporary",
                            500000, funding_source="区财政专项",
                            conditions="派驻工作人员1名，提供办证设备")
            routine = _request(st, DEPARTMENT[side], f"{side}计生入户走访")
            refused = _request(st, DEPARTMENT[side], f"{side}临时人口普查", "temporary")
            waiting = _request(st, DEPARTMENT[side], f"{side}消防宣传")
            for r in (temp, routine, refused, waiting):
                transition(r, "submit", dept)
        transition(temp, "approve", decider)
        transition(routine, "approve", decider)
        transition(refused, "reject", decider, "临时性任务未附经费和工作条件")
        task = m.StationTask.objects.get(request=temp, station=st)
        with change_context(user=staff, label="test-setup"):
            for kind, fen in (("received", 300000), ("spent", 120000)):
                record_entry(m.FundingEntry(station_task=task, kind=kind, amount_fen=fen,
                                            date=TODAY, note="拨入" if kind == "received"
                                            else "办证耗材"), staff)
        w = window[side]
        with change_context(user=staff, label="test-setup"):
            transition(w["window"], "close", staff)
            transition(w["online"], "refer", staff, "转区公安分局办理")
        with change_context(user=member, label="test-setup"):
            items = []
            for title in ("请公示轮值表", "请延长周六窗口时间", "请答复停车位问题"):
                item = m.SupervisionItem(committee=committee, title=f"{side}{title}",
                                         content=title, submitted_by=member)
                item.full_clean()
                item.save()
                items.append(item)
            form = m.AnnualAssessment(committee=committee, year=TODAY.year - 1,
                                      rating_service="satisfied", rating_efficiency="basic",
                                      rating_openness="unsatisfied",
                                      rating_integrity="satisfied", overall="basic",
                                      comments="站务公开栏更新不及时")
            form.full_clean()
            form.save()
        transition(items[0], "answer", staff, "已在公开栏公示")
        transition(items[1], "answer", staff, "人手不足，暂不延长")
        transition(m.SupervisionItem.objects.get(pk=items[1].pk), "return", member,
                   "请说明何时可以延长")
        m.SupervisionItem.objects.filter(pk=items[2].pk).update(
            deadline=TODAY - datetime.timedelta(days=3))
        out[side] = {"task": task, "temp": temp, "routine": routine, "refused": refused,
                     "waiting": waiting, "items": items, "form": form, "staff": staff,
                     "member": member, "dept": dept}
    out["decider"] = decider
    return out

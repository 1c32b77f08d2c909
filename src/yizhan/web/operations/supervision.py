"""Committee supervision (四、（三））: the supervision item's transition table and the overdue
query of the dashboard.

=========  =========  =========  ==========  ======================================
action     from       to         permission  reason
=========  =========  =========  ==========  ======================================
answer     submitted  answered   answer      **yes** — the answer itself
return     answered   submitted  return      **yes** — why the answer does not do
=========  =========  =========  ==========  ======================================

The station answers (station staff, their own station's items); the committee that raised
the item may send the answer back (committee members of that committee), which opens it
again with the same deadline — still flagged when that has passed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from yizhan.web.operations.models import ItemStatus, SupervisionItem, overdue_q
from yizhan.web.workflow.engine import Transition, Workflow, register

__all__ = ["ITEM", "overdue_items_for", "items_for"]

ITEM = register(Workflow(SupervisionItem, (
    Transition("answer", ItemStatus.SUBMITTED, ItemStatus.ANSWERED, "answer", True,
               gettext_lazy("答复"), reason_message=gettext_lazy("答复必须填写内容。")),
    Transition("return", ItemStatus.ANSWERED, ItemStatus.SUBMITTED, "return", True,
               gettext_lazy("答复不满意，退回"),
               reason_message=gettext_lazy("退回必须写明不满意的理由。")),
), forbidden_message=gettext_lazy("您的角色无权对监督事项执行“%(label)s”。"),
    state_message=gettext_lazy("监督事项当前状态为“%(status)s”，不能执行“%(label)s”。")))


def overdue_items_for(user) -> list:
    """Unanswered items past their deadline that ``user`` may see (the dashboard's flag)."""
    from yizhan.web.permissions import permits, restrict

    if not permits(user, "view", SupervisionItem):
        return []
    return list(restrict(SupervisionItem.objects.filter(overdue_q()), user)
                .select_related("committee", "station")[:20])


def items_for(user, start=None, end=None):
    """The supervision items ``user`` may see (all for None: the command line), submitted
    (local date) from ``start`` to ``end`` inclusive (None: open-ended): the API's
    ``supervision/`` list and the supervision report (四、（三）) read this one query."""
    from yizhan.web.permissions import restrict

    qs = SupervisionItem.objects.all() if user is None else restrict(SupervisionItem.objects.all(), user)
    if start is not None:
        qs = qs.filter(submitted_at__date__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__date__lte=end)
    return qs

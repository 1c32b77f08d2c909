"""Signed-in pages of the service window (四、（二）) and internal rules (四、（四）): the generic
families of catalogue items, tickets and rules, a ticket's page with its workflow, the
per-station statistics and the rules each station still lacks.

Every page reads through :func:`yizhan.web.permissions.restrict` (403 when the role may not,
404 outside the user's scope); every status change goes through the workflow engine.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yizhan.policy.service import RULE_KINDS
from yizhan.web import generic
from yizhan.web.operations import models as m
from yizhan.web.operations import forms_window as f
from yizhan.web.operations.views_tasks import changes
from yizhan.web.operations.window import statistics_for
from yizhan.web.permissions import permits, require, restrict
from yizhan.web.tables import Column
from yizhan.web.workflow.engine import check_role
from yizhan.web.workflow.views import post_transition, workflow_context

_MONEY = {"fee_fen": gettext_lazy("收费（元）"), "cost_fen": gettext_lazy("购买费用（元）")}


def _get(user, model, pk, action="view"):
    require(user, action, model)
    return get_object_or_404(restrict(model.objects.all(), user, action), pk=pk)


# ---------------------------------------------------------------------- catalogue
class ServiceItemListView(generic.ObjectListView):
    model = m.ServiceItem
    columns = [Column("name", link=True), "station", "kind", "legal_basis", "time_limit_days",
               Column("fee_fen", _MONEY["fee_fen"], lambda s: s.fee_text, sort="fee_fen"),
               "fee_basis", "delivery", "provider", "active"]
    search_fields = ["name", "legal_basis", "provider"]
    filter_fields = ["station", "kind", "delivery", "active"]

    def base_queryset(self):
        return m.ServiceItem.objects.select_related("station")


class ServiceItemView(generic.ObjectView):
    model = m.ServiceItem
    fields = ["station", "name", "kind", "description", "legal_basis", "time_limit_days",
              "fee_fen", "fee_basis", "delivery", "provider", "contract", "contract_start",
              "contract_end", "cost_fen", "active"]

    def detail_fields(self, obj):
        money = {"fee_fen": obj.fee_text, "cost_fen": obj.cost_text or "—"}
        return [(_MONEY[name], money[name]) if name in money else row
                for name, row in zip(self.fields, super().detail_fields(obj))]


class ServiceItemEditView(generic.ObjectEditView):
    model = m.ServiceItem
    form_class = f.ServiceItemForm


class ServiceItemDeleteView(generic.ObjectDeleteView):
    model = m.ServiceItem


# ---------------------------------------------------------------------- tickets
class TicketListView(generic.ObjectListView):
    model = m.Ticket
    columns = [Column("reference", link=True), "subject", "station", "service", "status",
               "received_at", "due_at", "closed_at",
               Column("online", gettext_lazy("来源"),
                      lambda t: _("网上提交") if t.online else _("窗口登记"), sort="online"),
               Column("overdue", gettext_lazy("超时"),
                      lambda t: _("超时") if t.overdue_at() else "")]
    search_fields = ["reference", "subject"]
    filter_fields = ["station", "status", "online"]

    def base_queryset(self):
        return m.Ticket.objects.select_related("station", "service")


class TicketEditView(generic.ObjectEditView):
    """Registration at the window (add only: a ticket's content is what the resident said;
    its status moves through the workflow)."""

    model = m.Ticket
    form_class = f.TicketForm


@login_required
def ticket_detail(request, pk):
    ticket = _get(request.user, m.Ticket, pk)
    return render(request, "operations/ticket_detail.html", {
        "object": ticket, "overdue": ticket.overdue_at(),
        "changes": changes(ticket, request.user),
        **workflow_context(ticket, request.user)})


@login_required
@require_POST
def ticket_transition(request, pk):
    check_role(m.Ticket, request.POST.get("action", ""), request.user)
    return post_transition(request, _get(request.user, m.Ticket, pk))


@login_required
def window_statistics(request):
    """Per station in the user's scope: volume, time to close, overdue."""
    from yizhan.web.registry.models import Station

    require(request.user, "view", m.Ticket)
    stats = statistics_for(request.user)
    stations = restrict(Station.objects.filter(pk__in=list(stats)), request.user)
    rows = [{"station": s, **stats[s.pk]} for s in stations.order_by("subdistrict", "code")]
    return render(request, "operations/window_statistics.html", {
        "rows": rows, "now": timezone.now()})


# ---------------------------------------------------------------------- internal rules
class StationRuleListView(generic.ObjectListView):
    model = m.StationRule
    columns = [Column("title", link=True), "station", "kind", "document", "adopted",
               "repealed"]
    search_fields = ["title", "document"]
    filter_fields = ["station", "kind"]

    def base_queryset(self):
        return m.StationRule.objects.select_related("station")


class StationRuleView(generic.ObjectView):
    model = m.StationRule
    fields = ["station", "kind", "title", "document", "adopted", "repealed", "content"]


class StationRuleEditView(generic.ObjectEditView):
    model = m.StationRule
    form_class = f.StationRuleForm


class StationRuleDeleteView(generic.ObjectDeleteView):
    model = m.StationRule


@login_required
def rule_coverage(request):
    """Which of the six kinds of rules (四、（四）) each station in scope has none of."""
    from yizhan.web.registry.models import Station

    require(request.user, "view", m.StationRule)
    stations = restrict(Station.objects.filter(dissolved__isnull=True), request.user)
    missing = m.missing_kinds(stations.order_by("subdistrict", "code").select_related(
        "subdistrict"))
    labels = dict(m.RuleKind.choices)
    rows = [{"station": s, "missing": [labels[k] for k in kinds]}
            for s, kinds in missing.items()]
    return render(request, "operations/rule_coverage.html", {
        "rows": rows, "kinds": [labels[k] for k, _zh, _en in RULE_KINDS],
        "notices": permits(request.user, "view", m.ServiceItem),
        "complete": sum(1 for r in rows if not r["missing"])})


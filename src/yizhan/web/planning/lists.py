"""The planning lists on the generic list view of the registry (:class:`yizhan.web.generic.ObjectListView`):
paging, sorting, search, filters and the xlsx export, with one filter definition
(``search_fields``/``filter_fields``, parsed by :mod:`yizhan.web.params`) that the pages and
the API's ``GET /api/planning/plans/`` and ``/runs/`` both apply — as the registry's do.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yizhan.web import generic
from yizhan.web.planning import services as svc
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.tables import Column

__all__ = ["PlanListView", "PlannerRunListView"]


def _metric(name: str):
    """A column of the plan's metrics (:func:`services.evaluate_plan`, cached per version)."""
    return lambda plan: getattr(svc.evaluate_plan(plan), name)


class PlanListView(generic.ObjectListView):
    model = Plan
    columns = [
        Column("name", link=True), Column("subdistrict", _("范围"), lambda p: p.scope_label),
        "source", "status",
        Column("stations", _("工作站数"), _metric("stations")),
        Column("units", _("居委会数"), _metric("units")),
        Column("band_deviation", _("区间外户数"), _metric("band_deviation")),
        Column("office_share", _("办公用房达标"),
               lambda p: f"{svc.evaluate_plan(p).office_share * 100:.1f}%"),
        "created_by", "created"]
    search_fields = ["name", "description"]
    filter_fields = ["status", "source", "subdistrict"]
    template_name = "planning/plan_list.html"

    def base_queryset(self):
        return Plan.objects.select_related("subdistrict", "created_by")


class PlannerRunListView(generic.ObjectListView):
    model = PlannerRun
    columns = [
        Column("name", link=True), Column("subdistrict", _("范围"), lambda r: r.scope_label),
        "status", Column("progress", _("进度"), lambda r: f"{r.progress * 100:.0f}%"),
        Column("plan", _("结果方案"), lambda r: r.plan.name if r.plan_id else ""),
        "created_by", "created"]
    search_fields = ["name"]
    filter_fields = ["status", "subdistrict"]
    template_name = "planning/run_list.html"
    list_url_name = "planning:run_list"

    def base_context(self) -> dict:
        from yizhan.web.permissions import permits

        return super().base_context() | {"can_start": permits(self.request.user, "add", PlannerRun)}

    def base_queryset(self):
        return PlannerRun.objects.select_related("subdistrict", "plan", "created_by")

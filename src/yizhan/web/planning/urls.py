"""Planning URLs: ``planning:in_force``, ``planning:report`` (downloads), ``planning:plan_list|plan_add|plan|…``, ``planning:compare``,
``planning:run_list|run_add|run|run_status|run_cancel``."""

from django.urls import path

from yizhan.web.planning import downloads, in_force, lists, views

app_name = "planning"

urlpatterns = [
    path("in-force/", in_force.in_force_view, name="in_force"),
    path("report/", downloads.report_download, name="report"),
    path("plans/", lists.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.plan_add, name="plan_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/transition/", views.plan_transition, name="plan_transition"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/plan.csv", views.plan_download, name="plan_download"),
    path("compare/", views.compare, name="compare"),
    path("runs/", lists.PlannerRunListView.as_view(), name="run_list"),
    path("runs/add/", views.run_add, name="run_add"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/status/", views.run_status_json, name="run_status"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
]

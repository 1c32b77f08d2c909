"""Reform URLs: ``reform:index``, ``reform:reform|reform_start|reform_transition|open``, the
families ``reform:<model>_list|_add|<model>|_edit|_delete`` of phases, leading groups,
members and tasks, ``reform:inspection_list|inspection`` and the workflow POSTs."""

from django.urls import path

from yizhan.web.reform import views as v

app_name = "reform"


def _family(model: str, prefix: str, detail=None):
    """list, add, detail, edit, delete of one model (views named ``<Model>ListView`` …)."""
    name = model.lower()
    views = {s: getattr(v, f"{model}{s}View", None) for s in ("List", "", "Edit", "Delete")}
    return [
        path(f"{prefix}/", views["List"].as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", views["Edit"].as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail or views[""].as_view(), name=name),
        path(f"{prefix}/<int:pk>/edit/", views["Edit"].as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", views["Delete"].as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    path("", v.index, name="index"),
    path("start/", v.reform_start, name="reform_start"),
    path("<int:pk>/", v.reform_detail, name="reform"),
    path("<int:pk>/transition/", v.reform_transition, name="reform_transition"),
    path("<int:pk>/open/<int:subdistrict>/", v.open_subdistrict, name="open"),
    *_family("Phase", "phases"),
    *_family("LeadingGroup", "groups"),
    *_family("GroupMember", "members"),
    *_family("Task", "tasks", detail=v.task_detail),
    path("tasks/<int:pk>/transition/", v.task_transition, name="task_transition"),
    path("inspections/", v.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/<int:pk>/", v.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/report/", v.inspection_report, name="inspection_report"),
    path("inspections/<int:pk>/transition/", v.inspection_transition,
         name="inspection_transition"),
    path("items/<int:pk>/transition/", v.item_transition, name="item_transition"),
]

"""Registry URLs: ``registry:<model>_list|_add|_import`` and ``registry:<model>|_edit|_delete``."""

from django.urls import path

from yizhan.web.registry import views
from yizhan.web.registry.imports import CommitteeBulkImportView, committee_import_template
from yizhan.web.registry import models as m

app_name = "registry"

urlpatterns = []


def _family(model, prefix: str, import_view=None):
    name = model._meta.model_name
    v = {s: getattr(views, f"{model.__name__}{s}View")
         for s in ("List", "", "Edit", "Delete")}
    pats = [
        path(f"{prefix}/", v["List"].as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", v["Edit"].as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", v[""].as_view(), name=name),
        path(f"{prefix}/<int:pk>/edit/", v["Edit"].as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", v["Delete"].as_view(), name=f"{name}_delete"),
    ]
    if import_view is not None:
        pats.append(path(f"{prefix}/import/", import_view.as_view(), name=f"{name}_import"))
        pats.append(path(f"{prefix}/import/template/", committee_import_template,
                         name=f"{name}_import_template"))
    return pats


#: (model, URL prefix) of every registry page family, in navigation order
FAMILIES = [
    (m.Subdistrict, "subdistricts"),
    (m.Committee, "committees"),
    (m.Station, "stations"),
    (m.StationMembership, "memberships"),
    (m.Person, "people"),
    (m.Post, "posts"),
    (m.PartyOrganisation, "party-organisations"),
    (m.Asset, "assets"),
]

for _model, _prefix in FAMILIES:
    urlpatterns += _family(_model, _prefix,
                           CommitteeBulkImportView if _model is m.Committee else None)

"""Operations URLs (``operations:…``), signed-in pages; the public open-affairs pages have
their own URL module under ``/open/``."""

from django.urls import path

from yizhan.web.operations import views_reports as vr
from yizhan.web.operations import views_supervision as vs
from yizhan.web.operations import views_tasks as vt
from yizhan.web.operations import views_window as wv

app_name = "operations"


def _family(views, model: str, prefix: str, detail=None, edit=True):
    """list, add, detail, edit, delete of one model (views named ``<Model>ListView`` …)."""
    name = model.lower()
    get = {s: getattr(views, f"{model}{s}View", None) for s in ("List", "", "Edit", "Delete")}
    urls = [
        path(f"{prefix}/", get["List"].as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", get["Edit"].as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail or get[""].as_view(), name=name),
    ]
    if edit:
        urls += [
            path(f"{prefix}/<int:pk>/edit/", get["Edit"].as_view(), name=f"{name}_edit"),
            path(f"{prefix}/<int:pk>/delete/", get["Delete"].as_view(), name=f"{name}_delete"),
        ]
    return urls


urlpatterns: list = [
    # 四、（一） tasks with funding
    path("requests/", vt.TaskRequestListView.as_view(), name="taskrequest_list"),
    path("requests/add/", vt.TaskRequestEditView.as_view(), name="taskrequest_add"),
    path("requests/<int:pk>/", vt.taskrequest_detail, name="taskrequest"),
    path("requests/<int:pk>/edit/", vt.TaskRequestEditView.as_view(), name="taskrequest_edit"),
    path("requests/<int:pk>/transition/", vt.taskrequest_transition,
         name="taskrequest_transition"),
    path("tasks/", vt.StationTaskListView.as_view(), name="stationtask_list"),
    path("tasks/<int:pk>/", vt.stationtask_detail, name="stationtask"),
    path("tasks/<int:pk>/transition/", vt.stationtask_transition,
         name="stationtask_transition"),
    path("tasks/<int:pk>/entries/", vt.entry_add, name="fundingentry_add"),
    path("stations/<int:station>/ledger/", vt.station_ledger, name="station_ledger"),
    # 四、（三） supervision
    path("supervision/", vs.SupervisionItemListView.as_view(), name="supervisionitem_list"),
    path("supervision/add/", vs.SupervisionItemEditView.as_view(), name="supervisionitem_add"),
    path("supervision/<int:pk>/", vs.supervisionitem_detail, name="supervisionitem"),
    path("supervision/<int:pk>/transition/", vs.supervisionitem_transition,
         name="supervisionitem_transition"),
    path("assessments/", vs.AnnualAssessmentListView.as_view(),
         name="annualassessment_list"),
    path("assessments/add/", vs.AnnualAssessmentEditView.as_view(),
         name="annualassessment_add"),
    path("assessments/<int:pk>/", vs.AnnualAssessmentView.as_view(), name="annualassessment"),
    path("assessments/<int:pk>/edit/", vs.AnnualAssessmentEditView.as_view(),
         name="annualassessment_edit"),
    path("assessments/<int:pk>/delete/", vs.AnnualAssessmentDeleteView.as_view(),
         name="annualassessment_delete"),
    # 四、（二） the service window
    *_family(wv, "ServiceItem", "services"),
    *_family(wv, "Ticket", "tickets", detail=wv.ticket_detail, edit=False),
    path("tickets/<int:pk>/transition/", wv.ticket_transition, name="ticket_transition"),
    path("window/statistics/", wv.window_statistics, name="window_statistics"),
    # 四、（四） internal rules
    *_family(wv, "StationRule", "rules"),
    path("rules/coverage/", wv.rule_coverage, name="rule_coverage"),
    # the documents of 四 (docs/reports.md)
    path("report/", vr.report, name="report"),
]

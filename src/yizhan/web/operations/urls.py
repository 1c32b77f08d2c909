"""Operations URLs (``operations:…``), signed-in pages; the public open-affairs pages have
their own URL module under ``/open/``."""

from django.urls import path

from yizhan.web.operations import views_supervision as vs
from yizhan.web.operations import views_tasks as vt

app_name = "operations"

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
]

from django.urls import path

from yizhan.web.rollout import appointment_views as a
from yizhan.web.rollout import views

app_name = "rollout"

urlpatterns = [
    path("", views.preview_view, name="preview"),
    path("apply/", views.apply_view, name="apply"),
    path("records/", views.record_list, name="records"),
    path("records/<int:pk>/", views.record_view, name="record"),
    path("records/<int:pk>/sign-off/", views.sign_off_view, name="sign_off"),
    path("clearances/<int:pk>/", views.clearance_view, name="clearance"),
    # heads and appointments (R10), party organisations' approval (R9)
    path("appointments/", a.AppointmentListView.as_view(), name="appointment_list"),
    path("appointments/add/", a.AppointmentEditView.as_view(), name="appointment_add"),
    path("appointments/<int:pk>/", a.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/edit/", a.AppointmentEditView.as_view(), name="appointment_edit"),
    path("appointments/<int:pk>/transition/", a.appointment_transition,
         name="appointment_transition"),
    path("candidates/", a.CandidateListView.as_view(), name="candidate_list"),
    path("candidates/add/", a.CandidateEditView.as_view(), name="candidate_add"),
    path("candidates/<int:pk>/edit/", a.CandidateEditView.as_view(), name="candidate_edit"),
    path("candidates/<int:pk>/delete/", a.CandidateDeleteView.as_view(), name="candidate_delete"),
    path("filings/", a.FilingListView.as_view(), name="filing_list"),
    path("filings/add/", a.FilingEditView.as_view(), name="filing_add"),
    path("party-approvals/", a.PartyOrgApprovalListView.as_view(), name="partyorgapproval_list"),
    path("party-approvals/<int:pk>/", a.party_approval_detail, name="party_approval"),
    path("party-approvals/<int:pk>/edit/", a.PartyOrgApprovalEditView.as_view(),
         name="partyorgapproval_edit"),
    path("party-approvals/<int:pk>/transition/", a.party_approval_transition,
         name="party_approval_transition"),
]

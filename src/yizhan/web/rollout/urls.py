from django.urls import path

from yizhan.web.rollout import views

app_name = "rollout"

urlpatterns = [
    path("", views.preview_view, name="preview"),
    path("apply/", views.apply_view, name="apply"),
    path("records/", views.record_list, name="records"),
    path("records/<int:pk>/", views.record_view, name="record"),
    path("records/<int:pk>/sign-off/", views.sign_off_view, name="sign_off"),
    path("clearances/<int:pk>/", views.clearance_view, name="clearance"),
]

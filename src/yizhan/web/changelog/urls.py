from django.urls import path

from yizhan.web.changelog import views

app_name = "changelog"
urlpatterns = [
    path("", views.ObjectChangeListView.as_view(), name="objectchange_list"),
    path("<int:pk>/", views.ObjectChangeView.as_view(), name="objectchange"),
]

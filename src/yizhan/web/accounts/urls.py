from django.urls import path

from yizhan.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("tokens/add/", views.token_create, name="token_add"),
    path("tokens/<int:pk>/delete/", views.token_delete, name="token_delete"),
]

"""Public open-affairs URLs (``open:…``) under ``/open/``, no login: the stations, a
station's page, its request form, and the status of a request by its reference."""

from django.urls import path

from yizhan.web.operations import views_open as v

app_name = "open"

urlpatterns = [
    path("", v.index, name="index"),
    path("status/", v.status, name="status"),
    path("<str:code>/", v.station, name="station"),
    path("<str:code>/request/", v.request_form, name="request"),
]

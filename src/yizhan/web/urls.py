"""Root URLs. Web part 2 includes its apps here (``planning/``, ``dashboard/``).

/static/ is served by WhiteNoise (settings.MIDDLEWARE), not by a view."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from yizhan.web import views
from yizhan.web.accounts import admin as _accounts_admin  # noqa: F401 - registers the user admin
from yizhan.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("yizhan.web.accounts.urls")),
    path("registry/", include("yizhan.web.registry.urls")),
    path("changes/", include("yizhan.web.changelog.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("planning/", include("yizhan.web.planning.urls")),
    path("dashboard/", include("yizhan.web.dashboard.urls")),
    path("reform/", include("yizhan.web.reform.urls")),
    path("rollout/", include("yizhan.web.rollout.urls")),
    path("operations/", include("yizhan.web.operations.urls")),
    path("open/", include("yizhan.web.operations.urls_open")),
]

#: a bad request parameter (yizhan.web.params.BadParameter) answers 400 with its message
handler400 = views.bad_request
#: the database down or the disk full answers 503 / 507 with a message (yizhan.web.outage)
handler500 = "yizhan.web.outage.server_error"

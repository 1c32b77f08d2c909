"""Project-level pages: the home page (a registry overview until the dashboard exists) and
the 400 page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from yizhan.web.params import BadParameter
from yizhan.web.permissions import restrict
from yizhan.web.registry.urls import FAMILIES


@login_required
def home(request):
    try:
        url = reverse("dashboard:index")
    except NoReverseMatch:
        pass
    else:
        if _sees_dashboard(request.user):
            return redirect(url)
        return _operations_home(request)
    counts = [{"label": model._meta.verbose_name_plural,
               "url": reverse(f"registry:{model._meta.model_name}_list"),
               "count": restrict(model.objects.all(), request.user, "view").count()}
              for model, _prefix in FAMILIES]
    return render(request, "home.html", {"counts": counts})


def _sees_dashboard(user) -> bool:
    from django.core.exceptions import PermissionDenied

    from yizhan.web.dashboard.summary import user_scope

    try:
        user_scope(user)
    except PermissionDenied:
        return False
    return True


def _operations_home(request):
    """The start page of a role the district summary is not for (a station's staff, a
    committee member, a department): what waits for them in the daily work (四)."""
    from yizhan.web.operations.supervision import overdue_items_for
    from yizhan.web.operations.tasks import pending_requests_for
    from yizhan.web.operations.views_reports import document_links

    return render(request, "operations/home.html", {
        "operations_downloads": document_links(request.user),
        "overdue_supervision": overdue_items_for(request.user),
        "pending_requests": pending_requests_for(request.user)})


def bad_request(request, exception=None):
    """``handler400``: a bad parameter's own message (other 400s, e.g. a disallowed Host
    header, say only that the request was invalid: their text may carry server details);
    JSON under ``/api/``, a page elsewhere. Never a stack trace, whatever DEBUG says."""
    message = exception.message if isinstance(exception, BadParameter) else _("服务器不接受这个请求的格式或主机名。")
    if request.path.startswith(reverse("api:api-root")):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)

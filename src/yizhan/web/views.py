"""Project-level pages: the home page (a registry overview until the dashboard exists)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from yizhan.web.permissions import restrict
from yizhan.web.registry.urls import FAMILIES


@login_required
def home(request):
    try:
        return redirect(reverse("dashboard:index"))
    except NoReverseMatch:
        pass
    counts = [{"label": model._meta.verbose_name_plural,
               "url": reverse(f"registry:{model._meta.model_name}_list"),
               "count": restrict(model.objects.all(), request.user, "view").count()}
              for model, _prefix in FAMILIES]
    return render(request, "home.html", {"counts": counts})

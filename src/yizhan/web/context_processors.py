"""Template context for every page: navigation, the user's role, the synthetic-data banner."""

from __future__ import annotations

from yizhan.web.navigation import MAIN_MENU, REGISTRY_MENU, resolve_menu
from yizhan.web.permissions import role_of


def data_is_synthetic() -> bool:
    """True when any committee in the registry is synthetic demonstration data."""
    from yizhan.web.registry.models import Committee

    try:
        return Committee.objects.filter(synthetic=True).exists()
    except Exception:  # noqa: BLE001 - e.g. before migrations
        return False


def yizhan(request):
    user = getattr(request, "user", None)
    role = role_of(user)
    role_label = ""
    if role:
        from yizhan.web.accounts.models import Role

        role_label = Role(role).label
        profile = getattr(user, "profile", None) if not user.is_superuser else None
        scope = profile and (profile.station or profile.committee or profile.department
                             or profile.subdistrict)
        if scope:
            role_label = f"{role_label} · {scope}"
    path = request.path
    return {
        "main_menu": resolve_menu(MAIN_MENU, path, user) if role else [],
        "registry_menu": resolve_menu(REGISTRY_MENU, path, user) if role else [],
        "user_role": role,
        "user_role_label": role_label,
        # the public pages (/open/) show registry data to visitors who are not signed in
        "synthetic_data": data_is_synthetic() if role or _public_page(request) else False,
    }


def _public_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "open" in match.namespaces

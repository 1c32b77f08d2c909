"""The HTML pages the URL conf serves, for the crawler test: walked from the resolver, so a new
page is crawled without anyone listing it."""

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from yizhan.web.generic import ObjectListView

#: URL prefixes that are not HTML pages of the app (the API is fuzzed by test_fuzz.py)
NOT_PAGES = ("api/", "admin/", "static/", "i18n/", "jsi18n/", "accounts/logout/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if not isinstance(p.pattern, RoutePattern) or p.pattern.converters:
            continue  # regular expressions (static files) and pages of one object
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern) and not route.startswith(NOT_PAGES):
            yield "/" + route, p.callback


def pages() -> list[tuple[str, object]]:
    """(URL, view callable) of every page without a parameter in its path."""
    return list(_walk(get_resolver().url_patterns))


def list_views() -> list[tuple[str, type[ObjectListView]]]:
    """(URL, view class) of every generic list page."""
    return [(url, view.view_class) for url, view in pages()
            if issubclass(getattr(view, "view_class", object), ObjectListView)]

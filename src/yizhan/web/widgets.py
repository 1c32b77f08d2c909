"""Form widgets shared by the apps.

:class:`SearchSelect` replaces a ``<select>`` of every person in the district (1,086 in the
bundled data) by one that lists only the chosen option; ``static/yizhan/site.js`` puts a
search box before it that asks the REST API's list endpoint (``?q=``, the same search the
list page uses, restricted to what the user may see) as the user types. The form field
still validates the posted id against its restricted queryset.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yizhan.web.params import MAX_ID

__all__ = ["SearchSelect"]


class SearchSelect(forms.Select):
    """A select filled by searching as you type (see the module notes).

    ``url_name`` names the API list endpoint (e.g. ``api:person_list``); its items' ``id``
    is the option value and ``label_fields`` (joined with a space) the option text.
    """

    def __init__(self, url_name: str, label_fields=("name",), attrs=None):
        super().__init__(attrs)
        self.url_name, self.label_fields = url_name, tuple(label_fields)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-search-url": reverse(self.url_name),
            "data-search-label": " ".join(self.label_fields),
            "data-search-placeholder": str(_("输入姓名或编号搜索")),
        })
        return context

    def optgroups(self, name, value, attrs=None):
        """Only the empty choice and the chosen one(s): the list is not sent to the page."""
        field = self.choices.field
        # only ids a record can have (a junk ``?person=`` in a link must not reach the query)
        chosen = [int(v) for v in map(str, value) if v.isascii() and v.isdigit()
                  and 0 < int(v) <= MAX_ID]
        options = [self.create_option(name, "", field.empty_label or "", not chosen, 0)]
        if chosen:
            for index, obj in enumerate(self.choices.queryset.filter(pk__in=chosen), start=1):
                options.append(self.create_option(name, str(obj.pk), field.label_from_instance(obj),
                                                  True, index))
        return [(None, options, 0)]

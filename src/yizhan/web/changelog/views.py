"""The global change log (filterable) and one change's before/after."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yizhan.web import generic
from yizhan.web.changelog.models import ObjectChange
from yizhan.web.tables import Column


class ObjectChangeListView(generic.ObjectListView):
    model = ObjectChange
    columns = [Column("time", link=True),
               Column("user_name", _("操作人"), lambda o: o.operator, sort="user_name"), "action", "changed_object_type",
               "object_repr", Column("request_id", _("请求编号"), lambda o: str(o.request_id)[:8])]
    search_fields = ["object_repr", "user_name"]
    filter_fields = ["action", "changed_object_type", "subdistrict"]
    query_fields = ["request_id", "changed_object_id", "user"]   # the detail pages link these
    template_name = "changelog/objectchange_list.html"

    def filtered_queryset(self, params):
        return super().filtered_queryset(params).select_related("changed_object_type")


class ObjectChangeView(generic.ObjectView):
    model = ObjectChange
    template_name = "changelog/objectchange.html"
